"""load_dataset: the bundled data loads; every kind of damage is reported as DataError naming file,
column and values, all problems at once."""

import pandas as pd
import pytest

from analysis import DataError, load_dataset
from analysis.dataset import DATA_DIR_ENV
from tests.conftest import DATA_DIR, edit_csv


def test_bundled_data_loads_with_metadata(dataset):
    assert len(dataset.sources) >= 30
    assert set(dataset.risks["risk_id"]) == {
        "neurotoxicity",
        "iron_interaction",
        "altered_dopamine_metabolism",
        "gastrointestinal",
    }
    assert {f"C{i}" for i in range(1, 11)} <= set(dataset.claims["claim_id"])
    assert dataset.version == "1.0.0"
    assert dataset.created.startswith("2026-")


def test_dataset_is_frozen(dataset):
    with pytest.raises(AttributeError):
        dataset.version = "2"


def test_data_dir_comes_from_environment(monkeypatch, data_copy):
    edit_csv(data_copy, "risks.csv", lambda df: df.assign(risk_type=df["risk_type"] + " (copy)"))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    assert load_dataset().risks["risk_type"].str.endswith("(copy)").all()


def _set_cell(column: str, value: str, row: int = 0):
    def change(df: pd.DataFrame) -> pd.DataFrame:
        df.loc[row, column] = value
        return df

    return change


def _duplicate_first_id(column: str):
    def change(df: pd.DataFrame) -> pd.DataFrame:
        df.loc[1, column] = df.loc[0, column]
        return df

    return change


BROKEN_COPIES = [
    # (file, change, words every message must contain)
    ("sources.csv", lambda df: df.drop(columns=["kind"]), ["sources.csv", "required column 'kind' is missing"]),
    ("sources.csv", _set_cell("kind", "blog"), ["sources.csv", "column 'kind'", "'blog'", "line 2"]),
    ("sources.csv", _set_cell("year", "-5"), ["sources.csv", "column 'year'", "'-5'"]),
    ("sources.csv", _duplicate_first_id("source_id"), ["sources.csv", "column 'source_id'", "duplicates"]),
    ("sources.csv", lambda df: df[df["source_id"] != "kondakis_1989"], ["unknown source id 'kondakis_1989'"]),
    ("sources.csv", _set_cell("url", "", row=0), []),  # a DOI alone identifies a primary source: still valid
    ("claims.csv", lambda df: df.drop(columns=["verdict"]), ["claims.csv", "required column 'verdict' is missing"]),
    ("claims.csv", _set_cell("verdict", "maybe"), ["claims.csv", "column 'verdict'", "'maybe'"]),
    ("claims.csv", _set_cell("evidence_type", "rct;hearsay"), ["claims.csv", "column 'evidence_type'", "hearsay"]),
    ("claims.csv", _duplicate_first_id("claim_id"), ["claims.csv", "column 'claim_id'", "duplicates"]),
    ("claims.csv", _set_cell("source_ids", "guo_2017_frontiers_rls_review;nope"), ["claims.csv", "'nope'", "line 2"]),
    ("risks.csv", lambda df: df.assign(extra="x"), ["risks.csv", "unexpected column 'extra'"]),
    ("risks.csv", _set_cell("verdict", "true"), ["risks.csv", "column 'verdict'", "'true'"]),
    ("risks.csv", _duplicate_first_id("risk_id"), ["risks.csv", "column 'risk_id'", "duplicates"]),
    ("risks.csv", _set_cell("source_ids", "ghost_2020"), ["risks.csv", "column 'source_ids'", "'ghost_2020'"]),
    ("risks.csv", _set_cell("claim_ids", "C99"), ["risks.csv", "column 'claim_ids'", "unknown claim id 'C99'"]),
    ("reference_values.csv", lambda df: df.drop(columns=["unit"]), ["reference_values.csv", "'unit' is missing"]),
    ("reference_values.csv", _set_cell("authority", "FDA"), ["reference_values.csv", "column 'authority'", "'FDA'"]),
    ("reference_values.csv", _set_cell("value", "-0.6"), ["reference_values.csv", "column 'value'", "'-0.6'"]),
    ("reference_values.csv", _set_cell("value", "lots"), ["reference_values.csv", "column 'value'", "'lots'"]),
    ("reference_values.csv", _duplicate_first_id("value_id"), ["reference_values.csv", "column 'value_id'"]),
    ("reference_values.csv", _set_cell("source_id", "missing_src"), ["reference_values.csv", "'missing_src'"]),
    (
        "reference_values.csv",
        _set_cell("age_max_years", "0.5", row=2),
        ["reference_values.csv", "age_min_years must be below"],
    ),
    ("reference_values.csv", _set_cell("age_max_years", "1"), ["cover the same population"]),
    ("risk_by_intake.csv", lambda df: df.drop(columns=["level"]), ["risk_by_intake.csv", "'level' is missing"]),
    ("risk_by_intake.csv", _set_cell("level", "high"), ["risk_by_intake.csv", "column 'level'", "'high'"]),
    ("risk_by_intake.csv", _set_cell("intake_category", "within_range"), ["risk_by_intake.csv", "unique"]),
    ("risk_by_intake.csv", _set_cell("source_ids", "nobody"), ["risk_by_intake.csv", "'nobody'"]),
    ("risk_by_intake.csv", _set_cell("risk_id", "hair_loss"), ["unknown risk id 'hair_loss'"]),
    ("risk_by_intake.csv", lambda df: df.iloc[1:], ["risk_by_intake.csv: no level for", "neurotoxicity/below_ai"]),
    ("mechanism_nodes.csv", lambda df: df.drop(columns=["kind"]), ["mechanism_nodes.csv", "'kind' is missing"]),
    ("mechanism_nodes.csv", _set_cell("kind", "vitamin"), ["mechanism_nodes.csv", "column 'kind'", "'vitamin'"]),
    ("mechanism_nodes.csv", _duplicate_first_id("node_id"), ["mechanism_nodes.csv", "column 'node_id'", "duplicates"]),
    (
        "mechanism_nodes.csv",
        lambda df: df[df["node_id"] != "mnsod"],
        ["mechanism_edges.csv, column 'source_node': unknown node id 'mnsod'", "column 'target_node'"],
    ),
    ("mechanism_edges.csv", lambda df: df.drop(columns=["origin"]), ["mechanism_edges.csv", "'origin' is missing"]),
    ("mechanism_edges.csv", lambda df: df.assign(weight="1"), ["mechanism_edges.csv", "unexpected column 'weight'"]),
    ("mechanism_edges.csv", _set_cell("relation", "cures"), ["mechanism_edges.csv", "column 'relation'", "'cures'"]),
    ("mechanism_edges.csv", _set_cell("verdict", "likely"), ["mechanism_edges.csv", "column 'verdict'", "'likely'"]),
    ("mechanism_edges.csv", _set_cell("evidence_type", "blog"), ["mechanism_edges.csv", "'evidence_type'", "blog"]),
    ("mechanism_edges.csv", _duplicate_first_id("edge_id"), ["mechanism_edges.csv", "column 'edge_id'", "duplicates"]),
    ("mechanism_edges.csv", _set_cell("target_node", "pancreas"), ["'target_node'", "unknown node id 'pancreas'"]),
    ("mechanism_edges.csv", _set_cell("claim_id", "C99"), ["mechanism_edges.csv", "unknown claim id 'C99' (line 2)"]),
    ("mechanism_edges.csv", _set_cell("risk_ids", "iron_interaction;hair_loss"), ["column 'risk_ids'", "'hair_loss'"]),
    ("mechanism_edges.csv", _set_cell("source_ids", "wikipedia"), ["unknown source id 'wikipedia'"]),
    ("mechanism_edges.csv", _set_cell("target_node", "manganese"), ["mechanism_edges.csv", "two different nodes"]),
    (
        "mechanism_edges.csv",
        _set_cell("claim_id", ""),
        ["mechanism_edges.csv, a row check: fails a guide_claim edge needs a claim_id", "'mn_cofactor_th' (line 2)"],
    ),
    ("mechanism_edges.csv", _set_cell("verdict", "unsupported", row=1), ["established_evidence edge must have a"]),
    ("mechanism_edges.csv", _set_cell("relation", "increases", row=1), []),  # another relation: still valid
]


@pytest.mark.parametrize(("file_name", "change", "expected"), BROKEN_COPIES)
def test_broken_copy_is_reported(data_copy, file_name, change, expected):
    edit_csv(data_copy, file_name, change)
    if not expected:
        load_dataset(data_copy)
        return
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    message = str(error.value)
    for words in expected:
        assert words in message
    assert str(data_copy) not in message  # file names only, never the server's paths


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "risks.csv: the file is missing."),
        (b"", "risks.csv: the file is empty."),
        (b"\x00\xff\xfe garbage \x00\x01", "risks.csv: the file holds binary data"),
        ("risk_id,risk_type\nneuro,Café\n".encode("latin-1"), "risks.csv: the file is not UTF-8 text."),
        (b'risk_id,risk_type\n"unclosed,x\n', "risks.csv: the file is not valid CSV"),
    ],
)
def test_unreadable_file_is_reported(data_copy, content, expected):
    path = data_copy / "risks.csv"
    if content is None:
        path.unlink()
    else:
        path.write_bytes(content)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert expected in str(error.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "datapackage.json: the file is missing."),
        ("{not json", "not valid JSON"),
        ('{"title": "x"}', "'version'"),
    ],
)
def test_broken_datapackage_is_reported(data_copy, content, expected):
    path = data_copy / "datapackage.json"
    if content is None:
        path.unlink()
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        load_dataset(data_copy)


def test_bundled_mechanism_tables_load(dataset):
    assert len(dataset.mechanism_nodes) >= 10
    assert len(dataset.mechanism_edges) >= 15
    assert set(dataset.mechanism_edges["origin"]) == {"guide_claim", "established_evidence"}


def test_all_problems_are_reported_at_once(data_copy):
    edit_csv(data_copy, "claims.csv", _set_cell("verdict", "maybe"))
    edit_csv(data_copy, "claims.csv", _set_cell("guide_section", "Preface", row=3))
    edit_csv(data_copy, "reference_values.csv", _set_cell("value", "-1"))
    (data_copy / "sources.csv").unlink()
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    problems = error.value.problems
    assert len(problems) == 4
    assert any("'maybe'" in p for p in problems)
    assert any("'Preface'" in p and "line 5" in p for p in problems)
    assert any("reference_values.csv" in p for p in problems)
    assert any(p.startswith("sources.csv: the file is missing") for p in problems)
    assert str(error.value).startswith("The dataset has 4 problems:")


def test_bundled_directory_is_the_default(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert load_dataset().risks.equals(load_dataset(DATA_DIR).risks)
