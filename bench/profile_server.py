"""Profile the real server, not AppTest: `python -m bench.profile_server [--seconds 20] [--targets app,same]`.

AppTest runs a page module twice per rerun and recompiles it, which the server does not do, so its profile
misleads. Here each target (app.py, the same-elements floor) is served by `streamlit run` as in production, and
py-spy samples the server process from outside, 1,000 times a second, keeping the thread that holds the GIL (no
instrumentation, so the times are real and other processes on the machine do not inflate them; it needs the right
to read another process's memory: root, or CAP_SYS_PTRACE). One protocol-level session
(bench/wsclient.py, the browser's messages) opens the page and sends the page's scenario (bench/scenarios.py) in a
closed loop: first to warm the caches (the state of a long-running process; `--cold` skips it), then again while
py-spy records. Printed per page, in milliseconds of CPU per interaction:

- the script thread (running the page: our code and Streamlit's element calls) and the rest (the server's main
  thread serialising and sending the messages);
- each Streamlit element call, inclusive (so `plotly_chart` includes plotly's JSON encoding);
- by package, the frame on top of the stack (analysis, ui, pages, streamlit, plotly, pandas, ...);
- the heaviest functions of our own code, inclusive.

JSON in bench/results/profile-<time>.json."""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATE_HZ = 1000  # samples per second
# Streamlit's element calls worth a line of their own: (file under streamlit/, function).
ELEMENTS = {
    ("plotly_chart.py", "plotly_chart"): "st.plotly_chart",
    ("arrow.py", "dataframe"): "st.dataframe",
    ("markdown.py", "markdown"): "st.markdown",
    ("markdown.py", "caption"): "st.caption",
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
    ("graphviz_chart.py", "graphviz_chart"): "st.graphviz_chart",
    ("cache_utils.py", "__call__"): "st.cache_* lookups",
}
PACKAGES = ("analysis", "ui", "pages", "bench", "streamlit", "plotly", "pandas", "pyarrow", "numpy", "citeproc")
FRAME = re.compile(r"^(?P<name>.+?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def package_of(file: str) -> str:
    path = Path(file)
    if len(path.parts) == 1 and (ROOT / "pages" / path).exists():  # py-spy names a page script by its file name
        path = ROOT / "pages" / path
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        relative = None
    if relative is not None and relative.parts and relative.parts[0] != ".venv":
        return "app.py" if relative.parts == ("app.py",) else relative.parts[0]
    for name in PACKAGES:
        if name in path.parts:
            return name
    return "python and other libraries"


def short_path(file: str) -> str:
    path = Path(file)
    if len(path.parts) == 1 and (ROOT / "pages" / path).exists():
        return f"pages/{path}"
    return str(path.relative_to(ROOT)) if path.is_absolute() and path.is_relative_to(ROOT) else file


def parse_stacks(raw: str) -> list[tuple[list[tuple[str, str]], int]]:
    """py-spy's raw (collapsed) output: one line per distinct stack, root first, then its sample count."""
    stacks = []
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = []
        for frame in stack.split(";"):
            match = FRAME.match(frame.strip())
            frames.append((match["name"], match["file"]) if match else (frame.strip(), ""))
        stacks.append((frames, int(count)))
    return stacks


def summarise(stacks, runs: int, client_ms: list[float], top: int = 15) -> dict:
    per_run = lambda samples: samples * 1000 / RATE_HZ / runs  # noqa: E731
    script = [(frames, n) for frames, n in stacks if any(name.endswith("_run_script") for name, _ in frames)]
    script_samples = sum(n for _, n in script)
    other_samples = sum(n for _, n in stacks) - script_samples
    elements: dict[str, int] = collections.Counter()
    packages: dict[str, int] = collections.Counter()
    own: dict[str, int] = collections.Counter()
    for frames, n in script:
        seen_elements, seen_own = set(), set()
        for name, file in frames:
            key = (Path(file).name, name.rsplit(".", 1)[-1])
            if key in ELEMENTS and "streamlit" in Path(file).parts:
                seen_elements.add(ELEMENTS[key])
            if package_of(file) in ("analysis", "ui", "pages", "bench", "app.py") and name != "<module>":
                seen_own.add(f"{short_path(file)}:{name}")
        for element in seen_elements:  # inclusive: a sample counts once per element on its stack
            elements[element] += n
        for function in seen_own:
            own[function] += n
        packages[package_of(frames[-1][1])] += n
    client_ms = sorted(client_ms)
    return {
        "runs": runs,
        "client_p50_ms": client_ms[len(client_ms) // 2],
        "script_thread_ms_per_run": per_run(script_samples),
        "other_threads_ms_per_run": per_run(other_samples),
        "elements": {name: per_run(n) for name, n in elements.most_common()},
        "packages_ms_per_run": {name: per_run(n) for name, n in packages.most_common()},
        "own_functions": {name: per_run(n) for name, n in own.most_common(top)},
    }


def profile(target_script: str, scenario, seconds: float, seed: int = 0, top: int = 15, warm: bool = True) -> dict:
    from bench.run import server_pid
    from bench.wsclient import Session
    from tests.e2e.harness import streamlit_server

    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    with streamlit_server(script=target_script) as base_url, tempfile.TemporaryDirectory() as tmp:
        session = Session(base_url)
        page = scenario.page

        def loop(duration_s: float, rnd: random.Random) -> list[float]:
            times, end = [], time.perf_counter() + duration_s
            while time.perf_counter() < end:
                if scenario.change is None:  # a page switch: a full run of the page, as from the sidebar
                    result = session.run(page)
                else:
                    result = session.run(changes=scenario.change(rnd, session.widgets))
                if not result.ok:
                    raise RuntimeError(f"run failed on /{page}: {result.exception_messages}")
                times.append(result.ms)
            return times

        session.run(page)
        loop(seconds if warm else 1.0, random.Random(seed))  # the same inputs as measured: every cache filled
        out = Path(tmp) / "stacks.txt"
        recorder = subprocess.Popen(
            [py_spy, "record", "--pid", str(server_pid(base_url)), "--rate", str(RATE_HZ), "--format", "raw",
             "--output", str(out), "--duration", str(int(seconds) + 2), "--nonblocking", "--gil"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(1.0)  # py-spy attaches
        client_ms = loop(seconds, random.Random(seed))
        _, errors = recorder.communicate(timeout=seconds + 30)
        session.close()
        if not out.exists():
            raise RuntimeError(f"py-spy recorded nothing: {errors.decode(errors='replace')[-500:]}")
        stacks = parse_stacks(out.read_text())
    return summarise(stacks, len(client_ms), client_ms, top)


def print_summary(label: str, s: dict) -> None:
    print(f"\n## {label}: {s['runs']} runs, client p50 {s['client_p50_ms']:.1f} ms")
    print(
        f"CPU per run: script thread {s['script_thread_ms_per_run']:.1f} ms, other threads (messages) "
        f"{s['other_threads_ms_per_run']:.1f} ms"
    )
    print("\n| element (inclusive) | ms per run |\n|---|---|")
    for name, ms in s["elements"].items():
        print(f"| {name} | {ms:.2f} |")
    print("\n| package (top of stack, script thread) | ms per run |\n|---|---|")
    for name, ms in s["packages_ms_per_run"].items():
        if ms >= 0.05:
            print(f"| {name} | {ms:.2f} |")
    print("\n| own function (inclusive) | ms per run |\n|---|---|")
    for name, ms in s["own_functions"].items():
        print(f"| `{name}` | {ms:.2f} |")


def main(argv: list[str] | None = None) -> int:
    from bench.run import RESULTS_DIR, TARGETS
    from bench.scenarios import by_name

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds of interactions recorded per page")
    parser.add_argument("--targets", default="app,same")
    parser.add_argument("--scenarios", default="risk,dose,switch")
    parser.add_argument("--top", type=int, default=15, help="how many of our own functions to list")
    parser.add_argument("--cold", action="store_true", help="no warm-up: new inputs miss the caches")
    args = parser.parse_args(argv)
    # "switch": full runs of the risk page, as when arriving from another page through the sidebar.
    scenarios = {"risk": by_name("risk"), "dose": by_name("dose")}
    scenarios["switch"] = scenarios["risk"].__class__(**{**scenarios["risk"].__dict__, "change": None})
    report = {}
    for name in args.scenarios.split(","):
        for target in args.targets.split(","):
            summary = profile(TARGETS[target], scenarios[name], args.seconds, top=args.top, warm=not args.cold)
            report[f"{name}/{target}"] = summary
            print_summary(f"{name} page, {target}", summary)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"profile-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=1))
    print(f"\nJSON: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
