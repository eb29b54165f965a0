"""Sections for a nutrition scientist or a sleep physician: the evidence profile of claims and risks,
supplements on their own, and the iron work-up as the RLS guidelines state it. Layout only: every table,
figure and sentence comes from analysis (evidence_profile, supplements, iron_workup)."""

from __future__ import annotations

import streamlit as st

from analysis import (
    Dataset,
    EvidenceProfile,
    to_csv_bytes,
    workup_source_ids,
)

from .charts import render_cells, render_chart_block
from .chrome import lazy_expander, render_source_list
from .data import evidence_profile, supplement_sentence, supplement_statements_list, workup_list
from .text import escape_markdown

PROFILE_METHOD = (
    "Each source a claim rests on is counted once under its study design (from `claim_sources.csv`); a risk "
    "counts the sources of its claims, each source once. *On human data* and *on animal data* count sources whose "
    "finding rests on people or on animals (a source can count for both). The profile counts designs: it is not a "
    "certainty rating, and no GRADE rating is given."
)
# Under the risk cards: why a card's count and its profile's differ (issue 20, one count, one meaning).
RISK_PROFILE_COUNTS = (
    "A risk's profile counts only the sources of the guide's claims behind it: fewer than the risk's card above, "
    "which lists every source cited for the risk, including those on exposure and on groups at higher risk. A "
    "source counts here whatever it found, so a risk whose claimed effect no source documents (kind of evidence: "
    "none found) still counts the sources that were consulted."
)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {escape_markdown(line)}" for line in lines)


def _render_profile(
    profile: EvidenceProfile | None, dataset: Dataset, *, name: str, key: str, file_name: str, summary: bool = True
) -> None:
    if profile is None:
        st.info(f"No {name.lower()} shown, so there is no evidence profile.", icon=":material/info:")
        return
    # On the risk page the summary is drawn by the caller, and the method only with the chart: in view, its code
    # span and italics would fetch two more fonts (about 0.2 MB) on a first visit.
    texts, method = ([_bullets(profile.summary_lines), PROFILE_METHOD], None) if summary else ([], PROFILE_METHOD)
    render_chart_block(profile.figure, key=key, texts=texts, data=profile.table, file_name=file_name, notes=method)
    with lazy_expander(
        "Each source behind the profile: design, subjects and finding", key=f"{key}_details_open"
    ) as opened:
        if opened:
            # Text, not a data grid: the findings read whole and are found by the browser's find, with the cells
            # a CSV of them would hold, as the chart data (ui.charts).
            render_cells(to_csv_bytes(profile.details), key=f"{key}_details")
            render_source_list(profile.source_ids, dataset.sources, download_key=f"{key}_refs")


def render_claim_profile(claim_ids: list[str], dataset: Dataset) -> None:
    """The evidence profile of the claims shown: sources per design, humans and animals, last checked."""
    st.subheader("Evidence profile of these claims", anchor=False)
    profile = evidence_profile("claim", claim_ids)
    _render_profile(profile, dataset, name="Claim", key="claim_profile", file_name="manganese_rls_claim_profile.csv")


def render_risk_profile(risk_ids: list[str], dataset: Dataset) -> None:
    """The evidence profile of the risks shown, each the union of its claims' sources. It sits below the risk
    page's first screen: the summary is shown, the chart is drawn only when opened (ui.charts), so a first visit
    does not load the chart library (about 1.4 MB compressed)."""
    st.subheader("Evidence profile of these risks", anchor=False)
    profile = evidence_profile("risk", risk_ids)
    if profile is not None:
        st.markdown(f"{_bullets(profile.summary_lines)}\n\n{RISK_PROFILE_COUNTS}")  # the counts' meaning, in view
    _render_profile(
        profile, dataset, name="Risk", key="risk_profile", file_name="manganese_rls_risk_profile.csv", summary=False
    )


def render_supplements(supplement_mg: float, dataset: Dataset, age_group: str = "adults") -> None:
    """Supplements on their own: the entered amount against the assessed doses, and each authority's statement."""
    st.subheader("Supplements on their own", anchor=False)
    statements = dataset.supplement_statements
    st.markdown(
        "The comparison above is for the total from food, water and supplements. Some authorities also speak "
        "about manganese from supplements as such; here is what each says, reported, not recommended."
    )
    st.markdown(escape_markdown(supplement_sentence(supplement_mg, age_group)))
    st.markdown(supplement_statements_list())  # a list, not a table: each statement wraps in full at any width
    with lazy_expander("Sources of these statements", key="supp_sources_open") as opened:
        if opened:
            render_source_list(list(dict.fromkeys(statements["source_id"])), dataset.sources, download_key="supp_refs")


def render_iron_workup(dataset: Dataset) -> None:
    """The iron work-up, line by line, as the guidelines state it."""
    st.subheader("The iron work-up, as the guidelines state it", anchor=False)
    st.markdown(
        "What the RLS guidelines say about iron tests, in their order: what is tested, when the sample is taken, "
        "how a result is read, and the thresholds for each route of iron. This reports the guidelines; it is not "
        "advice, and a clinician reads results in context."
    )
    st.markdown(workup_list())
    st.caption("A threshold marked unverified was not confirmed in the guideline's own text.")
    with lazy_expander("Sources of the work-up", key="workup_sources_open") as opened:
        if opened:
            render_source_list(workup_source_ids(dataset.iron_workup), dataset.sources, download_key="workup_refs")
