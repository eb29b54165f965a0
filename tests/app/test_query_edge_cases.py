"""Odd links: every part the page cannot use is dropped and reported, never silently changed."""

import math

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page


def warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def reported(at: AppTest) -> str:
    return "\n".join(c.value for c in at.code)


def risk_count(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.endswith(" risks</strong></p></div>"))


def test_more_than_1000_parameters_are_reported_not_dropped_silently():
    # Streamlit ignores a query string of more than 1,000 parameters as a whole; the page says so.
    at = open_page(query={"risk": ["iron_interaction"] + [f"x{i}" for i in range(1000)]})
    assert "more than 1,000 parameters" in warnings(at)
    assert at.pills(key="risks.risk").value == []  # nothing of the link was used


def test_a_64_kb_risk_list_gets_a_notice_like_200_values():
    two_hundred = open_page(query={"risk": [f"bogus_{i:05d}" for i in range(200)]})
    assert "200 value(s) of 'risk'" in warnings(two_hundred)
    values = [f"bogus_{i:05d}" for i in range(4000)]
    assert 64_000 <= len("&".join(f"risk={v}" for v in values)) <= 70_000
    at = open_page(query={"risk": values})
    assert warnings(at), "a 64 KB link must not be dropped without a word"


def test_one_64_kb_risk_value_is_reported():
    at = open_page(query={"risk": "x" * 65_536})
    assert "1 value(s) of 'risk'" in warnings(at)
    assert at.pills(key="risks.risk").value == []


def test_empty_risk_parameter_means_the_default_without_a_warning():
    at = open_page(query={"risk": ""})
    assert not at.warning
    assert at.pills(key="risks.risk").value == []


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u200d"])
def test_invisible_characters_in_search_are_stripped_and_reported(hidden):
    plain = open_page(query={"q": "iron"})
    at = open_page(query={"q": f"{hidden}ir{hidden}on{hidden}"})
    assert at.text_input(key="risks.q").value == "iron"
    assert risk_count(at) == risk_count(plain) and "0 of 4 risks" not in risk_count(at)
    assert "'q'" in warnings(at)
    assert f"U+{ord(hidden):04X}" in reported(at)


def test_negative_zero_shows_zero():
    at = open_page("pages/dose.py", {"supp": "-0"})
    value = at.number_input(key="dose.supp").value
    assert value == 0 and math.copysign(1, value) == 1.0
    assert not at.warning


def test_repeated_number_is_reported():
    at = open_page("pages/dose.py", {"age": ["10", "90"]})
    assert "'age'" in warnings(at)
    assert at.number_input(key="dose.age").value in (10.0, 90.0)


def test_repeated_choice_keeps_the_valid_value_and_reports_the_other():
    at = open_page("pages/dose.py", {"authority": ["EFSA", "bogus"]})
    assert at.selectbox(key="dose.authority").value == "EFSA"
    assert "'authority'" in warnings(at) and "'bogus'" in reported(at)


@pytest.mark.parametrize("value", ["١٠", "１０", "1_0", "+10", " 10", "1e1", "0x10", "Infinity"])
def test_only_plain_ascii_decimal_numbers_are_accepted(value):
    at = open_page("pages/dose.py", {"age": value})
    assert at.number_input(key="dose.age").value == 30.0  # the default
    assert "'age'" in warnings(at)


@pytest.mark.parametrize(("value", "expected"), [("10", 10.0), ("-2", -2.0), ("0.5", 0.5), (".5", 0.5)])
def test_plain_decimal_numbers_still_work(value, expected):
    at = open_page("pages/dose.py", {"age": value})
    assert at.number_input(key="dose.age").value == expected
    assert "'age'" not in warnings(at)


@pytest.mark.parametrize(
    ("value", "written"), [(8.0, "8"), (0.25, "0.25"), (1e6, "1000000"), (1e-5, "0.00001"), (-0.0, "0"), (-2.5, "-2.5")]
)
def test_numbers_are_written_to_the_link_as_plain_decimals_that_read_back(value, written):
    """What the page writes into the link, it accepts again (no "1e+06", no "-0")."""
    from ui.query import parse_plain_decimal, plain_decimal

    assert plain_decimal(value) == written
    assert parse_plain_decimal(written) == value
