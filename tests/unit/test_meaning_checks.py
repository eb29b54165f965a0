"""Meaning checks at load (issue 23, point 5): well-formed but wrong data is refused by load_dataset, each
problem naming its file and row, so the dose page never answers from a deleted or mis-stated value."""

import pandas as pd
import pytest

from analysis import DataError, load_dataset
from analysis.plausibility import is_single_web_address
from tests.conftest import edit_csv


def _set(value_id: str, column: str, value: str):
    def change(df: pd.DataFrame) -> pd.DataFrame:
        key = df.columns[0]
        assert (df[key] == value_id).any(), value_id
        df.loc[df[key] == value_id, column] = value
        return df

    return change


def _drop(value_id: str):
    return lambda df: df[df[df.columns[0]] != value_id]


def _problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    return caught.value.problems


CASES = [
    # (file, change, words one message must contain)
    ("reference_values.csv", _set("iom_ul_adult_19_30", "unit", "mg/L"), ["row 'iom_ul_adult_19_30'", "unit 'mg/L'"]),
    ("reference_values.csv", _drop("iom_ul_adult_19_30"), ["row 'iom_ai_female_19_plus'", "no UL row", "19 to 31"]),
    ("reference_values.csv", _drop("iom_ul_child_1_3"), ["row 'iom_ai_child_1_3'", "no UL row", "ages 1 to 4"]),
    ("reference_values.csv", _drop("efsa_safe_level_pregnant"), ["row 'efsa_ai_pregnant'", "no safe_level row"]),
    # The infants' upper-value rows say "not determinable" (IOM) or "not confirmed" (EFSA): deleting one is refused
    # like deleting a UL with a number, with no exception for infants.
    ("reference_values.csv", _drop("iom_ul_infant_0_6m"), ["row 'iom_ai_infant_0_6m'", "no UL row", "ages 0 to 0.5"]),
    ("reference_values.csv", _drop("iom_ul_infant_7_12m"), ["row 'iom_ai_infant_7_12m'", "no UL row", "0.5 to 1"]),
    (
        "reference_values.csv",
        _drop("efsa_safe_level_infant_7_11m"),
        ["row 'efsa_ai_infant_7_11m_low'", "no safe_level row", "ages 0.5833 to 1"],
    ),
    ("reference_values.csv", _set("iom_ul_child_1_3", "value", "1.1"), ["row 'iom_ai_child_1_3'", "not below"]),
    ("reference_values.csv", _set("iom_ul_adult_19_30", "value", "11000"), ["row 'iom_ul_adult_19_30'", "plausible"]),
    ("reference_values.csv", _set("iom_ai_male_19_plus", "value", "2300"), ["row 'iom_ai_male_19_plus'", "plausible"]),
    ("reference_values.csv", _set("mdh_water_infant", "value", "0.1"), ["row 'mdh_water_infant'", "plausible"]),
    ("reference_values.csv", _set("iom_ul_adult_19_30", "value", "inf"), ["row 'iom_ul_adult_19_30'", "not finite"]),
    ("reference_values.csv", _set("osha_pel_ceiling", "value", "0"), ["row 'osha_pel_ceiling'", "plausible"]),
    ("reference_values.csv", _set("osha_pel_ceiling", "unit", "mg/day"), ["row 'osha_pel_ceiling'", "unit"]),
    ("reference_values.csv", _set("efsa_ai_infant_7_11m_low", "value", "0.9"), ["efsa_ai_infant_7_11m_low", "lower"]),
    ("iron_context.csv", _set("aan_ferritin_oral", "value", "inf"), ["iron_context.csv", "row 'aan_ferritin_oral'"]),
    (
        "sources.csv",
        _set("iom_2001_dri", "url", "https://doi.org/10.17226/10026>https://evil.example"),
        ["row 'iom_2001_dri'", "url"],
    ),
    ("sources.csv", _set("iom_2001_dri", "url", "https://a.org/https://evil.example"), ["row 'iom_2001_dri'", "url"]),
    ("sources.csv", _set("iom_2001_dri", "doi", "10.17226/10026>x"), ["row 'iom_2001_dri'", "DOI"]),
]


@pytest.mark.parametrize(("file_name", "change", "expected"), CASES)
def test_wrong_but_well_formed_data_is_refused_naming_file_and_row(data_copy, file_name, change, expected):
    edit_csv(data_copy, file_name, change)
    problems = _problems(data_copy)
    assert any(all(word in p for word in expected) and file_name in p and "line " in p for p in problems), problems


def test_refusal_never_quotes_the_bad_address(data_copy):
    edit_csv(data_copy, "sources.csv", _set("iom_2001_dri", "url", "https://a.org/>evil-text-here"))
    assert not any("evil-text-here" in p for p in _problems(data_copy))


def test_infant_upper_values_are_explicit_rows_without_a_number(dataset):
    """IOM's UL under 1 year is a row saying "not determinable", citing IOM 2001's UL table (its footnote: no data
    on adverse effects, concern about handling excess, intake from food only); EFSA's infants have a row saying
    whether EFSA set a safe level could not be confirmed. Neither states a number."""
    values = dataset.reference_values.set_index("value_id")
    for value_id, (low, high) in {"iom_ul_infant_0_6m": (0, 0.5), "iom_ul_infant_7_12m": (0.5, 1)}.items():
        row = values.loc[value_id]
        assert (row["authority"], row["metric"], row["value_status"]) == ("IOM", "UL", "not_determinable")
        assert (row["age_min_years"], row["age_max_years"]) == (low, high) and pd.isna(row["value"])
        assert (row["source_id"], row["verification"]) == ("iom_2001_dri", "primary")
        assert "footnote" in row["note"] and "food and formula only" in row["note"]
    efsa = values.loc["efsa_safe_level_infant_7_11m"]
    assert (efsa["metric"], efsa["value_status"], efsa["verification"]) == ("safe_level", "not_confirmed", "unverified")
    assert pd.isna(efsa["value"]) and efsa["source_id"] == "efsa_2023_ul_mn"
    # Every other row states its number.
    assert (values["value_status"] == "stated").sum() == len(values) - 3


def test_rows_without_a_number_show_their_status_wherever_rows_are_shown(dataset):
    """The source pages' readable rows and the known gaps say "not determinable" / "not confirmed" (never "nan"),
    and the life-stage chart, which draws numbers, leaves these rows out."""
    from analysis import dataset_gaps, dataset_tables
    from analysis.dose_charts import life_stage_table
    from analysis.provenance import readable_rows

    tables = dataset_tables(dataset)
    values = dataset.reference_values
    shown = readable_rows("reference_values", values[values["value_status"] != "stated"], tables)
    assert sorted(shown["Amount"]) == ["not confirmed", "not determinable", "not determinable"]
    gaps = dataset_gaps(tables)
    efsa = gaps[gaps["row_id"] == "efsa_safe_level_infant_7_11m"]
    assert efsa["heading"].tolist() == ["Whether EFSA set a safe level for infants is not confirmed"]
    assert not gaps["heading"].str.contains("nan").any()
    stages = life_stage_table(values, ["IOM", "EFSA"])
    assert stages["value"].notna().all() and "iom_ul_infant_0_6m" not in set(stages["value_id"])


@pytest.mark.parametrize(
    ("value_id", "column", "cell", "words"),
    [
        ("iom_ul_infant_0_6m", "value", "2", "value_status"),  # a number in a not-determinable row
        ("iom_ul_infant_0_6m", "note", "", "note"),  # a row without a number must say why
        ("iom_ul_adult_19_30", "value", "", "value_status"),  # a stated row without its number
        ("iom_ul_adult_19_30", "value_status", "unknown", "value_status"),
    ],
)
def test_a_value_and_its_status_must_agree(data_copy, value_id, column, cell, words):
    edit_csv(data_copy, "reference_values.csv", _set(value_id, column, cell))
    problems = _problems(data_copy)
    assert any("reference_values.csv" in p and words in p and "line " in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("https://doi.org/10.1093/jn/128.2.368s", True),
        ("http://ciaaw.org/manganese.htm", True),
        ("https://www.ebi.ac.uk/intenz/query?cmd=SearchEC&ec=1.14.16.2", True),
        ("javascript:alert(1)", False),
        ("//evil.example/x", False),
        ("https://", False),
        ("https://a.org/x y", False),
        ("https://a.org/<b>", False),
        ("https://user@evil.example/", False),
        ("ftp://a.org/", False),
    ],
)
def test_single_web_address(text, ok):
    assert is_single_web_address(text) is ok
