"""Risk table (the default page, served at /): filter the guide's four risks, read the verdicts, download."""

import streamlit as st

from analysis import risk_table_download, to_csv_bytes
from analysis.vocab import VERDICT_LABELS
from ui.chrome import page_header, render_claims, render_source_links_table, render_source_list
from ui.data import dataset_or_stop, risk_views
from ui.query import url_multiselect, url_search
from ui.text import escape_markdown

PAGE = "risks"  # session keys of this page start with "risks."
DOWNLOAD_NAME = "manganese_rls_risks.csv"
SECTIONS = (
    ("What the guide says", "guide_says"),
    ("What the evidence says", "evidence_says"),
    ("Groups at higher risk", "at_risk_groups"),
)

dataset = dataset_or_stop()
risks = dataset.risks
risk_ids = risks["risk_id"].tolist()
risk_names = dict(zip(risks["risk_id"], risks["risk_type"], strict=True))

page_header(
    "Risks the guide lists",
    "The guide names four risks of manganese for people with Restless Legs Syndrome but cites nothing. "
    "Each row shows what the guide says, what the evidence says, and the sources.",
)

filters = st.columns([2, 1, 1])
selected = url_multiselect(
    filters[0], "Risk type", risk_ids, page=PAGE, param="risk", default=risk_ids, format_func=risk_names.get,
    placeholder="Choose one or more risk types",
)  # fmt: skip
verdicts = url_multiselect(
    filters[1], "Verdict", list(VERDICT_LABELS), page=PAGE, param="verdict", default=[], format_func=VERDICT_LABELS.get,
    placeholder="Any verdict",
)  # fmt: skip
search = url_search(filters[2], page=PAGE, placeholder="e.g. iron, welders")

shown, view, cited = risk_views(selected, verdicts, search)
st.markdown(f"**{len(shown)} of {len(risks)} risks**")

if shown.empty:
    st.info(
        "No risk matches these filters. Choose at least one risk type, widen the verdict filter or clear the search.",
        icon=":material/filter_alt_off:",
    )
else:
    st.dataframe(
        view,
        hide_index=True,
        key="risk_table",
        column_config={
            "Risk type": st.column_config.TextColumn(width="medium", pinned=True),
            "Verdict": st.column_config.TextColumn(width="medium"),
            "What the guide says": st.column_config.TextColumn(width="large"),
            "What the evidence says": st.column_config.TextColumn(width="large"),
            "Evidence type": st.column_config.ListColumn(),
            "Groups at higher risk": st.column_config.TextColumn(width="medium"),
            "Exposure routes": st.column_config.ListColumn(),
            "Guide claims": st.column_config.ListColumn(help="Claims of the guide this risk rests on"),
            "Sources": st.column_config.ListColumn(help="Full citations and links are listed under the table"),
        },
    )
    st.download_button(
        "Download CSV",
        data=lambda: to_csv_bytes(risk_table_download(shown, dataset.sources)),
        file_name=DOWNLOAD_NAME,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="The rows shown, every column of risks.csv, and the full citation of each source.",
    )

    render_source_links_table(cited, heading="Sources cited by these rows", key="risk_sources_table")

    st.subheader("Each risk in full", anchor=False)
    for _, risk in shown.iterrows():
        with st.expander(f"{risk['risk_type']} · {VERDICT_LABELS[risk['verdict']]}"):
            for heading, column in SECTIONS:
                st.markdown(f"**{heading}**  \n{escape_markdown(risk[column])}")
            st.markdown("**The guide's claims behind this risk**")
            render_claims(risk["claim_ids"], dataset.claims)
            st.markdown("**Sources**")
            render_source_list(risk["source_ids"], dataset.sources)
