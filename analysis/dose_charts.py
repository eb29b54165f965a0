"""Pure plotly figure builders for the dose page, each with the table of the data it draws.

Colours follow the Okabe-Ito palette (colour-blind safe); every coloured mark also carries a text
label or a marker shape, so no meaning rests on colour alone."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .citations import cited_sources, short_label
from .intake import IntakeAssessment, band_text
from .vocab import AUTHORITY_LABELS, AUTHORITY_SHORT, METRIC_LABELS, RISK_LEVEL_LABELS, label

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
    "possible": "Possible",
    "likely": "Likely",
    "no_evidence_found": "No evidence",
    "claim_incorrect": "Claim incorrect",
    "": "No level",
}
LEVEL_STYLE = {  # colour and fill pattern per risk level
    "no_known_risk": (OKABE_ITO["green"], ""),
    "possible": (OKABE_ITO["orange"], "/"),
    "likely": (OKABE_ITO["vermillion"], "x"),
    "no_evidence_found": (OKABE_ITO["grey"], "."),
    "claim_incorrect": (OKABE_ITO["purple"], "-"),
    "": ("#DDDDDD", ""),
}
AUTHORITY_COLOUR = {"IOM": OKABE_ITO["blue"], "EFSA": OKABE_ITO["orange"]}
OPEN_AGE_END = 90  # where bands with no upper age end on the chart
FONT = {"family": "sans-serif", "size": 13}


def _layout(fig: go.Figure, legend_y: float = -0.3, **kwargs) -> go.Figure:
    fig.update_layout(
        font=FONT,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": legend_y, "x": 0},
        **kwargs,
    )
    return fig


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
    rated = risk_by_intake.set_index(["risk_id", "intake_category"])
    rows = []
    for _, risk in risks.iterrows():
        for category, start, end in segments:
            key = (risk["risk_id"], category)
            level = rated.loc[key, "level"] if key in rated.index else ""
            rationale = (
                rated.loc[key, "rationale"]
                if key in rated.index
                else f"{result.authority} set no upper value for this population, so no level is given above the AI."
            )
            source_ids = rated.loc[key, "source_ids"] if key in rated.index else ""
            labels = [short_label(s) for _, s in cited_sources(source_ids, sources).iterrows()] if source_ids else []
            rows.append(
                {
                    "risk_type": risk["risk_type"],
                    "intake_category": category,
                    "from_mg": start,
                    "to_mg": end,
                    "level": level,
                    "rationale": rationale,
                    "sources": "; ".join(labels),
                }
            )
    return pd.DataFrame(rows)


def risk_by_intake_figure(result: IntakeAssessment, bands: pd.DataFrame) -> go.Figure:
    """One row per risk; bands coloured and labelled by level; lines at the AI and upper value; your total."""
    fig = go.Figure()
    shown_levels: set[str] = set()
    for row in bands.itertuples():
        colour, pattern = LEVEL_STYLE.get(row.level, LEVEL_STYLE[""])
        level_text = LEVEL_SHORT.get(row.level, row.level)
        level_long = label(RISK_LEVEL_LABELS, row.level) if row.level else "No level: no upper value set"
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[row.risk_type],
                x=[math.log10(row.to_mg) - math.log10(row.from_mg)],
                base=[math.log10(row.from_mg)],
                marker={
                    "color": colour,
                    # "overlay" keeps the level colour under the pattern in light and dark themes alike.
                    "pattern": {"shape": pattern, "fgcolor": "#222222", "fgopacity": 0.6, "fillmode": "overlay"},
                    "line": {"width": 1, "color": "#FFFFFF"},
                },
                name=level_text,
                legendgroup=row.level or "none",
                showlegend=row.level not in shown_levels,
                text=[level_text],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#111111"},
                customdata=[[row.rationale, row.sources or "none", f"{row.from_mg:.3g}–{row.to_mg:.3g} mg/day"]],
                hovertemplate="<b>%{y}</b>: "
                + level_long
                + "<br>%{customdata[2]}<br>%{customdata[0]}<br>Sources: %{customdata[1]}<extra></extra>",
            )
        )
        shown_levels.add(row.level)
    low, high = intake_axis_range(result)
    lines = [(result.ai_mg, f"AI {result.ai_mg:g}", "solid")]
    if result.upper_mg is not None:
        name = "UL" if result.upper_kind == "UL" else "safe level, not a UL"
        lines.append((result.upper_mg, f"{name} {result.upper_mg:g}", "dash"))
    for value, text, dash in lines:
        fig.add_vline(x=math.log10(value), line={"color": "#333333", "width": 2, "dash": dash})
        fig.add_annotation(
            x=math.log10(value), y=1.02, yref="paper", text=text, showarrow=False, yanchor="bottom", font={"size": 12}
        )
    total = max(result.intake_mg_per_day, low)
    fig.add_trace(
        go.Scatter(
            x=[math.log10(total)] * bands["risk_type"].nunique(),
            y=bands["risk_type"].unique().tolist(),
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
    ticks = [v for v in (0.001, 0.01, 0.1, 1, 2, 5, 10, 20, 50, 100, 200, 1000) if low <= v <= high]
    fig.update_xaxes(
        title="Total intake, mg/day (log scale)",
        range=[math.log10(low), math.log10(high)],
        tickvals=[math.log10(v) for v in ticks],
        ticktext=[f"{v:g}" for v in ticks],
    )
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(
        fig,
        legend_y=-0.22,
        barmode="overlay",
        uniformtext={"minsize": 10, "mode": "hide"},  # hide band labels that do not fit, never overlap them
        height=470,
        title={"text": f"{result.authority}: {result.population}", "x": 0, "font": {"size": 14}},
    )


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
    """Each value as a horizontal segment over its own age band, so each authority's band edges show."""
    fig = go.Figure()
    seen: set[str] = set()
    for row in table.itertuples():
        if row.metric.startswith("safe_level_range"):
            continue
        start = row.age_min_years if not pd.isna(row.age_min_years) else 0
        end = row.age_max_years if not pd.isna(row.age_max_years) else OPEN_AGE_END
        kind = "AI" if row.metric == "AI" else ("UL" if row.metric == "UL" else "safe level")
        legend = f"{row.authority} {kind}"
        colour = AUTHORITY_COLOUR.get(row.authority, OKABE_ITO["grey"])
        filled = row.verification == "primary"
        symbol = STAGE_SYMBOL[row.group] + ("" if filled else "-open")
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[row.value, row.value],
                mode="lines+markers",
                line={"color": colour, "width": 3, "dash": "solid" if row.metric == "AI" else "dash"},
                marker={"symbol": symbol, "size": 10, "color": colour, "line": {"color": colour, "width": 2}},
                name=legend,
                legendgroup=legend,
                showlegend=legend not in seen,
                hovertemplate=(
                    f"<b>{row.authority} {kind}</b>: {row.value:g} mg/day<br>{row.group}, {row.ages}"
                    f"<br>Verification: {row.verification}<br>Source: {row.source_id}<extra></extra>"
                ),
            )
        )
        seen.add(legend)
    ranges = table[table["metric"].isin(["safe_level_range_low", "safe_level_range_high"])]
    if len(ranges) == 2:
        low = ranges.loc[ranges["metric"] == "safe_level_range_low"].iloc[0]
        high = ranges.loc[ranges["metric"] == "safe_level_range_high"].iloc[0]
        fig.add_shape(
            type="rect",
            x0=low["age_min_years"],
            x1=low["age_max_years"],
            y0=low["value"],
            y1=high["value"],
            fillcolor=OKABE_ITO["orange"],
            opacity=0.15,
            line={"width": 1, "dash": "dot", "color": OKABE_ITO["orange"]},
        )
        fig.add_annotation(
            x=low["age_min_years"],
            xanchor="left",
            y=high["value"],
            yanchor="bottom",
            text=(
                f"EFSA safe levels, children: {low['value']:g}–{high['value']:g} mg/day"
                "<br>(value per age band not confirmed)"
            ),
            showarrow=False,
            align="left",
            font={"size": 11},
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
    for symbol, text in marker_key:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", marker={"symbol": symbol, "size": 10, "color": "#666666"}, name=text
            )
        )
    if age is not None:
        fig.add_vline(x=min(age, OPEN_AGE_END), line={"color": "#333333", "dash": "dot"})
        fig.add_annotation(
            x=min(age, OPEN_AGE_END), y=1.02, yref="paper", text="your age", showarrow=False, yanchor="bottom"
        )
    fig.update_xaxes(title=f"Age, years (open-ended bands drawn to {OPEN_AGE_END})", range=[0, OPEN_AGE_END])
    fig.update_yaxes(title="mg/day", rangemode="tozero")
    return _layout(fig, legend_y=-0.2, height=560)


# 3. Other routes -------------------------------------------------------------------------------


def route_table(reference_values: pd.DataFrame, route: str) -> pd.DataFrame:
    """Values for one route (drinking_water or inhalation), in their own unit; water also in µg/L."""
    values = reference_values[reference_values["route"] == route].copy()
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
    fig = go.Figure()
    for verification, symbol in (("primary", "circle"), ("secondary", "circle-open"), ("unverified", "x-open")):
        part = ordered[ordered["verification"] == verification]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part[value_column],
                y=part["label"] + " (" + part["ages"] + ")",
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
                customdata=part[["note", "source_id"]].values,
                hovertemplate="%{y}: %{x:g} "
                + unit
                + "<br>%{customdata[0]}<br>Source: %{customdata[1]}<extra></extra>",
            )
        )
    if marker_value is not None and marker_value > 0:
        fig.add_vline(x=marker_value, line={"color": OKABE_ITO["vermillion"], "width": 2, "dash": "dash"})
        fig.add_annotation(
            x=math.log10(marker_value), y=1.02, yref="paper", text=marker_label, showarrow=False, yanchor="bottom"
        )
    fig.update_xaxes(type="log", title=f"{unit} (log scale)")
    fig.update_yaxes(
        title=None, categoryorder="array", categoryarray=list(ordered["label"] + " (" + ordered["ages"] + ")")
    )
    return _layout(fig, legend_y=-0.12 - 2.4 / max(len(ordered), 1) / 10, height=160 + 34 * len(ordered))


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


def ferritin_figure(table: pd.DataFrame, ferritin: float | None = None) -> go.Figure:
    """Guideline ferritin thresholds (ng/mL) as labelled lines; the user's value as a marker."""
    fig = go.Figure()
    for row in table.itertuples():
        dash = "solid" if row.verification == "primary" else "dot"
        guideline = "AASM 2024" if row.source_id.startswith("aasm") else "IRLSSG 2018"
        fig.add_trace(
            go.Scatter(
                x=[row.value, row.value],
                y=[0, 1],
                mode="lines",
                line={
                    "color": OKABE_ITO["blue"] if row.source_id.startswith("aasm") else OKABE_ITO["green"],
                    "width": 2,
                    "dash": dash,
                },
                name=f"{guideline}: {row.value:g} ng/mL ({row.verification})",
                hovertemplate=(
                    f"{row.statement}<br>Basis: {row.evidence_basis}<br>Verification: {row.verification}<extra></extra>"
                ),
            )
        )
    if ferritin is not None:
        fig.add_trace(
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
    fig.update_xaxes(title="Serum ferritin, ng/mL (= µg/L)", range=[0, high])
    fig.update_yaxes(visible=False, range=[0, 1])
    return _layout(fig, legend_y=-0.35, height=340)


def _band(row) -> tuple[float, float | None]:
    start = 0.0 if pd.isna(row["age_min_years"]) else float(row["age_min_years"])
    end = None if pd.isna(row["age_max_years"]) else float(row["age_max_years"])
    return (start, end)


__all__ = [
    "AUTHORITY_LABELS",
    "ferritin_figure",
    "ferritin_table",
    "intake_axis_range",
    "life_stage_figure",
    "life_stage_table",
    "risk_bands_table",
    "risk_by_intake_figure",
    "route_figure",
    "route_table",
]
