"""Dose model and chart builders: totals, conversions, sentences, and what each figure draws."""

import math

import pytest

from analysis import classify_intake, population_values
from analysis.dose import (
    DoseInputs,
    IntakeParts,
    check_input,
    efsa_child_range,
    intake_sentence,
    levels_at,
    levels_sentence,
    parts_sentence,
    typical_intake,
)
from analysis.dose_charts import (
    ferritin_figure,
    ferritin_table,
    intake_chart_parts,
    life_stage_figure,
    life_stage_table,
    risk_bands_table,
    risk_by_intake_figure,
    route_figure,
    route_table,
)
from analysis.salts import SALTS, elemental_manganese_mg, manganese_fraction, molar_mass


# Hand-computed with Mn 54.938043 (CIAAW 2017), S 32.06, O 15.999, H 1.008, Cl 35.45, C 12.011.
@pytest.mark.parametrize(
    ("salt_id", "mass", "fraction"),
    [
        ("manganese_sulfate_monohydrate", 169.009043, 54.938043 / 169.009043),
        ("manganese_sulfate_anhydrous", 150.994043, 54.938043 / 150.994043),
        ("manganese_chloride_tetrahydrate", 197.898043, 54.938043 / 197.898043),
        ("manganese_chloride_anhydrous", 125.838043, 54.938043 / 125.838043),
        ("manganese_carbonate", 114.946043, 54.938043 / 114.946043),
    ],
)
def test_salt_molar_masses_and_fractions(dataset, salt_id, mass, fraction):
    assert molar_mass(SALTS[salt_id].composition, dataset.atomic_weights) == pytest.approx(mass, abs=1e-6)
    assert manganese_fraction(salt_id, dataset.atomic_weights) == pytest.approx(fraction, rel=1e-12)


def test_salt_conversion(dataset):
    assert elemental_manganese_mg("manganese_sulfate_monohydrate", 100, dataset.atomic_weights) == pytest.approx(
        32.506, abs=1e-3
    )
    with pytest.raises(ValueError, match="between 0 and"):
        elemental_manganese_mg("manganese_carbonate", -1, dataset.atomic_weights)
    with pytest.raises(ValueError, match="Unknown salt"):
        manganese_fraction("manganese_gluconate", dataset.atomic_weights)


def test_intake_total_with_water_conversion():
    parts = IntakeParts(food_mg=2.0, supplement_mg=5.0, water_ug_per_l=300, water_litres=2)
    assert parts.water_mg == pytest.approx(0.6)  # 300 µg/L × 2 L = 600 µg = 0.6 mg
    assert parts.total_mg == pytest.approx(7.6)
    table = parts.table()
    assert table["mg/day"].tolist() == pytest.approx([2.0, 5.0, 0.6, 7.6])
    assert "300 µg/L × 2 L/day ÷ 1000" in table["How it is counted"].tolist()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("age", 30, None),
        ("age", -1, "from 0 to 120"),
        ("age", 121, "from 0 to 120"),
        ("food", math.nan, "finite"),
        ("supplement", math.inf, "finite"),
        ("supplement", 1e9, "from 0 to 1,000"),
        ("water_litres", None, "Enter a number"),
        ("water_ug_per_l", "abc", "Enter a number"),
        ("ferritin", 40, None),
    ],
)
def test_check_input(name, value, message):
    result = check_input(name, value)
    assert (result is None) if message is None else (message in result)


def test_typical_intakes(dataset):
    values = dataset.reference_values
    assert typical_intake(values, 16, "female", "IOM")["value"] == 1.55
    assert typical_intake(values, 45, "male", "IOM")["value"] == 2.3
    assert typical_intake(values, 45, "male", "EFSA")["value"] == 3
    assert typical_intake(values, 0.3, "male", "IOM") is None


def test_efsa_child_range(dataset):
    low, high = efsa_child_range(dataset.reference_values, 16)
    assert (low["value"], high["value"]) == (2, 7)
    assert efsa_child_range(dataset.reference_values, 30) is None


def test_the_16_year_old_girl_question(dataset):
    """The issue's test question: 10 mg/day for a 16-year-old girl, US and EU."""
    values = dataset.reference_values
    us = classify_intake(10, age_years=16, sex="female", authority="IOM", reference_values=values)
    eu = classify_intake(10, age_years=16, sex="female", authority="EFSA", reference_values=values)
    assert intake_sentence(us) == (
        "A total of 10.0 mg/day is above the US Tolerable Upper Intake Level (UL, IOM) of 9 mg/day for girls aged "
        "14–18 y."
    )
    eu_sentence = intake_sentence(eu, efsa_child_range(values, 16))
    assert "no confirmed EFSA value for girls aged 15–17 y" in eu_sentence
    assert "safe levels from 2 to 7 mg/day" in eu_sentence and "above every one of them" in eu_sentence
    levels = levels_at(us.category, dataset.risk_by_intake, dataset.risks, authority="IOM", age_group="children")
    assert levels.set_index("risk_id")["level"].to_dict() == {
        "neurotoxicity": "possible",
        "iron_interaction": "not_studied",  # issue 20: no study of iron status at any intake
        "altered_dopamine_metabolism": "possible",
        "gastrointestinal": "no_evidence_found",
    }
    assert levels_sentence(levels).startswith("At this intake")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"age_years": 40, "sex": "female", "authority": "EFSA"},
            "the EU safe level of intake (EFSA; not a UL) of 8 mg/day",
        ),
        # Issue 20: IOM 2001's own UL table gives the pregnancy value, so it carries no label any more.
        ({"age_years": 30, "sex": "female", "life_stage": "pregnant"}, "(UL, IOM) of 11 mg/day for pregnant"),
        ({"age_years": 0.7, "sex": "male"}, "IOM judged a UL for infants not determinable"),
    ],
)
def test_sentences_label_upper_values_and_verification(dataset, kwargs, words):
    result = classify_intake(12, reference_values=dataset.reference_values, **kwargs)
    assert words in intake_sentence(result)


def _vlines(fig):
    return sorted(round(10**shape.x0, 6) for shape in fig.layout.shapes if shape.x0 == shape.x1)


@pytest.mark.parametrize(
    ("kwargs", "ai", "upper", "upper_text"),
    [
        ({"age_years": 40, "sex": "female"}, 1.8, 11, "UL 11"),
        ({"age_years": 6, "sex": "male"}, 1.5, 3, "UL 3"),
        ({"age_years": 75, "sex": "male"}, 2.3, 11, "UL 11"),
        ({"age_years": 40, "sex": "male", "authority": "EFSA"}, 3, 8, "safe level, not a UL 8"),
    ],
)
def test_risk_figure_lines_and_bands(dataset, kwargs, ai, upper, upper_text):
    result = classify_intake(5, reference_values=dataset.reference_values, **kwargs)
    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources)
    fig = risk_by_intake_figure(result, bands)
    assert _vlines(fig) == [ai, upper]
    annotations = [a.text for a in fig.layout.annotations]
    assert f"AI {ai:g}" in annotations and upper_text in annotations
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(len(t.y) for t in bars) == 12  # 4 risks × 3 bands, one trace per level
    above_upper = "Not characterised" if result.authority == "EFSA" else "Possible"  # issue 20: by authority
    assert {text for t in bars for text in t.text} == {
        "No known risk",
        "Not studied",
        above_upper,
        "Claim incorrect",
        "No evidence",
    }
    assert fig.layout.xaxis.title.text == "Total intake, mg/day (log scale)"
    total = next(t for t in fig.data if t.type == "scatter")
    assert list(total.x) == [math.log10(5)] * 4


def test_risk_figure_for_infants_has_no_upper_line(dataset):
    result = classify_intake(1, age_years=0.8, sex="female", reference_values=dataset.reference_values)
    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources)
    assert set(bands["intake_category"]) == {"below_ai", "above_ai_no_upper"}
    assert _vlines(risk_by_intake_figure(result, bands)) == [0.6]


def test_no_reference_gives_no_bands(dataset):
    result = classify_intake(1, age_years=10, sex="female", authority="EFSA", reference_values=dataset.reference_values)
    assert risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources).empty


def test_life_stage_chart_keeps_each_authoritys_band_edges(dataset):
    table = life_stage_table(dataset.reference_values, ["IOM", "EFSA"])
    fig = life_stage_figure(table, age=16)
    drawn = [t for t in fig.data if t.x and t.x[0] is not None]
    segments = {(t.x[i], t.x[i + 1]) for t in drawn for i in range(0, len(t.x), 3)}  # start, end, gap
    assert {(0, 0.5), (0.5, 1), (1, 4), (4, 9), (9, 14), (14, 19), (19, 31), (31, 90), (18, 90)} <= segments
    hollow = sum("-open" in str(symbol) for t in drawn for symbol in t.marker.symbol[::3])
    assert hollow == (table["verification"] != "primary").sum()  # every non-primary value is hollow
    assert any("EFSA safe levels, children: 2–7" in (t.name or "") for t in fig.data)


def test_other_routes_stay_out_of_the_oral_axis(dataset):
    water = route_table(dataset.reference_values, "drinking_water")
    air = route_table(dataset.reference_values, "inhalation")
    assert set(water["unit"]) <= {"mg/L", "µg/L"} and set(air["unit"]) == {"mg/m³"}
    assert water.loc[water["label"].str.startswith("WHO: Provisional"), "value_ug_per_l"].tolist() == [80]
    water_fig = route_figure(
        water, value_column="value_ug_per_l", unit="µg/L", marker_value=150, marker_label="your water"
    )
    air_fig = route_figure(air, value_column="value", unit="mg/m³")
    for fig, unit in ((water_fig, "µg/L"), (air_fig, "mg/m³")):
        assert fig.layout.xaxis.title.text == f"{unit} (log scale)"
        assert all("mg/day" not in (t.hovertemplate or "") for t in fig.data)
    assert [s.x0 for s in water_fig.layout.shapes] == [150]
    assert not air_fig.layout.shapes


def test_ferritin_figure(dataset):
    table = ferritin_table(dataset.iron_context)
    assert sorted(table["value"]) == [75, 75, 75, 100, 100, 300]
    fig = ferritin_figure(table, ferritin=40)
    assert any(t.name == "Your ferritin: 40 ng/mL" and list(t.x) == [40] for t in fig.data)
    unverified = [t for t in fig.data if "(unverified)" in (t.name or "")]
    assert len(unverified) == 1 and unverified[0].line.dash == "dot"


# The dose page's input model ---------------------------------------------------------------------


def test_dose_inputs_defaults_parse_and_answer_the_authority_question_once():
    inputs, problems = DoseInputs.parse({})
    assert problems == {} and inputs == DoseInputs()
    both, _ = DoseInputs.parse({"authority": "both"})
    assert both.authorities == ["IOM", "EFSA"] and both.typical_authority == "IOM"
    efsa, _ = DoseInputs.parse({"authority": "EFSA"})
    assert efsa.authorities == ["EFSA"] and efsa.typical_authority == "EFSA"


def test_dose_inputs_report_every_problem_at_once_per_field():
    inputs, problems = DoseInputs.parse({"age": -1, "supp": 5000.0, "sex": "other", "water": float("nan")})
    assert inputs is None
    assert set(problems) == {"age", "supp", "sex", "water"}
    assert problems["age"] == "Enter a value from 0 to 120 years."
    assert problems["supp"] == "Enter a value from 0 to 1,000 mg/day."
    assert problems["water"] == "Enter a finite number."
    assert "Female" in problems["sex"]


def test_dose_inputs_refuse_a_population_no_authority_has():
    inputs, problems = DoseInputs.parse({"sex": "male", "stage": "pregnant"})
    assert inputs is None and "females aged 14 to 50" in problems["stage"]


def test_dose_inputs_optional_fields_and_negative_zero():
    inputs, _ = DoseInputs.parse({"food": None, "ferritin": None, "supp": -0.0})
    assert inputs.food is None and inputs.ferritin is None
    assert str(inputs.supp) == "0.0"  # not "-0.0"
    _, problems = DoseInputs.parse({"supp": None})
    assert problems == {"supp": "Enter a number."}


def test_parts_use_the_typical_intake_only_when_food_is_empty(dataset):
    typical = typical_intake(dataset.reference_values, 45, "female", "IOM")
    empty, _ = DoseInputs.parse({"age": 45, "supp": 10.0})
    parts = empty.parts(typical)
    assert (parts.food_mg, parts.total_mg) == (1.8, 11.8)
    sentence = parts_sentence(empty, parts, typical)
    assert sentence.startswith("Your total of 11.80 mg/day is food 1.80 + supplements 10.00 + drinking water 0.00")
    assert "You left Food empty, so the typical median intake in the US (IOM, 1.8 mg/day) is assumed" in sentence
    entered, _ = DoseInputs.parse({"age": 45, "food": 2.5})
    assert entered.parts(typical).food_mg == 2.5
    assert parts_sentence(entered, entered.parts(typical), typical).endswith("as you entered them.")
    infant, _ = DoseInputs.parse({"age": 0.3})
    assert infant.parts(None).food_mg == 0
    assert "Food is counted as 0" in parts_sentence(infant, infant.parts(None), None)


def test_route_and_life_stage_sentences_come_from_the_data(dataset):
    from analysis.dose import air_sentence, life_stage_sentence, water_sentence
    from analysis.dose_charts import life_stage_table, route_table

    water = route_table(dataset.reference_values, "drinking_water")
    above = int((water["value_ug_per_l"] < 150).sum())
    assert water_sentence(150, water).startswith(f"Your tap water at **150 µg/L** is above {above} of the {len(water)}")
    assert water_sentence(0, water).startswith("Enter your tap water's manganese")
    air = route_table(dataset.reference_values, "inhalation")
    assert f"from {air['value'].min():g} to {air['value'].max():g} mg/m³" in air_sentence(air)
    stages = life_stage_table(dataset.reference_values, ["IOM", "EFSA"])
    not_primary = int((stages["verification"] != "primary").sum())
    assert life_stage_sentence(stages).endswith(f"{not_primary} of {len(stages)} here.")


@pytest.mark.parametrize("age, sex, stage", [(0.3, "male", "none"), (6, "female", "none"), (30, "female", "pregnant")])
@pytest.mark.parametrize("authority", ["IOM", "EFSA"])
def test_a_populations_values_place_any_total_as_classify_intake_does(dataset, age, sex, stage, authority):
    """The dose page places the total against cached population values (issue 15); the result must be the one
    classify_intake gives, at the values' edges too."""
    population = population_values(dataset, age, sex, stage, authority)
    edges = [v for v in (population.ai_mg, population.upper_mg) if v is not None]
    for total in [0.0, 0.5, 3.0, 50.0, *edges, *(v - 1e-9 for v in edges), *(v + 1e-9 for v in edges)]:
        expected = classify_intake(
            total, age_years=age, sex=sex, life_stage=stage, authority=authority,
            reference_values=dataset.reference_values,
        )  # fmt: skip
        assert population.with_intake(total) == expected


def test_the_risk_chart_is_the_cached_base_plus_the_total(dataset):
    """The figure built in two parts (bands per axis range, then the total) equals the one built at once."""
    result, bands, figure = intake_chart_parts(dataset, 7.3, 45.0, "female", "none", "IOM", "light")
    assert bands.equals(risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources))
    assert figure.to_dict() == risk_by_intake_figure(result, bands).to_dict()
    # AI 1.8 and UL 11 mg/day, total 7.3: from 1.8 / 5 = 0.36 down to 10^-0.5, and 11 x 5 = 55 up to 10^1.8
    assert figure.layout.xaxis.range == pytest.approx((-0.5, 1.8))
    lower = intake_chart_parts(dataset, 2.5, 45.0, "female", "none", "IOM", "light")[2]
    assert lower.layout.xaxis.range == figure.layout.xaxis.range  # a total within AI to UL: the same range
