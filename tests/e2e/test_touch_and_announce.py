"""What axe cannot see, measured in Chromium at 1440 x 900 and 390 x 844, light and dark (issue 21, points 4-6):
touch targets of at least 24 x 24 px, one tap to choose one risk type, a phone menu that gets out of the way,
the dose answer near the top on a phone, live regions that survive reruns, chart text of at least 12 px and
4.5:1, focus rings of at least 3:1, and chart detail that is not only on hover."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import expect

from analysis import filter_risks, risk_table_download, to_csv_bytes
from tests.e2e.downloads import open_all_expanders
from tests.e2e.harness import CHART_EXPANDER, open_charts, wait_for_run

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]
DOSE = "/dose?age=45&sex=female&supp=10"
# A phone's own browser: Streamlit closes its sidebar menu after a choice only when the user agent says "mobile".
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)

# Every control a finger can hit, visible and on screen, smaller than 24 x 24 CSS px (WCAG 2.2, 2.5.8). Links
# inside a sentence are exempt (the criterion's "inline" exception), and so is the skip link, which is 1 x 1 px
# until focused.
SMALL_TARGETS = """() => {
  const controls = 'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab],'
    + ' [role=checkbox], [role=switch], [role=radio], [role=option], [tabindex]:not([tabindex="-1"])';
  const small = [];
  for (const el of document.querySelectorAll(controls)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || box.right <= 0) continue;
    if (el.tagName === 'A' && el.closest('p, li') && !el.closest('[data-testid=stPageLink]')) continue;
    if (box.width < 24 || box.height < 24) {
      const owner = el.closest('[data-testid]');
      small.push(`${owner ? owner.dataset.testid : el.tagName} "${(el.getAttribute('aria-label') || el.innerText
        || '').trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

LUMINANCE = """
  const channels = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
    : Math.pow((v + 0.055) / 1.055, 2.4); }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const over = (top, bottom) => { const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const page = channels(getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor);
"""

# Every visible text of every Plotly chart: its size in CSS px and its contrast against what is behind it
# (the bar it sits in for labels inside bars, else the page: the figures' backgrounds are transparent).
CHART_TEXT = (
    "() => {"
    + LUMINANCE
    + r"""
  const found = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (plot.getBoundingClientRect().width === 0) continue;
    for (const text of plot.querySelectorAll('text')) {
      if (!text.textContent.trim() || text.getBoundingClientRect().width === 0) continue;
      const style = getComputedStyle(text);
      let back = page;
      const bar = text.closest('g.point') && text.closest('g.point').querySelector('path');
      if (text.classList.contains('bartext-inside') && bar) {
        // A hatched bar is filled with a <pattern>: its background rectangle is the bar's colour (the stripes
        // over it are checked against the label colour in tests/unit/test_colours.py).
        const url = getComputedStyle(bar).fill.match(/url\("?#([^")]+)"?\)/);
        const shape = url ? document.getElementById(url[1]).querySelector('rect') : bar;
        const fill = getComputedStyle(shape);
        back = over([...channels(fill.fill).slice(0, 3), parseFloat(fill.fillOpacity)], page);
      }
      const ink = channels(style.fill);
      const colour = over([...ink.slice(0, 3), parseFloat(style.fillOpacity) * (ink.length > 3 ? ink[3] : 1)], back);
      found.push({text: text.textContent.trim().slice(0, 30), size: parseFloat(style.fontSize),
                  contrast: ratio(colour, back)});
    }
  }
  return found;
}"""
)

# The focused element's outline: its width and its contrast against the page.
FOCUS_RING = (
    "() => {"
    + LUMINANCE
    + """
  const style = getComputedStyle(document.activeElement);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          contrast: ratio(over(channels(style.outlineColor), page), page)};
}"""
)


def open_page(browser, app_url: str, path: str, viewport: str, scheme: str, **context_options):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, **context_options)
    page = context.new_page()
    page.goto(app_url + path)
    wait_for_run(page)
    return context, page


# Point 5: controls made for fingers ------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["/?risk=neurotoxicity&verdict=partly_supported", DOSE])
def test_every_control_is_at_least_24_px_square(browser, app_url, path, viewport, scheme):
    context, page = open_page(browser, app_url, path, viewport, scheme)
    try:
        open_charts(page)  # each chart is drawn only once its expander is opened (no chart library at first)
        page.locator(".js-plotly-plot .modebar-btn").first.wait_for(state="attached")  # the chart toolbars too
        assert page.evaluate(SMALL_TARGETS) == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_one_tap_chooses_one_risk_type_bound_to_the_url_and_the_download(browser, app_url, dataset, viewport, tmp_path):
    context, page = open_page(browser, app_url, "/", viewport, "light", accept_downloads=True)
    try:
        expect(page.get_by_text("4 of 4 risks")).to_be_visible()
        page.get_by_test_id("stButtonGroup").first.get_by_text("Iron interaction").click()  # the one tap
        page.wait_for_url("**/?risk=iron_interaction")
        wait_for_run(page)
        expect(page.get_by_text("1 of 4 risks")).to_be_visible()
        assert page.locator(".st-key-risk_card_iron_interaction").is_visible()
        for other in ("neurotoxicity", "altered_dopamine_metabolism", "gastrointestinal"):
            assert page.locator(f".st-key-risk_card_{other}").count() == 0
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download CSV").first.click()
        path = tmp_path / "risks.csv"
        download_info.value.save_as(path)
        expected = risk_table_download(filter_risks(dataset.risks, ["iron_interaction"]), dataset.sources)
        assert path.read_bytes() == to_csv_bytes(expected)
        assert pd.read_csv(io.BytesIO(path.read_bytes()))["risk_id"].tolist() == ["iron_interaction"]
    finally:
        context.close()


# Point 4: phone navigation -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("user_agent", ["desktop browser", "phone browser"])
def test_choosing_a_page_on_a_phone_shows_that_page(browser, app_url, scheme, user_agent):
    """Open the menu, tap a page: the menu closes by itself and the page is there (two taps, not three)."""
    options = {"user_agent": PHONE_UA, "is_mobile": True, "has_touch": True} if user_agent == "phone browser" else {}
    context, page = open_page(browser, app_url, "/", "phone", scheme, **options)
    try:
        page.get_by_role("button", name="Expand sidebar").click()
        page.get_by_test_id("stSidebarNav").get_by_text("Dose and risk").click()
        page.wait_for_url("**/dose")
        wait_for_run(page)
        expect(page.get_by_role("button", name="Expand sidebar")).to_be_visible()  # the menu is closed
        sidebar = page.get_by_test_id("stSidebar").bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0
        heading = page.get_by_role("heading", name="Dose and risk")
        expect(heading).to_be_in_viewport()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_dose_answer_starts_within_a_screen_and_a_half_on_a_phone(browser, app_url, scheme):
    context, page = open_page(browser, app_url, DOSE, "phone", scheme)
    try:
        answer = page.locator(".st-key-dose_answer")
        expect(answer).to_contain_text("A total of 11.8 mg/day")
        assert answer.bounding_box()["y"] <= 1.5 * VIEWPORTS["phone"]["height"]
    finally:
        context.close()


# Point 6: beyond axe ------------------------------------------------------------------------------------------------


def _mark_status(page, text: str) -> None:
    status = page.get_by_role("status").filter(has_text=text)
    expect(status).to_have_count(1)
    status.evaluate("el => { el.dataset.e2eMark = 'before'; }")


def _same_status_now_says(page, text: str) -> None:
    """The marked live region is still the same DOM node (a region that is replaced is not announced) and
    now says `text`."""
    expect(page.locator("[role=status][aria-live=polite][data-e2e-mark=before]")).to_contain_text(text)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_risk_count_and_the_dose_answer_are_live_regions_that_survive_reruns(browser, app_url, viewport, scheme):
    context, page = open_page(browser, app_url, "/", viewport, scheme)
    try:
        _mark_status(page, "4 of 4 risks")
        page.get_by_test_id("stButtonGroup").first.get_by_text("Neurotoxicity").click()
        wait_for_run(page)
        _same_status_now_says(page, "1 of 4 risks")

        page.goto(app_url + DOSE)
        wait_for_run(page)
        _mark_status(page, "A total of 11.8 mg/day")
        supplements = page.get_by_role("spinbutton", name="Supplements (mg/day)")
        supplements.fill("1")
        supplements.press("Enter")
        wait_for_run(page)
        _same_status_now_says(page, "A total of 2.8 mg/day")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["/", "/evidence", DOSE])
def test_every_chart_text_is_at_least_12_px_and_4_5_to_1(browser, app_url, path, viewport, scheme):
    context, page = open_page(browser, app_url, path, viewport, scheme)
    try:
        open_charts(page)  # each chart but the claim audit's verdicts is drawn only once its expander is opened
        page.locator(".js-plotly-plot text").first.wait_for(state="attached")
        texts = page.evaluate(CHART_TEXT)
        assert len(texts) > 10
        small = [t for t in texts if t["size"] < 12]
        faint = [t for t in texts if t["contrast"] < 4.5]
        assert not small and not faint, (small[:5], faint[:5])
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_focus_rings_hold_3_to_1_against_the_page(browser, app_url, viewport, scheme):
    """A button, an expander toggle, a pill and a page link, each reached with the keyboard."""
    context, page = open_page(browser, app_url, "/", viewport, scheme)
    try:
        targets = {
            "button": page.get_by_role("button", name="Download CSV").first,
            "expander": page.get_by_test_id("stExpander").first.locator("summary"),
            "pill": page.get_by_test_id("stButtonGroup").first.locator("button:not([aria-label^='Help for'])").first,
            "link": page.get_by_test_id("stMain").get_by_test_id("stPageLink").last.locator("a").first,
        }
        for name, target in targets.items():
            target.focus()
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")  # a keyboard focus, so :focus-visible applies
            assert target.evaluate("el => el === document.activeElement"), name
            ring = page.evaluate(FOCUS_RING)
            assert ring["style"] != "none" and ring["width"] >= 2, (name, ring)
            assert ring["contrast"] >= 3, (name, ring)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_chart_detail_is_in_text_not_only_on_hover(browser, app_url, viewport, scheme, tmp_path):
    """Each chart of the dose and risk pages comes with its data (a table, or a list of rows on a phone); the
    risk-by-intake bands' hover text (level, reason, sources) is in that shown data and its CSV, and the page no
    longer asks the reader to hover."""
    context, page = open_page(browser, app_url, DOSE, viewport, scheme, accept_downloads=True)
    try:
        charts = open_charts(page)
        assert "Hover" not in page.get_by_test_id("stMain").inner_text()
        toggles = page.locator("[data-testid='stExpander'] summary").filter(has_text=CHART_EXPANDER)
        assert toggles.count() == charts == 5
        assert page.get_by_test_id("stTable").count() == charts  # one data table with each chart
        reasons = page.evaluate(
            """() => document.querySelector('.js-plotly-plot').data
                 .flatMap(trace => (trace.customdata || []).map(row => row[1])).filter(Boolean)"""
        )
        assert reasons
        first_data = page.get_by_test_id("stExpander").filter(has_text=CHART_EXPANDER).first
        # The chart's data as the reader sees it: the table on a wide screen, the list of rows on a phone.
        shown = first_data.locator("[class*='st-key-chart_data_']:visible")
        assert shown.count() == 1
        assert all(reason in shown.inner_text() for reason in reasons)
        button = first_data.get_by_role("button", name="Download CSV")
        with page.expect_download() as download_info:
            button.click()
        path = tmp_path / "bands.csv"
        download_info.value.save_as(path)
        table = path.read_text(encoding="utf-8")
        assert all(reason in table for reason in reasons)

        page.goto(app_url + "/")
        wait_for_run(page)
        open_all_expanders(page)
        page.locator(".js-plotly-plot").first.wait_for()  # drawn by the rerun the expander's opening starts
        wait_for_run(page)
        charts = page.locator(".js-plotly-plot").count()
        assert charts >= 1
        assert page.locator("[data-testid='stExpander'] summary").filter(has_text=CHART_EXPANDER).count() == charts
    finally:
        context.close()
