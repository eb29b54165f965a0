"""Citations to take away: BibTeX, RIS and CSL-JSON from sources.csv, parsed back with real parsers and compared
field by field with the CSV; the on-screen citation formatted by the CSL processor in the named style; and the
dataset's citation (Sources page, ZIP README, repository README, CITATION.cff) from one home."""

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pandas as pd
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware

from analysis import (
    CITATION_FILE,
    CITATION_STYLE,
    app_address,
    citation_cff,
    citation_text,
    csl_item,
    csl_style_title,
    format_citation,
    load_dataset,
    publication_type,
    read_package,
    readme_text,
    reference_file,
    reference_file_name,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from analysis.csl import parse_names
from tests.conftest import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
CFF_SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json"


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return load_dataset(DATA_DIR).sources


def people(authors: str) -> int:
    """How many 'Surname Initials' people a row's authors_or_body names (bodies, 'et al.' and remarks such as
    'draft by Haugen M' are not counted)."""
    # A body with its people in brackets ("Agency (Williams M, et al.)") is cited as the body.
    authors = re.sub(r" \((?!eds?\.\))[^)]*\)", "", authors)
    groups = [g.strip() for g in authors.split(";") if g.strip() and not g.strip()[0].islower()]
    name = r"(?:^|, ?)[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)* [A-Z]{1,4}(?=,|$| \()"
    return sum(len(re.findall(name, group)) for group in groups)


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


# --- BibTeX ---------------------------------------------------------------------------------------------------


def test_bibtex_of_every_source_parses_back_to_the_csv(sources):
    text = to_bibtex(sources["source_id"].tolist(), sources)
    library = parse_bibtex(text)
    raw_entries = bibtexparser.parse_string(text).entries  # url, doi and numbers are verbatim, not LaTeX
    assert [e.key for e in library.entries] == sources["source_id"].tolist()
    for entry, raw, (_, row) in zip(library.entries, raw_entries, sources.iterrows(), strict=True):
        assert unbrace(entry["title"]) == row["title"], row["source_id"]
        fields = {name: field.value for name, field in raw.fields_dict.items()}
        assert fields["year"] == ("n.d." if pd.isna(row["year"]) else str(int(row["year"])))
        assert fields.get("doi", "") == row["doi"]
        assert fields.get("pmid", "") == row["pmid"]
        assert fields.get("url", "") == row["url"]
        assert entry.entry_type in {"article", "book", "techreport", "misc"}


def test_bibtex_types_and_names_follow_the_row(sources):
    library = parse_bibtex(
        to_bibtex(["allen_2020_harmonized_nrv", "iom_2001_dri", "vkm_2018_mn", "kondakis_1989"], sources)
    )
    allen, iom, vkm, kondakis = library.entries
    assert allen.entry_type == "article"
    assert allen["author"] == "Allen, L. H. and Carriquiry, A. L. and Murphy, S. P."
    assert (allen["journal"], allen["volume"], allen["number"]) == ("Advances in Nutrition", "11", "3")
    raw_allen = bibtexparser.parse_string(to_bibtex(["allen_2020_harmonized_nrv"], sources)).entries[0]
    assert raw_allen["pages"] == "469--483"  # a BibTeX page range
    assert iom.entry_type == "book"
    raw_iom = bibtexparser.parse_string(to_bibtex(["iom_2001_dri"], sources)).entries[0]
    assert raw_iom["author"] == "{Institute of Medicine, Food and Nutrition Board}"  # one body, its comma kept
    assert iom["author"] == "Institute of Medicine, Food and Nutrition Board"
    assert vkm.entry_type == "techreport" and "VKM Report 2018:02" in vkm["note"]
    assert kondakis["author"] == "Kondakis, X. G. and others"  # the row's 'et al.'


def test_bibtex_escapes_latex_specials_and_keeps_one_line_per_field():
    nasty = pd.DataFrame(
        [
            {
                "source_id": "nasty_1",
                "title": "50% of {braces} & $money$ #1 under_score ~ tilde ^ caret \\ back\nslash",
                "authors_or_body": "Body & Co; O'Neil AB",
                "year": 2020,
                "container": "Journal of Tests 1(2):3-4",
                "doi": "10.1000/x_y",
                "pmid": "",
                "url": "https://example.test/a b{c}",
                "kind": "review",
                "verification": "primary",
            }
        ]
    )
    text = to_bibtex(["nasty_1"], nasty)
    assert text.count("{") == text.count("}")
    (entry,) = parse_bibtex(text).entries
    assert unbrace(entry["title"]).startswith("50% of braces & $money$ #1 under_score")
    raw = bibtexparser.parse_string(text).entries[0]
    assert raw["url"] == "https://example.test/a%20b%7Bc%7D"
    assert raw["doi"] == "10.1000/x_y"
    assert r"50\% of \{braces\} \& \$money\$ \#1 under\_score \textasciitilde{} tilde \^{} caret" in raw["title"]
    assert "\n" not in raw["title"]


# --- RIS ------------------------------------------------------------------------------------------------------


def test_ris_of_every_source_parses_back_to_the_csv(sources):
    text = to_ris(sources["source_id"].tolist(), sources)
    assert "\r\n" in text and text.endswith("ER  - \r\n")
    records = rispy.loads(text)
    assert [r["id"] for r in records] == sources["source_id"].tolist()
    for record, (_, row) in zip(records, sources.iterrows(), strict=True):
        assert record["title"] == row["title"]
        assert record.get("year", "") == ("" if pd.isna(row["year"]) else str(int(row["year"])))
        assert record.get("doi", "") == row["doi"]
        assert record.get("urls", [""])[0] == row["url"]
        assert record.get("accession_number", "") == (f"PMID: {row['pmid']}" if row["pmid"] else "")
        names = record.get("authors", []) + record.get("secondary_authors", [])
        named_people = sum(re.fullmatch(r"[^,]+, (?:[A-Z]\. ?)+", n) is not None for n in names)
        assert named_people == people(row["authors_or_body"]), row["source_id"]
    by_id = {r["id"]: r for r in records}
    assert by_id["allen_2020_harmonized_nrv"]["type_of_reference"] == "JOUR"
    assert by_id["allen_2020_harmonized_nrv"]["authors"] == ["Allen, L. H.", "Carriquiry, A. L.", "Murphy, S. P."]
    assert (by_id["allen_2020_harmonized_nrv"]["start_page"], by_id["allen_2020_harmonized_nrv"]["end_page"]) == (
        "469",
        "483",
    )
    assert by_id["iom_2001_dri"]["type_of_reference"] == "BOOK"
    assert by_id["nih_ods_mn_fact_sheet"]["type_of_reference"] == "ELEC"
    assert by_id["vkm_2018_mn"]["type_of_reference"] == "RPRT"


def test_ris_keeps_a_line_break_in_the_data_from_starting_a_new_tag(sources):
    broken = sources.head(1).assign(title="First line\nTY  - JOUR")
    (record,) = rispy.loads(to_ris(broken["source_id"].tolist(), broken))
    assert record["title"] == "First line TY - JOUR"
    assert record["type_of_reference"] == "BOOK"


# --- CSL-JSON -------------------------------------------------------------------------------------------------


def test_csl_json_has_the_required_fields_and_the_csv_values(sources):
    items = json.loads(to_csl_json(sources["source_id"].tolist(), sources))
    assert [item["id"] for item in items] == sources["source_id"].tolist()
    for item, (_, row) in zip(items, sources.iterrows(), strict=True):
        assert {"id", "type", "title", "issued"} <= item.keys()
        assert item["title"] == row["title"]
        if pd.isna(row["year"]):
            assert item["issued"] == {"literal": "n.d."}  # as the row says: no year, none made up
        else:
            assert item["issued"] == {"date-parts": [[int(row["year"])]]}
        assert item.get("DOI", "") == row["doi"] and item.get("PMID", "") == row["pmid"]
        assert item.get("URL", "") == row["url"]
        names = item.get("author", []) + item.get("editor", [])
        assert sum("family" in n for n in names) == people(row["authors_or_body"])


@pytest.mark.parametrize(
    ("source_id", "expected"),
    [
        ("allen_2020_harmonized_nrv", "article-journal"),
        ("efsa_2023_ul_mn", "article-journal"),
        ("cochrane_2019_iron_rls", "article-journal"),
        ("finley_1999", "article-journal"),
        ("iom_2001_dri", "book"),
        ("who_gdwq_2022", "book"),
        ("vkm_2018_mn", "report"),
        ("epa_2004_mn_health_advisory", "report"),
        ("epa_smcl_40cfr143", "legislation"),
        ("nih_ods_mn_fact_sheet", "webpage"),
        ("nasem_dri_table_elements_rda_ai", "webpage"),
        ("mayo_mnb", "webpage"),
    ],
)
def test_publication_type_rules(sources, source_id, expected):
    assert publication_type(sources.set_index("source_id", drop=False).loc[source_id]) == expected


def test_names_read_people_bodies_editors_and_remarks():
    assert parse_names("Institute of Medicine; Otten JJ, Hellwig JP, Meyers LD (eds.)") == {
        "author": [{"literal": "Institute of Medicine"}],
        "editor": [
            {"family": "Otten", "given": "J. J."},
            {"family": "Hellwig", "given": "J. P."},
            {"family": "Meyers", "given": "L. D."},
        ],
        "remarks": [],
        "et_al": [],
    }
    vkm = parse_names("Norwegian Scientific Committee for Food and Environment (VKM); draft by Haugen M")
    assert vkm["author"] == [{"literal": "Norwegian Scientific Committee for Food and Environment (VKM)"}]
    assert vkm["remarks"] == ["draft by Haugen M"]
    guilarte = parse_names("Guilarte TR, et al. (author list not captured on the page read)")
    assert guilarte["author"] == [{"family": "Guilarte", "given": "T. R."}] and guilarte["et_al"] == ["author"]
    assert guilarte["remarks"] == ["author list not captured on the page read"]
    assert parse_names("Agúndez JAG")["author"] == [{"family": "Agúndez", "given": "J. A. G."}]


def test_csl_item_splits_the_container_and_keeps_the_rest_as_a_note(sources):
    by_id = sources.set_index("source_id", drop=False)
    aasm = csl_item(by_id.loc["aasm_2024_rls_guideline"])
    assert aasm["container-title"] == "Journal of Clinical Sleep Medicine"
    assert aasm["note"] == "Online 26 Sep 2024; issue citation not verified."
    chen = csl_item(by_id.loc["chen_2021_zinc_rls"])
    assert (chen["container-title"], chen["volume"], chen["issue"]) == ("Sleep", "44", "4") and "page" not in chen
    efsa = csl_item(by_id.loc["efsa_2013_drv_mn"])
    assert (efsa["volume"], efsa["issue"], efsa["page"]) == ("11", "11", "3419")


# --- On screen: the CSL processor, in the named style -------------------------------------------------------


def test_citations_on_screen_come_from_the_named_csl_style(sources):
    assert CITATION_STYLE == "nlm-citation-sequence"
    assert csl_style_title() == "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)"
    by_id = sources.set_index("source_id", drop=False)
    assert format_citation(by_id.loc["allen_2020_harmonized_nrv"]) == (
        "Allen LH, Carriquiry AL, Murphy SP. Perspective: Proposed Harmonized Nutrient Reference Values for "
        "Populations. Advances in Nutrition. 2020;11(3):469–83. doi:10.1093/advances/nmz096 PubMed PMID: 31701998. "
        "Online 8 Nov 2019."
    )
    assert format_citation(by_id.loc["kondakis_1989"]).startswith("Kondakis XG, et al. Possible health effects")
    nih = format_citation(by_id.loc["nih_ods_mn_fact_sheet"])
    assert "[Internet]" in nih and "Available from: https://ods.od.nih.gov/factsheets/" in nih
    # Every row is formatted; nothing of the row's title is lost.
    for _, row in sources.iterrows():
        assert row["title"].split(":")[0][:30] in format_citation(row)


def test_reference_file_and_name(sources):
    assert reference_file_name("manganese rls/refs", "BibTeX") == "manganese-rls-refs.bib"
    assert reference_file_name("x", "RIS") == "x.ris" and reference_file_name("x", "CSL-JSON") == "x.json"
    assert reference_file("CSL-JSON", ["kim_2017_toxrep"], sources).decode("utf-8").startswith("[\n  {")
    assert reference_file("BibTeX", "kim_2017_toxrep; no_such_source", sources).decode("utf-8").count("@") == 1


# --- The dataset's citation: one home, everywhere the same ---------------------------------------------------


def test_citation_cff_is_generated_from_the_package_and_valid(dataset):
    package = read_package(DATA_DIR)
    on_disk = (ROOT / CITATION_FILE).read_text(encoding="utf-8")
    assert on_disk == citation_cff(package, dataset), "run `python -m tools.citation_cff`"
    cff = yaml.safe_load(on_disk)
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema, format_checker=jsonschema.FormatChecker())
    assert cff["title"] == dataset.title and cff["version"] == dataset.version
    assert cff["date-released"] == dataset.created[:10] and cff["license"] == "CC-BY-4.0"
    assert f"{cff['authors'][0]['name']} ({cff['date-released'][:4]}). {cff['title']} [data set]" in citation_text(
        dataset
    )


def test_cff_schema_check_really_looks(dataset):
    cff = yaml.safe_load(citation_cff(read_package(DATA_DIR), dataset))
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    for broken in ({**cff, "license": "Not-A-Licence"}, {**cff, "date-released": "26/11/2026"}, {**cff, "authors": []}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema, format_checker=jsonschema.FormatChecker())


def test_repository_readme_and_zip_readme_give_the_same_citation(dataset):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How to cite", 1)[1].split("\n## ", 1)[0]
    quoted = " ".join(line.removeprefix(">").strip() for line in section.splitlines() if line.startswith(">"))
    assert quoted == citation_text(dataset)
    assert "[URL of the hosted copy]" not in readme
    package = read_package(DATA_DIR)
    assert citation_text(dataset) in readme_text(package, dataset)
    with_url = readme_text(package, dataset, "https://mnrls.example.test/")
    assert citation_text(dataset, "https://mnrls.example.test/") in with_url
    assert "- Downloaded from: https://mnrls.example.test/" in with_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mnrls.example.test/sources", "https://mnrls.example.test/"),
        ("https://mnrls.example.test/app/evidence?q=C3#top", "https://mnrls.example.test/app/"),
        ("http://localhost:8501/", "http://localhost:8501/"),
        ("http://localhost:8501", "http://localhost:8501/"),
        ("https://mnrls.example.test/dosage", "https://mnrls.example.test/dosage/"),
        ("", None),
        (None, None),
        ("javascript:alert(1)", None),
        ("https://mnrls.example.test/<script>", None),
    ],
)
def test_app_address(url, expected):
    assert app_address(url, ("evidence", "mechanism", "dose", "sources")) == expected


def test_a_source_without_an_author_list_is_labelled_by_its_journal(sources):
    from analysis import short_label

    labels = {row.source_id: short_label(row._asdict()) for row in sources.itertuples(index=False)}
    assert labels["genet_med_2018_slc39a8"] == "Genetics in Medicine 2018"
    assert not [label for label in labels.values() if label.startswith("(")]
