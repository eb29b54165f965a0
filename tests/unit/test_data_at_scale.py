"""Operator data at scale: the checks grow linearly with the rows, and files or cells over the limits in
analysis/limits.py are refused early with a message naming the file."""

import sys
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import DataError, load_dataset
from analysis.limits import MAX_CELL_CHARS, MAX_FILE_BYTES, table_row_limit
from bench.load_scaling import reference_rows
from tests.conftest import edit_csv

REFERENCE_LIMIT = table_row_limit("reference_values")
ANALYSIS_DIR = str(Path(analysis.__file__).resolve().parent)


def _reference_rows(count: int) -> pd.DataFrame:
    return reference_rows(count)


def _analysis_lines_run(directory) -> int:
    """How many lines of analysis/ code load_dataset executes: a count of work, not a time, so it does not vary with
    the machine's load. A check that compares every pair of rows runs its loop body n² times; pandas' own
    (vectorised) work is not counted, and it is what scales with the rows when the checks are linear."""
    count = 0

    def count_lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    def enter(frame, event, arg):
        return count_lines if frame.f_code.co_filename.startswith(ANALYSIS_DIR) else None

    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        load_dataset(directory)
    finally:
        sys.settrace(previous)
    return count


def test_load_work_grows_linearly_with_reference_rows(tmp_path, data_copy):
    """Twice the rows: about twice the lines run when the checks are linear, four times when quadratic. The time
    this takes is measured in bench/load_scaling.py, never asserted here."""
    import shutil

    small, large = tmp_path / "small", tmp_path / "large"
    for directory, count in ((small, REFERENCE_LIMIT // 4), (large, REFERENCE_LIMIT // 2)):
        shutil.copytree(data_copy, directory)
        edit_csv(directory, "reference_values.csv", lambda df, n=count: _reference_rows(n))
    load_dataset(small)  # fill any per-process cache first, so both counts are of the same work
    small_lines, large_lines = _analysis_lines_run(small), _analysis_lines_run(large)
    assert small_lines > REFERENCE_LIMIT // 4  # the per-row work is counted at all
    ratio = large_lines / small_lines
    print(f"analysis lines run, {REFERENCE_LIMIT // 2:,} rows / {REFERENCE_LIMIT // 4:,} rows: {ratio:.2f}")
    assert ratio < 2.5


def test_a_quadratic_check_would_be_caught(tmp_path, data_copy, monkeypatch):
    """The line count sees a pairwise check: with one added that compares every pair of reference rows, the same
    measure exceeds the bound (so the test above can fail)."""
    import shutil

    from analysis import dataset

    # The pairwise check is compiled as if it were in analysis/dataset.py, as a real one would be.
    source = (
        "def pairwise(values):\n"
        "    for first in values['value_id']:\n"
        "        for second in values['value_id']:\n"
        "            _ = first == second\n"
        "    return linear(values)\n"
    )
    namespace = {"linear": dataset._overlap_problems}
    exec(compile(source, dataset.__file__, "exec"), namespace)  # fixed text above, not input
    monkeypatch.setattr(dataset, "_overlap_problems", namespace["pairwise"])
    small, large = tmp_path / "small", tmp_path / "large"
    for directory, count in ((small, 200), (large, 400)):
        shutil.copytree(data_copy, directory)
        edit_csv(directory, "reference_values.csv", lambda df, n=count: _reference_rows(n))
    assert _analysis_lines_run(large) / _analysis_lines_run(small) > 2.5


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
