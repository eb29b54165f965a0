"""The one way the page tests open the app: AppTest on app.py, as a browser session would see it."""

from __future__ import annotations

import html
import re
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


def open_expanders(at: AppTest) -> AppTest:
    """Open every expander that draws its content only when open (ui.chrome.lazy_expander), as a reader clicking
    each would, and rerun until none is left closed (an opened one may hold more)."""
    from streamlit.runtime.state.common import user_key_from_element_id

    for _ in range(5):
        closed = [
            user_key_from_element_id(e.proto.id)
            for e in at.expander
            if e.proto.id and not at.session_state[user_key_from_element_id(e.proto.id)]
        ]
        if not closed:
            return at
        for key in closed:
            at.session_state[key] = True
        at.run()
        assert not at.exception
    raise AssertionError("expanders still closed after five rounds")


def answer_sentences(at) -> list[str]:
    """The dose answer card's sentences, in Markdown bold, from its live region (role="status": a screen reader
    announces the new answer after each change)."""
    [answer] = [m.value for m in at.markdown if m.value.startswith('<div role="status" aria-live="polite">')]
    return [f"**{html.unescape(line)}**" for line in re.findall(r"<p><strong>(.*?)</strong></p>", answer)]
