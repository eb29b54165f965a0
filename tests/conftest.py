"""Shared fixtures: the bundled dataset, and editable copies of data/ for the broken-data tests."""

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_dataset

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ (CSVs and datapackage.json)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_csv(data_dir: Path, file_name: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    """Rewrite one CSV of a data copy through `change`, every cell kept as text."""
    path = data_dir / file_name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame.copy()).to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def golden_path(name: str) -> Path:
    return GOLDEN_DIR / name
