"""Issue 20, points 5 to 8: labels say what was read, the iron work-up as the guidelines state it, identifiers, and
one count with one meaning. Each test reads the data rows or the sentence the code builds from them."""

import json

import pytest

from analysis import (
    DataError,
    build_evidence_profile,
    format_citation,
    has_identifier,
    identifier_sentence,
    load_dataset,
)
from analysis.dose import ferritin_sentence, iron_stores_sentence, iron_stores_source_ids
from analysis.iron_workup import workup_view
from analysis.provenance import readable_rows
from analysis.vocab import (
    EVIDENCE_TYPE_LABELS,
    METRIC_LABELS,
    ROUTE_LABELS,
    SOURCE_KIND_LABELS,
    VERDICT_DEFINITIONS,
)
from tests.conftest import DATA_DIR, edit_csv

PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
ABSENCE = "not mentioned in the abstract or summary read"


def row(frame, key, value):
    return frame.loc[frame[key] == value].iloc[0]


def enum(resource: str, field: str) -> list[str]:
    (schema,) = [r["schema"] for r in PACKAGE["resources"] if r["name"] == resource]
    (column,) = [f for f in schema["fields"] if f["name"] == field]
    return column["constraints"]["enum"]


# 5a. The IOM ULs: read in IOM 2001's own UL table (page 27), values as the table gives them ----------------------

IOM_UL_TABLE = {  # IOM 2001, summary table of ULs for elements, manganese column (mg/day)
    "iom_ul_adult_31_plus": 11,
    "iom_ul_pregnant_14_18": 9,
    "iom_ul_pregnant_19_50": 11,
    "iom_ul_lactating_14_18": 9,
    "iom_ul_lactating_19_50": 11,
}


def test_iom_ul_rows_are_primary_from_iom_2001s_ul_table(dataset):
    values = dataset.reference_values.set_index("value_id")
    for value_id, mg in IOM_UL_TABLE.items():
        assert values.loc[value_id, "value"] == mg, value_id
        assert values.loc[value_id, "source_id"] == "iom_2001_dri", value_id
        assert values.loc[value_id, "verification"] == "primary", value_id
        assert "page 27" in values.loc[value_id, "note"], value_id
    # Every IOM UL row is primary now; the pregnancy and lactation AIs were not confirmed there and keep their label.
    uls = dataset.reference_values[
        (dataset.reference_values["authority"] == "IOM") & (dataset.reference_values["metric"] == "UL")
    ]
    assert set(uls["verification"]) == {"primary"}
    for value_id in ("iom_ai_pregnant_19_50", "iom_ai_lactating_19_50"):
        assert values.loc[value_id, "verification"] == "secondary"


# 5b. A kind for controlled human studies that are not randomised ---------------------------------------------------

CONTROLLED = ("rossander_hulthen_1991", "finley_1999", "usda_ars_1997_finley_johnson")


def test_controlled_non_randomised_studies_have_their_own_kind(dataset):
    sources = dataset.sources.set_index("source_id")
    assert set(sources.loc[list(CONTROLLED), "kind"]) == {"controlled_human_study"}
    assert "rct" not in set(sources["kind"])  # no source in the dataset is a randomised trial
    for vocabulary in (SOURCE_KIND_LABELS, EVIDENCE_TYPE_LABELS):
        assert "not described as randomised" in vocabulary["controlled_human_study"]
        assert vocabulary["rct"] == "Randomised controlled trial"
    assert "controlled_human_study" in enum("sources", "kind")
    # What rests on these studies alone no longer says "rct"; the Cochrane review of randomised trials still does.
    assert "rct" not in dataset.claims.set_index("claim_id").loc["C7", "evidence_type"].split(";")
    assert "rct" not in row(dataset.risks, "risk_id", "iron_interaction")["evidence_type"].split(";")
    edges = dataset.mechanism_edges.set_index("edge_id")
    for edge_id in ("mn_competes_iron", "excess_mn_low_iron", "low_iron_raises_mn"):
        assert "controlled_human_study" in edges.loc[edge_id, "evidence_type"].split(";"), edge_id
    assert "rct" in dataset.claims.set_index("claim_id").loc["C1", "evidence_type"].split(";")


# 5c. Absence findings say what was read ------------------------------------------------------------------------


def test_absence_findings_say_only_the_abstract_or_summary_was_read(dataset):
    findings = dataset.claim_sources.set_index(["claim_id", "source_id"])["finding"]
    for key in [
        ("C10", "aasm_2024_rls_guideline"),
        ("C10", "irlssg_2018_iron"),
        ("C10", "aan_2016_rls_guideline"),
        ("C9", "efsa_2023_ul_mn"),
        ("C9", "vkm_2018_mn"),
    ]:
        assert ABSENCE in findings.loc[key], key
    for table in ("claim_sources", "claims", "risks", "mechanism_edges"):
        frame = getattr(dataset, table)
        text = " ".join(frame.astype(str).to_numpy().ravel())
        assert "does not mention" not in text, table
        assert "reports no stomach" not in text, table
    assert ABSENCE in dataset.claims.set_index("claim_id").loc["C9", "assessment"]
    assert ABSENCE in row(dataset.risks, "risk_id", "gastrointestinal")["evidence_says"]


# 5d. The 36.6 µg/L level of concern is derived here, and says so wherever it shows -----------------------------


def test_mayo_level_of_concern_is_marked_derived_with_its_basis(dataset):
    value = row(dataset.reference_values, "value_id", "mayo_blood_level_of_concern")
    assert value["metric"] == "derived_level_of_concern"
    assert "derived" in METRIC_LABELS[value["metric"]].lower()
    assert value["note"].startswith("Derived here, not a Mayo figure")
    assert "twice the upper limit of normal" in value["note"]
    shown = readable_rows(
        "reference_values", dataset.reference_values[dataset.reference_values["value_id"] == value["value_id"]], {}
    )
    assert "derived here" in shown.iloc[0]["Value"]
    assert "derived_level_of_concern" in enum("reference_values", "metric")


# 5e. Source and row labels agree, and a load check keeps them so -----------------------------------------------


def test_health_canada_rows_follow_their_source_and_nhanes_source_is_primary(dataset):
    values = dataset.reference_values.set_index("value_id")
    sources = dataset.sources.set_index("source_id")
    assert sources.loc["health_canada_2019_mn", "verification"] == "secondary"
    for value_id in ("health_canada_water_mac", "health_canada_water_ao"):
        assert values.loc[value_id, "verification"] == "secondary"
        assert "follows the weaker reading" in values.loc[value_id, "note"]
    assert sources.loc["nhanes_2014_blood_mn", "verification"] == "primary"
    assert set(values.loc[["nhanes_blood_mean_female", "nhanes_blood_mean_male"], "verification"]) == {"primary"}


def test_no_row_is_labelled_stronger_than_its_source(dataset):
    rank = {"unverified": 0, "secondary": 1, "primary": 2}
    sources = dict(zip(dataset.sources["source_id"], dataset.sources["verification"], strict=True))
    for table in ("reference_values", "iron_context", "atomic_weights", "supplement_statements", "iron_workup"):
        frame = getattr(dataset, table)
        for source_id, verification in zip(frame["source_id"], frame["verification"], strict=True):
            assert rank[verification] <= rank[sources[source_id]], (table, source_id)


def test_load_check_names_the_file_and_row_whose_label_outruns_its_source(data_copy):
    def upgrade(df):
        df.loc[df["value_id"] == "health_canada_water_mac", "verification"] = "primary"
        return df

    edit_csv(data_copy, "reference_values.csv", upgrade)

    def upgrade_step(df):
        df.loc[df["step_id"] == "who_inflammation_raises_ferritin", "verification"] = "primary"
        return df

    edit_csv(data_copy, "iron_workup.csv", upgrade_step)
    with pytest.raises(DataError) as raised:
        load_dataset(data_copy)
    problems = raised.value.problems
    assert any(
        p.startswith("reference_values.csv, row 'health_canada_water_mac'")
        and "'health_canada_2019_mn' ('secondary' in sources.csv)" in p
        for p in problems
    ), problems
    assert any(p.startswith("iron_workup.csv, row 'who_inflammation_raises_ferritin'") for p in problems), problems


def test_a_weaker_row_than_its_source_is_allowed(data_copy):
    def downgrade(df):
        df.loc[df["value_id"] == "iom_ai_child_1_3", "verification"] = "secondary"
        return df

    edit_csv(data_copy, "reference_values.csv", downgrade)
    load_dataset(data_copy)  # no error: a row may be labelled more cautiously than its source


# 5f. EPA's oral reference dose is for manganese in the diet ----------------------------------------------------


def test_epa_oral_rfd_is_scoped_to_the_diet(dataset):
    rfd = row(dataset.reference_values, "value_id", "epa_oral_rfd")
    assert rfd["route"] == "oral_diet" and "food only" in ROUTE_LABELS["oral_diet"]
    assert "in the diet (food)" in rfd["note"] and "not a limit for drinking water or supplements" in rfd["note"]
    assert "modifying factor of 3" in rfd["note"] and "seen only in secondary copies" in rfd["note"]
    assert "oral_diet" in enum("reference_values", "route")


# 5g. C11 and two mechanism links, judged against the verdict definitions ---------------------------------------


def test_c11_and_two_mechanism_links_are_rejudged_with_reasons(dataset):
    c11 = dataset.claims.set_index("claim_id").loc["C11"]
    assert c11["verdict"] == "supported"
    assert "against the definitions" in c11["assessment"] and "neither reported a difference" in c11["assessment"]
    edges = dataset.mechanism_edges.set_index("edge_id")
    overlap = edges.loc["manganism_overlaps_rls"]
    assert (overlap["verdict"], overlap["evidence_type"]) == ("no_evidence_found", "none_found")
    assert "against the definitions" in overlap["note"] and "none of them looks at RLS" in overlap["note"]
    stress = edges.loc["stress_worsens_rls"]
    assert stress["verdict"] == "unsupported"
    assert "against the definitions" in stress["note"] and "Sources that address the question exist" in stress["note"]
    # The reasons quote the definitions they apply.
    assert VERDICT_DEFINITIONS["unsupported"].startswith("Sources that address the question exist")


# 6. The iron work-up as the guidelines state it ---------------------------------------------------------------


def test_irlssg_ferritin_300_is_the_trial_entry_ceiling_and_the_consensus_is_secondary(dataset):
    items = dataset.iron_context.set_index("item_id")
    fcm = items.loc["irlssg_ferritin_fcm"]
    assert "ceiling for entering" in fcm["statement"] and "not a level under which" in fcm["statement"]
    assert fcm["verification"] == "secondary"
    ferritin, tsat = items.loc["irlssg_consensus_iv_ferritin"], items.loc["irlssg_consensus_iv_tsat"]
    assert (ferritin["comparison"], ferritin["value"], ferritin["unit"]) == ("at_or_below", 100, "ng/mL")
    assert (tsat["comparison"], tsat["value"], tsat["unit"]) == ("below", 45, "%")
    for item in (ferritin, tsat):
        assert item["verification"] == "secondary" and "letter" in item["evidence_basis"]
    view = workup_view(dataset.iron_workup, dataset.iron_context, dataset.sources)
    consensus = view[view["Threshold"] == "Serum ferritin ≤ 100 ng/mL"]
    assert consensus["Verification"].tolist() == ["Secondary"]


def test_aan_says_should_consider_not_recommends(dataset):
    aan = dataset.iron_context.set_index("item_id").loc["aan_ferritin_oral"]
    assert "should consider" in aan["statement"] and "recommends" not in aan["statement"]
    assert "Level B" in aan["evidence_basis"]
    sentence = ferritin_sentence(40, dataset.iron_context)
    assert "AAN 2016 says clinicians should consider oral iron at or below 75 ng/mL" in sentence
    assert "recommends" not in sentence


@pytest.mark.parametrize("ferritin", [40, 90, 150, 300])
def test_ferritin_sentence_never_calls_300_a_level_under_which_iv_iron_works(dataset, ferritin):
    sentence = ferritin_sentence(ferritin, dataset.iron_context)
    assert "ceiling for entering" in sentence
    assert "under which IRLSSG 2018 found" not in sentence


def test_who_2020_guideline_replaces_the_2016_meeting_page(dataset):
    sources = dataset.sources.set_index("source_id")
    assert "who_2016_ferritin_gdg" not in sources.index
    who = sources.loc["who_2020_ferritin_guideline"]
    assert who["url"] == "https://www.who.int/publications/i/item/9789240000124"  # WHO's own page, not the mirror
    assert "978-92-4-000012-4" in who["container"] and "NBK569873" in who["container"]
    assert who["verification"] == "secondary"  # read in the NCBI Bookshelf copy, not on WHO's page
    step = row(dataset.iron_workup, "step_id", "who_inflammation_raises_ferritin")
    assert step["source_id"] == "who_2020_ferritin_guideline" and step["verification"] == "secondary"
    assert "C-reactive protein" in step["statement"]


def test_iron_stores_sentence_gives_the_reason_guidelines_state(dataset):
    sentence = iron_stores_sentence(dataset.iron_context)
    assert "That is why" not in sentence and "iron shortage that matters" not in sentence
    assert "because low iron stores contribute to RLS and these results decide whether iron is given" in sentence
    assert "none of them, in the parts read, asks for a manganese test" in sentence
    # The sources the sentence names come from the data rows it rests on (no list of ids in the code).
    named = {"aasm_2024_rls_summary", "connor_2003_neuropath_rls", "aasm_2024_rls_guideline", "irlssg_2018_iron"}
    assert named | {"aan_2016_rls_guideline"} <= set(iron_stores_source_ids(dataset))


def test_iron_stores_sources_follow_the_data_rows_the_sentence_rests_on(data_copy):
    """Replace Connor 2003 by the Cochrane review on the brain-iron link: the sentence's sources follow."""

    def swap_source(edges):
        at = edges["edge_id"] == "brain_iron_rls"
        edges.loc[at, "source_ids"] = edges.loc[at, "source_ids"].str.replace(
            "connor_2003_neuropath_rls", "cochrane_2019_iron_rls"
        )
        return edges

    edit_csv(data_copy, "mechanism_edges.csv", swap_source)
    cited = iron_stores_source_ids(load_dataset(data_copy))
    assert "cochrane_2019_iron_rls" in cited and "aasm_2024_rls_summary" in cited
    assert "connor_2003_neuropath_rls" not in cited


# 7. Identifiers -------------------------------------------------------------------------------------------------


def test_confirmed_identifiers_are_added_and_pattern_ones_left_out(dataset):
    sources = dataset.sources.set_index("source_id")
    assert sources.loc["jimenez_jimenez_2019_rls_neurochemistry", "doi"] == "10.1016/j.smrv.2019.03.006"
    nhanes = sources.loc["nhanes_2014_blood_mn"]
    assert nhanes["pmid"] == "25342305" and nhanes["authors_or_body"] == "Oulhote Y, Mergler D, Bouchard MF"
    assert sources.loc["epa_iris_mn", "url"] == "https://iris.epa.gov/ChemicalLanding/&substance_nmbr=373"
    assert sources.loc["epa_iris_mn", "verification"] == "secondary"
    # Seen only as a pattern (Finley's DOI, Mayo's catalogue address): left out, and the citation says so.
    for source_id in ("finley_1999", "mayo_mnb", "acgih_tlv_2013_mn", "fitzpatrick_1989_th_metal"):
        source = row(dataset.sources, "source_id", source_id)
        assert not has_identifier(source)
        assert format_citation(source).endswith("(identifier: none found.)")


def test_identifier_sentence_is_counted_from_the_data(dataset, data_copy):
    assert identifier_sentence(dataset.sources).startswith("44 of the 49 sources are identified")
    said = identifier_sentence(dataset.sources)
    assert "Of the other 5," in said and "Finley 1999" in said
    # EPA 2004 has its report number in the data: it is not said to have nothing that could be found.
    assert "Agency 2004 (report EPA-822-R-04-003) has a report number but no DOI, PubMed ID or web address" in said
    assert "Finley 1999 and Fitzpatrick 1989 have none that could be found or confirmed" in said
    assert said.count("Agency 2004") == 1

    def drop_doi(df):
        chosen = df["source_id"] == "jimenez_jimenez_2019_rls_neurochemistry"
        df.loc[chosen, ["doi", "url"]] = ""
        return df

    edit_csv(data_copy, "sources.csv", drop_doi)
    copy = load_dataset(data_copy)
    assert identifier_sentence(copy.sources).startswith("43 of the 49 sources are identified")
    assert "Of the other 6," in identifier_sentence(copy.sources)


# 8. One count, one meaning -------------------------------------------------------------------------------------


def test_risk_profile_lines_say_what_they_count(dataset):
    profile = build_evidence_profile(dataset, "risk", ["neurotoxicity", "gastrointestinal"])
    neuro, gastro = profile.summary_lines
    assert neuro.startswith("Neurotoxicity: 5 sources consulted for the guide's claims behind it (")
    assert gastro.startswith("Gastrointestinal disturbances: 2 sources consulted for the guide's claims behind it (")
    claims = build_evidence_profile(dataset, "claim", ["C6"])
    assert claims.summary_lines[0].startswith("C6: 5 sources (")  # a claim's own sources: nothing to qualify


def test_iron_stores_of_gives_the_sentence_and_every_source_it_rests_on_once(dataset):
    """The form ui.data caches per data version: the sentence, then iron_context's sources and the rows' own."""
    from analysis.dose import iron_stores_of

    sentence, source_ids = iron_stores_of(dataset)
    assert sentence == iron_stores_sentence(dataset.iron_context)
    expected = [*dataset.iron_context["source_id"], *iron_stores_source_ids(dataset)]
    assert source_ids == list(dict.fromkeys(expected)) and len(set(source_ids)) == len(source_ids)
