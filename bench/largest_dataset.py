"""The largest dataset analysis/limits.py admits: every table grown to its row limit with valid, linked rows (copies
of a bundled row with new ids, so every reference still resolves), cells of ordinary length. Used by the test that
checks such a dataset loads and every page renders, and by `python -m bench.largest_dataset` to time each page.

Run: .venv/bin/python -m bench.largest_dataset [--scale 1.0] [--long-cells]   (each page's first and second view)"""

from __future__ import annotations

import argparse
import csv
import shutil
import time
from pathlib import Path

import pandas as pd

from analysis.limits import MAX_CELL_CHARS, table_row_limit

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data"
# Free-text columns padded to MAX_CELL_CHARS with --long-cells (ids, codes and numbers keep their form).
LONG_TEXT_COLUMNS = ("title", "claim", "assessment", "finding", "rationale", "statement", "description", "note",
                     "guide_says", "evidence_says")  # fmt: skip
PAGES = ["pages/risks.py", "pages/evidence.py", "pages/mechanism.py", "pages/dose.py", "pages/sources.py"]


def _read(directory: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False)


def _write(directory: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(directory / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def _copies(template: pd.Series, count: int, change) -> pd.DataFrame:
    rows = []
    for i in range(count):
        row = template.copy()
        for column, value in change(i).items():
            row[column] = value
        rows.append(row)
    return pd.DataFrame(rows, columns=template.index)


def _grow(directory: Path, name: str, frame: pd.DataFrame, extra: pd.DataFrame) -> None:
    _write(directory, name, pd.concat([frame, extra], ignore_index=True))


def build_largest_dataset(target: Path, scale: float = 1.0, long_cells: bool = False) -> Path:
    """A copy of data/ in `target` with every table at `scale` times its row limit (1.0: the largest admitted);
    with `long_cells`, every free-text cell of the generated rows is as long as MAX_CELL_CHARS allows."""
    shutil.copytree(BUNDLED, target)
    _grow_tables(target, scale)
    if long_cells:
        for path in target.glob("*.csv"):
            frame = _read(target, path.stem)
            generated = frame.index >= len(_read(BUNDLED, path.stem))
            for column in (c for c in LONG_TEXT_COLUMNS if c in frame.columns):
                frame.loc[generated, column] = frame.loc[generated, column].map(_padded)
            _write(target, path.stem, frame)
    return target


def _padded(text: str) -> str:
    filler = " Padding sentence about manganese and iron."
    return (text + filler * (MAX_CELL_CHARS // len(filler) + 1))[:MAX_CELL_CHARS].rstrip()


def _grow_tables(target: Path, scale: float) -> None:

    def room(name: str, taken: int, per_item: int = 1) -> int:
        return max(0, (int(table_row_limit(name) * scale) - taken) // per_item)

    def with_ids(name, template_index, count, change):
        frame = _read(target, name)
        _grow(target, name, frame, _copies(frame.iloc[template_index], count, change))

    sources = _read(target, "sources")
    journal = sources.index[(sources["doi"] != "") & (sources["verification"] == "primary")][0]
    with_ids("sources", journal, room("sources", len(sources)), lambda i: {
        "source_id": f"gen_source_{i}", "title": f"Generated study {i} of manganese intake, iron stores and sleep",
        "authors_or_body": f"Author{i} A, Writer B, Researcher C", "year": str(1990 + i % 35),
        "doi": f"10.5555/generated.{i}", "pmid": "", "url": f"https://doi.org/10.5555/generated.{i}",
    })  # fmt: skip

    claims, pairs = _read(target, "claims"), _read(target, "claim_sources")
    first = claims.iloc[0]
    first_pairs = pairs[pairs["claim_id"] == first["claim_id"]]
    count = min(room("claims", len(claims)), room("claim_sources", len(pairs), len(first_pairs)))
    start = max(int(c[1:]) for c in claims["claim_id"]) + 1
    with_ids(
        "claims", 0, count, lambda i: {"claim_id": f"C{start + i}", "claim": f"Generated claim {i}: {first['claim']}"}
    )
    new_pairs = pd.concat(
        [first_pairs.assign(claim_id=f"C{start + i}") for i in range(count)] or [first_pairs.iloc[:0]],
        ignore_index=True,
    )
    _grow(target, "claim_sources", pairs, new_pairs)

    risks, rated = _read(target, "risks"), _read(target, "risk_by_intake")
    # The risk with the fewest level rows is the template, so both tables reach their limits together.
    template = int(risks["risk_id"].map(rated["risk_id"].value_counts()).fillna(0).to_numpy().argmin())
    first_rated = rated[rated["risk_id"] == risks.iloc[template]["risk_id"]]
    count = min(room("risks", len(risks)), room("risk_by_intake", len(rated), len(first_rated)))
    with_ids("risks", template, count, lambda i: {"risk_id": f"gen_risk_{i}", "risk_type": f"Generated risk {i}"})
    _grow(target, "risk_by_intake", rated, pd.concat(
        [first_rated.assign(risk_id=f"gen_risk_{i}") for i in range(count)] or [first_rated.iloc[:0]],
        ignore_index=True,
    ))  # fmt: skip

    values = _read(target, "reference_values")
    count = room("reference_values", len(values))
    width = 100 / max(count, 1)
    template = values.index[values["value_id"] == "nhanes_blood_mean_female"][0]
    with_ids("reference_values", template, count, lambda i: {
        "value_id": f"gen_value_{i}", "authority": "WHO", "sex": "any",
        "age_min_years": f"{i * width:.6f}", "age_max_years": f"{(i + 1) * width:.6f}", "value": "10",
    })  # fmt: skip

    nodes, edges = _read(target, "mechanism_nodes"), _read(target, "mechanism_edges")
    count = min(room("mechanism_nodes", len(nodes)), room("mechanism_edges", len(edges)) + 1)
    with_ids("mechanism_nodes", 0, count, lambda i: {"node_id": f"gen_node_{i}", "label": f"Generated node {i}"})
    established = edges.index[edges["origin"] == "established_evidence"][0]
    with_ids("mechanism_edges", established, max(count - 1, 0), lambda i: {
        "edge_id": f"gen_edge_{i}", "source_node": f"gen_node_{i}", "target_node": f"gen_node_{i + 1}",
    })  # fmt: skip

    iron = _read(target, "iron_context")
    with_ids("iron_context", 0, room("iron_context", len(iron)), lambda i: {"item_id": f"gen_iron_{i}"})
    workup = _read(target, "iron_workup")
    plain = workup.index[workup["route"] == ""][0]
    top = max(int(o) for o in workup["step_order"])
    with_ids("iron_workup", plain, room("iron_workup", len(workup)), lambda i: {
        "step_id": f"gen_step_{i}", "step_order": str(top + 1 + i),
    })  # fmt: skip
    statements = _read(target, "supplement_statements")
    with_ids("supplement_statements", 0, room("supplement_statements", len(statements)), lambda i: {
        "statement_id": f"gen_statement_{i}",
    })  # fmt: skip
    weights = _read(target, "atomic_weights")
    taken = set(weights["symbol"])
    symbols = [s for s in (f"{a}{b}" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "abcdefghijklmnopqrstuvwxyz")
               if s not in taken]  # fmt: skip
    with_ids("atomic_weights", 1, min(room("atomic_weights", len(weights)), len(symbols)), lambda i: {
        "symbol": symbols[i], "element": f"generated element {i}",
    })  # fmt: skip


def time_pages(data_dir: Path) -> dict[str, tuple[float, float]]:
    """(first view, second view) seconds of each page in AppTest, with the data in `data_dir`."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["MNRLS_DATA_DIR"] = str(data_dir)
    times = {}
    for page in PAGES:
        runs = []
        for _ in range(2):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=3600)
            at.run()
            started = time.perf_counter()
            at.switch_page(page).run()
            runs.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        times[page] = (runs[0], runs[1])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--long-cells", action="store_true", help="free-text cells at MAX_CELL_CHARS")
    parser.add_argument("--target", type=Path, default=Path("/tmp/mnrls-largest-data"))
    args = parser.parse_args()
    shutil.rmtree(args.target, ignore_errors=True)
    build_largest_dataset(args.target, args.scale, args.long_cells)
    started = time.perf_counter()
    from analysis import load_dataset

    load_dataset(args.target)
    print(f"load_dataset: {time.perf_counter() - started:.2f} s")
    for page, (first, second) in time_pages(args.target).items():
        print(f"{page}: first view {first:.2f} s, second view {second:.2f} s")


if __name__ == "__main__":
    main()
