"""The limits on operator-supplied data, in one place. A file over a limit is refused with a message that
names it, before (or while) it is parsed, so one oversized file cannot stall every page view.

The bundled data are far below every limit (the largest file is ~35 KB, the longest table ~60 rows, the
longest cell ~400 characters); the limits leave room for a much larger curated dataset while keeping a
page view fast and a rendered table readable."""

from __future__ import annotations

# Any one data file (each CSV and datapackage.json), checked from its size on disk before it is read.
MAX_FILE_BYTES = 5 * 1024 * 1024
# Data rows per CSV table (the header line not counted).
MAX_ROWS = 20_000
# Tighter row limits for tables every row of which a page draws: sized so that the largest dataset these limits
# admit renders every page within the time budget (docs/performance.md, "Largest admitted dataset"; measured with
# `python -m bench.largest_dataset`). A table not listed here has MAX_ROWS.
TABLE_ROW_LIMITS: dict[str, int] = {
    "sources": 250,
    "claims": 40,
    "claim_sources": 240,
    "risks": 30,
    "risk_by_intake": 150,
    "reference_values": 2_000,
    "mechanism_nodes": 60,
    "mechanism_edges": 120,
    "iron_context": 100,
    "iron_workup": 100,
    "supplement_statements": 100,
    "atomic_weights": 120,
}
# Characters in any one cell: a long paragraph; a 10 MB cell stalls the browser rendering the table.
MAX_CELL_CHARS = 2_000
# Characters of a search box (and of a `?q=` link value): the table pages match at most this much text.
MAX_SEARCH_LENGTH = 100


def table_row_limit(table: str) -> int:
    """The row limit of a table (its file name without .csv)."""
    return TABLE_ROW_LIMITS.get(table, MAX_ROWS)


# datapackage.json, parsed with json.loads only after these are checked (a linear scan): nesting depth of
# brackets (Python's parser recurses per level), characters of one number (int() refuses over 4,300 digits).
MAX_PACKAGE_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32
MAX_JSON_NUMBER_CHARS = 100
