"""Load, validate and cross-check the CSVs in data/ into one immutable `Dataset`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pandera.pandas as pa

from .limits import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_JSON_DEPTH,
    MAX_JSON_NUMBER_CHARS,
    MAX_PACKAGE_BYTES,
    table_row_limit,
)
from .plausibility import meaning_problems
from .risk_levels import FORM_ORDER, level_rows
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
    # datapackage.json as parsed, and every file's bytes as read (by file name): what this version of the data
    # was loaded from, so the data dictionary and the ZIP come from the same version as the tables.
    package: Mapping = field(default_factory=dict, compare=False, repr=False)
    files: Mapping[str, bytes] = field(default_factory=dict, compare=False, repr=False)


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
    files: dict[str, bytes] = {}
    for name, model in TABLE_MODELS.items():
        raw = _read_csv(directory / f"{name}.csv", problems, files)
        if raw is not None:
            validated = _validate(f"{name}.csv", raw, model, problems)
            if validated is not None:
                tables[name] = validated
    metadata, package = _read_package(directory / PACKAGE_FILE, problems, files)
    problems.extend(_cross_reference_problems(tables))
    problems.extend(meaning_problems(tables))
    if problems:
        raise DataError(problems)
    return Dataset(**tables, **metadata, package=MappingProxyType(package), files=MappingProxyType(files))


class _Refused(Exception):
    """A data file that is not read: the message names the file and never quotes its content."""


def read_data_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a data file, read only if it is a regular file inside its data directory and within `limit`.

    Checked before opening, from os.lstat and the resolved path: a FIFO would block every page view, a device
    such as /dev/zero would fill memory, and a link leading outside the directory would show another file's
    content in the error messages. The file is then opened without following a link and without blocking, and
    checked again on the open handle (it may have been swapped in between); at most `limit` + 1 bytes are read.
    Raises FileNotFoundError when the file is missing, _Refused otherwise."""
    name = path.name
    info = os.lstat(path)  # FileNotFoundError: the caller reports the file as missing
    target = path
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise _Refused(f"{name}: the file is a link that leads nowhere.") from None
        if not target.is_relative_to(path.parent.resolve()):
            raise _Refused(f"{name}: the file is a link leading outside the data directory; it is not read.")
        info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused(f"{name}: the file cannot be read: it is not a regular file (a directory, FIFO or device).")
    if info.st_size > limit:
        raise _Refused(f"{name}: the file is larger than the limit ({info.st_size:,} bytes; at most {limit:,}).")
    try:
        handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _Refused(f"{name}: the file cannot be read ({exc.strerror or type(exc).__name__}).") from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise _Refused(f"{name}: the file cannot be read: it is not a regular file (a directory, FIFO or device).")
        content = file.read(limit + 1)
    if len(content) > limit:
        raise _Refused(f"{name}: the file is larger than the limit (over {limit:,} bytes).")
    return content


def _read_csv(path: Path, problems: list[str], files: dict[str, bytes]) -> pd.DataFrame | None:
    name = path.name
    try:
        content = files[name] = read_data_file(path)
    except FileNotFoundError:
        problems.append(f"{name}: the file is missing.")
        return None
    except _Refused as exc:
        problems.append(str(exc))
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
    """Rows over the table's limit (analysis.limits.table_row_limit), cells over MAX_CELL_CHARS: refused before
    validation (vectorised, one pass per column)."""
    limit = table_row_limit(name.removesuffix(".csv"))
    if len(frame) > limit:
        return [f"{name}: the file has {len(frame):,} rows; the limit is {limit:,}."]
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
    """datapackage.json parsed (a UTF-8 byte-order mark is allowed, as in the CSVs); DataError otherwise.
    Within MAX_PACKAGE_BYTES, MAX_JSON_DEPTH and MAX_JSON_NUMBER_CHARS, checked before parsing."""
    return parse_package(read_package_bytes(path))


def read_package_bytes(path: Path) -> bytes:
    """The bytes of datapackage.json (a regular file in the data directory, within MAX_PACKAGE_BYTES)."""
    try:
        return read_data_file(path, MAX_PACKAGE_BYTES)
    except FileNotFoundError:
        raise DataError([f"{PACKAGE_FILE}: the file is missing."]) from None
    except _Refused as exc:
        raise DataError([str(exc)]) from None
    except OSError as exc:
        raise DataError([f"{PACKAGE_FILE}: the file cannot be read ({exc.strerror or type(exc).__name__})."]) from None


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile(rf"[0-9.eE+-]{{{MAX_JSON_NUMBER_CHARS + 1},}}")


def parse_package(content: bytes) -> dict:
    """datapackage.json's bytes parsed, after a linear check of their shape; DataError naming the file."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([f"{PACKAGE_FILE}: the file is not valid JSON (not UTF-8 text)."]) from None
    outside_strings = _JSON_STRING.sub('""', text)
    depth = deepest = 0
    for bracket in _JSON_BRACKET.finditer(outside_strings):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            raise DataError([f"{PACKAGE_FILE}: the JSON is nested deeper than {MAX_JSON_DEPTH} levels."])
    if _LONG_NUMBER.search(outside_strings):
        raise DataError([f"{PACKAGE_FILE}: the JSON has a number longer than {MAX_JSON_NUMBER_CHARS} characters."])
    try:
        package = json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise DataError([f"{PACKAGE_FILE}: the file is not valid JSON ({type(exc).__name__})."]) from None
    if not isinstance(package, dict):
        raise DataError([f"{PACKAGE_FILE}: the top level must be a JSON object."])
    return package


def _read_package(path: Path, problems: list[str], files: dict[str, bytes]) -> tuple[dict[str, str], dict]:
    fallback = {"version": "unknown", "created": "unknown", "title": "Manganese & RLS Evidence Explorer"}
    try:
        content = files[PACKAGE_FILE] = read_package_bytes(path)
        package = parse_package(content)
    except DataError as exc:
        problems.extend(exc.problems)
        return fallback, {}
    metadata = {}
    for key in ("version", "created", "title"):
        value = package.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{PACKAGE_FILE}: '{key}' is missing or empty.")
            value = fallback[key]
        metadata[key] = value
    return metadata, package


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
    if "sources" in tables:
        problems.extend(_verification_problems(tables))
    return problems


# Verification levels from weakest to strongest, and the tables whose rows carry their own verification, by the
# column that names each row.
VERIFICATION_RANK = {"unverified": 0, "secondary": 1, "primary": 2}
VERIFIED_ROW_IDS = {
    "reference_values": "value_id",
    "iron_context": "item_id",
    "atomic_weights": "symbol",
    "supplement_statements": "statement_id",
    "iron_workup": "step_id",
}


def _verification_problems(tables) -> list[str]:
    """A row's verification cannot be stronger than its source's: a value cannot be read in the issuer's own
    document when the source itself was seen only in a reproduction."""
    sources = dict(zip(tables["sources"]["source_id"], tables["sources"]["verification"], strict=True))
    problems = []
    for table, id_column in VERIFIED_ROW_IDS.items():
        if table not in tables:
            continue
        frame = tables[table]
        for position, (row_id, source_id, verification) in enumerate(
            zip(frame[id_column], frame["source_id"], frame["verification"], strict=True)
        ):
            source_verification = sources.get(source_id)
            if source_verification is None:
                continue  # an unknown source id is reported by the link check
            if VERIFICATION_RANK[verification] > VERIFICATION_RANK[source_verification]:
                problems.append(
                    f"{table}.csv, row '{row_id}' (line {position + 2}): verification '{verification}' is stronger "
                    f"than its source '{source_id}' ('{source_verification}' in sources.csv)."
                )
    return problems


def _risk_grid_problems(tables) -> list[str]:
    """Each risk needs a level for each intake category the dose page colours, for each authority, each kind of
    manganese (food only, with a supplement, with water) and each age group: a row for that case or an "any" row."""
    rated = tables["risk_by_intake"]
    required = ("below_ai", "within_range", "above_upper")
    assert set(required) <= set(RATED_INTAKE_CATEGORIES)
    missing = []
    for category in required:
        for authority in ("IOM", "EFSA"):
            for form in FORM_ORDER:
                for group in ("infants", "children", "adults"):
                    found = level_rows(rated, category, authority, form, group)
                    missing += [
                        f"{risk}/{category}" + ("" if (authority, form, group) == ("IOM", "food", "adults") else
                                                f" ({authority}, {form}, {group})")
                        for risk in tables["risks"]["risk_id"]
                        if risk not in found
                    ]  # fmt: skip
    if missing:
        return [f"risk_by_intake.csv: no level for {_quote_values(list(dict.fromkeys(missing)))}."]
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
