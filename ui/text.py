"""Safe text for Markdown-rendering elements."""

import re

# Inline Markdown that could format, link, embed HTML, colour (:red[...]) or typeset ($...$) text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$:])")
# Characters that only matter at the start of a line (headings, lists, quotes).
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([#+\->])|(\d+)\.)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Show `text` literally in st.markdown / st.error: no links, emphasis, HTML or LaTeX from data or URLs."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", str(text))
    return _LINE_START_SPECIAL.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\."), escaped
    )
