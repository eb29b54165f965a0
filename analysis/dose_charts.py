"""Pure plotly figure builders for the dose page, each with the table of the data it draws.

Colours, fill patterns, line styles and marker shapes come from analysis.colours (one colour language,
colour-blind safe, a light and a dark variant); every coloured mark also carries a text label, a pattern,
a line style or a marker shape, so no meaning rests on colour alone.

Built to fit a 390 px phone as well as a 1440 px desktop (Streamlit cannot tell the server the viewport):
row names sit above their row rather than beside it, values are written into those row labels rather than
next to the marks, legends go below the plot, ticks are few, and no text is turned sideways."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from .citations import short_label
from .colours import (
    GROUP_SYMBOLS,
    PATTERN_OPACITY,
    RISK_LEVEL_PATTERNS,
    VALUE_KIND_DASH,
    VERIFICATION_DASH,
    YOUR_VALUE_SYMBOL,
    authority_colour,
    marker_symbol,
    neutrals,
    pattern_colour,
    rgba,
    risk_level_colour,
)
from .intake import IntakeAssessment, band_text, population_values
from .risk_levels import level_rows
from .schemas import split_ids
from .vocab import AUTHORITY_SHORT, METRIC_LABELS, RISK_LEVEL_LABELS, label

LEVEL_SHORT = {
    "no_known_risk": "No known risk",
    "possible": "Possible",
    "likely": "Likely",
    "not_studied": "Not studied",
    "no_evidence_found": "No evidence",
    "claim_incorrect": "Claim incorrect",
    "not_characterised": "Not characterised",
    "": "Not rated",
}
OPEN_AGE_END = 90  # where bands with no upper age end on the chart
FONT_SIZE = 13
TICK_FONT_SIZE = 12  # the smallest text on a chart: tick labels, legend, annotations
LABEL_WIDTH = 40  # characters per line of a row label; about 300 px at 12 px, so it fits a phone


def _layout_dict(theme: str, **kwargs) -> dict:
    ink = neutrals(theme)
    axis = {
        "automargin": True,
        "tickfont": {"size": TICK_FONT_SIZE, "color": ink.text},
        "title": {"font": {"size": FONT_SIZE, "color": ink.text}},
        "color": ink.text,
        "gridcolor": ink.grid,
        "linecolor": ink.line,
        "tickangle": 0,
    }
    layout = {
        "font": {"family": "sans-serif", "size": FONT_SIZE, "color": ink.text},
        "margin": {"l": 8, "r": 8, "t": 36, "b": 8},
        "legend": {  # below everything, at the figure's bottom edge: never over the axis title
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "x": 0,
            "xanchor": "left",
            "font": {"size": TICK_FONT_SIZE, "color": ink.text},
        },
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        **kwargs,
    }
    for name in ("xaxis", "yaxis"):
        given = kwargs.get(name, {})
        merged = {**axis, **given}
        merged["title"] = (
            {**axis["title"], **given.get("title", {})} if given.get("title") is not None else axis["title"]
        )
        layout[name] = merged
    return layout


def _wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _row_labels(rows: list[str], theme: str, *, yshift: int) -> list[dict]:
    """One annotation per row, left-aligned above the row: the row's name where a y tick label would be."""
    ink = neutrals(theme)
    return [
        {"x": 0, "xref": "paper", "xanchor": "left", "y": row, "yref": "y", "yanchor": "bottom", "yshift": yshift,
         "text": text, "showarrow": False, "align": "left", "font": {"size": TICK_FONT_SIZE, "color": ink.text},
         "bgcolor": ink.background}  # reference lines pass behind the label, not through it
        for row, text in rows
    ]  # fmt: skip


# 1. Risk by intake -------------------------------------------------------------------------------


AXIS_STEPS_PER_DECADE = 10  # the intake axis' ends snap to tenths of a decade


def intake_axis_range(result: IntakeAssessment) -> tuple[float, float]:
    """Log-axis range (mg/day) that shows the AI, the upper value and the user's total with room around (a fifth
    below the lowest, five times the highest), widened to the next tenth of a decade. So the range moves only in
    steps: a total between the AI and the upper value leaves it as it is, and the bands, built per range, are
    built once and reused while only the total's marker is drawn anew."""
    anchors = [v for v in (result.ai_mg, result.ai_high_mg, result.upper_mg, result.intake_mg_per_day) if v and v > 0]
    low = min(anchors) / 5 if anchors else 0.1
    high = max(anchors) * 5 if anchors else 100
    steps = AXIS_STEPS_PER_DECADE
    return 10 ** (math.floor(math.log10(low) * steps) / steps), 10 ** (math.ceil(math.log10(high) * steps) / steps)


def risk_bands_table(
    result: IntakeAssessment,
    risk_by_intake: pd.DataFrame,
    risks: pd.DataFrame,
    sources,
    axis: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Each risk's band from/to (mg/day), category, level, rationale and sources for this population; the outer
    bands end at the axis' ends (`axis`, default intake_axis_range(result))."""
    if result.ai_mg is None:
        return pd.DataFrame(
            columns=["risk_type", "intake_category", "from_mg", "to_mg", "level", "rationale", "sources"]
        )
    low, high = axis or intake_axis_range(result)
    segments = [("below_ai", low, result.ai_mg)]
    if result.upper_mg is None:
        segments.append(("above_ai_no_upper", result.ai_mg, high))
    else:
        segments += [("within_range", result.ai_mg, result.upper_mg), ("above_upper", result.upper_mg, high)]
    rated = {
        category: level_rows(risk_by_intake, category, result.authority, result.manganese_from, result.age_group)
        for category, _, _ in segments
    }
    labels = {s["source_id"]: short_label(s) for _, s in sources.iterrows()}
    no_upper = f"{result.upper_reason}, so no level is given above the AI."
    rows = []
    for risk_id, risk_type in zip(risks["risk_id"], risks["risk_type"], strict=True):
        for category, start, end in segments:
            row = rated[category].get(risk_id)
            rows.append(
                {
                    "risk_type": risk_type,
                    "intake_category": category,
                    "from_mg": start,
                    "to_mg": end,
                    "level": row["level"] if row else "",
                    "rationale": row["rationale"] if row else no_upper,
                    "sources": "; ".join(labels.get(i, i) for i in split_ids(row["source_ids"])) if row else "",
                }
            )
    return pd.DataFrame(rows)


def _vline(x: float, colour: str, *, dash: str = "solid", width: int = 2) -> dict:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": colour, "width": width, "dash": dash}}  # fmt: skip


def _top_label(x: float, text: str, theme: str, *, row: int = 0, xanchor: str = "center") -> dict:
    """A label above the plot at `x`; `row` stacks labels whose positions are close; `xanchor` "left" or
    "right" keeps a long label near an axis end inside the frame."""
    return {"x": x, "y": 1.0, "xref": "x", "yref": "paper", "text": text, "showarrow": False,
            "yanchor": "bottom", "yshift": 2 + 16 * row, "xanchor": xanchor,
            "font": {"size": TICK_FONT_SIZE, "color": neutrals(theme).text}}  # fmt: skip


def _your_value(x: list, y: list, name: str, theme: str, *, size: int) -> go.Scatter:
    """The reader's own value: the theme's ink with a ring of the background, visible on every band and on the page."""
    ink = neutrals(theme)
    return go.Scatter(
        x=x, y=y, mode="markers", name=name, hovertemplate=f"{name}<extra></extra>",
        marker={"symbol": YOUR_VALUE_SYMBOL, "size": size, "color": ink.line,
                "line": {"color": ink.background, "width": 2}},
    )  # fmt: skip


# What the manganese is, in the chart's title (the levels sentence says the same from the same code).
FORM_TITLES = {"food": "food only", "supplement": "with a supplement", "water": "with drinking water",
               "supplement_and_water": "supplement + water"}  # fmt: skip  # short: one line on a phone
RISK_ROW_PX = 64  # one risk: its name above, its bar below


def risk_by_intake_figure(result: IntakeAssessment, bands: pd.DataFrame, theme: str = "light") -> go.Figure:
    """One row per risk (its name above the bar); bands coloured, patterned and labelled by level; lines at
    the AI and the upper value; the reader's total as a diamond on every row."""
    return with_your_total(risk_by_intake_base(result, bands, theme).to_dict(), result, theme)


def with_your_total(base: dict, result: IntakeAssessment, theme: str = "light") -> go.Figure:
    """The figure `base` (risk_by_intake_base, as a dict) with the reader's total as a diamond on every row.

    `base` was validated when it was built; only the marker is new, so the figure is assembled without
    validating again (plotly's `_validate=False`): about 1 ms instead of the 14 ms a full build takes."""
    rows = len({y for trace in base["data"] for y in trace["y"]})  # one bar row per risk
    low = 10.0 ** base["layout"]["xaxis"]["range"][0]
    total = max(result.intake_mg_per_day, low)
    marker = _your_value(
        [math.log10(total)] * rows,
        list(range(rows)),
        f"Your total: {result.intake_mg_per_day:.2f} mg/day",
        theme,
        size=16,
    ).to_plotly_json()
    return go.Figure(data=[*base["data"], marker], layout=base["layout"], _validate=False)


def risk_by_intake_base(
    result: IntakeAssessment, bands: pd.DataFrame, theme: str = "light", axis: tuple[float, float] | None = None
) -> go.Figure:
    """risk_by_intake_figure without the reader's total: it depends on the population and the axis range only.

    Built as one bar trace per level (not one per band) and one layout: figure construction dominates
    the dose page's rerun time."""
    ink = neutrals(theme)
    risk_rows = bands["risk_type"].unique().tolist()
    position = {name: index for index, name in enumerate(risk_rows)}
    traces = []
    for level, part in bands.groupby("level", sort=False):
        short = LEVEL_SHORT.get(level, level)
        long = label(RISK_LEVEL_LABELS, level) if level else "Not rated: no upper value"
        if level:
            swatch = risk_level_colour(level, theme)
            fill, text_colour, outline = swatch.fill, swatch.ink, ink.background
            pattern = {
                "shape": RISK_LEVEL_PATTERNS[level],
                "fgcolor": pattern_colour(theme),
                "fgopacity": PATTERN_OPACITY[theme],
                "fillmode": "overlay",
            }
        else:  # no rated level: an outline only, in the theme's ink
            fill, text_colour, outline, pattern = ink.background, ink.text, ink.line, {"shape": ""}
        start, end = part["from_mg"].map(math.log10), part["to_mg"].map(math.log10)
        ranges = [f"{a:.3g}–{b:.3g} mg/day" for a, b in zip(part["from_mg"], part["to_mg"], strict=True)]
        traces.append(
            go.Bar(
                orientation="h",
                y=part["risk_type"].map(position).tolist(),
                x=(end - start).tolist(),
                base=start.tolist(),
                width=0.5,
                marker={"color": fill, "pattern": pattern, "line": {"width": 1.5, "color": outline}},
                name=short,
                text=[short] * len(part),
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": text_colour, "size": TICK_FONT_SIZE},
                customdata=list(
                    zip(part["risk_type"], part["rationale"], part["sources"].replace("", "none"), ranges, strict=True)
                ),
                hovertemplate="<b>%{customdata[0]}</b>: " + long + "<br>%{customdata[3]}<br>%{customdata[1]}"
                "<br>Sources: %{customdata[2]}<extra></extra>",
            )
        )
    low, high = axis or intake_axis_range(result)
    if result.ai_high_mg is None:
        lines = [(result.ai_mg, f"AI {result.ai_mg:g}", VALUE_KIND_DASH["AI"])]
    else:  # an AI given as a range (EFSA, infants): both ends, the total is below the AI under the bottom one
        lines = [
            (result.ai_mg, f"AI range from {result.ai_mg:g}", VALUE_KIND_DASH["AI"]),
            (result.ai_high_mg, f"to {result.ai_high_mg:g}", VALUE_KIND_DASH["AI"]),
        ]
    if result.upper_mg is not None:
        name = "UL" if result.upper_kind == "UL" else "safe level, not a UL"
        lines.append((result.upper_mg, f"{name} {result.upper_mg:g}", VALUE_KIND_DASH["upper"]))
    ticks = [v for v in (0.001, 0.01, 0.1, 1, 10, 100, 1000) if low <= v <= high]
    # The upper value's label goes a row above the AI's, so the two never overlap, even on a phone.
    close = len(lines) == 2
    annotations = [
        _top_label(math.log10(value), text, theme, row=i if close else 0) for i, (value, text, _) in enumerate(lines)
    ]
    if result.upper_mg is None:  # say why there is no upper line, at the right end of the axis
        annotations.append({"x": 1, "y": 1.02, "xref": "paper", "yref": "paper", "xanchor": "right",
                            "yanchor": "bottom", "text": result.upper_label, "showarrow": False,
                            "font": {"size": TICK_FONT_SIZE, "color": ink.text}})  # fmt: skip
    annotations += _row_labels([(i, f"<b>{name}</b>") for i, name in enumerate(risk_rows)], theme, yshift=0)
    for note in annotations[-len(risk_rows) :]:
        note["y"] -= 0.27  # just above the bar (the y axis runs downwards)
    layout = _layout_dict(
        theme,
        barmode="overlay",
        height=150 + RISK_ROW_PX * len(risk_rows),
        margin={"l": 8, "r": 8, "t": 40 + (16 if close else 0), "b": 8},
        uniformtext={"minsize": TICK_FONT_SIZE, "mode": "hide"},  # hide band labels that do not fit
        title={
            "text": f"{result.authority}: {result.population}, {FORM_TITLES[result.manganese_from]}",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 4},
            "font": {"size": FONT_SIZE, "color": ink.text},
        },
        shapes=[_vline(math.log10(value), ink.line, dash=dash) for value, _, dash in lines],
        annotations=annotations,
        xaxis={
            "title": {"text": "Total intake, mg/day (log scale)"},
            "range": [math.log10(low), math.log10(high)],
            "tickvals": [math.log10(v) for v in ticks],
            "ticktext": [f"{v:g}" for v in ticks],
        },
        yaxis={
            "autorange": False,
            "range": [len(risk_rows) - 0.5, -0.75],
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "title": {"text": None},
        },
    )
    return go.Figure(data=traces, layout=layout)


# 2. Reference values across life stages --------------------------------------------------------


def life_stage_table(reference_values: pd.DataFrame, authorities: list[str]) -> pd.DataFrame:
    """AI and upper values (mg/day) by age band for the authorities chosen, with who and how verified. Rows that
    state no number (value_status: IOM's UL for infants is not determinable) have nothing to draw and are left out;
    the answer and the risk chart say why there is no upper value."""
    values = reference_values[
        reference_values["authority"].isin(authorities)
        & (reference_values["value_status"] == "stated")
        & reference_values["metric"].isin(["AI", "UL", "safe_level", "safe_level_range_low", "safe_level_range_high"])
    ].copy()
    values["group"] = values.apply(lambda r: r["life_stage"] if r["life_stage"] != "none" else r["sex"], axis=1)
    values["ages"] = values.apply(lambda r: band_text(_band(r)), axis=1)
    return values[
        [
            "authority",
            "metric",
            "group",
            "ages",
            "age_min_years",
            "age_max_years",
            "value",
            "unit",
            "verification",
            "source_id",
            "value_id",
        ]
    ].reset_index(drop=True)


def life_stage_figure(table: pd.DataFrame, age: float | None = None, theme: str = "light") -> go.Figure:
    """Each value as a horizontal segment over its own age band, so each authority's band edges show.

    One trace per authority and kind of value (segments separated by gaps), coloured by authority, solid for
    Adequate Intakes and dashed for upper values, with a marker shape per point for the population group,
    hollow when the value is not from a primary source."""
    ink = neutrals(theme)
    segments = table[~table["metric"].str.startswith("safe_level_range")]
    traces = []
    for (authority, metric), part in segments.groupby(["authority", "metric"], sort=False):
        kind = {"AI": "AI", "UL": "UL"}.get(metric, "safe level")
        colour = authority_colour(authority, theme).fill
        x, y, symbols, hover = [], [], [], []
        for row in part.itertuples():
            start = 0 if pd.isna(row.age_min_years) else row.age_min_years
            end = OPEN_AGE_END if pd.isna(row.age_max_years) else row.age_max_years
            symbol = marker_symbol(GROUP_SYMBOLS[row.group], row.verification)
            text = (
                f"<b>{authority} {kind}</b>: {row.value:g} mg/day<br>{row.group}, {row.ages}"
                f"<br>Verification: {row.verification}<br>Source: {row.source_id}"
            )
            x += [start, end, None]
            y += [row.value, row.value, None]
            symbols += [symbol, symbol, symbol]
            hover += [text, text, ""]
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": VALUE_KIND_DASH["AI" if metric == "AI" else "upper"]},
                marker={"symbol": symbols, "size": 10, "color": colour, "line": {"color": colour, "width": 2}},
                name=f"{authority} {kind}",
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    marker_key = [(symbol, "any sex" if group == "any" else group) for group, symbol in GROUP_SYMBOLS.items()]
    marker_key += [
        (marker_symbol("circle", "primary"), "filled: primary source"),
        (marker_symbol("circle", "secondary"), "open: secondary or unverified"),
    ]
    traces += [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": symbol, "size": 10, "color": ink.line, "line": {"color": ink.line, "width": 2}},
            name=text,
        )
        for symbol, text in marker_key
    ]
    shapes, annotations = [], []
    ranges = table[table["metric"].isin(["safe_level_range_low", "safe_level_range_high"])]
    if len(ranges) == 2:
        low = ranges.loc[ranges["metric"] == "safe_level_range_low"].iloc[0]
        high = ranges.loc[ranges["metric"] == "safe_level_range_high"].iloc[0]
        efsa = authority_colour("EFSA", theme).fill
        shapes.append(
            {
                "type": "rect",
                "x0": low["age_min_years"],
                "x1": low["age_max_years"],
                "y0": low["value"],
                "y1": high["value"],
                "fillcolor": efsa,
                "opacity": 0.15,
                "line": {"width": 1.5, "dash": VERIFICATION_DASH["unverified"], "color": efsa},
            }
        )
        # Named in the legend rather than over the plot, where the label would hide values.
        traces.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "symbol": "square",
                    "size": 14,
                    "color": rgba(efsa, 0.3),
                    "line": {"color": efsa, "width": 1.5},
                },
                name=f"EFSA safe levels, children: {low['value']:g}–{high['value']:g} mg/day<br>"
                "(value per age band not confirmed)",
            )
        )
    if age is not None:
        shapes.append(_vline(min(age, OPEN_AGE_END), ink.line, dash="dot", width=1))
        annotations.append(_top_label(min(age, OPEN_AGE_END), "your age", theme))
    # The y axis's unit, written level above the axis rather than sideways along it.
    annotations.append(
        {"x": 0, "xref": "paper", "xanchor": "left", "y": 1, "yref": "paper", "yanchor": "bottom", "yshift": 2,
         "text": "mg/day", "showarrow": False, "font": {"size": TICK_FONT_SIZE, "color": ink.text}}
    )  # fmt: skip
    layout = _layout_dict(
        theme,
        height=620,
        shapes=shapes,
        annotations=annotations,
        xaxis={"title": {"text": f"Age, years (open-ended bands end at {OPEN_AGE_END})"}, "range": [0, OPEN_AGE_END]},
        yaxis={"title": {"text": None}, "rangemode": "tozero"},
    )
    return go.Figure(data=traces, layout=layout)


# 3. Other routes -------------------------------------------------------------------------------


def route_table(reference_values: pd.DataFrame, route: str) -> pd.DataFrame:
    """Values for one route (drinking_water or inhalation), in their own unit; water also in µg/L."""
    values = reference_values[reference_values["route"] == route].copy()
    if route == "inhalation":  # workplace limits only: EPA's general-population RfC (µg/m³) is another kind of value
        values = values[values["unit"] == "mg/m³"]
    values["label"] = values.apply(
        lambda r: f"{label(AUTHORITY_SHORT, r['authority'])}: {label(METRIC_LABELS, r['metric'])}", axis=1
    )
    if route == "drinking_water":
        values["value_ug_per_l"] = values.apply(
            lambda r: r["value"] * 1000 if r["unit"] == "mg/L" else r["value"], axis=1
        )
    values["ages"] = values.apply(
        lambda r: band_text(_band(r)) if not pd.isna(r["age_min_years"]) else "all ages", axis=1
    )
    columns = ["label", "authority", "metric", "ages", "value", "unit", "verification", "source_id", "note", "value_id"]
    if route == "drinking_water":
        columns.insert(6, "value_ug_per_l")
    return values[columns].reset_index(drop=True)


def route_figure(
    table: pd.DataFrame,
    *,
    value_column: str,
    unit: str,
    marker_value: float | None = None,
    marker_label: str = "",
    theme: str = "light",
) -> go.Figure:
    """Dot plot of one route's values on a log axis in its own unit (never the oral mg/day axis).

    Each row's name and value are written above its dot, wrapped to fit a phone; the dot's fill says how
    the value was verified; the reader's own value is a dashed line in the theme's ink."""
    ink = neutrals(theme)
    ordered = table.sort_values(value_column).reset_index(drop=True)
    names = (ordered["label"] + " (" + ordered["ages"] + "): ").tolist()
    texts = [_wrap(name + f"<b>{value:g} {unit}</b>") for name, value in zip(names, ordered[value_column], strict=True)]
    lines = [text.count("<br>") + 1 for text in texts]
    positions, y = [], 0.0
    for count in lines:  # row heights follow the wrapped label: one unit per label line plus one for the dot
        y += count
        positions.append(y)
        y += 1
    traces = []
    for verification in ("primary", "secondary", "unverified"):
        part = ordered[ordered["verification"] == verification]
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=part[value_column].tolist(),
                y=[positions[i] for i in part.index],
                mode="markers",
                marker={
                    "symbol": marker_symbol("circle", verification),
                    "size": 12,
                    "color": ink.line,
                    "line": {"width": 2, "color": ink.line},
                },
                name=f"{verification} source",
                customdata=[[names[i], ordered.at[i, "note"], ordered.at[i, "source_id"]] for i in part.index],
                hovertemplate="%{customdata[0]}%{x:g} "
                + unit
                + "<br>%{customdata[1]}<br>Source: %{customdata[2]}<extra></extra>",
            )
        )
    values = ordered[value_column]
    low, high = float(values.min()), float(values.max())
    if marker_value is not None and marker_value > 0:
        low, high = min(low, marker_value), max(high, marker_value)
    x_range = [math.log10(low) - 0.25, math.log10(high) + 0.25]
    decades = range(math.floor(x_range[0]), math.ceil(x_range[1]) + 1)
    ticks = [10.0**d for d in decades if x_range[0] <= d <= x_range[1]]
    shapes, annotations = [], []
    if marker_value is not None and marker_value > 0:
        # On a log axis, shapes take data values and annotations take log10 positions.
        shapes.append(_vline(marker_value, ink.line, dash="dash"))
        annotations.append(_top_label(math.log10(marker_value), marker_label, theme))
    annotations += _row_labels(list(zip(positions, texts, strict=True)), theme, yshift=0)
    for note in annotations[-len(texts) :]:
        note["y"] -= 0.55  # just above the dot (the y axis runs downwards)
    layout = _layout_dict(
        theme,
        height=150 + 22 * int(y),
        shapes=shapes,
        annotations=annotations,
        xaxis={
            "type": "log",
            "title": {"text": f"{unit} (log scale)"},
            "range": x_range,
            "tickvals": ticks,
            "ticktext": [f"{v:g}" for v in ticks],
        },
        yaxis={
            "autorange": False,
            "range": [y, 0],
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "title": {"text": None},
        },
    )
    return go.Figure(data=traces, layout=layout)


# 4. Iron context ------------------------------------------------------------------------------


def ferritin_table(iron_context: pd.DataFrame) -> pd.DataFrame:
    rows = iron_context[iron_context["marker"] == "serum_ferritin"]
    return rows[
        [
            "item_id",
            "comparison",
            "value",
            "unit",
            "population",
            "statement",
            "evidence_basis",
            "verification",
            "source_id",
        ]
    ].reset_index(drop=True)


# Which guideline a ferritin threshold comes from, by the prefix of its source id.
GUIDELINE_NAMES = {"aasm": "AASM 2024", "irlssg": "IRLSSG 2018", "aan": "AAN 2016"}


def ferritin_figure(table: pd.DataFrame, ferritin: float | None = None, theme: str = "light") -> go.Figure:
    """Guideline ferritin thresholds (ng/mL) as lines named above the plot, solid when confirmed in the
    guideline's own text and dotted when not; the reader's value as a diamond in the theme's ink."""
    ink = neutrals(theme)
    traces = []
    named: dict[float, list[str]] = {}
    for row in table.itertuples():
        name = next((n for prefix, n in GUIDELINE_NAMES.items() if row.source_id.startswith(prefix)), row.source_id)
        named.setdefault(float(row.value), []).append(name.split()[0])
        traces.append(
            go.Scatter(
                x=[row.value, row.value],
                y=[0, 1],
                mode="lines",
                line={"color": ink.line, "width": 2, "dash": VERIFICATION_DASH.get(row.verification, "dot")},
                name=f"{name}: {row.value:g} ng/mL ({row.verification})",
                hovertemplate=(
                    f"{row.statement}<br>Basis: {row.evidence_basis}<br>Verification: {row.verification}<extra></extra>"
                ),
            )
        )
    high = max([400, *(table["value"].tolist()), (ferritin or 0) * 1.2])
    annotations = []
    # One row per threshold, lowest value at the bottom: a label can be as wide as the whole axis on a phone,
    # so labels on one row could run into each other.
    for row, value in enumerate(sorted(named)):
        text = f"{value:g}: {', '.join(dict.fromkeys(named[value]))}"
        # Labels start at their line on the left half of the axis and end at it on the right half.
        anchor = "left" if value < high / 2 else "right"
        annotations.append(_top_label(value, text, theme, row=row, xanchor=anchor))
    if ferritin is not None:
        traces.append(_your_value([ferritin], [0.5], f"Your ferritin: {ferritin:g} ng/mL", theme, size=18))
    layout = _layout_dict(
        theme,
        height=360,
        margin={"l": 8, "r": 8, "t": 24 + 16 * len(named), "b": 8},  # room for one label row per threshold
        annotations=annotations,
        xaxis={"title": {"text": "Serum ferritin, ng/mL (= µg/L)"}, "range": [0, high]},
        yaxis={"visible": False, "range": [0, 1]},
    )
    return go.Figure(data=traces, layout=layout)


def _band(row) -> tuple[float, float | None]:
    start = 0.0 if pd.isna(row["age_min_years"]) else float(row["age_min_years"])
    end = None if pd.isna(row["age_max_years"]) else float(row["age_max_years"])
    return (start, end)


# Each chart of the dose page with its data, from the dataset: what ui/data.py caches per data version ----------


def intake_chart_parts(
    dataset, total_mg: float, age: float, sex: str, stage: str, authority: str, theme: str, manganese_from: str = "food"
):
    """(classification, risk bands table, risk-by-intake figure or None when there is no band). ui.data.intake_chart
    puts the same parts together from its caches."""
    result = population_values(dataset, age, sex, stage, authority).with_intake(total_mg, manganese_from)
    bands, figure = intake_chart_base(
        dataset, age, sex, stage, authority, manganese_from, *intake_axis_range(result), theme
    )
    return result, bands, None if figure is None else with_your_total(figure, result, theme)


def intake_chart_base(
    dataset, age: float, sex: str, stage: str, authority: str, manganese_from: str, low: float, high: float, theme: str
):
    """(risk bands table, risk-by-intake figure without the total as a dict, or None) for a population, what the
    manganese is and an axis range: what stays the same while only the total changes."""
    result = population_values(dataset, age, sex, stage, authority).with_intake(0.0, manganese_from)
    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources, axis=(low, high))
    return bands, None if bands.empty else risk_by_intake_base(result, bands, theme, axis=(low, high)).to_dict()


def life_stage_chart_parts(dataset, authorities: tuple, age: float, theme: str):
    """(reference values across life stages, figure) for the chosen authorities, with the reader's age marked."""
    table = life_stage_table(dataset.reference_values, list(authorities))
    return table, life_stage_figure(table, age, theme)


def route_chart_parts(dataset, route: str, marker_value: float | None, theme: str):
    """(values for the route, figure): drinking water in µg/L with the reader's water marked, or workplace air."""
    table = route_table(dataset.reference_values, route)
    if route == "drinking_water":
        figure = route_figure(
            table, value_column="value_ug_per_l", unit="µg/L", marker_value=marker_value,
            marker_label="your water", theme=theme,
        )  # fmt: skip
    else:
        figure = route_figure(table, value_column="value", unit="mg/m³", theme=theme)
    return table, figure


def ferritin_chart_parts(dataset, ferritin: float | None, theme: str):
    """(guideline ferritin thresholds, figure) with the reader's ferritin marked when given."""
    table = ferritin_table(dataset.iron_context)
    return table, ferritin_figure(table, ferritin, theme)
