"""One version per page in Chromium (issue 23, point 7): a file edited while a reader is on the page does not
show in the part an input change redraws (a fragment run) while the sidebar and footer show the old version; the
next full run (a reload) shows the new version everywhere."""

import json
import shutil

import pytest

from tests.conftest import DATA_DIR, edit_csv
from tests.e2e.harness import streamlit_server, wait_for_run

pytestmark = pytest.mark.e2e


def test_an_edit_on_disk_shows_on_the_next_full_run_as_a_whole(browser, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with streamlit_server(env={"MNRLS_DATA_DIR": str(data)}) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(url + "/dose?age=30")
        wait_for_run(page)
        page.get_by_text("Neurotoxicity", exact=False).first.wait_for()

        edit_csv(data, "risks.csv", lambda df: df.assign(risk_type=df["risk_type"] + " EDITED"))
        package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        package["version"] = "9.9.9"
        (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

        age = page.get_by_role("spinbutton", name="Age (years)")
        age.fill("40")
        age.press("Enter")
        page.get_by_text("for women aged 19+ y").first.wait_for()
        wait_for_run(page)
        page.wait_for_url("**age=40*")
        body = page.locator("body").inner_text()
        assert "EDITED" not in body  # the redrawn part keeps the version the rest of the page shows
        assert "Dataset version 1.0.0" in body and "9.9.9" not in body

        page.reload()
        wait_for_run(page)
        body = page.locator("body").inner_text()
        assert "EDITED" in body and "Dataset version 9.9.9" in body and "1.0.0" not in body
        context.close()
