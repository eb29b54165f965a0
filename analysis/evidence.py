"""The claim audit: filtering the guide's claims, counting verdicts, the verdict chart and the download."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from .citations import citations_text, cited_sources, short_label
from .colours import neutrals, verdict_colour
from .limits import MAX_SEARCH_LENGTH
from .schemas import split_ids
from .vocab import EVIDENCE_TYPE_LABELS, GUIDE_KIND, VERDICT_LABELS, label

SEARCHED_COLUMNS = ("claim_id", "guide_section", "claim", "assessment")

# Verdict colours come from analysis.colours (colour-blind safe, light and dark variants). The verdict is
# always written next to its bar as well, so the colour is never the only carrier of meaning.
BAR_HEIGHT_PX = 34


def filter_claims(claims: pd.DataFrame, verdicts: Iterable[str] | None = None, search: str = "") -> pd.DataFrame:
    """Claims whose verdict is in `verdicts` (empty or None: any) and whose text contains `search`.

    The search is a plain, case-insensitive substring match over the id, section, claim and reason,
    never a regular expression.
    """
    keep = pd.Series(True, index=claims.index)
    verdicts = list(verdicts or [])
    if verdicts:
        keep &= claims["verdict"].isin(verdicts)
    needle = (search or "").strip()[:MAX_SEARCH_LENGTH].casefold()
    if needle:
        text = claims[list(SEARCHED_COLUMNS)].astype(str).agg(" ".join, axis=1).str.casefold()
        keep &= text.str.contains(needle, regex=False)
    return claims[keep].reset_index(drop=True)


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per verdict, in the order of the verdict scale, with zero counts kept: verdict, label, count."""
    counts = claims["verdict"].value_counts()
    return pd.DataFrame(
        {
            "verdict": list(VERDICT_LABELS),
            "label": list(VERDICT_LABELS.values()),
            "count": [int(counts.get(code, 0)) for code in VERDICT_LABELS],
        }
    )


def verdict_summary_text(counts: pd.DataFrame) -> str:
    """The chart as one sentence: '11 claims: 1 supported, 6 partly supported, ...'."""
    total = int(counts["count"].sum())
    parts = ", ".join(f"{row['count']} {row['label'].lower()}" for _, row in counts.iterrows())
    return f"{total} claim{'s' if total != 1 else ''}: {parts}."


def verdict_bar_figure(counts: pd.DataFrame, theme: str = "light") -> go.Figure:
    """Horizontal bars, one per verdict (top to bottom in scale order), each labelled with its verdict and count."""
    ink = neutrals(theme)
    top = max(int(counts["count"].max()), 1)
    figure = go.Figure(
        go.Bar(
            x=counts["count"].tolist(),
            y=counts["label"].tolist(),
            orientation="h",
            marker={
                "color": [verdict_colour(v, theme).fill for v in counts["verdict"]],
                "line": {"color": ink.line, "width": 1},
            },
            text=[str(c) for c in counts["count"]],
            textposition="outside",
            textfont={"color": ink.text, "size": 13},
            cliponaxis=False,
            hovertemplate="%{y}: %{x} claim(s)<extra></extra>",
        )
    )
    figure.update_layout(
        height=BAR_HEIGHT_PX * len(counts) + 40,
        margin={"l": 0, "r": 24, "t": 8, "b": 8},
        showlegend=False,
        bargap=0.3,
        font={"color": ink.text, "size": 13},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis={"visible": False, "range": [0, top * 1.15], "fixedrange": True},
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": "  ",
            "tickfont": {"color": ink.text, "size": 13},
        },
    )
    return figure


def claims_view(filtered: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What the claim table shows: readable labels, one row per claim, short source labels."""
    return pd.DataFrame(
        {
            "Claim": filtered["claim_id"],
            "Verdict": filtered["verdict"].map(lambda v: label(VERDICT_LABELS, v)),
            "What the guide claims": filtered["claim"],
            "Why": filtered["assessment"],
            "Evidence type": filtered["evidence_type"].map(
                lambda cell: [label(EVIDENCE_TYPE_LABELS, code) for code in split_ids(cell)]
            ),
            "Sources": filtered["source_ids"].map(
                lambda ids: [short_label(s) for _, s in cited_sources(ids, sources).iterrows()]
            ),
            "Guide section": filtered["guide_section"],
        }
    )


def claims_download(filtered: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What 'Download CSV' writes: the shown claims, every column of claims.csv, plus full citations."""
    out = filtered.reset_index(drop=True).copy()
    out["source_citations"] = out["source_ids"].map(lambda ids: citations_text(ids, sources))
    return out


def audited_guide(sources: pd.DataFrame) -> pd.Series:
    """The row of sources.csv for the audited guide: the one source of kind 'marketing'."""
    guides = sources[sources["kind"] == GUIDE_KIND]
    if len(guides) != 1:
        raise ValueError(f"expected exactly one source of kind {GUIDE_KIND!r}, found {len(guides)}")
    return guides.iloc[0]
