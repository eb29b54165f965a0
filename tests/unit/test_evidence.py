"""The claim audit: filtering, verdict counts, the chart and the download, all from claims.csv."""

import io

import pandas as pd
import pytest

from analysis import (
    audited_guide,
    claims_download,
    claims_view,
    filter_claims,
    to_csv_bytes,
    verdict_bar_figure,
    verdict_counts,
    verdict_summary_text,
)
from analysis.colours import VERDICT_COLOURS, neutrals
from analysis.vocab import VERDICT_DEFINITIONS, VERDICT_LABELS
from tests.conftest import DATA_DIR

ALL = [f"C{i}" for i in range(1, 12)]


def ids(frame):
    return frame["claim_id"].tolist()


def test_no_filter_keeps_every_claim_in_file_order(dataset):
    assert ids(filter_claims(dataset.claims)) == ALL


@pytest.mark.parametrize(
    ("verdicts", "search", "expected"),
    [
        (["incorrect"], "", ["C3"]),
        (["unsupported", "no_evidence_found"], "", ["C4", "C9", "C10"]),
        (["supported"], "iron", ["C1"]),
        ([], "TYROSINE hydroxylase", ["C3", "C4"]),
        ([], "c10", ["C10"]),
        ([], "  nausea ", ["C9"]),
        ([], "(c3)", ["C4"]),  # regex characters are plain text
        ([], ".*", []),
        (["incorrect"], "nausea", []),
        (None, "", ALL),
    ],
)
def test_filters(dataset, verdicts, search, expected):
    assert ids(filter_claims(dataset.claims, verdicts, search)) == expected


def test_verdict_counts_follow_the_scale_and_keep_zeros(dataset):
    counts = verdict_counts(dataset.claims)
    assert counts["verdict"].tolist() == list(VERDICT_LABELS)
    assert counts["count"].tolist() == [2, 5, 2, 1, 1]  # C11 supported since issue 20
    empty = verdict_counts(dataset.claims.iloc[0:0])
    assert empty["count"].tolist() == [0, 0, 0, 0, 0]
    assert (
        verdict_summary_text(empty)
        == "0 claims: 0 supported, 0 partly supported, 0 unsupported, 0 incorrect, 0 no evidence found."
    )


def test_summary_text_says_what_the_chart_shows(dataset):
    assert verdict_summary_text(verdict_counts(dataset.claims)) == (
        "11 claims: 2 supported, 5 partly supported, 2 unsupported, 1 incorrect, 1 no evidence found."
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chart_labels_each_bar_and_takes_the_verdict_colours_of_its_theme(dataset, theme):
    figure = verdict_bar_figure(verdict_counts(dataset.claims), theme)
    (bar,) = figure.data
    assert bar.orientation == "h"
    assert list(bar.y) == list(VERDICT_LABELS.values())  # the verdict is written next to each bar
    assert list(bar.text) == ["2", "5", "2", "1", "1"]  # and so is the count
    assert list(bar.marker.color) == [VERDICT_COLOURS[v][theme].fill for v in VERDICT_LABELS]
    assert bar.textfont.color == figure.layout.yaxis.tickfont.color == neutrals(theme).text
    assert bar.marker.line.width >= 1
    assert figure.layout.yaxis.autorange == "reversed"  # top to bottom in scale order


def test_every_verdict_has_a_definition():
    assert list(VERDICT_DEFINITIONS) == list(VERDICT_LABELS)
    assert all(text.strip().endswith(".") for text in VERDICT_DEFINITIONS.values())


def test_view_has_readable_labels(dataset):
    view = claims_view(filter_claims(dataset.claims, ["incorrect"]), dataset.sources)
    row = view.iloc[0]
    assert row["Claim"] == "C3"
    assert row["Verdict"] == "Incorrect"
    assert row["Evidence type"] == ["Animal or laboratory study"]
    assert row["Sources"] == ["IntEnz n.d.", "Fitzpatrick 1989"]
    assert row["Guide section"] == "Biological mechanism"


def test_download_is_the_shown_rows_with_every_column_and_citations(dataset):
    shown = filter_claims(dataset.claims, ["unsupported"])
    download = claims_download(shown, dataset.sources)
    header = pd.read_csv(DATA_DIR / "claims.csv", nrows=0).columns.tolist()
    assert download.columns.tolist() == [*header, "source_citations"]
    assert ids(download) == ["C4", "C10"]
    assert "doi:10.1212/01.wnl.0000078887.16593.12" in download.loc[0, "source_citations"]
    back = pd.read_csv(io.BytesIO(to_csv_bytes(download)), dtype=str, keep_default_na=False)
    original = pd.read_csv(DATA_DIR / "claims.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(
        back[header], original[original["claim_id"].isin(["C4", "C10"])].reset_index(drop=True)
    )


def test_the_audited_guide_is_the_marketing_source(dataset):
    guide = audited_guide(dataset.sources)
    assert guide["source_id"] == "biohacklogic_2026_mn_rls_guide"
    assert "#ad" in guide["container"]
    with pytest.raises(ValueError, match="exactly one"):
        audited_guide(dataset.sources[dataset.sources["kind"] != "marketing"])
