"""data/datapackage.json describes every CSV exactly, agrees with the pandera models, and every link
between tables resolves; source addresses are canonical, never mirrors."""

import json
from urllib.parse import urlparse

import pandas as pd
import pytest

from analysis import data_dictionary, field_description_problems, resource_summaries, split_ids
from analysis.schemas import TABLE_MODELS
from analysis.vocab import VERDICT_LABELS
from tests.conftest import DATA_DIR, edit_csv

PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}
TYPE_OF_DTYPE = {
    "str": "string",
    "string": "string",
    "string[pyarrow]": "string",
    "float64": "number",
    "Int64": "integer",
}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def test_package_metadata():
    assert PACKAGE["version"] and PACKAGE["created"].startswith("20")
    assert {lic["name"] for lic in PACKAGE["licenses"]} == {"CC-BY-4.0", "MIT"}
    assert set(RESOURCES) == set(TABLE_MODELS)
    assert {p.name for p in DATA_DIR.glob("*.csv")} == {r["path"] for r in PACKAGE["resources"]}


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_every_column_is_described_and_typed(name):
    fields = RESOURCES[name]["schema"]["fields"]
    assert [f["name"] for f in fields] == read(name).columns.tolist()
    for field in fields:
        assert field.get("description", "").strip(), f"{name}.{field['name']} has no description"
        assert field["type"] in {"string", "number", "integer"}


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_package_agrees_with_pandera_model(name):
    columns = TABLE_MODELS[name].to_schema().columns
    for field in RESOURCES[name]["schema"]["fields"]:
        column = columns[field["name"]]
        assert TYPE_OF_DTYPE[str(column.dtype)] == field["type"], field["name"]
        constraints = field.get("constraints", {})
        isin = [check for check in column.checks if check.name == "isin"]
        if "enum" in constraints or isin:
            assert isin and sorted(isin[0].statistics["allowed_values"]) == sorted(constraints["enum"]), field["name"]


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_primary_keys_are_unique_and_filled(name):
    key = RESOURCES[name]["schema"]["primaryKey"]
    table = read(name)
    assert not table.duplicated(subset=key).any()
    assert (table[key] != "").all().all()


def test_every_reference_between_tables_resolves():
    sources, claims, risks, nodes = (
        set(read("sources")["source_id"]),
        set(read("claims")["claim_id"]),
        set(read("risks")["risk_id"]),
        set(read("mechanism_nodes")["node_id"]),
    )
    links = [
        ("claims", "source_ids", sources),
        ("risks", "claim_ids", claims),
        ("risks", "source_ids", sources),
        ("reference_values", "source_id", sources),
        ("risk_by_intake", "risk_id", risks),
        ("risk_by_intake", "source_ids", sources),
        ("iron_context", "source_id", sources),
        ("atomic_weights", "source_id", sources),
        ("mechanism_edges", "source_node", nodes),
        ("mechanism_edges", "target_node", nodes),
        ("mechanism_edges", "claim_id", claims),
        ("mechanism_edges", "risk_ids", risks),
        ("mechanism_edges", "source_ids", sources),
    ]
    for table, column, known in links:
        cited = {ref for cell in read(table)[column] for ref in split_ids(cell)}
        assert cited <= known, f"{table}.{column} cites unknown ids {cited - known}"


def test_declared_foreign_keys_resolve():
    for resource in PACKAGE["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            # An empty cell is a missing value ("missingValues": [""]): it references nothing.
            values = set(read(resource["name"])[key["fields"][0]]) - {""}
            target = set(read(key["reference"]["resource"])[key["reference"]["fields"][0]])
            assert values <= target


# Issuing bodies' own sites, doi.org and PubMed: the only hosts a source URL may point to.
CANONICAL_HOSTS = {
    "doi.org", "pubmed.ncbi.nlm.nih.gov", "www.ncbi.nlm.nih.gov", "ods.od.nih.gov", "www.vkm.no", "www.who.int",
    "www.govinfo.gov", "canada.ca", "www.health.state.mn.us", "www.osha.gov", "www.cdc.gov", "www.ebi.ac.uk",
    "clinmedjournals.org", "biohacklogic.com", "ciaaw.org", "www.ecfr.gov", "www.ars.usda.gov", "aasm.org",
    "iris.epa.gov",
}  # fmt: skip


def test_source_urls_are_canonical():
    for _, source in read("sources").iterrows():
        if source["url"]:
            assert urlparse(source["url"]).hostname in CANONICAL_HOSTS, source["source_id"]
        if source["doi"] and source["url"].startswith("https://doi.org/"):
            assert source["url"] == f"https://doi.org/{source['doi']}"


def test_exactly_one_guide_and_it_is_marketing():
    sources = read("sources")
    assert sources.loc[sources["kind"] == "marketing", "source_id"].tolist() == ["biohacklogic_2026_mn_rls_guide"]


def test_unverified_values_are_marked_and_explained():
    values = read("reference_values")
    for _, row in values[values["verification"] != "primary"].iterrows():
        assert row["note"].strip(), f"{row['value_id']} is not primary but has no note saying why"


# --- Every CSV column described, and nothing described that no longer exists --------------------------------------


def test_every_csv_column_has_a_description_and_every_description_a_column():
    assert field_description_problems(PACKAGE, DATA_DIR) == []


def _drop_description(package, table, field):
    for resource in package["resources"]:
        if resource["name"] == table:
            for described in resource["schema"]["fields"]:
                if described["name"] == field:
                    described["description"] = "  "


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d, p: _drop_description(p, "claims", "verdict"), "claims.csv: column 'verdict' has no description."),
        (
            lambda d, p: edit_csv(d, "risks.csv", lambda df: df.assign(severity="high")),
            "risks.csv: column 'severity' has no field in datapackage.json.",
        ),
        (
            lambda d, p: edit_csv(d, "sources.csv", lambda df: df.drop(columns=["pmid"])),
            "sources.csv: datapackage.json describes 'pmid', which the file does not have.",
        ),
        (
            lambda d, p: (d / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8"),
            "extra.csv: no resource in datapackage.json describes this file.",
        ),
        (
            lambda d, p: (d / "risk_by_intake.csv").unlink(),
            "datapackage.json: resource 'risk_by_intake.csv' names a file that does not exist.",
        ),
    ],
    ids=["description-missing", "column-undescribed", "description-stale", "file-undescribed", "file-gone"],
)
def test_description_check_reports_each_mismatch(data_copy, damage, expected):
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    damage(data_copy, package)
    assert expected in field_description_problems(package, data_copy)


def test_data_dictionary_is_every_field_of_the_package():
    dictionary = data_dictionary(PACKAGE)
    expected = [(r["name"], f["name"]) for r in PACKAGE["resources"] for f in r["schema"]["fields"]]
    assert list(zip(dictionary["Table"], dictionary["Field"], strict=True)) == expected
    assert dictionary["Description"].str.strip().ne("").all()
    verdict = dictionary[(dictionary["Table"] == "claims") & (dictionary["Field"] == "verdict")].iloc[0]
    assert verdict["Type"] == "string"
    assert verdict["Allowed values"] == list(VERDICT_LABELS)


def test_data_dictionary_survives_a_malformed_package():
    assert data_dictionary({"resources": [{"name": "x", "schema": {"fields": "nope"}}, "junk"]}).empty
    assert data_dictionary({}).empty
    assert resource_summaries({"resources": None}).empty
