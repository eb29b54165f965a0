"""How load_dataset's time grows with the rows of reference_values.csv: a quarter and a half of the row limit, in the
worst case for the overlap check (every row in one group). Twice the rows should take about twice the time when the
checks are linear (or n log n), four times when quadratic. The test (tests/unit/test_data_at_scale.py) checks the
same growth by counting executed lines, never by time.

Run: .venv/bin/python -m bench.load_scaling   (prints the best-of-3 time of each and their ratio)"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.limits import table_row_limit

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_LIMIT = table_row_limit("reference_values")


def reference_rows(count: int) -> pd.DataFrame:
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


def data_with_reference_rows(target: Path, count: int) -> Path:
    """A copy of the bundled data whose reference_values.csv holds `count` generated rows."""
    shutil.copytree(ROOT / "data", target)
    reference_rows(count).to_csv(target / "reference_values.csv", index=False)
    return target


def _best_load_time(directory: Path, runs: int = 3) -> float:
    from analysis import load_dataset

    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        load_dataset(directory)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    from analysis import load_dataset

    with tempfile.TemporaryDirectory() as scratch:
        small = data_with_reference_rows(Path(scratch) / "small", REFERENCE_LIMIT // 4)
        large = data_with_reference_rows(Path(scratch) / "large", REFERENCE_LIMIT // 2)
        load_dataset(small)  # warm imports and pandera's schema cache before measuring
        small_time, large_time = _best_load_time(small), _best_load_time(large)
    print(f"load_dataset, {REFERENCE_LIMIT // 4:,} reference rows: {small_time:.3f} s")
    print(f"load_dataset, {REFERENCE_LIMIT // 2:,} reference rows: {large_time:.3f} s")
    print(f"ratio: {large_time / small_time:.2f} (about 2 when linear, 4 when quadratic)")


if __name__ == "__main__":
    main()
