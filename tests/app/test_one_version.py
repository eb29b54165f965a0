"""One version per page (issue 23, point 7): the ZIP is built from the version of the data the page was drawn
from, not from disk at click time; the data dictionary comes from that same version; a broken dataset explains
itself on the ZIP button too."""

import io
import json
import zipfile

from streamlit.testing.v1 import AppTest

from analysis import build_dataset_zip, load_dataset
from analysis.dataset import DATA_DIR_ENV
from tests.app.conftest import APP, open_page
from tests.conftest import edit_csv
from ui.data import ZIP_BUTTON_LABEL

PAGE = "pages/sources.py"


def _edit_on_disk(data_dir) -> None:
    edit_csv(data_dir, "risks.csv", lambda df: df.assign(risk_type=df["risk_type"] + " EDITED"))
    path = data_dir / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["version"] = "9.9.9"
    path.write_text(json.dumps(package), encoding="utf-8")


def test_zip_of_the_loaded_version_ignores_later_edits_on_disk(data_copy):
    before = build_dataset_zip(data_copy)
    shown = load_dataset(data_copy)  # the version a page was drawn from
    _edit_on_disk(data_copy)
    assert build_dataset_zip(dataset=shown) == before
    members = zipfile.ZipFile(io.BytesIO(build_dataset_zip(dataset=shown)))
    assert not any(b"EDITED" in members.read(name) or b"9.9.9" in members.read(name) for name in members.namelist())
    assert b"EDITED" in zipfile.ZipFile(io.BytesIO(build_dataset_zip(data_copy))).read(
        "manganese-rls-evidence-9.9.9/risks.csv"
    )


def test_dataset_keeps_the_package_it_was_loaded_with(data_copy):
    shown = load_dataset(data_copy)
    _edit_on_disk(data_copy)
    assert shown.package["version"] == shown.version == "1.0.0"


def test_broken_dataset_explains_itself_on_the_zip_button(monkeypatch, data_copy):
    edit_csv(data_copy, "claims.csv", lambda df: df.assign(verdict="maybe"))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "claims.csv" in at.error[0].value
    [button] = [b for b in at.get("download_button") if b.proto.label == ZIP_BUTTON_LABEL]
    assert button.proto.disabled
    assert "1 problem" in button.proto.help and "listed above" in button.proto.help


def test_working_sources_page_offers_the_zip(monkeypatch, data_copy):
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = open_page(PAGE)
    [button] = [b for b in at.get("download_button") if b.proto.label == ZIP_BUTTON_LABEL]
    assert not button.proto.disabled
