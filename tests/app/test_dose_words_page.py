"""The dose page's answer agrees with the numbers it shows (issue 23, point 8), on the reported links."""

import pytest

from tests.app.conftest import answer_sentences, open_page


def _answer(at) -> str:
    return "\n".join(answer_sentences(at))


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (
            {"age": "16", "sex": "male"},
            "A total of 2.17 mg/day is below the US Adequate Intake (AI, IOM) of 2.2 mg/day",
        ),
        (
            {"supp": "9.21"},
            "A total of 11.01 mg/day is above the US Tolerable Upper Intake Level (UL, IOM) of 11 mg/day",
        ),
        ({"age": "18.96", "sex": "male"}, "for men aged 19+ y"),
    ],
)
def test_answer_follows_from_the_numbers_shown(query, words):
    at = open_page("pages/dose.py", query)
    assert words in _answer(at)
