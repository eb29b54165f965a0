"""escape_markdown keeps data and URL text literal in Markdown elements."""

import pytest

from ui.text import escape_markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain text, 1.5 mg/day.", "plain text, 1.5 mg/day."),
        ("[click](javascript:alert(1))", "\\[click\\](javascript\\:alert(1))"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
        (":red[alarm] $x^2$", "\\:red\\[alarm\\] \\$x^2\\$"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
    ],
)
def test_escape_markdown(text, escaped):
    assert escape_markdown(text) == escaped
