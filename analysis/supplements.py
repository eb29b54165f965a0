"""Supplements on their own: what authorities say about manganese from supplements as such, apart from the
total intake (supplement_statements.csv), and where an entered supplement amount sits against the doses an
authority assessed. Statements are reported, never turned into advice."""

from __future__ import annotations

import pandas as pd

from .citations import short_label
from .dose import shown_figure
from .provenance import verification_word
from .vocab import AGE_GROUP_LABELS, SUPPLEMENT_SCOPE_LABELS, label

# Statement order on the page: supplements first, then water and supplements, then total intake.
SCOPE_ORDER = list(SUPPLEMENT_SCOPE_LABELS)


def supplement_rows(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements in page order: by scope, then by dose (statements without a dose last), then file order."""
    order = statements["scope"].map({scope: i for i, scope in enumerate(SCOPE_ORDER)})
    return (
        statements.assign(_scope=order, _dose=statements["dose_mg_per_day"].fillna(float("inf")))
        .sort_values(["_scope", "_dose"], kind="stable")
        .drop(columns=["_scope", "_dose"])
        .reset_index(drop=True)
    )


def supplement_view(statements: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The table the dose page shows: who says it, about what, the dose if any, the statement, verification."""
    rows = supplement_rows(statements)
    by_id = sources.set_index("source_id")
    return pd.DataFrame(
        {
            "Source": rows["source_id"].map(lambda s: short_label(by_id.loc[s]) if s in by_id.index else s),
            "About": rows["scope"].map(lambda s: label(SUPPLEMENT_SCOPE_LABELS, s)),
            "For": rows["age_group"].map(lambda a: label(AGE_GROUP_LABELS, a)),
            "Dose (mg/day)": rows["dose_mg_per_day"].map(lambda d: "–" if pd.isna(d) else f"{d:g}"),
            "What it says": rows["statement"],
            "Verification": rows["verification"].map(verification_word),
            "Note": rows["note"].map(lambda n: n or "–"),
        }
    )


def assessed_doses(statements: pd.DataFrame, age_group: str = "adults") -> list[float]:
    """The supplement doses (mg/day) that statements about supplements for this age group name, smallest first."""
    doses = _for_age(statements, age_group).loc[lambda s: s["scope"] == "supplements", "dose_mg_per_day"].dropna()
    return sorted(set(float(d) for d in doses))


def _for_age(statements: pd.DataFrame, age_group: str) -> pd.DataFrame:
    return statements[statements["age_group"].isin(["any", age_group])]


def supplement_sentence_of(dataset, supplement_mg: float, age_group: str = "adults") -> str:
    """supplement_sentence over a whole dataset (the form ui/data.py caches)."""
    return supplement_sentence(supplement_mg, dataset.supplement_statements, dataset.sources, age_group)


def supplement_sentence(
    supplement_mg: float, statements: pd.DataFrame, sources: pd.DataFrame, age_group: str = "adults"
) -> str:
    """Where the entered supplement amount sits against the doses assessed for this age group, as a report of what
    was assessed. Infants get the statement set for them (IOM: food and formula only), never adults' doses."""
    amount = f"{supplement_mg:g} mg/day"
    if age_group == "infants":
        said = _for_age(statements, "infants")
        said = said[(said["scope"] == "supplements") & (said["age_group"] == "infants")]
        infant_words = " ".join(said["statement"]) or "No statement in the dataset is about supplements for infants."
        if supplement_mg <= 0:
            return f"No supplement entered. {infant_words}"
        return (
            f"{infant_words} The supplement amount entered, {amount}, is therefore not compared with supplement doses "
            "assessed for adults."
        )
    doses = assessed_doses(statements, age_group)
    if not doses:
        adult_doses = assessed_doses(statements, "adults")
        if age_group == "adults" or not adult_doses:
            return "No statement in the dataset names a supplement dose."
        listed = ", ".join(f"{d:g}" for d in adult_doses)
        return (
            f"No statement in the dataset names a supplement dose for children or adolescents: the doses assessed "
            f"({listed} mg/day) were for adults, so the {amount} entered is not compared with them."
        )
    dosed = statements[
        (statements["scope"] == "supplements")
        & statements["dose_mg_per_day"].notna()
        & statements["age_group"].isin(["any", age_group])
    ]
    names = sorted({short_label(s) for _, s in sources[sources["source_id"].isin(dosed["source_id"])].iterrows()})
    listed = ", ".join(f"{d:g}" for d in doses[:-1]) + f" and {doses[-1]:g}" if len(doses) > 1 else f"{doses[0]:g}"
    who = " and ".join(names)
    intro = (
        f"{who} assessed supplement doses of {listed} mg/day for adults and judged that each may increase the risk "
        "of irreversible harm to the nervous system"
    )
    if supplement_mg <= 0:
        return f"No supplement entered. {intro}."
    reached = [d for d in doses if supplement_mg >= d]
    amount = f"{shown_figure(supplement_mg, doses)} mg/day"  # never "1 mg/day is below ... 1" for 0.9999999
    if not reached:
        return f"The supplement amount entered, {amount}, is below the smallest of these doses. {intro}."
    count = f"all {len(doses)}" if len(doses) == len(reached) else f"{len(reached)} of the {len(doses)}"
    return (
        f"The supplement amount entered, {amount}, is at or above {count} assessed doses "
        f"({', '.join(f'{d:g}' for d in reached)} mg/day). {intro}."
    )
