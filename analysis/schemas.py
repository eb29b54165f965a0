"""pandera models: one per CSV in data/. Each checks its own table (columns, types, allowed values,
ranges, unique ids); links between tables are checked in `dataset.py`."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .vocab import (
    AGE_GROUP_LABELS,
    AUTHORITY_LABELS,
    COMPARISONS,
    DESIGN_LABELS,
    EVIDENCE_TYPE_LABELS,
    GUIDE_SECTIONS,
    INTAKE_CATEGORY_LABELS,
    IRON_CONTEXT_TOPICS,
    IRON_CONTEXT_UNITS,
    IRON_MARKERS,
    IRON_ROUTE_LABELS,
    LIFE_STAGES,
    MANGANESE_FROM_LABELS,
    METRIC_LABELS,
    NODE_KIND_LABELS,
    ORIGIN_LABELS,
    RELATION_LABELS,
    RISK_AUTHORITIES,
    RISK_LEVEL_LABELS,
    ROUTE_LABELS,
    SEXES,
    SOURCE_KIND_LABELS,
    SUBJECT_LABELS,
    SUPPLEMENT_SCOPE_LABELS,
    UNITS,
    VALUE_STATUS_LABELS,
    VERDICT_LABELS,
    VERIFICATION_LABELS,
    WORKUP_STEP_LABELS,
)

ID_PATTERN = r"^[a-z0-9_]+$"
CLAIM_ID_PATTERN = r"^C[0-9]+$"
# A list cell holds ids separated by semicolons, e.g. "C3;C4".
ID_LIST_PATTERN = r"^[A-Za-z0-9_]+(;[A-Za-z0-9_]+)*$"
# The same, or an empty cell (no ids).
OPTIONAL_ID_LIST_PATTERN = r"^([A-Za-z0-9_]+(;[A-Za-z0-9_]+)*)?$"
NON_EMPTY = {"str_length": {"min_value": 1}}
# Intake categories that risk_by_intake.csv may use: "no_reference" has no risk level by definition.
RATED_INTAKE_CATEGORIES = [c for c in INTAKE_CATEGORY_LABELS if c != "no_reference"]
# One level per risk, intake category, authority, what the manganese is and age group ("any" in the last three
# matches every value; analysis.risk_levels picks the most specific row).
RISK_BY_INTAKE_KEY = ("risk_id", "intake_category", "authority", "manganese_from", "age_group")


def split_ids(cell: str) -> list[str]:
    """The ids of a semicolon-separated list cell, in order, without blanks."""
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def _every_item_in(series: pd.Series, allowed) -> pd.Series:
    allowed = set(allowed)
    return series.map(lambda cell: set(split_ids(cell)) <= allowed)


class SourceModel(pa.DataFrameModel):
    source_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    title: Series[str] = pa.Field(**NON_EMPTY)
    authors_or_body: Series[str] = pa.Field(**NON_EMPTY)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100)
    container: Series[str]
    doi: Series[str] = pa.Field(str_matches=r"^(10\.[0-9]{4,9}/\S+)?$")
    pmid: Series[str] = pa.Field(str_matches=r"^([0-9]{1,9})?$")
    url: Series[str] = pa.Field(str_matches=r"^(https?://\S+)?$")
    kind: Series[str] = pa.Field(isin=list(SOURCE_KIND_LABELS))
    verification: Series[str] = pa.Field(isin=list(VERIFICATION_LABELS))

    class Config:
        strict = True  # no missing and no extra columns
        coerce = True  # "2001" becomes 2001; "abc" in a number column is reported

    @pa.dataframe_check(error="a source marked primary needs a DOI, a PMID or a URL")
    def primary_sources_are_identified(cls, df: pd.DataFrame) -> pd.Series:
        has_identifier = (df["doi"] != "") | (df["pmid"] != "") | (df["url"] != "")
        return has_identifier | (df["verification"] != "primary")


class ClaimModel(pa.DataFrameModel):
    claim_id: Series[str] = pa.Field(unique=True, str_matches=CLAIM_ID_PATTERN)
    guide_section: Series[str] = pa.Field(isin=list(GUIDE_SECTIONS))
    claim: Series[str] = pa.Field(**NON_EMPTY)
    verdict: Series[str] = pa.Field(isin=list(VERDICT_LABELS))
    evidence_type: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    assessment: Series[str] = pa.Field(**NON_EMPTY)
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    verdict_summary: Series[str] = pa.Field(**NON_EMPTY)

    class Config:
        strict = True
        coerce = True

    @pa.check("evidence_type", error=f"every evidence type in {sorted(EVIDENCE_TYPE_LABELS)}")
    def known_evidence_types(cls, s: Series[str]) -> Series[bool]:
        return _every_item_in(s, EVIDENCE_TYPE_LABELS)


class RiskModel(pa.DataFrameModel):
    risk_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    risk_type: Series[str] = pa.Field(unique=True, **NON_EMPTY)
    guide_says: Series[str] = pa.Field(**NON_EMPTY)
    evidence_says: Series[str] = pa.Field(**NON_EMPTY)
    verdict: Series[str] = pa.Field(isin=list(VERDICT_LABELS))
    evidence_type: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    at_risk_groups: Series[str] = pa.Field(**NON_EMPTY)
    exposure_routes: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    claim_ids: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    verdict_summary: Series[str] = pa.Field(**NON_EMPTY)

    class Config:
        strict = True
        coerce = True

    @pa.check("evidence_type", error=f"every evidence type in {sorted(EVIDENCE_TYPE_LABELS)}")
    def known_evidence_types(cls, s: Series[str]) -> Series[bool]:
        return _every_item_in(s, EVIDENCE_TYPE_LABELS)

    @pa.check("exposure_routes", error=f"every route in {sorted(ROUTE_LABELS)}")
    def known_routes(cls, s: Series[str]) -> Series[bool]:
        return _every_item_in(s, ROUTE_LABELS)


class ReferenceValueModel(pa.DataFrameModel):
    value_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    authority: Series[str] = pa.Field(isin=list(AUTHORITY_LABELS))
    metric: Series[str] = pa.Field(isin=list(METRIC_LABELS))
    route: Series[str] = pa.Field(isin=list(ROUTE_LABELS))
    sex: Series[str] = pa.Field(isin=list(SEXES))
    life_stage: Series[str] = pa.Field(isin=list(LIFE_STAGES))
    age_min_years: Series[float] = pa.Field(nullable=True, ge=0, le=120)
    age_max_years: Series[float] = pa.Field(nullable=True, gt=0, le=121)
    value: Series[float] = pa.Field(nullable=True, ge=0)
    value_status: Series[str] = pa.Field(isin=list(VALUE_STATUS_LABELS))
    unit: Series[str] = pa.Field(isin=list(UNITS))
    source_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    verification: Series[str] = pa.Field(isin=list(VERIFICATION_LABELS))
    note: Series[str]

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="age_min_years must be below age_max_years")
    def age_band_is_ordered(cls, df: pd.DataFrame) -> pd.Series:
        both = df["age_min_years"].notna() & df["age_max_years"].notna()
        return ~both | (df["age_min_years"] < df["age_max_years"])

    @pa.dataframe_check(
        error="a value exactly when value_status is 'stated'; a row without one must say why in its note"
    )
    def value_matches_its_status(cls, df: pd.DataFrame) -> pd.Series:
        if not {"value", "value_status", "note"} <= set(df.columns):
            return pd.Series(True, index=df.index)  # a missing column is reported as such
        stated = df["value_status"] == "stated"
        return (stated & df["value"].notna()) | (~stated & df["value"].isna() & (df["note"].str.strip() != ""))


class RiskByIntakeModel(pa.DataFrameModel):
    risk_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    intake_category: Series[str] = pa.Field(isin=RATED_INTAKE_CATEGORIES)
    authority: Series[str] = pa.Field(isin=list(RISK_AUTHORITIES))
    manganese_from: Series[str] = pa.Field(isin=list(MANGANESE_FROM_LABELS))
    age_group: Series[str] = pa.Field(isin=list(AGE_GROUP_LABELS))
    level: Series[str] = pa.Field(isin=list(RISK_LEVEL_LABELS))
    rationale: Series[str] = pa.Field(**NON_EMPTY)
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)

    class Config:
        strict = True
        coerce = True
        unique = RISK_BY_INTAKE_KEY

    @pa.dataframe_check(error="the 'not_characterised' level is for above EFSA's safe level only")
    def not_characterised_only_above_a_safe_level(cls, df: pd.DataFrame) -> pd.Series:
        above_safe_level = (df["intake_category"] == "above_upper") & (df["authority"] == "EFSA")
        return (df["level"] != "not_characterised") | above_safe_level


class AtomicWeightModel(pa.DataFrameModel):
    symbol: Series[str] = pa.Field(unique=True, str_matches=r"^[A-Z][a-z]?$")
    element: Series[str] = pa.Field(**NON_EMPTY)
    atomic_weight: Series[float] = pa.Field(gt=0, le=300)
    source_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    verification: Series[str] = pa.Field(isin=list(VERIFICATION_LABELS))
    note: Series[str]

    class Config:
        strict = True
        coerce = True


class IronContextModel(pa.DataFrameModel):
    item_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    topic: Series[str] = pa.Field(isin=list(IRON_CONTEXT_TOPICS))
    marker: Series[str] = pa.Field(isin=list(IRON_MARKERS))
    comparison: Series[str] = pa.Field(isin=list(COMPARISONS))
    value: Series[float] = pa.Field(ge=0)
    unit: Series[str] = pa.Field(isin=list(IRON_CONTEXT_UNITS))
    population: Series[str] = pa.Field(**NON_EMPTY)
    statement: Series[str] = pa.Field(**NON_EMPTY)
    evidence_basis: Series[str] = pa.Field(**NON_EMPTY)
    source_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    verification: Series[str] = pa.Field(isin=list(VERIFICATION_LABELS))

    class Config:
        strict = True
        coerce = True


class MechanismNodeModel(pa.DataFrameModel):
    node_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    label: Series[str] = pa.Field(unique=True, **NON_EMPTY)
    kind: Series[str] = pa.Field(isin=list(NODE_KIND_LABELS))
    description: Series[str] = pa.Field(**NON_EMPTY)

    class Config:
        strict = True
        coerce = True


# Verdicts an established-evidence edge may carry: the sources back it, fully or in part.
ESTABLISHED_VERDICTS = ("supported", "partly_supported")


class MechanismEdgeModel(pa.DataFrameModel):
    edge_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    source_node: Series[str] = pa.Field(str_matches=ID_PATTERN)
    target_node: Series[str] = pa.Field(str_matches=ID_PATTERN)
    relation: Series[str] = pa.Field(isin=list(RELATION_LABELS))
    origin: Series[str] = pa.Field(isin=list(ORIGIN_LABELS))
    claim_id: Series[str] = pa.Field(str_matches=r"^(C[0-9]+)?$")
    verdict: Series[str] = pa.Field(isin=list(VERDICT_LABELS))
    evidence_type: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    risk_ids: Series[str] = pa.Field(str_matches=OPTIONAL_ID_LIST_PATTERN)
    source_ids: Series[str] = pa.Field(str_matches=ID_LIST_PATTERN)
    note: Series[str] = pa.Field(**NON_EMPTY)
    verdict_summary: Series[str] = pa.Field(**NON_EMPTY)

    class Config:
        strict = True
        coerce = True
        unique = ("source_node", "target_node", "relation")

    @pa.check("evidence_type", error=f"every evidence type in {sorted(EVIDENCE_TYPE_LABELS)}")
    def known_evidence_types(cls, s: Series[str]) -> Series[bool]:
        return _every_item_in(s, EVIDENCE_TYPE_LABELS)

    @pa.dataframe_check(error="an edge must join two different nodes")
    def no_self_loops(cls, df: pd.DataFrame) -> pd.Series:
        return df["source_node"] != df["target_node"]

    @pa.dataframe_check(error="a guide_claim edge needs a claim_id; an established_evidence edge has none")
    def claim_id_matches_origin(cls, df: pd.DataFrame) -> pd.Series:
        return (df["origin"] == "guide_claim") == (df["claim_id"] != "")

    @pa.dataframe_check(
        error=f"an established_evidence edge must have a verdict in {list(ESTABLISHED_VERDICTS)}",
    )
    def established_edges_are_supported(cls, df: pd.DataFrame) -> pd.Series:
        return (df["origin"] != "established_evidence") | df["verdict"].isin(ESTABLISHED_VERDICTS)


class ClaimSourceModel(pa.DataFrameModel):
    """One row per (claim, source) pair of claims.csv: the design of the source and what it found."""

    claim_id: Series[str] = pa.Field(str_matches=CLAIM_ID_PATTERN)
    source_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    design: Series[str] = pa.Field(isin=list(DESIGN_LABELS))
    subjects: Series[str] = pa.Field(isin=list(SUBJECT_LABELS))
    finding: Series[str] = pa.Field(**NON_EMPTY)
    last_checked: Series[str] = pa.Field(str_matches=r"^20[0-9]{2}-[01][0-9]-[0-3][0-9]$")

    class Config:
        strict = True
        coerce = True
        unique = ("claim_id", "source_id")


class SupplementStatementModel(pa.DataFrameModel):
    statement_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    scope: Series[str] = pa.Field(isin=list(SUPPLEMENT_SCOPE_LABELS))
    age_group: Series[str] = pa.Field(isin=list(AGE_GROUP_LABELS))
    dose_mg_per_day: Series[float] = pa.Field(nullable=True, gt=0, le=1000)
    statement: Series[str] = pa.Field(**NON_EMPTY)
    source_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    verification: Series[str] = pa.Field(isin=list(VERIFICATION_LABELS))
    note: Series[str]

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="a statement not read in the source's own text needs a note saying where it was read")
    def unconfirmed_statements_explained(cls, df: pd.DataFrame) -> pd.Series:
        return (df["verification"] == "primary") | (df["note"].str.strip() != "")


class IronWorkupModel(pa.DataFrameModel):
    step_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    step_order: Series[pd.Int64Dtype] = pa.Field(unique=True, ge=1)
    step: Series[str] = pa.Field(isin=list(WORKUP_STEP_LABELS))
    route: Series[str] = pa.Field(str_matches=rf"^({'|'.join(IRON_ROUTE_LABELS)})?$")  # empty: not a threshold
    threshold_item_id: Series[str] = pa.Field(str_matches=r"^([a-z0-9_]+)?$")
    statement: Series[str] = pa.Field(**NON_EMPTY)
    population: Series[str] = pa.Field(**NON_EMPTY)
    source_id: Series[str] = pa.Field(str_matches=ID_PATTERN)
    verification: Series[str] = pa.Field(isin=list(VERIFICATION_LABELS))

    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check(error="a threshold step needs a route and a threshold_item_id; other steps have neither")
    def thresholds_have_route_and_item(cls, df: pd.DataFrame) -> pd.Series:
        is_threshold = df["step"] == "threshold"
        return (is_threshold == (df["route"] != "")) & (is_threshold == (df["threshold_item_id"] != ""))


class BottomLineModel(pa.DataFrameModel):
    """The risk page's answer in short: a few plain sentences, each resting on one claim of claims.csv."""

    line: Series[pd.Int64Dtype] = pa.Field(unique=True, ge=1)
    statement: Series[str] = pa.Field(**NON_EMPTY)
    claim_id: Series[str] = pa.Field(str_matches=CLAIM_ID_PATTERN)

    class Config:
        strict = True
        coerce = True


# File name (without .csv) -> model; the order is the order of Dataset's fields.
TABLE_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "sources": SourceModel,
    "claims": ClaimModel,
    "risks": RiskModel,
    "reference_values": ReferenceValueModel,
    "risk_by_intake": RiskByIntakeModel,
    "iron_context": IronContextModel,
    "atomic_weights": AtomicWeightModel,
    "mechanism_nodes": MechanismNodeModel,
    "mechanism_edges": MechanismEdgeModel,
    "claim_sources": ClaimSourceModel,
    "supplement_statements": SupplementStatementModel,
    "iron_workup": IronWorkupModel,
    "bottom_line": BottomLineModel,
}
