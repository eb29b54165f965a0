"""AppTest on the dose page: populations, authorities, URL state, and every invalid input."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_dose(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/dose.py").run()
    assert not at.exception
    return at


def sentences(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(("**A total", "**This dataset"))]


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def test_default_view():
    at = open_dose()
    assert sentences(at) == [
        "**A total of 1.8 mg/day is between the IOM Adequate Intake of 1.8 mg/day and the IOM UL of 11 mg/day "
        "for women aged 19+ y.**"
    ]
    assert len(charts(at)) == 5  # risk, life stages, water, air, ferritin
    assert [m.value for m in at.metric] == ["1.80", "0.00", "0.00", "1.80"]
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
    assert not at.error and not at.warning
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Download CSV"}


def test_a_child():
    at = open_dose({"age": "6", "sex": "male", "supp": "2"})
    assert sentences(at)[0].startswith(
        "**A total of 3.5 mg/day is above the IOM UL of 3 mg/day for children aged 4–8 y"
    )


def test_a_pregnant_teenager():
    at = open_dose({"age": "16", "stage": "pregnant", "supp": "1"})
    assert "pregnant girls aged 14–18 y" in sentences(at)[0]
    assert "Adequate Intake of 2 mg/day (confirmed only in a secondary source)" in sentences(at)[0]


def test_a_man_over_70():
    at = open_dose({"age": "75", "sex": "male", "supp": "10"})
    assert "above the IOM UL of 11 mg/day" in sentences(at)[0]
    assert "men aged 19+ y" in sentences(at)[0]


def test_authority_switch_and_url():
    at = open_dose({"age": "16"})
    at.selectbox(key="authority").set_value("both").run()
    assert not at.exception
    assert len(sentences(at)) == 2
    assert "no confirmed EFSA value for girls aged 15–17 y" in sentences(at)[1]
    assert at.query_params["authority"] == "both"
    at.number_input(key="supp").set_value(8.0).run()
    assert at.query_params["supp"] == "8"


@pytest.mark.parametrize(
    ("query", "ignored_key"),
    [
        ({"age": "abc"}, "age"),
        ({"supp": "nan"}, "supp"),
        ({"water": "inf"}, "water"),
        ({"sex": "<script>alert(1)</script>"}, "sex"),
        ({"authority": "FDA"}, "authority"),
        ({"stage": ""}, "stage"),
    ],
)
def test_tampered_url_falls_back_and_says_so(query, ignored_key):
    at = open_dose(query)
    assert any(ignored_key in w.value for w in at.warning)
    assert sentences(at), "the page still shows a valid state"
    assert all("<script>" not in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("age", -2.0, "from 0 to 120"),
        ("age", 500.0, "from 0 to 120"),
        ("food", -1.0, "from 0 to 100"),
        ("supp", 5000.0, "from 0 to 1,000"),
        ("water", -5.0, "from 0 to 100,000"),
        ("litres", 50.0, "from 0 to 20"),
        ("ferritin", -3.0, "from 0 to 5,000"),
    ],
)
def test_invalid_numbers_show_message_and_keep_last_valid_charts(key, value, message):
    at = open_dose({"supp": "3"})
    before = sentences(at)
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert any("last valid inputs" in w.value for w in at.warning)
    assert sentences(at) == before


def test_life_stage_that_does_not_fit():
    at = open_dose()
    at.selectbox(key="sex").set_value("male").run()
    at.selectbox(key="stage").set_value("pregnant").run()
    assert not at.exception
    assert any("females aged 14 to 50" in e.value for e in at.error)
    assert "men aged 19+ y" in sentences(at)[0]  # last valid state: a man, not pregnant


def test_out_of_range_url_number_shows_message_next_to_input():
    at = open_dose({"age": "500"})
    assert at.number_input(key="age").value == 500
    assert any("from 0 to 120" in e.value for e in at.error)
    assert "women aged 19+ y" in sentences(at)[0]  # defaults until a valid age is given


@pytest.mark.parametrize(("salt_mg", "shown"), [(100.0, "holds **32.51 mg** of manganese"), (-5.0, None), (1e6, None)])
def test_salt_converter(salt_mg, shown):
    at = open_dose()
    at.number_input(key="salt_mg").set_value(salt_mg).run()
    assert not at.exception
    if shown:
        assert any(shown in m.value for m in at.markdown)
    else:
        assert any("between 0 and 10,000 mg" in e.value for e in at.error)
