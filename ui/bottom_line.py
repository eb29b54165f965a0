"""The short answer at the top of the risk page: the sentences of bottom_line.csv, a link to the claim behind each,
and links on to the dose page and the claim audit (st.page_link: same tab, no reload)."""

from __future__ import annotations

import streamlit as st

from analysis import Dataset, bottom_line_view

from .navigation import PAGE_FILES
from .text import escape_markdown


def render_bottom_line(dataset: Dataset) -> None:
    answer = bottom_line_view(dataset.bottom_line, dataset.claims)
    with st.container(border=True, key="bottom_line"):
        sentences = " ".join(
            f"{escape_markdown(row.statement.rstrip('.'))} ({row.claim_id})." for row in answer.itertuples(index=False)
        )
        st.markdown(f"**In short:** {sentences}")
        # One row of links (it wraps on a phone): the claim behind each sentence, then the pages to read next.
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key="bottom_line_links"):
            st.markdown("Behind each sentence, with its sources:", width="content")
            for claim_id in answer["claim_id"]:
                st.page_link(
                    PAGE_FILES["evidence"], label=f"Claim {claim_id}", query_params={"q": claim_id},
                    help=f"Claim {claim_id} on the claim audit: the verdict, the reason and the sources",
                )  # fmt: skip
            st.page_link(PAGE_FILES["dose"], label="Dose and risk: where a daily intake sits",
                         icon=":material/monitor_weight:")  # fmt: skip
            st.page_link(
                PAGE_FILES["evidence"],
                label=f"Claim audit: all {len(dataset.claims)} claims checked",
                icon=":material/fact_check:",
            )
