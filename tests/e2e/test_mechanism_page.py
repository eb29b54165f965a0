"""The mechanism page in Chromium: the Graphviz diagram renders from a shared link, follows a dark system
theme, and "Download CSV" gives exactly the links of the list."""

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
    assert "C3: is a" in svg.text_content()
    assert page.get_by_text("5 of them on the chosen pathway").is_visible()
    # The first link of the pathway is chosen: its verdict line says what the sources back, not just the verdict.
    edges = dataset.mechanism_edges
    first = edges[on_pathway(edges, ["iron_interaction"])].iloc[0]
    verdict_line = page.get_by_text(f"— {first['verdict_summary']}.")
    assert verdict_line.count() == 1 and verdict_line.is_visible()
    assert verdict_line.text_content().startswith("Verdict: ")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "manganese_rls_mechanism_links.csv"
    path = tmp_path / "links.csv"
    download.save_as(path)
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
    dark.locator(f".st-key-mechanism_diagram_narrow {CHART_SVG}").wait_for()  # the phone layout
    background = dark.locator(f"{CHART_SVG} g.graph > polygon").first.get_attribute("fill")
    assert background == PALETTES["dark"].background
    assert dark.get_by_test_id("stException").count() == 0
    context.close()


VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
# The diagram on show (the other layout is display:none), its box, its column's, the smallest text in CSS px
# (font size in viewBox units times the scale it is drawn at) and the box of the red "incorrect" arrow.
DIAGRAM_FIT = """() => {
    const shown = [...document.querySelectorAll("[data-testid='stGraphVizChart'] svg")]
        .filter(svg => svg.getBoundingClientRect().width > 0);
    const main = document.querySelector("[data-testid='stMain']");
    return shown.map(svg => {
        const box = svg.getBoundingClientRect();
        const column = svg.closest("[data-testid='stVerticalBlock']").getBoundingClientRect();
        // The drawing is fitted into the box (preserveAspectRatio meet): the smaller of the two scales.
        const scale = Math.min(box.width / svg.viewBox.baseVal.width, box.height / svg.viewBox.baseVal.height);
        const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(t.getAttribute("font-size")) * scale);
        const red = svg.querySelector("#edge_mn_cofactor_th").getBoundingClientRect();
        return {left: box.left, right: box.right, columnLeft: column.left, columnRight: column.right,
                smallestText: Math.min(...sizes), texts: sizes.length, red: [red.left, red.right, red.width],
                sideways: main.scrollWidth - main.clientWidth};
    });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_whole_diagram_fits_its_column_with_readable_text(browser, app_url, viewport, scheme):
    """At 1440 px the wide layout, on a 390 px phone the narrow one: inside the content column, no sideways
    scrolling, no text under 12 px, the red "incorrect" arrow on screen (it was 1,256 px wide in a 980 px column)."""
    size = VIEWPORTS[viewport]
    context = browser.new_context(viewport=size, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/mechanism")
        wait_for_run(page)
        page.wait_for_function(  # the browser lays out the DOT after the run: wait for the layout on show
            f'() => [...document.querySelectorAll("{CHART_SVG}")].filter(s => s.getBoundingClientRect().width > 0'
            " && s.querySelector('#edge_mn_cofactor_th')).length === 1"
        )
        [diagram] = page.evaluate(DIAGRAM_FIT)  # exactly one layout shows
        assert diagram["left"] >= diagram["columnLeft"] - 0.5 and diagram["right"] <= diagram["columnRight"] + 0.5
        assert diagram["right"] <= size["width"] and diagram["sideways"] <= 0
        assert diagram["texts"] >= 30 and diagram["smallestText"] >= 12, diagram
        red_left, red_right, red_width = diagram["red"]
        assert red_width > 0 and red_left >= 0 and red_right <= size["width"]
        layout = "wide" if viewport == "desktop" else "narrow"
        assert page.locator(f".st-key-mechanism_diagram_{layout} {CHART_SVG}").is_visible()
        assert page.get_by_test_id("stException").count() == 0
    finally:
        context.close()
