"""A quick look at a phone's first visit, between Lighthouse runs: blocking time and layout shifts in Chromium.

    python -m bench.first_visit_trace /dose / --runs 5 [--script bench/bare_app.py] [--verbose]

Each run is a fresh browser context (empty cache) at 390 x 844 with Chromium's 4x CPU slowdown, on a warmed
`streamlit run` server. Reported per page: total blocking time (the part over 50 ms of every long task after the
first contentful paint, as Lighthouse counts it, but observed rather than simulated), and cumulative layout shift
with, in --verbose, what moved (element, text, box before and after). Faster to iterate with than Lighthouse;
Lighthouse (`make bench BENCH_ARGS="--only lighthouse"`) stays the measure of record in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics

from tests.e2e.harness import chromium_browser, find_chromium, streamlit_server, wait_for_run

PHONE = {"width": 390, "height": 844}
CPU_SLOWDOWN = 4
LONG_TASK_MS = 50
SETTLE_MS = 1500  # after the run finishes: shifts and tasks that follow it (lazily loaded element code)
# Collects long tasks and layout shifts from the start of the page, before any of its own scripts run.
OBSERVE = r"""
window.__longTasks = []; window.__shifts = [];
const describe = (node) => {
  if (!node || !node.getAttribute) return '?';
  const text = (node.innerText || '').slice(0, 30).split('\n').join(' | ');
  return `${node.getAttribute('data-testid') || node.className} "${text}"`;
};
new PerformanceObserver(list => list.getEntries().forEach(e => window.__longTasks.push([e.startTime, e.duration])))
  .observe({type: 'longtask', buffered: true});
new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (e.hadRecentInput) return;
  const ends = (a, b) => `${Math.round(a)}->${Math.round(b)}`;
  const moved = e.sources.map(s => `${describe(s.node)} y ${ends(s.previousRect.y, s.currentRect.y)}`
    + ` h ${ends(s.previousRect.height, s.currentRect.height)}`);
  window.__shifts.push([e.startTime, e.value, moved]);
})).observe({type: 'layout-shift', buffered: true});
"""


def trace(browser, url: str, verbose: bool) -> tuple[float, float]:
    """(total blocking time in ms, cumulative layout shift) of one first visit."""
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        page.add_init_script(OBSERVE)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url)
        wait_for_run(page)
        page.wait_for_timeout(SETTLE_MS)
        first_paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime || 0")
        tasks, shifts = page.evaluate("window.__longTasks"), page.evaluate("window.__shifts")
    finally:
        context.close()
    blocking = sum(max(0.0, duration - LONG_TASK_MS) for start, duration in tasks if start >= first_paint)
    if verbose:
        print(
            f"    first paint {first_paint:.0f} ms; long tasks (start, ms): {[(round(s), round(d)) for s, d in tasks]}"
        )
        for start, value, moved in shifts:
            print(f"    shift at {start:.0f} ms: {value:.4f} " + "; ".join(moved[:4]))
    return blocking, sum(value for _, value, _ in shifts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/"], help="pages to visit, e.g. / /dose")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--script", default="app.py", help="the app served (bench/bare_app.py for the floor)")
    parser.add_argument("--verbose", action="store_true", help="print every long task and layout shift")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if not chromium:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    with streamlit_server(script=args.script) as base, chromium_browser(chromium) as browser:
        warm = browser.new_page()
        for path in args.paths:  # the server's caches and imports, not the browser's (each visit has its own)
            warm.goto(base + path)
            wait_for_run(warm)
        warm.close()
        for path in args.paths:
            print(f"{args.script} {path}")
            results = [trace(browser, base + path, args.verbose) for _ in range(args.runs)]
            blocking = [round(b) for b, _ in results]
            shift = [round(s, 3) for _, s in results]
            print(f"  TBT ms {blocking} median {statistics.median(blocking):.0f}; CLS {shift}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
