"""`make bench`: the app against the framework floor (bench/floor_app.py), in the browser and under load.

    python -m bench.run                       # everything: browser, load sweep, GC A/B, 10-minute soak
    python -m bench.run --only load --levels 1,10 --duration 5
    python -m bench.run --only soak --soak-minutes 2 --gc off
    python -m bench.run --only lighthouse     # first visit: Lighthouse, app and bare Streamlit behind nginx

Prints tables on stdout and writes bench/results/bench-<time>.json (git-ignored). Servers are started
with tests/e2e/harness.py, the same flags and .streamlit/config.toml for app and floor; `--gc on|off`
overrides runner.postScriptGC for both through STREAMLIT_RUNNER_POST_SCRIPT_GC."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.scenarios import LOAD_SCENARIOS, SCENARIOS, by_name  # noqa: E402
from bench.wsclient import Session  # noqa: E402
from tests.e2e.harness import streamlit_server  # noqa: E402

# app, the minimal floor, the same-elements floor; and, when $BENCH_BEFORE names a copy of an earlier version
# of the app (e.g. `git archive <commit> | tar -x -C /tmp/before`), that version, measured in the same run.
TARGETS = {"app": "app.py", "floor": "bench/floor_app.py", "same": "bench/same_floor_app.py"}
if os.environ.get("BENCH_BEFORE"):
    TARGETS["before"] = str(Path(os.environ["BENCH_BEFORE"]).resolve() / "app.py")
RESULTS_DIR = ROOT / "bench" / "results"


def gc_env(gc: str) -> dict[str, str]:
    return {} if gc == "config" else {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true" if gc == "on" else "false"}


def server_pid(base_url: str) -> int:
    """The streamlit process listening on the URL's port (the harness yields only the URL)."""
    port = base_url.rsplit(":", 1)[1]
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if "streamlit" in cmdline and "--server.port" in cmdline and port in cmdline:
            return process.pid
    raise RuntimeError(f"no streamlit process found for {base_url}")


@contextlib.contextmanager
def server(target: str, gc: str) -> Iterator[tuple[str, int]]:
    with streamlit_server(env=gc_env(gc), script=TARGETS[target]) as base_url:
        yield base_url, server_pid(base_url)


def machine() -> dict:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    import importlib.metadata as md

    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "streamlit": md.version("streamlit"),
        "pandas": md.version("pandas"),
        "plotly": md.version("plotly"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def available_scenarios(gc: str, names: list[str] | None = None) -> list:
    """Scenarios whose page the app serves; the others are skipped with a note."""
    wanted = [s for s in SCENARIOS if names is None or s.name in names]
    kept = []
    with server("app", gc) as (base_url, _):
        for scenario in wanted:
            session = Session(base_url)
            try:
                result = session.run(scenario.page)
            finally:
                session.close()
            if result.page_not_found:
                print(f"note: /{scenario.page} returns 'page not found' in app.py: scenario '{scenario.name}' skipped")
            else:
                kept.append(scenario)
    return kept


def ratio(app: float, floor: float) -> float:
    return app / floor if floor else float("nan")


# ---------------------------------------------------------------------------------------------- load


def run_load(
    levels: list[int], scenarios: list, gc: str, duration_s: float, targets: tuple[str, ...] = ("app", "floor")
) -> list[dict]:
    rows = []
    for level_index, sessions in enumerate(levels):
        for scenario in scenarios:
            order = list(targets) if level_index % 2 == 0 else list(targets)[::-1]  # ABBA across levels
            for target in order:
                with server(target, gc) as (base_url, pid):
                    result = load.run_level(base_url, pid, target, scenario, sessions, duration_s=duration_s)
                rows.append(dataclasses.asdict(result) | {"gc": gc})
                print(
                    f"  load {scenario.name:5} N={sessions:<3} {target:5} gc={gc:6} p50 {result.p50_ms:7.0f} ms "
                    f"p95 {result.p95_ms:7.0f} ms {result.runs_per_s:6.1f} runs/s errors {result.errors}",
                    flush=True,
                )
    return rows


def print_load_table(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = (
        f"{'page':6} {'N':>3} {'gc':>6} | {'app p50':>8} {'p95':>7} {'runs/s':>7} {'err':>3} | "
        f"{'floor p50':>9} {'p95':>7} {'runs/s':>7} {'err':>3} | {'runs/s app/floor':>16} | "
        f"{'RSS app before/conn/after MiB':>30} {'MiB/sess':>8} | {'floor MiB/sess':>14}"
    )
    print(header)
    print("-" * len(header))
    keyed = {(r["scenario"], r["sessions"], r["gc"], r["target"]): r for r in rows}
    for scenario, sessions, gc in sorted({(r["scenario"], r["sessions"], r["gc"]) for r in rows}):
        a = keyed.get((scenario, sessions, gc, "app"))
        f = keyed.get((scenario, sessions, gc, "floor"))
        if not a or not f:
            continue
        print(
            f"{scenario:6} {sessions:>3} {gc:>6} | {a['p50_ms']:6.0f}ms {a['p95_ms']:5.0f}ms {a['runs_per_s']:7.1f} "
            f"{a['errors']:>3} | {f['p50_ms']:7.0f}ms {f['p95_ms']:5.0f}ms {f['runs_per_s']:7.1f} {f['errors']:>3} | "
            f"{ratio(a['runs_per_s'], f['runs_per_s']):15.2f}x | "
            f"{a['rss_before_mib']:8.0f} /{a['rss_connected_mib']:6.0f} /{a['rss_after_mib']:6.0f}     "
            f"{a['mib_per_session']:8.2f} | {f['mib_per_session']:14.2f}"
        )
    others = sorted({r["target"] for r in rows} - {"app", "floor"})
    if others:
        print(f"\n{'page':6} {'N':>3} | " + " | ".join(f"{t:>6} p50 {'runs/s':>7}" for t in others) + " | app/same p50")
        for scenario, sessions, gc in sorted({(r["scenario"], r["sessions"], r["gc"]) for r in rows}):
            cells = [keyed.get((scenario, sessions, gc, t)) for t in others]
            a, same = keyed.get((scenario, sessions, gc, "app")), keyed.get((scenario, sessions, gc, "same"))
            line = " | ".join(f"{c['p50_ms']:8.0f}ms {c['runs_per_s']:7.1f}" if c else f"{'-':>18}" for c in cells)
            app_same = f"{ratio(a['p50_ms'], same['p50_ms']):.2f}x" if a and same else "-"
            print(f"{scenario:6} {sessions:>3} | {line} | {app_same}")


# The targets (issue 15): (label, where the figure comes from, comparison, bound).
def target_rows(report: dict) -> list[tuple[str, float, str, float]]:
    """(measure, measured value, "<=" or ">=", target) for every target the report has figures for."""
    rows: list[tuple[str, float, str, float]] = []
    browser = report.get("browser", {})

    def browser_ratio(key: str, over: str) -> float | None:
        medians = browser.get(key, {}).get("medians", {})
        return ratio(medians["app"], medians[over]) if "app" in medians and over in medians else None

    for key, label, bound in (
        ("risk_filter_settled", "risk-type filter -> page settled, app / minimal floor", 1.25),
        ("dose_input_settled", "dose input -> page settled, app / minimal floor", 1.5),
        ("page_switch_settled", "page switch -> settled, app / minimal floor", 1.5),
    ):
        if (value := browser_ratio(key, "floor")) is not None:
            rows.append((label, value, "<=", bound))
    load_rows = {(r["scenario"], r["sessions"], r["target"]): r for r in report.get("load", [])}
    for scenario, bound in (("risk", 0.5), ("dose", 0.4)):
        a, f = load_rows.get((scenario, 20, "app")), load_rows.get((scenario, 20, "floor"))
        if a and f:
            rows.append(
                (
                    f"20 sessions, runs/s, {scenario} app / minimal floor",
                    ratio(a["runs_per_s"], f["runs_per_s"]),
                    ">=",
                    bound,
                )
            )
    for key in ("risk_filter_settled", "dose_input_settled", "page_switch_settled"):
        if (value := browser_ratio(key, "same")) is not None:
            rows.append((f"{key.replace('_', ' ')}, app / same-elements floor", value, "<=", 1.15))
    for (scenario, sessions, target), a in sorted(load_rows.items()):
        same = load_rows.get((scenario, sessions, "same"))
        if target == "app" and same and sessions in (1, 20):
            rows.append(
                (
                    f"load p50 {scenario} N={sessions}, app / same-elements floor",
                    ratio(a["p50_ms"], same["p50_ms"]),
                    "<=",
                    1.15,
                )
            )
    if lighthouse := report.get("lighthouse"):
        from bench.lighthouse import target_rows as lighthouse_rows

        rows.extend(lighthouse_rows(lighthouse))
    if soak := report.get("soak"):
        rows.append(("soak, second-half RSS slope (MiB/min)", soak["slope_second_half_mib_per_min"], "<=", 0.1))
    for (scenario, sessions, target), a in sorted(load_rows.items()):
        if target == "app" and sessions == 40:
            rows.append((f"RSS per extra session at 40, {scenario} (MiB)", a["mib_per_session"], "<=", 1.0))
            rows.append((f"errors at 40 sessions, {scenario}", float(a["errors"]), "<=", 0.0))
    return rows


def print_targets(report: dict) -> None:
    rows = target_rows(report)
    if not rows:
        return
    print(f"\n{'target (issues 15 and 22), same run, medians':64} {'measured':>9} {'target':>9}  result")
    print("-" * 96)
    for label, value, op, bound in rows:
        met = value <= bound if op == "<=" else value >= bound
        print(f"{label:64} {value:9.2f} {op + ' ' + format(bound, 'g'):>9}  {'met' if met else 'NOT MET'}")


# ---------------------------------------------------------------------------------------------- soak


def run_soak(scenarios: list, gc: str, minutes: float, sessions: int, think_s: float) -> dict:
    with server("app", gc) as (base_url, pid):
        result = load.soak(base_url, pid, "app", scenarios, minutes * 60, sessions=sessions, think_s=think_s)
    row = dataclasses.asdict(result) | {"gc": gc}
    print(
        f"\nSoak (app, gc={gc}, {minutes:g} min, {sessions} sessions, think {think_s:g} s, new session every 25 runs)\n"
        f"  runs {result.runs} ({result.runs_per_s:.1f}/s), errors {result.errors}, p50 {result.p50_ms:.0f} ms, "
        f"p95 {result.p95_ms:.0f} ms\n"
        f"  RSS start {result.rss_start_mib:.0f} MiB, after warm-up ({result.warmup_s:.0f} s) "
        f"{result.rss_after_warmup_mib:.0f}, end {result.rss_end_mib:.0f}, peak {result.rss_peak_mib:.0f}\n"
        f"  slope after warm-up {result.slope_mib_per_min:+.3f} MiB/min, "
        f"second half {result.slope_second_half_mib_per_min:+.3f} MiB/min"
    )
    return row


# ---------------------------------------------------------------------------------------------- main


def run_cluster(scenarios: list, duration_s: float, sessions: int = 20) -> list[dict]:
    """Throughput of the app in one process, then in two processes behind nginx, in the same run.

    The protocol client opens each session as a new visitor, so nginx spreads them over both processes;
    a session's runs stay on its own WebSocket, hence on one process. RSS is that of the first process."""
    sys.path.insert(0, str(ROOT / "tools"))
    from cluster import cluster

    rows = []
    for scenario in scenarios:
        with server("app", "config") as (url, pid):
            one = dataclasses.asdict(load.run_level(url, pid, "app", scenario, sessions, duration_s))
        with cluster() as (url, apps):
            two = dataclasses.asdict(
                load.run_level(url, server_pid(apps[0]), "nginx+2", scenario, sessions, duration_s)
            )
        ratio_two = ratio(two["runs_per_s"], one["runs_per_s"])
        rows.append({"scenario": scenario.name, "one": one, "two": two, "ratio": ratio_two})
        print(
            f"  {scenario.name:5} N={sessions}  one process {one['runs_per_s']:6.1f} runs/s "
            f"(p50 {one['p50_ms']:.0f} ms, errors {one['errors']})  two behind nginx {two['runs_per_s']:6.1f} runs/s "
            f"(p50 {two['p50_ms']:.0f} ms, errors {two['errors']})  ratio {ratio_two:.2f}x",
            flush=True,
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--only", choices=["lighthouse", "browser", "load", "gc", "soak", "cluster"], action="append", help="repeatable"
    )
    parser.add_argument(
        "--lighthouse-direct", action="store_true", help="also Lighthouse on the app served by Streamlit, no nginx"
    )
    parser.add_argument("--gc", choices=["config", "on", "off"], default="config", help="runner.postScriptGC")
    parser.add_argument("--samples", type=int, default=15, help="browser samples per measure and target")
    parser.add_argument("--levels", default="1,10,20,40", help="concurrent sessions for the load sweep")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of reruns per load level")
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    parser.add_argument("--soak-sessions", type=int, default=10)
    parser.add_argument("--soak-think", type=float, default=2.0, help="mean seconds between a user's clicks")
    parser.add_argument("--scenarios", help="comma-separated scenario names (default: all)")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/bench-<time>.json)")
    args = parser.parse_args(argv)
    parts = args.only or ["lighthouse", "browser", "load", "gc", "soak", "cluster"]
    targets = tuple(TARGETS)  # app and minimal floor first
    names = args.scenarios.split(",") if args.scenarios else None

    info = machine()
    print(
        f"machine: {info['cpus']} CPUs, {info['cpu_model']}, {info['ram_gib']} GiB; Python {info['python']}, "
        f"streamlit {info['streamlit']}, commit {info['commit']}; gc={args.gc}"
    )
    report: dict = {"machine": info, "args": {k: str(v) for k, v in vars(args).items()}, "started": time.time()}
    scenarios = available_scenarios(args.gc, names)
    load_scenarios = [s for s in scenarios if s.name in LOAD_SCENARIOS]
    out = args.out or RESULTS_DIR / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        out.write_text(json.dumps(report, indent=1, default=str))

    if "lighthouse" in parts:
        from bench import lighthouse

        if missing := lighthouse.lighthouse_missing():
            print(f"\nLighthouse skipped: {missing}")
        else:
            lighthouse_targets = [t for t in ("app", "bare", "before") if t != "before" or "before" in TARGETS]
            lighthouse_targets += ["direct"] if args.lighthouse_direct else []
            print(f"\nLighthouse (mobile preset), {', '.join(lighthouse_targets)}, interleaved", flush=True)
            report["lighthouse"] = lighthouse.run_all(lighthouse_targets)
            lighthouse.print_table(report["lighthouse"])
            save()
    if "browser" in parts:
        from bench import browser

        print(f"\nBrowser (Chromium), {args.samples} samples per measure, app and floor interleaved", flush=True)
        report["browser"] = browser.run_browser(scenarios, args.gc, args.samples, server, targets)
        browser.print_browser_table(report["browser"])
        save()
    if "load" in parts:
        levels = [int(n) for n in args.levels.split(",")]
        print(f"\nLoad sweep, gc={args.gc}, {args.duration:g} s of closed-loop reruns per level", flush=True)
        report["load"] = run_load(levels, load_scenarios, args.gc, args.duration, targets)
        print_load_table(report["load"], f"Load (protocol client, closed loop, gc={args.gc})")
        save()
    if "gc" in parts:
        print("\nrunner.postScriptGC A/B at 20 sessions", flush=True)
        report["gc_ab"] = [row for gc in ("on", "off") for row in run_load([20], load_scenarios, gc, args.duration)]
        print_load_table(report["gc_ab"], "runner.postScriptGC on vs off, 20 sessions")
        save()
    if "cluster" in parts:
        print("\nOne process vs two behind nginx (deploy/nginx.conf.template), 20 sessions", flush=True)
        report["cluster"] = run_cluster(load_scenarios, args.duration)
        save()
    if "soak" in parts:
        report["soak"] = run_soak(
            [by_name(n) for n in LOAD_SCENARIOS if any(s.name == n for s in scenarios)],
            args.gc,
            args.soak_minutes,
            args.soak_sessions,
            args.soak_think,
        )
        save()
    report["finished"] = time.time()
    save()
    print_targets(report)
    print(f"\nJSON: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
