"""escape_markdown keeps data and URL text literal in Markdown elements."""

import pytest

from ui.text import escape_markdown, links_markdown


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


def test_links_markdown_has_one_line_per_link_with_its_verdict_summary_and_sources(dataset):
    from analysis import mechanism_edges_view

    view = mechanism_edges_view(dataset.mechanism_edges, dataset.mechanism_nodes, dataset.sources)
    lines = links_markdown(view).splitlines()
    assert len(lines) == len(dataset.mechanism_edges)
    for line, (_, link) in zip(lines, view.iterrows(), strict=True):
        assert line.startswith("- **")
        assert escape_markdown(link["What the sources back"]) in line
        assert f"**{link['Verdict']}**" in line
        assert all(escape_markdown(source) in line for source in link["Sources"])


def test_links_markdown_keeps_data_text_literal():
    import pandas as pd

    view = pd.DataFrame(
        [
            {
                "From": "[x](javascript:1)", "Relation": "raises", "To": "<b>y</b>", "Verdict": "Incorrect",
                "What the sources back": "*none*", "Who says it": "Evidence", "Sources": ["A_B"],
            }
        ]
    )  # fmt: skip
    line = links_markdown(view)
    assert "\\[x\\]" in line and "\\<b\\>" in line and "\\*none\\*" in line and "A\\_B" in line
