"""Pure plotly figure builders for the dose page, each with the table of the data it draws.

Colours follow the Okabe-Ito palette (colour-blind safe); every coloured mark also carries a text
label or a marker shape, so no meaning rests on colour alone."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .citations import short_label
from .intake import NO_UPPER_SHORT, IntakeAssessment, band_text
from .schemas import split_ids
from .vocab import AUTHORITY_SHORT, METRIC_LABELS, RISK_LEVEL_LABELS, label

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
LEVEL_SHORT = {
    "no_known_risk": "No known risk",
    "not_studied": "Not studied",
    "possible": "Possible",
    "likely": "Likely",
    "no_evidence_found": "No evidence",
    "claim_incorrect": "Claim incorrect",
    "": "Not rated",
}
LEVEL_STYLE = {  # colour and fill pattern per risk level
    "no_known_risk": (OKABE_ITO["green"], ""),
    # Temporary until analysis/colours.py lands: sky blue with a dotted grid, apart from "studied, nothing found".
    "not_studied": (OKABE_ITO["sky_blue"], "+"),
    "possible": (OKABE_ITO["orange"], "/"),
    "likely": (OKABE_ITO["vermillion"], "x"),
    "no_evidence_found": (OKABE_ITO["grey"], "."),
    "claim_incorrect": (OKABE_ITO["purple"], "-"),
    "": ("#DDDDDD", ""),
}
AUTHORITY_COLOUR = {"IOM": OKABE_ITO["blue"], "EFSA": OKABE_ITO["orange"]}
OPEN_AGE_END = 90  # where bands with no upper age end on the chart
FONT = {"family": "sans-serif", "size": 13}


def _layout_dict(legend_y: float = -0.3, **kwargs) -> dict:
    return {
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "legend": {"orientation": "h", "yanchor": "top", "y": legend_y, "x": 0},
        **kwargs,
    }


# 1. Risk by intake -------------------------------------------------------------------------------


def intake_axis_range(result: IntakeAssessment) -> tuple[float, float]:
    """Log-axis range (mg/day) that shows the AI, the upper value and the user's total with room around."""
    anchors = [v for v in (result.ai_mg, result.upper_mg, result.intake_mg_per_day) if v and v > 0]
    low = min(anchors) / 5 if anchors else 0.1
    high = max(anchors) * 5 if anchors else 100
    return low, high


def risk_bands_table(
    result: IntakeAssessment, risk_by_intake: pd.DataFrame, risks: pd.DataFrame, sources
) -> pd.DataFrame:
    """Each risk's band from/to (mg/day), category, level, rationale and sources for this population."""
    if result.ai_mg is None:
        return pd.DataFrame(
            columns=["risk_type", "intake_category", "from_mg", "to_mg", "level", "rationale", "sources"]
        )
    low, high = intake_axis_range(result)
    segments = [("below_ai", low, result.ai_mg)]
    if result.upper_mg is None:
        segments.append(("above_ai_no_upper", result.ai_mg, high))
    else:
        segments += [("within_range", result.ai_mg, result.upper_mg), ("above_upper", result.upper_mg, high)]
    rated = {(r.risk_id, r.intake_category): r for r in risk_by_intake.itertuples()}
    labels = {s["source_id"]: short_label(s) for _, s in sources.iterrows()}
    reason = result.upper_note or f"{result.authority} set no upper value for this population"
    no_upper = f"{reason}, so no level is given above the AI."
    rows = []
    for risk_id, risk_type in zip(risks["risk_id"], risks["risk_type"], strict=True):
        for category, start, end in segments:
            row = rated.get((risk_id, category))
            rows.append(
                {
                    "risk_type": risk_type,
                    "intake_category": category,
                    "from_mg": start,
                    "to_mg": end,
                    "level": row.level if row else "",
                    "rationale": row.rationale if row else no_upper,
                    "sources": "; ".join(labels.get(i, i) for i in split_ids(row.source_ids)) if row else "",
                }
            )
    return pd.DataFrame(rows)


def _vline(x: float, *, dash: str = "solid", colour: str = "#333333", width: int = 2) -> dict:
    return {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": colour, "width": width, "dash": dash}}  # fmt: skip


def _top_label(x: float, text: str) -> dict:
    return {"x": x, "y": 1.02, "xref": "x", "yref": "paper", "text": text, "showarrow": False,
            "yanchor": "bottom", "font": {"size": 12}}  # fmt: skip


def risk_by_intake_figure(result: IntakeAssessment, bands: pd.DataFrame) -> go.Figure:
    """One row per risk; bands coloured and labelled by level; lines at the AI and upper value; your total.

    Built as one bar trace per level (not one per band) and one layout: figure construction dominates
    the dose page's rerun time."""
    traces = []
    for level, part in bands.groupby("level", sort=False):
        colour, pattern = LEVEL_STYLE.get(level, LEVEL_STYLE[""])
        short = LEVEL_SHORT.get(level, level)
        long = label(RISK_LEVEL_LABELS, level) if level else "Not rated: no upper value"
        start, end = part["from_mg"].map(math.log10), part["to_mg"].map(math.log10)
        ranges = [f"{a:.3g}–{b:.3g} mg/day" for a, b in zip(part["from_mg"], part["to_mg"], strict=True)]
        traces.append(
            go.Bar(
                orientation="h",
                y=part["risk_type"].tolist(),
                x=(end - start).tolist(),
                base=start.tolist(),
                marker={
                    "color": colour,
                    # "overlay" keeps the level colour under the pattern in light and dark themes alike.
                    "pattern": {"shape": pattern, "fgcolor": "#222222", "fgopacity": 0.6, "fillmode": "overlay"},
                    "line": {"width": 1, "color": "#FFFFFF"},
                },
                name=short,
                text=[short] * len(part),
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#111111"},
                customdata=list(zip(part["rationale"], part["sources"].replace("", "none"), ranges, strict=True)),
                hovertemplate="<b>%{y}</b>: " + long + "<br>%{customdata[2]}<br>%{customdata[0]}"
                "<br>Sources: %{customdata[1]}<extra></extra>",
            )
        )
    low, high = intake_axis_range(result)
    total = max(result.intake_mg_per_day, low)
    risk_rows = bands["risk_type"].unique().tolist()
    traces.append(
        go.Scatter(
            x=[math.log10(total)] * len(risk_rows),
            y=risk_rows,
            mode="markers",
            # Yellow with a dark edge stays visible on every band and on light or dark backgrounds.
            marker={
                "symbol": "diamond",
                "size": 15,
                "color": OKABE_ITO["yellow"],
                "line": {"color": "#111111", "width": 2},
            },
            name=f"Your total: {result.intake_mg_per_day:.2f} mg/day",
            hovertemplate=f"Your total: {result.intake_mg_per_day:.2f} mg/day<extra></extra>",
        )
    )
    lines = [(result.ai_mg, f"AI {result.ai_mg:g}", "solid")]
    notes = []
    if result.upper_mg is not None:
        name = "UL" if result.upper_kind == "UL" else "safe level, not a UL"
        lines.append((result.upper_mg, f"{name} {result.upper_mg:g}", "dash"))
    else:  # say why there is no upper line, at the right end of the axis
        why = NO_UPPER_SHORT.get(result.authority, "no upper value") if result.upper_note else "no upper value"
        notes.append({"x": 1, "y": 1.02, "xref": "paper", "yref": "paper", "xanchor": "right", "yanchor": "bottom",
                      "text": why, "showarrow": False, "font": {"size": 12}})  # fmt: skip
    ticks = [v for v in (0.001, 0.01, 0.1, 1, 2, 5, 10, 20, 50, 100, 200, 1000) if low <= v <= high]
    layout = _layout_dict(
        legend_y=-0.22,
        barmode="overlay",
        height=470,
        uniformtext={"minsize": 10, "mode": "hide"},  # hide band labels that do not fit, never overlap them
        title={"text": f"{result.authority}: {result.population}", "x": 0, "font": {"size": 14}},
        shapes=[_vline(math.log10(value), dash=dash) for value, _, dash in lines],
        annotations=[_top_label(math.log10(value), text) for value, text, _ in lines] + notes,
        xaxis={
            "title": {"text": "Total intake, mg/day (log scale)"},
            "range": [math.log10(low), math.log10(high)],
            "tickvals": [math.log10(v) for v in ticks],
            "ticktext": [f"{v:g}" for v in ticks],
        },
        yaxis={"autorange": "reversed", "title": {"text": None}},
    )
    return go.Figure(data=traces, layout=layout)


# 2. Reference values across life stages --------------------------------------------------------

STAGE_SYMBOL = {"any": "circle", "female": "square", "male": "triangle-up", "pregnant": "diamond", "lactating": "star"}


def life_stage_table(reference_values: pd.DataFrame, authorities: list[str]) -> pd.DataFrame:
    """AI and upper values (mg/day) by age band for the authorities chosen, with who and how verified."""
    values = reference_values[
        reference_values["authority"].isin(authorities)
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


def life_stage_figure(table: pd.DataFrame, age: float | None = None) -> go.Figure:
    """Each value as a horizontal segment over its own age band, so each authority's band edges show.

    One trace per authority and kind of value (segments separated by gaps), with a marker symbol per point
    for the population group, hollow when the value is not from a primary source."""
    segments = table[~table["metric"].str.startswith("safe_level_range")]
    traces = []
    for (authority, metric), part in segments.groupby(["authority", "metric"], sort=False):
        kind = {"AI": "AI", "UL": "UL"}.get(metric, "safe level")
        colour = AUTHORITY_COLOUR.get(authority, OKABE_ITO["grey"])
        x, y, symbols, hover = [], [], [], []
        for row in part.itertuples():
            start = 0 if pd.isna(row.age_min_years) else row.age_min_years
            end = OPEN_AGE_END if pd.isna(row.age_max_years) else row.age_max_years
            symbol = STAGE_SYMBOL[row.group] + ("" if row.verification == "primary" else "-open")
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
                line={"color": colour, "width": 3, "dash": "solid" if metric == "AI" else "dash"},
                marker={"symbol": symbols, "size": 10, "color": colour, "line": {"color": colour, "width": 2}},
                name=f"{authority} {kind}",
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    marker_key = [
        ("circle", "any sex"),
        ("square", "female"),
        ("triangle-up", "male"),
        ("diamond", "pregnant"),
        ("star", "lactating"),
        ("circle", "filled: primary source"),
        ("circle-open", "open: secondary or unverified"),
    ]
    traces += [
        go.Scatter(
            x=[None], y=[None], mode="markers", marker={"symbol": symbol, "size": 10, "color": "#666666"}, name=text
        )
        for symbol, text in marker_key
    ]
    shapes, annotations = [], []
    ranges = table[table["metric"].isin(["safe_level_range_low", "safe_level_range_high"])]
    if len(ranges) == 2:
        low = ranges.loc[ranges["metric"] == "safe_level_range_low"].iloc[0]
        high = ranges.loc[ranges["metric"] == "safe_level_range_high"].iloc[0]
        shapes.append(
            {
                "type": "rect",
                "x0": low["age_min_years"],
                "x1": low["age_max_years"],
                "y0": low["value"],
                "y1": high["value"],
                "fillcolor": OKABE_ITO["orange"],
                "opacity": 0.15,
                "line": {"width": 1, "dash": "dot", "color": OKABE_ITO["orange"]},
            }
        )
        annotations.append(
            {
                "x": low["age_min_years"],
                "xanchor": "left",
                "y": high["value"],
                "yanchor": "bottom",
                "text": f"EFSA safe levels, children: {low['value']:g}–{high['value']:g} mg/day"
                "<br>(value per age band not confirmed)",
                "showarrow": False,
                "align": "left",
                "font": {"size": 11},
            }
        )
    if age is not None:
        shapes.append(_vline(min(age, OPEN_AGE_END), dash="dot", width=1))
        annotations.append(_top_label(min(age, OPEN_AGE_END), "your age"))
    layout = _layout_dict(
        legend_y=-0.2,
        height=560,
        shapes=shapes,
        annotations=annotations,
        xaxis={"title": {"text": f"Age, years (open-ended bands drawn to {OPEN_AGE_END})"}, "range": [0, OPEN_AGE_END]},
        yaxis={"title": {"text": "mg/day"}, "rangemode": "tozero"},
    )
    return go.Figure(data=traces, layout=layout)


# 3. Other routes -------------------------------------------------------------------------------


def route_table(reference_values: pd.DataFrame, route: str) -> pd.DataFrame:
    """Values for one route (drinking_water or inhalation), in their own unit; water also in µg/L.

    Inhalation keeps the workplace limits (mg/m³) only: EPA's general-population reference concentration, in
    µg/m³, is a different kind of value and stays out of the workplace chart."""
    values = reference_values[reference_values["route"] == route].copy()
    if route == "inhalation":
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
    table: pd.DataFrame, *, value_column: str, unit: str, marker_value: float | None = None, marker_label: str = ""
) -> go.Figure:
    """Dot plot of one route's values on a log axis in its own unit (never the oral mg/day axis)."""
    ordered = table.sort_values(value_column)
    rows = ordered["label"] + " (" + ordered["ages"] + ")"
    traces = []
    for verification, symbol in (("primary", "circle"), ("secondary", "circle-open"), ("unverified", "x-open")):
        part = ordered[ordered["verification"] == verification]
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=part[value_column].tolist(),
                y=rows[part.index].tolist(),
                mode="markers+text",
                text=[f"{v:g}" for v in part[value_column]],
                textposition="middle right",
                marker={
                    "symbol": symbol,
                    "size": 12,
                    "color": OKABE_ITO["blue"],
                    "line": {"width": 2, "color": OKABE_ITO["blue"]},
                },
                name=f"{verification} source",
                customdata=part[["note", "source_id"]].values.tolist(),
                hovertemplate="%{y}: %{x:g} "
                + unit
                + "<br>%{customdata[0]}<br>Source: %{customdata[1]}<extra></extra>",
            )
        )
    shapes, annotations = [], []
    if marker_value is not None and marker_value > 0:
        # On a log axis, shapes take data values and annotations take log10 positions.
        shapes.append(_vline(marker_value, dash="dash", colour=OKABE_ITO["vermillion"]))
        annotations.append(_top_label(math.log10(marker_value), marker_label))
    layout = _layout_dict(
        legend_y=-0.12 - 2.4 / max(len(ordered), 1) / 10,
        height=160 + 34 * len(ordered),
        shapes=shapes,
        annotations=annotations,
        xaxis={"type": "log", "title": {"text": f"{unit} (log scale)"}},
        yaxis={"title": {"text": None}, "categoryorder": "array", "categoryarray": rows.tolist()},
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


# Guideline (source_id prefix) -> legend name and line colour. AAN's colour is provisional until colours.py lands.
GUIDELINE_STYLE = {
    "aasm": ("AASM 2024", OKABE_ITO["blue"]),
    "irlssg": ("IRLSSG 2018", OKABE_ITO["green"]),
    "aan": ("AAN 2016", "#555555"),
}


def ferritin_figure(table: pd.DataFrame, ferritin: float | None = None) -> go.Figure:
    """Guideline ferritin thresholds (ng/mL) as labelled lines; the user's value as a marker."""
    traces = []
    for row in table.itertuples():
        guideline = next((g for g in GUIDELINE_STYLE if row.source_id.startswith(g)), "")
        name, colour = GUIDELINE_STYLE.get(guideline, (row.source_id, OKABE_ITO["grey"]))
        traces.append(
            go.Scatter(
                x=[row.value, row.value],
                y=[0, 1],
                mode="lines",
                line={
                    "color": colour,
                    "width": 2,
                    "dash": "solid" if row.verification == "primary" else "dot",
                },
                name=f"{name}: {row.value:g} ng/mL ({row.verification})",
                hovertemplate=(
                    f"{row.statement}<br>Basis: {row.evidence_basis}<br>Verification: {row.verification}<extra></extra>"
                ),
            )
        )
    if ferritin is not None:
        traces.append(
            go.Scatter(
                x=[ferritin],
                y=[0.5],
                mode="markers+text",
                marker={"symbol": "diamond", "size": 16, "color": OKABE_ITO["vermillion"]},
                text=[f"your value {ferritin:g}"],
                textposition="top center",
                name="Your ferritin",
            )
        )
    high = max([400, *(table["value"].tolist()), (ferritin or 0) * 1.2])
    layout = _layout_dict(
        legend_y=-0.35,
        height=340,
        xaxis={"title": {"text": "Serum ferritin, ng/mL (= µg/L)"}, "range": [0, high]},
        yaxis={"visible": False, "range": [0, 1]},
    )
    return go.Figure(data=traces, layout=layout)


def _band(row) -> tuple[float, float | None]:
    start = 0.0 if pd.isna(row["age_min_years"]) else float(row["age_min_years"])
    end = None if pd.isna(row["age_max_years"]) else float(row["age_max_years"])
    return (start, end)
