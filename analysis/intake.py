"""Classify a total oral manganese intake against one authority's reference values for one population.

The numbers come from data/reference_values.csv; this module only knows each authority's age bands and
which of its metrics is the "upper value"."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from numbers import Real

import pandas as pd

from .risk_levels import FORM_ORDER, age_group
from .vocab import LIFE_STAGE_LABELS, SEX_LABELS, VALUE_STATUS_WORDS

# Age bands in years, lower bound inclusive, upper bound exclusive (None: open). IOM and EFSA cut
# ages differently; each keeps its own edges.
# EFSA's infant band is 7-11 months: from 7/12 y (0.5833, as in reference_values.csv) up to 1 y.
EFSA_INFANT_START = 0.5833
AUTHORITY_BANDS: dict[str, tuple[tuple[float, float | None], ...]] = {
    "IOM": ((0, 0.5), (0.5, 1), (1, 4), (4, 9), (9, 14), (14, 19), (19, None)),
    "EFSA": ((EFSA_INFANT_START, 1), (1, 4), (4, 7), (7, 11), (11, 15), (15, 18), (18, None)),
}
# The upper reference each authority sets: IOM a Tolerable Upper Intake Level, EFSA (2023) a "safe
# level of intake", which EFSA says explicitly is not a UL.
UPPER_METRIC = {"IOM": "UL", "EFSA": "safe_level"}
UPPER_KIND = {"UL": "UL", "safe_level": "safe level"}
# Pregnancy and lactation values exist for ages 14 up to and including 50.
CHILDBEARING_AGE = (14, 51)
MAX_AGE_YEARS = 120


@dataclass(frozen=True)
class IntakeAssessment:
    intake_mg_per_day: float
    authority: str
    category: str  # below_ai, within_range, above_upper, above_ai_no_upper, no_reference
    ai_mg: float | None
    upper_mg: float | None
    upper_kind: str  # "UL" or "safe level"
    population: str  # e.g. "women aged 19+ y"
    band: tuple[float, float | None] | None
    ai_value_id: str | None
    ai_source_id: str | None
    ai_verification: str | None
    upper_value_id: str | None
    upper_source_id: str | None
    upper_verification: str | None
    # When the upper-value row states no number (value_status in reference_values.csv: the authority judged it not
    # determinable, or this dataset could not confirm one): that status, the row's note saying why, and its source
    # ("" / None when the row states a number or there is no row).
    upper_note: str = ""
    upper_note_source_id: str | None = None
    upper_status: str | None = None
    # What the manganese is (food, supplement or water: analysis.risk_levels.manganese_from) and the age group the
    # risk levels are looked up for (infants, children or adults).
    manganese_from: str = "food"
    age_group: str = "adults"
    # When the authority gives its AI as a range (EFSA, infants aged 7-11 months): its top; `ai_mg` is its bottom.
    ai_high_mg: float | None = None

    @property
    def upper_reason(self) -> str:
        """Why there is no upper value to compare with, in a few words (for a sentence or a chart label)."""
        if self.upper_status == "not_determinable":
            return f"{self.authority} judged its {self.upper_kind} not determinable for {self.population}"
        if self.upper_status == "not_confirmed":
            return f"Whether {self.authority} set a {self.upper_kind} for {self.population} could not be confirmed"
        return f"{self.authority} set no upper value for this population"

    @property
    def upper_label(self) -> str:
        """The same for a chart's corner: 'UL not determinable', or 'no upper value'."""
        words = VALUE_STATUS_WORDS.get(self.upper_status or "")
        return f"{self.upper_kind} {words}" if words else "no upper value"

    def with_intake(self, mg_per_day: float, manganese_from: str | None = None) -> IntakeAssessment:
        """The same population's values with another total (and, if given, what it is made of) placed against them,
        as classify_intake would."""
        intake = _valid_intake(mg_per_day)
        category = intake_category(intake, self.ai_mg, self.upper_mg)
        form = self.manganese_from if manganese_from is None else _valid_form(manganese_from)
        return dataclasses.replace(self, intake_mg_per_day=intake, category=category, manganese_from=form)


def classify_intake(
    mg_per_day: float,
    *,
    age_years: float,
    sex: str,
    life_stage: str = "none",
    authority: str = "IOM",
    reference_values: pd.DataFrame | None = None,
    manganese_from: str = "food",
) -> IntakeAssessment:
    """Where `mg_per_day` (total oral intake) sits against `authority`'s values for this population.

    An intake exactly at the AI or exactly at the upper value is within range. Where the authority gives the AI as
    a range (EFSA, infants), an intake under its bottom is below the AI. `manganese_from` (food, supplement or
    water) is carried for the risk levels. `reference_values` defaults to the bundled dataset's table.
    """
    form = _valid_form(manganese_from)
    intake = _valid_intake(mg_per_day)
    age = _finite_number(age_years, "Age")
    if not 0 <= age <= MAX_AGE_YEARS:
        raise ValueError(f"Age must be between 0 and {MAX_AGE_YEARS} years, not {age:g}.")
    if sex not in SEX_LABELS:
        raise ValueError(f"Sex must be one of {', '.join(SEX_LABELS)}, not {sex!r}.")
    if life_stage not in LIFE_STAGE_LABELS:
        raise ValueError(f"Life stage must be one of {', '.join(LIFE_STAGE_LABELS)}, not {life_stage!r}.")
    if authority not in AUTHORITY_BANDS:
        raise ValueError(f"Authority must be one of {', '.join(AUTHORITY_BANDS)}, not {authority!r}.")
    problem = population_problem(age, sex, life_stage)
    if problem:
        raise ValueError(problem)
    if reference_values is None:
        reference_values = _bundled_reference_values()

    band = find_band(authority, age, life_stage)
    ai = _matching_row(reference_values, authority, "AI", age, sex, life_stage)
    ai_high = None
    if ai is None:  # an AI given only as a range: its bottom is the AI to reach, its top is shown beside it
        ai = _matching_row(reference_values, authority, "ai_range_low", age, sex, life_stage)
        ai_high = (
            None if ai is None else _matching_row(reference_values, authority, "ai_range_high", age, sex, life_stage)
        )
        if ai_high is None:
            ai = None
    upper_metric = UPPER_METRIC[authority]
    upper = _matching_row(reference_values, authority, upper_metric, age, sex, life_stage)
    ai_mg = None if ai is None else float(ai["value"])
    # A row may state that there is no number (IOM's UL for infants is not determinable): then its note says why.
    upper_status = None if upper is None else upper.get("value_status", "stated")
    stated = upper_status == "stated"
    upper_mg = float(upper["value"]) if stated else None

    category = intake_category(intake, ai_mg, upper_mg)

    upper_note, upper_note_source = ("", None) if upper is None or stated else (upper["note"], upper["source_id"])
    return IntakeAssessment(
        intake_mg_per_day=intake,
        authority=authority,
        category=category,
        ai_mg=ai_mg,
        upper_mg=upper_mg,
        upper_kind=UPPER_KIND[upper_metric],
        population=population_label(age, sex, life_stage, band),
        band=band,
        ai_value_id=None if ai is None else ai["value_id"],
        ai_source_id=None if ai is None else ai["source_id"],
        ai_verification=None if ai is None else ai["verification"],
        upper_value_id=None if upper is None else upper["value_id"],
        upper_source_id=None if upper is None else upper["source_id"],
        upper_verification=None if upper is None else upper["verification"],
        upper_note=upper_note,
        upper_note_source_id=upper_note_source,
        upper_status=upper_status,
        manganese_from=form,
        age_group=age_group(age),
        ai_high_mg=None if ai_high is None else float(ai_high["value"]),
    )


def intake_category(intake: float, ai_mg: float | None, upper_mg: float | None) -> str:
    """The category of an intake against an AI and an upper value (at the AI or at the upper value: within range)."""
    if ai_mg is None:
        return "no_reference"
    if intake < ai_mg:
        return "below_ai"
    if upper_mg is None:
        return "above_ai_no_upper"
    return "within_range" if intake <= upper_mg else "above_upper"


def population_values(dataset, age: float, sex: str, life_stage: str, authority: str) -> IntakeAssessment:
    """The population's values, as the classification of no intake; `.with_intake(total)` places a total. Looking
    the values up is the costly part of a classification, and it does not depend on the total (ui.data caches it)."""
    return classify_intake(
        0.0, age_years=age, sex=sex, life_stage=life_stage, authority=authority,
        reference_values=dataset.reference_values,
    )  # fmt: skip


def population_problem(age: float, sex: str, life_stage: str) -> str | None:
    """Why no authority has values for this population (e.g. a pregnant man), or None when it fits."""
    low, high = CHILDBEARING_AGE
    if life_stage != "none" and (sex != "female" or not low <= age < high):
        return f"Values for {life_stage} people exist for females aged {low} to {high - 1} years only."
    return None


def find_band(authority: str, age: float, life_stage: str = "none") -> tuple[float, float | None] | None:
    """The authority's age band holding `age`, or None (EFSA's bands start at 7 months)."""
    if life_stage != "none" and authority == "IOM":
        # IOM splits pregnancy and lactation into 14-18 and 19-50 years.
        return (14, 19) if age < 19 else (19, CHILDBEARING_AGE[1])
    for low, high in AUTHORITY_BANDS[authority]:
        if age >= low and (high is None or age < high):
            return (low, high)
    return None


INFANT_BAND_TEXT = {
    (0, 0.5): "0–6 months",
    (0.5, 1): "7–12 months",
    (0, 1): "under 1 year",
    (EFSA_INFANT_START, 1): "7–11 months",
}


def band_text(band: tuple[float, float | None] | None) -> str:
    """'0–6 months', '1–3 y', '19+ y': upper bounds are exclusive in the data, inclusive in words."""
    if band is None:
        return "no band"
    low, high = band
    if (low, high) in INFANT_BAND_TEXT:
        return INFANT_BAND_TEXT[(low, high)]
    if high is None:
        return f"{low:g}+ y"
    return f"{low:g}–{high - 1:g} y"


def population_label(age: float, sex: str, life_stage: str, band) -> str:
    """Words for the population, e.g. 'girls aged 14–18 y' or 'pregnant women aged 19–50 y'."""
    ages = band_text(band)
    if band is None:
        person = "infants" if age < 1 else ("females" if sex == "female" else "males")
        return f"{person} aged {age:g} y (outside the authority's bands)"
    if band[1] is not None and band[1] <= 1:
        return f"infants aged {ages}"
    adult = band[0] >= 18
    words = {("female", True): "women", ("female", False): "girls", ("male", True): "men", ("male", False): "boys"}
    person = "children" if band[0] < 9 and life_stage == "none" else words[(sex, adult)]
    prefix = f"{life_stage} " if life_stage != "none" else ""
    return f"{prefix}{person} aged {ages}"


def _valid_form(manganese_from: str) -> str:
    if manganese_from not in FORM_ORDER:
        raise ValueError(f"What the manganese is must be one of {', '.join(FORM_ORDER)}, not {manganese_from!r}.")
    return manganese_from


def _valid_intake(mg_per_day) -> float:
    intake = _finite_number(mg_per_day, "Intake")
    if intake < 0:
        raise ValueError(f"Intake must be zero or more mg/day, not {intake:g}.")
    return intake


def _finite_number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{what} must be a number, not {value!r}.")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{what} must be a finite number, not {number}.")
    return number


def _matching_row(values: pd.DataFrame, authority, metric, age, sex, life_stage) -> dict | None:
    low = values["age_min_years"].fillna(0)
    high = values["age_max_years"].fillna(math.inf)
    rows = values[
        (values["authority"] == authority)
        & (values["metric"] == metric)
        & (values["route"] == "oral_total")
        & (values["unit"] == "mg/day")
        & values["sex"].isin(["any", sex])
        & (values["life_stage"] == life_stage)
        & (low <= age)
        & (age < high)
    ]
    # load_dataset rejects overlapping rows, so at most one row matches.
    return None if rows.empty else rows.iloc[0].to_dict()


@lru_cache(maxsize=1)
def _bundled_reference_values() -> pd.DataFrame:
    from .dataset import BUNDLED_DATA_DIR, load_dataset

    return load_dataset(BUNDLED_DATA_DIR).reference_values
