"""Click every download button on a page (in every tab, with expanders opened) and collect the files."""

from __future__ import annotations

import re
from pathlib import Path

# The labels of the reference-manager downloads under every source list (ui.chrome.render_reference_downloads).
REFERENCE_LABEL = re.compile(r"\((\.bib|\.ris|\.json)\)")


def data_download_buttons(page):
    """The download buttons for data (CSV, ZIP), without the BibTeX/RIS/CSL-JSON ones under source lists."""
    return page.get_by_test_id("stDownloadButton").filter(has_not_text=REFERENCE_LABEL)


def open_all_expanders(page) -> None:
    """Click every closed expander open, as a reader would. Most draw their content only once open
    (ui.chrome.lazy_expander: the click reruns the page's fragment), so wait for each one's content."""
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(closed.count()):  # the list shrinks as each one opens
        summary = closed.filter(visible=True).first
        if not summary.count():
            return  # the rest are in another tab
        # Its place among all expanders: a locator filtered on "closed" would move on to the next one once clicked.
        index = summary.evaluate(
            "s => [...document.querySelectorAll('[data-testid=stExpander]')]"
            ".indexOf(s.closest('[data-testid=stExpander]'))"
        )
        expander = page.get_by_test_id("stExpander").nth(index)
        summary.click()
        expander.get_by_test_id("stExpanderDetails").get_by_test_id("stElementContainer").first.wait_for(
            state="attached"
        )


def download_everything(page, target_dir: Path, *, references: bool = False) -> dict[str, bytes]:
    """{suggested file name: bytes} for every data download button on the page (and the reference files'
    buttons too when `references` is true)."""
    files: dict[str, bytes] = {}
    tabs = page.get_by_role("tab")
    for tab_index in [None, *range(tabs.count())]:
        if tab_index is not None:
            tabs.nth(tab_index).click()
        open_all_expanders(page)
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
