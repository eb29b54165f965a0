"""Which row of risk_by_intake.csv rates a risk for one reader: by intake category, by authority, by what the
manganese is (food only, with a supplement, with drinking water) and by age group.

A row names a value or "any" in each of `authority`, `manganese_from` and `age_group`; among the rows that match,
the most specific wins, age group first, then what the manganese is, then the authority. A reader with both a
supplement and drinking water gets, per risk, the most cautious of the two forms' levels (RISK_LEVEL_CAUTION), with
the reason of the row that set it: adding a form never lowers a level. So VKM 2018's judgement on
supplements in adults overrides a level set for either authority, and IOM's "food and formula only" for infants
overrides the adult supplement row. Nothing here knows a level: every level, rationale and source is in the data."""

from __future__ import annotations

import weakref

import pandas as pd

from .schemas import split_ids
from .vocab import RISK_LEVEL_CAUTION

# How much a matching column counts towards a row's specificity (the higher wins).
SPECIFICITY = {"age_group": 4, "manganese_from": 2, "authority": 1}
# What a reader's manganese can be; "supplement_and_water" is looked up as each of its forms (COMBINED_FORMS), the
# data rows name only single forms. On a tie the first form's row gives the reason.
FORM_ORDER = ("supplement_and_water", "supplement", "water", "food")
COMBINED_FORMS = {"supplement_and_water": ("supplement", "water")}
CAUTION_RANK = {level: rank for rank, level in enumerate(RISK_LEVEL_CAUTION)}
ADULT_AGE = 18  # VKM 2018 assessed supplements for adults


def manganese_from(supplement_mg: float, water_mg: float) -> str:
    """What the manganese is, for the levels: any supplement counts (VKM 2018 set no intake without an effect), and
    any manganese from drinking water (no source sets an amount below which it does not count), else food."""
    if supplement_mg > 0 and water_mg > 0:
        return "supplement_and_water"
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
    """For each risk rated at `category`: the row that applies to this authority, form and age group (or none). For a
    combined form, the row of the most cautious level among its forms."""
    if form in COMBINED_FORMS:
        chosen: dict[str, dict] = {}
        for single in COMBINED_FORMS[form]:
            for risk, row in level_rows(risk_by_intake, category, authority, single, group).items():
                best = chosen.get(risk)
                if best is None or CAUTION_RANK[row["level"]] < CAUTION_RANK[best["level"]]:
                    chosen[risk] = row
        return chosen
    wanted = {"authority": authority, "manganese_from": form, "age_group": group}
    chosen: dict[str, dict] = {}
    for row in _records(risk_by_intake).get(category, ()):
        if any(row[column] not in ("any", value) for column, value in wanted.items()):
            continue
        best = chosen.get(row["risk_id"])
        if best is None or _specificity(row) > _specificity(best):
            chosen[row["risk_id"]] = row
    return chosen


# The table's rows as plain dicts by intake category, per table object: filtering a small frame with pandas costs
# milliseconds per call, and the dose page and the load check make many calls on the same (read-only) table.
_RECORDS: dict[int, tuple[weakref.ref, dict[str, list[dict]]]] = {}


def _records(risk_by_intake: pd.DataFrame) -> dict[str, list[dict]]:
    key = id(risk_by_intake)
    cached = _RECORDS.get(key)
    if cached is not None and cached[0]() is risk_by_intake:
        return cached[1]
    by_category: dict[str, list[dict]] = {}
    for row in risk_by_intake.to_dict("records"):
        by_category.setdefault(row["intake_category"], []).append(row)
    if len(_RECORDS) > 64:  # tables of data versions no longer in use
        _RECORDS.clear()
    _RECORDS[key] = (weakref.ref(risk_by_intake), by_category)
    return by_category


def is_specific(row: dict) -> bool:
    """Whether the row is set for what the manganese is or for an age group (its sources are named in the sentence)."""
    return row["manganese_from"] != "any" or row["age_group"] != "any"


def row_source_ids(row: dict) -> list[str]:
    return split_ids(row["source_ids"])
