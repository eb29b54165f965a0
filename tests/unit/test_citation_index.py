"""Who cites what, over every table with a source_id or source_ids column: every source is cited by something
(except the audited guide, where the claims come from), nothing cites a missing source, and a table added
later is covered without touching this code."""

import pandas as pd
import pytest

from analysis import (
    citation_index,
    citing_columns,
    citing_rows,
    dangling_citations,
    dataset_tables,
    sources_catalogue,
    uncited_sources,
)
from analysis.schemas import TABLE_MODELS

GUIDE = "biohacklogic_2026_mn_rls_guide"


@pytest.fixture
def tables(dataset):
    return {name: frame.copy() for name, frame in dataset_tables(dataset).items()}


def test_every_source_is_cited_by_something_except_the_guide(tables):
    assert uncited_sources(tables) == []
    assert GUIDE not in set(citation_index(tables)["source_id"])


def test_nothing_cites_a_missing_source(tables):
    assert dangling_citations(tables).empty


def test_every_table_with_source_columns_is_indexed(tables):
    with_sources = {name for name, frame in tables.items() if citing_columns(name, frame)}
    # bottom_line.csv cites its sources through the claim each sentence rests on.
    without = {"sources", "mechanism_nodes", "bottom_line"}
    assert with_sources == {name for name in TABLE_MODELS if name not in without}
    assert set(citation_index(tables)["table"]) == with_sources
    assert citing_columns("sources", tables["sources"]) == []


def test_rows_are_named_by_their_key(tables):
    index = citation_index(tables)
    assert {"C3", "neurotoxicity", "iom_ul_adult_19_30", "neurotoxicity / below_ai"} <= set(index["row_key"])
    c3 = index[(index["table"] == "claims") & (index["row_key"] == "C3")]
    assert c3["source_id"].tolist() == ["intenz_ec_1_14_16_2", "fitzpatrick_1989_th_metal"]


def test_an_uncited_source_is_reported(tables):
    risks = tables["risks"]
    # bouchard_2011 is cited only by the neurotoxicity risk.
    risks["source_ids"] = risks["source_ids"].str.replace("bouchard_2011", "kondakis_1989")
    assert uncited_sources(tables) == ["bouchard_2011"]


def test_a_citation_of_a_missing_source_is_reported(tables):
    tables["claims"].loc[tables["claims"]["claim_id"] == "C9", "source_ids"] = "efsa_2023_ul_mn;no_such_source"
    dangling = dangling_citations(tables)
    assert dangling[["source_id", "table", "row_key", "column"]].values.tolist() == [
        ["no_such_source", "claims", "C9", "source_ids"]
    ]


def test_a_new_table_with_source_ids_is_covered_without_code_changes(tables):
    """Mechanism edges (added on another branch) or any later table: no model here, so rows are named by line."""
    tables["mechanism_edges"] = pd.DataFrame(
        {"from_node": ["mn", "fe"], "to_node": ["th", "th"], "source_ids": ["bouchard_2011", "ghost_2030"]}
    )
    index = citation_index(tables)
    edges = index[index["table"] == "mechanism_edges"]
    assert edges[["source_id", "row_key"]].values.tolist() == [["bouchard_2011", "line 2"], ["ghost_2030", "line 3"]]
    assert dangling_citations(tables)["source_id"].tolist() == ["ghost_2030"]
    assert list(citing_rows(tables, "bouchard_2011")) == ["risks", "mechanism_edges"]


def test_citing_rows_gives_the_rows_of_each_table(tables):
    rows = citing_rows(tables, "iom_2001_dri")
    assert list(rows) == [
        "claims", "risks", "reference_values", "risk_by_intake", "iron_context", "mechanism_edges", "claim_sources",
        "supplement_statements",
    ]  # fmt: skip
    assert rows["claims"]["claim_id"].tolist() == ["C5", "C7"]
    assert rows["risks"]["risk_id"].tolist() == ["neurotoxicity", "iron_interaction"]
    assert citing_rows(tables, GUIDE) == {}


def test_sources_catalogue_has_links_and_what_cites_each_source(tables):
    catalogue = sources_catalogue(tables)
    assert len(catalogue) == len(tables["sources"])
    assert catalogue.columns.tolist() == [
        "Source", "Citation", "Kind", "Verification", "Cited by", "Link", "DOI", "PubMed",
    ]  # fmt: skip
    by_label = catalogue.set_index("Source")
    assert by_label.loc["Kondakis 1989", "DOI"] == "https://doi.org/10.1080/00039896.1989.9935883"
    assert by_label.loc["Kondakis 1989", "PubMed"] == "https://pubmed.ncbi.nlm.nih.gov/2751354/"
    assert by_label.loc["Kondakis 1989", "Link"] == "https://pubmed.ncbi.nlm.nih.gov/2751354/"
    assert by_label.loc["Kondakis 1989", "Cited by"] == (  # issue 20: above the IOM UL, and with water
        "1 claim · 1 risk · 2 risk levels by intake · 1 mechanism link · 1 claim–source finding"
    )
    assert by_label.loc["Institute of Medicine 2001", "Cited by"].startswith("2 claims · 2 risks · 25 reference values")
    assert pd.isna(by_label.loc["Finley 1999", "DOI"]) and pd.isna(by_label.loc["Finley 1999", "Link"])
    assert by_label.loc["Finley 1999", "Citation"].endswith("(identifier: none found.)")
    assert by_label.loc["Biohacklogic.com 2026", "Cited by"].startswith("Nothing (this is the audited guide")
    assert by_label.loc["Biohacklogic.com 2026", "Kind"] == "Marketing (the audited guide)"
    assert not catalogue["Cited by"].eq("Nothing").any()


def test_what_rests_on_a_source_reads_in_words_not_codes(dataset):
    """Every row that cites any source, as the Sources page shows it: no CSV codes, ids or 'None'."""
    from analysis import readable_rows, vocab

    tables = dataset_tables(dataset)
    codes = set()
    for name in dir(vocab):
        mapping = getattr(vocab, name)
        if isinstance(mapping, dict) and name.endswith(("_LABELS", "MARKERS", "TOPICS")):
            codes |= {code for code in mapping if "_" in code}
    codes |= set(dataset.sources["source_id"]) | set(dataset.risks["risk_id"])
    for source_id in dataset.sources["source_id"]:
        for table, rows in citing_rows(tables, source_id).items():
            if table in ("claims", "risks"):  # the page lists these as claims and links, not as a table
                continue
            shown = readable_rows(table, rows, tables)
            assert len(shown) == len(rows)
            cells = {str(cell) for cell in shown.to_numpy().ravel()}
            assert not cells & {"None", "nan", "NaN", ""}, (table, source_id)
            assert not cells & codes, (table, source_id, cells & codes)
            assert not any(";" in cell and "_" in cell for cell in cells), (table, source_id)
            assert not [c for c in shown.columns if "_" in c], table
