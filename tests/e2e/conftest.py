"""Browser fixtures: Debian's Chromium driven by Playwright against a real `streamlit run` server."""

import os
import re
from urllib.parse import urlparse

import pytest

from tests.e2e.harness import chromium_browser, find_chromium, streamlit_server


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path:
        return path
    reason = "Debian's chromium is not installed (apt-get install chromium): browser tests cannot run"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(f"SKIPPED LOUDLY: {reason}")


@pytest.fixture(scope="session")
def browser(chromium_path):
    with chromium_browser(chromium_path) as launched:
        yield launched


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as base_url:
        yield base_url


# On a page URL such as /dose, Streamlit's frontend first probes /dose/_stcore/health and
# /dose/_stcore/host-config to find its base path; the 404s it gets there are expected.
BASE_PATH_PROBE = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")


@pytest.fixture
def page(browser):
    """A fresh browser page that records console errors and failed requests (`page.problems`)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900})
    problems: list[str] = []
    new_page = context.new_page()

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400 and not BASE_PATH_PROBE.match(urlparse(response.url).path):
            problems.append(f"HTTP {response.status}: {response.url}")

    new_page.on("console", on_console)
    new_page.on("response", on_response)
    new_page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    new_page.problems = problems
    yield new_page
    context.close()


def require_tool(found: bool, reason: str) -> None:
    """A Debian package the test needs: a loud skip on a developer's machine without it, a failure in CI."""
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(f"SKIPPED LOUDLY: {reason}")
