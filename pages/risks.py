"""Risk table (the default page, served at /): filter the guide's four risks, read the verdicts, download.

One bordered card per risk, every card with the same fields in the same place, so the page reads as a table
whose long texts wrap instead of being cut; on a phone the two text columns stack."""

import streamlit as st

from analysis import risk_table_download, to_csv_bytes
from analysis.vocab import VERDICT_LABELS
from ui.bottom_line import render_bottom_line
from ui.chrome import (
    VERDICT_ICONS,
    lazy_expander,
    page_header,
    render_cited_sources,
    render_claims,
    render_source_list,
    verdict_line,
)
from ui.data import dataset_or_stop, risk_views
from ui.expert_views import render_risk_profile
from ui.query import url_pills, url_search
from ui.run_slots import in_run_slot
from ui.text import escape_markdown, status_html

PAGE = "risks"  # session keys of this page start with "risks."
DOWNLOAD_NAME = "manganese_rls_risks.csv"

dataset = dataset_or_stop()
risks = dataset.risks
risk_ids = risks["risk_id"].tolist()
risk_names = dict(zip(risks["risk_id"], risks["risk_type"], strict=True))

page_header(
    "Risks the guide lists",
    "The guide names four risks of manganese in Restless Legs Syndrome (RLS). Each is set beside the evidence.",
)
render_bottom_line(dataset)


@st.fragment
@in_run_slot
def filtered_risks() -> None:
    """Filters and what they select: a filter change reruns this, not the sidebar, header and footer (st.fragment).
    The dataset is fetched again in the fragment, so data broken between two runs still gives its message."""
    dataset = dataset_or_stop()
    risks = dataset.risks
    # Pills, one tap each: choosing one risk type shows only it; none chosen shows them all.
    selected = url_pills(
        st, "Risk type", risk_ids, page=PAGE, param="risk", format_func=risk_names.get,
        help="Tap a risk type to show only it, more to add them; with none chosen, all four show.",
    )  # fmt: skip
    # Verdict, search and the count share a row on a laptop, so the first risk card is whole in the first screen.
    filters = st.columns([4, 2, 1], vertical_alignment="bottom")
    verdicts = url_pills(
        filters[0], "Verdict", list(VERDICT_LABELS), page=PAGE, param="verdict", format_func=VERDICT_LABELS.get,
        help="Tap a verdict to show only the risks with it; with none chosen, any verdict shows.",
    )  # fmt: skip
    search = url_search(filters[1], page=PAGE, placeholder="e.g. iron, welders")

    views = risk_views(selected or risk_ids, verdicts, search)
    # The count sits above the download button; a live region (role="status"), so a screen reader says the new
    # count after each filter change (WCAG 4.1.3). The HTML is this fixed wrapper around two numbers.
    filters[2].markdown(status_html(f"{len(views.cards)} of {len(risks)} risks"), unsafe_allow_html=True)

    if not views.cards:
        st.info(
            "No risk matches these filters. Choose other risk types or verdicts, or clear the search.",
            icon=":material/filter_alt_off:",
        )
    else:
        filters[2].download_button(
            "Download CSV",
            data=lambda: to_csv_bytes(risk_table_download(views.shown, dataset.sources)),
            file_name=DOWNLOAD_NAME,
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            help="The risks shown, every column of risks.csv, and the full citation of each source.",
            width="stretch",
        )
        for risk, row in views.cards:
            with st.container(border=True, key=f"risk_card_{risk['risk_id']}"):
                # Heading and verdict one above the other, not in a row of columns: three fewer blocks per card for
                # the phone to build (issue 22), and the verdict line gets the card's full width.
                st.subheader(risk["risk_type"], anchor=False)
                st.markdown(
                    f"{VERDICT_ICONS[risk['verdict']]} {verdict_line(risk['verdict'], risk['verdict_summary'])}  \n"
                    "Kind of evidence for the claimed effect: "
                    f"{escape_markdown(', '.join(row['Evidence type']).lower())}"
                )
                # The guide's text is short, the evidence long: the evidence gets the wider column, and the groups at
                # higher risk (from the sources, not the guide) fill the space under the guide's words, in the same
                # Markdown block (one element, not two).
                guide_column, evidence_column = st.columns([4, 5], gap="medium")
                guide_column.markdown(
                    f"**What the guide says**  \n{escape_markdown(risk['guide_says'])}\n\n"
                    f"**Groups at higher risk, from the sources**  \n{escape_markdown(risk['at_risk_groups'])}"
                )
                evidence_column.markdown(f"**What the evidence says**  \n{escape_markdown(risk['evidence_says'])}")
                with lazy_expander(
                    f"The guide's claims ({', '.join(row['Guide claims'])}) and all {len(row['Sources'])} sources "
                    "cited for this risk",
                    icon=":material/menu_book:", key=f"risk_card_{risk['risk_id']}_open",
                ) as opened:  # fmt: skip
                    if opened:
                        st.markdown(f"**How people are exposed:** {escape_markdown(', '.join(row['Exposure routes']))}")
                        render_claims(risk["claim_ids"], dataset.claims)
                        st.markdown("**Sources**")
                        render_source_list(risk["source_ids"], dataset.sources)

        # Below the first screen: drawn when the reader opens it.
        with lazy_expander(
            f"Every source these risks cite ({views.cited_count}), with links",
            icon=":material/link:", key="risk_sources_table_open",
        ) as opened:  # fmt: skip
            if opened:
                render_cited_sources(views.cited, heading="Every source these risks cite", key="risk_sources_table")
    render_risk_profile(views.risk_ids, dataset)


filtered_risks()
