"""Dose and risk category (served at /dose): where an intake sits for a population, per authority."""

import streamlit as st

from analysis import classify_intake, to_csv_bytes
from analysis.dose import (
    IRON_STORES_SOURCE_IDS,
    IntakeParts,
    check_input,
    efsa_child_range,
    ferritin_sentence,
    intake_sentence,
    iron_stores_sentence,
    levels_at,
    levels_sentence,
    typical_intake,
)
from analysis.salts import CONVERTER_CAPTION, LABEL_NAMES, conversion_sentence, salt_conversions
from ui.chrome import page_header, render_source_list
from ui.data import dataset_or_stop, ferritin_chart, intake_chart, life_stage_chart, route_chart
from ui.query import choice_from_url, number_from_url, report_ignored, write_to_url
from ui.text import escape_markdown

SEXES = {"female": "Female", "male": "Male"}
STAGES = {"none": "Not pregnant or lactating", "pregnant": "Pregnant", "lactating": "Lactating"}
AUTHORITIES = {"IOM": "US (IOM)", "EFSA": "EU (EFSA)", "both": "Both, side by side"}
DEFAULTS = {"age": 30.0, "sex": "female", "stage": "none", "authority": "IOM", "food": None, "supp": 0.0,
            "water": 0.0, "litres": 0.0, "ferritin": None}  # fmt: skip
NUMBER_INPUTS = {"age": "age", "food": "food", "supp": "supplement", "water": "water_ug_per_l",
                 "litres": "water_litres", "ferritin": "ferritin"}  # fmt: skip
LAST_VALID = "_dose_last_valid"
PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}

dataset = dataset_or_stop()
values = dataset.reference_values

page_header(
    "Dose and risk category",
    "Where a daily manganese intake sits against US (IOM) and EU (EFSA) reference values for one population, "
    "and what the evidence says about each of the guide's risks at that intake. The guide itself gives no numbers.",
)

ignored = {key: number_from_url(key, DEFAULTS[key]) for key in NUMBER_INPUTS}
ignored |= {
    "sex": choice_from_url("sex", list(SEXES), DEFAULTS["sex"]),
    "stage": choice_from_url("stage", list(STAGES), DEFAULTS["stage"]),
    "authority": choice_from_url("authority", list(AUTHORITIES), DEFAULTS["authority"]),
}
for key, bad in ignored.items():
    report_ignored(key, bad)

problems: dict[str, str] = {}


def number_input(column, label: str, key: str, **kwargs):
    value = column.number_input(label, key=key, on_change=write_to_url, args=(key, DEFAULTS[key]), **kwargs)
    message = None if value is None and DEFAULTS[key] is None else check_input(NUMBER_INPUTS[key], value)
    if message:
        problems[key] = message
        column.error(message, icon=":material/error:")
    return value


def choice(column, label: str, key: str, options: dict[str, str]):
    return column.selectbox(
        label, list(options), format_func=options.get, key=key, on_change=write_to_url, args=(key, DEFAULTS[key])
    )


with st.container(border=True):
    st.markdown("**Who**")
    who = st.columns(4)
    age = number_input(who[0], "Age (years)", "age", step=1.0, format="%.1f", help="Infants: 0.5 is six months.")
    sex = choice(who[1], "Sex", "sex", SEXES)
    stage = choice(who[2], "Life stage", "stage", STAGES)
    authority = choice(who[3], "Reference values", "authority", AUTHORITIES)

    typical = None if "age" in problems else typical_intake(values, age, sex, "EFSA" if authority == "EFSA" else "IOM")
    st.markdown("**Daily intake**")
    intake_columns = st.columns(4)
    typical_hint = (
        f"Empty = typical intake, {typical['value']:g} mg/day ({escape_markdown(typical['note'])})"
        if typical
        else "Empty = 0: the data has no typical intake for this population."
    )
    food = number_input(
        intake_columns[0], "Food (mg/day)", "food", step=0.1, format="%.2f", placeholder="typical", help=typical_hint
    )
    supplement = number_input(
        intake_columns[1],
        "Supplements (mg/day)",
        "supp",
        step=0.5,
        format="%.2f",
        help="Elemental manganese, as on the label.",
    )
    water = number_input(intake_columns[2], "Tap water (µg/L of manganese)", "water", step=10.0, format="%.0f")
    litres = number_input(intake_columns[3], "Water drunk (L/day)", "litres", step=0.25, format="%.2f")

    with st.expander("Convert a label's salt weight to elemental manganese"):
        st.caption(CONVERTER_CAPTION)
        salt_columns = st.columns([2, 1])
        salt_id = salt_columns[0].selectbox("Salt", list(LABEL_NAMES), format_func=lambda s: LABEL_NAMES[s][0])
        salt_mg = salt_columns[1].number_input("Salt per day (mg)", value=0.0, step=10.0, key="salt_mg")
        try:  # the range is checked here, not only by the widget
            conversions = salt_conversions(salt_id, salt_mg, dataset.atomic_weights)
        except (ValueError, TypeError) as exc:
            salt_columns[1].error(str(exc), icon=":material/error:")
        else:
            st.markdown(conversion_sentence(salt_id, salt_mg, conversions))

    ferritin = number_input(
        st.columns(4)[0],
        "Serum ferritin, optional (ng/mL)",
        "ferritin",
        step=5.0,
        format="%.0f",
        placeholder="not given",
        help="Places a lab value against RLS guideline thresholds in the iron panel below.",
    )

inputs = {"age": age, "sex": sex, "stage": stage, "authority": authority, "food": food, "supp": supplement,
          "water": water, "litres": litres, "ferritin": ferritin}  # fmt: skip
authorities = ["IOM", "EFSA"] if authority == "both" else [authority]
if not problems:
    try:
        for name in authorities:
            classify_intake(0, age_years=age, sex=sex, life_stage=stage, authority=name, reference_values=values)
    except ValueError as exc:
        problems["stage"] = str(exc)
        who[2].error(str(exc), icon=":material/error:")
if problems:
    st.warning(
        "Some inputs are not valid (see the messages next to them). The charts below still show the last valid inputs.",
        icon=":material/warning:",
    )
    inputs = st.session_state.get(LAST_VALID, {**DEFAULTS})
else:
    st.session_state[LAST_VALID] = inputs

age, sex, stage = inputs["age"], inputs["sex"], inputs["stage"]
authorities = ["IOM", "EFSA"] if inputs["authority"] == "both" else [inputs["authority"]]
typical = typical_intake(values, age, sex, "EFSA" if inputs["authority"] == "EFSA" else "IOM")
food_mg = inputs["food"] if inputs["food"] is not None else (float(typical["value"]) if typical else 0.0)
parts = IntakeParts(food_mg, inputs["supp"], inputs["water"], inputs["litres"])


def chart_data(table, file_name: str, key: str) -> None:
    with st.expander("Chart data"):
        st.dataframe(table, hide_index=True)
        st.download_button(
            "Download CSV",
            data=lambda: to_csv_bytes(table),
            file_name=file_name,
            mime="text/csv",
            on_click="ignore",
            key=key,
            icon=":material/download:",
        )


st.subheader("Your total", anchor=False)
totals = st.columns(4)
for column, (name, amount) in zip(
    totals,
    [
        ("Food", parts.food_mg),
        ("Supplements", parts.supplement_mg),
        ("Drinking water", parts.water_mg),
        ("Total", parts.total_mg),
    ],
    strict=True,
):
    column.metric(f"{name}, mg/day", f"{amount:.2f}")
if inputs["food"] is None:
    st.caption(
        f"Food is the typical intake for this population: {typical['value']:g} mg/day. "
        f"{escape_markdown(typical['note'])} ({typical['authority']}, source: {typical['source_id']})"
        if typical
        else "Food is counted as 0: the data has no typical intake for this population. Enter your own estimate."
    )

st.subheader("1. Risk by intake", anchor=False)
st.caption(
    "Each row is one of the guide's risks. The bands are the intake categories for your population: below the "
    "Adequate Intake (AI), from the AI up to the upper value, and above it. Hover a band for the level, why, and "
    "its sources."
)
chart_columns = st.columns(len(authorities))
for column, name in zip(chart_columns, authorities, strict=True):
    with column:
        result, bands, figure = intake_chart(parts.total_mg, age, sex, stage, name)
        st.markdown(f"**{escape_markdown(intake_sentence(result, efsa_child_range(values, age)))}**")
        if figure is None:
            st.info("No chart: there is no reference value for this population.", icon=":material/info:")
        else:
            st.plotly_chart(figure, config=PLOT_CONFIG, key=f"risk_chart_{name}")
            st.caption(
                escape_markdown(
                    levels_sentence(levels_at(result.category, dataset.risk_by_intake, dataset.risks), result)
                )
            )
            chart_data(bands, f"manganese_risk_by_intake_{name}.csv", f"download_bands_{name}")
        cited = [s for s in (result.ai_source_id, result.upper_source_id, result.upper_note_source_id) if s]
        if cited:
            with st.expander("Sources of these values"):
                render_source_list(cited, dataset.sources)

st.subheader("2. Reference values across life stages", anchor=False)
stages, stages_figure = life_stage_chart(authorities, age)
st.plotly_chart(stages_figure, config=PLOT_CONFIG, key="life_stage_chart")
st.caption(
    "Each segment spans the authority's own age band, so the two authorities' band edges stay visible. Solid "
    "lines are Adequate Intakes, dashed lines upper values (IOM UL, EFSA safe level). Open markers are values "
    f"confirmed only in secondary sources or unverified: {int((stages['verification'] != 'primary').sum())} of "
    f"{len(stages)} here."
)
chart_data(stages, "manganese_reference_values_by_age.csv", "download_stages")
with st.expander("Sources of these values"):
    render_source_list(stages["source_id"].tolist(), dataset.sources)

st.subheader("3. Other routes, other units", anchor=False)
water_tab, air_tab = st.tabs(["Drinking water (µg/L)", "Workplace air (mg/m³)"])
with water_tab:
    user_water = inputs["water"]
    water_values, water_figure = route_chart("drinking_water", user_water or None)
    st.plotly_chart(water_figure, config=PLOT_CONFIG, key="water_chart")
    above = water_values[water_values["value_ug_per_l"] < user_water]
    st.markdown(
        f"Your tap water at **{user_water:g} µg/L** is above {len(above)} of the {len(water_values)} "
        "drinking-water values shown. Some are about taste and colour rather than health: the note on each says which."
        if user_water
        else "Enter your tap water's manganese above to place it on this chart. Values about taste and colour, "
        "not health, say so in their note."
    )
    chart_data(water_values, "manganese_drinking_water_values.csv", "download_water")
with air_tab:
    air_values, air_figure = route_chart("inhalation")
    st.plotly_chart(air_figure, config=PLOT_CONFIG, key="air_chart")
    st.markdown(
        f"Workplace limits for manganese in air range from {air_values['value'].min():g} to "
        f"{air_values['value'].max():g} "
        "mg/m³. They concern breathing dust or fume at work and cannot be converted into a dietary intake."
    )
    chart_data(air_values, "manganese_workplace_air_limits.csv", "download_air")

st.subheader("4. Iron context", anchor=False)
st.markdown(iron_stores_sentence(dataset.iron_context))
thresholds, ferritin_figure = ferritin_chart(inputs["ferritin"])
st.plotly_chart(ferritin_figure, config=PLOT_CONFIG, key="ferritin_chart")
if inputs["ferritin"] is not None:
    st.markdown(ferritin_sentence(inputs["ferritin"], dataset.iron_context))
else:
    st.markdown("Enter a ferritin value above to place it against the guidelines' thresholds (optional).")
st.caption("Dotted lines are values not confirmed in the guideline's own text (unverified).")
chart_data(dataset.iron_context, "manganese_iron_context.csv", "download_iron")
with st.expander("Sources of these values"):
    render_source_list(dataset.iron_context["source_id"].tolist() + list(IRON_STORES_SOURCE_IDS), dataset.sources)
