"""What every page shares: header with the disclaimer, sidebar, footer, and the way sources are listed."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from analysis import (
    DATA_LICENCE,
    REFERENCE_FORMATS,
    Dataset,
    app_address,
    build_date,
    inline_citation,
    reference_file,
    reference_file_name,
    split_ids,
)
from analysis.vocab import VERDICT_LABELS

from .data import dataset_or_stop, source_list
from .navigation import PAGE_FILES, PAGE_PATHS
from .text import cited_sources_markdown, escape_markdown

APP_TITLE = "Manganese & RLS Evidence Explorer"
DISCLAIMER = (
    "Educational, not medical advice. This dashboard checks a supplement guide's claims against published "
    "sources; it does not recommend doses or treatments. Ask a health professional about your own situation."
)
SOURCES_PAGE = PAGE_FILES["sources"]
GLOSSARY_PAGE = PAGE_FILES["glossary"]
GLOSSARY_ANCHOR = "glossary"
# A shape next to each verdict wherever it is shown, so the verdict never rests on colour.
VERDICT_ICONS = {
    "supported": ":material/check_circle:",
    "partly_supported": ":material/rule:",
    "unsupported": ":material/help:",
    "incorrect": ":material/cancel:",
    "no_evidence_found": ":material/search_off:",
}
# The operator's setting for the address the dashboard is served at (docs/deploy.md); else st.context.url.
PUBLIC_URL_ENV = "MNRLS_PUBLIC_URL"
REFERENCES_STEM = "manganese-rls-references"


def page_header(title: str, intro: str) -> None:
    st.title(title, anchor=False)
    # Normal text, not a faint caption: the disclaimer and the page's purpose carry meaning.
    st.markdown(f":material/info: **Educational, not medical advice.** {intro}")


def render_sidebar() -> None:
    """Title and disclaimer: drawn before the data loads, so they show even when the data is broken."""
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        st.info(DISCLAIMER, icon=":material/health_and_safety:")


def render_dataset_version(dataset: Dataset) -> None:
    st.sidebar.caption(
        f"Dataset version {escape_markdown(dataset.version)} · built {escape_markdown(build_date(dataset))}"
    )


def render_footer(dataset: Dataset) -> None:
    """Provenance on every page: dataset version, build date, citation, licence and the way to the sources."""
    st.divider()
    # One block of text with the glossary link in it (was a separate Markdown element on every page).
    st.caption(
        f"**Dataset version {escape_markdown(dataset.version)}**, built {escape_markdown(build_date(dataset))}. "
        f"**How to cite:** {escape_markdown(dataset_citation(dataset))} "
        f"Data licence {DATA_LICENCE}; code MIT. Every row names its sources; the full list, with links, the "
        "method and the full dataset are on the Sources page."
    )
    st.page_link(SOURCES_PAGE, label="Sources, method and how to cite", icon=":material/menu_book:")
    render_glossary_link()


def render_glossary_link() -> None:
    """A link to the glossary page: the same tab, no reload of the app (a Markdown link opens a new tab)."""
    st.page_link(GLOSSARY_PAGE, label="Glossary of terms and abbreviations", icon=":material/dictionary:")


def dataset_citation(dataset: Dataset) -> str:
    """The short in-line citation (the full one, and BibTeX, are on the Sources page)."""
    return inline_citation(dataset)


def served_url() -> str | None:
    """The address the dashboard is served at: $MNRLS_PUBLIC_URL when the operator set a valid http(s)
    address, else the address the browser reached this session through (st.context.url, without the page's
    path); None when neither is known (then citations carry no address, never a placeholder)."""
    configured = app_address(os.environ.get(PUBLIC_URL_ENV, ""), ())
    return configured or app_address(st.context.url, PAGE_PATHS)


def render_reference_downloads(
    source_ids: list[str], sources: pd.DataFrame, *, stem: str = REFERENCES_STEM, key: str | None = None
) -> None:
    """One row of download buttons, BibTeX, RIS and CSL-JSON, for the sources given, built only when clicked.

    The widget keys derive from `key`, else from the ids; when the same list shows twice on a page, the
    second gets a numbered key, in page order, so the keys stay the same from one run to the next."""
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        return
    base = key or "refs_" + hashlib.sha256(";".join(ids).encode("utf-8")).hexdigest()[:12]
    noun = "reference" if len(ids) == 1 else f"{len(ids)} references"
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(f"Download {'this' if len(ids) == 1 else 'these'} {noun} for a reference manager:", width="content")
        for number in range(1, 100):
            unique = base if number == 1 else f"{base}_{number}"
            try:
                _reference_buttons(ids, sources, stem=stem, key=unique)
                return
            except StreamlitDuplicateElementKey:
                continue


def _reference_buttons(ids: list[str], sources: pd.DataFrame, *, stem: str, key: str) -> None:
    for kind, (extension, mime) in REFERENCE_FORMATS.items():
        st.download_button(
            f"{kind} (.{extension})",
            data=lambda kind=kind: reference_file(kind, ids, sources),
            file_name=reference_file_name(stem, kind),
            mime=mime,
            on_click="ignore",
            type="tertiary",
            icon=":material/download:",
            key=f"{key}_{extension}",
            help=f"The references listed here as a {kind} file, made from sources.csv.",
        )


@contextlib.contextmanager
def lazy_expander(label: str, *, key: str, **kwargs) -> Iterator[bool]:
    """An expander whose content is drawn only while it is open (yields True then). Opening or closing it reruns
    the fragment it sits in, so the tables, source lists and download buttons of closed expanders cost nothing
    on the runs a filter or an input change makes."""
    with st.expander(label, key=key, on_change="rerun", **kwargs) as box:
        yield bool(box.open)


def render_source_list(
    source_ids: str | list[str],
    sources: pd.DataFrame,
    notes: Mapping[str, str] | None = None,
    *,
    downloads: bool = True,
    download_key: str | None = None,
) -> None:
    """A numbered list of full citations of the dataset's sources (ui.text.source_list_markdown, cached), then
    (unless `downloads` is False) the list as BibTeX, RIS and CSL-JSON downloads built from `sources`."""
    ids = split_ids(source_ids) if isinstance(source_ids, str) else list(source_ids)
    markdown, listed = source_list(ids, notes)
    st.markdown(markdown)
    if downloads:
        render_reference_downloads(listed, sources, key=download_key)


def render_cited_sources(cited: pd.DataFrame, *, heading: str, key: str) -> None:
    """The sources the rows shown cite, as a list (ui.text.cited_sources_markdown), then the same sources as
    BibTeX, RIS and CSL-JSON downloads."""
    st.markdown(cited_sources_markdown(cited, heading))
    render_reference_downloads(cited["source_id"].tolist(), dataset_or_stop().sources, key=f"{key}_refs")


def verdict_line(verdict: str, summary: str) -> str:
    """'**Verdict: Partly supported** — what the sources back and what they do not' (Markdown, summary escaped)."""
    return f"**Verdict: {VERDICT_LABELS[verdict]}** — {escape_markdown(summary)}."


def render_claims(claim_ids: str, claims: pd.DataFrame) -> None:
    """The guide's claims with their verdicts and the plain-words assessment, as a bulleted list."""
    by_id = claims.set_index("claim_id")
    lines = []
    for claim_id in split_ids(claim_ids):
        claim = by_id.loc[claim_id]
        lines.append(
            f"- **{claim_id}** ({escape_markdown(claim['guide_section'])}): {escape_markdown(claim['claim'])} "
            f"{verdict_line(claim['verdict'], claim['verdict_summary'])} {escape_markdown(claim['assessment'])}"
        )
    st.markdown("\n".join(lines))
