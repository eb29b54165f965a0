"""Every page in a real browser: loads cleanly, survives a reload with its URL, works on a phone and in
the dark theme, and every download has a header and rows.

URL state, as documented in the README: each page keeps its own filters in its URL; moving to another
page starts that page from its defaults; the browser's Back button returns to the previous view."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.downloads import data_download_buttons, download_everything, open_all_expanders
from tests.e2e.harness import open_charts, wait_for_run

pytestmark = pytest.mark.e2e

# page -> (a link with parameters, text that the parameters produce)
PAGES = {
    "risks": ("/?risk=iron_interaction&risk=gastrointestinal", "2 of 4 risks"),
    "evidence": ("/evidence?verdict=incorrect", "1 of 11 claims"),
    "mechanism": ("/mechanism?risk=iron_interaction&view=guide", "The guide's story"),
    "dose": (
        "/dose?age=16&sex=female&supp=8",
        "A total of 9.6 mg/day is above the US Tolerable Upper Intake Level (UL, IOM) of 9 mg/day",
    ),
    "sources": ("/sources", "Sources and method"),
}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly_and_reload_restores_the_view(page, app_url, name):
    path, expected = PAGES[name]
    page.goto(app_url + path)
    wait_for_run(page)
    expect(page.get_by_text(expected).first).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    page.reload()
    wait_for_run(page)
    expect(page.get_by_text(expected).first).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    assert not page.problems


@pytest.mark.parametrize("name", list(PAGES))
def test_every_download_has_a_header_and_rows(page, app_url, name, tmp_path):
    page.goto(app_url + PAGES[name][0])
    wait_for_run(page)
    open_all_expanders(page)  # the dose page's CSVs sit in closed chart expanders
    expect(data_download_buttons(page).first).to_be_attached()
    files = download_everything(page, tmp_path)
    assert files, f"{name} has no download"
    for file_name, content in files.items():
        if file_name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                assert any(member.endswith("datapackage.json") for member in archive.namelist())
            continue
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
        assert len(rows) >= 2, f"{file_name} has no data rows"
        assert all(len(row) == len(rows[0]) for row in rows), f"{file_name} has ragged rows"


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_width_has_no_horizontal_overflow(browser, app_url, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(app_url + PAGES[name][0])
    wait_for_run(phone)
    assert phone.evaluate(OVERFLOW) <= 0
    first_control = phone.locator("input, [role='combobox'], button").filter(visible=True).first
    box = first_control.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


def _luminance(rgb: str) -> float:
    values = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]


@pytest.mark.parametrize("name", ["dose", "evidence"])
def test_dark_theme_charts_have_light_text(browser, app_url, name):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1366, "height": 900})
    dark = context.new_page()
    dark.goto(app_url + PAGES[name][0])
    wait_for_run(dark)
    if name == "dose":
        open_charts(dark)  # the dose page draws its charts only when opened
    tick = dark.locator(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text").first
    tick.wait_for()
    assert _luminance(tick.evaluate("e => getComputedStyle(e).fill")) > 0.6
    background = dark.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    assert _luminance(background) < 0.2
    context.close()


def test_navigation_clears_page_filters_and_back_restores_them(page, app_url):
    page.goto(app_url + "/?risk=iron_interaction")
    wait_for_run(page)
    expect(page.get_by_text("1 of 4 risks")).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_text("Claim audit").click()
    page.wait_for_url("**/evidence")
    wait_for_run(page)
    assert "risk=" not in page.url
    page.get_by_test_id("stSidebarNav").get_by_text("Risk table").click()
    wait_for_run(page)
    expect(page.get_by_text("4 of 4 risks")).to_be_visible()  # a new visit starts from the defaults
    page.goto(app_url + "/?risk=iron_interaction")
    wait_for_run(page)
    page.goto(app_url + "/sources")
    wait_for_run(page)
    page.go_back()
    wait_for_run(page)
    assert page.url.endswith("/?risk=iron_interaction")
    expect(page.get_by_text("1 of 4 risks")).to_be_visible()
