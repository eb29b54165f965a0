"""Reading, round three, in a real browser at 1440x900 and 390x844, light and dark: the risk page's short answer
in the first screen; title and intro in the top third of every page, each with its own tab title; claims and
reasons read whole on the claim audit; source lists as lists on a phone; the glossary in the same tab without a
reload; saved chart images with title, sources and licence; chart data without axis positions."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from tests.conftest import DATA_DIR
from tests.e2e.harness import CHART_EXPANDER, open_charts, wait_for_run
from ui.chrome import APP_TITLE
from ui.navigation import PAGES

pytestmark = pytest.mark.e2e

VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]
PATHS = {page.title: "/" + page.url_path for page in PAGES}
# Text cut by an ellipsis or hidden overflow is wider inside than outside (as in test_reading.py).
CUT_TEXT = """(root) => [...root.querySelectorAll('p, span, li, h1, h2, h3')]
    .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1
                  && getComputedStyle(el).overflow !== 'visible')
    .map(el => el.innerText.slice(0, 60))"""
# Where the page's title and intro end, from the top of the window (the intro holds the disclaimer).
HEADER_BOTTOM = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const h1 = main.querySelector('h1');
  const intro = [...main.querySelectorAll('[data-testid=stMarkdownContainer]')]
      .find(e => e.innerText.includes('Educational, not medical advice'));
  return {h1: h1.getBoundingClientRect().top, intro: intro.getBoundingClientRect().bottom};
}"""
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


def open_page(browser, app_url: str, path: str, viewport: str, scheme: str = "light"):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, accept_downloads=True)
    page = context.new_page()
    page.goto(app_url + path)
    wait_for_run(page)
    return context, page


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_risk_page_answers_first_in_the_upper_part_of_the_first_screen(browser, app_url, viewport, scheme):
    context, page = open_page(browser, app_url, "/", viewport, scheme)
    height = VIEWPORTS[viewport]["height"]
    answer = page.locator(".st-key-bottom_line")
    box = answer.bounding_box()
    assert box["y"] < height / 2 and box["y"] + box["height"] <= height, box
    text = squash(answer.inner_text())
    rows = pd.read_csv(DATA_DIR / "bottom_line.csv").sort_values("line")
    for statement, claim_id in zip(rows["statement"], rows["claim_id"], strict=True):
        assert f"{statement.rstrip('.')} ({claim_id})." in text
    for words in ("No trial has tested manganese", "ferritin and transferrin saturation", "uses iron, not manganese"):
        assert words in text
    # Links in the body: each claim on the claim audit, the dose page, the claim audit.
    hrefs = answer.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert list(dict.fromkeys(h for h in hrefs if "q=" in h)) == [f"evidence?q={c}" for c in rows["claim_id"]]
    assert "dose" in hrefs and "evidence" in hrefs
    # The risk cards' verdicts say what the sources back.
    card = squash(page.locator(".st-key-risk_card_neurotoxicity").inner_text())
    assert "Verdict: Partly supported — excess manganese harms the brain, but no study shows" in card
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_has_its_tab_title_and_title_and_intro_in_the_top_third(browser, app_url, viewport, scheme):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    limit = VIEWPORTS[viewport]["height"] / 3
    titles = set()
    for title, path in PATHS.items():
        page.goto(app_url + path)
        wait_for_run(page)
        assert page.title() == f"{title} · {APP_TITLE}"
        titles.add(page.title())
        header = page.evaluate(HEADER_BOTTOM)
        assert header["intro"] <= limit, (path, header, limit)
    assert len(titles) == len(PATHS)
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_claim_audit_shows_each_claim_and_reason_whole_findable_with_one_tab_stop_per_card(
    browser, app_url, dataset, viewport
):
    context, page = open_page(browser, app_url, "/evidence", viewport)
    width = VIEWPORTS[viewport]["width"]
    for claim in dataset.claims.itertuples():
        card = page.locator(f".st-key-claim_card_{claim.claim_id}")
        text = squash(card.inner_text())
        assert squash(claim.claim) in text and squash(claim.assessment) in text, claim.claim_id
        assert f"— {claim.verdict_summary}." in text
        assert card.evaluate(CUT_TEXT) == []
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        # The only thing in a card a keyboard stops at is its sources expander.
        assert card.locator(FOCUSABLE).count() == 1, claim.claim_id
    # The browser's find reaches the reasons (a canvas table cell it could not).
    for claim in dataset.claims.itertuples():
        words = claim.assessment.split(". ")[-1][:50]
        page.evaluate("() => window.getSelection().removeAllRanges()")
        assert page.evaluate("(words) => window.find(words)", words), (claim.claim_id, words)
    assert page.get_by_test_id("stDataFrame").filter(has_text="Why").count() == 0
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_mechanism_links_read_whole_as_a_list_with_no_tab_stop(browser, app_url, dataset, viewport):
    """The diagram's text alternative: one list item per arrow, each summary whole inside the screen's width, found
    by the browser's find, and nothing in the list a keyboard stops at (the data grid it replaces cost several)."""
    context, page = open_page(browser, app_url, "/mechanism", viewport)
    width = VIEWPORTS[viewport]["width"]
    listed = (
        page.locator("[data-testid=stMarkdownContainer]")
        .filter(has_text="Sources: ")
        .filter(has=page.locator("ul > li"))
    )
    items = listed.locator("li")
    assert items.count() == len(dataset.mechanism_edges)
    for index, edge in enumerate(dataset.mechanism_edges.itertuples()):
        item = items.nth(index)
        assert f"{edge.verdict_summary}. Sources: " in squash(item.inner_text()), edge.edge_id
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, edge.edge_id
    assert listed.evaluate(CUT_TEXT) == [] and listed.locator(FOCUSABLE).count() == 0
    words = dataset.mechanism_edges["verdict_summary"].iloc[-1][:50]
    assert page.evaluate("(words) => window.find(words)", words)
    assert page.get_by_test_id("stDataFrame").count() == 0
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_sources_page_lists_the_sources_as_a_list_on_a_phone(browser, app_url, dataset, scheme):
    context, page = open_page(browser, app_url, "/sources", "phone", scheme)
    listed = page.locator("[data-testid=stTabs]").filter(has_text="Reference list").locator("[role=tabpanel]:visible")
    items = listed.locator("ol > li")
    assert items.count() == len(dataset.sources)
    assert items.first.is_visible() and items.first.evaluate(CUT_TEXT) == []
    box = items.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS["phone"]["width"]
    assert not page.get_by_test_id("stDataFrame").filter(has_text="Verification").first.is_visible()
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_glossary_link_opens_in_the_same_tab_without_reloading_the_app(browser, app_url, viewport):
    context, page = open_page(browser, app_url, "/dose", viewport)
    page.evaluate("() => { window.loadMarker = 'still here'; }")
    page.get_by_role("link", name="Glossary of terms and abbreviations").first.click()
    page.wait_for_url(re.compile(r"/glossary$"))
    wait_for_run(page)
    assert len(context.pages) == 1
    assert page.evaluate("() => window.loadMarker") == "still here", "the app was reloaded"
    assert page.locator("[data-testid=stMain] h1").inner_text() == "Glossary"
    first_term = page.get_by_text("RLS (Restless Legs Syndrome)", exact=False).first
    assert first_term.is_visible()
    assert first_term.bounding_box()["y"] < VIEWPORTS[viewport]["height"]
    assert page.title() == f"Glossary · {APP_TITLE}"
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_saved_chart_images_carry_title_sources_and_licence(browser, app_url, scheme, tmp_path):
    context, page = open_page(browser, app_url, "/dose?age=45&sex=female&supp=10", "desktop", scheme)
    assert open_charts(page) == 5  # each drawn only once its expander is opened
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 4
    for index in range(charts.count()):
        # The image the toolbar saves is drawn from this layout: its title and subtitle are in the PNG.
        title = charts.nth(index).evaluate(
            "gd => ({text: gd._fullLayout.title.text, sub: gd._fullLayout.title.subtitle.text,"
            " drawn: [...gd.querySelectorAll('.gtitle, .gtitle-subtitle')].map(t => t.textContent).join(' | ')})"
        )
        text, credit = (re.sub(r"<[^>]+>", " ", title[part]) for part in ("text", "sub"))
        assert text.strip() and ("Sources:" in credit or "Source:" in credit), title
        assert "CC BY 4.0" in credit and APP_TITLE in squash(credit), title
        # A two-line title is drawn as two text spans, with no space between them in textContent.
        assert squash(text).split(" · ")[0].replace(" ", "") in title["drawn"].replace(" ", "")
        assert "CC BY 4.0" in title["drawn"]
    first = charts.first
    first.hover()
    with page.expect_download() as download:
        first.get_by_role("button", name="Download plot as a PNG").click()
    assert download.value.suggested_filename == "manganese_risk_by_intake_IOM.png"
    png = tmp_path / "chart.png"
    download.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    context.close()


def test_risk_chart_data_csv_holds_no_axis_positions(browser, app_url, tmp_path):
    context, page = open_page(browser, app_url, "/dose?age=45&sex=female&supp=10", "desktop")
    page.locator("[data-testid='stExpander'] summary").filter(has_text=CHART_EXPANDER).first.click()
    wait_for_run(page)
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").first
    button.wait_for()
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "manganese_risk_by_intake_IOM.csv"
    path = tmp_path / "bands.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    bounds = {row["from_mg"] for row in rows} | {row["to_mg"] for row in rows}
    assert bounds == {"", "1.8", "11.0"}, bounds  # the AI and UL for women 19+ (IOM); open ends empty
    context.close()
