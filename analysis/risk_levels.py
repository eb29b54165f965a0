"""Which row of risk_by_intake.csv rates a risk for one reader: by intake category, by authority, by what the
manganese is (food only, with a supplement, with drinking water) and by age group.

A row names a value or "any" in each of `authority`, `manganese_from` and `age_group`; among the rows that match,
the most specific wins, age group first, then what the manganese is, then the authority. So VKM 2018's judgement on
supplements in adults overrides a level set for either authority, and IOM's "food and formula only" for infants
overrides the adult supplement row. Nothing here knows a level: every level, rationale and source is in the data."""

from __future__ import annotations

import pandas as pd

from .schemas import split_ids

# How much a matching column counts towards a row's specificity (the higher wins).
SPECIFICITY = {"age_group": 4, "manganese_from": 2, "authority": 1}
# Reader forms in the order they win when several apply (a supplement and tap water: the supplement rows).
FORM_ORDER = ("supplement", "water", "food")
ADULT_AGE = 18  # VKM 2018 assessed supplements for adults


def manganese_from(supplement_mg: float, water_mg: float) -> str:
    """What the manganese is, for the levels: any supplement counts (VKM 2018 set no intake without an effect),
    then any manganese from drinking water (no source sets an amount below which it does not count), else food."""
    if supplement_mg > 0:
        return "supplement"
    if water_mg > 0:
        return "water"
    return "food"


def age_group(age_years: float) -> str:
    """infants (under 1 year), children (1 to 17) or adults (18 and over)."""
    if age_years < 1:
        return "infants"
    return "children" if age_years < ADULT_AGE else "adults"


def _specificity(row) -> int:
    return sum(weight for column, weight in SPECIFICITY.items() if row[column] != "any")


def level_rows(risk_by_intake: pd.DataFrame, category: str, authority: str, form: str, group: str) -> dict[str, dict]:
    """For each risk rated at `category`: the row that applies to this authority, form and age group (or none)."""
    wanted = {"authority": authority, "manganese_from": form, "age_group": group}
    rows = risk_by_intake[risk_by_intake["intake_category"] == category]
    matches = rows
    for column, value in wanted.items():
        matches = matches[matches[column].isin(["any", value])]
    chosen: dict[str, dict] = {}
    for row in matches.to_dict("records"):
        best = chosen.get(row["risk_id"])
        if best is None or _specificity(row) > _specificity(best):
            chosen[row["risk_id"]] = row
    return chosen


def is_specific(row: dict) -> bool:
    """Whether the row is set for what the manganese is or for an age group (its sources are named in the sentence)."""
    return row["manganese_from"] != "any" or row["age_group"] != "any"


def row_source_ids(row: dict) -> list[str]:
    return split_ids(row["source_ids"])
