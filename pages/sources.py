"""Sources (served at /sources): every document the dataset cites, with its link and verification."""

import streamlit as st

from analysis import format_citation, short_label, source_link
from analysis.vocab import SOURCE_KIND_LABELS, VERIFICATION_LABELS
from ui.chrome import dataset_citation, page_header
from ui.data import dataset_or_stop
from ui.shell import enter_through_app_shell

enter_through_app_shell()
dataset = dataset_or_stop()
sources = dataset.sources

page_header(
    "Sources",
    "Every document the dataset cites, linked to its DOI, PubMed record or the issuing body's own page.",
)

st.subheader("How to cite", anchor=False)
st.code(dataset_citation(dataset) + " Data licence CC BY 4.0.", language=None, wrap_lines=True)

st.subheader(f"{len(sources)} sources", anchor=False)
st.caption(
    "Verification says how the source was confirmed: **primary** means it was read in the issuing body's own "
    "document or record; **secondary** means it was confirmed only in part or through a reproduction."
)
table = sources.assign(
    Source=sources.apply(short_label, axis=1),
    Citation=sources.apply(format_citation, axis=1),
    Kind=sources["kind"].map(SOURCE_KIND_LABELS),
    Verification=sources["verification"].map(lambda v: VERIFICATION_LABELS[v].split(" (")[0]),
    Link=sources.apply(source_link, axis=1),
)[["Source", "Citation", "Kind", "Verification", "Link"]]
st.dataframe(
    table,
    hide_index=True,
    key="sources_table",
    column_config={
        "Citation": st.column_config.TextColumn(width="large"),
        "Link": st.column_config.LinkColumn(help="DOI, PubMed or the issuing body's page"),
    },
)
