"""Load and soak with the protocol client: N concurrent sessions from one process, real widget changes."""

from __future__ import annotations

import contextlib
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

import psutil

from bench.scenarios import Scenario
from bench.wsclient import Session

MIB = 1024 * 1024
LOOPBACK_CLIENTS = 250  # 127.0.0.2 ... 127.0.0.251


def client_address(base_url: str, index: int) -> str | None:
    """A loopback address of its own for session `index` when the target is on loopback: each simulated
    user is another client for nginx's per-address limits (32 WebSockets) and the app's run slots (two
    runs at once per address, ui/run_slots.py), as real visitors are. None (the default) otherwise."""
    if "//127." not in base_url and "//localhost" not in base_url:
        return None
    return f"127.0.0.{2 + index % LOOPBACK_CLIENTS}"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class RssSampler:
    """Samples the server's RSS (and CPU) every `interval_s` in a thread."""

    def __init__(self, pid: int, interval_s: float = 0.25):
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.samples: list[tuple[float, float]] = []  # (monotonic time, MiB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def rss_mib(self) -> float:
        return self.process.memory_info().rss / MIB

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.rss_mib()))
            self._stop.wait(self.interval_s)

    def __enter__(self):
        self.process.cpu_percent()  # starts the CPU measurement interval
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.cpu_percent = self.process.cpu_percent()

    @property
    def peak(self) -> float:
        return max((mib for _, mib in self.samples), default=float("nan"))


@dataclass
class LevelResult:
    target: str
    scenario: str
    sessions: int
    p50_ms: float
    p95_ms: float
    runs_per_s: float
    runs: int
    errors: int
    first_load_p50_ms: float
    rss_before_mib: float
    rss_connected_mib: float
    rss_after_mib: float
    rss_peak_mib: float
    mib_per_session: float
    server_cpu_percent: float
    error_messages: list[str] = field(default_factory=list)


def warm_up(base_url: str, scenario: Scenario, reruns: int = 3) -> None:
    """One session, the page and a few reruns: imports done, caches filled, before anything is measured."""
    session = Session(base_url)
    try:
        result = session.run(scenario.page)
        rnd = random.Random(0)
        for _ in range(reruns):
            changes = scenario.change(rnd, session.widgets) if scenario.change else None
            result = session.run(changes=changes)
        if not result.ok:
            raise RuntimeError(f"warm-up run on /{scenario.page} failed: {result}")
    finally:
        session.close()


def run_level(
    base_url: str,
    pid: int,
    target: str,
    scenario: Scenario,
    sessions: int,
    duration_s: float = 10.0,
    ramp_s: float = 2.0,
    seed: int = 1,
) -> LevelResult:
    """N sessions arrive staggered over `ramp_s` and open the page; once all are connected, each re-runs
    with new widget values as fast as the server answers (closed loop, no think time) for `duration_s`.
    Throughput and latency count the runs that finish after the reruns' own stagger (`ramp_s` / 2)."""
    warm_up(base_url, scenario)
    time.sleep(0.5)
    connected = threading.Barrier(sessions + 1)
    go = threading.Event()
    lock = threading.Lock()
    first_loads: list[float] = []
    finished: list[tuple[float, float]] = []  # (finish time, ms)
    errors: list[str] = []
    rerun_stagger = ramp_s / 2
    state: dict[str, float] = {}

    def user(index: int) -> None:
        rnd = random.Random(seed * 1000 + index)
        session = None
        try:
            time.sleep(index * ramp_s / sessions)
            session = Session(base_url, source_address=client_address(base_url, index))
            result = session.run(scenario.page)
            with lock:
                first_loads.append(result.ms)
                if not result.ok:
                    errors.append(f"first load: status {result.status}, exceptions {result.exceptions}")
        except Exception as exc:  # a refused or dropped connection is an error of the run, not of the tool
            with lock:
                errors.append(f"connect: {type(exc).__name__}: {exc}")
        with contextlib.suppress(threading.BrokenBarrierError):
            connected.wait(timeout=300)
        go.wait()
        if session is None:
            return
        try:
            time.sleep(index * rerun_stagger / sessions)
            while time.monotonic() < state["end"]:
                changes = scenario.change(rnd, session.widgets) if scenario.change else None
                result = session.run(changes=changes)
                with lock:
                    finished.append((time.monotonic(), result.ms))
                    if not result.ok:
                        errors.append(f"rerun: status {result.status}, exceptions {result.exceptions}")
        except Exception as exc:
            with lock:
                errors.append(f"rerun: {type(exc).__name__}: {exc}")
        finally:
            session.close()

    sampler = RssSampler(pid)
    rss_before = sampler.rss_mib()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(sessions)]
    for thread in threads:
        thread.start()
    connected.wait(timeout=300)
    time.sleep(0.5)
    rss_connected = sampler.rss_mib()
    with sampler:
        start = time.monotonic()
        state["end"] = start + duration_s
        go.set()
        for thread in threads:
            thread.join()
    time.sleep(1.0)
    rss_after = sampler.rss_mib()
    window_start = start + rerun_stagger
    in_window = [ms for t, ms in finished if window_start <= t <= state["end"]]
    window_end = max([t for t, _ in finished if t <= state["end"]], default=state["end"])
    runs_per_s = len(in_window) / max(1e-9, window_end - window_start)
    return LevelResult(
        target=target,
        scenario=scenario.name,
        sessions=sessions,
        p50_ms=percentile(in_window, 50),
        p95_ms=percentile(in_window, 95),
        runs_per_s=runs_per_s,
        runs=len(in_window),
        errors=len(errors),
        first_load_p50_ms=statistics.median(first_loads) if first_loads else float("nan"),
        rss_before_mib=rss_before,
        rss_connected_mib=rss_connected,
        rss_after_mib=rss_after,
        rss_peak_mib=max(sampler.peak, rss_connected),
        mib_per_session=(rss_connected - rss_before) / sessions,
        server_cpu_percent=sampler.cpu_percent,
        error_messages=errors[:5],
    )


@dataclass
class SoakResult:
    target: str
    duration_s: float
    warmup_s: float
    sessions: int
    runs: int
    errors: int
    p50_ms: float
    p95_ms: float
    runs_per_s: float
    rss_start_mib: float
    rss_after_warmup_mib: float
    rss_end_mib: float
    rss_peak_mib: float
    slope_mib_per_min: float
    slope_second_half_mib_per_min: float
    samples: list[tuple[float, float]]


def slope_per_minute(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope of RSS over time, MiB per minute."""
    if len(samples) < 3:
        return float("nan")
    times = [t for t, _ in samples]
    values = [v for _, v in samples]
    return statistics.linear_regression(times, values).slope * 60


def soak(
    base_url: str,
    pid: int,
    target: str,
    scenarios: list[Scenario],
    duration_s: float,
    sessions: int = 10,
    think_s: float = 2.0,
    reconnect_every: int = 25,
    warmup_s: float | None = None,
    sample_s: float = 2.0,
) -> SoakResult:
    """Steady load: `sessions` users, each on one of `scenarios`, clicking every `think_s` (uniform 0.5-1.5x),
    opening a new session every `reconnect_every` runs (closed sessions live on for the server's
    disconnectedSessionTTL, 120 s by default, so the first minutes are warm-up). RSS every `sample_s`."""
    warmup_s = min(180.0, 0.3 * duration_s) if warmup_s is None else warmup_s
    for scenario in scenarios:
        warm_up(base_url, scenario)
    lock = threading.Lock()
    finished: list[float] = []
    errors: list[str] = []
    start = time.monotonic()
    end = start + duration_s

    def user(index: int) -> None:
        rnd = random.Random(index)
        scenario = scenarios[index % len(scenarios)]
        time.sleep(index * think_s / sessions)
        while time.monotonic() < end:
            try:
                session = Session(base_url, source_address=client_address(base_url, index))
                try:
                    session.run(scenario.page)
                    for _ in range(reconnect_every):
                        if time.monotonic() >= end:
                            break
                        time.sleep(rnd.uniform(0.5 * think_s, 1.5 * think_s))
                        changes = scenario.change(rnd, session.widgets) if scenario.change else None
                        result = session.run(changes=changes)
                        with lock:
                            finished.append(result.ms)
                            if not result.ok:
                                errors.append(f"status {result.status}")
                finally:
                    session.close()
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(1.0)

    sampler = RssSampler(pid, interval_s=sample_s)
    rss_start = sampler.rss_mib()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(sessions)]
    with sampler:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    samples = [(t - start, mib) for t, mib in sampler.samples]
    after_warmup = [(t, mib) for t, mib in samples if t >= warmup_s]
    second_half = [(t, mib) for t, mib in samples if t >= warmup_s + (duration_s - warmup_s) / 2]
    return SoakResult(
        target=target,
        duration_s=duration_s,
        warmup_s=warmup_s,
        sessions=sessions,
        runs=len(finished),
        errors=len(errors),
        p50_ms=percentile(finished, 50),
        p95_ms=percentile(finished, 95),
        runs_per_s=len(finished) / duration_s,
        rss_start_mib=rss_start,
        rss_after_warmup_mib=after_warmup[0][1] if after_warmup else float("nan"),
        rss_end_mib=samples[-1][1] if samples else float("nan"),
        rss_peak_mib=sampler.peak,
        slope_mib_per_min=slope_per_minute(after_warmup),
        slope_second_half_mib_per_min=slope_per_minute(second_half),
        samples=[(round(t, 1), round(mib, 2)) for t, mib in samples],
    )
