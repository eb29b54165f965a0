"""classify_intake against the whole IOM 2001 table, every band edge, EFSA adults and every error."""

import math

import pytest

from analysis import classify_intake
from analysis.intake import band_text
from tests.conftest import edit_csv

# The IOM 2001 Adequate Intakes and ULs (mg/day), as published; None = not determinable (a row saying so, read in
# IOM 2001's own UL table, hence "primary").
# (age in years, sex, life stage, AI, UL, AI verification, UL verification)
IOM_TABLE = [
    (0.2, "female", "none", 0.003, None, "primary", "primary"),
    (0.2, "male", "none", 0.003, None, "primary", "primary"),
    (0.7, "male", "none", 0.6, None, "primary", "primary"),
    (2, "female", "none", 1.2, 2, "primary", "primary"),
    (6, "male", "none", 1.5, 3, "primary", "primary"),
    (10, "male", "none", 1.9, 6, "primary", "primary"),
    (10, "female", "none", 1.6, 6, "primary", "primary"),
    (16, "male", "none", 2.2, 9, "primary", "primary"),
    (16, "female", "none", 1.6, 9, "primary", "primary"),
    (25, "male", "none", 2.3, 11, "primary", "primary"),
    (25, "female", "none", 1.8, 11, "primary", "primary"),
    # Issue 20: every IOM UL is read in IOM 2001's own UL table; the pregnancy and lactation AIs are not (yet).
    (45, "male", "none", 2.3, 11, "primary", "primary"),
    (75, "female", "none", 1.8, 11, "primary", "primary"),
    (16, "female", "pregnant", 2.0, 9, "secondary", "primary"),
    (30, "female", "pregnant", 2.0, 11, "secondary", "primary"),
    (16, "female", "lactating", 2.6, 9, "secondary", "primary"),
    (30, "female", "lactating", 2.6, 11, "secondary", "primary"),
]


@pytest.mark.parametrize(("age", "sex", "stage", "ai", "ul", "ai_check", "ul_check"), IOM_TABLE)
def test_iom_table(dataset, age, sex, stage, ai, ul, ai_check, ul_check):
    result = classify_intake(1.0, age_years=age, sex=sex, life_stage=stage, reference_values=dataset.reference_values)
    assert result.ai_mg == ai
    assert result.upper_mg == ul
    assert result.upper_kind == "UL"
    assert result.ai_verification == ai_check
    assert result.upper_verification == ul_check
    assert result.ai_source_id and (ul is None or result.upper_source_id)


# Band edges: the lower bound belongs to the band, the upper bound to the next one.
@pytest.mark.parametrize(
    ("age", "sex", "ai", "ul"),
    [
        (0, "male", 0.003, None),
        (0.4999, "male", 0.003, None),
        (0.5, "male", 0.6, None),
        (0.9999, "male", 0.6, None),
        (1, "male", 1.2, 2),
        (3.999, "male", 1.2, 2),
        (4, "male", 1.5, 3),
        (8.999, "female", 1.5, 3),
        (9, "female", 1.6, 6),
        (13.999, "male", 1.9, 6),
        (14, "male", 2.2, 9),
        (18.999, "female", 1.6, 9),
        (19, "female", 1.8, 11),
        (30.999, "male", 2.3, 11),
        (31, "male", 2.3, 11),
        (120, "female", 1.8, 11),
    ],
)
def test_iom_band_edges(dataset, age, sex, ai, ul):
    result = classify_intake(0.5, age_years=age, sex=sex, reference_values=dataset.reference_values)
    assert (result.ai_mg, result.upper_mg) == (ai, ul)


@pytest.mark.parametrize(
    ("intake", "expected"),
    [
        (0, "below_ai"),
        (1.7999, "below_ai"),
        (1.8, "within_range"),  # exactly at the AI
        (5, "within_range"),
        (11, "within_range"),  # exactly at the UL
        (11.0001, "above_upper"),
        (500, "above_upper"),
    ],
)
def test_categories_for_women_19_plus(dataset, intake, expected):
    result = classify_intake(intake, age_years=40, sex="female", reference_values=dataset.reference_values)
    assert result.category == expected


@pytest.mark.parametrize(
    ("intake", "expected"), [(0.5999, "below_ai"), (0.6, "above_ai_no_upper"), (3, "above_ai_no_upper")]
)
def test_infants_have_no_upper_value(dataset, intake, expected):
    result = classify_intake(intake, age_years=0.75, sex="female", reference_values=dataset.reference_values)
    assert result.category == expected
    # No number, but a row: IOM's UL is not determinable under 1 year, read in IOM 2001's UL table.
    assert result.upper_mg is None and result.upper_status == "not_determinable"
    assert (result.upper_value_id, result.upper_source_id) == ("iom_ul_infant_7_12m", "iom_2001_dri")


def test_the_infants_not_determinable_ul_is_read_from_its_row(data_copy):
    """The words and source of the infants' missing UL come from reference_values.csv, not from code: a changed
    note and source in the row change what the classification says."""
    from analysis import load_dataset

    def change(frame):
        at = frame["value_id"] == "iom_ul_infant_0_6m"
        frame.loc[at, "note"] = "Edited note saying why."
        frame.loc[at, "source_id"] = "iom_2006_essential_guide"
        return frame

    edit_csv(data_copy, "reference_values.csv", change)
    values = load_dataset(data_copy).reference_values
    infant = classify_intake(1.0, age_years=0.3, sex="male", reference_values=values)
    assert (infant.upper_note, infant.upper_note_source_id) == ("Edited note saying why.", "iom_2006_essential_guide")
    older = classify_intake(1.0, age_years=0.7, sex="male", reference_values=values)
    assert older.upper_note_source_id == "iom_2001_dri" and "food and formula only" in older.upper_note


def test_efsa_infants_upper_value_is_explicitly_not_confirmed(dataset):
    result = classify_intake(
        2.0, age_years=0.7, sex="female", authority="EFSA", reference_values=dataset.reference_values
    )
    assert (result.upper_mg, result.upper_status, result.upper_value_id) == (
        None, "not_confirmed", "efsa_safe_level_infant_7_11m"
    )  # fmt: skip
    assert result.upper_reason.startswith("Whether EFSA set a safe level for infants aged 7–11 months")
    assert "could not be confirmed" in result.upper_note


@pytest.mark.parametrize(
    ("age", "stage", "intake", "category"),
    [(18, "none", 2.9, "below_ai"), (18, "none", 3, "within_range"), (50, "none", 8, "within_range"),
     (50, "none", 8.01, "above_upper"), (30, "pregnant", 9, "above_upper"), (30, "lactating", 4, "within_range")],
)  # fmt: skip
def test_efsa_adults(dataset, age, stage, intake, category):
    result = classify_intake(
        intake,
        age_years=age,
        sex="female",
        life_stage=stage,
        authority="EFSA",
        reference_values=dataset.reference_values,
    )
    assert (result.ai_mg, result.upper_mg, result.upper_kind) == (3, 8, "safe level")
    assert result.category == category
    assert result.ai_source_id == "efsa_2013_drv_mn"
    assert result.upper_source_id == "efsa_2023_ul_mn"
    assert result.ai_verification == result.upper_verification == "primary"


@pytest.mark.parametrize(("age", "band"), [(0.5, None), (2, (1, 4)), (16, (15, 18)), (17.99, (15, 18))])
def test_efsa_children_have_no_confirmed_values(dataset, age, band):
    result = classify_intake(5, age_years=age, sex="male", authority="EFSA", reference_values=dataset.reference_values)
    assert result.category == "no_reference"
    assert result.band == band
    assert result.ai_mg is None and result.upper_mg is None


@pytest.mark.parametrize(
    ("age", "sex", "stage", "authority", "label"),
    [
        (0.2, "male", "none", "IOM", "infants aged 0–6 months"),
        (0.8, "male", "none", "IOM", "infants aged 7–12 months"),
        (2, "female", "none", "IOM", "children aged 1–3 y"),
        (16, "female", "none", "IOM", "girls aged 14–18 y"),
        (16, "female", "pregnant", "IOM", "pregnant girls aged 14–18 y"),
        (40, "female", "lactating", "IOM", "lactating women aged 19–50 y"),
        (72, "male", "none", "IOM", "men aged 19+ y"),
        (16, "female", "none", "EFSA", "girls aged 15–17 y"),
        (18, "male", "none", "EFSA", "men aged 18+ y"),
    ],
)
def test_population_label(dataset, age, sex, stage, authority, label):
    result = classify_intake(
        1, age_years=age, sex=sex, life_stage=stage, authority=authority, reference_values=dataset.reference_values
    )
    assert result.population == label


def test_values_come_from_the_data_file(data_copy):
    from analysis import load_dataset

    def change(df):
        df.loc[df["value_id"] == "iom_ul_adult_19_30", "value"] = "12.5"
        return df

    edit_csv(data_copy, "reference_values.csv", change)
    values = load_dataset(data_copy).reference_values
    result = classify_intake(12, age_years=25, sex="male", reference_values=values)
    assert (result.upper_mg, result.category) == (12.5, "within_range")


def test_defaults_to_bundled_data():
    result = classify_intake(12, age_years=25, sex="female")
    assert (result.authority, result.upper_mg, result.category) == ("IOM", 11, "above_upper")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mg_per_day": -0.1}, "zero or more"),
        ({"mg_per_day": math.nan}, "finite"),
        ({"mg_per_day": math.inf}, "finite"),
        ({"mg_per_day": "3"}, "must be a number"),
        ({"mg_per_day": True}, "must be a number"),
        ({"age_years": -1}, "between 0 and 120"),
        ({"age_years": 120.5}, "between 0 and 120"),
        ({"age_years": math.nan}, "finite"),
        ({"sex": "other"}, "Sex must be one of"),
        ({"life_stage": "menopause"}, "Life stage must be one of"),
        ({"authority": "WHO"}, "Authority must be one of"),
        ({"life_stage": "pregnant", "sex": "male"}, "females aged 14 to 50"),
        ({"life_stage": "pregnant", "age_years": 13.9}, "females aged 14 to 50"),
        ({"life_stage": "lactating", "age_years": 51}, "females aged 14 to 50"),
    ],
)
def test_invalid_input_raises_value_error(dataset, kwargs, message):
    arguments = {"mg_per_day": 2.0, "age_years": 30, "sex": "female", **kwargs}
    intake = arguments.pop("mg_per_day")
    with pytest.raises(ValueError, match=message):
        classify_intake(intake, reference_values=dataset.reference_values, **arguments)


def test_band_text():
    assert band_text((0, 0.5)) == "0–6 months"
    assert band_text((19, None)) == "19+ y"
    assert band_text((9, 14)) == "9–13 y"
    assert band_text(None) == "no band"
