"""Limits that match the time budget (issue 23, point 4): the largest dataset analysis/limits.py admits (every
table at its row limit, built by bench.largest_dataset) loads and every page renders it. How long each page takes
is measured by `python -m bench.largest_dataset` and stated in docs/performance.md, never asserted here."""

import pytest
from streamlit.testing.v1 import AppTest

from analysis import load_dataset
from analysis.dataset import DATA_DIR_ENV
from analysis.limits import table_row_limit
from bench.largest_dataset import PAGES, build_largest_dataset
from tests.app.conftest import APP


@pytest.fixture(scope="module")
def largest(tmp_path_factory):
    return build_largest_dataset(tmp_path_factory.mktemp("largest") / "data")


def test_largest_admitted_dataset_fills_every_limit_and_loads(largest):
    dataset = load_dataset(largest)
    for table in ("sources", "claims", "risks", "reference_values", "mechanism_nodes", "iron_context"):
        assert len(getattr(dataset, table)) == table_row_limit(table), table


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_largest_admitted_dataset(monkeypatch, largest, page):
    monkeypatch.setenv(DATA_DIR_ENV, str(largest))
    at = AppTest.from_file(APP, default_timeout=600).run()
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error
    assert at.title or at.header or at.subheader
