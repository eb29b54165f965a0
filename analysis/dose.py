"""The dose page's model: intake parts and their total, input limits, typical intakes, and the
sentences that say what each chart shows. Plain Python; numbers come from the dataset."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .intake import IntakeAssessment
from .vocab import RISK_LEVEL_LABELS, label

# Input sanity limits: beyond these a value is a typing error, not an intake. They are not advice.
INPUT_LIMITS: dict[str, tuple[float, float, str]] = {
    "age": (0, 120, "years"),
    "food": (0, 100, "mg/day"),
    "supplement": (0, 1000, "mg/day"),
    "water_ug_per_l": (0, 100_000, "µg/L"),
    "water_litres": (0, 20, "L/day"),
    "ferritin": (0, 5000, "ng/mL"),
}
VERIFICATION_WORDS = {"secondary": "confirmed only in a secondary source", "unverified": "unverified"}


@dataclass(frozen=True)
class IntakeParts:
    food_mg: float
    supplement_mg: float
    water_ug_per_l: float
    water_litres: float

    @property
    def water_mg(self) -> float:
        """µg/L × L/day = µg/day; ÷ 1000 = mg/day."""
        return self.water_ug_per_l * self.water_litres / 1000

    @property
    def total_mg(self) -> float:
        return self.food_mg + self.supplement_mg + self.water_mg

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "Part": ["Food", "Supplements", "Drinking water", "Total"],
                "mg/day": [self.food_mg, self.supplement_mg, self.water_mg, self.total_mg],
                "How it is counted": [
                    "as entered",
                    "elemental manganese, as entered",
                    f"{self.water_ug_per_l:g} µg/L × {self.water_litres:g} L/day ÷ 1000",
                    "sum of the parts",
                ],
            }
        )


def check_input(name: str, value) -> str | None:
    """A message when `value` is not a usable number for input `name`, else None."""
    low, high, unit = INPUT_LIMITS[name]
    if value is None or isinstance(value, bool):
        return "Enter a number."
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "Enter a number."
    if math.isnan(number) or math.isinf(number):
        return "Enter a finite number."
    if not low <= number <= high:
        return f"Enter a value from {low:g} to {high:,g} {unit}."
    return None


def typical_intake(reference_values: pd.DataFrame, age: float, sex: str, authority: str) -> dict | None:
    """The population's typical intake row (IOM median for the US, EFSA mean for EU adults), or None."""
    metric, source_authority = ("mean_intake", "EFSA") if authority == "EFSA" else ("median_intake", "IOM")
    rows = _rows_for(reference_values, source_authority, metric, age, sex)
    return None if rows.empty else rows.iloc[0].to_dict()


def efsa_child_range(reference_values: pd.DataFrame, age: float) -> tuple[dict, dict] | None:
    """EFSA's lowest and highest safe level for children and adolescents, if `age` falls in their span."""
    low = _rows_for(reference_values, "EFSA", "safe_level_range_low", age, "any")
    high = _rows_for(reference_values, "EFSA", "safe_level_range_high", age, "any")
    if low.empty or high.empty:
        return None
    return low.iloc[0].to_dict(), high.iloc[0].to_dict()


def levels_at(category: str, risk_by_intake: pd.DataFrame, risks: pd.DataFrame) -> pd.DataFrame:
    """For an intake category: each risk's level, rationale and sources, in risks.csv order."""
    rated = risk_by_intake[risk_by_intake["intake_category"] == category].set_index("risk_id")
    rows = []
    for _, risk in risks.iterrows():
        found = risk["risk_id"] in rated.index
        rows.append(
            {
                "risk_id": risk["risk_id"],
                "risk_type": risk["risk_type"],
                "level": rated.loc[risk["risk_id"], "level"] if found else "",
                "rationale": rated.loc[risk["risk_id"], "rationale"] if found else "",
                "source_ids": rated.loc[risk["risk_id"], "source_ids"] if found else "",
            }
        )
    return pd.DataFrame(rows)


def intake_sentence(result: IntakeAssessment, child_range: tuple[dict, dict] | None = None) -> str:
    """One sentence: where the total sits against the authority's values for the population."""
    total = f"A total of {result.intake_mg_per_day:.1f} mg/day"
    upper = _upper_words(result)
    who = f"for {result.population}"
    if result.ai_mg is None:
        return _no_reference_sentence(result, who, child_range)
    ai = f"the {result.authority} Adequate Intake of {result.ai_mg:g} mg/day{_flag(result.ai_verification)}"
    if result.category == "below_ai":
        return f"{total} is below {ai} {who}."
    if result.category == "within_range":
        return f"{total} is between {ai} and {upper} {who}."
    if result.category == "above_upper":
        return f"{total} is above {upper} {who}."
    if result.category == "above_ai_no_upper":
        return f"{total} is at or above {ai} {who}; {result.authority} set no upper level for this age group."
    return _no_reference_sentence(result, who, child_range)


def _no_reference_sentence(result: IntakeAssessment, who: str, child_range) -> str:
    sentence = f"This dataset has no confirmed {result.authority} value {who}."
    if child_range is not None:
        low, high = (float(child_range[0]["value"]), float(child_range[1]["value"]))
        where = (
            "above all of them"
            if result.intake_mg_per_day > high
            else "below all of them"
            if result.intake_mg_per_day < low
            else "within that span"
        )
        sentence += (
            f" EFSA's safe levels for children and adolescents span {low:g} to {high:g} mg/day (the value for each "
            f"age band could not be confirmed), so {result.intake_mg_per_day:.1f} mg/day is {where}."
        )
    return sentence


def levels_sentence(levels: pd.DataFrame) -> str:
    if levels.empty or not levels["level"].astype(bool).any():
        return "Without a reference value for this population, the risk levels by intake category do not apply."
    parts = [
        f"{row.risk_type}: {label(RISK_LEVEL_LABELS, row.level).split(' (')[0].lower()}"
        for row in levels.itertuples()
        if row.level
    ]
    return "At this intake the evidence rates the guide's risks as follows. " + "; ".join(parts) + "."


def _upper_words(result: IntakeAssessment) -> str:
    if result.upper_mg is None:
        return f"no {result.authority} upper value"
    kind = "UL" if result.upper_kind == "UL" else "safe level (not a UL)"
    return f"the {result.authority} {kind} of {result.upper_mg:g} mg/day{_flag(result.upper_verification)}"


def _flag(verification: str | None) -> str:
    return f" ({VERIFICATION_WORDS[verification]})" if verification in VERIFICATION_WORDS else ""


def _rows_for(values: pd.DataFrame, authority: str, metric: str, age: float, sex: str) -> pd.DataFrame:
    low = values["age_min_years"].fillna(0)
    high = values["age_max_years"].fillna(math.inf)
    return values[
        (values["authority"] == authority)
        & (values["metric"] == metric)
        & values["sex"].isin(["any", sex])
        & (values["life_stage"] == "none")
        & (low <= age)
        & (age < high)
    ]
