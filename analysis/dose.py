"""The dose page's model: intake parts and their total, input limits, typical intakes, and the
sentences that say what each chart shows. Plain Python; numbers come from the dataset."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import pandas as pd

from .intake import IntakeAssessment, population_problem
from .vocab import AUTHORITY_CHOICES, LIFE_STAGE_LABELS, RISK_LEVEL_LABELS, SEX_LABELS, label

# Input sanity limits: beyond these a value is a typing error, not an intake. They are not advice.
INPUT_LIMITS: dict[str, tuple[float, float, str]] = {
    "age": (0, 120, "years"),
    "food": (0, 100, "mg/day"),
    "supplement": (0, 1000, "mg/day"),
    "water_ug_per_l": (0, 100_000, "µg/L"),
    "water_litres": (0, 20, "L/day"),
    "ferritin": (0, 5000, "ng/mL"),
}
# The dose page's number inputs (named as in the URL) and the limit each is checked against.
NUMBER_LIMIT_NAMES = {"age": "age", "food": "food", "supp": "supplement", "water": "water_ug_per_l",
                      "litres": "water_litres", "ferritin": "ferritin"}  # fmt: skip
# The choice inputs and their allowed values.
CHOICES: dict[str, Mapping[str, str]] = {"sex": SEX_LABELS, "stage": LIFE_STAGE_LABELS, "authority": AUTHORITY_CHOICES}
# How each authority's upper value is named in a sentence; only IOM's is a Tolerable Upper Intake Level.
REGION = {"IOM": "US", "EFSA": "EU"}
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


@dataclass(frozen=True)
class DoseInputs:
    """Everything the dose page asks for, valid by construction: build it with `DoseInputs.parse`.

    `food` None means "not entered": the population's typical intake is counted instead; `ferritin` None
    means "not given"."""

    age: float = 30.0
    sex: str = "female"
    stage: str = "none"
    authority: str = "IOM"
    food: float | None = None
    supp: float = 0.0
    water: float = 0.0
    litres: float = 0.0
    ferritin: float | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> tuple[DoseInputs | None, dict[str, str]]:
        """(inputs, {}) when every field is usable, else (None, {field: message}) naming every problem at once.
        Fields missing from `raw` take their defaults."""
        values = {**asdict(cls()), **{k: v for k, v in raw.items() if k in cls.field_names()}}
        problems: dict[str, str] = {}
        for name, limit_name in NUMBER_LIMIT_NAMES.items():
            optional = getattr(cls(), name) is None
            if values[name] is None and optional:
                continue
            message = check_input(limit_name, values[name])
            if message:
                problems[name] = message
            else:
                values[name] = float(values[name]) + 0.0  # + 0.0 turns -0.0 into 0.0
        for name, allowed in CHOICES.items():
            if values[name] not in allowed:
                problems[name] = f"Choose one of: {', '.join(allowed.values())}."
        if "age" not in problems and not problems.keys() & {"sex", "stage"}:
            mismatch = population_problem(values["age"], values["sex"], values["stage"])
            if mismatch:
                problems["stage"] = mismatch
        return (None, problems) if problems else (cls(**values), {})

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def authorities(self) -> list[str]:
        """The authorities whose values are shown, in display order."""
        return ["IOM", "EFSA"] if self.authority == "both" else [self.authority]

    @property
    def typical_authority(self) -> str:
        """Whose typical intake stands in for an empty food field: EFSA's only when EFSA alone is chosen."""
        return "EFSA" if self.authority == "EFSA" else "IOM"

    def parts(self, typical: Mapping | None) -> IntakeParts:
        """The intake parts, with the typical intake (or 0 when there is none) for food that was not entered."""
        food = self.food if self.food is not None else (float(typical["value"]) if typical else 0.0)
        return IntakeParts(food, self.supp, self.water, self.litres)


def parts_sentence(inputs: DoseInputs, parts: IntakeParts, typical: Mapping | None) -> str:
    """What the total is made of, and where the food figure came from when it was not entered."""
    made_of = (
        f"Your total of {parts.total_mg:.2f} mg/day is food {parts.food_mg:.2f} + supplements "
        f"{parts.supplement_mg:.2f} + drinking water {parts.water_mg:.2f} mg/day."
    )
    if inputs.food is not None:
        return made_of + " All three are as you entered them."
    if typical is None:
        return made_of + (
            " Food is counted as 0 because the data has no typical intake for this population: enter your own "
            "estimate under Food to include it."
        )
    where = {"IOM": "in the US (IOM", "EFSA": "in the EU (EFSA"}[typical["authority"]]
    kind = "median" if typical["metric"] == "median_intake" else "mean"
    return made_of + (
        f" You left Food empty, so the typical {kind} intake {where}, {float(typical['value']):g} mg/day) is "
        "assumed. Enter your own estimate under Food to change it."
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
    ai = (
        f"the {REGION[result.authority]} Adequate Intake (AI, {result.authority}) of {result.ai_mg:g} mg/day"
        f"{_flag(result.ai_verification)}"
    )
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
    region = REGION[result.authority]
    kind = (
        f"{region} Tolerable Upper Intake Level (UL, {result.authority})"
        if result.upper_kind == "UL"
        else f"{region} safe level of intake ({result.authority}; not a UL)"
    )
    return f"the {kind} of {result.upper_mg:g} mg/day{_flag(result.upper_verification)}"


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
