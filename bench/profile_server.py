"""Profile the real server, not AppTest: `python -m bench.profile_server [--runs 60] [--targets app,same]`.

AppTest runs a page module twice per rerun and recompiles it, which the server does not do, so its profile
misleads. Here each target (app.py, the same-elements floor) is served by `streamlit run` inside a process that
runs yappi on every thread (CPU clock). One protocol-level session (bench/wsclient.py, the browser's messages)
opens the page, warms it up, and the statistics are cleared (SIGUSR1); then it sends `--runs` interactions of
the page's scenario (bench/scenarios.py) and the server is stopped, which writes the statistics. Printed per page:

- CPU per interaction: the script thread (running the page: our code and Streamlit's element calls) and the
  main thread (serialising and sending the messages);
- each Streamlit element call, inclusive (so `plotly_chart` includes plotly's JSON encoding), per interaction;
- exclusive CPU by package (analysis, ui, pages, streamlit, plotly, pandas, ...), so the rest is accounted for;
- the heaviest functions of our own code, inclusive.

JSON in bench/results/profile-<time>.json."""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCRIPT_THREAD = "ScriptRunner.scriptThread"
# Streamlit's element calls worth a line of their own: (file under streamlit/, function).
ELEMENTS = {
    ("plotly_chart.py", "plotly_chart"): "st.plotly_chart",
    ("arrow.py", "dataframe"): "st.dataframe",
    ("markdown.py", "markdown"): "st.markdown",
    ("heading.py", "subheader"): "st.subheader",
    ("button.py", "download_button"): "st.download_button",
    ("layouts.py", "expander"): "st.expander",
    ("layouts.py", "columns"): "st.columns",
    ("layouts.py", "container"): "st.container",
    ("layouts.py", "tabs"): "st.tabs",
    ("number_input.py", "number_input"): "st.number_input",
    ("selectbox.py", "selectbox"): "st.selectbox",
    ("multiselect.py", "multiselect"): "st.multiselect",
    ("text_widgets.py", "text_input"): "st.text_input",
    ("alert.py", "info"): "st.info",
    ("alert.py", "error"): "st.error",
    ("alert.py", "warning"): "st.warning",
    ("graphviz_chart.py", "graphviz_chart"): "st.graphviz_chart",
    ("fragment.py", "wrapped_fragment"): "st.fragment (whole fragment run)",
    ("cache_utils.py", "__call__"): "st.cache_* lookups (hits and misses)",
}
PACKAGES = ("analysis", "ui", "pages", "bench", "streamlit", "plotly", "pandas", "pyarrow", "numpy", "citeproc")


def serve(stats_path: str, streamlit_args: list[str]) -> None:
    """Child process: streamlit under yappi; SIGUSR1 clears the statistics, a normal stop saves them."""
    import threading

    import yappi

    yappi.set_clock_type("cpu")
    yappi.set_context_name_callback(lambda: threading.current_thread().name)  # default: the class name
    signal.signal(signal.SIGUSR1, lambda *_: yappi.clear_stats())
    yappi.start(profile_threads=True)
    from streamlit.web import cli

    try:
        cli.main.main(args=["run", *streamlit_args], prog_name="streamlit", standalone_mode=False)
    finally:
        yappi.stop()
        threads = {t.id: t.name for t in yappi.get_thread_stats()}
        rows = [
            {
                "module": s.module,
                "name": s.name,
                "thread": threads.get(s.ctx_id, str(s.ctx_id)),
                "ncall": s.ncall,
                "ttot": s.ttot,
                "tsub": s.tsub,
            }
            for s in yappi.get_func_stats()
        ]
        Path(stats_path).write_text(json.dumps(rows))


def package_of(module: str) -> str:
    path = Path(module)
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        relative = None
    if relative is not None and relative.parts and relative.parts[0] != ".venv":
        return "app.py" if relative.parts == ("app.py",) else relative.parts[0]
    parts = path.parts
    for name in PACKAGES:
        if name in parts:
            return name
    return "python and other libraries"


def profile(target_script: str, scenario, runs: int, seed: int = 0, top: int = 15) -> dict:
    from bench.wsclient import Session
    from tests.e2e.harness import free_port, stop_process, wait_for_health

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        stats_path = Path(tmp) / "stats.json"
        args = ["--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
                "--browser.gatherUsageStats", "false"]  # fmt: skip
        code = f"import sys; from bench.profile_server import serve; serve({str(stats_path)!r}, sys.argv[1:])"
        with tempfile.TemporaryFile() as log:
            process = subprocess.Popen(
                [sys.executable, "-c", code, target_script, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                stderr=log, start_new_session=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            base_url = f"http://127.0.0.1:{port}"
            try:
                wait_for_health(base_url, process, log=log)
                session = Session(base_url)
                rnd = random.Random(seed)
                page = scenario.page

                def interact():
                    if scenario.change is None:  # a page switch: a full run of the page, as from the sidebar
                        return session.run(page)
                    return session.run(changes=scenario.change(rnd, session.widgets))

                session.run(page)
                for _ in range(5):
                    interact()
                os.kill(process.pid, signal.SIGUSR1)
                interact()  # wakes the server's main thread, which then clears the statistics
                client_ms = []
                for _ in range(runs):
                    result = interact()
                    if not result.ok:
                        raise RuntimeError(f"run failed on /{page}: {result.exception_messages}")
                    client_ms.append(result.ms)
                session.close()
            finally:
                stop_process(process)
        rows = json.loads(stats_path.read_text())
    return summarise(rows, client_ms, top)


def short_path(module: str) -> str:
    path = Path(module)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else module


def summarise(rows: list[dict], client_ms: list[float], top: int = 15) -> dict:
    script = [r for r in rows if r["thread"] == SCRIPT_THREAD]
    runs = len(client_ms) + 1  # the statistics were cleared as the waking run began
    per_run = lambda seconds: seconds * 1000 / runs  # noqa: E731
    script_ms = per_run(sum(r["tsub"] for r in script))
    main_ms = per_run(sum(r["tsub"] for r in rows if r["thread"] == "MainThread"))
    elements: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0])
    for r in script:
        key = (Path(r["module"]).name, r["name"].rsplit(".", 1)[-1])  # yappi names methods "Class.method"
        if key in ELEMENTS and "streamlit" in Path(r["module"]).parts:
            elements[ELEMENTS[key]][0] += r["ttot"]
            elements[ELEMENTS[key]][1] += r["ncall"]
    packages: dict[str, float] = collections.defaultdict(float)
    for r in script:
        packages[package_of(r["module"])] += r["tsub"]
    own = [
        r for r in script if package_of(r["module"]) in ("analysis", "ui", "pages", "bench", "app.py")
        and r["name"] not in ("<module>",)
    ]  # fmt: skip
    own.sort(key=lambda r: -r["ttot"])
    client_ms.sort()
    return {
        "runs": runs,
        "client_p50_ms": client_ms[len(client_ms) // 2],
        "script_thread_ms_per_run": script_ms,
        "main_thread_ms_per_run": main_ms,
        "elements": {
            name: {"ms_per_run": per_run(t), "calls_per_run": n / runs}
            for name, (t, n) in sorted(elements.items(), key=lambda kv: -kv[1][0])
        },
        "packages_ms_per_run": {k: per_run(v) for k, v in sorted(packages.items(), key=lambda kv: -kv[1])},
        "own_functions": [
            {
                "function": f"{short_path(r['module'])}:{r['name']}",
                "ms_per_run": per_run(r["ttot"]),
                "calls_per_run": r["ncall"] / runs,
            }
            for r in own[:top]
        ],
    }


def print_summary(label: str, s: dict) -> None:
    print(f"\n## {label}: {s['runs']} runs, client p50 {s['client_p50_ms']:.1f} ms")
    print(
        f"CPU per run: script thread {s['script_thread_ms_per_run']:.1f} ms, main thread (messages) "
        f"{s['main_thread_ms_per_run']:.1f} ms"
    )
    print("\n| element (inclusive) | ms per run | calls per run |\n|---|---|---|")
    for name, e in s["elements"].items():
        print(f"| {name} | {e['ms_per_run']:.2f} | {e['calls_per_run']:.1f} |")
    print("\n| package (exclusive, script thread) | ms per run |\n|---|---|")
    for name, ms in s["packages_ms_per_run"].items():
        if ms >= 0.05:
            print(f"| {name} | {ms:.2f} |")
    print("\n| own function (inclusive) | ms per run | calls per run |\n|---|---|---|")
    for f in s["own_functions"]:
        print(f"| `{f['function']}` | {f['ms_per_run']:.2f} | {f['calls_per_run']:.1f} |")


def main(argv: list[str] | None = None) -> int:
    from bench.run import RESULTS_DIR, TARGETS
    from bench.scenarios import by_name

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--targets", default="app,same")
    parser.add_argument("--scenarios", default="risk,dose,switch")
    parser.add_argument("--top", type=int, default=15, help="how many of our own functions to list")
    args = parser.parse_args(argv)
    # "switch": full runs of the risk page, as when arriving from another page through the sidebar.
    scenarios = {"risk": by_name("risk"), "dose": by_name("dose")}
    scenarios["switch"] = scenarios["risk"].__class__(**{**scenarios["risk"].__dict__, "change": None})
    report = {}
    for name in args.scenarios.split(","):
        for target in args.targets.split(","):
            summary = profile(TARGETS[target], scenarios[name], args.runs, top=args.top)
            report[f"{name}/{target}"] = summary
            print_summary(f"{name} page, {target}", summary)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"profile-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=1))
    print(f"\nJSON: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
