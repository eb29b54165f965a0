"""Load, validate and cross-check the CSVs in data/ into one immutable `Dataset`."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .limits import MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS
from .schemas import RATED_INTAKE_CATEGORIES, TABLE_MODELS, split_ids
from .vocab import GUIDE_KIND

# Where the app reads its data from when no directory is given: tests point it at damaged copies.
DATA_DIR_ENV = "MNRLS_DATA_DIR"
BUNDLED_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGE_FILE = "datapackage.json"
# Reported per problem, so one broken column cannot bury the rest of the report.
MAX_VALUES_SHOWN = 5


class DataError(Exception):
    """The data directory cannot be used. `problems` lists every problem found, each naming its file."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"The dataset has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([heading, *(f"- {p}" for p in self.problems)]))


@dataclass(frozen=True)
class Dataset:
    sources: pd.DataFrame
    claims: pd.DataFrame
    risks: pd.DataFrame
    reference_values: pd.DataFrame
    risk_by_intake: pd.DataFrame
    iron_context: pd.DataFrame
    atomic_weights: pd.DataFrame
    mechanism_nodes: pd.DataFrame
    mechanism_edges: pd.DataFrame
    claim_sources: pd.DataFrame
    supplement_statements: pd.DataFrame
    iron_workup: pd.DataFrame
    bottom_line: pd.DataFrame
    version: str
    created: str
    title: str


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The directory given, else $MNRLS_DATA_DIR, else the bundled data/."""
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or BUNDLED_DATA_DIR
    return Path(chosen)


def data_fingerprint(data_dir: Path) -> tuple:
    """Name, size and modification time of every data file: changes when any file is edited."""
    names = [f"{name}.csv" for name in TABLE_MODELS] + [PACKAGE_FILE]
    result = []
    for name in names:
        try:
            stat = (data_dir / name).stat()
            result.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            result.append((name, None, None))
    return tuple(result)


def load_dataset(data_dir: str | os.PathLike | None = None) -> Dataset:
    """Read every table, validate it, check the links between tables; raise DataError listing all problems."""
    directory = resolve_data_dir(data_dir)
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for name, model in TABLE_MODELS.items():
        raw = _read_csv(directory / f"{name}.csv", problems)
        if raw is not None:
            validated = _validate(f"{name}.csv", raw, model, problems)
            if validated is not None:
                tables[name] = validated
    metadata = _read_package(directory / PACKAGE_FILE, problems)
    problems.extend(_cross_reference_problems(tables))
    if problems:
        raise DataError(problems)
    return Dataset(**tables, **metadata)


def _size_problem(path: Path) -> str | None:
    """A message when the file is over MAX_FILE_BYTES, found from its size on disk without reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reported by the read that follows
    if size > MAX_FILE_BYTES:
        return f"{path.name}: the file is larger than the limit ({size:,} bytes; at most {MAX_FILE_BYTES:,})."
    return None


def _read_csv(path: Path, problems: list[str]) -> pd.DataFrame | None:
    name = path.name
    too_large = _size_problem(path)
    if too_large:
        problems.append(too_large)
        return None
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        problems.append(f"{name}: the file is missing.")
        return None
    except OSError as exc:
        problems.append(f"{name}: the file cannot be read ({exc.strerror or type(exc).__name__}).")
        return None
    if not content.strip():
        problems.append(f"{name}: the file is empty.")
        return None
    if b"\x00" in content:
        problems.append(f"{name}: the file holds binary data, not CSV text.")
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{name}: the file is not UTF-8 text.")
        return None
    try:
        # Every cell as text: the pandera model decides types, so "abc" in a number column is reported.
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
        problems.append(f"{name}: the file is not valid CSV ({str(exc).strip().splitlines()[0]}).")
        return None
    limit_problems = _limit_problems(name, frame)
    if limit_problems:
        problems.extend(limit_problems)
        return None
    return frame


def _limit_problems(name: str, frame: pd.DataFrame) -> list[str]:
    """Rows over MAX_ROWS, cells over MAX_CELL_CHARS: refused before validation (vectorised, one pass per column)."""
    if len(frame) > MAX_ROWS:
        return [f"{name}: the file has {len(frame):,} rows; the limit is {MAX_ROWS:,}."]
    problems = []
    for column in frame.columns:
        too_long = frame[column].str.len() > MAX_CELL_CHARS
        if too_long.any():
            lines = [int(i) + 2 for i in frame.index[too_long]]  # +2: the header is line 1
            problems.append(
                f"{name}, column '{str(column)[:60]}': a cell is longer than the limit of {MAX_CELL_CHARS:,} "
                f"characters (line{'s' if len(lines) > 1 else ''} {_join_limited(lines)})."
            )
    return problems


def _validate(file_name: str, raw: pd.DataFrame, model, problems: list[str]) -> pd.DataFrame | None:
    schema = model.to_schema()
    frame = raw.copy()
    for column_name, column in schema.columns.items():
        # An empty cell in a number column means "no value", not the text "".
        if column_name in frame.columns and "str" not in str(column.dtype).lower():
            frame[column_name] = frame[column_name].replace("", None)
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems.extend(_describe_failures(file_name, exc.failure_cases))
        return None


def _describe_failures(file_name: str, failures: pd.DataFrame) -> list[str]:
    messages = []
    failures = _one_column_per_row_check(failures)
    for (column, check), group in failures.groupby(["column", "check"], dropna=False, sort=False):
        values = [str(v) for v in group["failure_case"].drop_duplicates().tolist()]
        check = str(check)
        if check.startswith("column_in_dataframe"):
            messages.append(f"{file_name}: required column {_quote_values(values)} is missing.")
            continue
        if check.startswith("column_in_schema"):
            messages.append(f"{file_name}: unexpected column {_quote_values(values)}.")
            continue
        where = f"column '{column}'" if isinstance(column, str) and column else "a row check"
        message = f"{file_name}, {where}: fails {_check_text(check)}"
        if values:
            message += f"; offending values: {_quote_values(values)}"
        lines = sorted({int(i) + 2 for i in group["index"].dropna().tolist()})  # +2: the header is line 1
        if lines:
            message += f" (line{'s' if len(lines) > 1 else ''} {_join_limited(lines)})"
        messages.append(message + ".")
    return messages


def _one_column_per_row_check(failures: pd.DataFrame) -> pd.DataFrame:
    """A failed row check (a dataframe_check) lists every cell of each failing row; keep only the first
    column (the row's id) and drop the column name, so the check is reported once as "a row check",
    naming the rows by id, not once per column."""
    if "schema_context" not in failures.columns:
        return failures
    row_check = (failures["schema_context"] == "DataFrameSchema") & ~failures["check"].astype(str).str.startswith(
        ("column_in_", "multiple_fields_uniqueness")
    )
    if not row_check.any():
        return failures
    first_column = failures[row_check].groupby("check", sort=False)["column"].transform("first")
    keep = ~row_check
    keep[row_check] = failures.loc[row_check, "column"] == first_column
    kept = failures[keep].copy()
    kept.loc[row_check[keep], "column"] = ""
    return kept


def _check_text(check) -> str:
    text = str(check)
    replacements = {
        "field_uniqueness": "unique values (duplicates found)",
        "multiple_fields_uniqueness": "unique combinations (duplicates found)",
        "not_nullable": "a value is required (empty cells found)",
    }
    for key, replacement in replacements.items():
        if text.startswith(key):
            return replacement
    return text


def _quote_values(values: list[str]) -> str:
    shown = [repr(v[:60] + ("…" if len(v) > 60 else "")) for v in values[:MAX_VALUES_SHOWN]]
    more = len(values) - MAX_VALUES_SHOWN
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _join_limited(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:MAX_VALUES_SHOWN])
    more = len(numbers) - MAX_VALUES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def read_package_file(path: Path) -> dict:
    """datapackage.json parsed (a UTF-8 byte-order mark is allowed, as in the CSVs); DataError otherwise."""
    too_large = _size_problem(path)
    if too_large:
        raise DataError([too_large])
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise DataError([f"{PACKAGE_FILE}: the file is missing."]) from None
    except OSError as exc:
        raise DataError([f"{PACKAGE_FILE}: the file cannot be read ({exc.strerror or type(exc).__name__})."]) from None
    try:
        package = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([f"{PACKAGE_FILE}: the file is not valid JSON ({type(exc).__name__})."]) from None
    if not isinstance(package, dict):
        raise DataError([f"{PACKAGE_FILE}: the top level must be a JSON object."])
    return package


def _read_package(path: Path, problems: list[str]) -> dict[str, str]:
    fallback = {"version": "unknown", "created": "unknown", "title": "Manganese & RLS Evidence Explorer"}
    try:
        package = read_package_file(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return fallback
    metadata = {}
    for key in ("version", "created", "title"):
        value = package.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{PACKAGE_FILE}: '{key}' is missing or empty.")
            value = fallback[key]
        metadata[key] = value
    return metadata


def _cross_reference_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every id that one table cites must exist in the table it points to (checked where both tables are valid)."""
    id_columns = {
        "source": ("sources", "source_id"),
        "claim": ("claims", "claim_id"),
        "risk": ("risks", "risk_id"),
        "node": ("mechanism_nodes", "node_id"),
        "iron item": ("iron_context", "item_id"),
    }
    links = [
        ("claims", "source_ids", "source"),
        ("risks", "claim_ids", "claim"),
        ("risks", "source_ids", "source"),
        ("reference_values", "source_id", "source"),
        ("risk_by_intake", "risk_id", "risk"),
        ("risk_by_intake", "source_ids", "source"),
        ("iron_context", "source_id", "source"),
        ("atomic_weights", "source_id", "source"),
        ("mechanism_edges", "source_node", "node"),
        ("mechanism_edges", "target_node", "node"),
        ("mechanism_edges", "claim_id", "claim"),
        ("mechanism_edges", "risk_ids", "risk"),
        ("mechanism_edges", "source_ids", "source"),
        ("claim_sources", "claim_id", "claim"),
        ("claim_sources", "source_id", "source"),
        ("supplement_statements", "source_id", "source"),
        ("iron_workup", "source_id", "source"),
        ("iron_workup", "threshold_item_id", "iron item"),
        ("bottom_line", "claim_id", "claim"),
    ]
    problems = []
    for table, column, target in links:
        target_table, target_column = id_columns[target]
        if table not in tables or target_table not in tables:
            continue
        known = set(tables[target_table][target_column])
        dangling: dict[str, list[int]] = {}
        for position, cell in enumerate(tables[table][column]):
            for ref in split_ids(cell):
                if ref not in known:
                    dangling.setdefault(ref, []).append(position + 2)
        if dangling:
            described = ", ".join(
                f"'{ref}' (line{'s' if len(lines) > 1 else ''} {_join_limited(lines)})"
                for ref, lines in dangling.items()
            )
            problems.append(f"{table}.csv, column '{column}': unknown {target} id {described}.")
    if {"risks", "risk_by_intake"} <= set(tables):
        problems.extend(_risk_grid_problems(tables))
    if {"claims", "claim_sources"} <= set(tables):
        problems.extend(_claim_source_problems(tables))
    if {"iron_context", "iron_workup"} <= set(tables):
        problems.extend(_workup_problems(tables))
    if "sources" in tables:
        problems.extend(_guide_source_problems(tables["sources"]))
    if "reference_values" in tables:
        problems.extend(_overlap_problems(tables["reference_values"]))
    return problems


def _risk_grid_problems(tables) -> list[str]:
    """Each risk needs a level for each intake category the dose page colours."""
    rated = tables["risk_by_intake"]
    present = set(zip(rated["risk_id"], rated["intake_category"], strict=True))
    required = ("below_ai", "within_range", "above_upper")
    assert set(required) <= set(RATED_INTAKE_CATEGORIES)
    missing = [
        f"{risk}/{category}"
        for risk in tables["risks"]["risk_id"]
        for category in required
        if (risk, category) not in present
    ]
    if missing:
        return [f"risk_by_intake.csv: no level for {_quote_values(missing)}."]
    return []


def _claim_source_problems(tables) -> list[str]:
    """claim_sources.csv holds exactly the (claim, source) pairs of claims.csv, and one design per source."""
    claimed = {
        (claim, source)
        for claim, cell in zip(tables["claims"]["claim_id"], tables["claims"]["source_ids"], strict=True)
        for source in split_ids(cell)
    }
    pairs = tables["claim_sources"]
    profiled = set(zip(pairs["claim_id"], pairs["source_id"], strict=True))
    problems = []
    missing = sorted(claimed - profiled)
    extra = sorted(profiled - claimed)
    if missing:
        problems.append(f"claim_sources.csv: no row for {_quote_values([f'{c}/{s}' for c, s in missing])}.")
    if extra:
        problems.append(
            "claim_sources.csv: rows for sources the claim does not cite in claims.csv: "
            f"{_quote_values([f'{c}/{s}' for c, s in extra])}."
        )
    designs = pairs.groupby("source_id")["design"].nunique()
    mixed = designs[designs > 1].index.tolist()
    if mixed:
        problems.append(f"claim_sources.csv: more than one design for source {_quote_values(mixed)}.")
    return problems


def _workup_problems(tables) -> list[str]:
    """A work-up threshold step repeats its iron_context row's source and verification, never others."""
    items = tables["iron_context"].set_index("item_id")
    problems = []
    for _, step in tables["iron_workup"].iterrows():
        item = step["threshold_item_id"]
        if item and item in items.index:
            for column in ("source_id", "verification"):
                if step[column] != items.loc[item, column]:
                    problems.append(
                        f"iron_workup.csv, step '{step['step_id']}': {column} '{step[column]}' differs from "
                        f"iron_context.csv row '{item}' ('{items.loc[item, column]}')."
                    )
    return problems


def _guide_source_problems(sources: pd.DataFrame) -> list[str]:
    """The audited guide is the one 'marketing' source; every claim comes from it."""
    guides = sources[sources["kind"] == GUIDE_KIND]
    if len(guides) != 1:
        return [
            f"sources.csv, column 'kind': expected exactly one '{GUIDE_KIND}' source (the guide), found {len(guides)}."
        ]
    return []


def _overlap_problems(values: pd.DataFrame) -> list[str]:
    """Two rows for the same authority, metric, route, life stage and sex must not cover the same age.

    A sweep over rows sorted by age, once per sex ("any" meets every sex), instead of comparing every pair:
    O(n log n), so a large operator table loads in time. Each row that overlaps an earlier one is reported
    with the earlier row reaching furthest, so every conflict is named at least once."""
    keys = ["authority", "metric", "route", "life_stage", "unit"]
    frame = values.assign(
        _position=range(len(values)),
        _low=values["age_min_years"].astype(float).fillna(0.0),
        _high=values["age_max_years"].astype(float).fillna(float("inf")),
    )
    pairs: dict[tuple[int, int], tuple[str, str]] = {}
    for _, group in frame.groupby(keys, sort=False):
        for sex in group["sex"].unique():
            rows = group[group["sex"].isin({sex, "any"})].sort_values(["_low", "_high", "_position"])
            reach, reach_row = float("-inf"), None
            for position, low, high, value_id in zip(
                rows["_position"], rows["_low"], rows["_high"], rows["value_id"], strict=True
            ):
                if reach_row is not None and low < reach:
                    first, second = sorted([reach_row, (position, value_id)])
                    pairs[(first[0], second[0])] = (first[1], second[1])
                if high > reach:
                    reach, reach_row = high, (position, value_id)
    return [
        f"reference_values.csv: rows '{first}' and '{second}' cover the same population."
        for _, (first, second) in sorted(pairs.items())
    ]
