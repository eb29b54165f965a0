"""Issue 16 items 1-3 from the data: the evidence profile per claim and risk (claim_sources.csv), what
authorities say about supplemental manganese (supplement_statements.csv) and the iron work-up
(iron_workup.csv with iron_context.csv). Counted, ordered and worded by analysis, never typed into a page."""

import json

import pandas as pd
import pytest

from analysis import (
    DataError,
    assessed_doses,
    claim_rows,
    load_dataset,
    profile_counts,
    profile_details,
    profile_figure,
    profile_summary_text,
    profile_table,
    risk_rows,
    split_ids,
    supplement_sentence,
    supplement_view,
    threshold_text,
    workup_view,
)
from analysis.vocab import DESIGN_LABELS
from tests.conftest import edit_csv

# --- The claim-source table agrees with claims.csv -------------------------------------------------------------------


def test_claim_sources_hold_exactly_the_claims_source_pairs(dataset):
    claimed = {
        (c, s)
        for c, cell in zip(dataset.claims["claim_id"], dataset.claims["source_ids"], strict=True)
        for s in split_ids(cell)
    }
    profiled = set(zip(dataset.claim_sources["claim_id"], dataset.claim_sources["source_id"], strict=True))
    assert profiled == claimed
    assert len(dataset.claim_sources) == len(claimed)


def test_a_source_has_one_design_wherever_it_is_cited(dataset):
    assert dataset.claim_sources.groupby("source_id")["design"].nunique().max() == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda df: df.iloc[1:], "claim_sources.csv: no row for 'C1/guo_2017_frontiers_rls_review'"),
        (
            lambda df: pd.concat([df, df.iloc[[0]].assign(claim_id="C2")]),
            "claims.csv: 'C2/guo_2017_frontiers_rls_review'",
        ),
        (
            lambda df: df.assign(design=df["design"].where(df.index != 8, "guideline")),
            "claim_sources.csv: more than one design for source 'connor_2003_neuropath_rls'",
        ),
        (lambda df: df.assign(design="blog"), "claim_sources.csv, column 'design'"),
        (lambda df: df.assign(last_checked="30/11/2026"), "claim_sources.csv, column 'last_checked'"),
    ],
    ids=["pair-missing", "pair-extra", "two-designs", "unknown-design", "bad-date"],
)
def test_damaged_claim_sources_are_reported(data_copy, change, expected):
    edit_csv(data_copy, "claim_sources.csv", change)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert any(expected in problem for problem in error.value.problems), error.value.problems


# --- The evidence profile -----------------------------------------------------------------------------------------


def test_claim_profile_counts_designs_subjects_and_date(dataset):
    counts = profile_counts(claim_rows(dataset.claim_sources, ["C7", "C1"])).set_index("claim_id")
    assert counts.index.tolist() == ["C7", "C1"]  # the order asked for
    c1 = counts.loc["C1"]
    assert (c1["guideline"], c1["systematic_review"], c1["observational_human"], c1["narrative_review"]) == (1, 1, 1, 1)
    assert (c1["sources"], c1["human"], c1["animal"]) == (4, 4, 0)
    c7 = counts.loc["C7"]
    assert (c7["controlled_human_study"], c7["expert_assessment"], c7["narrative_review"]) == (2, 1, 1)
    assert counts.loc["C7", "last_checked"] == "2026-11-30"
    # Every design column sums to the number of sources.
    assert (counts[list(DESIGN_LABELS)].sum(axis=1) == counts["sources"]).all()


def test_human_and_animal_sources_count_for_both(dataset):
    c4 = profile_counts(claim_rows(dataset.claim_sources, ["C4"])).iloc[0]
    # Connor 2003 and Jiménez-Jiménez 2022 on people; Chen 2021 on people and a nematode model.
    assert (c4["human"], c4["animal"], c4["sources"]) == (3, 1, 3)


def test_risk_profile_is_the_union_of_its_claims_sources(dataset):
    risk = dataset.risks.set_index("risk_id").loc["altered_dopamine_metabolism"].to_dict()
    rows = risk_rows(dataset.claim_sources, risk)
    # C3 (2 sources), C4 (3) and C8 (1) share no source: 6 sources.
    assert rows["source_id"].is_unique and len(rows) == 6
    assert set(rows["claim_id"]) == {"Altered dopamine metabolism"}
    counts = profile_counts(rows).iloc[0]
    assert (counts["animal_or_laboratory"], counts["observational_human"], counts["reference_work"]) == (2, 3, 1)


def test_a_source_shared_by_two_claims_of_a_risk_counts_once():
    claim_sources = pd.DataFrame(
        {
            "claim_id": ["C1", "C2"], "source_id": ["a", "a"], "design": ["guideline", "guideline"],
            "subjects": ["human", "human"], "finding": ["x", "y"], "last_checked": ["2026-01-01", "2026-02-01"],
        }
    )  # fmt: skip
    rows = risk_rows(claim_sources, {"claim_ids": "C1;C2", "risk_type": "Both"})
    assert profile_counts(rows).iloc[0]["guideline"] == 1


def test_profile_table_figure_and_words_agree(dataset):
    counts = profile_counts(claim_rows(dataset.claim_sources, dataset.claims["claim_id"]))
    table = profile_table(counts)
    assert table["Claim"].tolist() == dataset.claims["claim_id"].tolist()
    assert "Randomised trial" not in table.columns  # no design column that no source has
    assert table["Sources"].sum() == len(dataset.claim_sources)
    figure = json.loads(profile_figure(counts).to_json())
    assert figure["layout"]["barmode"] == "stack"
    traces = {trace["name"]: trace["x"] for trace in figure["data"]}
    for name, values in traces.items():
        assert list(table[name]) == values
    text = profile_summary_text(counts)
    assert text.startswith("C1: 4 sources (1 clinical guideline, 1 systematic review, 1 observational human study")
    assert "C8: 1 source (1 animal or laboratory study); 0 on human data, 1 on animal data" in text


def test_profile_details_read_in_words(dataset):
    details = profile_details(claim_rows(dataset.claim_sources, ["C3"]), dataset.sources)
    assert details.columns.tolist() == ["Claim", "Source", "Design", "Subjects", "Finding", "Last checked"]
    assert details["Source"].tolist() == ["IntEnz n.d.", "Fitzpatrick 1989"]
    assert set(details["Design"]) == {"Reference work or database entry", "Animal or laboratory study"}
    assert set(details["Subjects"]) == {"Animals", "No subjects (reference entry or reasoning)"}


# --- Supplements on their own ---------------------------------------------------------------------------------------


def test_vkm_doses_come_from_the_data(dataset):
    assert assessed_doses(dataset.supplement_statements) == [1.0, 5.0, 10.0]
    vkm = dataset.supplement_statements[dataset.supplement_statements["source_id"] == "vkm_2018_mn"]
    assert set(vkm["verification"]) == {"primary"}


def test_iom_caution_on_water_and_supplements_is_labelled_secondary(dataset):
    rows = dataset.supplement_statements.set_index("statement_id")
    caution = rows.loc["iom_water_supplement_availability"]
    assert caution["source_id"] == "iom_2001_dri" and caution["verification"] == "secondary"
    assert "more readily" in caution["statement"] and caution["note"]


@pytest.mark.parametrize(
    ("supplement", "expected"),
    [
        (0, "No supplement entered."),
        (0.5, "is below the smallest of these doses"),
        (1, "is at or above 1 of the 3 assessed doses (1 mg/day)"),
        (6, "is at or above 2 of the 3 assessed doses (1, 5 mg/day)"),
        (10, "is at or above all 3 assessed doses (1, 5, 10 mg/day)"),
    ],
)
def test_supplement_sentence_places_the_amount_against_the_assessed_doses(dataset, supplement, expected):
    sentence = supplement_sentence(supplement, dataset.supplement_statements, dataset.sources)
    assert expected in sentence
    assert "assessed supplement doses of 1, 5 and 10 mg/day" in sentence


def test_supplement_sentence_follows_the_data_not_fixed_numbers(dataset):
    statements = dataset.supplement_statements.assign(
        dose_mg_per_day=dataset.supplement_statements["dose_mg_per_day"] * 2
    )
    sentence = supplement_sentence(3, statements, dataset.sources)
    assert "doses of 2, 10 and 20 mg/day" in sentence and "1 of the 3 assessed doses (2 mg/day)" in sentence
    none = statements.assign(dose_mg_per_day=float("nan"))
    assert supplement_sentence(3, none, dataset.sources) == "No statement in the dataset names a supplement dose."


def test_supplement_view_orders_supplements_first_and_labels_verification(dataset):
    view = supplement_view(dataset.supplement_statements, dataset.sources)
    assert view["About"].iloc[0] == "Manganese from supplements"
    assert view["Dose (mg/day)"].tolist()[:4] == ["1", "5", "10", "–"]
    assert view["About"].tolist()[-1] == "Total intake (food, water and supplements)"
    assert set(view["Verification"]) == {"Primary", "Secondary"}


def test_a_secondary_statement_without_a_note_is_reported(data_copy):
    edit_csv(data_copy, "supplement_statements.csv", lambda df: df.assign(note=""))
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert any("needs a note saying where it was read" in p for p in error.value.problems)


# --- The iron work-up -------------------------------------------------------------------------------------------------


def test_workup_reads_in_guideline_order_with_thresholds_from_iron_context(dataset):
    view = workup_view(dataset.iron_workup, dataset.iron_context, dataset.sources)
    assert view["Part"].tolist()[:3] == ["What is tested", "When the sample is taken", "How the result is read"]
    thresholds = view[view["Part"] == "Iron thresholds"]
    assert thresholds["Threshold"].tolist() == [
        "Serum ferritin ≤ 75 ng/mL",
        "Transferrin saturation < 20%",
        "Serum ferritin up to 100 ng/mL",
        "Serum ferritin < 300 ng/mL",
        "Serum ferritin ≤ 100 ng/mL",
        "Serum ferritin ≤ 75 ng/mL",
    ]
    assert thresholds["Route of iron"].tolist() == [
        "By mouth or into a vein", "By mouth or into a vein", "Into a vein (intravenous)",
        "Into a vein (intravenous)", "Into a vein (intravenous)", "By mouth",
    ]  # fmt: skip
    # The one threshold not read in the guideline's own text stays labelled.
    assert view.loc[view["Threshold"] == "Serum ferritin up to 100 ng/mL", "Verification"].tolist() == ["Unverified"]
    text = " ".join(view["What the source says"])
    assert "morning" in text and "24 hours" in text and "Inflammation and infection raise serum ferritin" in text


def test_threshold_text_follows_the_iron_context_row(dataset):
    item = dataset.iron_context.set_index("item_id").loc["aasm_tsat_iron_any_route"].copy()
    assert threshold_text(item) == "Transferrin saturation < 20%"
    item["value"] = 25
    assert threshold_text(item) == "Transferrin saturation < 25%"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda df: df.assign(verification=df["verification"].where(df["step_id"] != "aasm_iv_only", "primary")),
            "iron_workup.csv, step 'aasm_iv_only': verification 'primary' differs from iron_context.csv row",
        ),
        (
            lambda df: df.assign(threshold_item_id=df["threshold_item_id"].replace("irlssg_ferritin_oral", "nope")),
            "iron_workup.csv, column 'threshold_item_id': unknown iron item id 'nope'",
        ),
        (
            lambda df: df.assign(route=df["route"].where(df["step"] == "threshold", "oral")),
            "a threshold step needs a route and a threshold_item_id",
        ),
    ],
    ids=["verification-differs", "unknown-item", "route-on-non-threshold"],
)
def test_damaged_workup_is_reported(data_copy, change, expected):
    edit_csv(data_copy, "iron_workup.csv", change)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert any(expected in problem for problem in error.value.problems), error.value.problems
