"""Meaning checks at load: data that is well-formed (right types, known codes) but wrong.

The pandera models check each cell's type and code; these check what the numbers mean: each metric in a unit
it can have and in a range it can plausibly take (11000 where 11 was meant is refused), every Adequate Intake
(AI) below the upper value set for the same population, no population with an AI left without its upper-value
row (a row stating that the value is not determinable, or not confirmed, counts: value_status), and source
addresses that are one absolute web address each. Every message names the file and the row (its id and line)
and never quotes a cell, so a message shows nothing a curator did not write on purpose.

Called by `load_dataset`, so the app, the ZIP and a notebook user all get the same refusal."""

from __future__ import annotations

import bisect
import math
import re
from urllib.parse import urlsplit

import pandas as pd

from .intake import UPPER_METRIC

# Units a metric may be stated in, and the plausible range of its value, in the first unit listed (a value in
# µg converts with MICRO). Ranges are wide (several times the known values) so a new authority's value fits; they
# catch typing errors of a factor of 1,000 and unit slips, not disagreements between authorities.
MICRO = {"µg/L": ("mg/L", 1e-3), "µg/m³": ("mg/m³", 1e-3)}
_DAY = ("mg/day",)
_WATER = ("mg/L", "µg/L")
_AIR = ("mg/m³", "µg/m³")
_BLOOD = ("µg/L",)
PLAUSIBLE: dict[str, tuple[tuple[str, ...], float, float]] = {
    "AI": (_DAY, 0.001, 20),
    "UL": (_DAY, 0.1, 100),
    "safe_level": (_DAY, 0.1, 100),
    "safe_level_range_low": (_DAY, 0.1, 100),
    "safe_level_range_high": (_DAY, 0.1, 100),
    "ai_range_low": (_DAY, 0.001, 20),
    "ai_range_high": (_DAY, 0.001, 20),
    "median_intake": (_DAY, 0.001, 50),
    "mean_intake": (_DAY, 0.001, 50),
    "daily_value": (_DAY, 0.1, 50),
    "oral_reference_dose": (("mg/kg-day",), 0.001, 10),
    "water_guideline_provisional": (_WATER, 0.001, 100),
    "water_health_based_value_former": (_WATER, 0.001, 100),
    "health_advisory_lifetime": (_WATER, 0.001, 100),
    "health_advisory_infant": (_WATER, 0.001, 100),
    "health_advisory_short_term": (_WATER, 0.001, 100),
    "secondary_mcl": (_WATER, 0.001, 100),
    "maximum_acceptable_concentration": (_WATER, 0.001, 100),
    "aesthetic_objective": (_WATER, 0.001, 100),
    "health_based_guidance": (_WATER, 0.001, 100),
    "bottled_water_standard": (_WATER, 0.001, 100),
    "pel_ceiling": (_AIR, 0.001, 100),
    "rel_twa": (_AIR, 0.001, 100),
    "rel_stel": (_AIR, 0.001, 100),
    "tlv_twa_respirable": (_AIR, 0.001, 100),
    "tlv_twa_inhalable": (_AIR, 0.001, 100),
    "inhalation_reference_concentration": (_AIR, 1e-6, 1),
    "reference_range_lower": (_BLOOD, 0.1, 1000),
    "reference_range_upper": (_BLOOD, 0.1, 1000),
    "population_mean": (_BLOOD, 0.1, 1000),
    "level_of_concern": (_BLOOD, 0.1, 1000),
}
# Pairs of metrics of one authority where the first is the lower end of the second.
ORDERED_PAIRS = (
    ("ai_range_low", "ai_range_high"),
    ("safe_level_range_low", "safe_level_range_high"),
    ("reference_range_lower", "reference_range_upper"),
)
# Metrics that give a population an Adequate Intake (EFSA gives its infants' AI as a range: its lower end counts).
AI_METRICS = ("AI", "ai_range_low")
# Characters a web address never holds unencoded (RFC 3986), and that would end or split a Markdown link.
_URL_FORBIDDEN = re.compile(r"[\s<>\"'{}|\\^`\[\]()]")
_DOI_FORBIDDEN = re.compile(r"[\s<>\"'{}|\\^`\[\]]")
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def meaning_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every meaning problem of the validated tables, each naming file and row."""
    problems = [problem for name, frame in tables.items() for problem in _non_finite_problems(name, frame)]
    if "reference_values" in tables:
        values = tables["reference_values"]
        problems += _unit_and_range_problems(values)
        problems += _ai_above_upper_problems(values)
        problems += _ordered_pair_problems(values)
        problems += _missing_upper_problems(values)
    if "sources" in tables:
        problems += _source_address_problems(tables["sources"])
    return problems


def _where(file_name: str, row_id, position: int) -> str:
    return f"{file_name}, row '{row_id}' (line {position + 2})"  # +2: the header is line 1


def _non_finite_problems(name: str, frame: pd.DataFrame) -> list[str]:
    """Infinite numbers ("inf", "1e999") parse as floats and pass ge/le-free checks: refused in every table."""
    problems = []
    for column in frame.columns:
        if not pd.api.types.is_float_dtype(frame[column]):
            continue
        bad = frame[column].map(lambda v: v is not None and not pd.isna(v) and not math.isfinite(v))
        for position in [i for i, flag in enumerate(bad) if flag][:5]:
            problems.append(
                f"{_where(f'{name}.csv', frame.iloc[position, 0], position)}, column '{column}': "
                "the number is not finite."
            )
    return problems


def _unit_and_range_problems(values: pd.DataFrame) -> list[str]:
    problems = []
    for position, row in enumerate(values.itertuples(index=False)):
        where = _where("reference_values.csv", row.value_id, position)
        if row.metric not in PLAUSIBLE:
            continue  # an unknown metric is reported by the schema
        stated = row.value_status == "stated"
        units, low, high = PLAUSIBLE[row.metric]
        if row.unit not in units:
            problems.append(
                f"{where}: unit '{row.unit}' is not a unit of metric '{row.metric}' (allowed: {', '.join(units)})."
            )
            continue
        if not stated:
            continue  # no number to check (the schema requires the value to be empty)
        value = float(row.value)
        if not math.isfinite(value):
            continue  # reported as not finite
        base_unit = units[0]
        in_base = value * (MICRO[row.unit][1] if row.unit != base_unit else 1.0)
        if value <= 0 or not low <= in_base <= high:
            problems.append(
                f"{where}: the value of metric '{row.metric}' is outside its plausible range "
                f"({low:g} to {high:g} {base_unit}); check the number and its unit."
            )
    return problems


def _span(row) -> tuple[float, float]:
    low = 0.0 if pd.isna(row.age_min_years) else float(row.age_min_years)
    high = math.inf if pd.isna(row.age_max_years) else float(row.age_max_years)
    return low, high


class _Spans:
    """Rows of one metric for one group of people, sorted by age, answering "which rows cover these ages" by
    bisection: the overlap check (dataset._overlap_problems) keeps such rows apart, so their ends are sorted too,
    and the checks below stay O(n log n) on a large operator table."""

    def __init__(self, rows):
        self.rows = sorted(rows, key=_span)
        self.ends = [_span(r)[1] for r in self.rows]

    def covering(self, low: float, high: float):
        for row in self.rows[bisect.bisect_right(self.ends, low) :]:
            if _span(row)[0] >= high:
                break
            yield row


def _groups(rows, metric: str, authority: str | None = None) -> dict[tuple[str, str], _Spans]:
    """(life stage, sex) -> the rows of `metric` that apply to that sex ("any" rows apply to both)."""
    grouped: dict[tuple[str, str], list] = {}
    for row in rows:
        if row.metric == metric and (authority is None or row.authority == authority):
            for sex in _sexes(row):
                grouped.setdefault((row.authority, row.life_stage, sex), []).append(row)
    return {key: _Spans(found) for key, found in grouped.items()}


def _sexes(row) -> tuple[str, ...]:
    return ("female", "male") if row.sex == "any" else (row.sex,)


_NO_ROWS = _Spans([])


def _ai_above_upper_problems(values: pd.DataFrame) -> list[str]:
    """Each authority's AI must be below its upper value (UL or safe level) wherever both cover the same people."""
    return _order_problems(
        values,
        [(authority, "AI", upper) for authority, upper in UPPER_METRIC.items()],
        lambda low, high: low.value < high.value,
        lambda low, high: f"the AI is not below the {high.metric} of row '{high.value_id}' for the same people.",
    )


def _ordered_pair_problems(values: pd.DataFrame) -> list[str]:
    return _order_problems(
        values,
        [(None, low, high) for low, high in ORDERED_PAIRS],
        lambda low, high: low.value <= high.value,
        lambda low, high: f"the lower end is above row '{high.value_id}', the upper end of the same range.",
    )


def _order_problems(values, pairs, in_order, describe) -> list[str]:
    # Only rows that state a number can be out of order (value_status 'stated').
    rows = [r for r in values.reset_index(drop=True).itertuples() if r.value_status == "stated"]
    found: dict[tuple[int, int], str] = {}
    for authority, low_metric, high_metric in pairs:
        highs = _groups(rows, high_metric, authority)
        for low in (r for r in rows if r.metric == low_metric and authority in (None, r.authority)):
            for sex in _sexes(low):
                for high in highs.get((low.authority, low.life_stage, sex), _NO_ROWS).covering(*_span(low)):
                    if not in_order(low, high):
                        found[(low.Index, high.Index)] = (
                            f"{_where('reference_values.csv', low.value_id, low.Index)}: {describe(low, high)}"
                        )
    return [found[key] for key in sorted(found)]


def _missing_upper_problems(values: pd.DataFrame) -> list[str]:
    """Every age an AI covers (an AI range's lower end included) must be covered by a row of the same authority's
    upper value for the same people, at every age, infants included: a row stating a number, or one stating that
    the value is not determinable or not confirmed (value_status), whose note says why. So a deleted UL row is
    refused here instead of the dose page saying the authority set no upper value."""
    problems = []
    rows = list(values.reset_index(drop=True).itertuples())
    for authority, upper_metric in UPPER_METRIC.items():
        uppers = _groups(rows, upper_metric, authority)
        for ai in (r for r in rows if r.authority == authority and r.metric in AI_METRICS):
            low, high = _span(ai)
            for sex in _sexes(ai):
                covering = uppers.get((authority, ai.life_stage, sex), _NO_ROWS).covering(low, high)
                gap = _first_gap(low, high, [_span(u) for u in covering])
                if gap is not None:
                    end = "" if math.isinf(gap[1]) else f" to {gap[1]:g}"
                    problems.append(
                        f"{_where('reference_values.csv', ai.value_id, ai.Index)}: no {upper_metric} row of "
                        f"{authority} covers ages {gap[0]:g}{end} ({sex}, life stage '{ai.life_stage}'); "
                        "add it, or a row saying it is not determinable (value_status)."
                    )
    return problems


def _first_gap(low: float, high: float, spans: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The first part of [low, high) that no span covers, or None."""
    reach = low
    for start, end in spans:
        if reach >= high:
            break
        if start > reach:
            return reach, min(start, high)
        reach = max(reach, end)
    return (reach, high) if reach < high else None


def _source_address_problems(sources: pd.DataFrame) -> list[str]:
    problems = []
    for position, row in enumerate(sources.itertuples(index=False)):
        where = _where("sources.csv", row.source_id, position)
        if row.url and not is_single_web_address(row.url):
            problems.append(f"{where}: the url is not one absolute http(s) address.")
        if row.doi and _DOI_FORBIDDEN.search(row.doi):
            problems.append(f"{where}: the DOI holds a space or a character a link cannot carry.")
    return problems


def is_single_web_address(text: str) -> bool:
    """One absolute http(s) address: a host, no space, no character that ends or splits a link, no second
    scheme inside it."""
    if _URL_FORBIDDEN.search(text) or text.lower().count("://") != 1:
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and bool(_HOST.match(parts.netloc))
