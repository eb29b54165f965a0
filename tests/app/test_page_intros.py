"""Every page's intro reads easily: short sentences, a Flesch-Kincaid reading grade of 9 or below (textstat),
measured on the text the page shows under its title."""

import re

import pytest
import textstat

from tests.app.conftest import open_page
from ui.navigation import PAGES

MAX_GRADE = 9
MAX_WORDS_PER_SENTENCE = 25
DISCLAIMER = ":material/info: **Educational, not medical advice.** "


def intro_text(page_file: str) -> str:
    at = open_page(page_file)
    intro = at.main.markdown[0].value
    assert intro.startswith(DISCLAIMER), page_file
    # Plain words as a reader sees them: no Markdown escapes or emphasis.
    return re.sub(r"[\\*]", "", intro.removeprefix(":material/info: "))


@pytest.mark.parametrize("page_file", [page.file for page in PAGES])
def test_page_intro_reads_at_grade_nine_or_below_in_short_sentences(page_file):
    text = intro_text(page_file)
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, (page_file, grade, text)
    longest = max(len(sentence.split()) for sentence in re.split(r"(?<=[.!?])\s+", text))
    assert longest <= MAX_WORDS_PER_SENTENCE, (page_file, longest, text)
