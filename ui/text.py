"""Safe text for Markdown-rendering elements."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """Show `text` literally in st.markdown / st.error: no links, emphasis, HTML or LaTeX from data or URLs."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
