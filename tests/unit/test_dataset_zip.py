"""The full-dataset ZIP and the dataset citation: golden member listing with SHA-256 checksums, CSVs equal to
the dataset, reproducible bytes, a README to cite and reuse it, and a valid Frictionless Data Package."""

import io
import json
import os
import shutil
import zipfile

import pandas as pd
import pytest
from frictionless import validate

from analysis import (
    DATA_DIR_ENV,
    DataError,
    build_dataset_zip,
    checksums,
    citation_bibtex,
    citation_text,
    inline_citation,
    zip_members,
)
from analysis.package import zip_date_time
from analysis.schemas import TABLE_MODELS
from tests.conftest import DATA_DIR, edit_csv, golden_path

FOLDER = "manganese-rls-evidence-1.0.0"
GOLDEN = golden_path("dataset_zip_sha256sums.txt")


@pytest.fixture(scope="module")
def archive_bytes() -> bytes:
    return build_dataset_zip(DATA_DIR)


@pytest.fixture(scope="module")
def archive(archive_bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(archive_bytes))


def sha256sums(archive: zipfile.ZipFile) -> str:
    """The listing in `sha256sum` format, so `sha256sum -c` can check an unpacked copy."""
    names = {info.filename: archive.read(info) for info in archive.infolist()}
    return "".join(f"{digest}  {name}\n" for name, digest in checksums(names).items())


def test_members_and_checksums_match_the_golden_listing(archive):
    """Regenerate with UPDATE_GOLDEN=1 after a data edit (and check the diff: only the edited files change)."""
    listing = sha256sums(archive)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(listing, encoding="utf-8")
    assert listing == GOLDEN.read_text(encoding="utf-8")


def test_members_are_every_csv_the_package_and_a_readme_in_one_folder(archive):
    expected = sorted([*(f"{name}.csv" for name in TABLE_MODELS), "datapackage.json", "README.md"])
    assert archive.namelist() == [f"{FOLDER}/{name}" for name in expected]  # sorted, in one folder
    assert archive.testzip() is None


def test_package_file_is_byte_for_byte_and_csvs_come_from_the_one_writer(archive):
    assert archive.read(f"{FOLDER}/datapackage.json") == (DATA_DIR / "datapackage.json").read_bytes()
    for table in TABLE_MODELS:
        content = archive.read(f"{FOLDER}/{table}.csv")
        assert content.endswith(b"\r\n") and b"\r\n" in content.split(b"\n", 1)[0] + b"\n", table  # CRLF rows


def test_formula_like_cells_in_the_data_are_neutralised_in_the_zip(data_copy):
    edit_csv(data_copy, "claims.csv", lambda df: df.assign(claim='=HYPERLINK("http://example.invalid","x")'))
    rebuilt = zipfile.ZipFile(io.BytesIO(build_dataset_zip(data_copy)))
    claims = pd.read_csv(io.BytesIO(rebuilt.read(f"{FOLDER}/claims.csv")), dtype=str, keep_default_na=False)
    assert (claims["claim"] == '\'=HYPERLINK("http://example.invalid","x")').all()
    values = pd.read_csv(io.BytesIO(rebuilt.read(f"{FOLDER}/reference_values.csv")), dtype=str, keep_default_na=False)
    original = pd.read_csv(data_copy / "reference_values.csv", dtype=str, keep_default_na=False)
    assert values["value"].tolist() == original["value"].tolist()  # numbers untouched


def test_csvs_read_back_with_pandas_equal_the_dataset(archive, dataset):
    for table in TABLE_MODELS:
        back = pd.read_csv(io.BytesIO(archive.read(f"{FOLDER}/{table}.csv")), dtype=str, keep_default_na=False)
        original = pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, original)
        assert len(back) == len(getattr(dataset, table))


def test_every_member_has_fixed_date_permissions_and_system(archive):
    for info in archive.infolist():
        assert info.date_time == (2026, 11, 26, 0, 0, 0), info.filename  # `created` in datapackage.json
        assert info.external_attr >> 16 == 0o100644, info.filename
        assert info.create_system == 3
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_same_inputs_give_the_same_bytes(archive_bytes, tmp_path):
    assert build_dataset_zip(DATA_DIR) == archive_bytes
    # A copy elsewhere, with other modification times, gives the same archive too.
    copy = tmp_path / "elsewhere"
    shutil.copytree(DATA_DIR, copy)
    for path in copy.iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert build_dataset_zip(copy) == archive_bytes


def test_the_zip_reads_the_data_directory_in_use(monkeypatch, data_copy, archive_bytes):
    edit_csv(data_copy, "claims.csv", lambda df: df.assign(claim=df["claim"].str.replace("Manganese", "Mn")))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    rebuilt = zipfile.ZipFile(io.BytesIO(build_dataset_zip()))
    back = pd.read_csv(io.BytesIO(rebuilt.read(f"{FOLDER}/claims.csv")), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, pd.read_csv(data_copy / "claims.csv", dtype=str, keep_default_na=False))
    assert b"Mn is the cofactor" in rebuilt.read(f"{FOLDER}/claims.csv")
    assert build_dataset_zip() != archive_bytes


def test_broken_data_is_never_shipped(data_copy):
    edit_csv(data_copy, "risks.csv", lambda df: df.assign(verdict="bogus"))
    with pytest.raises(DataError, match=r"risks\.csv"):
        build_dataset_zip(data_copy)


def test_readme_has_citation_licence_version_build_date_and_files(archive, dataset):
    readme = archive.read(f"{FOLDER}/README.md").decode("utf-8")
    assert readme.startswith("# Manganese & RLS Evidence Explorer: dataset version 1.0.0\n")
    for expected in [
        "- Version: 1.0.0",
        "- Built: 2026-11-26",
        "- Licence of the data: CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        citation_text(dataset),
        inline_citation(dataset),
        "@misc{manganese_rls_evidence_explorer_1_0_0,",
        "`sources.csv` (49 rows)",
        "`claims.csv` (11 rows)",
        "`datapackage.json`",
        "`partly_supported` (Partly supported)",
        "Of the 72 reference values, 47 are primary, 24 secondary and 1 unverified.",  # issue 20: IOM ULs primary
        "44 of the 49 sources are identified by a DOI, a PubMed ID or a web address.",
        "row `efsa_ai_adult`",
        "(iron_context.csv, row `aasm_ferritin_iv_only_upper`)",
        "(atomic_weights.csv, row `Mn`)",
        "(sources.csv, row `finley_1999`)",
        "Educational, not medical advice",
    ]:
        assert expected in readme, expected


def test_datapackage_in_the_zip_validates_against_frictionless(archive, tmp_path):
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / FOLDER / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])
    assert report.stats["tasks"] == len(TABLE_MODELS)  # every resource was checked, data included


def test_frictionless_validation_catches_a_broken_package(archive, tmp_path):
    """The validator really looks: a value outside a field's enum fails it."""
    archive.extractall(tmp_path)
    folder = tmp_path / FOLDER
    edit_csv(folder, "claims.csv", lambda df: df.assign(verdict=["mostly_true", *df["verdict"][1:]]))
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert any("mostly_true" in str(message) for message in report.flatten(["message"]))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"][0]["type"] = "no-such-type"
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert not validate(str(folder / "datapackage.json")).valid


def test_zip_members_match_the_archive(archive):
    members = zip_members(DATA_DIR)
    assert {f"{FOLDER}/{name}" for name in members} == set(archive.namelist())
    for name, content in members.items():
        assert archive.read(f"{FOLDER}/{name}") == content


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2026-11-26T00:00:00Z", (2026, 11, 26, 0, 0, 0)),
        ("2027-01-02T03:04:05+01:00", (2027, 1, 2, 3, 4, 5)),
        ("1970-01-01T00:00:00Z", (1980, 1, 1, 0, 0, 0)),  # the ZIP format starts in 1980
        ("unknown", (1980, 1, 1, 0, 0, 0)),
    ],
)
def test_zip_date_comes_from_created(created, expected):
    assert zip_date_time(created) == expected


def test_plain_text_citation(dataset):
    assert citation_text(dataset) == (
        "Manganese & RLS Evidence Explorer contributors (2026). Manganese & RLS Evidence Explorer [data set], "
        "version 1.0.0, built 2026-11-26. Licence CC BY 4.0."
    )
    assert citation_text(dataset, url="https://example.test/data/").endswith(
        "Licence CC BY 4.0. Available from: https://example.test/data/"
    )
    assert "[" not in citation_text(dataset).replace("[data set]", "")  # no bracketed placeholder


def test_bibtex_citation(dataset):
    bibtex = citation_bibtex(dataset)
    assert bibtex.startswith("@misc{manganese_rls_evidence_explorer_1_0_0,\n")
    assert bibtex.endswith("\n}")
    assert bibtex.count("{") == bibtex.count("}")
    for field in [
        "  author = {{Manganese \\& RLS Evidence Explorer contributors}},",
        "  title = {{Manganese \\& RLS Evidence Explorer}: dataset version 1.0.0},",
        "  version = {1.0.0},",
        "  year = {2026},",
        "  date = {2026-11-26},",
    ]:
        assert field in bibtex, field
    assert "url =" not in bibtex  # no address known, none made up
    assert "  url = {https://example.test/a%7Bb%7D/}" in citation_bibtex(dataset, "https://example.test/a{b}/")
    assert " & " not in bibtex  # every & escaped for LaTeX


def test_zip_csvs_are_plain_utf8_as_the_package_declares(archive):
    package = json.loads(archive.read(f"{FOLDER}/datapackage.json"))
    assert {resource["encoding"] for resource in package["resources"]} == {"utf-8"}
    for name in archive.namelist():
        assert not archive.read(name).startswith(b"\xef\xbb\xbf"), name
