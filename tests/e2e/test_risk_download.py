"""The main path in a real browser: open a filtered link, click "Download CSV", read the file."""

import io

import pandas as pd
import pytest

from analysis import filter_risks, risk_table_download, to_csv_bytes
from tests.conftest import DATA_DIR
from tests.e2e.harness import wait_for_run

pytestmark = pytest.mark.e2e


def test_filtered_link_downloads_exactly_the_rows_shown(page, app_url, dataset, tmp_path):
    page.goto(f"{app_url}/?risk=neurotoxicity")
    wait_for_run(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page.locator(".st-key-risk_card_neurotoxicity").is_visible()
    assert page.get_by_text("1 of 4 risks").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "manganese_rls_risks.csv"
    path = tmp_path / "download.csv"
    download.save_as(path)
    content = path.read_bytes()

    table = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    header = pd.read_csv(DATA_DIR / "risks.csv", nrows=0).columns.tolist()
    assert table.columns.tolist() == [*header, "source_citations"]
    assert table["risk_id"].tolist() == ["neurotoxicity"]
    assert "doi:10.1080/00039896.1989.9935883" in table.loc[0, "source_citations"]
    # The file is byte for byte what the analysis package writes for that view.
    expected = to_csv_bytes(risk_table_download(filter_risks(dataset.risks, ["neurotoxicity"]), dataset.sources))
    assert content == expected
    assert not page.problems


def test_changing_the_filter_rewrites_the_url(page, app_url):
    page.goto(f"{app_url}/?risk=iron_interaction&risk=gastrointestinal")
    wait_for_run(page)
    assert page.get_by_text("2 of 4 risks").is_visible()
    # Untap the "Gastrointestinal disturbances" pill.
    page.get_by_test_id("stButtonGroup").first.get_by_text("Gastrointestinal disturbances").click()
    wait_for_run(page)
    page.wait_for_url("**/?risk=iron_interaction")
    assert page.get_by_text("1 of 4 risks").is_visible()
