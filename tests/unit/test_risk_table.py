"""Risk table: filters, the view and the download (golden file), all derived from risks.csv."""

import io
import os

import pandas as pd
import pytest

from analysis import filter_risks, format_citation, risk_table_download, risk_table_view, to_csv_bytes
from tests.conftest import DATA_DIR, golden_path

ALL = ["neurotoxicity", "iron_interaction", "altered_dopamine_metabolism", "gastrointestinal"]


def ids(frame):
    return frame["risk_id"].tolist()


def test_no_filter_keeps_every_risk_in_file_order(dataset):
    assert ids(filter_risks(dataset.risks)) == ALL


@pytest.mark.parametrize(
    ("risk_ids", "verdicts", "search", "expected"),
    [
        (["iron_interaction"], None, "", ["iron_interaction"]),
        (["gastrointestinal", "neurotoxicity"], None, "", ["neurotoxicity", "gastrointestinal"]),
        (ALL, ["no_evidence_found"], "", ["gastrointestinal"]),
        (ALL, ["incorrect"], "", []),
        (ALL, [], "WELDERS", ["neurotoxicity"]),
        (ALL, [], "  ferritin ", ["iron_interaction"]),
        (ALL, [], "(absorbed manganese", ["neurotoxicity"]),  # regex characters are plain text
        (ALL, [], ".*", []),
        ([], None, "", []),
        (["unknown"], None, "", []),
    ],
)
def test_filters(dataset, risk_ids, verdicts, search, expected):
    assert ids(filter_risks(dataset.risks, risk_ids, verdicts, search)) == expected


def test_view_has_readable_labels(dataset):
    view = risk_table_view(filter_risks(dataset.risks, ["gastrointestinal"]), dataset.sources)
    row = view.iloc[0]
    assert row["Risk type"] == "Gastrointestinal disturbances"
    assert row["Verdict"] == "No evidence found"
    assert row["Evidence type"] == ["None found"]
    assert row["Sources"] == [
        "EFSA Panel on Nutrition 2023",
        "Norwegian Scientific Committee for Food and Environment 2018",
    ]


def test_download_is_the_shown_rows_with_every_column_and_citations(dataset):
    shown = filter_risks(dataset.risks, ["iron_interaction", "neurotoxicity"])
    download = risk_table_download(shown, dataset.sources)
    csv_columns = pd.read_csv(DATA_DIR / "risks.csv", nrows=0).columns.tolist()
    assert download.columns.tolist() == [*csv_columns, "source_citations"]
    assert ids(download) == ids(shown) == ["neurotoxicity", "iron_interaction"]
    by_id = dataset.sources.set_index("source_id")
    for _, row in download.iterrows():
        for source_id in row["source_ids"].split(";"):
            assert format_citation(by_id.loc[source_id].to_dict() | {"source_id": source_id}) in row["source_citations"]
    assert "doi:10.1093/ajcn/54.1.152" in download.loc[1, "source_citations"]


def test_download_golden_file(dataset):
    """The exact bytes a user gets for ?risk=neurotoxicity. Regenerate with UPDATE_GOLDEN=1 after a data edit."""
    content = to_csv_bytes(risk_table_download(filter_risks(dataset.risks, ["neurotoxicity"]), dataset.sources))
    golden = golden_path("manganese_rls_risks_neurotoxicity.csv")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(content)
    assert content == golden.read_bytes()
    back = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    assert back["risk_id"].tolist() == ["neurotoxicity"]


def test_risk_views_cards_are_the_rows_shown_as_plain_dicts(dataset):
    """The cards read plain dicts built once per set of filters: the same values as the frames, in order."""
    from analysis.risk_table import risk_sources_view, risk_table_view, risk_views

    views = risk_views(dataset, ["neurotoxicity", "gastrointestinal"], [], "")
    assert views.risk_ids == ["neurotoxicity", "gastrointestinal"] == views.shown["risk_id"].tolist()
    view = risk_table_view(views.shown, dataset.sources)
    for (risk, row), (_, expected_risk), (_, expected_row) in zip(
        views.cards, views.shown.iterrows(), view.iterrows(), strict=True
    ):
        assert risk == expected_risk.to_dict() and row == expected_row.to_dict()
    cited = risk_sources_view(views.shown, dataset.sources)
    assert views.cited.equals(cited) and views.cited_count == cited["source_id"].nunique() > 0
    assert risk_views(dataset, [], [], "no such words").cards == ()
