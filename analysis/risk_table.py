"""The risk table: filtering, the on-screen view and the download, all from risks.csv."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .citations import citations_text, cited_sources, short_label, sources_by_row
from .limits import MAX_SEARCH_LENGTH
from .schemas import split_ids
from .vocab import EVIDENCE_TYPE_LABELS, ROUTE_LABELS, VERDICT_LABELS, label

SEARCHED_COLUMNS = ("risk_type", "guide_says", "evidence_says", "at_risk_groups")


def filter_risks(
    risks: pd.DataFrame,
    risk_ids: Iterable[str] | None = None,
    verdicts: Iterable[str] | None = None,
    search: str = "",
) -> pd.DataFrame:
    """Rows whose id is in `risk_ids` (None: all), verdict in `verdicts` (empty: any), text matching `search`.

    The search is a plain, case-insensitive substring match, never a regular expression.
    """
    keep = pd.Series(True, index=risks.index)
    if risk_ids is not None:
        keep &= risks["risk_id"].isin(list(risk_ids))
    verdicts = list(verdicts or [])
    if verdicts:
        keep &= risks["verdict"].isin(verdicts)
    needle = (search or "").strip()[:MAX_SEARCH_LENGTH].casefold()
    if needle:
        text = risks[list(SEARCHED_COLUMNS)].astype(str).agg(" ".join, axis=1).str.casefold()
        keep &= text.str.contains(needle, regex=False)
    return risks[keep].reset_index(drop=True)


def risk_table_view(filtered: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What the page shows: readable labels, one row per risk, short source labels."""
    return pd.DataFrame(
        {
            "Risk type": filtered["risk_type"],
            "Verdict": filtered["verdict"].map(lambda v: label(VERDICT_LABELS, v)),
            "Evidence type": filtered["evidence_type"].map(lambda c: _labels(c, EVIDENCE_TYPE_LABELS)),
            "Sources": filtered["source_ids"].map(
                lambda ids: [short_label(s) for _, s in cited_sources(ids, sources).iterrows()]
            ),
            "What the guide says": filtered["guide_says"],
            "What the evidence says": filtered["evidence_says"],
            "Groups at higher risk": filtered["at_risk_groups"],
            "Exposure routes": filtered["exposure_routes"].map(lambda c: _labels(c, ROUTE_LABELS)),
            "Guide claims": filtered["claim_ids"].map(split_ids),
        }
    )


def risk_table_download(filtered: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What 'Download CSV' writes: the shown rows, every column of risks.csv, plus full citations."""
    out = filtered.reset_index(drop=True).copy()
    out["source_citations"] = out["source_ids"].map(lambda ids: citations_text(ids, sources))
    return out


def risk_sources_view(filtered: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per (risk, cited source) for the rows shown: the list of sources cited under the risk cards."""
    return sources_by_row(filtered, sources, "risk_type", "Risk type")


def _labels(cell: str, vocabulary: dict[str, str]) -> list[str]:
    return [label(vocabulary, code) for code in split_ids(cell)]


@dataclass(frozen=True)
class RiskViews:
    """What the risk page shows for one set of filters, built once per set (ui.data caches it)."""

    shown: pd.DataFrame  # the rows of risks.csv shown, in the data's order (the download is built from them)
    cited: pd.DataFrame  # one row per (risk shown, source it cites): risk_sources_view
    # Per risk shown, its row of risks.csv and its row of risk_table_view, as plain dicts: the cards read them on
    # every rerun, and turning the frames into dicts then cost about a fifth of a filter change's CPU.
    cards: tuple[tuple[dict, dict], ...]
    cited_count: int  # distinct sources in `cited`

    @property
    def risk_ids(self) -> list[str]:
        return [risk["risk_id"] for risk, _ in self.cards]


def risk_views(dataset, risk_ids, verdicts, search: str) -> RiskViews:
    """The rows shown for these filters, the sources they cite, and each card's values."""
    shown = filter_risks(dataset.risks, list(risk_ids), list(verdicts), search)
    view, cited = risk_table_view(shown, dataset.sources), risk_sources_view(shown, dataset.sources)
    cards = tuple(zip(shown.to_dict("records"), view.to_dict("records"), strict=True))
    return RiskViews(shown=shown, cited=cited, cards=cards, cited_count=int(cited["source_id"].nunique()))
