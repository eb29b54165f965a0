"""The same-elements floor: what the app's pages cost Streamlit to draw, without the app's own data work.

Each page draws the same elements as the app's page of the same URL (same widgets and labels, the same
st.fragment around the interactive part, the same markdown, figures, tables, expanders and download buttons,
with the same content on the default view), from values computed once per process with the app's own
analysis functions. A widget change only picks precomputed values: the risk page picks the cards of the
chosen risks; the dose page shows its default view's tables and picks, for the supplement amount and the age
the benchmark sends, a precomputed risk chart and life-stage chart (so the browser redraws the figures the app
redraws). So app / this floor is what the app's own code costs per interaction (filtering, building figures,
formatting), and this floor / the minimal floor (bench/floor_app.py) is what the page's elements cost. Only the
risk and dose pages (the interactive ones) are mirrored; the other pages are the minimal floor's.
"""

import contextlib
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import (  # noqa: E402
    build_evidence_profile,
    classify_intake,
    inline_citation,
    load_dataset,
    resolve_data_dir,
    risk_sources_view,
    risk_table_view,
    split_ids,
    supplement_sentence,
)
from analysis import dose as model  # noqa: E402
from analysis.dose_charts import (  # noqa: E402
    ferritin_figure,
    ferritin_table,
    life_stage_figure,
    life_stage_table,
    risk_bands_table,
    risk_by_intake_figure,
    route_figure,
    route_table,
)
from analysis.vocab import VERDICT_LABELS  # noqa: E402
from ui.text import (  # noqa: E402
    cited_sources_markdown,
    escape_markdown,
    source_list_markdown,
    supplement_statements_markdown,
    workup_markdown,
)

DISCLAIMER = "Educational, not medical advice. This floor draws the app's elements from precomputed values."
PLOT_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]]}


def source_list(data, source_ids) -> tuple[str, list[str]]:
    """The app's own citation list (ui.text.source_list_markdown), for ids as a list or a semicolon-separated cell."""
    ids = split_ids(source_ids) if isinstance(source_ids, str) else list(source_ids)
    return source_list_markdown(data, tuple(ids), ())


@st.cache_resource
def precomputed() -> dict:
    """Everything the two mirrored pages show, computed once per process."""
    data = load_dataset(resolve_data_dir())
    risks, sources = data.risks, data.sources
    view = risk_table_view(risks, sources)
    claims = data.claims.set_index("claim_id")
    cards = {}
    for (_, risk), (_, row) in zip(risks.iterrows(), view.iterrows(), strict=True):
        claim_lines = [
            f"- **{c}** ({escape_markdown(claims.loc[c, 'guide_section'])}): {escape_markdown(claims.loc[c, 'claim'])} "
            f"**Verdict: {VERDICT_LABELS[claims.loc[c, 'verdict']]}.** {escape_markdown(claims.loc[c, 'assessment'])}"
            for c in split_ids(risk["claim_ids"])
        ]
        sources_md, ids = source_list(data, risk["source_ids"])
        cards[risk["risk_id"]] = {
            "type": risk["risk_type"],
            "verdict": f"**Verdict: {VERDICT_LABELS[risk['verdict']]}**  \nKind of evidence: "
            + escape_markdown(", ".join(row["Evidence type"]).lower()),
            "guide": f"**What the guide says**  \n{escape_markdown(risk['guide_says'])}",
            "evidence": f"**What the evidence says**  \n{escape_markdown(risk['evidence_says'])}",
            "groups": f"**Groups at higher risk, from the sources**  \n{escape_markdown(risk['at_risk_groups'])}",
            "expander": f"The guide's claims ({', '.join(row['Guide claims'])}) and {len(row['Sources'])} sources",
            "routes": f"**How people are exposed:** {escape_markdown(', '.join(row['Exposure routes']))}",
            "claims": "\n".join(claim_lines),
            "sources": sources_md,
            "ids": ids,
        }
    cited = risk_sources_view(risks, sources)
    # The evidence profile under the cards, for all four risks, built by the app's own function.
    evidence = build_evidence_profile(data, "risk", risks["risk_id"])
    profile = {
        "figure": evidence.figure,
        "text": "; ".join(evidence.summary_lines),
        "table": evidence.table,
        "details": evidence.details,
        "sources": source_list(data, evidence.source_ids)[0],
    }
    # The dose page's default view: an adult woman, US values, no supplement.
    result = classify_intake(2.3, age_years=30.0, sex="female", reference_values=data.reference_values)
    bands = risk_bands_table(result, data.risk_by_intake, data.risks, data.sources)
    stages = life_stage_table(data.reference_values, ["IOM"])
    water, air = route_table(data.reference_values, "drinking_water"), route_table(data.reference_values, "inhalation")
    thresholds = ferritin_table(data.iron_context)
    chart_sources, _ = source_list(data, stages["source_id"].tolist())
    # The figures a dose input redraws in the app, one per value the benchmark sends (bench/scenarios.py), so the
    # browser redraws here what it redraws there: the risk chart's total and the life-stage chart's age marker.
    totals = {step / 2: result.with_intake(2.3 + step / 2) for step in range(41)}
    risk_variants = {supp: risk_by_intake_figure(r, bands) for supp, r in totals.items()}
    stage_variants = {age: life_stage_figure(stages, age) for age in (1.0, 8.0, 16.0, 30.0, 70.0)}
    charts = [
        ("risk_chart_IOM", risk_by_intake_figure(result, bands), bands, model.intake_sentence(result)),
        ("life_stage_chart", life_stage_figure(stages, 30.0), stages, model.life_stage_sentence(stages)),
        ("water_chart", route_figure(water, value_column="value_ug_per_l", unit="µg/L"), water, "Water values."),
        ("air_chart", route_figure(air, value_column="value", unit="mg/m³"), air, model.air_sentence(air)),
        ("ferritin_chart", ferritin_figure(thresholds, None), data.iron_context, "Enter a ferritin value."),
    ]
    return {
        "risk_ids": risks["risk_id"].tolist(),
        "names": dict(zip(risks["risk_id"], risks["risk_type"], strict=True)),
        "cards": cards,
        "profile": profile,
        "cited_list": cited_sources_markdown(cited, "Every source these risks cite"),
        "cited_ids": cited["source_id"].tolist() if "source_id" in cited.columns else [],
        "footer": f"**Dataset version {escape_markdown(data.version)}**. **How to cite:** "
        + escape_markdown(inline_citation(data)),
        "version": f"Dataset version {escape_markdown(data.version)}",
        "answer": [model.intake_sentence(result), "Your total is made of food only."],
        "charts": charts,
        "risk_variants": risk_variants,
        "stage_variants": stage_variants,
        "chart_sources": chart_sources,
        "supplement_sentence": escape_markdown(supplement_sentence(0.0, data.supplement_statements, data.sources)),
        "supplements": supplement_statements_markdown(data),
        "workup": workup_markdown(data),
    }


@contextlib.contextmanager
def lazy(label: str, key: str, **kwargs):
    """As ui.chrome.lazy_expander: the content is drawn only while the expander is open."""
    with st.expander(label, key=key, on_change="rerun", **kwargs) as box:
        yield bool(box.open)


def reference_buttons(key: str) -> None:
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption("Download these references for a reference manager:", width="content")
        for kind in ("BibTeX", "RIS", "CSL-JSON"):
            st.download_button(kind, data=lambda: b"", file_name="refs.txt", on_click="ignore", key=f"{key}_{kind}")


def header(title: str) -> None:
    st.title(title, anchor=False)
    st.caption(":material/info: **Educational, not medical advice.** Same-elements floor.")


def risk_page() -> None:
    values = precomputed()
    header("Risks the guide lists")

    @st.fragment
    def filtered() -> None:
        selected = st.multiselect(
            "Risk type", values["risk_ids"], default=values["risk_ids"], format_func=values["names"].get, key="risk"
        )
        filters = st.columns([2, 2, 1], vertical_alignment="bottom")
        filters[0].multiselect("Verdict", list(VERDICT_LABELS), format_func=VERDICT_LABELS.get, key="verdict")
        filters[1].text_input("Search", key="q", icon=":material/search:")
        chosen = [r for r in values["risk_ids"] if r in selected]
        filters[2].markdown(f"**{len(chosen)} of {len(values['risk_ids'])} risks**")
        if not chosen:
            st.info("No risk matches these filters.")
            return
        filters[2].download_button("Download CSV", data=lambda: b"", file_name="risks.csv", on_click="ignore")
        for risk_id in chosen:
            card = values["cards"][risk_id]
            with st.container(border=True, key=f"risk_card_{risk_id}"):
                heading, verdict = st.columns([1, 2], vertical_alignment="center")
                heading.subheader(card["type"], anchor=False)
                verdict.markdown(card["verdict"])
                guide, evidence = st.columns([4, 5], gap="medium")
                guide.markdown(card["guide"])
                evidence.markdown(card["evidence"])
                guide.markdown(card["groups"])
                with lazy(card["expander"], f"risk_card_{risk_id}_open", icon=":material/menu_book:") as opened:
                    if opened:
                        st.markdown(card["routes"])
                        st.markdown(card["claims"])
                        st.markdown("**Sources**")
                        st.markdown(card["sources"])
                        reference_buttons(f"refs_{risk_id}")
        # The minimal cost of the table under the cards: the precomputed table of every source, shown whole
        # when its expander is opened (as on the app's page, issue 22).
        with lazy("Every source these risks cite, with links", "risk_sources_table_open") as opened:
            if opened:
                st.markdown(values["cited_list"])
                reference_buttons("risk_sources_table_refs")
        profile = values["profile"]
        st.subheader("Evidence profile of these risks", anchor=False)
        st.markdown(escape_markdown(profile["text"]))
        with lazy("risk_profile (chart and data table)", "risk_profile_open") as opened:
            if opened:
                st.plotly_chart(profile["figure"], config=PLOT_CONFIG, key="risk_profile")
                st.table(profile["table"], hide_index=True)
                st.download_button("Download CSV", data=lambda: b"", file_name="p.csv", on_click="ignore", key="d_p")
        with lazy(
            "Each source behind the profile: design, subjects and finding", "risk_profile_details_open"
        ) as opened:
            if opened:
                st.dataframe(profile["details"], hide_index=True, key="risk_profile_details")
                st.markdown(profile["sources"])
                reference_buttons("risk_profile_refs")

    filtered()


def chart_block(key: str, figure, text: str, data, sources_md: str | None) -> None:
    """As ui.charts.render_chart_block: the text, then the chart and its static data table drawn only when opened."""
    st.markdown(escape_markdown(text))
    with lazy(f"{key} (chart and data table)", f"{key}_open") as opened:
        if opened:
            st.plotly_chart(figure, config=PLOT_CONFIG, key=key)
            st.markdown("**The chart's data**, as in the CSV file below:")
            st.table(data, hide_index=True)
            st.download_button(
                "Download CSV", data=lambda: b"", file_name=f"{key}.csv", on_click="ignore", key=f"d_{key}"
            )
    if sources_md is not None:
        with lazy("Sources of these values", f"{key}_sources_open") as opened:
            if opened:
                st.markdown(sources_md)
                reference_buttons(f"refs_{key}")


def sources_section(title: str, intro: str, listing: str, expander: str, key: str) -> None:
    """The dose page's expert sections (supplements on their own, the iron work-up): text, a list, its sources."""
    st.subheader(title, anchor=False)
    st.markdown(intro)
    st.markdown(listing)
    with lazy(expander, key) as opened:
        if opened:
            st.markdown("Sources.")
            reference_buttons(f"refs_{key}")


def dose_page() -> None:
    values = precomputed()
    header("Dose and risk category")

    @st.fragment
    def dose_view() -> None:
        with st.container(border=True):
            who = st.columns(4)
            age = who[0].number_input("Age (years)", value=30.0, step=1.0, format="%.1f", key="age")
            who[1].selectbox("Sex", ["Female", "Male"], key="sex")
            who[2].selectbox("Life stage", ["Not pregnant or lactating", "Pregnant", "Lactating"], key="stage")
            who[3].selectbox("Reference values", ["US (IOM)", "EU (EFSA)", "Both, side by side"], key="authority")
            intake = st.columns(4)
            intake[0].number_input("Food (mg/day)", value=None, step=0.1, format="%.2f", key="food")
            supp = intake[1].number_input("Supplements (mg/day)", value=0.0, step=0.5, format="%.2f", key="supp")
            intake[2].number_input("Tap water (µg/L of manganese)", value=0.0, step=10.0, format="%.0f", key="water")
            intake[3].number_input("Water drunk (L/day)", value=0.0, step=0.25, format="%.2f", key="litres")
            with lazy("Convert a label's salt weight to elemental manganese", "salt_open") as opened:
                if opened:
                    st.markdown("Salt converter.")
                    columns = st.columns([2, 1])
                    columns[0].selectbox("Salt", ["Manganese gluconate"], key="salt")
                    columns[1].number_input("Salt per day (mg)", value=0.0, step=10.0, key="salt_mg")
                    st.markdown("0 mg of salt is 0 mg of manganese.")
        with st.container(border=True, key="dose_answer"):
            for sentence in values["answer"]:
                st.markdown(escape_markdown(sentence))
        sources_section(
            "Supplements on their own", values["supplement_sentence"], values["supplements"],
            "Sources of these statements", "supp_sources_open",
        )  # fmt: skip
        charts = list(values["charts"])
        key, figure, data, text = charts[0]
        charts[0] = (key, values["risk_variants"].get(supp, figure), data, text)
        key, figure, data, text = charts[1]
        charts[1] = (key, values["stage_variants"].get(age, figure), data, text)
        titles = ["1. Risk by intake", "2. Reference values across life stages"]
        for title, (key, figure, data, text) in zip(titles, charts[:2], strict=True):
            st.subheader(title, anchor=False)
            chart_block(key, figure, text, data, values["chart_sources"])
        st.subheader("3. Other routes, other units", anchor=False)
        for tab, (key, figure, data, text) in zip(
            st.tabs(["Drinking water", "Workplace air"]), charts[2:4], strict=True
        ):
            with tab:
                chart_block(key, figure, text, data, None)
        st.subheader("4. Iron context", anchor=False)
        st.container(width=320).number_input("Serum ferritin, optional (ng/mL)", value=None, step=5.0, key="ferritin")
        key, figure, data, text = charts[4]
        chart_block(key, figure, text, data, values["chart_sources"])
        sources_section(
            "The iron work-up, as the guidelines state it", "What the RLS guidelines say about iron tests.",
            values["workup"], "Sources of the work-up", "workup_sources_open",
        )  # fmt: skip

    dose_view()


def other_page(title: str) -> None:
    header(title)
    st.dataframe({"Item": ["A", "B", "C"]}, hide_index=True)


st.set_page_config(page_title="Same-elements floor", layout="wide")
navigation = st.navigation(
    [
        st.Page(risk_page, title="Risk table", default=True),
        st.Page(lambda: other_page("Claim audit"), title="Claim audit", url_path="evidence"),
        st.Page(lambda: other_page("Mechanism"), title="Mechanism", url_path="mechanism"),
        st.Page(dose_page, title="Dose and risk", url_path="dose"),
        st.Page(lambda: other_page("Sources"), title="Sources and method", url_path="sources"),
    ]
)
with st.sidebar:
    st.markdown("**Manganese & RLS Evidence Explorer**")
    st.info(DISCLAIMER, icon=":material/health_and_safety:")
    st.caption(precomputed()["version"])
navigation.run()
st.divider()
st.caption(precomputed()["footer"])
st.page_link("https://example.org", label="Sources, method and how to cite")
