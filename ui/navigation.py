"""The one list of the dashboard's pages: app.py builds st.navigation from it, and the URL paths it gives are the
ones trimmed from a page's address to find the app's own (ui.chrome.served_url)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str  # in the navigation and, with the app's name, in the browser tab
    icon: str
    url_path: str = ""  # "" for the default page, served at /
    hidden: bool = False  # routable, reached through links, not listed in the navigation


PAGES = (
    PageSpec("pages/risks.py", "Risk table", ":material/table_chart:"),
    PageSpec("pages/evidence.py", "Claim audit", ":material/fact_check:", "evidence"),
    PageSpec("pages/mechanism.py", "Mechanism", ":material/account_tree:", "mechanism"),
    PageSpec("pages/dose.py", "Dose and risk", ":material/monitor_weight:", "dose"),
    PageSpec("pages/sources.py", "Sources and method", ":material/menu_book:", "sources"),
    PageSpec("pages/terms.py", "Glossary", ":material/dictionary:", "glossary", hidden=True),
)
# The url_path of every page but the default one.
PAGE_PATHS = tuple(page.url_path for page in PAGES if page.url_path)
PAGE_FILES = {page.url_path or "risks": page.file for page in PAGES}


def navigation_pages() -> list:
    """st.Page objects for st.navigation, in menu order."""
    return [
        st.Page(
            page.file,
            title=page.title,
            icon=page.icon,
            url_path=page.url_path or None,
            default=not page.url_path,
            visibility="hidden" if page.hidden else "visible",
        )
        for page in PAGES
    ]
