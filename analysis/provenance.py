"""Who cites what: the reverse citation index over every table of the dataset.

Written over `TABLE_MODELS`, never over a fixed list of tables: any table with a `source_id` or
`source_ids` column is indexed, so a table added later (mechanism edges, for example) is covered as
soon as it has a model.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .citations import doi_link, format_citation, pubmed_link, short_label, source_link
from .dataset import Dataset
from .intake import band_text
from .mechanism import edge_sentence
from .schemas import TABLE_MODELS, split_ids
from .vocab import (
    AGE_GROUP_LABELS,
    AUTHORITY_SHORT,
    COMPARISONS,
    DESIGN_LABELS,
    EVIDENCE_TYPE_LABELS,
    GUIDE_KIND,
    INTAKE_CATEGORY_LABELS,
    IRON_MARKERS,
    MANGANESE_FROM_LABELS,
    METRIC_LABELS,
    RISK_AUTHORITIES,
    RISK_LEVEL_LABELS,
    ROUTE_LABELS,
    SOURCE_KIND_LABELS,
    SUBJECT_LABELS,
    SUPPLEMENT_SCOPE_LABELS,
    VERDICT_LABELS,
    VERIFICATION_LABELS,
    WORKUP_STEP_LABELS,
    amount_text,
    label,
)

SOURCES_TABLE = "sources"
# Columns that cite sources: one id, or a semicolon-separated list of ids.
SOURCE_ID_COLUMNS = ("source_id", "source_ids")
# How one row of a table is named to a reader, singular and plural; other tables fall back to their name.
TABLE_NOUNS = {
    "claims": ("claim", "claims"),
    "risks": ("risk", "risks"),
    "reference_values": ("reference value", "reference values"),
    "risk_by_intake": ("risk level by intake", "risk levels by intake"),
    "iron_context": ("iron context row", "iron context rows"),
    "atomic_weights": ("atomic weight", "atomic weights"),
    "mechanism_edges": ("mechanism link", "mechanism links"),
    "claim_sources": ("claim–source finding", "claim–source findings"),
    "supplement_statements": ("supplement statement", "supplement statements"),
    "iron_workup": ("iron work-up line", "iron work-up lines"),
    "bottom_line": ("sentence of the short answer", "sentences of the short answer"),
}
INDEX_COLUMNS = ["source_id", "table", "row_key", "column"]


def dataset_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Every table of the dataset by file name (without .csv), in the order of TABLE_MODELS."""
    return {name: getattr(dataset, name) for name in TABLE_MODELS}


def citing_columns(table: str, frame: pd.DataFrame) -> list[str]:
    """The columns of `table` that cite sources (none for sources.csv itself, whose source_id is its key)."""
    if table == SOURCES_TABLE:
        return []
    return [column for column in SOURCE_ID_COLUMNS if column in frame.columns]


def key_columns(table: str, frame: pd.DataFrame) -> list[str]:
    """The columns that identify a row: the model's unique column set, else its first unique column."""
    model = TABLE_MODELS.get(table)
    if model is not None:
        schema = model.to_schema()
        if schema.unique:
            return [c for c in schema.unique if c in frame.columns]
        for name, column in schema.columns.items():
            if column.unique and name in frame.columns:
                return [name]
    return []


def row_keys(table: str, frame: pd.DataFrame) -> pd.Series:
    """A readable key per row ('C3', 'neurotoxicity / below_ai'); 'line N' of the CSV when there is no key."""
    columns = key_columns(table, frame)
    if not columns:
        return pd.Series([f"line {i + 2}" for i in range(len(frame))], index=frame.index, dtype=object)
    # "any" (risk_by_intake.csv: a level for every authority, kind of manganese or age group) says nothing: left out.
    return frame[columns].astype(str).agg(lambda cells: " / ".join(c for c in cells if c != "any"), axis=1)


def citation_index(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per citation: which source is cited by which row (table, row_key) through which column."""
    records = []
    for table, frame in tables.items():
        columns = citing_columns(table, frame)
        if not columns:
            continue
        keys = row_keys(table, frame)
        for column in columns:
            for position, cell in zip(frame.index, frame[column], strict=True):
                for source_id in dict.fromkeys(split_ids(cell)):
                    records.append((source_id, table, keys[position], column))
    return pd.DataFrame(records, columns=INDEX_COLUMNS)


def uncited_sources(tables: Mapping[str, pd.DataFrame], exempt_kinds: tuple[str, ...] = (GUIDE_KIND,)) -> list[str]:
    """Sources that nothing cites, except those of the exempt kinds (the audited guide is the claims' origin)."""
    sources = tables[SOURCES_TABLE]
    cited = set(citation_index(tables)["source_id"])
    exempt = sources["kind"].isin(list(exempt_kinds))
    return [s for s in sources.loc[~exempt, "source_id"] if s not in cited]


def dangling_citations(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Citations of source ids that sources.csv does not hold (empty when every citation resolves)."""
    index = citation_index(tables)
    known = set(tables[SOURCES_TABLE]["source_id"])
    return index[~index["source_id"].isin(known)].reset_index(drop=True)


def citing_rows(tables: Mapping[str, pd.DataFrame], source_id: str) -> dict[str, pd.DataFrame]:
    """The rows of each table that cite `source_id`, by table (tables that do not cite it are left out)."""
    result = {}
    for table, frame in tables.items():
        columns = citing_columns(table, frame)
        if not columns:
            continue
        cites = pd.Series(False, index=frame.index)
        for column in columns:
            cites |= frame[column].map(lambda cell: source_id in split_ids(cell))
        if cites.any():
            result[table] = frame[cites].reset_index(drop=True)
    return result


def table_noun(table: str, count: int) -> str:
    singular, plural = TABLE_NOUNS.get(table, (f"{table.replace('_', ' ')} row", f"{table.replace('_', ' ')} rows"))
    return singular if count == 1 else plural


def cited_by_summary(index: pd.DataFrame, source_id: str) -> str:
    """'2 claims · 1 risk · 12 reference values', in table order; '' when nothing cites the source."""
    rows = index[index["source_id"] == source_id].drop_duplicates(["table", "row_key"])
    counts = rows.groupby("table", sort=False).size()
    return " · ".join(f"{count} {table_noun(table, count)}" for table, count in counts.items())


def sources_catalogue(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The sources page's table: one row per source with its citation, kind, verification, links and citers."""
    sources = tables[SOURCES_TABLE]
    index = citation_index(tables)
    guide = sources["kind"] == GUIDE_KIND
    cited_by = [
        "Nothing (this is the audited guide, where the claims come from)"
        if is_guide
        else (cited_by_summary(index, source_id) or "Nothing")
        for source_id, is_guide in zip(sources["source_id"], guide, strict=True)
    ]
    return pd.DataFrame(
        {
            "Source": sources.apply(short_label, axis=1),
            "Citation": sources.apply(format_citation, axis=1),
            "Kind": sources["kind"].map(lambda k: label(SOURCE_KIND_LABELS, k)),
            "Verification": sources["verification"].map(lambda v: verification_word(v)),
            "Cited by": cited_by,
            "Link": sources.apply(lambda s: source_link(s) or None, axis=1),
            "DOI": sources.apply(lambda s: doi_link(s) or None, axis=1),
            "PubMed": sources.apply(lambda s: pubmed_link(s) or None, axis=1),
        }
    )


def verification_word(code: str) -> str:
    """'Primary', 'Secondary' or 'Unverified': the label without its explanation."""
    return label(VERIFICATION_LABELS, code).split(" (")[0]


def verification_meaning(code: str) -> str:
    """What a verification level means: 'read in the issuing body's own document or record.'"""
    inside = label(VERIFICATION_LABELS, code).partition(" (")[2].rstrip(")")
    return f"{inside}." if inside else label(VERIFICATION_LABELS, code)


def readable_rows(table: str, rows: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of `table` as a person reads them: labels instead of codes, names instead of ids, "–" for an empty
    cell. Id and source columns are left out: the page around it already names the source."""
    build = _READABLE.get(table)
    if build is None:  # a table added later: its own columns, codes kept, empty cells marked
        shown = rows.drop(columns=[c for c in rows.columns if c.endswith(("_id", "_ids"))])
        return shown.rename(columns=lambda c: c.replace("_", " ").capitalize()).fillna("–")
    return pd.DataFrame([build(row, tables) for _, row in rows.iterrows()], dtype=object).fillna("–")


def _who(row) -> str:
    """'Women, pregnant, 19–50 y', 'Everyone, 1–3 y', 'Adults' for a reference value's population."""
    sex = {"any": "Everyone", "female": "Female", "male": "Male"}.get(row["sex"], row["sex"])
    stage = "" if row["life_stage"] == "none" else f", {row['life_stage']}"
    low, high = row["age_min_years"], row["age_max_years"]
    if pd.isna(low) and pd.isna(high):
        return f"{sex}{stage}, all ages"
    band = (0 if pd.isna(low) else float(low), None if pd.isna(high) else float(high))
    return f"{sex}{stage}, {band_text(band)}"


def _reference_value(row, tables) -> dict:
    return {
        "Value": label(METRIC_LABELS, row["metric"]),
        "Authority": AUTHORITY_SHORT.get(row["authority"], row["authority"]),
        "Who": _who(row),
        "Amount": amount_text(row),
        "Route": label(ROUTE_LABELS, row["route"]),
        "Verification": verification_word(row["verification"]),
        "Note": row["note"] or None,
    }


def _risk_level(row, tables) -> dict:
    names = dict(zip(tables["risks"]["risk_id"], tables["risks"]["risk_type"], strict=True))
    return {
        "Risk": names.get(row["risk_id"], row["risk_id"]),
        "Intake category": label(INTAKE_CATEGORY_LABELS, row["intake_category"]),
        "For": ", ".join(
            label(labels, row[column])
            for column, labels in (
                ("authority", RISK_AUTHORITIES),
                ("manganese_from", MANGANESE_FROM_LABELS),
                ("age_group", AGE_GROUP_LABELS),
            )
            if row.get(column, "any") != "any"
        )
        or None,
        "Level": label(RISK_LEVEL_LABELS, row["level"]),
        "Why": row["rationale"],
    }


def _iron_context(row, tables) -> dict:
    return {
        "Measure": label(IRON_MARKERS, row["marker"]),
        "Value": f"{label(COMPARISONS, row['comparison'])} {row['value']:g} {row['unit']}",
        "Population": row["population"] or None,
        "What it says": row["statement"],
        "Verification": verification_word(row["verification"]),
    }


def _atomic_weight(row, tables) -> dict:
    return {
        "Element": f"{row['element'].capitalize()} ({row['symbol']})",
        "Standard atomic weight": f"{row['atomic_weight']:g}",
        "Verification": verification_word(row["verification"]),
        "Note": row["note"] or None,
    }


def _mechanism_link(row, tables) -> dict:
    return {
        "Link": edge_sentence(row, tables["mechanism_nodes"]),
        "Verdict": label(VERDICT_LABELS, row["verdict"]),
        "Kind of evidence": ", ".join(label(EVIDENCE_TYPE_LABELS, c) for c in split_ids(row["evidence_type"])),
        "What the evidence says": row["note"],
    }


def _claim_source(row, tables) -> dict:
    return {
        "Claim": row["claim_id"],
        "Design": label(DESIGN_LABELS, row["design"]),
        "Subjects": label(SUBJECT_LABELS, row["subjects"]),
        "Finding": row["finding"],
        "Last checked": row["last_checked"],
    }


def _supplement_statement(row, tables) -> dict:
    return {
        "About": label(SUPPLEMENT_SCOPE_LABELS, row["scope"]),
        "What it says": row["statement"],
        "Verification": verification_word(row["verification"]),
        "Note": row["note"] or None,
    }


def _workup_line(row, tables) -> dict:
    return {
        "Part": label(WORKUP_STEP_LABELS, row["step"]),
        "What it says": row["statement"],
        "Population": row["population"],
        "Verification": verification_word(row["verification"]),
    }


_READABLE = {
    "reference_values": _reference_value,
    "risk_by_intake": _risk_level,
    "iron_context": _iron_context,
    "atomic_weights": _atomic_weight,
    "mechanism_edges": _mechanism_link,
    "claim_sources": _claim_source,
    "supplement_statements": _supplement_statement,
    "iron_workup": _workup_line,
}
