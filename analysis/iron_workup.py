"""The iron work-up as the RLS guidelines state it (iron_workup.csv): what is tested, when the sample is taken,
how a result is read, and the thresholds by route, whose numbers come from iron_context.csv. What the guidelines
say, in order; never advice."""

from __future__ import annotations

import pandas as pd

from .citations import short_label
from .provenance import verification_word
from .vocab import COMPARISONS, IRON_MARKERS, IRON_ROUTE_LABELS, WORKUP_STEP_LABELS, label


def threshold_text(item: pd.Series | dict) -> str:
    """'Serum ferritin ≤ 75 ng/mL' for an iron_context row."""
    unit = item["unit"]
    spacer = "" if unit == "%" else " "
    marker, comparison = label(IRON_MARKERS, item["marker"]), label(COMPARISONS, item["comparison"])
    return f"{marker} {comparison} {item['value']:g}{spacer}{unit}"


def workup_view(workup: pd.DataFrame, iron_context: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per work-up line in step order: part, route, threshold, what it says, who, source, verification."""
    items = iron_context.set_index("item_id")
    by_id = sources.set_index("source_id")
    rows = workup.sort_values("step_order", kind="stable")
    return pd.DataFrame(
        {
            "Part": rows["step"].map(lambda s: label(WORKUP_STEP_LABELS, s)),
            "Route of iron": rows["route"].map(lambda r: label(IRON_ROUTE_LABELS, r) if r else "–"),
            "Threshold": rows["threshold_item_id"].map(
                lambda i: threshold_text(items.loc[i]) if i and i in items.index else "–"
            ),
            "What the source says": rows["statement"],
            "Applies to": rows["population"],
            "Source": rows["source_id"].map(lambda s: short_label(by_id.loc[s]) if s in by_id.index else s),
            "Verification": rows["verification"].map(verification_word),
        }
    ).reset_index(drop=True)


def workup_source_ids(workup: pd.DataFrame) -> list[str]:
    """The sources of the work-up, in step order, each once."""
    return list(dict.fromkeys(workup.sort_values("step_order", kind="stable")["source_id"]))
