"""The dose page's model: intake parts and their total, input limits, typical intakes, and the
sentences that say what each chart shows. Plain Python; numbers come from the dataset."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import pandas as pd

from .intake import IntakeAssessment, population_problem
from .risk_levels import level_rows
from .schemas import split_ids
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
# Decimals of the age input (pages/dose.py shows it as "%.1f"): the age is used as shown, so 18.96, shown as
# 19.0, is answered for 19-year-olds, not for 14–18.
AGE_DECIMALS = 1
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
        if "age" not in problems:
            values["age"] = float(f"{values['age']:.{AGE_DECIMALS}f}") + 0.0  # the age shown is the age used
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


# EFSA values that exist only as a range for an age span: (low metric, high metric).
EFSA_RANGES = (("safe_level_range_low", "safe_level_range_high"), ("ai_range_low", "ai_range_high"))


def efsa_child_range(reference_values: pd.DataFrame, age: float) -> tuple[dict, dict] | None:
    """EFSA's range for a young age with no single value, if `age` falls in its span: the lowest and highest safe
    level for children and adolescents (1-17 y), or the Adequate Intake range for infants (7-11 months)."""
    for low_metric, high_metric in EFSA_RANGES:
        low = _rows_for(reference_values, "EFSA", low_metric, age, "any")
        high = _rows_for(reference_values, "EFSA", high_metric, age, "any")
        if not low.empty and not high.empty:
            return low.iloc[0].to_dict(), high.iloc[0].to_dict()
    return None


def efsa_child_range_of(dataset, age: float) -> tuple[dict, dict] | None:
    """efsa_child_range over a whole dataset (the form ui/data.py caches)."""
    return efsa_child_range(dataset.reference_values, age)


def levels_at(
    category: str,
    risk_by_intake: pd.DataFrame,
    risks: pd.DataFrame,
    *,
    authority: str,
    manganese_from: str = "food",
    age_group: str = "adults",
) -> pd.DataFrame:
    """For an intake category, an authority, what the manganese is and an age group: each risk's level, rationale,
    sources and the row's scope, in risks.csv order (empty strings where no row applies)."""
    if authority not in REGION:
        raise ValueError(f"Authority must be one of {', '.join(REGION)}, not {authority!r}.")
    rated = level_rows(risk_by_intake, category, authority, manganese_from, age_group)
    rows = []
    for _, risk in risks.iterrows():
        found = rated.get(risk["risk_id"], {})
        rows.append(
            {
                "risk_id": risk["risk_id"],
                "risk_type": risk["risk_type"],
                **{column: found.get(column, "") for column in LEVEL_COLUMNS},
            }
        )
    return pd.DataFrame(rows, columns=["risk_id", "risk_type", *LEVEL_COLUMNS])


LEVEL_COLUMNS = ("level", "rationale", "source_ids", "authority", "manganese_from", "age_group")


def levels_at_of(dataset, category: str, authority: str, manganese_from: str, age_group: str) -> pd.DataFrame:
    """levels_at over a whole dataset (the form ui/data.py caches)."""
    return levels_at(
        category, dataset.risk_by_intake, dataset.risks, authority=authority, manganese_from=manganese_from,
        age_group=age_group,
    )  # fmt: skip


def level_source_ids(levels: pd.DataFrame) -> list[str]:
    """Every source the levels rest on, once each, in order."""
    return list(dict.fromkeys(i for cell in levels["source_ids"] for i in split_ids(cell)))


def levels_of(dataset, result: IntakeAssessment) -> pd.DataFrame:
    """The levels that apply to a classified intake."""
    return levels_at_of(dataset, result.category, result.authority, result.manganese_from, result.age_group)


def shown_amount(value: float, references) -> str:
    """`value` with one decimal, or as many more as it takes for the shown number to compare with each reference
    (shown with :g) as the value itself does: never "2.2 is below 2.2" (2.17 against 2.2) or "11.0 is above 11"
    (11.01 against 11)."""
    return _shown(value, references, [f".{decimals}f" for decimals in range(1, 13)])


def shown_figure(value: float, references) -> str:
    """`value` as :g writes it (6 significant digits), or with more digits when the shown number would compare
    with a reference otherwise than the value does (75.0000001 against a threshold of 75 is not shown as "75")."""
    return _shown(value, references, [f".{digits}g" for digits in range(6, 18)])


def _shown(value: float, references, formats: list[str]) -> str:
    """`value` in the first of `formats` whose text compares with every reference as the value itself does."""
    targets = [float(f"{r:g}") for r in references if r is not None]
    for spec in formats:
        text = format(value, spec)
        if all(_sign(float(text) - t) == _sign(value - t) for t in targets):
            return text
    return repr(value)


def _sign(difference: float) -> int:
    return (difference > 0) - (difference < 0)


def intake_sentence(result: IntakeAssessment, child_range: tuple[dict, dict] | None = None) -> str:
    """One sentence: where the total sits against the authority's values for the population; the total is shown
    with enough digits that the words follow from the numbers as shown."""
    total = f"A total of {shown_amount(result.intake_mg_per_day, [result.ai_mg, result.upper_mg])} mg/day"
    upper = _upper_words(result)
    who = f"for {result.population}"
    if result.ai_mg is None:
        return _no_reference_sentence(result, who, child_range)
    if result.ai_high_mg is not None:
        return _ai_range_sentence(result, who)
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
        times = result.intake_mg_per_day / result.ai_mg
        multiple = f", about {times:,.0f} times the AI" if times >= 2 else ""
        return f"{total} is at or above {ai} {who}{multiple}. {_no_upper_words(result)}"
    return _no_reference_sentence(result, who, child_range)


def _no_upper_words(result: IntakeAssessment) -> str:
    """Why there is no upper value: the note of the row that says so (reference_values.csv), which names where it
    was read, or, with no row at all, that the authority set none."""
    return f"{result.upper_note.strip().rstrip('.')}." if result.upper_note else f"{result.upper_reason}."


def _ai_range_sentence(result: IntakeAssessment, who: str) -> str:
    """EFSA's infants: the AI is a range; the total is placed below, within or above it."""
    low, high, intake = result.ai_mg, result.ai_high_mg, result.intake_mg_per_day
    where = "below that range" if intake < low else ("above that range" if intake > high else "within that range")
    shown = shown_amount(intake, [low, high])
    sentence = (
        f"A total of {shown} mg/day {who} is compared with their Adequate Intake (AI), which EFSA gives as a "
        f"range, {low:g} to {high:g} mg/day{_flag(result.ai_verification)}: {shown} mg/day is {where}."
    )
    if result.upper_note:
        sentence += f" {_no_upper_words(result)}"
    return sentence


def _no_reference_sentence(result: IntakeAssessment, who: str, child_range) -> str:
    limits = [float(row["value"]) for row in child_range] if child_range is not None else []
    intake = f"{shown_amount(result.intake_mg_per_day, limits)} mg/day"
    sentence = f"This dataset has no confirmed {result.authority} value {who}."
    if child_range is not None and child_range[0]["metric"] == "safe_level_range_low":
        low, high = (float(child_range[0]["value"]), float(child_range[1]["value"]))
        # Which age gets which value is not confirmed: an intake is placed only against what holds for every age.
        if result.intake_mg_per_day > high:
            where = f"{intake} is above every one of them, whichever applies at this age"
        elif result.intake_mg_per_day < low:
            where = f"{intake} is below every one of them, whichever applies at this age"
        else:
            where = f"whether {intake} is above or below the value for this age cannot be said from what was confirmed"
        sentence += (
            f" For population groups other than adults, EFSA gives safe levels from {low:g} to {high:g} mg/day"
            f"{_flag(child_range[0]['verification'])}; the lowest child value is {low:g} mg/day, and which age gets "
            f"which value could not be confirmed, so {where}."
        )
    if result.upper_note:
        sentence += f" {_no_upper_words(result)}"
    return sentence


def levels_sentence(
    levels: pd.DataFrame, result: IntakeAssessment | None = None, intake_parts: IntakeParts | None = None
) -> str:
    """What the evidence says about each risk at this intake (for this authority, kind of manganese and age group),
    or why no level applies. Rows set for a kind of manganese or an age group give their reason in full, so the
    sentence names the source (VKM 2018 for supplements, Greger 1998 for water, IOM for infants); with the reader's
    intake parts, a reason set for water or a supplement is followed by the reader's own amount of it, to set
    against the amounts the sources studied."""
    rated = levels[levels["level"].astype(bool)] if not levels.empty else levels
    prefix = ""
    if result is not None and result.category == "above_ai_no_upper":
        prefix = f"{result.upper_reason}, so the guide's risks are not rated above the Adequate Intake"
        if rated.empty:
            return prefix + "."
        prefix += ", except what follows for this age group and kind of manganese. "
    elif rated.empty:
        return "Without a reference value for this population, the risk levels by intake category do not apply."
    form = FORM_WORDS.get(result.manganese_from, "") if result is not None else ""
    parts = [f"{row.risk_type}: {level_words(row.level)}" for row in rated.itertuples()]
    sentence = (
        prefix + f"At this intake{form} the evidence rates the guide's risks as follows. " + "; ".join(parts) + "."
    )
    for row in rated.itertuples():
        if row.manganese_from not in ("", "any") or row.age_group not in ("", "any"):
            sentence += f" {row.risk_type}, why: {row.rationale}" + _own_amount(row.manganese_from, intake_parts)
    return sentence


def _own_amount(form: str, parts: IntakeParts | None) -> str:
    """The reader's own amount of the form a level row is set for (none for food-only or "any" rows)."""
    if parts is None:
        return ""
    if form == "water" and parts.water_mg > 0:
        return f" Your drinking water gives {parts.water_mg:.3g} mg/day."
    if form == "supplement" and parts.supplement_mg > 0:
        return f" Your supplement gives {parts.supplement_mg:.3g} mg/day."
    return ""


# How the levels sentence says what the manganese is (the chart's title says the same, from the same codes).
FORM_WORDS = {"food": ", all of it from food,", "supplement": ", with manganese from a supplement,",
              "water": ", with manganese from drinking water,",
              "supplement_and_water": ", with manganese from a supplement and from drinking water,"}  # fmt: skip


def level_words(level: str) -> str:
    """A level as the sentence says it: its label without the explanation in brackets, in lower case."""
    return label(RISK_LEVEL_LABELS, level).split(" (")[0].lower()


def authority_difference_sentence(compared: list[tuple[IntakeAssessment, pd.DataFrame]]) -> str | None:
    """With both authorities side by side: where their levels differ, why, in words (None when they agree)."""
    if len(compared) != 2:
        return None
    (first, first_levels), (second, second_levels) = compared
    a, b = (levels.set_index("risk_id") for levels in (first_levels, second_levels))
    differing = [
        f"{a.loc[risk, 'risk_type']}: {level_words(a.loc[risk, 'level']) if a.loc[risk, 'level'] else 'not rated'} "
        f"({first.authority}) against {level_words(b.loc[risk, 'level']) if b.loc[risk, 'level'] else 'not rated'} "
        f"({second.authority})"
        for risk in a.index
        if a.loc[risk, "level"] != b.loc[risk, "level"]
    ]
    if not differing:
        return None
    words = {
        "below_ai": "below the Adequate Intake",
        "within_range": "between the Adequate Intake and the upper value",
        "above_upper": "above the upper value",
        "above_ai_no_upper": "at or above the Adequate Intake, with no upper value",
        "no_reference": "without a reference value",
    }
    where = (
        f"The total is {words[first.category]} for {first.authority} and {words[second.category]} for "
        f"{second.authority}, because the two set different values"
        if first.category != second.category
        else f"The total is {words[first.category]} for both"
    )
    return (
        f"The two columns differ on {len(differing)} risk{'s' if len(differing) > 1 else ''}: "
        + "; ".join(differing)
        + f". {where}. The evidence is the same; what differs is the reference line. "
        + " ".join(dict.fromkeys(_category_meaning(r.category, r.authority) for r in (first, second)))
    )


def _category_meaning(category: str, authority: str) -> str:
    """What a level means in this intake category for this authority, for the authority difference sentence: only
    the categories the two totals actually fall in are explained."""
    if category == "above_upper" and authority == "EFSA":
        return (
            "Above EFSA's safe level, which is not a threshold of harm (EFSA did not define the intake at which risk "
            "starts to rise), the risk is not characterised."
        )
    meanings = {
        "above_upper": "Above IOM's Tolerable Upper Intake Level (UL), the levels say what is known about excess.",
        "within_range": "Between the Adequate Intake and the upper value, the levels are those for ordinary and "
        "higher intakes.",
        "below_ai": "Below the Adequate Intake, the levels are those for low intake, where the guide's claims are "
        "about too little manganese.",
        "above_ai_no_upper": "With no upper value, the risks are not rated above the Adequate Intake, except where a "
        "level is set for the kind of manganese or the age group.",
        "no_reference": "Without a reference value, the levels do not apply.",
    }
    return meanings[category]


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


# --- Iron panel ------------------------------------------------------------------------------------------------

# The data rows the iron-stores sentence's words rest on, besides the iron_context rows it quotes: iron short in
# the brain in RLS (a mechanism link) and what the RLS guidelines test (claim C10). Its sources are read from
# these rows, so they follow the data (table, key column, key).
IRON_STORES_ROWS = (("mechanism_edges", "edge_id", "brain_iron_rls"), ("claims", "claim_id", "C10"))


def iron_stores_source_ids(dataset) -> list[str]:
    """The sources of IRON_STORES_ROWS in a Dataset, in order, each once (a row missing from the data gives none)."""
    ids: list[str] = []
    for table, key, value in IRON_STORES_ROWS:
        frame = getattr(dataset, table)
        for cell in frame.loc[frame[key] == value, "source_ids"]:
            ids += split_ids(cell)
    return list(dict.fromkeys(ids))


FERRITIN_ITEMS = {
    "any_route": "aasm_ferritin_iron_any_route",
    "tsat": "aasm_tsat_iron_any_route",
    "iv_only_upper": "aasm_ferritin_iv_only_upper",
    "fcm": "irlssg_ferritin_fcm",
    "irlssg_oral": "irlssg_ferritin_oral",
    "aan_oral": "aan_ferritin_oral",
}


def iron_stores_sentence(iron_context: pd.DataFrame) -> str:
    """How iron stores change manganese absorption, and why RLS guidelines test iron: every number from the data."""
    items = iron_context.set_index("item_id")
    men, women = items.loc["iom_mn_absorption_men"], items.loc["iom_mn_absorption_women"]
    high = items.loc["finley_absorption_high_ferritin"]
    low_values = sorted(
        float(items.loc[i, "value"])
        for i in ("finley_absorption_low_ferritin_high_mn", "finley_absorption_low_ferritin_low_mn")
    )
    return (
        f"Low iron stores raise manganese absorption. In the studies the IOM reviewed, men absorbed on average "
        f"{men['value']:g}% of a 1 mg test dose and women {women['value']:g}%, and absorption was higher when ferritin "
        f"was lower. In a controlled diet study, young women with ferritin below 15 ng/mL absorbed {low_values[0]:g}% "
        f"to {low_values[1]:g}% of a test dose, against {high['value']:g}% in women with ferritin above 50 ng/mL "
        "(Finley and Johnson, USDA, 1997). In Restless Legs Syndrome (RLS), iron can be short inside the brain, "
        "sometimes with normal blood iron tests (AASM 2024 summary; autopsy study, Connor 2003). RLS guidelines "
        "test ferritin and transferrin saturation because low iron stores contribute to RLS and these results "
        "decide whether iron is given, and whether by mouth or into a vein (AASM 2024, IRLSSG 2018, AAN 2016); none "
        "of them, in the parts read, asks for a manganese test."
    )


def ferritin_sentence(value: float, iron_context: pd.DataFrame) -> str:
    """Where a serum ferritin value (ng/mL) sits against every guideline threshold in iron_context.csv."""
    items = iron_context.set_index("item_id")

    def threshold(key: str) -> str:
        row = items.loc[FERRITIN_ITEMS[key]]
        return f"{row['value']:g} {row['unit']}{_flag(row['verification'])}"

    low = float(items.loc[FERRITIN_ITEMS["any_route"], "value"])
    iv_upper = float(items.loc[FERRITIN_ITEMS["iv_only_upper"], "value"])
    fcm = float(items.loc[FERRITIN_ITEMS["fcm"], "value"])
    thresholds = [float(items.loc[item, "value"]) for item in FERRITIN_ITEMS.values()]
    given = f"A ferritin of **{shown_figure(value, thresholds)} ng/mL**"
    fcm_words = (
        f"below {threshold('fcm')}, the ceiling for entering the trials in which IRLSSG 2018 found intravenous "
        "ferric carboxymaltose effective for adults with moderate to severe RLS (an entry criterion of those trials, "
        "not a level under which intravenous iron is shown to work)"
    )
    if value <= low:
        where = (
            f"{given} is at or below {threshold('any_route')}: AASM 2024 (consensus) considers iron by mouth or "
            f"intravenously at this level, IRLSSG 2018 found oral iron possibly effective at or below "
            f"{threshold('irlssg_oral')}, and AAN 2016 says clinicians should consider oral iron at or below "
            f"{threshold('aan_oral')} (a Level B recommendation). "
            f"It is also {fcm_words}."
        )
    elif value <= iv_upper:
        where = (
            f"{given} is above {low:g} ng/mL, inside AASM 2024's intravenous-only band from {low:g} to "
            f"{threshold('iv_only_upper')}, and {fcm_words}."
        )
    elif value < fcm:
        where = (
            f"{given} is above AASM 2024's thresholds ({low:g} ng/mL, and {threshold('iv_only_upper')} for intravenous "
            f"iron only) but {fcm_words}."
        )
    else:
        where = (
            f"{given} is at or above {threshold('fcm')}, the ceiling for entering the ferric carboxymaltose trials "
            "reviewed by IRLSSG 2018, and above every guideline threshold in this dataset."
        )
    tsat = items.loc[FERRITIN_ITEMS["tsat"]]
    return (
        f"{where} Ferritin is not the only test: AASM 2024 also counts a transferrin saturation below "
        f"{tsat['value']:g}{tsat['unit']}{_flag(tsat['verification'])}, whatever the ferritin. This is context, not "
        "advice: only a clinician can interpret a result."
    )


def life_stage_sentence(stages: pd.DataFrame) -> str:
    """What the life-stage chart's lines and markers mean, with how many values are not from a primary source."""
    not_primary = int((stages["verification"] != "primary").sum())
    return (
        "Each segment spans the authority's own age band, so the two authorities' band edges stay visible. Solid "
        "lines are AIs, dashed lines upper values (IOM UL, EFSA safe level). Open markers are values confirmed only "
        f"in secondary sources or unverified: {not_primary} of {len(stages)} here."
    )


def water_sentence(water_ug_per_l: float, water_values: pd.DataFrame) -> str:
    """Where the user's tap water sits among the drinking-water values (Markdown: the value in bold)."""
    if not water_ug_per_l:
        return (
            "Enter your tap water's manganese above to place it on this chart. Values about taste and colour, not "
            "health, say so in their note."
        )
    above = int((water_values["value_ug_per_l"] < water_ug_per_l).sum())
    return (
        f"Your tap water at **{water_ug_per_l:g} µg/L** is above {above} of the {len(water_values)} drinking-water "
        "values shown. Some are about taste and colour rather than health: the note on each says which."
    )


def air_sentence(air_values: pd.DataFrame) -> str:
    return (
        f"Workplace limits for manganese in air range from {air_values['value'].min():g} to "
        f"{air_values['value'].max():g} mg/m³. They concern breathing dust or fume at work and cannot be converted "
        "into a dietary intake."
    )


def iron_stores_of(dataset) -> tuple[str, list[str]]:
    """(the iron-stores sentence, the sources of the rows it rests on: iron_context's, then IRON_STORES_ROWS'),
    over a whole dataset (the form ui/data.py caches: it depends on the data only)."""
    return iron_stores_sentence(dataset.iron_context), list(
        dict.fromkeys([*dataset.iron_context["source_id"], *iron_stores_source_ids(dataset)])
    )


def typical_intake_of(dataset, age: float, sex: str, authority: str) -> dict | None:
    """typical_intake over a whole dataset (the form ui/data.py caches)."""
    return typical_intake(dataset.reference_values, age, sex, authority)
