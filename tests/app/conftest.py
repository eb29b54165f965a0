"""The one way the page tests open the app: AppTest on app.py, as a browser session would see it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DEFAULT_PAGE = "pages/risks.py"


def open_page(page: str = DEFAULT_PAGE, query: dict | None = None, theme: str | None = None) -> AppTest:
    """Run app.py (its default page first, as a fresh browser session does), then open `page` with the
    link's query parameters, so the page reads them as a pasted link. Fails on any exception."""
    at = AppTest.from_file(APP, default_timeout=30)
    if theme:
        at.context = {"theme": theme}
    if page == DEFAULT_PAGE:
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
    else:
        at.run()
        at.switch_page(page)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
    assert not at.exception
    return at
