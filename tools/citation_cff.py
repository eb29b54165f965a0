"""Write CITATION.cff at the repository root from data/datapackage.json (analysis.citation_cff).

Run `python -m tools.citation_cff` after changing the dataset's title, version, build date, description,
keywords or licence; tests/unit/test_citation_files.py fails while the file and the package disagree."""

from pathlib import Path

from analysis import CITATION_FILE, citation_cff, load_dataset, read_package

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    (ROOT / CITATION_FILE).write_text(citation_cff(read_package(), load_dataset()), encoding="utf-8")
    print(f"wrote {ROOT / CITATION_FILE}")


if __name__ == "__main__":
    main()
