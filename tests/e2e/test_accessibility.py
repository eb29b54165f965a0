"""WCAG 2.1 AA with axe-core (bundled by axe-playwright-python) on every page, light and dark, desktop and
phone, over the full page height with every expander opened, so content further down is checked too.

Chart and diagram text that axe cannot judge (SVG text over marks and patterns) is checked on the colours
the figure builders use, in tests/unit/test_colours.py."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.downloads import open_all_expanders
from tests.e2e.harness import wait_for_run

pytestmark = pytest.mark.e2e

# Every page once; the dose page with a supplement entered, which draws everything its default view draws and the
# supplement's own sentences (its default view was a second run of the same elements: 4 of the suite's slowest).
PAGES = ["/", "/evidence", "/mechanism", "/dose?age=45&sex=female&supp=10", "/sources", "/glossary"]
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}, "resultTypes": ["violations"]}
AXE = Axe()

# Scroll every scrollable container (the page and Streamlit's main block) to the bottom in steps so content
# that mounts on scroll is there; the caller then opens every expander (a click each, as their content is drawn
# only once open) and waits for the app to settle.
REVEAL = """async () => {
  const pause = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const scrollers = [document.scrollingElement, ...document.querySelectorAll('[data-testid=stMain], section.main')];
  for (const el of scrollers) {
    if (!el) continue;
    for (let y = 0; y <= el.scrollHeight; y += Math.max(200, window.innerHeight / 2)) {
      el.scrollTop = y;
      await pause();
    }
  }
  for (const el of scrollers) { if (el) el.scrollTop = 0; }
}"""


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more nodes")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_21_aa_violations(browser, app_url, path, scheme, viewport):
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        page.goto(app_url + path)
        wait_for_run(page)
        page.evaluate(REVEAL)
        open_all_expanders(page)
        wait_for_run(page)
        assert page.get_by_test_id("stException").count() == 0
        results = AXE.run(page, options=RULES).response
        assert results["testEngine"]["version"].startswith("4.")
        violations = results["violations"]
        assert not violations, f"{path} ({scheme}, {viewport}):\n{describe(violations)}"
    finally:
        context.close()
