"""Issue 13, scientific precision round two: each point checked on the data rows and on the sentences the code
builds from them (never on a copy of the text kept here)."""

import json
import re
from pathlib import Path

import pytest

from analysis import NO_IDENTIFIER, classify_intake, dataset_gaps, dataset_tables, format_citation, load_dataset
from analysis.colours import risk_level_colour
from analysis.dose import (
    efsa_child_range,
    ferritin_sentence,
    intake_sentence,
    iron_stores_sentence,
    iron_stores_source_ids,
    levels_at,
    levels_sentence,
)
from analysis.dose_charts import risk_bands_table, risk_by_intake_figure, route_table
from analysis.intake import find_band
from analysis.salts import CONVERTER_CAPTION, conversion_sentence, salt_conversions
from analysis.vocab import RISK_LEVEL_LABELS
from tests.conftest import DATA_DIR, edit_csv

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def row(frame, key, value):
    return frame.loc[frame[key] == value].iloc[0]


# 1. IOM infants: the AI exists; the UL is "not determinable", intake from food and formula only ------------------


def test_iom_infant_result_sentence_levels_and_chart_say_not_determinable(dataset):
    result = classify_intake(2.0, age_years=0.4, sex="female", reference_values=dataset.reference_values)
    assert (result.category, result.ai_mg, result.upper_mg) == ("above_ai_no_upper", 0.003, None)
    assert "not determinable" in result.upper_note and "food and formula only" in result.upper_note
    assert result.upper_note_source_id in set(dataset.sources["source_id"])
    # The words are the note of the data row that says so, and cite its source.
    infant_ul = row(dataset.reference_values, "value_id", "iom_ul_infant_0_6m")
    assert (result.upper_note, result.upper_note_source_id) == (infant_ul["note"], infant_ul["source_id"])

    sentence = intake_sentence(result)
    assert "about 667 times the AI" in sentence and "not determinable" in sentence
    assert "set no upper level for this age group" not in sentence
    levels = levels_at(result.category, dataset.risk_by_intake, dataset.risks, authority="IOM", age_group="infants")
    words = levels_sentence(levels, result)
    assert "not determinable" in words and not words.startswith("Without a reference value")

    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources)
    above = bands[bands["intake_category"] == "above_ai_no_upper"]
    assert len(above) == 4 and above["rationale"].str.contains("not determinable").all()
    figure = risk_by_intake_figure(result, bands)
    assert "UL not determinable" in [a.text for a in figure.layout.annotations]


# 2. EFSA infants: the 7-11 month AI range is in the data, labelled secondary, and said in the sentence ------------


def test_efsa_infant_adequate_intake_range_is_shown_with_its_verification(dataset):
    values = dataset.reference_values
    low, high = (
        row(values, "value_id", "efsa_ai_infant_7_11m_low"),
        row(values, "value_id", "efsa_ai_infant_7_11m_high"),
    )
    assert (low["value"], high["value"], low["verification"], high["verification"]) == (
        0.02,
        0.5,
        "secondary",
        "secondary",
    )
    result = classify_intake(2.0, age_years=0.7, sex="male", authority="EFSA", reference_values=values)
    assert result.population == "infants aged 7–11 months" and find_band("EFSA", 0.7) == result.band
    sentence = intake_sentence(result, efsa_child_range(values, 0.7))
    assert "range, 0.02 to 0.5 mg/day (confirmed only in a secondary source)" in sentence
    assert "2.0 mg/day is above that range" in sentence
    assert "safe level for infants could not be confirmed" in sentence
    assert "no band under 1 year" not in (find_band.__doc__ or "")


# 3. EFSA's safe level is the high end of usual diets, not a neurotoxicity threshold -----------------------------

SET_TO_PREVENT = re.compile(r"(designed|set) (so as )?to prevent|are set so that intakes up to them", re.IGNORECASE)


def test_no_row_calls_the_efsa_safe_level_a_neurotoxicity_threshold(dataset):
    texts = {
        "risks.neurotoxicity": row(dataset.risks, "risk_id", "neurotoxicity")["evidence_says"],
        "edges.excess_mn_manganism": row(dataset.mechanism_edges, "edge_id", "excess_mn_manganism")["note"],
        **{
            f"risk_by_intake.neurotoxicity.{r.intake_category}": r.rationale
            for r in dataset.risk_by_intake[dataset.risk_by_intake["risk_id"] == "neurotoxicity"].itertuples()
        },
    }
    for where, text in texts.items():
        assert not SET_TO_PREVENT.search(text), where
    assert "not a threshold of harm" in texts["risks.neurotoxicity"] and "not defined" in texts["risks.neurotoxicity"]
    assert "high end of usual diets" in texts["edges.excess_mn_manganism"]
    assert "95th percentile" in row(dataset.reference_values, "value_id", "efsa_safe_level_adult")["note"]


# 4. "Not studied" is its own level, label and colour; VKM reflected below the upper value -------------------------


def test_not_studied_is_a_distinct_level_in_vocab_package_data_and_chart(dataset):
    assert RISK_LEVEL_LABELS["not_studied"].startswith("Not studied")
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    level = next(
        f
        for r in package["resources"]
        if r["name"] == "risk_by_intake"
        for f in r["schema"]["fields"]
        if f["name"] == "level"
    )
    assert "not_studied" in level["constraints"]["enum"] and "not_studied" in level["description"]
    general = dataset.risk_by_intake[dataset.risk_by_intake["manganese_from"] == "any"]
    levels = general.set_index(["risk_id", "intake_category"])["level"]
    for key in [("iron_interaction", "below_ai"), ("iron_interaction", "within_range"),
                ("altered_dopamine_metabolism", "within_range")]:  # fmt: skip
        assert levels[key] == "not_studied", key
    for r in dataset.risk_by_intake.itertuples():  # the reason and the label agree, row by row
        no_source_looked = r.rationale.startswith(("No source looked", "No source links"))
        assert no_source_looked == (r.level == "not_studied"), (r.risk_id, r.intake_category)
    assert risk_level_colour("not_studied") != risk_level_colour("no_known_risk")
    # Issue 20: VKM's judgement is now its own row, for manganese from a supplement in adults.
    within = dataset.risk_by_intake.set_index(["risk_id", "intake_category", "manganese_from", "age_group"]).loc[
        ("neurotoxicity", "within_range", "supplement", "adults")
    ]
    assert "vkm_2018_mn" in within["source_ids"] and "1, 5 or 10 mg/day" in within["rationale"]


# 5. Ferritin: every threshold between 75 and 300, and transferrin saturation ------------------------------------


@pytest.mark.parametrize(
    ("ferritin", "expected", "absent"),
    [
        (40, ["at or below 75 ng/mL", "AAN 2016", "below 300 ng/mL"], ["intravenous-only band"]),
        (
            90,
            ["intravenous-only band from 75 to 100 ng/mL (unverified)", "below 300 ng/mL", "ferric carboxymaltose"],
            [],
        ),
        (150, ["100 ng/mL (unverified) for intravenous iron only", "below 300 ng/mL"], ["at or below 75"]),
        (300, ["at or above 300 ng/mL"], ["ferric carboxymaltose effective"]),
    ],
)
def test_ferritin_sentence_names_every_threshold(dataset, ferritin, expected, absent):
    sentence = ferritin_sentence(ferritin, dataset.iron_context)
    for words in [*expected, "transferrin saturation below 20%", "not advice"]:
        assert words in sentence, words
    for words in absent:
        assert words not in sentence, words


def test_ferritin_sentence_reads_the_thresholds_from_the_data(data_copy):
    def change(df):
        df.loc[df["item_id"] == "irlssg_ferritin_fcm", "value"] = "250"
        return df

    edit_csv(data_copy, "iron_context.csv", change)
    sentence = ferritin_sentence(260, load_dataset(data_copy).iron_context)
    assert "at or above 250 ng/mL" in sentence


# 6. Unsourced statements: gone, or now cited ----------------------------------------------------------------


def test_iron_stores_sentence_is_sourced_and_drops_the_unsourced_claim(dataset):
    sentence = iron_stores_sentence(dataset.iron_context)
    assert "Many people with RLS have low iron stores" not in sentence
    assert "2.3% to 4.3%" in sentence and "against 0.8%" in sentence and "normal blood iron tests" in sentence
    assert set(iron_stores_source_ids(dataset)) <= set(dataset.sources["source_id"])
    assert "many people with RLS" not in row(dataset.risks, "risk_id", "iron_interaction")["at_risk_groups"]


def test_statements_the_issue_named_now_cite_a_source_that_says_them(dataset):
    claims = dataset.claims.set_index("claim_id")
    assert "glutamine synthetase" in claims.loc["C2", "assessment"]
    assert "genet_med_2018_slc39a8" in claims.loc["C2", "source_ids"]
    assert "preliminary" in claims.loc["C5", "assessment"]
    assert "jimenez_jimenez_2019_rls_neurochemistry" in claims.loc["C5", "source_ids"]
    edge = row(dataset.mechanism_edges, "edge_id", "stress_worsens_rls")
    assert "preliminary" in edge["note"] and "jimenez_jimenez_2019_rls_neurochemistry" in edge["source_ids"]
    neuro = row(dataset.risks, "risk_id", "neurotoxicity")
    assert "liver disease" in neuro["at_risk_groups"] and "parenteral" in neuro["at_risk_groups"]
    for source in ("nih_ods_mn_fact_sheet", "iom_2001_dri", "santos_2014_mn_parenteral_nutrition"):
        assert source in neuro["source_ids"], source


# 7 and 8. Both sides cited; C4 wording; C11 marked as the project's own reading ---------------------------------


def test_null_findings_are_cited_and_c4_c11_are_worded_precisely(dataset):
    claims = dataset.claims.set_index("claim_id")
    assert (
        "2.16 mg/L" in claims.loc["C6", "assessment"] and "vieregge_1995_well_water" in claims.loc["C6", "source_ids"]
    )
    assert "2.5 mg a day" in claims.loc["C5", "assessment"]
    assert "found no difference" not in claims.loc["C4", "assessment"]
    assert "neither reported it as different" in claims.loc["C4", "assessment"]
    for edge_id in ("mn_raises_dopamine", "excess_mn_worsens_rls"):
        assert "found no difference" not in row(dataset.mechanism_edges, "edge_id", edge_id)["note"]
    assert "project's own reading" in claims.loc["C11", "assessment"]


# 9. Every source has a DOI, PMID or issuer URL, or visibly says "identifier: none found" (the README's rule) ------


def test_every_source_has_an_identifier_or_is_visibly_labelled(dataset):
    assert NO_IDENTIFIER in README and "DOI" in README
    unidentified = []
    for _, source in dataset.sources.iterrows():
        if not (source["doi"] or source["pmid"] or source["url"]):
            unidentified.append(source["source_id"])
            assert format_citation(source).endswith(f"({NO_IDENTIFIER}.)"), source["source_id"]
        else:
            assert NO_IDENTIFIER not in format_citation(source), source["source_id"]
    assert {"epa_2004_mn_health_advisory", "acgih_tlv_2013_mn", "mayo_mnb", "finley_1999"} <= set(unidentified)
    gaps = dataset_gaps(dataset_tables(dataset))
    assert set(unidentified) <= set(gaps.loc[gaps["table"] == "sources", "row_id"])


# 10. Salt converter: both hydrate forms when the label does not name one -----------------------------------------


@pytest.mark.parametrize(
    ("label_name", "fractions"),
    [("manganese_sulfate", [0.325, 0.364]), ("manganese_chloride", [0.278, 0.437]), ("manganese_carbonate", [0.478])],
)
def test_salt_conversions_give_every_form_a_label_may_mean(dataset, label_name, fractions):
    conversions = salt_conversions(label_name, 100, dataset.atomic_weights)
    assert conversions["fraction"].round(3).tolist() == fractions
    sentence = conversion_sentence(label_name, 100, conversions)
    for amount in conversions["manganese_mg"]:
        assert f"**{amount:.2f} mg**" in sentence
    assert ("does not say which form" in sentence) == (len(fractions) == 2)
    assert "manganese sulfate" in CONVERTER_CAPTION and "manganese chloride" in CONVERTER_CAPTION


# 11. Where the research disagrees with itself, the row says so (issue 20: Health Canada follows its source row,
# and the IOM ULs are read in IOM 2001's own table) ------------------------------------------------------------


def test_disagreements_are_written_in_the_rows(dataset):
    values = dataset.reference_values.set_index("value_id")
    for value_id in ("health_canada_water_mac", "health_canada_water_ao", "epa_water_smcl"):
        assert "disagree" in values.loc[value_id, "note"], value_id
    assert values.loc["epa_water_smcl", "verification"] == "primary"
    assert set(values.loc[["health_canada_water_mac", "health_canada_water_ao"], "verification"]) == {"secondary"}
    for value_id in ("iom_ul_adult_31_plus", "iom_ul_pregnant_19_50", "iom_ul_lactating_19_50"):
        assert values.loc[value_id, "verification"] == "primary"
        assert "page 27" in values.loc[value_id, "note"]


# 12. Known gaps cover every table -----------------------------------------------------------------------------


def test_known_gaps_cover_every_table(dataset):
    gaps = dataset_gaps(dataset_tables(dataset))
    keys = set(zip(gaps["table"], gaps["row_id"], strict=True))
    assert ("iron_context", "aasm_ferritin_iv_only_upper") in keys
    assert ("reference_values", "iom_ul_pregnant_19_50") not in keys  # read in IOM 2001's UL table (issue 20)
    assert ("atomic_weights", "Mn") in keys
    unverified = dataset.iron_context[dataset.iron_context["verification"] == "unverified"]["item_id"]
    assert set(unverified) <= {r for t, r in keys if t == "iron_context"}


# 13. Values the research held that the data lacked --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value_id", "value", "unit", "verification"),
    [
        ("fda_daily_value", 2.3, "mg/day", "secondary"),
        ("epa_oral_rfd", 0.14, "mg/kg-day", "secondary"),
        ("epa_inhalation_rfc", 0.05, "µg/m³", "secondary"),
        ("fda_bottled_water", 0.05, "mg/L", "secondary"),
        ("nhanes_blood_mean_female", 10.6, "µg/L", "primary"),
        ("nhanes_blood_mean_male", 9.2, "µg/L", "primary"),
        ("mayo_blood_level_of_concern", 36.6, "µg/L", "secondary"),
    ],
)
def test_added_reference_values(dataset, value_id, value, unit, verification):
    added = row(dataset.reference_values, "value_id", value_id)
    assert (added["value"], added["unit"], added["verification"]) == (value, unit, verification)
    assert added["note"].strip()


def test_added_iron_context_and_derived_values(dataset):
    items = dataset.iron_context.set_index("item_id")
    assert (items.loc["aan_ferritin_oral", "value"], items.loc["aan_ferritin_oral", "source_id"]) == (
        75,
        "aan_2016_rls_guideline",
    )
    assert sorted(items.loc[items.index.str.startswith("finley_absorption"), "value"]) == [0.8, 2.3, 4.3]
    values = dataset.reference_values.set_index("value_id")["value"]
    assert values["mayo_blood_level_of_concern"] == pytest.approx(2 * values["mayo_blood_range_high"])
    # The general-population air value is not a workplace limit: it stays off the workplace chart.
    assert "epa_inhalation_rfc" not in set(route_table(dataset.reference_values, "inhalation")["value_id"])


# 14. Manganese's standard atomic weight ---------------------------------------------------------------------


def test_manganese_atomic_weight_is_the_2017_ciaaw_value_labelled_honestly(dataset):
    mn = row(dataset.atomic_weights, "symbol", "Mn")
    assert (mn["atomic_weight"], mn["source_id"], mn["verification"]) == (54.938043, "ciaaw_manganese", "unverified")
    assert "2017" in mn["note"]
    assert row(dataset.sources, "source_id", "ciaaw_manganese")["url"].startswith("http://ciaaw.org/")
    # The infants' "not determinable" UL is a data row citing IOM 2001's own table (issue 23, point 5).
    assert row(dataset.reference_values, "value_id", "iom_ul_infant_0_6m")["source_id"] == "iom_2001_dri"
