"""A reader's first visit downloads nothing heavy before it is needed (issue 22). Streamlit fetches an element's
code the first time an element of that kind is drawn; the two heaviest are the chart library (plotly.js,
4.7 MB) and the data grid (glide-data-grid with Arrow). They are named here by what they contain, in the
installed Streamlit, and recognised in the browser's requests by file name."""

from pathlib import Path

import pytest
import streamlit
from playwright.sync_api import expect

from tests.e2e.harness import wait_for_run

pytestmark = pytest.mark.e2e

STATIC_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"
# Bundle -> (file name prefix, a string only that bundle contains).
HEAVY = {"chart library": ("PlotlyChart.", b"plotly.js v"), "data grid": ("DataFrame.", b"gdg-")}


def heavy_bundle_names() -> dict[str, str]:
    """{kind: file name} of the installed Streamlit's bundles, checked by content, so that a renamed or split
    bundle fails here instead of letting the tests below pass on names that are never requested."""
    names = {}
    for kind, (prefix, marker) in HEAVY.items():
        files = sorted(STATIC_JS.glob(f"{prefix}*.js"))
        assert len(files) == 1, f"{kind}: expected one {prefix}*.js in {STATIC_JS}, found {files}"
        assert marker in files[0].read_bytes(), f"{files[0].name} no longer holds the {kind}"
        names[kind] = files[0].name
    assert (STATIC_JS / names["chart library"]).stat().st_size > 1_000_000
    return names


@pytest.fixture
def visit(browser):
    """A fresh context (empty cache: a first visit) at phone size; yields (page, names of scripts requested)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url.rsplit("/", 1)[-1]))
    yield page, scripts
    context.close()


def test_risk_page_first_visit_fetches_no_chart_library_and_no_data_grid(visit, app_url):
    names = heavy_bundle_names()
    page, scripts = visit
    page.goto(app_url + "/")
    wait_for_run(page)
    expect(page.get_by_text("4 of 4 risks")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert names["chart library"] not in scripts and names["data grid"] not in scripts
    assert any(name.startswith("index.") for name in scripts)  # the requests were seen at all
    # Opened, the table and the chart load their code: the names above are the ones really requested.
    with page.expect_request(lambda request: request.url.endswith(names["data grid"])):
        page.get_by_text("Every source these risks cite (").click()
    page.get_by_test_id("stDataFrame").wait_for()
    with page.expect_request(lambda request: request.url.endswith(names["chart library"])):
        page.get_by_text("Chart of the profile, its data and each source").click()
    page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()


def test_dose_answer_card_is_shown_while_the_chart_library_is_still_loading(visit, app_url):
    """The chart library's download is held back: the answer card must be drawn without it."""
    names = heavy_bundle_names()
    page, _ = visit
    held = []
    page.route(f"**/{names['chart library']}", lambda route: held.append(route))
    with page.expect_request(lambda request: request.url.endswith(names["chart library"]), timeout=60_000):
        page.goto(app_url + "/dose?age=45&sex=female&supp=10")
        answer = page.locator(".st-key-dose_answer")
        expect(answer).to_contain_text(
            "above the US Tolerable Upper Intake Level (UL, IOM) of 11 mg/day", timeout=60_000
        )
    for _ in range(200):  # the route handler runs on the next event Playwright dispatches after the request's
        if held:
            break
        page.wait_for_timeout(50)  # polling interval
    assert held, "the charts below asked for the chart library, and it is held back"
    assert page.get_by_test_id("stPlotlyChart").locator(".main-svg").count() == 0  # no chart drawn yet
    for route in held:
        route.continue_()
    wait_for_run(page)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(5)
    page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()
