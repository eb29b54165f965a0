"""`make screenshots`: PNGs of every page, desktop and phone width, light and dark, into screenshots/."""

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
    "sources": "/sources",
}
# Views that need a click after loading: name -> (path, text of the element to click).
EXPANDED = {"risks_details": ("/?risk=iron_interaction", "Iron interaction · Partly supported")}
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
THEMES = ("light", "dark")


def wait_for_diagrams(page) -> None:
    """Graphviz diagrams are laid out in the browser after the script run: wait for each one's SVG."""
    diagrams = page.get_by_test_id("stGraphVizChart")
    for index in range(diagrams.count()):
        diagrams.nth(index).locator("svg").first.wait_for()


def main() -> int:
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
                for name, path in PAGES.items():
                    page.goto(base_url + path)
                    wait_for_run(page)
                    wait_for_diagrams(page)
                    target = out / f"{name}-{viewport_name}-{theme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                for name, (path, click_text) in EXPANDED.items():
                    page.goto(base_url + path)
                    wait_for_run(page)
                    page.get_by_text(click_text).click()
                    target = out / f"{name}-{viewport_name}-{theme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target.relative_to(ROOT))
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
