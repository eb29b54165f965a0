"""`make screenshots`: PNGs of every page, desktop and phone width, light and dark, into screenshots/.

`python tools/screenshots.py dose risks` takes only the views whose names start with those words."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.harness import ROOT, chromium_browser, find_chromium, streamlit_server, wait_for_run

PAGES = {
    "risks": "/",
    "risks_filtered": "/?risk=neurotoxicity&risk=iron_interaction",
    "mechanism": "/mechanism",
    "mechanism_iron": "/mechanism?risk=iron_interaction",
    "mechanism_guide": "/mechanism?view=guide",
    "dose": "/dose?age=16&sex=female&authority=both&supp=8&water=150&litres=1.5&ferritin=40",
    "dose_woman_45": "/dose?age=45&sex=female&supp=10",
    "dose_supplement_both": "/dose?age=40&sex=female&food=2&supp=5&authority=both",
    "dose_infant_supplement": "/dose?age=0.7&sex=male&food=0.3&supp=2&authority=EFSA",
    "evidence": "/evidence",
    "evidence_filtered": "/evidence?verdict=incorrect&verdict=unsupported",
    "evidence_tampered": "/evidence?verdict=bogus",
    "sources": "/sources",
    "glossary": "/glossary",
}
# Views that need a click after loading: name -> (path, text of the element to click).
EXPANDED = {
    "risks_details": ("/?risk=iron_interaction", "The guide's claims (C7)"),
    "evidence_details": ("/evidence?verdict=incorrect", "Sources of C3"),
    "sources_dictionary": ("/sources", "claims.csv · Claims of the guide"),
    "dose_chart_data": ("/dose?age=45&sex=female&supp=10", "Manganese: risk by daily intake (chart and data table)"),
    "sources_reference_list": ("/sources", "Reference list"),
    "risks_sources": ("/", "Every source these risks cite ("),
    "evidence_profile_details": ("/evidence?verdict=incorrect", "Each source behind the profile"),
}
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
THEMES = ("light", "dark")
# Streamlit scrolls its main section, not the page, so Playwright's full_page sees only one screen: grow the
# viewport to the main section's height for the shot instead.
MAIN_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
# True once the main section keeps its height for a quarter of a second (an expander has finished opening).
HEIGHT_SETTLED = """() => new Promise(resolve => {
    const main = document.querySelector('[data-testid="stMain"]');
    const before = main.scrollHeight;
    setTimeout(() => resolve(main.scrollHeight === before), 250);
})"""


def shoot(page, viewport: dict, target: Path) -> None:
    page.wait_for_function(HEIGHT_SETTLED)
    height = max(viewport["height"], page.evaluate(MAIN_HEIGHT))
    page.set_viewport_size({"width": viewport["width"], "height": height})
    wait_for_run(page)
    page.screenshot(path=str(target), full_page=True)
    page.set_viewport_size(viewport)


def wait_for_diagrams(page) -> None:
    """Graphviz diagrams are laid out in the browser after the script run: wait for each one's SVG."""
    diagrams = page.get_by_test_id("stGraphVizChart")
    for index in range(diagrams.count()):
        diagrams.nth(index).locator("svg").first.wait_for(state="attached")  # one layout of two is hidden


def main(wanted: list[str]) -> int:
    chromium = find_chromium()
    if not chromium:
        print("No Chromium found: install Debian's chromium package.", file=sys.stderr)
        return 1
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with streamlit_server() as base_url, chromium_browser(chromium) as browser:
        for theme in THEMES:
            for viewport_name, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=theme)
                page = context.new_page()
                for name, path in _only(PAGES, wanted).items():
                    page.goto(base_url + path)
                    wait_for_run(page)
                    wait_for_diagrams(page)
                    target = out / f"{name}-{viewport_name}-{theme}.png"
                    shoot(page, viewport, target)
                    print(target.relative_to(ROOT))
                for name, (path, click_text) in _only(EXPANDED, wanted).items():
                    page.goto(base_url + path)
                    wait_for_run(page)
                    page.get_by_text(click_text).first.click()
                    wait_for_run(page)  # most expanders draw their content only once opened (a rerun)
                    for chart in page.get_by_test_id("stPlotlyChart").all():  # a chart draws after the run
                        chart.locator(".main-svg").first.wait_for()
                    target = out / f"{name}-{viewport_name}-{theme}.png"
                    shoot(page, viewport, target)
                    print(target.relative_to(ROOT))
                context.close()
    return 0


def _only(views: dict, wanted: list[str]) -> dict:
    return {name: view for name, view in views.items() if not wanted or name.startswith(tuple(wanted))}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
