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
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(closed.count()):  # the list shrinks as each one opens
        if closed.first.is_visible():
            closed.first.click()


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
