"""Start a real `streamlit run` server and a real Debian Chromium; shared by the browser tests and
`make screenshots`. No sleeps: the server is ready when /_stcore/health says ok, a page is ready when
Streamlit marks its script as not running."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the machine has no outside network; avoid noisy refused calls
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
RUN_FINISHED = "[data-testid='stApp'][data-test-script-state='notRunning']"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
DRAWN = "[data-testid='stMain'] [data-testid='stElementContainer']"


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(port: int, script: str = "app.py", address: str = "127.0.0.1") -> list[str]:
    """The command that serves the app: the tests, `make cluster` and the Dockerfile's CMD all use it."""
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def _open_files_limit(limit: int):
    """preexec_fn for Popen: the child may hold at most `limit` file handles (like `ulimit -n`)."""

    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    return apply


@contextlib.contextmanager
def streamlit_server(
    env: dict[str, str] | None = None, script: str = "app.py", max_open_files: int | None = None
) -> Iterator[str]:
    """Yield the base URL of a running server; stop it (by its process id) afterwards.

    `max_open_files` runs the server as under `ulimit -n` (the denial-of-service tests)."""
    port = free_port()
    # Into a file, not a pipe nobody reads: a server flooding its log must not block on a full pipe.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            server_command(port, script),
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
            preexec_fn=_open_files_limit(max_open_files) if max_open_files else None,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(base_url, process, log=log)
            yield base_url
        finally:
            stop_process(process)


def wait_for_health(
    base_url: str, process: subprocess.Popen, timeout_s: float = SERVER_START_TIMEOUT_S, log=None
) -> None:
    """Poll /_stcore/health until it says ok; `log` is the server's stderr file when not a pipe."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if log is not None:
                log.seek(0)
            output = (log or process.stderr).read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"streamlit exited early: {output}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            if response.status == 200 and response.read().strip() == b"ok":
                return
        time.sleep(0.1)  # polling interval, not a wait for readiness
    raise TimeoutError(f"{base_url} did not become healthy in {timeout_s} s")


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for_run(page, timeout_ms: int = 30_000) -> None:
    """Wait until the app is connected, its script has drawn something and finished, and no skeleton
    placeholders remain. The drawn element matters on a page's first load: the app reports "not running"
    before its first run starts too (seen on a fresh server under load)."""
    page.wait_for_selector(CONNECTED, state="attached", timeout=timeout_ms)
    page.wait_for_selector(DRAWN, state="attached", timeout=timeout_ms)
    page.wait_for_selector(RUN_FINISHED, state="attached", timeout=timeout_ms)
    page.get_by_test_id("stSkeleton").first.wait_for(state="detached", timeout=timeout_ms)


@contextlib.contextmanager
def chromium_browser(executable: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# The end of every chart expander's label (ui.charts.chart_label): the chart is drawn only once it is opened.
CHART_EXPANDER = "(chart and data table)"
# Clicks the toggle of every closed chart expander, in hidden tabs too (a real click event each, as from a
# reader); returns how many it opened.
OPEN_CHART_EXPANDERS = """label => [...document.querySelectorAll('[data-testid=stExpander] details')]
    .filter(d => !d.open && d.querySelector(':scope > summary').innerText.includes(label))
    .map(d => d.querySelector(':scope > summary').click()).length"""


def open_charts(page, timeout_ms: int = 30_000) -> int:
    """Open every chart's expander on the page and wait until each chart is drawn (its SVG in place, for
    the charts in view; a chart in a hidden tab is drawn once its tab is shown). Returns the number of charts
    on the page."""
    from playwright.sync_api import expect

    toggles = page.locator("[data-testid='stExpander'] summary").filter(has_text=CHART_EXPANDER)
    toggles.first.wait_for(timeout=timeout_ms)  # a page still settling after its first run may not show them yet
    charts = page.get_by_test_id("stPlotlyChart")
    drawn = charts.count()  # charts outside an expander (the claim audit's verdicts), and any opened before
    opened = page.evaluate(OPEN_CHART_EXPANDERS, CHART_EXPANDER)
    expect(charts).to_have_count(drawn + opened, timeout=timeout_ms)  # drawn by the reruns the toggles start
    wait_for_run(page, timeout_ms)
    for index in range(charts.count()):
        if charts.nth(index).is_visible():
            charts.nth(index).locator(".main-svg").first.wait_for(timeout=timeout_ms)
    return charts.count()
