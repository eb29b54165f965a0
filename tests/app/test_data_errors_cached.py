"""A broken data file is parsed once per version of the file, not on every page view."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import analysis.dataset
from analysis.dataset import DATA_DIR_ENV
from tests.conftest import edit_csv

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _count_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    original = analysis.dataset._read_csv

    def counting(path, *args):
        reads.append(path.name)
        return original(path, *args)

    monkeypatch.setattr(analysis.dataset, "_read_csv", counting)
    return reads


def _view() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    return at


def test_second_view_of_a_broken_file_does_not_parse_it_again(monkeypatch, data_copy):
    edit_csv(data_copy, "claims.csv", lambda df: df.assign(verdict="maybe"))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    reads = _count_reads(monkeypatch)
    first = _view()
    assert "claims.csv" in first.error[0].value and "'maybe'" in first.error[0].value
    assert reads.count("claims.csv") == 1
    second = _view()  # another visitor, same broken file
    assert second.error[0].value == first.error[0].value
    assert reads.count("claims.csv") == 1
    # A repaired file is a new fingerprint: read again, and the page works.
    edit_csv(data_copy, "claims.csv", lambda df: df.assign(verdict="partly_supported"))
    repaired = _view()
    assert not repaired.error
    assert reads.count("claims.csv") == 2
