"""In a real browser: download the full dataset (ZIP) and the claims CSV and read them; open a filtered
claim-audit link on a freshly started server."""

import io
import zipfile

import pandas as pd
import pytest
from playwright.sync_api import expect

from analysis import app_address, build_dataset_zip, claims_download, filter_claims, to_csv_bytes
from analysis.schemas import TABLE_MODELS
from tests.conftest import DATA_DIR
from tests.e2e.harness import streamlit_server, wait_for_run
from ui.chrome import PAGE_PATHS

pytestmark = pytest.mark.e2e
FOLDER = "manganese-rls-evidence-1.0.0"


def test_full_dataset_zip_downloads_with_every_file(page, app_url, tmp_path):
    page.goto(f"{app_url}/sources")
    wait_for_run(page)
    assert page.get_by_test_id("stException").count() == 0
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download full dataset (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == f"{FOLDER}.zip"
    path = tmp_path / "dataset.zip"
    download.save_as(path)
    content = path.read_bytes()

    archive = zipfile.ZipFile(io.BytesIO(content))
    expected = sorted([*(f"{name}.csv" for name in TABLE_MODELS), "datapackage.json", "README.md"])
    assert archive.namelist() == [f"{FOLDER}/{name}" for name in expected]
    for table in TABLE_MODELS:
        back = pd.read_csv(io.BytesIO(archive.read(f"{FOLDER}/{table}.csv")), dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False))
    readme = archive.read(f"{FOLDER}/README.md").decode("utf-8")
    assert "- Version: 1.0.0" in readme and "- Built: 2026-11-26" in readme and "CC BY 4.0" in readme
    # Byte for byte the reproducible archive, its README citing the address the browser reached the page at.
    address = app_address(f"{app_url}/sources", PAGE_PATHS)
    assert address and address in readme
    assert content == build_dataset_zip(DATA_DIR, url=address)
    assert not page.problems


def test_claims_csv_downloads_exactly_the_claims_shown(page, app_url, dataset, tmp_path):
    page.goto(f"{app_url}/evidence?verdict=partly_supported")
    wait_for_run(page)
    assert page.get_by_text("5 of 11 claims").is_visible()  # C11 is supported since issue 20
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "manganese_rls_claims.csv"
    path = tmp_path / "claims.csv"
    download.save_as(path)
    content = path.read_bytes()

    table = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    header = pd.read_csv(DATA_DIR / "claims.csv", nrows=0).columns.tolist()
    assert table.columns.tolist() == [*header, "source_citations"]
    assert table["claim_id"].tolist() == ["C2", "C5", "C6", "C7", "C8"]
    assert set(table["verdict"]) == {"partly_supported"}
    assert "doi:10.1093/ajcn/54.1.152" in table.loc[table["claim_id"] == "C7", "source_citations"].item()
    expected = to_csv_bytes(claims_download(filter_claims(dataset.claims, ["partly_supported"]), dataset.sources))
    assert content == expected
    assert not page.problems


def test_a_filtered_link_on_a_fresh_server_opens_inside_the_app(browser):
    """The first request a new server gets is a deep link: it must still run through app.py (menu, footer)."""
    with streamlit_server() as fresh_url:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(f"{fresh_url}/evidence?verdict=incorrect")
        wait_for_run(page)
        # The first run on a fresh server reruns itself once through app.py: let the assertions wait for it.
        expect(page.get_by_text("1 of 11 claims")).to_be_visible()
        navigation = page.get_by_test_id("stSidebarNav")
        expect(navigation.get_by_text("Claim audit")).to_be_visible()
        expect(navigation.get_by_text("Sources and method")).to_be_visible()
        expect(navigation.get_by_text("app", exact=True)).to_have_count(0)  # not the file-name menu
        expect(page.get_by_text("Dataset version 1.0.0, built 2026-11-26.")).to_be_visible()
        page.get_by_role("link", name="Sources, method and how to cite").click()
        wait_for_run(page)
        page.wait_for_url("**/sources")
        assert page.get_by_role("heading", name="Sources and method").is_visible()
        context.close()
