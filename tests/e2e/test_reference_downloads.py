"""In a real browser: download the Sources page's whole reference list as BibTeX and parse it back; and one
claim's references as RIS and CSL-JSON from the claim audit."""

import json

import bibtexparser
import pytest
import rispy

from tests.e2e.harness import wait_for_run

pytestmark = pytest.mark.e2e


def download(page, name: str, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("button", name=name).first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return info.value.suggested_filename, path.read_text(encoding="utf-8")


def test_sources_page_bibtex_downloads_and_parses(page, app_url, dataset, tmp_path):
    page.goto(f"{app_url}/sources")
    wait_for_run(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)").first.is_visible()
    name, text = download(page, "BibTeX (.bib)", tmp_path)
    assert name == "manganese-rls-evidence-sources.bib"
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries] == dataset.sources["source_id"].tolist()
    by_key = {entry.key: entry for entry in library.entries}
    assert by_key["rossander_hulthen_1991"]["doi"] == "10.1093/ajcn/54.1.152"
    assert by_key["rossander_hulthen_1991"]["pmid"] == "2058577"
    # The citation shows an address, the one the browser reached (no operator setting here), not a placeholder.
    citation = page.get_by_test_id("stCode").first.inner_text()
    assert f"Available from: {app_url}/" in citation and "[URL" not in citation
    assert not page.problems


def test_a_claims_references_download_as_ris_and_csl_json(page, app_url, tmp_path):
    page.goto(f"{app_url}/evidence?q=C3")
    wait_for_run(page)
    page.get_by_text("Sources cited by these claims").first.scroll_into_view_if_needed()
    name, ris = download(page, "RIS (.ris)", tmp_path)
    assert name == "manganese-rls-references.ris"
    records = rispy.loads(ris)
    ids = [record["id"] for record in records]
    assert ids[:2] == ["intenz_ec_1_14_16_2", "fitzpatrick_1989_th_metal"]  # C3's sources, in the table's order
    assert all(record["title"] and record["type_of_reference"] for record in records)
    _, csl = download(page, "CSL-JSON (.json)", tmp_path)
    items = {item["id"]: item for item in json.loads(csl)}
    assert list(items) == ids  # the same list in both formats
    assert items["intenz_ec_1_14_16_2"]["type"] == "webpage"
    assert (
        items["fitzpatrick_1989_th_metal"]["container-title"] == "Biochemical and Biophysical Research Communications"
    )
    assert not page.problems
