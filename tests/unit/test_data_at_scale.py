"""Operator data at scale: the checks grow linearly with the rows, and files or cells over the limits in
analysis/limits.py are refused early with a message naming the file."""

import time

import pandas as pd
import pytest

from analysis import DataError, load_dataset
from analysis.limits import MAX_CELL_CHARS, MAX_FILE_BYTES, table_row_limit
from tests.conftest import edit_csv

REFERENCE_LIMIT = table_row_limit("reference_values")


def _reference_rows(count: int) -> pd.DataFrame:
    """`count` valid, non-overlapping AI rows, all in one group (same authority, metric, route, stage, unit):
    the worst case for a pairwise overlap check; and one UL row over every age, which every AI needs."""
    return pd.concat([_ai_rows(count), _ai_rows(2).head(1).assign(
        value_id="generated_ul", metric="UL", sex="any", age_min_years="0", age_max_years="", value="50"
    )], ignore_index=True)  # fmt: skip


def _ai_rows(count: int) -> pd.DataFrame:
    width = 100 / count
    return pd.DataFrame(
        {
            "value_id": [f"generated_{i}" for i in range(count)],
            "authority": "IOM",
            "metric": "AI",
            "route": "oral_total",
            "sex": ["female", "male"] * (count // 2),
            "life_stage": "none",
            "age_min_years": [f"{(i // 2) * 2 * width:.6f}" for i in range(count)],
            "age_max_years": [f"{((i // 2) * 2 + 2) * width:.6f}" for i in range(count)],
            "value": "1",
            "value_status": "stated",
            "unit": "mg/day",
            "source_id": "iom_2001_dri",
            "verification": "primary",
            "note": "",
        }
    )


def _best_load_time(directory, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        load_dataset(directory)
        best = min(best, time.perf_counter() - started)
    return best


def test_load_time_grows_linearly_with_reference_rows(tmp_path, data_copy):
    import shutil

    small, large = tmp_path / "small", tmp_path / "large"
    for directory, count in ((small, REFERENCE_LIMIT // 4), (large, REFERENCE_LIMIT // 2)):
        shutil.copytree(data_copy, directory)
        edit_csv(directory, "reference_values.csv", lambda df, n=count: _reference_rows(n))
    load_dataset(small)  # warm imports and pandera's schema cache before measuring
    ratio = _best_load_time(large) / _best_load_time(small)
    print(f"load_dataset {REFERENCE_LIMIT // 2:,} rows / {REFERENCE_LIMIT // 4:,} rows: {ratio:.2f}")
    # Twice the rows: about twice the time when linear, four times when quadratic.
    assert ratio < 2.5


def test_overlaps_are_still_found_among_many_rows(data_copy):
    def overlap_in_the_middle(df):
        rows = _reference_rows(REFERENCE_LIMIT // 2)
        rows.loc[501, "age_max_years"] = rows.loc[503, "age_max_years"]  # male row reaches into the next band
        return rows

    edit_csv(data_copy, "reference_values.csv", overlap_in_the_middle)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert error.value.problems == [
        "reference_values.csv: rows 'generated_501' and 'generated_503' cover the same population."
    ]


def test_an_any_sex_row_overlaps_both_sexes(data_copy):
    def any_sex(df):
        rows = _reference_rows(6)
        rows.loc[4, "sex"] = "any"  # its band [4w, 6w) is shared with generated_5 (male)
        rows.loc[2, "age_max_years"] = rows.loc[4, "age_max_years"]  # female row 2 now reaches the any row
        return rows

    edit_csv(data_copy, "reference_values.csv", any_sex)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert sorted(error.value.problems) == [
        "reference_values.csv: rows 'generated_2' and 'generated_4' cover the same population.",
        "reference_values.csv: rows 'generated_4' and 'generated_5' cover the same population.",
    ]


def test_oversized_file_is_refused_by_name_before_reading(data_copy):
    path = data_copy / "claims.csv"
    with path.open("r+b") as handle:  # sparse: costs no disk; reading it would report "binary data"
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    [problem] = [p for p in error.value.problems if p.startswith("claims.csv")]
    assert problem.startswith("claims.csv: the file is larger than the limit")
    assert "binary" not in problem


def test_too_many_rows_are_refused_by_name(data_copy):
    edit_csv(data_copy, "reference_values.csv", lambda df: _reference_rows(REFERENCE_LIMIT + 2))
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert error.value.problems == [
        f"reference_values.csv: the file has {REFERENCE_LIMIT + 3:,} rows; the limit is {REFERENCE_LIMIT:,}."
    ]


def test_over_long_cell_is_refused_by_name_column_and_line(data_copy):
    def long_cell(df):
        df.loc[2, "claim"] = "x" * (MAX_CELL_CHARS + 1)
        return df

    edit_csv(data_copy, "claims.csv", long_cell)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert error.value.problems == [
        f"claims.csv, column 'claim': a cell is longer than the limit of {MAX_CELL_CHARS:,} characters (line 4)."
    ]


def test_datapackage_with_byte_order_mark_loads(data_copy):
    path = data_copy / "datapackage.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_dataset(data_copy).version == "1.0.0"


def test_unreadable_datapackage_is_not_called_invalid_json(data_copy):
    path = data_copy / "datapackage.json"
    path.unlink()
    path.mkdir()  # reading a directory raises IsADirectoryError, an OSError
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    [problem] = error.value.problems
    assert problem.startswith("datapackage.json: the file cannot be read")
    assert "JSON" not in problem
