"""Issue 20, points 1 to 4: the dose page's risk levels follow the evidence, not the reference line. Each point is
checked on the data rows and on the sentences and charts the code builds from them; a walk over every population,
authority and kind of manganese checks that the level sentence and the risk-by-intake chart say the same thing."""

import math

import pandas as pd
import pytest

from analysis import classify_intake, population_values
from analysis.dose import (
    FORM_WORDS,
    authority_difference_sentence,
    efsa_child_range,
    intake_sentence,
    level_words,
    levels_at,
    levels_of,
    levels_sentence,
)
from analysis.dose_charts import FORM_TITLES, LEVEL_SHORT, intake_chart_base, intake_chart_parts
from analysis.risk_levels import age_group, level_rows, manganese_from
from analysis.supplements import supplement_sentence_of
from tests.conftest import edit_csv


def rows(dataset, risk, category, **scope):
    """The rows of risk_by_intake.csv for a risk and category, narrowed by authority / manganese_from / age_group."""
    frame = dataset.risk_by_intake
    frame = frame[(frame["risk_id"] == risk) & (frame["intake_category"] == category)]
    for column, value in scope.items():
        frame = frame[frame[column] == value]
    return frame


def one(dataset, risk, category, **scope):
    found = rows(dataset, risk, category, **scope)
    assert len(found) == 1, (risk, category, scope)
    return found.iloc[0]


def level_for(dataset, total, age, sex="female", stage="none", authority="IOM", form="food"):
    result = population_values(dataset, age, sex, stage, authority).with_intake(total, form)
    return result, levels_of(dataset, result)


# 1. Levels by what the manganese is ---------------------------------------------------------------------------


def test_supplement_and_water_rows_are_their_own_with_their_sources(dataset):
    supplement = one(dataset, "neurotoxicity", "within_range", manganese_from="supplement", age_group="adults")
    assert supplement["level"] == "possible" and "vkm_2018_mn" in supplement["source_ids"]
    assert "VKM 2018" in supplement["rationale"] and "1, 5 or 10 mg/day" in supplement["rationale"]
    water = one(dataset, "neurotoxicity", "within_range", manganese_from="water")
    assert water["level"] == "possible" and "greger_1998_jnutr" in water["source_ids"]
    assert "Greger 1998" in water["rationale"] and "4.2 mg/day" in water["rationale"]
    food = one(dataset, "neurotoxicity", "within_range", manganese_from="any", authority="any", age_group="any")
    assert food["level"] == "no_known_risk" and food["rationale"].startswith("What was studied is manganese from food")
    assert "VKM" not in food["rationale"]  # the supplement judgement is no longer folded into the food level


def test_what_the_manganese_is_comes_from_the_parts():
    assert manganese_from(0, 0) == "food"
    assert manganese_from(5, 0) == "supplement"
    assert manganese_from(0, 0.6) == "water"
    assert manganese_from(1, 0.6) == "supplement_and_water"  # both: each form is looked up, the most cautious wins
    assert [age_group(a) for a in (0, 0.99, 1, 17.9, 18, 90)] == [
        "infants", "infants", "children", "children", "adults", "adults",
    ]  # fmt: skip


def test_a_woman_with_a_supplement_no_longer_reads_no_known_risk(dataset):
    """The issue's case: a woman of 40 eating 2 mg/day who takes a 5 mg supplement."""
    result, levels = level_for(dataset, 7.0, 40, form="supplement")
    assert result.category == "within_range"
    sentence = levels_sentence(levels, result)
    assert "Neurotoxicity: possible" in sentence and "Neurotoxicity: no known risk" not in sentence
    assert "VKM 2018" in sentence and "with manganese from a supplement" in sentence
    food_result, food_levels = level_for(dataset, 7.0, 40, form="food")
    food_sentence = levels_sentence(food_levels, food_result)
    assert "Neurotoxicity: no known risk" in food_sentence and "all of it from food" in food_sentence


def test_water_names_greger(dataset):
    result, levels = level_for(dataset, 6.0, 40, sex="male", form="water")
    sentence = levels_sentence(levels, result)
    assert "Neurotoxicity: possible" in sentence and "Greger 1998" in sentence
    assert "with manganese from drinking water" in sentence


def test_the_chart_shows_the_kind_of_manganese(dataset):
    _, bands, figure = intake_chart_parts(dataset, 7.0, 40.0, "female", "none", "IOM", "light", "supplement")
    within = bands[(bands["intake_category"] == "within_range") & (bands["risk_type"] == "Neurotoxicity")]
    assert within["level"].tolist() == ["possible"] and "VKM 2018" in within["rationale"].iloc[0]
    assert figure.layout.title.text.endswith("with a supplement")
    _, food_bands, _ = intake_chart_parts(dataset, 7.0, 40.0, "female", "none", "IOM", "light")
    food = food_bands[(food_bands["intake_category"] == "within_range") & (food_bands["risk_type"] == "Neurotoxicity")]
    assert food["level"].tolist() == ["no_known_risk"]


def test_the_grid_check_asks_for_every_kind_of_manganese(data_copy):
    from analysis import DataError, load_dataset

    # Without the "any" row, food-only readers within range have no neurotoxicity level.
    edit_csv(
        data_copy,
        "risk_by_intake.csv",
        lambda df: df[
            ~((df["risk_id"] == "neurotoxicity") & (df["intake_category"] == "within_range")
              & (df["age_group"] == "any") & (df["manganese_from"] == "any"))
        ],
    )  # fmt: skip
    with pytest.raises(DataError, match=r"neurotoxicity/within_range \(IOM, food, infants\)"):
        load_dataset(data_copy)


# 2. Levels by authority ---------------------------------------------------------------------------------------


def test_above_efsas_safe_level_is_its_own_level(dataset):
    efsa = one(dataset, "neurotoxicity", "above_upper", authority="EFSA")
    assert efsa["level"] == "not_characterised" and "not defined" in efsa["rationale"]
    assert "not evidence of harm" in efsa["rationale"]
    iom = one(dataset, "neurotoxicity", "above_upper", authority="IOM")
    assert iom["level"] == "possible"
    # No row rates EFSA's "above the safe level" with the IOM's "above the UL" text.
    assert not rows(dataset, "neurotoxicity", "above_upper", authority="any", manganese_from="any").shape[0]
    with pytest.raises(TypeError):
        levels_at("above_upper", dataset.risk_by_intake, dataset.risks)  # the authority is required


def test_the_pregnant_woman_at_9_mg(dataset):
    """The issue's case: 9 mg/day in pregnancy reads differently only where the reference line differs, and the
    page says why."""
    us = level_for(dataset, 9.0, 30, stage="pregnant", authority="IOM")
    eu = level_for(dataset, 9.0, 30, stage="pregnant", authority="EFSA")
    eu_words = levels_sentence(eu[1], eu[0])
    assert "Neurotoxicity: not characterised" in eu_words and "possible" not in eu_words
    difference = authority_difference_sentence([us, eu])
    assert "Neurotoxicity: no known risk (IOM) against not characterised (EFSA)" in difference
    assert "not a threshold of harm" in difference and "reference line" in difference
    assert authority_difference_sentence([us, us]) is None


def test_a_supplement_above_efsas_safe_level_keeps_vkms_judgement(dataset):
    result, levels = level_for(dataset, 12.0, 40, authority="EFSA", form="supplement")
    assert levels.set_index("risk_id").loc["neurotoxicity", "level"] == "possible"
    assert "VKM 2018" in levels_sentence(levels, result)


# 3. Each row says what its study did --------------------------------------------------------------------------


def test_iron_rows_say_what_rossander_hulten_did(dataset):
    iron = pd.concat(
        [rows(dataset, "iron_interaction", "within_range"), rows(dataset, "iron_interaction", "above_upper")]
    )
    for row in iron.itertuples():
        assert "2.99 mg" in row.rationale and "0.01 mg" in row.rationale, row.intake_category
        assert "Large single doses" not in row.rationale
        assert row.level == "not_studied"
    assert "single doses" in one(dataset, "iron_interaction", "within_range")["rationale"]
    assert "iron status over time" in one(dataset, "iron_interaction", "above_upper")["rationale"]


def test_the_dopamine_rows_say_species_route_and_duration(dataset):
    source = dataset.sources.set_index("source_id").loc["guilarte_2006_mn_primates"]
    assert source["kind"] == "animal_in_vitro"
    dopamine = pd.concat([
        rows(dataset, "altered_dopamine_metabolism", "within_range"),
        rows(dataset, "altered_dopamine_metabolism", "above_upper", authority="IOM"),
    ])  # fmt: skip
    for row in dopamine.itertuples():
        assert "monkeys (non-human primates)" in row.rationale and "long time" in row.rationale
        assert "route and dose were not read" in row.rationale


# 4. Children and infants --------------------------------------------------------------------------------------


def test_an_efsa_child_is_placed_only_against_what_is_confirmed(dataset):
    values = dataset.reference_values
    ten = classify_intake(6, age_years=10, sex="male", authority="EFSA", reference_values=values)
    sentence = intake_sentence(ten, efsa_child_range(values, 10))
    assert "within" not in sentence
    assert "from 2 to 7 mg/day" in sentence and "lowest child value is 2 mg/day" in sentence
    assert "which age gets which value could not be confirmed" in sentence and "cannot be said" in sentence
    above = intake_sentence(ten.with_intake(8), efsa_child_range(values, 10))
    assert "8.0 mg/day is above every one of them" in above
    below = intake_sentence(ten.with_intake(1.5), efsa_child_range(values, 10))
    assert "1.5 mg/day is below every one of them" in below


@pytest.mark.parametrize(("total", "category", "where"), [
    (0.01, "below_ai", "below that range"), (0.3, "above_ai_no_upper", "within that range"),
    (2.0, "above_ai_no_upper", "above that range"),
])  # fmt: skip
def test_efsas_infant_ai_range_is_used_by_the_classifier(dataset, total, category, where):
    result = classify_intake(
        total, age_years=0.7, sex="male", authority="EFSA", reference_values=dataset.reference_values
    )
    assert (result.ai_mg, result.ai_high_mg, result.category) == (0.02, 0.5, category)
    assert result.ai_value_id == "efsa_ai_infant_7_11m_low"
    assert where in intake_sentence(result)
    _, bands, figure = intake_chart_parts(dataset, total, 0.7, "male", "none", "EFSA", "light")
    assert not bands.empty and set(bands["intake_category"]) == {"below_ai", "above_ai_no_upper"}
    lines = sorted(round(10**s.x0, 6) for s in figure.layout.shapes if s.x0 == s.x1)
    assert lines == [0.02, 0.5]


def test_an_infant_with_a_supplement_gets_food_and_formula_only(dataset):
    statement = dataset.supplement_statements.set_index("statement_id").loc["iom_infants_food_and_formula_only"]
    assert statement["age_group"] == "infants" and "food and formula only" in statement["statement"]
    sentence = supplement_sentence_of(dataset, 2.0, "infants")
    assert "food and formula only" in sentence
    assert "smallest of these doses" not in sentence and "VKM" not in sentence and "at or above" not in sentence
    adult = supplement_sentence_of(dataset, 2.0, "adults")
    assert "at or above 1 of the 3 assessed doses" in adult and "for adults" in adult
    for age, authority in ((0.8, "IOM"), (0.8, "EFSA"), (0.3, "IOM")):
        for total in (0.2, 2.0):
            result, levels = level_for(dataset, total, age, sex="male", authority=authority, form="supplement")
            words = levels_sentence(levels, result)
            assert "food and formula only" in words and "VKM" not in words, (age, authority, total)


# The walk: every population x authority x kind of manganese; sentence and chart agree -------------------------

POPULATIONS = [
    (0.3, "female", "none"), (0.8, "male", "none"), (2, "female", "none"), (6, "male", "none"),
    (10, "female", "none"), (10, "male", "none"), (16, "female", "none"), (16, "male", "none"),
    (16, "female", "pregnant"), (16, "female", "lactating"), (30, "female", "none"), (30, "male", "none"),
    (30, "female", "pregnant"), (30, "female", "lactating"), (45, "male", "none"), (75, "female", "none"),
]  # fmt: skip
TOTALS = (0.01, 0.4, 1.7, 2.5, 7.0, 9.5, 30.0)  # every category of every population above
WALK_AXIS = (0.001, 1000.0)


@pytest.mark.parametrize(("age", "sex", "stage"), POPULATIONS)
@pytest.mark.parametrize("authority", ["IOM", "EFSA"])
@pytest.mark.parametrize("form", ["food", "supplement", "water", "supplement_and_water"])
def test_the_level_sentence_and_the_chart_say_the_same_thing(dataset, age, sex, stage, authority, form):
    """The chart is built as the page builds it (intake_chart_base: the bands and the figure for an axis range, the
    total placed on top), once per case on an axis wide enough for every total, so one figure serves the walk."""
    population = population_values(dataset, age, sex, stage, authority)
    bands, figure = intake_chart_base(dataset, age, sex, stage, authority, form, *WALK_AXIS, "light")
    for total in TOTALS:
        result = population.with_intake(total, form)
        levels = levels_of(dataset, result)
        sentence = levels_sentence(levels, result)
        if figure is None:
            assert bands.empty and sentence.startswith("Without a reference value")
            continue
        assert figure["layout"]["title"]["text"].endswith(FORM_TITLES[form])
        at_total = bands[bands["intake_category"] == result.category].set_index("risk_type")
        for row in levels.itertuples():
            assert at_total.loc[row.risk_type, "level"] == row.level, (total, row.risk_type)
            if row.level:
                assert f"{row.risk_type}: {level_words(row.level)}" in sentence, (total, row.risk_type)
                assert at_total.loc[row.risk_type, "rationale"] == row.rationale
            drawn = _band_label(figure, list(levels["risk_type"]).index(row.risk_type), result.intake_mg_per_day)
            assert drawn == LEVEL_SHORT[row.level], (total, row.risk_type, drawn)
        if levels["level"].astype(bool).any():
            assert FORM_WORDS[form] in sentence
        # The same levels as the data say for this case, row by row.
        expected = level_rows(dataset.risk_by_intake, result.category, authority, form, age_group(age))
        assert {r.risk_id: r.level for r in levels.itertuples() if r.level} == {
            k: v["level"] for k, v in expected.items()
        }


def _band_label(figure: dict, row: int, total: float) -> str:
    """The label of the band drawn at the reader's total on risk row `row` (the band that holds it)."""
    x = math.log10(max(total, 10.0 ** figure["layout"]["xaxis"]["range"][0]))
    for trace in figure["data"]:
        if trace["type"] != "bar":
            continue
        for y, start, width, text in zip(trace["y"], trace["base"], trace["x"], trace["text"], strict=True):
            # A total exactly on an edge belongs to the band above the AI and the one below the upper value.
            if y == row and start - 1e-12 <= x <= start + width + 1e-12:
                return text
    return ""


def test_not_characterised_is_refused_outside_efsas_safe_level(data_copy):
    from analysis import DataError, load_dataset

    def damage(df):
        df.loc[(df["risk_id"] == "gastrointestinal") & (df["intake_category"] == "below_ai"), "level"] = (
            "not_characterised"
        )
        return df

    edit_csv(data_copy, "risk_by_intake.csv", damage)
    with pytest.raises(DataError, match="above EFSA's safe level only"):
        load_dataset(data_copy)


# Review round: the level for a kind of manganese does not depend on the reference line ---------------------------


def test_water_under_either_adequate_intake_reads_the_same(dataset):
    """A woman of 40 at 2.01 mg/day with some tap water: below EFSA's AI (3), above IOM's (1.8); same level."""
    iom, iom_levels = level_for(dataset, 2.01, 40, authority="IOM", form="water")
    efsa, efsa_levels = level_for(dataset, 2.01, 40, authority="EFSA", form="water")
    assert (iom.category, efsa.category) == ("within_range", "below_ai")
    neuro = [levels.set_index("risk_id").loc["neurotoxicity"] for levels in (iom_levels, efsa_levels)]
    assert [row["level"] for row in neuro] == ["possible", "possible"]
    assert "Greger 1998" in neuro[1]["rationale"] and "4.2 mg/day" in neuro[1]["rationale"]
    below_water = one(dataset, "neurotoxicity", "below_ai", manganese_from="water", age_group="any")
    assert "greger_1998_jnutr" in below_water["source_ids"]


def test_the_authority_difference_is_explained_from_the_categories_present(dataset):
    pregnant = [level_for(dataset, 9.0, 30, stage="pregnant", authority=a) for a in ("IOM", "EFSA")]
    words = authority_difference_sentence(pregnant)
    assert (
        "EFSA's safe level, which is not a threshold of harm (EFSA did not define the intake at which risk "
        "starts to rise)" in words
    )
    assert "which EFSA says is not a threshold" not in words
    # 2.01 mg/day from food: within IOM's range, below EFSA's AI; nothing about "above it" or "not characterised".
    between = [level_for(dataset, 2.01, 40, authority=a) for a in ("IOM", "EFSA")]
    words = authority_difference_sentence(between)
    assert "Below the Adequate Intake" in words and "Between the Adequate Intake and the upper value" in words
    assert "not characterised" not in words and "above it" not in words and "safe level" not in words


# Totals from 0.001 to 100 mg/day, dense enough to fall between every pair of reference lines in the data.
DENSE_TOTALS = tuple(round(10 ** (k / 20), 4) for k in range(-60, 41))


@pytest.mark.parametrize(("age", "sex", "stage"), POPULATIONS)
@pytest.mark.parametrize("form", ["food", "supplement", "water", "supplement_and_water"])
def test_the_authorities_differ_only_through_a_row_that_names_one(dataset, age, sex, stage, form):
    """For one population and kind of manganese, a risk's level may differ between IOM and EFSA only where one of the
    two rows that set it names an authority. Two exceptions, by design: a level no row gives (no reference value;
    with no upper value, food only and every risk but neurotoxicity), and claim_incorrect, which rates the guide's
    claim about low intake itself."""
    iom_population = population_values(dataset, age, sex, stage, "IOM")
    efsa_population = population_values(dataset, age, sex, stage, "EFSA")
    group = age_group(age)
    for total in DENSE_TOTALS:
        iom = iom_population.with_intake(total, form)
        efsa = efsa_population.with_intake(total, form)
        iom_rows = level_rows(dataset.risk_by_intake, iom.category, "IOM", form, group)
        efsa_rows = level_rows(dataset.risk_by_intake, efsa.category, "EFSA", form, group)
        for risk in dataset.risks["risk_id"]:
            us, eu = iom_rows.get(risk), efsa_rows.get(risk)
            if us is None or eu is None:
                for result, row in ((iom, us), (efsa, eu)):
                    if row is None:
                        # With no upper value only neurotoxicity is rated, and only for a supplement or water.
                        assert result.category == "no_reference" or (
                            result.category == "above_ai_no_upper" and (form == "food" or risk != "neurotoxicity")
                        ), (total, risk, result.authority, result.category)
                continue
            if us["level"] == eu["level"] or "claim_incorrect" in (us["level"], eu["level"]):
                continue
            assert {us["authority"], eu["authority"]} != {"any"}, (
                total, risk, us["level"], eu["level"],
            )  # fmt: skip


# Review round: a supplement and drinking water together get the most cautious level of the two ----------------


def test_every_level_has_one_place_in_the_caution_order():
    from analysis.vocab import RISK_LEVEL_CAUTION, RISK_LEVEL_LABELS

    assert sorted(RISK_LEVEL_CAUTION) == sorted(RISK_LEVEL_LABELS)


def test_a_boy_with_water_keeps_possible_when_a_supplement_is_added(dataset):
    """The reviewer's case: a boy of 10 at 4 mg/day (IOM) with 1 mg/day from water, then 0.5 mg/day more as a
    supplement: the children's supplement row (not studied) no longer hides the water row (possible)."""
    water, water_levels = level_for(dataset, 4.0, 10, sex="male", form="water")
    both, both_levels = level_for(dataset, 4.5, 10, sex="male", form="supplement_and_water")
    assert water.category == both.category == "within_range"
    for levels in (water_levels, both_levels):
        neuro = levels.set_index("risk_id").loc["neurotoxicity"]
        assert neuro["level"] == "possible" and neuro["manganese_from"] == "water"
    sentence = levels_sentence(both_levels, both)
    assert "Neurotoxicity: possible" in sentence and "Greger 1998" in sentence
    assert FORM_WORDS["supplement_and_water"] in sentence
    _, bands, figure = intake_chart_parts(dataset, 4.5, 10, "male", "none", "IOM", "light", "supplement_and_water")
    within = bands[(bands["intake_category"] == "within_range") & (bands["risk_type"] == "Neurotoxicity")]
    assert within["level"].tolist() == ["possible"] and "Greger 1998" in within["rationale"].iloc[0]
    assert figure.layout.title.text.endswith(FORM_TITLES["supplement_and_water"])


ADDED_FORMS = [("food", "supplement"), ("food", "water"), ("water", "supplement_and_water"),
               ("supplement", "supplement_and_water")]  # fmt: skip


@pytest.mark.parametrize(("age", "sex", "stage"), POPULATIONS)
@pytest.mark.parametrize("authority", ["IOM", "EFSA"])
def test_adding_a_supplement_or_water_never_lowers_a_level(dataset, age, sex, stage, authority):
    from analysis.risk_levels import CAUTION_RANK

    unrated = len(CAUTION_RANK)  # no level at all is below the least cautious level
    population = population_values(dataset, age, sex, stage, authority)
    for total in DENSE_TOTALS:
        category = population.with_intake(total).category
        for before, after in ADDED_FORMS:
            old, new = (
                level_rows(dataset.risk_by_intake, category, authority, f, age_group(age)) for f in (before, after)
            )
            for risk in dataset.risks["risk_id"]:
                old_rank = CAUTION_RANK[old[risk]["level"]] if risk in old else unrated
                new_rank = CAUTION_RANK[new[risk]["level"]] if risk in new else unrated
                assert new_rank <= old_rank, (total, risk, before, after)


# Review round: the reader's own amounts next to the amounts the sources studied -------------------------------


def test_the_water_reason_shows_the_readers_water_next_to_gregers(dataset):
    from analysis.dose import IntakeParts

    parts = IntakeParts(food_mg=2.0, supplement_mg=0.0, water_ug_per_l=800.0, water_litres=1.5)
    result, levels = level_for(dataset, parts.total_mg, 40, form="water")
    sentence = levels_sentence(levels, result, parts)
    assert sentence.index("about 4.2 mg/day") < sentence.index("Your drinking water gives 1.2 mg/day.")
    assert "Your drinking water" not in levels_sentence(levels, result)  # without the parts, nothing is made up
    food_result, food_levels = level_for(dataset, 2.0, 40)
    assert "Your" not in levels_sentence(food_levels, food_result, IntakeParts(2.0, 0.0, 0.0, 0.0))


def test_a_supplement_under_1_mg_is_set_against_the_doses_vkm_assessed(dataset):
    from analysis.dose import IntakeParts

    sentence = supplement_sentence_of(dataset, 0.5, "adults")
    assert "0.5 mg/day, is below the smallest of these doses" in sentence
    assert "assessed supplement doses of 1, 5 and 10 mg/day for adults" in sentence
    parts = IntakeParts(food_mg=2.0, supplement_mg=0.5, water_ug_per_l=0.0, water_litres=0.0)
    result, levels = level_for(dataset, parts.total_mg, 40, form="supplement")
    words = levels_sentence(levels, result, parts)
    assert "1, 5 or 10 mg/day" in words and words.endswith("Your supplement gives 0.5 mg/day.")
