"""Dose and risk category (served at /dose): where a daily intake sits for a population, per authority.

Layout and widget wiring only: inputs are parsed and checked by analysis.dose.DoseInputs, sentences come
from analysis.dose, figures from ui.data (cached builders in analysis.dose_charts)."""

import streamlit as st

from analysis import dose as model  # the page's model: input checks and every sentence (model.<name>)
from analysis.risk_levels import age_group, manganese_from
from ui.charts import render_chart_block
from ui.chrome import page_header, render_glossary_link
from ui.data import (
    dataset_or_stop,
    efsa_child_range,
    ferritin_chart,
    intake_chart,
    iron_stores,
    levels_at,
    life_stage_chart,
    route_chart,
    typical_intake,
)
from ui.expert_views import render_iron_workup, render_supplements
from ui.query import number_from_url, report_ignored, state_key, url_number_input, url_selectbox
from ui.run_slots import in_run_slot
from ui.salt_converter import render_salt_converter
from ui.text import escape_markdown, status_html

PAGE = "dose"  # session keys of this page start with "dose."
DEFAULTS = model.DoseInputs()
LAST_VALID = state_key(PAGE, "last_valid")
MIN_INPUT_WIDTH_PX = 150  # two inputs a row in the 326 px inside the input box on a 390 px phone
INVALID_INPUTS = "Some inputs are not valid (see the messages by them); the charts show the last valid inputs."

dataset_or_stop()  # the page stops here, with one message, when the data are broken

page_header(
    "Dose and risk",
    "How much manganese a day? US: the Institute of Medicine (IOM). EU: the European Food Safety Authority (EFSA).",
)
render_glossary_link()


def number_input(column, label: str, name: str, **kwargs):
    return url_number_input(column, label, page=PAGE, param=name, default=getattr(DEFAULTS, name), **kwargs)


def choice(column, label: str, name: str):
    return url_selectbox(column, label, model.CHOICES[name], page=PAGE, param=name, default=getattr(DEFAULTS, name))


def render_inputs(dataset) -> tuple[dict, dict]:
    """Draw the inputs; return their raw values and, per input, the spot for its message."""
    raw, spots = {}, {}
    with st.container(border=True):
        # One grid of eight cells: four a row on a laptop, two a row on a phone (where columns would stack them
        # one a row and push the answer below the first screen and a half).
        grid = st.grid(4, min_column_width=MIN_INPUT_WIDTH_PX)
        who = [grid.cell() for _ in range(4)]
        raw["age"] = number_input(who[0], "Age (years)", "age", step=1.0, format="%.1f", help="0.5 is six months.")
        raw["sex"] = choice(who[1], "Sex", "sex")
        raw["stage"] = choice(who[2], "Life stage", "stage")
        raw["authority"] = choice(who[3], "Reference values", "authority")
        # An input's message goes at the end of its own column, under it: no placeholder element per input.
        spots |= dict(zip(("age", "sex", "stage", "authority"), who, strict=True))

        intake = [grid.cell() for _ in range(4)]
        raw["food"] = number_input(
            intake[0], "Food (mg/day)", "food", step=0.1, format="%.2f", placeholder="typical",
            help="Leave empty to count the typical intake of your population (the answer below says which).",
        )  # fmt: skip
        raw["supp"] = number_input(
            intake[1], "Supplements (mg/day)", "supp", step=0.5, format="%.2f",
            help="Elemental manganese, as on the label (the converter below works it out from a salt's weight).",
        )  # fmt: skip
        raw["water"] = number_input(intake[2], "Tap water (µg/L of manganese)", "water", step=10.0, format="%.0f")
        raw["litres"] = number_input(intake[3], "Water drunk (L/day)", "litres", step=0.25, format="%.2f")
        spots |= dict(zip(("food", "supp", "water", "litres"), intake, strict=True))
        render_salt_converter(dataset.atomic_weights, page=PAGE)
    return raw, spots


def render_answer(inputs: model.DoseInputs, parts, typical) -> list:
    """The answer card: where the total sits for each authority, and what it is made of."""
    form = manganese_from(parts.supplement_mg, parts.water_mg)  # the levels differ by what the manganese is
    results = [
        intake_chart(parts.total_mg, inputs.age, inputs.sex, inputs.stage, name, form) for name in inputs.authorities
    ]
    with st.container(border=True, key="dose_answer"):
        child_range = efsa_child_range(inputs.age)
        # A live region (role="status"): a screen reader says the new answer after each input change (WCAG 4.1.3).
        answer = [model.intake_sentence(result, child_range) for result, _bands, _draw_figure in results]
        st.markdown(status_html(*answer), unsafe_allow_html=True)
        st.markdown(escape_markdown(model.parts_sentence(inputs, parts, typical)))
    return results


def render_risk_by_intake(dataset, results, parts) -> None:
    st.subheader("1. Risk by intake", anchor=False)
    st.markdown(
        "The levels are for the general population: no study links a manganese intake to Restless Legs Syndrome "
        "(RLS). Each row is one of the guide's risks. The bands are the intake categories for your population: "
        "below the Adequate Intake (AI), from the AI up to the upper value, and above it. Open the chart below to "
        "see it with a table of each band's level, reason and sources (pointing at a band shows them too). The levels "
        "depend on what the manganese is (food only, with a supplement, with drinking water) and on the authority. "
        "Above EFSA's safe level the risk is not characterised: EFSA did not define the intake at which risk starts "
        "to rise."
    )
    compared = []
    for column, (result, bands, draw_figure) in zip(st.columns(len(results)), results, strict=True):
        with column:
            if len(results) > 1:
                st.markdown(f"**{result.authority}**")
            cited = [s for s in (result.ai_source_id, result.upper_source_id, result.upper_note_source_id) if s]
            if draw_figure is None:
                st.info("No chart: there is no reference value for this population.", icon=":material/info:")
                continue
            levels = levels_at(result.category, result.authority, result.manganese_from, result.age_group)
            compared.append((result, levels))
            cited = list(dict.fromkeys([*cited, *model.level_source_ids(levels)]))
            render_chart_block(
                draw_figure, key=f"risk_chart_{result.authority}",
                texts=[escape_markdown(model.levels_sentence(levels, result, parts))],
                data=bands, file_name=f"manganese_risk_by_intake_{result.authority}.csv", source_ids=cited,
                sources=dataset.sources,
            )  # fmt: skip
    difference = model.authority_difference_sentence(compared)
    if difference:
        st.markdown(escape_markdown(difference))


def render_life_stages(dataset, inputs: model.DoseInputs) -> None:
    st.subheader("2. Reference values across life stages", anchor=False)
    stages, figure = life_stage_chart(inputs.authorities, inputs.age)
    render_chart_block(
        figure, key="life_stage_chart", texts=[escape_markdown(model.life_stage_sentence(stages))], data=stages,
        file_name="manganese_reference_values_by_age.csv", source_ids=stages["source_id"].tolist(),
        sources=dataset.sources,
    )  # fmt: skip


def render_other_routes(inputs: model.DoseInputs) -> None:
    st.subheader("3. Other routes, other units", anchor=False)
    water_tab, air_tab = st.tabs(["Drinking water (µg/L)", "Workplace air (mg/m³)"])
    with water_tab:
        water_values, figure = route_chart("drinking_water", inputs.water or None)
        render_chart_block(
            figure, key="water_chart", texts=[model.water_sentence(inputs.water, water_values)], data=water_values,
            file_name="manganese_drinking_water_values.csv",
        )  # fmt: skip
    with air_tab:
        air_values, figure = route_chart("inhalation")
        render_chart_block(
            figure, key="air_chart", texts=[model.air_sentence(air_values)], data=air_values,
            file_name="manganese_workplace_air_limits.csv",
        )  # fmt: skip


def render_iron(dataset, ferritin: float | None, problem: str | None) -> None:
    st.subheader("4. Iron context", anchor=False)
    # A narrow input by its own width, not the first of four columns (three empty ones for the browser to draw).
    column = st.container(width=320)
    number_input(
        column, "Serum ferritin, optional (ng/mL)", "ferritin", step=5.0, format="%.0f", placeholder="not given",
        help="Places a lab value against the RLS guidelines' thresholds in the chart below.",
    )  # fmt: skip
    if problem:
        column.error(problem, icon=":material/error:")
    sentence, iron_source_ids = iron_stores()
    st.markdown(sentence)
    _thresholds, figure = ferritin_chart(ferritin)
    where = (
        model.ferritin_sentence(ferritin, dataset.iron_context)
        if ferritin is not None
        else "Enter a ferritin value to place it against the guidelines' thresholds (optional)."
    )
    render_chart_block(
        figure, key="ferritin_chart",
        texts=[where, "Dashed lines are values confirmed only in a secondary source; dotted lines are values not "
               "confirmed in the guideline's own text (unverified)."],
        data=dataset.iron_context, file_name="manganese_iron_context.csv",
        source_ids=iron_source_ids,
        sources=dataset.sources,
    )  # fmt: skip


@st.fragment
@in_run_slot
def dose_view() -> None:
    """Inputs and all that follows from them: a change reruns this fragment, not the shell. The dataset is
    fetched again, so data broken between two runs still gives its message."""
    dataset = dataset_or_stop()
    # Its input is drawn in the iron section, after the inputs are checked, so its link value is read first.
    report_ignored("ferritin", number_from_url(PAGE, "ferritin", DEFAULTS.ferritin))
    raw, spots = render_inputs(dataset)
    raw["ferritin"] = st.session_state[state_key(PAGE, "ferritin")]
    inputs, problems = model.DoseInputs.parse(raw)
    for name in problems.keys() & spots.keys():
        spots[name].error(problems[name], icon=":material/error:")
    if inputs is None:
        st.warning(INVALID_INPUTS, icon=":material/warning:")
        inputs = st.session_state.get(LAST_VALID, DEFAULTS)
    else:
        st.session_state[LAST_VALID] = inputs

    typical = typical_intake(inputs.age, inputs.sex, inputs.typical_authority)
    parts = inputs.parts(typical)
    intake_results = render_answer(inputs, parts, typical)
    render_supplements(inputs.supp, dataset, age_group(inputs.age))
    render_risk_by_intake(dataset, intake_results, parts)
    render_life_stages(dataset, inputs)
    render_other_routes(inputs)
    render_iron(dataset, inputs.ferritin, problems.get("ferritin"))
    render_iron_workup(dataset)


dose_view()
