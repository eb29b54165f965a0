"""One way to show a chart: the sentences that say what it shows (always in view: they carry the answer), then
the figure with its data table and download, drawn only when the reader opens them, and the sources of its
values. Used by the dose page's chart sections and the evidence profiles."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pandas.io.formats.style import Styler

from analysis import DATA_LICENCE, short_label, to_csv_bytes
from analysis.chart_export import chart_credit, labelled_for_export, risk_bands_data

from .chrome import APP_TITLE, lazy_expander, render_source_list
from .data import dataset_or_stop
from .style import DATA_LIST_KEY, DATA_TABLE_KEY
from .text import escape_markdown, rows_markdown

# Only the image download in each chart's toolbar: every extra button is one more Tab stop.
PLOT_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]]}
# A width in pixels is capped at the column's width, and makes Streamlit's table box a keyboard-focusable region
# ("Scrollable table"): one Tab stop to scroll a table wider than a narrow window sideways (WCAG 2.1.1; axe's
# scrollable-region-focusable). With the default width the box scrolls but cannot be reached by keyboard.
TABLE_WIDTH_PX = 2000
SENTENCE_CHARS = 120  # a column with a longer cell holds sentences
NAME_CHARS = 40  # one with a longer cell (up to SENTENCE_CHARS) holds names or lists of them
# The title each chart carries into a saved image, by its key (the risk chart's key ends in the authority).
CHART_TITLES = {
    "risk_chart": "Manganese: risk by daily intake",
    "life_stage_chart": "Manganese reference values by age",
    "water_chart": "Manganese in drinking water: guideline values",
    "air_chart": "Manganese in workplace air: exposure limits",
    "ferritin_chart": "Serum ferritin and iron treatment in RLS",
    "claim_profile": "Evidence profile of the guide's claims",
    "risk_profile": "Evidence profile of the guide's risks",
}


def chart_title(key: str) -> str:
    return next(text for name, text in CHART_TITLES.items() if key.startswith(name))


def chart_label(key: str) -> str:
    """The expander's label: the chart's title, then what opening it shows."""
    return f"{chart_title(key)} (chart and data table)"


def csv_as_shown(csv_bytes: bytes) -> pd.DataFrame:
    """The CSV's own cells, for the table over its download button: the view is the file, cell by cell (numbers
    as written, empty cells empty, formula-neutralised text as neutralised). st.table reads each cell and header
    as Markdown, so each is escaped to show literally."""
    cells = pd.read_csv(io.BytesIO(csv_bytes), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return cells.map(escape_markdown).rename(columns=escape_markdown)


def readable(table: pd.DataFrame) -> Styler:
    """Each row read from its top, and columns of sentences or names wide enough to read: on a phone, the table
    is wider than the screen and scrolls sideways instead of squeezing a sentence into a column of one word a line;
    on a laptop it fits the column."""
    longest = {column: table[column].str.len().max() if len(table) else 0 for column in table.columns}
    sentences = [column for column, chars in longest.items() if chars > SENTENCE_CHARS]
    names = [column for column, chars in longest.items() if NAME_CHARS < chars <= SENTENCE_CHARS]
    # A table given a width in pixels cuts each cell to one line (Streamlit's "truncate"): wrap them instead.
    wrapped = {
        "white-space": "normal",
        "overflow": "visible",
        "text-overflow": "clip",
        "max-width": "32rem",
        "overflow-wrap": "normal",
        "word-break": "normal",
    }
    styled = table.style.set_properties(**{"vertical-align": "top", **wrapped})
    styled = styled.set_properties(subset=sentences, **{"min-width": "16rem"})
    return styled.set_properties(subset=names, **{"min-width": "10rem"})


def render_cells(csv_bytes: bytes, *, key: str) -> None:
    """A CSV's own cells, in the form the reader's screen suits: a static table on a wide screen (one Tab stop at
    most, findable, every cell whole), a list of rows on a phone, where the table would scroll sideways with tall
    rows. Both are drawn; the page's style shows one (ui.style)."""
    cells = csv_as_shown(csv_bytes)
    with st.container(key=f"{DATA_TABLE_KEY}{key}"):
        st.table(readable(cells), hide_index=True, width=TABLE_WIDTH_PX)
    with st.container(key=f"{DATA_LIST_KEY}{key}"):
        st.markdown(rows_markdown(cells))


def render_chart_block(
    figure: go.Figure | Callable[[], go.Figure],
    *,
    key: str,
    texts: list[str],
    data: pd.DataFrame,
    file_name: str,
    source_ids: list[str] | None = None,
    sources: pd.DataFrame | None = None,
    notes: str | None = None,
) -> None:
    """`texts` are Markdown built by analysis (data already escaped by the caller where it is plain text) and are
    always shown. The chart, its data table and its CSV (exactly what the chart draws) are drawn only while their
    expander is open, so a first visit fetches no chart library (issue 22); the table is a static one (at most one
    Tab stop, for scrolling it when it is wider than the screen), not a data grid (issue 21). `notes`, Markdown,
    are drawn with the chart, above it. `figure` may be a function that draws it, called only when opened."""
    for text in texts:
        st.markdown(text)
    with lazy_expander(chart_label(key), key=f"{key}_open") as opened:
        if opened:
            if notes:
                st.markdown(notes)
            _render_chart_and_data(figure, key=key, data=data, file_name=file_name, source_ids=source_ids)
    if source_ids and sources is not None:
        with lazy_expander("Sources of these values", key=f"{key}_sources_open") as opened:
            if opened:
                render_source_list(source_ids, sources)


def _render_chart_and_data(
    figure: go.Figure | Callable[[], go.Figure],
    *,
    key: str,
    data: pd.DataFrame,
    file_name: str,
    source_ids: list[str] | None,
) -> None:
    figure = figure() if callable(figure) else figure
    dataset = dataset_or_stop()
    cited = source_ids or (data["source_id"].tolist() if "source_id" in data.columns else [])
    by_id = dataset.sources.set_index("source_id", drop=False)
    labels = [short_label(by_id.loc[i]) for i in dict.fromkeys(cited) if i in by_id.index]
    title = chart_title(key)
    credit = chart_credit(labels, dataset_title=APP_TITLE, version=dataset.version, licence=DATA_LICENCE)
    config = {**PLOT_CONFIG, "toImageButtonOptions": {"filename": file_name.removesuffix(".csv"), "scale": 2}}
    st.plotly_chart(labelled_for_export(figure, title=title, credit=credit), config=config, key=key)
    if "intake_category" in data.columns and "from_mg" in data.columns:
        data = risk_bands_data(data)  # the outer bands' ends are the axis' ends, not data
    csv_bytes = to_csv_bytes(data)
    st.markdown("**The chart's data**, as in the CSV file below:")
    render_cells(csv_bytes, key=key)
    st.download_button(
        "Download CSV", data=csv_bytes, file_name=file_name, mime="text/csv", on_click="ignore",
        key=f"download_{key}", icon=":material/download:",
    )  # fmt: skip
