"""Browser benchmark: Debian Chromium via Playwright, app and floor interleaved in the same run.

Each interaction is timed twice from the click or key press: to the websocket frame that carries
`ForwardMsg.script_finished` (precise server round trip), and to "settled" (stApp notRunning, no
skeletons, the page's own elements on screen), which is what a user waits for. Medians over
`samples` after one warm-up pair; the first measurement of each target is discarded."""

from __future__ import annotations

import contextlib
import statistics
import time

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.scenarios import Scenario, by_name
from tests.e2e.harness import RUN_FINISHED, chromium_browser, find_chromium, wait_for_run

WARM_UP = 1
TIMEOUT_MS = 60_000


def is_script_finished(payload) -> bool:
    if isinstance(payload, str):
        return False
    message = ForwardMsg()
    message.ParseFromString(payload)
    return message.WhichOneof("type") == "script_finished"


class Tab:
    """One page of one target (app or floor) with its Streamlit websocket."""

    def __init__(self, browser, base_url: str):
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.base_url = base_url
        self.ws = None
        self.page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws) -> None:
        if "_stcore/stream" in ws.url:
            self.ws = ws

    def open(self, scenario: Scenario) -> None:
        self.page.goto(f"{self.base_url}/{scenario.page}")
        wait_for_run(self.page, TIMEOUT_MS)
        self.ready(scenario)

    def ready(self, scenario: Scenario) -> None:
        self.page.get_by_test_id(scenario.ready).nth(scenario.min_ready - 1).wait_for(timeout=TIMEOUT_MS)

    def timed(self, scenario: Scenario, prepare, trigger) -> tuple[float, float]:
        """(ms to the script_finished frame, ms to settled) for one interaction."""
        prepare()
        t0 = time.perf_counter()
        with self.ws.expect_event("framereceived", predicate=is_script_finished, timeout=TIMEOUT_MS):
            trigger()
        frame_ms = (time.perf_counter() - t0) * 1000
        self.page.wait_for_selector(RUN_FINISHED, state="attached", timeout=TIMEOUT_MS)
        self.page.get_by_test_id("stSkeleton").first.wait_for(state="detached", timeout=TIMEOUT_MS)
        self.ready(scenario)
        return frame_ms, (time.perf_counter() - t0) * 1000

    def close(self) -> None:
        self.context.close()


# Interactions, by Scenario.browser name: each returns (prepare, trigger, cleanup) for sample i; only
# trigger is timed.
def risk_filter(tab: Tab, i: int):
    """One tap on the "Gastrointestinal disturbances" pill of the Risk type filter: it toggles that risk type
    (sample by sample, on then off)."""
    pill = tab.page.get_by_test_id("stButtonGroup").first.get_by_text("Gastrointestinal disturbances")
    return (lambda: None), pill.click, (lambda: None)


def dose_input(tab: Tab, i: int):
    box = tab.page.get_by_role("spinbutton", name="Supplements (mg/day)")
    value = f"{1 + (i % 19):g}"
    return (lambda: box.fill(value)), (lambda: box.press("Enter")), (lambda: None)


INTERACTIONS = {"risk_filter": risk_filter, "dose_input": dose_input}


def summary(app: list[float], floor: list[float], others: dict[str, list[float]] | None = None) -> dict:
    """Medians of app and minimal floor (and of the other targets: same-elements floor, the code before)."""
    a, f = statistics.median(app), statistics.median(floor)
    medians = {"app": a, "floor": f} | {name: statistics.median(v) for name, v in (others or {}).items() if v}
    return {
        "app_median_ms": a, "floor_median_ms": f, "ratio": a / f, "n": len(app), "app": app, "floor": floor,
        "medians": medians,
    }  # fmt: skip


def run_browser(
    scenarios: list[Scenario], gc: str, samples: int, server, targets: tuple[str, ...] = ("app", "floor")
) -> dict:
    """`server(target, gc)` is the context manager of bench.run that yields (base_url, pid); `targets` start
    with "app" and "floor", then any others (same-elements floor, the code before), measured in turn."""
    results: dict = {}
    names = [s.name for s in scenarios]
    with chromium_browser(find_chromium()) as browser:
        # (a) cold start: process start -> first risk table on screen, a fresh server each time.
        times: dict[str, list[float]] = {"app": [], "floor": []}
        for i in range(WARM_UP + samples):
            for target in ("app", "floor") if i % 2 == 0 else ("floor", "app"):
                t0 = time.perf_counter()
                with server(target, gc) as (base_url, _):
                    tab = Tab(browser, base_url)
                    tab.page.goto(base_url + "/")
                    tab.page.get_by_test_id("stDataFrame").first.wait_for(timeout=TIMEOUT_MS)
                    elapsed = (time.perf_counter() - t0) * 1000
                    tab.close()
                if i >= WARM_UP:
                    times[target].append(elapsed)
        results["cold_start"] = summary(times["app"], times["floor"])
        print(f"  cold start done: {results['cold_start']['app_median_ms']:.0f} ms app", flush=True)

        # (b)-(d) on one long-lived server per target, both running, measured alternately.
        with contextlib.ExitStack() as stack:
            tabs = {t: Tab(browser, stack.enter_context(server(t, gc))[0]) for t in targets}
            for scenario in scenarios:
                if not scenario.browser:
                    continue
                interaction = INTERACTIONS[scenario.browser]
                for tab in tabs.values():
                    tab.open(scenario)
                frames: dict[str, list[float]] = {t: [] for t in targets}
                settled: dict[str, list[float]] = {t: [] for t in targets}
                for i in range(WARM_UP + samples):
                    for target in targets if i % 2 == 0 else targets[::-1]:
                        tab = tabs[target]
                        prepare, trigger, cleanup = interaction(tab, i)
                        frame_ms, settled_ms = tab.timed(scenario, prepare, trigger)
                        cleanup()
                        if i >= WARM_UP:
                            frames[target].append(frame_ms)
                            settled[target].append(settled_ms)
                results[f"{scenario.browser}_frame"] = summary(frames["app"], frames["floor"], frames)
                results[f"{scenario.browser}_settled"] = summary(settled["app"], settled["floor"], settled)
                print(f"  {scenario.browser} done", flush=True)

            # (d) page switch through the sidebar, risk table <-> dose page.
            if "risk" in names and "dose" in names:
                pair = [by_name("dose"), by_name("risk")]
                for tab in tabs.values():
                    tab.open(by_name("risk"))
                frames = {t: [] for t in targets}
                settled = {t: [] for t in targets}
                for i in range(WARM_UP + samples):
                    destination = pair[i % 2]
                    for target in targets if (i // 2) % 2 == 0 else targets[::-1]:
                        tab = tabs[target]
                        link = tab.page.get_by_test_id("stSidebarNavLink").filter(has_text=destination.nav)
                        frame_ms, settled_ms = tab.timed(destination, lambda: None, link.click)
                        if i >= WARM_UP:
                            frames[target].append(frame_ms)
                            settled[target].append(settled_ms)
                results["page_switch_frame"] = summary(frames["app"], frames["floor"], frames)
                results["page_switch_settled"] = summary(settled["app"], settled["floor"], settled)
            for tab in tabs.values():
                tab.close()
    return results


LABELS = {
    "cold_start": "(a) cold start: process start -> first risk table",
    "risk_filter_frame": "(b) risk-type filter -> script_finished frame",
    "risk_filter_settled": "(b) risk-type filter -> page settled",
    "dose_input_frame": "(c) dose input -> script_finished frame",
    "dose_input_settled": "(c) dose input -> 5 charts settled",
    "page_switch_frame": "(d) page switch -> script_finished frame",
    "page_switch_settled": "(d) page switch -> page settled",
}


def print_browser_table(results: dict) -> None:
    """Medians per target; app / minimal floor, app / same-elements floor and before / minimal floor."""
    print(
        f"\n{'browser measure (medians)':46} {'app':>7} {'floor':>7} {'same':>7} {'before':>7} "
        f"{'app/floor':>9} {'app/same':>8} {'before/floor':>12} {'n':>3}"
    )
    print("-" * 115)
    for key, label in LABELS.items():
        if key in results:
            m = results[key].get("medians", {})
            a, f, same, before = (m.get(t, float("nan")) for t in ("app", "floor", "same", "before"))
            print(
                f"{label:46} {a:5.0f}ms {f:5.0f}ms {same:5.0f}ms {before:5.0f}ms {a / f:8.2f}x {a / same:7.2f}x "
                f"{before / f:11.2f}x {results[key]['n']:>3}"
            )
