"""What a chart carries when saved from its toolbar: the image is drawn from the figure itself, so the figure gets
a title and, under it, a credit line naming its sources, the dataset and the data licence. The chart-data tables
drop values that are only drawing positions (the open ends of the outer intake bands are the axis' ends)."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

CREDIT_FONT_SIZE = 12  # the smallest chart text allowed (analysis.dose_charts.TICK_FONT_SIZE)
CREDIT_LINE_CHARS = 50  # about 320 px at 12 px: fits a phone's chart width, inside its expander
MAX_SOURCES_NAMED = 2  # the rest are counted; the chart's source list names them all
TITLE_ROOM_PX = 30  # a title row, when the figure had none
CREDIT_LINE_PX = 16
LEGEND_ROW_PX = 22
OPEN_LOWER = ("below_ai",)
OPEN_UPPER = ("above_upper", "above_ai_no_upper")


def chart_credit(source_labels: list[str], *, dataset_title: str, version: str, licence: str) -> str:
    """'Sources: A, B and 2 more. <dataset> <version>, data licence <licence>.' wrapped for a narrow chart,
    lines joined by <br> (plotly's line break)."""
    labels = list(dict.fromkeys(source_labels))
    named = ", ".join(labels[:MAX_SOURCES_NAMED])
    more = len(labels) - MAX_SOURCES_NAMED
    sources = (
        f"Source{'s' if len(labels) > 1 else ''}: {named}{f' and {more} more' if more > 0 else ''}."
        if labels
        else "Source: the dataset's tables."
    )
    text = f"{sources} {dataset_title} {version}, data licence {licence}."
    return "<br>".join(textwrap.wrap(text, CREDIT_LINE_CHARS, break_on_hyphens=False))


def labelled_for_export(figure: go.Figure, *, title: str, credit: str) -> go.Figure:
    """A copy of `figure` with `title` (before the figure's own title, if any) and `credit` as its subtitle, the
    top margin and the height grown by the room they take, so the plot keeps its size. The cached figure is never
    changed."""
    labelled = go.Figure(figure)
    own = labelled.layout.title.text
    lines = credit.count("<br>") + 1
    colour = labelled.layout.title.font.color or labelled.layout.font.color
    # The figure's own title moves to a second line under the export title (one line is too wide for a phone).
    added = TITLE_ROOM_PX + CREDIT_LINE_PX * lines + 6
    legend = labelled.layout.legend
    if legend.yanchor == "bottom" and (legend.y or 0) >= 1:
        # A legend above the plot fills the top margin as plotly grows it: keep room for one row per entry (a
        # phone's narrow chart puts each on its own row) under the title, so the two never overlap.
        added += LEGEND_ROW_PX * sum(1 for trace in labelled.data if trace.showlegend is not False and trace.name)
    top = (labelled.layout.margin.t or 0) + added
    labelled.update_layout(
        margin={"t": top},
        height=labelled.layout.height + added if labelled.layout.height else None,
        title={
            "text": f"{title}<br>{own}" if own else title,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            # plotly anchors a two-line title's top at its first baseline: one line more of padding keeps it inside.
            "pad": {"t": 4 + (TITLE_ROOM_PX // 2 if own else 0), "l": 8},
            "subtitle": {"text": credit, "font": {"size": CREDIT_FONT_SIZE, "color": colour}},
        },
    )
    return labelled


def risk_bands_data(bands: pd.DataFrame) -> pd.DataFrame:
    """The risk-by-intake bands as data: the lowest band has no lower bound and the highest no upper bound (the
    figure draws them to the axis' ends, which are not values of the dataset)."""
    data = bands.copy()
    data["from_mg"] = data["from_mg"].where(~data["intake_category"].isin(OPEN_LOWER))
    data["to_mg"] = data["to_mg"].where(~data["intake_category"].isin(OPEN_UPPER))
    return data
