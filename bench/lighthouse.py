"""Lighthouse (mobile preset: simulated slow 4G, 4x CPU slowdown) on the app and on a bare Streamlit app,
both behind nginx configured from deploy/nginx.conf.template, in the same run, medians of three.

Lighthouse is pinned in bench/package.json (npm ci installs it into bench/node_modules; `make bench` does);
it drives Debian's chromium through CHROME_PATH. Each run is a first visit (Lighthouse clears the cache).
Targets, each served by its own Streamlit process with the same flags and .streamlit/config.toml:

- app (this checkout) and bare (bench/bare_app.py) behind nginx: the issue's comparison;
- before ($BENCH_BEFORE, an earlier copy of the app) behind the same nginx: what the page changes bought;
- app served directly by Streamlit (`--lighthouse-direct`): what nginx's compression bought.

The machine's load average is recorded beside every run: Lighthouse's simulated timings scale with the CPU
it gets, so figures from a busy machine are pessimistic."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from cluster import find_nginx, render_config  # noqa: E402

from bench.wsclient import Session  # noqa: E402
from tests.e2e.harness import find_chromium, free_port, stop_process, streamlit_server  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
RUNS = 3
# (target, page): the pages measured per target; the bare app has one page.
PAGES = {"app": ["", "dose"], "bare": [""], "before": ["", "dose"], "direct": [""]}
METRICS = {  # our name -> Lighthouse audit id (numericValue: ms or bytes)
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "tti_ms": "interactive",
    "fcp_ms": "first-contentful-paint",
    "bytes": "total-byte-weight",
    "cls": "cumulative-layout-shift",  # unitless; a quarter of the score, with no target of its own in the issue
}
# Streamlit's lazily loaded element bundles that matter here, named by the component in the file name
# (static/js/PlotlyChart.<hash>.js): the chart library and the data grid.
HEAVY_CHUNKS = ("PlotlyChart.", "DataFrame.")
# The targets: (page, measure, "<=" or ">=", bound, kind) with kind "ratio" (app / bare) or "abs".
TARGETS = [
    ("", "score", ">=", 0.9, "ratio"),
    ("", "tbt_ms", "<=", 600, "abs"),
    ("", "bytes", "<=", 1.5, "ratio"),
    ("", "lcp_ms", "<=", 1.25, "ratio"),
    ("dose", "score", ">=", 0.8, "ratio"),
    ("dose", "tbt_ms", "<=", 1500, "abs"),
    ("dose", "bytes", "<=", 2.5, "ratio"),
    ("dose", "lcp_ms", "<=", 1.25, "ratio"),
]


def lighthouse_missing() -> str | None:
    if not LIGHTHOUSE.exists():
        return "bench/node_modules has no lighthouse: run `npm ci --prefix bench` (make bench does)"
    if not find_chromium():
        return "Debian's chromium is not installed"
    if not find_nginx():
        return "nginx is not installed"
    return None


@contextlib.contextmanager
def nginx_in_front(app_url: str) -> Iterator[str]:
    """nginx from deploy/nginx.conf.template with both upstreams pointing at one app process."""
    app_port = int(app_url.rsplit(":", 1)[1])
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Path(tmp)
        port = free_port()
        config = runtime / "nginx.conf"
        config.write_text(render_config(runtime, port, (app_port, app_port)))
        process = subprocess.Popen(
            [find_nginx(), "-c", str(config), "-g", "daemon off;"], stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            from cluster import _wait_for

            _wait_for(f"http://127.0.0.1:{port}", process)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop_process(process)


@contextlib.contextmanager
def served(target: str) -> Iterator[str]:
    script = {"app": "app.py", "direct": "app.py", "bare": "bench/bare_app.py"}.get(target)
    if target == "before":
        script = str(Path(os.environ["BENCH_BEFORE"]).resolve() / "app.py")
    with streamlit_server(script=script) as app_url:
        for page in PAGES[target]:  # warm the server: imports and data caches, as a running deployment has
            session = Session(app_url)
            try:
                session.run(page)
            finally:
                session.close()
        if target == "direct":
            yield app_url
        else:
            with nginx_in_front(app_url) as url:
                yield url


def run_lighthouse(url: str, attempts: int = 2) -> dict | None:
    """One Lighthouse run (default config = mobile); the figures we report, and the JS files fetched. On a busy
    machine Lighthouse sometimes gives up (page load or protocol timeout): one retry, then None (reported)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        for attempt in range(1, attempts + 1):
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            done = subprocess.run(
                ["node", str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
                 f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=90000"],
                env={**os.environ, "CHROME_PATH": find_chromium()}, timeout=300, capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode == 0 and out.exists():
                break
            print(f"  lighthouse failed on {url} (attempt {attempt}): {done.stderr.strip()[-300:]}", flush=True)
        else:
            return None
        report = json.loads(out.read_text())
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    scripts = [urlparse(r["url"]).path.rsplit("/", 1)[-1] for r in requests if r["url"].endswith(".js")]
    result = {
        "score": round(report["categories"]["performance"]["score"] * 100),
        **{name: audits[audit]["numericValue"] for name, audit in METRICS.items()},
        "scripts": len(scripts),
        "heavy_chunks": sorted(s for s in scripts if s.startswith(HEAVY_CHUNKS)),
        "runtime_error": report.get("runtimeError", {}).get("code"),
        # Where the main thread's time goes (ms, with the 4x CPU slowdown), and the scripts that cost most.
        "main_thread_ms": {
            item["group"]: round(item["duration"])
            for item in audits["mainthread-work-breakdown"].get("details", {}).get("items", [])
        },
        "costliest_scripts_ms": {
            urlparse(item["url"]).path.rsplit("/", 1)[-1]: round(item["total"])
            for item in audits["bootup-time"].get("details", {}).get("items", [])[:5]
        },
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return result


def run_all(targets: list[str], runs: int = RUNS) -> dict:
    """Every target's pages `runs` times, interleaved round by round; servers stay up for the whole part."""
    results: dict[str, list[dict]] = {}
    with contextlib.ExitStack() as stack:
        urls = {target: stack.enter_context(served(target)) for target in targets}
        for round_number in range(runs):
            order = targets if round_number % 2 == 0 else targets[::-1]
            for target in order:
                for page in PAGES[target]:
                    result = run_lighthouse(f"{urls[target]}/{page}")
                    if result is None:
                        continue
                    results.setdefault(f"{target} /{page}", []).append(result)
                    print(
                        f"  lighthouse {target:6} /{page:5} score {result['score']:3} LCP {result['lcp_ms']:7.0f} ms "
                        f"TBT {result['tbt_ms']:6.0f} ms TTI {result['tti_ms']:7.0f} ms CLS {result['cls']:.3f} "
                        f"{result['bytes'] / 1e6:5.2f} MB heavy {','.join(result['heavy_chunks']) or '-'} "
                        f"load {result['load_before']:.1f}/{result['load_after']:.1f}",
                        flush=True,
                    )
    medians = {
        key: {m: statistics.median(r[m] for r in rows) for m in ("score", *METRICS, "load_before", "load_after")}
        | {"runs": len(rows)}
        for key, rows in results.items()
    }
    return {"runs": results, "medians": medians}


def target_rows(lighthouse: dict) -> list[tuple[str, float, str, float]]:
    """(label, measured, op, bound): the issue's targets, app / bare where the target is a ratio."""
    medians = lighthouse.get("medians", {})
    bare = medians.get("bare /")
    rows = []
    for page, measure, op, bound, kind in TARGETS:
        app = medians.get(f"app /{page}")
        if not app or (kind == "ratio" and not bare):
            continue
        value = app[measure] / bare[measure] if kind == "ratio" else app[measure]
        what = f"{measure}, app / bare" if kind == "ratio" else measure
        rows.append((f"Lighthouse /{page}: {what}", value, op, bound))
    return rows


def print_table(lighthouse: dict) -> None:
    medians = lighthouse["medians"]
    bare = medians.get("bare /")
    print(f"\nLighthouse, mobile preset, medians of {RUNS} (load average recorded beside each run)")
    header = (
        f"{'target page':14} {'score':>5} {'LCP ms':>7} {'TBT ms':>7} {'TTI ms':>7} {'CLS':>5} {'MB':>6} | "
        f"{'score/bare':>10} {'LCP/bare':>8} {'MB/bare':>7} | {'load 1-min':>10}"
    )
    print(header)
    print("-" * len(header))
    for key, m in medians.items():
        ratios = (
            f"{m['score'] / bare['score']:10.2f} {m['lcp_ms'] / bare['lcp_ms']:8.2f} {m['bytes'] / bare['bytes']:7.2f}"
            if bare
            else f"{'-':>10} {'-':>8} {'-':>7}"
        )
        if m["runs"] < RUNS:
            key = f"{key} ({m['runs']} runs)"
        print(
            f"{key:14} {m['score']:5.0f} {m['lcp_ms']:7.0f} {m['tbt_ms']:7.0f} {m['tti_ms']:7.0f} {m['cls']:5.3f} "
            f"{m['bytes'] / 1e6:6.2f} | {ratios} | {m['load_before']:4.1f}-{m['load_after']:4.1f}"
        )
