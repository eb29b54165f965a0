"""How many elements each page sends on its first run (issue 22). Every element is one more thing the browser
builds and lays out, on a phone four times slower than a desktop: the counts are pinned so that none is added
without meaning to. After a deliberate change, update the dict with the counts the failure message gives."""

from collections import Counter

import pytest

from tests.app.conftest import open_page

# Blocks (containers, columns, expanders, tabs) and elements, main area and sidebar, on the page's first run
# with no link parameters. Before issue 22 (commit 008b49a): risks 84, evidence 144, mechanism 43, dose 95,
# sources 111. After the perf cuts alone: risks 74, evidence 143, mechanism 42, dose 81, sources 110. Then the
# reading work of issue 21 added the risk page's short answer and its claim links, pills, the style element on
# every page, the glossary link and the two diagram layouts, and turned the claim audit's tables into cards.
# Each risk card then lost its heading row of columns and one of its Markdown blocks (risks 86 -> 70). Then every
# chart went into its own expander, drawn only when opened (dose 84 -> 79: its five charts; evidence 89 -> 88: the
# profile's chart; risks 70 -> 71: the profile's chart and sources expanders no longer nested). The salt converter
# is drawn only when opened (dose 79 -> 72). The sources cited under the claim cards became one Markdown list with
# its heading instead of a heading and a data grid (evidence 88 -> 87).
ELEMENTS_ON_FIRST_RUN = {
    "pages/risks.py": 71,
    "pages/evidence.py": 87,
    "pages/mechanism.py": 48,
    "pages/dose.py": 72,
    "pages/sources.py": 116,
}


def _walk(node, found: list) -> list:
    for child in getattr(node, "children", {}).values():
        found.append(child)
        _walk(child, found)
    return found


def drawn(at) -> list:
    """Every block and element of the run, in page order (main area, then sidebar)."""
    return _walk(at._tree.main, []) + _walk(at._tree.sidebar, [])


def kinds(nodes: list) -> Counter:
    return Counter(getattr(node, "type", type(node).__name__) for node in nodes)


@pytest.fixture(scope="module")
def first_runs() -> dict:
    return {page: open_page(page) for page in ELEMENTS_ON_FIRST_RUN}


def test_element_counts_are_pinned(first_runs):
    counted = {page: len(drawn(at)) for page, at in first_runs.items()}
    assert counted == ELEMENTS_ON_FIRST_RUN, f"element counts changed: {counted}; by kind: " + "; ".join(
        f"{page}: {dict(kinds(drawn(at)).most_common())}" for page, at in first_runs.items()
    )


def test_risk_page_first_run_draws_no_chart_and_no_data_grid(first_runs):
    """The chart library and the data grid are the two largest bundles; the risk page loads them only when the
    reader opens the expander that holds them (tests/e2e/test_first_visit.py checks the browser's requests)."""
    counted = kinds(drawn(first_runs["pages/risks.py"]))
    assert counted["plotly_chart"] == 0 and counted["dataframe"] == 0, counted


def test_dose_first_run_draws_no_chart_and_no_data_grid_and_the_answer_comes_first(first_runs):
    """Every dose chart sits below the answer card, in an expander that draws it only when opened (issue 22);
    the sentences that say what each chart shows are drawn at once."""
    nodes = drawn(first_runs["pages/dose.py"])
    counted = kinds(nodes)
    assert counted["plotly_chart"] == 0 and counted["dataframe"] == 0, counted
    answer = next(i for i, node in enumerate(nodes) if getattr(node.proto, "id", "").endswith("-dose_answer"))
    charts = [i for i, node in enumerate(nodes) if getattr(node, "label", "").endswith("(chart and data table)")]
    assert len(charts) == 5 and answer < charts[0]  # risk, life stages, water, air, ferritin
