"""The one CSV writer behind every download."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

# A spreadsheet may run a cell as a formula when its first character is one of these (OWASP "CSV
# Injection"; CWE-1236). TAB and CR count too, because some applications skip them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Leading characters a spreadsheet may skip before it looks for a trigger.
SKIPPED_BLANKS = " \u00a0"
# Downloads begin with the UTF-8 byte-order mark: Excel, opening a CSV by double-click, otherwise reads it
# as Windows-1252 and shows "Âµg/L" for µg/L. pandas skips the mark by itself; Python's csv module and R
# read it with the "utf-8-sig" / "UTF-8-BOM" encoding.
UTF8_BOM = b"\xef\xbb\xbf"


def neutralise_text(value: str) -> str:
    """Flatten line breaks to spaces; prefix a ' when the cell would start with a formula trigger."""
    flattened = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    starts_formula = value.lstrip(SKIPPED_BLANKS).startswith(FORMULA_TRIGGERS) or flattened.lstrip(
        SKIPPED_BLANKS
    ).startswith(FORMULA_TRIGGERS)
    return "'" + flattened if starts_formula else flattened


def to_csv_bytes(df: pd.DataFrame, verbatim_columns: Iterable[str] = (), *, byte_order_mark: bool = True) -> bytes:
    """UTF-8 CSV with a header row and RFC 4180 quoting (CRLF line ends), after a UTF-8 byte-order mark.

    Text cells are neutralised (see `neutralise_text`); numbers are written unchanged, so -2 stays -2.
    `verbatim_columns` are number columns held as text (e.g. read from a CSV as text): written unchanged.
    `byte_order_mark=False` for the data package's own files, declared plain "utf-8" in datapackage.json.
    """
    safe = df.copy()
    verbatim = set(verbatim_columns)
    for column in safe.columns:
        if column in verbatim:
            continue
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: neutralise_text(v) if isinstance(v, str) else v)
    safe.columns = [neutralise_text(str(c)) for c in safe.columns]
    content = safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")
    return UTF8_BOM + content if byte_order_mark else content
