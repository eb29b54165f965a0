"""Numbers and lists for the method section and the README: how well things are verified, and known gaps.

Every gap shown is a row of a data table: its note (or statement) says what is missing, in the data itself.
"""

from __future__ import annotations

import re

import pandas as pd

from .citations import NO_IDENTIFIER, has_identifier, short_label
from .vocab import (
    AUTHORITY_LABELS,
    COMPARISONS,
    IRON_MARKERS,
    METRIC_LABELS,
    VERIFICATION_LABELS,
    amount_text,
    label,
)

# Rows whose note records a gap that verification alone does not show, with a heading for each.
# Rows marked 'unverified' are gaps too and are added automatically.
KNOWN_GAP_HEADINGS = {
    "efsa_ai_adult": "EFSA's Adequate Intakes for children are left out",
    "efsa_safe_level_adult": "EFSA's safe levels for younger age bands are not confirmed",
    "efsa_safe_level_infant_7_11m": "Whether EFSA set a safe level for infants is not confirmed",
    "who_water_provisional": "The WHO provisional drinking-water value rests on a secondary summary",
}
LIFE_STAGE_WORDS = {"pregnant": "in pregnancy", "lactating": "during lactation"}
GAP_COLUMNS = ["value_id", "heading", "verification", "note"]


def verification_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many rows have each verification level, in the order primary, secondary, unverified (zeros kept)."""
    counts = frame["verification"].value_counts()
    return {code: int(counts.get(code, 0)) for code in VERIFICATION_LABELS}


def verification_sentence(frame: pd.DataFrame, noun: str) -> str:
    """'Of the 49 reference values, 29 are primary, 18 secondary and 2 unverified.'"""
    (first_code, first_count), *rest = verification_counts(frame).items()
    verb = "is" if first_count == 1 else "are"
    parts = [f"{first_count} {verb} {first_code}", *(f"{count} {code}" for code, count in rest)]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return f"Of the {len(frame)} {noun}, {listed}."


# An issuing body's report number in a source's `container` (e.g. EPA-822-R-04-003): letters, then at least two
# hyphenated parts. It identifies the report, though it is not a DOI, PubMed ID or web address.
REPORT_NUMBER = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+){2,}\b")


def identifier_sentence(sources: pd.DataFrame) -> str:
    """How many sources have a DOI, a PubMed ID or a web address, and how many have none: counted from
    sources.csv, so the Method section can never claim more than the data holds. A source with only a report number
    is said to have that, not to have nothing that could be found."""
    missing = [source for _, source in sources.iterrows() if not has_identifier(source)]
    identified = len(sources) - len(missing)
    if not missing:
        return f"All {len(sources)} sources are identified by a DOI, a PubMed ID or a web address."
    numbered = [(source, REPORT_NUMBER.search(str(source["container"]))) for source in missing]
    with_number = _listed([f"{short_label(source)} (report {found.group(0)})" for source, found in numbered if found])
    without = _listed([short_label(source) for source, found in numbered if not found])
    said = []
    if with_number:
        said.append(f"{with_number[0]} {'has' if with_number[1] == 1 else 'have'} a report number but no "
                    "DOI, PubMed ID or web address")  # fmt: skip
    if without:
        said.append(f"{without[0]} {'has' if without[1] == 1 else 'have'} none that could be found or "
                    "confirmed")  # fmt: skip
    return (
        f"{identified} of the {len(sources)} sources are identified by a DOI, a PubMed ID or a web address. Of the "
        f'other {len(missing)}, {"; ".join(said)}; their citations say "{NO_IDENTIFIER}" wherever they are cited.'
    )


def _listed(names: list[str]) -> tuple[str, int] | None:
    """'A, B and C' and how many names, or None for no names."""
    if not names:
        return None
    return (", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]), len(names)


def population_text(row: dict | pd.Series) -> str:
    """'pregnancy, 19 to under 51 years' or 'all ages': who a reference value applies to."""
    parts = []
    if row["sex"] != "any" and row["life_stage"] == "none":
        parts.append(f"{row['sex']}s")
    if row["life_stage"] in LIFE_STAGE_WORDS:
        parts.append(LIFE_STAGE_WORDS[row["life_stage"]])
    low, high = row["age_min_years"], row["age_max_years"]
    if pd.notna(low) and pd.notna(high):
        parts.append(f"ages {low:g} to under {high:g}")
    elif pd.notna(low):
        parts.append(f"ages {low:g} and over")
    elif pd.notna(high):
        parts.append(f"under age {high:g}")
    return ", ".join(parts) if parts else "all ages"


def known_gaps(reference_values: pd.DataFrame) -> pd.DataFrame:
    """The reference values with a known gap: the listed rows, then every 'unverified' row, in file order."""
    listed = reference_values["value_id"].isin(list(KNOWN_GAP_HEADINGS))
    unverified = reference_values["verification"] == "unverified"
    rows = []
    for _, row in reference_values[listed | unverified].iterrows():
        heading = KNOWN_GAP_HEADINGS.get(row["value_id"])
        if heading is None:
            heading = (
                f"{label(AUTHORITY_LABELS, row['authority']).split(' (')[0]} {label(METRIC_LABELS, row['metric'])}, "
                f"{population_text(row)}: {amount_text(row)}, not verified"
            )
        rows.append(
            {"value_id": row["value_id"], "heading": heading, "verification": row["verification"], "note": row["note"]}
        )
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


DATASET_GAP_COLUMNS = ["table", "row_id", "heading", "verification", "note"]


def dataset_gaps(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Known gaps across every table: reference values (as known_gaps), then every unverified row of
    iron_context and atomic_weights, then every source that is unverified or has no identifier."""
    frames = []
    if "reference_values" in tables:
        values = known_gaps(tables["reference_values"]).rename(columns={"value_id": "row_id"})
        frames.append(values.assign(table="reference_values"))
    rows = []
    iron = tables.get("iron_context")
    if iron is not None:
        for _, row in iron[iron["verification"] == "unverified"].iterrows():
            heading = (
                f"{label(IRON_MARKERS, row['marker'])} {label(COMPARISONS, row['comparison'])} {row['value']:g} "
                f"{row['unit']} ({row['source_id']}), not verified"
            )
            note = f"{row['statement']} Basis: {row['evidence_basis']}."
            rows.append(("iron_context", row["item_id"], heading, row["verification"], note))
    weights = tables.get("atomic_weights")
    if weights is not None:
        for _, row in weights[weights["verification"] == "unverified"].iterrows():
            heading = f"Atomic weight of {row['element']}, {row['atomic_weight']:.9g}, not verified"
            rows.append(("atomic_weights", row["symbol"], heading, row["verification"], row["note"]))
    sources = tables.get("sources")
    if sources is not None:
        for _, source in sources.iterrows():
            missing = not has_identifier(source)
            if missing or source["verification"] == "unverified":
                problem = NO_IDENTIFIER if missing else "not verified"
                note = (
                    "No DOI, PubMed ID or address on the issuing body's own site was found for this source; it is "
                    f"cited by title and container only: {source['title']}, {source['container']}."
                    if missing
                    else f"{source['title']}."
                )
                rows.append(("sources", source["source_id"], f"{short_label(source)}: {problem}",
                             source["verification"], note))  # fmt: skip
    frames.append(pd.DataFrame(rows, columns=DATASET_GAP_COLUMNS))
    return pd.concat(frames, ignore_index=True)[DATASET_GAP_COLUMNS]
