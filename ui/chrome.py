"""What every page shares: header with the disclaimer, sidebar, footer, and the way sources are listed."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis import (
    DATA_LICENCE,
    Dataset,
    build_date,
    cited_sources,
    format_citation,
    inline_citation,
    other_links,
    short_label,
    source_link,
    split_ids,
    verification_word,
)
from analysis.vocab import VERDICT_LABELS

from .text import escape_markdown

APP_TITLE = "Manganese & RLS Evidence Explorer"
DISCLAIMER = (
    "Educational, not medical advice. This dashboard checks a supplement guide's claims against published "
    "sources; it does not recommend doses or treatments. Ask a health professional about your own situation."
)
SOURCES_PAGE = "pages/sources.py"
GLOSSARY_ANCHOR = "glossary"
GLOSSARY_LINK = f"[Glossary of terms and abbreviations](sources#{GLOSSARY_ANCHOR})"
# A shape next to each verdict wherever it is shown, so the verdict never rests on colour.
VERDICT_ICONS = {
    "supported": ":material/check_circle:",
    "partly_supported": ":material/rule:",
    "unsupported": ":material/help:",
    "incorrect": ":material/cancel:",
    "no_evidence_found": ":material/search_off:",
}


def page_header(title: str, intro: str) -> None:
    st.title(title, anchor=False)
    st.caption(f":material/info: **Educational, not medical advice.** {intro}")


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
    st.caption(
        f"**Dataset version {escape_markdown(dataset.version)}**, built {escape_markdown(build_date(dataset))}. "
        f"**How to cite:** {escape_markdown(dataset_citation(dataset))} "
        f"Data licence {DATA_LICENCE}; code MIT. Every row names its sources; the full list, with links, the "
        "method and the full dataset are on the Sources page."
    )
    st.page_link(SOURCES_PAGE, label="Sources, method and how to cite", icon=":material/menu_book:")
    st.markdown(GLOSSARY_LINK)


def dataset_citation(dataset: Dataset) -> str:
    """The short in-line citation (the full one, and BibTeX, are on the Sources page)."""
    return inline_citation(dataset)


def render_source_list(
    source_ids: str | list[str], sources: pd.DataFrame, notes: Mapping[str, str] | None = None
) -> None:
    """A numbered list of full citations, each linked to its canonical address (and to its DOI and PubMed
    record where those differ), with its verification and, when given, a plain-text note per source id."""
    lines = []
    for number, (_, source) in enumerate(cited_sources(source_ids, sources).iterrows(), start=1):
        citation = escape_markdown(format_citation(source))
        link = source_link(source)
        linked = f"[{escape_markdown(short_label(source))}](<{link}>)" if link else escape_markdown(short_label(source))
        extra = " ".join(f"[{name}](<{url}>)" for name, url in other_links(source))
        verification = verification_word(source["verification"]).lower()
        note = (notes or {}).get(source["source_id"], "")
        lines.append(
            f"{number}. {linked}: {citation} {extra + ' ' if extra else ''}*Verification: {verification}.*"
            + (f" {escape_markdown(note)}" if note else "")
        )
    st.markdown("\n".join(lines))


def render_source_links_table(cited: pd.DataFrame, *, heading: str, key: str) -> None:
    """The table of source links under a filtered table (one row per row shown and source it cites)."""
    st.markdown(f"**{heading}** ({cited['Source'].nunique()})")
    st.dataframe(
        cited,
        hide_index=True,
        key=key,
        placeholder="–",
        column_config={
            "Citation": st.column_config.TextColumn(width="large"),
            "Link": st.column_config.LinkColumn(display_text="Open source", help="DOI, PubMed or the issuer's page"),
        },
    )


def render_claims(claim_ids: str, claims: pd.DataFrame) -> None:
    """The guide's claims with their verdicts and the plain-words assessment, as a bulleted list."""
    by_id = claims.set_index("claim_id")
    lines = []
    for claim_id in split_ids(claim_ids):
        claim = by_id.loc[claim_id]
        verdict = VERDICT_LABELS[claim["verdict"]]
        lines.append(
            f"- **{claim_id}** ({escape_markdown(claim['guide_section'])}): {escape_markdown(claim['claim'])} "
            f"**Verdict: {verdict}.** {escape_markdown(claim['assessment'])}"
        )
    st.markdown("\n".join(lines))
