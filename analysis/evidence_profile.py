"""The evidence profile of a claim or a risk: the sources it rests on, counted by study design and by whose data
they rest on (humans, animals), with the date the rows were last checked. Counted from claim_sources.csv, never
typed into a page.

A risk's profile is the union of its claims' sources: a source cited by two of its claims counts once.
No certainty rating (GRADE or other) is derived: the profile counts designs, it does not grade them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .citations import short_label
from .colours import design_colours, neutrals
from .schemas import split_ids
from .vocab import DESIGN_LABELS, SUBJECT_LABELS, label

ROW_HEIGHT_PX = 30
HUMAN_SUBJECTS = ("human", "human_and_animal")
ANIMAL_SUBJECTS = ("animal", "human_and_animal")


def claim_rows(claim_sources: pd.DataFrame, claim_ids: Iterable[str]) -> pd.DataFrame:
    """The claim_sources rows of the given claims, in the order of `claim_ids` and then of the file."""
    order = {claim_id: i for i, claim_id in enumerate(dict.fromkeys(claim_ids))}
    rows = claim_sources[claim_sources["claim_id"].isin(list(order))]
    return rows.assign(_order=rows["claim_id"].map(order)).sort_values("_order", kind="stable").drop(columns="_order")


def risk_rows(claim_sources: pd.DataFrame, risk: pd.Series | dict) -> pd.DataFrame:
    """A risk's profile rows: the sources of its claims, each source once (its first row in claim order)."""
    rows = claim_rows(claim_sources, split_ids(risk["claim_ids"]))
    return rows.drop_duplicates("source_id").assign(claim_id=str(risk["risk_type"]))


def profile_counts(rows: pd.DataFrame, group: str = "claim_id") -> pd.DataFrame:
    """One row per group (a claim, or a risk's name) with the number of sources of each design, the number
    resting on human and on animal data, the number of sources and the latest check date."""
    records = []
    for key, part in rows.groupby(group, sort=False):
        design_counts = part["design"].value_counts()
        records.append(
            {
                group: key,
                **{code: int(design_counts.get(code, 0)) for code in DESIGN_LABELS},
                "sources": len(part),
                "human": int(part["subjects"].isin(HUMAN_SUBJECTS).sum()),
                "animal": int(part["subjects"].isin(ANIMAL_SUBJECTS).sum()),
                "last_checked": str(part["last_checked"].max()),
            }
        )
    return pd.DataFrame(records, columns=[group, *DESIGN_LABELS, "sources", "human", "animal", "last_checked"])


def used_designs(counts: pd.DataFrame) -> list[str]:
    """The designs that occur at least once, in the order of DESIGN_LABELS."""
    return [code for code in DESIGN_LABELS if code in counts and counts[code].sum() > 0]


def profile_table(counts: pd.DataFrame, group: str = "claim_id", name: str = "Claim") -> pd.DataFrame:
    """The chart as a table: one row per claim or risk, one column per design that occurs, then humans, animals,
    the number of sources and the date last checked."""
    designs = used_designs(counts)
    table = pd.DataFrame({name: counts[group]})
    for code in designs:
        table[label(DESIGN_LABELS, code)] = counts[code]
    table["Sources"] = counts["sources"]
    table["On human data"] = counts["human"]
    table["On animal data"] = counts["animal"]
    table["Last checked"] = counts["last_checked"]
    return table.reset_index(drop=True)


def profile_details(rows: pd.DataFrame, sources: pd.DataFrame, name: str = "Claim") -> pd.DataFrame:
    """Every row behind the profile, readable: claim (or risk), source, design, subjects, finding, date."""
    by_id = sources.set_index("source_id")
    return pd.DataFrame(
        {
            name: rows["claim_id"].astype(str),
            "Source": rows["source_id"].map(lambda s: short_label(by_id.loc[s]) if s in by_id.index else s),
            "Design": rows["design"].map(lambda d: label(DESIGN_LABELS, d)),
            "Subjects": rows["subjects"].map(lambda s: label(SUBJECT_LABELS, s)),
            "Finding": rows["finding"],
            "Last checked": rows["last_checked"],
        }
    ).reset_index(drop=True)


# What a profile counts, in words, by the kind of row: a risk's profile counts only the sources of the guide's claims
# behind it, fewer than the risk card lists (every source the risk cites), so its line says so.
COUNTED_SOURCES = {"claim": "", "risk": " consulted for the guide's claims behind it"}


def profile_summary_lines(counts: pd.DataFrame, group: str = "claim_id", kind: str = "claim") -> list[str]:
    """The chart in words, one line per row: 'C1: 4 sources (1 clinical guideline, ...); 4 on human data, ...';
    for a risk, 'Neurotoxicity: 5 sources consulted for the guide's claims behind it (...)'."""
    counted = COUNTED_SOURCES.get(kind, "")
    lines = []
    for _, row in counts.iterrows():
        parts = ", ".join(
            f"{row[code]} {label(DESIGN_LABELS, code).lower()}" for code in DESIGN_LABELS if row[code] > 0
        )
        lines.append(
            f"{row[group]}: {row['sources']} source{'s' if row['sources'] != 1 else ''}{counted} ({parts}); "
            f"{row['human']} on human data, {row['animal']} on animal data"
        )
    return lines


def profile_summary_text(counts: pd.DataFrame, group: str = "claim_id") -> str:
    """The chart in one paragraph: the lines of `profile_summary_lines`, joined."""
    lines = profile_summary_lines(counts, group)
    return "; ".join(lines) + "." if lines else "No sources."


def profile_figure(counts: pd.DataFrame, group: str = "claim_id", theme: str = "light") -> go.Figure:
    """A small stacked horizontal bar per claim or risk: one segment per design, its width the number of sources.
    Colours from analysis.colours (a sequential scale per theme, outlined in the theme's line ink)."""
    ink = neutrals(theme)
    shades = design_colours()
    figure = go.Figure()
    rows = counts[group].astype(str).tolist()
    for code in used_designs(counts):
        values = counts[code].tolist()
        swatch = shades[code][theme]
        figure.add_trace(
            go.Bar(
                name=label(DESIGN_LABELS, code),
                x=values,
                y=rows,
                orientation="h",
                marker={"color": swatch.fill, "line": {"color": ink.line, "width": 1}},
                text=[str(v) if v else "" for v in values],
                textposition="inside",
                textangle=0,
                insidetextanchor="middle",
                textfont={"color": swatch.ink, "size": 12},
                # Never shrunk to fit a narrow bar (8.8 px on a phone before): a number that does not fit is left out,
                # and the chart data table and the sentences under the chart give every count.
                constraintext="none",
                hovertemplate="%{y}: %{x} × " + label(DESIGN_LABELS, code) + "<extra></extra>",
            )
        )
    top = max(int(counts["sources"].max()), 1) if len(counts) else 1
    figure.update_layout(
        uniformtext={"minsize": 12, "mode": "hide"},
        barmode="stack",
        height=ROW_HEIGHT_PX * max(len(counts), 1) + 190,
        margin={"l": 0, "r": 8, "t": 8, "b": 8},
        bargap=0.3,
        # The legend sits above the bars, so it never meets the axis title, at any width.
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "traceorder": "normal",
            "font": {"color": ink.text},
        },
        font={"color": ink.text},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis={
            "range": [0, top],
            "dtick": 1,
            "fixedrange": True,
            # Tick and title fonts named: Streamlit's chart theme repaints a bare axis "color" in its grey (3.7:1).
            "title": {"text": "Number of sources", "font": {"color": ink.text}},
            "tickfont": {"color": ink.text, "size": 12},
            "color": ink.text,
            "gridcolor": ink.grid,
        },
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": "  ",
            "tickfont": {"color": ink.text, "size": 12},
            "color": ink.text,
        },
    )
    return figure


@dataclass(frozen=True)
class EvidenceProfile:
    """Everything the evidence-profile section shows, built once per selection (the page caches it)."""

    counts: pd.DataFrame
    figure: go.Figure
    summary_lines: list[str]
    table: pd.DataFrame
    details: pd.DataFrame
    source_ids: list[str]  # each source once, in the order of the rows


def build_evidence_profile(dataset, kind: str, ids: Iterable[str], theme: str = "light") -> EvidenceProfile | None:
    """The profile of the claims (`kind` "claim") or risks (`kind` "risk") with these ids, in the ids' order;
    None when there are no rows."""
    if kind == "risk":
        risks = dataset.risks.set_index("risk_id")
        parts = [risk_rows(dataset.claim_sources, risks.loc[risk_id]) for risk_id in ids]
        rows = pd.concat(parts, ignore_index=True) if parts else dataset.claim_sources.iloc[0:0]
    else:
        rows = claim_rows(dataset.claim_sources, ids)
    counts = profile_counts(rows)
    if counts.empty:
        return None
    name = kind.capitalize()
    return EvidenceProfile(
        counts=counts,
        figure=profile_figure(counts, theme=theme),
        summary_lines=profile_summary_lines(counts, kind=kind),
        table=profile_table(counts, name=name),
        details=profile_details(rows, dataset.sources, name=name),
        source_ids=list(dict.fromkeys(rows["source_id"])),
    )
