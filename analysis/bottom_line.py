"""The risk page's short answer (bottom_line.csv): each sentence with the claim, verdict and sources behind it."""

from __future__ import annotations

import pandas as pd

from .schemas import split_ids


def bottom_line_view(bottom_line: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence, in line order: statement, claim_id, and that claim's verdict and source ids."""
    by_claim = claims.set_index("claim_id")
    ordered = bottom_line.sort_values("line")
    return pd.DataFrame(
        {
            "statement": ordered["statement"].tolist(),
            "claim_id": ordered["claim_id"].tolist(),
            "verdict": [by_claim.loc[c, "verdict"] for c in ordered["claim_id"]],
            "source_ids": [split_ids(by_claim.loc[c, "source_ids"]) for c in ordered["claim_id"]],
        }
    )
