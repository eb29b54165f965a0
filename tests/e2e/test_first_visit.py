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


def test_risk_page_fetches_no_chart_library_until_a_chart_is_opened_and_never_a_data_grid(visit, app_url):
    names = heavy_bundle_names()
    page, scripts = visit
    page.goto(app_url + "/")
    wait_for_run(page)
    expect(page.get_by_text("4 of 4 risks")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert names["chart library"] not in scripts and names["data grid"] not in scripts
    assert any(name.startswith("index.") for name in scripts)  # the requests were seen at all
    # Opened, the sources cited read as a list: still no data grid.
    page.get_by_text("Every source these risks cite (").click()
    page.get_by_text("Every source these risks cite (").nth(1).wait_for()  # the list's own heading
    wait_for_run(page)
    # Opened, the chart loads its code: the name above is the one really requested.
    with page.expect_request(lambda request: request.url.endswith(names["chart library"])):
        page.get_by_text("Evidence profile of the guide's risks (chart and data table)").click()
    page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert names["data grid"] not in scripts and page.get_by_test_id("stDataFrame").count() == 0
    # The sources page's catalogue is a data grid: the name above is the one really requested for one.
    with page.expect_request(lambda request: request.url.endswith(names["data grid"])):
        page.goto(app_url + "/sources")


def test_dose_first_visit_shows_the_answer_and_fetches_no_chart_library_until_a_chart_is_opened(visit, app_url):
    """The five charts sit below the answer card, each in an expander that draws it only when opened: a first
    visit fetches neither the chart library nor the data grid. Opened, a chart loads the chart library and is
    drawn; its data table is a static one, so the data grid is still not fetched."""
    names = heavy_bundle_names()
    page, scripts = visit
    page.goto(app_url + "/dose?age=45&sex=female&supp=10")
    wait_for_run(page)
    expect(page.locator(".st-key-dose_answer")).to_contain_text(
        "above the US Tolerable Upper Intake Level (UL, IOM) of 11 mg/day"
    )
    page.wait_for_load_state("networkidle")
    assert names["chart library"] not in scripts and names["data grid"] not in scripts
    assert any(name.startswith("index.") for name in scripts)  # the requests were seen at all
    assert page.get_by_test_id("stPlotlyChart").count() == 0
    chart = page.get_by_test_id("stExpander").filter(has_text="Manganese: risk by daily intake (chart and data table)")
    with page.expect_request(lambda request: request.url.endswith(names["chart library"])):
        chart.locator("summary").click()
    chart.get_by_test_id("stPlotlyChart").locator(".main-svg").first.wait_for()
    chart.get_by_test_id("stTable").wait_for(state="attached")  # on a phone the list of rows shows instead
    wait_for_run(page)
    page.wait_for_load_state("networkidle")
    assert names["data grid"] not in scripts


@pytest.mark.parametrize("path", ["/", "/dose?age=45&sex=female&supp=10"])
def test_first_visit_fetches_no_italic_font(visit, app_url, path):
    """The italic face is a font file of its own (about 140 kB compressed, the size of the app's main script): the
    two measured pages set nothing in italics on their first screen run, so a first visit does not fetch it."""
    page, requested = visit
    page.goto(app_url + path)
    wait_for_run(page)
    page.wait_for_load_state("networkidle")
    assert any(name.startswith("SourceSans") for name in requested)  # the regular face: fonts were seen at all
    assert not [name for name in requested if "Italic" in name]


def test_the_first_visit_tracer_reads_long_tasks_and_layout_shifts(browser, app_url):
    """bench/first_visit_trace.py (the quick look between Lighthouse runs) observes a real first visit."""
    from bench.first_visit_trace import trace

    blocking, shift = trace(browser, app_url + "/dose", verbose=False)
    assert blocking >= 0 and 0 <= shift < 1
