"""Click every download button on a page (in every tab, with expanders opened) and collect the files."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.harness import wait_for_run

# The labels of the reference-manager downloads under every source list (ui.chrome.render_reference_downloads).
REFERENCE_LABEL = re.compile(r"\((\.bib|\.ris|\.json)\)")


def data_download_buttons(page):
    """The download buttons for data (CSV, ZIP), without the BibTeX/RIS/CSL-JSON ones under source lists."""
    return page.get_by_test_id("stDownloadButton").filter(has_not_text=REFERENCE_LABEL)


# Clicks every closed expander's summary (a real click event each, as from a reader) and returns their places
# among all expanders (stable: an expander's content holds no expander).
CLICK_CLOSED = """() => {
  const all = [...document.querySelectorAll('[data-testid=stExpander]')];
  return all.filter(e => !e.querySelector(':scope details').open).map(e => {
    e.querySelector(':scope details > summary').click();
    return all.indexOf(e);
  });
}"""


def open_all_expanders(page) -> None:
    """Open every closed expander, as a reader clicking each would. Most draw their content only once open
    (ui.chrome.lazy_expander: a click reruns the page's fragment, and each rerun replaces the one before); wait
    for the app to settle, then for every opened expander's content. Clicked in the page, all at once: one
    Playwright click each waits for the page to stop moving, about a second per expander."""
    for _ in range(3):  # an opened expander can hold closed ones
        opened = page.evaluate(CLICK_CLOSED)
        if not opened:
            return
        wait_for_run(page)
        expanders = page.get_by_test_id("stExpander")
        for index in opened:
            details = expanders.nth(index).get_by_test_id("stExpanderDetails")
            details.get_by_test_id("stElementContainer").first.wait_for(state="attached")


def download_everything(page, target_dir: Path, *, references: bool = False, at_least: int = 0) -> dict[str, bytes]:
    """{suggested file name: bytes} for every data download button on the page (and the reference files'
    buttons too when `references` is true). With `at_least`, first wait until that many data download buttons
    are drawn: a button inside an expander is drawn by the rerun its opening starts, and the check that the app
    has finished running can pass before that rerun has begun."""
    files: dict[str, bytes] = {}
    tabs = page.get_by_role("tab")
    for tab_index in [None, *range(tabs.count())]:
        if tab_index is not None:
            tabs.nth(tab_index).click()
        open_all_expanders(page)
        if at_least and tab_index is None:
            data_download_buttons(page).nth(at_least - 1).wait_for(state="attached")
            wait_for_run(page)
        buttons = (page.get_by_test_id("stDownloadButton") if references else data_download_buttons(page)).locator(
            "button"
        )
        for index in range(buttons.count()):
            button = buttons.nth(index)
            if not button.is_visible():
                continue  # in another tab
            button.scroll_into_view_if_needed()
            with page.expect_download() as info:
                button.click()
            download = info.value
            path = target_dir / f"{len(files)}-{download.suggested_filename}"
            download.save_as(path)
            files[download.suggested_filename] = path.read_bytes()
    return files
