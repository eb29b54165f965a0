"""Browser fixtures: Debian's Chromium driven by Playwright against a real `streamlit run` server."""

import os
import re

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


# On a page other than "/" (e.g. /sources), Streamlit's frontend first looks for its server under that path
# (/sources/_stcore/health, /sources/_stcore/host-config), gets a 404, then uses the root. Harmless: not an error.
BASE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


def _record_error(errors: list[str], message) -> None:
    if message.type != "error":
        return
    url = (message.location or {}).get("url", "")
    if BASE_PATH_PROBE.search(url):
        return
    errors.append(f"{message.text} ({url})" if url else message.text)


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900})
    console_errors: list[str] = []
    new_page = context.new_page()
    new_page.on("console", lambda message: _record_error(console_errors, message))
    new_page.console_errors = console_errors
    yield new_page
    context.close()
