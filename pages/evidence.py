"""Claim audit (served at /evidence): every claim of the guide with its verdict, reason and sources."""

import streamlit as st

from analysis import (
    audited_guide,
    claims_download,
    filter_claims,
    sources_by_row,
    split_ids,
    to_csv_bytes,
    verdict_bar_figure,
    verdict_counts,
    verdict_summary_text,
)
from analysis.vocab import EVIDENCE_TYPE_LABELS, VERDICT_DEFINITIONS, VERDICT_LABELS, label
from ui.chrome import (
    VERDICT_ICONS,
    lazy_expander,
    page_header,
    render_cited_sources,
    render_source_list,
    verdict_line,
)
from ui.data import chart_theme, dataset_or_stop
from ui.expert_views import render_claim_profile
from ui.query import url_multiselect, url_search
from ui.text import escape_markdown

PAGE = "evidence"  # session keys of this page start with "evidence."
DOWNLOAD_NAME = "manganese_rls_claims.csv"

dataset = dataset_or_stop()
claims = dataset.claims
sources = dataset.sources
guide = audited_guide(sources)

page_header(
    "Claim audit",
    f"The guide on manganese and Restless Legs Syndrome (RLS) makes {len(claims)} claims. It cites no sources.",
)

with st.container(border=True):
    st.markdown(
        "**About the guide.** An article on an affiliate website: the page carries an “#ad” affiliate "
        "disclosure, and it names no sources for what it says.  \n"
        "**What this audit does:** it checks each claim against guidelines, regulatory assessments, reviews and "
        "studies, and says how well those sources back it.  \n"
        "**What it does not do:** judge the website or what it sells, review all research systematically, or "
        "advise anyone on whether to take manganese."
    )
    with st.expander("The guide in the source list", icon=":material/link:"):
        render_source_list([guide["source_id"]], sources)

st.subheader("Verdicts at a glance", anchor=False)
counts = verdict_counts(claims)
summary = verdict_summary_text(counts)
st.markdown(escape_markdown(summary))
st.plotly_chart(
    verdict_bar_figure(counts, chart_theme()),
    key="verdict_chart",
    config={"displayModeBar": False},
    alt=f"Bar chart of the verdicts on the guide's claims. {summary}",
)
with st.expander("What the verdicts mean", icon=":material/help_outline:"):
    st.markdown(
        "\n".join(
            f"- **{VERDICT_LABELS[code]}**: {escape_markdown(text)}" for code, text in VERDICT_DEFINITIONS.items()
        )
    )

filters = st.columns([1, 1])
verdicts = url_multiselect(
    filters[0], "Verdict", list(VERDICT_LABELS), page=PAGE, param="verdict", default=[], format_func=VERDICT_LABELS.get,
    placeholder="Any verdict",
)  # fmt: skip
search = url_search(filters[1], page=PAGE, placeholder="e.g. dopamine, iron, C7")

shown = filter_claims(claims, verdicts, search)
st.markdown(f"**{len(shown)} of {len(claims)} claims**")

if shown.empty:
    st.info(
        "No claim matches these filters. Widen the verdict filter or clear the search.",
        icon=":material/filter_alt_off:",
    )
else:
    st.download_button(
        "Download CSV",
        data=lambda: to_csv_bytes(claims_download(shown, sources)),
        file_name=DOWNLOAD_NAME,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="The claims shown, every column of claims.csv, and the full citation of each source.",
    )
    # One card per claim, not a table: the claim and the reason read whole at any width, the browser's find reaches
    # them, and a keyboard passes only the cards' own controls.
    for _, claim in shown.iterrows():
        with st.container(border=True, key=f"claim_card_{claim['claim_id']}"):
            evidence = ", ".join(label(EVIDENCE_TYPE_LABELS, code) for code in split_ids(claim["evidence_type"]))
            st.markdown(
                f"{VERDICT_ICONS.get(claim['verdict'], '')} **{claim['claim_id']}** · "
                f"{escape_markdown(claim['guide_section'])}  \n"
                f"**The guide claims:** {escape_markdown(claim['claim'])}"
            )
            st.markdown(
                f"{verdict_line(claim['verdict'], claim['verdict_summary'])}  \n"
                f"**Why:** {escape_markdown(claim['assessment'])}  \n"
                f"**Kind of evidence:** {escape_markdown(evidence)}"
            )
            with lazy_expander(
                f"Sources of {claim['claim_id']} ({len(split_ids(claim['source_ids']))})",
                icon=":material/menu_book:",
                key=f"claim_card_{claim['claim_id']}_open",
            ) as opened:
                if opened:
                    render_source_list(claim["source_ids"], sources)

    cited = sources_by_row(shown, sources, "claim_id", "Claim")
    render_cited_sources(cited, heading="Sources cited by these claims", key="claim_sources_table")
    render_claim_profile(shown["claim_id"].tolist(), dataset)
