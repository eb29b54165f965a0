"""AppTest on app.py, switched to the sources and method page (/sources): citations with links and what cites
them, how to cite, the ZIP download, the method with known gaps, the data dictionary; and the footer on every
page of the app."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.vocab import VERDICT_LABELS
from tests.app.conftest import open_page
from tests.conftest import DATA_DIR
from ui.navigation import PAGES as NAVIGATION_PAGES
from ui.text import escape_markdown

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/sources.py"
# Every page app.py registers, so a page added later is covered too.
PAGES = [page.file for page in NAVIGATION_PAGES]


@pytest.fixture(scope="module")
def sources_page() -> AppTest:
    return open_page(PAGE)


def test_reference_list_gives_every_source_in_full_with_kind_and_citers(sources_page, dataset):
    lists = [m.value for m in sources_page.markdown if m.value.startswith("1. ")]
    reference_list = max(lists, key=len)  # the other list is the one source chosen below
    assert reference_list.count("\n") + 1 == len(dataset.sources)
    assert "[Kondakis 1989](<https://pubmed.ncbi.nlm.nih.gov/2751354/>)" in reference_list
    assert "[DOI](<https://doi.org/10.1080/00039896.1989.9935883>)" in reference_list
    citers = (  # issue 20: Kondakis 1989 backs the level above the IOM UL and the one with water
        "Observational study. Cited by\\: 1 claim · 1 risk · 2 risk levels by intake · 1 mechanism link · "
        "1 claim–source finding."
    )
    assert citers in reference_list


def test_every_source_is_listed_with_links_and_what_cites_it(sources_page, dataset):
    at = sources_page
    assert at.title[0].value == "Sources and method"
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
    table = at.dataframe[0].value
    assert len(table) == len(dataset.sources)
    assert table.columns.tolist() == ["Source", "Citation", "Kind", "Verification", "Cited by", "Link", "DOI", "PubMed"]
    assert table["Link"].str.startswith("https://").sum() >= 25
    assert table["DOI"].str.startswith("https://doi.org/10.").sum() == (dataset.sources["doi"] != "").sum()
    assert (
        table["PubMed"].str.startswith("https://pubmed.ncbi.nlm.nih.gov/").sum()
        == (dataset.sources["pmid"] != "").sum()
    )
    assert set(table["Verification"]) <= {"Primary", "Secondary", "Unverified"}
    guide = table[table["Kind"] == "Marketing (the audited guide)"]
    assert guide["Cited by"].tolist() == ["Nothing (this is the audited guide, where the claims come from)"]
    assert table["Cited by"].str.contains(r"\d", regex=True).sum() == len(table) - 1


def test_how_to_cite_in_plain_text_and_bibtex(sources_page):
    plain, bibtex = sources_page.code
    assert plain.value.startswith("Manganese & RLS Evidence Explorer contributors (2026).")
    assert "version 1.0.0, built 2026-11-26" in plain.value and "CC BY 4.0" in plain.value
    assert "[URL of the hosted copy]" not in plain.value and "[URL" not in bibtex.value
    assert plain.value.endswith("Licence CC BY 4.0.")  # AppTest has no browser address: none is made up
    assert bibtex.language == "bibtex"
    assert bibtex.value.startswith("@misc{") and "version = {1.0.0}" in bibtex.value
    assert any("does not know the address it is served at" in c.value for c in sources_page.markdown)


def test_full_dataset_download_button(sources_page):
    (zip_button,) = [b for b in sources_page.get("download_button") if "ZIP" in b.proto.label]
    assert zip_button.proto.label == "Download full dataset (ZIP)"
    assert zip_button.proto.ignore_rerun
    holds = next(c.value for c in sources_page.caption if c.value.startswith("Holds "))
    assert "claims.csv (11 rows)" in holds and "README" in holds


def risk_page_links(at: AppTest) -> list:
    """Links to the risk table (the default page, url path ''), filtered to one risk."""
    return [link.proto for link in at.get("page_link") if link.proto.page == "" and link.proto.query_string]


def test_choosing_a_source_shows_what_rests_on_it():
    at = open_page(PAGE)
    assert at.selectbox(key="cited_source").value == "iom_2001_dri"
    text = " ".join(m.value for m in at.markdown)
    assert "**Cited by 2 claims**" in text and "**C5**" in text and "**C7**" in text
    assert "**Cited by 25 reference values**" in text  # the adult 31+ UL too (issue 20)
    risk_links = risk_page_links(at)
    assert [(p.label, p.query_string) for p in risk_links] == [
        ("Neurotoxicity · Partly supported", "risk=neurotoxicity"),
        ("Iron interaction · Partly supported", "risk=iron_interaction"),
    ]
    at.selectbox(key="cited_source").set_value("bouchard_2011").run()
    assert not at.exception
    assert [p.query_string for p in risk_page_links(at)] == ["risk=neurotoxicity"]
    at.selectbox(key="cited_source").set_value("biohacklogic_2026_mn_rls_guide").run()
    assert any(m.value.startswith("Nothing in the dataset cites this source") for m in at.markdown)


def test_method_explains_verdicts_verification_intake_and_known_gaps(sources_page):
    text = " ".join(m.value for m in sources_page.markdown)
    for expected in [
        "**How the dataset was built.**",
        "split into 11 distinct claims",
        "**Partly supported**: Part of the claim holds up",
        "Code `partly_supported`.",
        "**Unverified**: no citable page gave this value. Code `unverified`.",
        "`above_upper`: Above the upper value",
        "Of the 72 reference values, 47 are primary, 24 secondary and 1 unverified.",
        "Below the Adequate Intake",
        "safe level of intake, which EFSA says is not a UL",
        "**Known gaps**",
        "EFSA's Adequate Intakes for children are left out",
        "iron\\_context.csv, row aasm\\_ferritin\\_iv\\_only\\_upper",
        "atomic\\_weights.csv, row Mn",
        "identifier\\: none found",
        "`not_studied`: Not studied (no source looked at this)",
    ]:
        assert expected in text, expected


def test_data_dictionary_comes_from_datapackage_json(sources_page):
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    expanders = [e for e in sources_page.expander if ".csv · " in e.label]
    assert len(expanders) == len(package["resources"])
    for expander, resource in zip(expanders, package["resources"], strict=True):
        lines = expander.markdown[1].value.split("\n")  # one bullet per field; the text is escaped
        assert len(lines) == len(resource["schema"]["fields"])
        for line, field in zip(lines, resource["schema"]["fields"], strict=True):
            assert line.startswith(f"- **{escape_markdown(field['name'])}** (")
            assert escape_markdown(field["description"]) in line
    verdict = next(line for line in expanders[1].markdown[1].value.split("\n") if line.startswith("- **verdict**"))
    assert verdict.endswith(f"Allowed values: {escape_markdown(', '.join(VERDICT_LABELS))}.")


@pytest.mark.parametrize("page", PAGES)
def test_footer_on_every_page_shows_version_build_date_and_links_sources(page):
    at = open_page(page)
    footer = [c.value for c in at.main.caption if c.value.startswith("**Dataset version")]
    assert footer == ["**Dataset version 1\\.0.0**, built 2026-11-26. " + footer[0].split("2026-11-26. ", 1)[1]]
    assert "How to cite" in footer[0]
    links = [link.proto for link in at.get("page_link") if link.proto.label == "Sources, method and how to cite"]
    assert [link.page for link in links] == ["sources"]
    assert any("Dataset version 1\\.0.0 · built 2026-11-26" in c.value for c in at.sidebar.caption)


def test_the_citation_style_is_named(sources_page):
    caption = next(c.value for c in sources_page.caption if "Verification says" in c.value)
    assert "**NLM/Vancouver\\: Citing Medicine 2nd edition (citation-sequence)** style" in caption
    assert "BibTeX, RIS or CSL-JSON" in caption
    table = sources_page.dataframe[0].value
    allen = table.loc[table["Source"] == "Allen 2020", "Citation"].item()
    assert allen.startswith("Allen LH, Carriquiry AL, Murphy SP. Perspective:") and "2020;11(3):469–83" in allen


def test_the_whole_source_list_downloads_as_bibtex_ris_and_csl_json(sources_page, dataset):
    buttons = {b.key: b for b in sources_page.get("download_button")}
    whole = {key: b for key, b in buttons.items() if key and key.startswith("all_sources_refs")}
    assert sorted(b.proto.label for b in whole.values()) == ["BibTeX (.bib)", "CSL-JSON (.json)", "RIS (.ris)"]
    assert set(whole) == {"all_sources_refs_bib", "all_sources_refs_ris", "all_sources_refs_json"}
    assert all(b.proto.deferred_file_id for b in whole.values())  # built only when clicked (file names: e2e)
    assert all(b.proto.ignore_rerun for b in whole.values())
    whole_list = f"Download these {len(dataset.sources)} references for a reference manager:"
    assert any(c.value == whole_list for c in sources_page.caption)
    # The chosen source's own list has its single reference to take away too.
    assert any(c.value == "Download this reference for a reference manager:" for c in sources_page.caption)


def test_the_citation_carries_the_operator_address(monkeypatch):
    monkeypatch.setenv("MNRLS_PUBLIC_URL", "https://mnrls.example.test/explorer")
    at = open_page(PAGE)
    plain, bibtex = at.code
    assert plain.value.endswith("Licence CC BY 4.0. Available from: https://mnrls.example.test/explorer/")
    assert "  url = {https://mnrls.example.test/explorer/}" in bibtex.value
    assert any("served at: https\\://mnrls.example.test/explorer/." in c.value for c in at.markdown)


def test_a_bad_operator_address_is_not_used(monkeypatch):
    monkeypatch.setenv("MNRLS_PUBLIC_URL", "javascript:alert(1)")
    plain, _ = open_page(PAGE).code
    assert "javascript" not in plain.value and plain.value.endswith("Licence CC BY 4.0.")


def test_what_rests_on_a_source_is_listed_in_words():
    at = open_page(PAGE)  # the first source, IOM 2001, is cited by reference values and iron context rows
    dictionary = {m.value for e in at.expander if ".csv · " in e.label for m in e.markdown}  # names columns on purpose
    text = "\n".join(m.value for m in at.markdown if m.value not in dictionary)
    assert "- **Adequate Intake**: Authority: IOM · Who: Everyone, 0–6 months · Amount: 0\\.003 mg/day" in text
    for code in ("oral\\_total", "value\\_id", "None", "rct;", "iom\\_ai\\_"):
        assert code not in text, code
