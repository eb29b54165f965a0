"""The dose page in Chromium: charts render from a shared link, and a deep link works on a fresh server."""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import open_charts, streamlit_server, wait_for_run

pytestmark = pytest.mark.e2e

LINK = "/dose?age=16&sex=female&authority=both&supp=8&water=150&litres=1.5&ferritin=40"


def test_dose_link_renders_charts(page, app_url):
    page.goto(app_url + LINK)
    wait_for_run(page)
    assert page.get_by_test_id("stException").count() == 0
    assert open_charts(page) == 5  # each drawn once its expander is opened (EFSA has no value for a girl of 16)
    assert page.get_by_text(
        "A total of 9.8 mg/day is above the US Tolerable Upper Intake Level (UL, IOM) of 9 mg/day for girls aged "
        "14–18 y."
    ).is_visible()
    assert not page.problems


def test_deep_link_on_a_fresh_server_gets_the_app_shell(browser):
    """Without the shell guard, the first visit to /dose on a new server ran pages/dose.py alone."""
    with streamlit_server() as url:
        context = browser.new_context()
        fresh = context.new_page()
        fresh.goto(url + "/dose?age=40")
        wait_for_run(fresh)
        nav = fresh.get_by_test_id("stSidebarNav")
        expect(nav.get_by_text("Dose and risk")).to_be_visible()  # the shell's rerun may still be drawing it
        expect(nav.get_by_text("Risk table")).to_be_visible()
        assert fresh.get_by_test_id("stException").count() == 0
        expect(fresh.get_by_test_id("stSidebar").get_by_text("Dataset version")).to_be_visible()
        context.close()
