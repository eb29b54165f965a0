"""One home for the pages: app.py registers exactly ui.navigation.PAGES, served_url trims exactly their paths, and
every page file stays within the size the developers' guide allows."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, ROOT
from ui import chrome
from ui.navigation import PAGE_PATHS, PAGES

MAX_PAGE_LINES = 250


def test_app_registers_exactly_the_pages_of_ui_navigation():
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    registered = [(Path(info["script_path"]).relative_to(ROOT).as_posix(), info["url_pathname"], info["page_name"])
                  for info in at._registered_pages.values()]  # fmt: skip
    assert registered == [(page.file, page.url_path, page.title) for page in PAGES]


def test_the_address_trimming_uses_the_same_paths():
    assert chrome.PAGE_PATHS is PAGE_PATHS
    assert "PAGE_PATHS =" not in (ROOT / "ui" / "chrome.py").read_text(encoding="utf-8")
    assert "st.Page(" not in (ROOT / "app.py").read_text(encoding="utf-8")


def test_every_page_file_has_at_most_250_lines():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in (ROOT / "pages").glob("*.py")}
    assert len(sizes) == len(PAGES)
    assert {name: size for name, size in sizes.items() if size > MAX_PAGE_LINES} == {}
