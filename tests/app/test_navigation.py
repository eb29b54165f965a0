"""Each page owns its state: walking between pages at their defaults leaves every page as a fresh load shows it."""

from tests.app.conftest import open_page

RISKS, MECHANISM, DOSE = "pages/risks.py", "pages/mechanism.py", "pages/dose.py"


def page_state(at) -> dict:
    """What a reader sees of a page's state: every widget's value by key, and the counting lines."""
    widgets = {}
    for kind in ("multiselect", "pills", "text_input", "radio", "selectbox", "number_input", "toggle"):
        for widget in at.get(kind):
            if widget.key:
                widgets[widget.key] = widget.value
    counts = [
        m.value
        for m in at.markdown
        if m.value.startswith(("**", '<div role="status"'))
        and (" of " in m.value or "links**" in m.value)
        and not m.value.startswith("**In short:**")  # the risk page's short answer, not a count
    ]
    return {"widgets": widgets, "counts": counts, "query": dict(at.query_params)}


def test_walking_risks_mechanism_risks_dose_risks_keeps_each_page_as_a_fresh_load():
    fresh = {page: page_state(open_page(page)) for page in (RISKS, MECHANISM, DOSE)}
    assert fresh[RISKS]["counts"][0].endswith("<strong>4 of 4 risks</strong></p></div>")
    assert fresh[MECHANISM]["widgets"]["mechanism.risk"] == []

    at = open_page(RISKS)
    for page in (MECHANISM, RISKS, DOSE, RISKS):
        at.switch_page(page).run()
        assert not at.exception
        assert page_state(at) == fresh[page], page


def test_no_widget_key_is_shared_between_pages():
    keys = {page: set(page_state(open_page(page))["widgets"]) for page in (RISKS, MECHANISM, DOSE)}
    assert not keys[RISKS] & keys[MECHANISM]
    assert not keys[RISKS] & keys[DOSE]
    assert not keys[MECHANISM] & keys[DOSE]


def test_rls_is_spelled_out_where_it_first_appears_on_each_page():
    for page in (RISKS, "pages/evidence.py", MECHANISM, DOSE):
        at = open_page(page)
        first = next(m.value for m in at.main.markdown if "RLS" in m.value)
        assert "Restless Legs Syndrome (RLS)" in first.split("RLS")[0] + "RLS)", page
