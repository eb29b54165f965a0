"""The mechanism page in Chromium: the Graphviz diagram renders from a shared link, follows a dark system
theme, and "Download CSV" gives exactly the links of the table."""

import pytest

from analysis import mechanism_edges_download, on_pathway, to_csv_bytes
from analysis.mechanism import PALETTES
from tests.e2e.harness import wait_for_run

pytestmark = pytest.mark.e2e

CHART_SVG = "[data-testid='stGraphVizChart'] svg"


def test_shared_link_renders_the_diagram_and_downloads_the_pathway(page, app_url, dataset, tmp_path):
    page.goto(f"{app_url}/mechanism?risk=iron_interaction")
    wait_for_run(page)
    page.locator(CHART_SVG).first.wait_for()  # the browser lays out the DOT after the script run
    assert page.get_by_test_id("stException").count() == 0
    svg = page.locator(CHART_SVG).first
    assert svg.locator("#edge_low_iron_raises_mn").count() == 1
    assert "C3: is a cofactor of" in svg.text_content()
    assert page.get_by_text("5 of them on the chosen pathway").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "manganese_rls_mechanism_links.csv"
    path = tmp_path / "links.csv"
    download.save_as(path)
    edges = dataset.mechanism_edges
    expected = mechanism_edges_download(
        edges[on_pathway(edges, ["iron_interaction"])].reset_index(drop=True), dataset.mechanism_nodes, dataset.sources
    )
    assert path.read_bytes() == to_csv_bytes(expected)
    assert not page.problems


def test_dark_system_theme_gets_the_dark_diagram(browser, app_url):
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    dark = context.new_page()
    dark.goto(f"{app_url}/mechanism")
    wait_for_run(dark)
    dark.locator(CHART_SVG).first.wait_for()
    background = dark.locator(f"{CHART_SVG} g.graph > polygon").first.get_attribute("fill")
    assert background == PALETTES["dark"].background
    assert dark.get_by_test_id("stException").count() == 0
    context.close()
