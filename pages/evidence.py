"""Claim audit (served at /evidence): every claim of the guide with its verdict, reason and sources."""

import streamlit as st

from analysis import (
    audited_guide,
    claims_download,
    claims_view,
    filter_claims,
    sources_by_row,
    split_ids,
    to_csv_bytes,
    verdict_bar_figure,
    verdict_counts,
    verdict_summary_text,
)
from analysis.vocab import EVIDENCE_TYPE_LABELS, VERDICT_DEFINITIONS, VERDICT_LABELS, label
from ui.chrome import VERDICT_ICONS, page_header, render_source_links_table, render_source_list
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
    f"The guide on manganese and Restless Legs Syndrome (RLS) makes {len(claims)} distinct claims and cites no "
    "sources. Each claim is paraphrased here, "
    "checked against published evidence and given a verdict, with the reason and the sources.",
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
    st.dataframe(
        claims_view(shown, sources),
        hide_index=True,
        height="content",
        key="claims_table",
        column_config={
            "Claim": st.column_config.TextColumn(width="small", pinned=True),
            "Verdict": st.column_config.TextColumn(width="medium"),
            "What the guide claims": st.column_config.TextColumn(width="large", help="Paraphrased"),
            "Why": st.column_config.TextColumn(width="large", help="What the evidence says, in plain words"),
            "Evidence type": st.column_config.ListColumn(),
            "Sources": st.column_config.ListColumn(help="Full citations and links are listed under the table"),
            "Guide section": st.column_config.TextColumn(width="medium"),
        },
    )
    st.download_button(
        "Download CSV",
        data=lambda: to_csv_bytes(claims_download(shown, sources)),
        file_name=DOWNLOAD_NAME,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="The claims shown, every column of claims.csv, and the full citation of each source.",
    )

    cited = sources_by_row(shown, sources, "claim_id", "Claim")
    render_source_links_table(cited, heading="Sources cited by these claims", key="claim_sources_table")
    render_claim_profile(shown["claim_id"].tolist(), dataset)

    st.subheader("Each claim in full", anchor=False)
    for _, claim in shown.iterrows():
        verdict = label(VERDICT_LABELS, claim["verdict"])
        with st.expander(
            f"**{claim['claim_id']}** · {verdict}: {escape_markdown(claim['claim'])}",
            icon=VERDICT_ICONS.get(claim["verdict"]),
        ):
            evidence = ", ".join(label(EVIDENCE_TYPE_LABELS, code) for code in split_ids(claim["evidence_type"]))
            st.markdown(
                f"**Verdict: {verdict}.** {escape_markdown(claim['assessment'])}  \n"
                f"**Evidence type:** {escape_markdown(evidence)}  \n"
                f"**Where the guide says it:** {escape_markdown(claim['guide_section'])}"
            )
            st.markdown("**Sources**")
            render_source_list(claim["source_ids"], sources)
