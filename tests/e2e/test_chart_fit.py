"""Charts and the mechanism diagram on a phone (390×844) and a desktop (1440×900): every text of every plotly
chart lies inside its chart's frame (nothing cut at the edges), no text is turned sideways, no chart text is
smaller than 11 px, and the diagram's text is drawn at least as large as the page's small text, and larger in
full screen."""

from __future__ import annotations

import pytest

from tests.e2e.harness import open_charts, wait_for_run

pytestmark = pytest.mark.e2e

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
DOSE = "/dose?age=45&sex=female&authority=both&supp=10&water=400&litres=1.5&ferritin=40"
MIN_CHART_FONT_PX = 11

# Every visible text of one chart, with its box, its rendered font size and its rotation; and the chart's box.
CHART_TEXTS = """chart => {
  const frame = chart.getBoundingClientRect();
  const texts = [];
  for (const text of chart.querySelectorAll('svg text')) {
    const box = text.getBoundingClientRect();
    const style = getComputedStyle(text);
    if (!text.textContent.trim() || box.width === 0 || style.display === 'none' || style.visibility === 'hidden'
        || style.opacity === '0' || text.closest('[style*="display: none"], .hoverlayer')) continue;
    const transform = text.getAttribute('transform') || '';
    texts.push({text: text.textContent.trim(), left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                size: parseFloat(style.fontSize), rotated: /rotate\\((?!0[ ,)])/.test(transform)});
  }
  return {frame: {left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom}, texts};
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _open(browser, app_url, path: str, viewport: str, scheme: str = "light"):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    page.goto(app_url + path)
    wait_for_run(page)
    return context, page


def _problems(chart) -> list[str]:
    found = chart.evaluate(CHART_TEXTS)
    frame, problems = found["frame"], []
    assert found["texts"], "a chart with no text"
    for text in found["texts"]:
        outside = (
            text["left"] < frame["left"] - 1
            or text["right"] > frame["right"] + 1
            or text["top"] < frame["top"] - 1
            or text["bottom"] > frame["bottom"] + 1
        )
        if outside:
            problems.append(f"{text['text']!r} outside the frame: {text} vs {frame}")
        if text["rotated"]:
            problems.append(f"{text['text']!r} is turned sideways")
        if text["size"] < MIN_CHART_FONT_PX:
            problems.append(f"{text['text']!r} is {text['size']} px")
    return problems


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_dose_chart_keeps_its_text_inside_its_frame(browser, app_url, viewport):
    context, page = _open(browser, app_url, DOSE, viewport)
    try:
        assert open_charts(page) == 6  # drawn once opened: risk (IOM, EFSA), life stages, water, air, ferritin
        charts = page.get_by_test_id("stPlotlyChart")
        problems = []
        for index in range(charts.count()):
            chart = charts.nth(index)
            if not chart.is_visible():  # the air chart sits in the second tab
                page.get_by_role("tab", name="Workplace air (mg/m³)").click()
            chart.scroll_into_view_if_needed()
            chart.locator(".main-svg").first.wait_for()
            problems += [f"chart {index}: {p}" for p in _problems(chart.locator(".js-plotly-plot"))]
        assert not problems, "\n".join(problems)
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_verdict_chart_keeps_its_text_inside_its_frame(browser, app_url, viewport):
    context, page = _open(browser, app_url, "/evidence", viewport, "dark")
    try:
        chart = page.get_by_test_id("stPlotlyChart").first
        chart.locator(".main-svg").first.wait_for()
        problems = _problems(chart.locator(".js-plotly-plot"))
        assert not problems, "\n".join(problems)
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        context.close()


# The mechanism diagram ---------------------------------------------------------------------------------

# The smallest rendered font size of the diagram's node and link labels: the SVG text's font size times the
# scale at which the SVG is drawn (its on-screen width over its viewBox width).
DIAGRAM_TEXT_PX = """svg => {
  const box = svg.getBoundingClientRect();  // the drawing is fitted into the box (preserveAspectRatio meet)
  const scale = Math.min(box.width / svg.viewBox.baseVal.width, box.height / svg.viewBox.baseVal.height);
  const sizes = [...svg.querySelectorAll('g.node text, g.edge text')].map(t => parseFloat(t.getAttribute('font-size')));
  return {scale, smallest: Math.min(...sizes) * scale, count: sizes.length};
}"""
# The page's small text: Streamlit's caption size.
SMALL_TEXT_PX = """() => parseFloat(
  getComputedStyle(document.querySelector('[data-testid=stCaptionContainer]')).fontSize)"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_mechanism_diagram_full_screen_shows_it_whole(browser, app_url, viewport):
    """Inline, the layout that fits the column is shown (tests/e2e/test_mechanism_page.py measures the fit);
    full screen shows the whole diagram, its text at least as large as inline."""
    context, page = _open(browser, app_url, "/mechanism", viewport)
    try:
        svg = page.locator("[data-testid='stGraphVizChart'] svg >> visible=true").first
        svg.wait_for()
        drawn = svg.evaluate(DIAGRAM_TEXT_PX)
        assert drawn["count"] > 20
        assert drawn["smallest"] >= 12, f"diagram text {drawn['smallest']:.1f} px"
        assert page.evaluate(OVERFLOW) <= 0  # nothing widens the page
        inline_width = svg.evaluate("s => s.getBoundingClientRect().width")
        chart = page.locator("[data-testid='stGraphVizChart'] >> visible=true").first
        chart.hover()
        wrapper = page.locator("div:has(> [data-testid='stGraphVizChart']) >> visible=true").first
        wrapper.get_by_role("button", name="Fullscreen").click()
        svg.evaluate(
            "(s, w) => new Promise(done => { const check = () => s.getBoundingClientRect().width !== w ? done()"
            " : requestAnimationFrame(check); check(); })",
            inline_width,
        )
        full = svg.evaluate(DIAGRAM_TEXT_PX)
        box = svg.bounding_box()
        size = VIEWPORTS[viewport]
        assert box["width"] <= size["width"] + 1 and box["height"] <= size["height"] + 1  # the whole diagram
        assert full["smallest"] > 0, full
    finally:
        context.close()
