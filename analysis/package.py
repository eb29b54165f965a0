"""The dataset as a package to take away: its citation, its data dictionary (from datapackage.json) and the
full-dataset ZIP (every CSV, datapackage.json and a generated README), built in memory and reproducible."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from .dataset import PACKAGE_FILE, DataError, Dataset, load_dataset, read_package_file, resolve_data_dir
from .export import to_csv_bytes
from .method import dataset_gaps, verification_sentence
from .provenance import dataset_tables, verification_meaning
from .schemas import RATED_INTAKE_CATEGORIES, TABLE_MODELS
from .vocab import INTAKE_CATEGORY_LABELS, RISK_LEVEL_LABELS, VERDICT_DEFINITIONS, VERDICT_LABELS, VERIFICATION_LABELS

DATA_LICENCE = "CC BY 4.0"
CODE_LICENCE = "MIT"
# The dataset has no public address yet: citations carry this placeholder until it is hosted.
HOSTED_URL_PLACEHOLDER = "[URL of the hosted copy]"
README_FILE = "README.md"
# Fixed metadata of every ZIP member, so the same files always give the same archive bytes.
ZIP_FILE_MODE = 0o644
ZIP_CREATE_SYSTEM = 3  # Unix, whatever system builds the archive
ZIP_COMPRESS_LEVEL = 9
ZIP_EARLIEST_DATE = (1980, 1, 1, 0, 0, 0)  # the ZIP format cannot store earlier dates


# --- Citation -------------------------------------------------------------------------------------------------


def build_date(dataset: Dataset) -> str:
    """The dataset's build date, YYYY-MM-DD (from `created` in datapackage.json)."""
    return dataset.created[:10]


def inline_citation(dataset: Dataset) -> str:
    """The short citation for tight spaces (footers, chart captions)."""
    return f"{dataset.title}, dataset version {dataset.version} ({build_date(dataset)})."


def citation_text(dataset: Dataset, url: str | None = None) -> str:
    """The full plain-text citation: name, version, date, licence and the address of the hosted copy."""
    year = build_date(dataset)[:4]
    return (
        f"{dataset.title} contributors ({year}). {dataset.title} [data set], version {dataset.version}, "
        f"built {build_date(dataset)}. Licence {DATA_LICENCE}. {url or HOSTED_URL_PLACEHOLDER}"
    )


def citation_bibtex(dataset: Dataset, url: str | None = None) -> str:
    """The same citation as a BibTeX @misc entry."""
    key = re.sub(r"[^a-z0-9]+", "_", f"{dataset.title} {dataset.version}".lower()).strip("_")
    title = _bibtex_escape(dataset.title)
    fields = [
        ("author", f"{{{title} contributors}}"),
        ("title", f"{{{title}}}: dataset version {_bibtex_escape(dataset.version)}"),
        ("howpublished", "Data set"),
        ("version", _bibtex_escape(dataset.version)),
        ("year", build_date(dataset)[:4]),
        ("date", build_date(dataset)),
        ("note", f"Licence {_bibtex_escape(DATA_LICENCE)}. Educational, not medical advice"),
        ("url", _bibtex_escape(url or HOSTED_URL_PLACEHOLDER)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(text))


# --- datapackage.json -----------------------------------------------------------------------------------------


def read_package(data_dir: str | os.PathLike | None = None) -> dict:
    """datapackage.json of the data directory, parsed; DataError when it cannot be read."""
    return read_package_file(resolve_data_dir(data_dir) / PACKAGE_FILE)


def _resources(package: dict) -> list[dict]:
    resources = package.get("resources")
    return [r for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []


def _fields(resource: dict) -> list[dict]:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []


DICTIONARY_COLUMNS = ["Table", "File", "Field", "Type", "Description", "Allowed values"]


def data_dictionary(package: dict) -> pd.DataFrame:
    """One row per field of every resource, as datapackage.json describes it: never written a second time."""
    rows = []
    for resource in _resources(package):
        for field in _fields(resource):
            constraints = field.get("constraints") if isinstance(field.get("constraints"), dict) else {}
            allowed = constraints.get("enum", [])
            rows.append(
                {
                    "Table": str(resource.get("name", "")),
                    "File": str(resource.get("path", "")),
                    "Field": str(field.get("name", "")),
                    "Type": str(field.get("type", "")),
                    "Description": str(field.get("description", "")),
                    "Allowed values": [str(v) for v in allowed] if isinstance(allowed, list) else [],
                }
            )
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def resource_summaries(package: dict) -> pd.DataFrame:
    """One row per resource: table name, file, title and description."""
    rows = [
        {
            "Table": str(r.get("name", "")),
            "File": str(r.get("path", "")),
            "Title": str(r.get("title", "")),
            "Description": str(r.get("description", "")),
        }
        for r in _resources(package)
    ]
    return pd.DataFrame(rows, columns=["Table", "File", "Title", "Description"])


def field_description_problems(package: dict, data_dir: str | os.PathLike | None = None) -> list[str]:
    """Every CSV column without a description in datapackage.json, and every description of a column that
    no CSV has (or of a CSV that does not exist). Empty when the package describes the files exactly."""
    directory = resolve_data_dir(data_dir)
    problems = []
    described = {str(r.get("path", "")): r for r in _resources(package)}
    for csv_path in sorted(directory.glob("*.csv")):
        resource = described.get(csv_path.name)
        if resource is None:
            problems.append(f"{csv_path.name}: no resource in {PACKAGE_FILE} describes this file.")
            continue
        header = pd.read_csv(csv_path, nrows=0, dtype=str).columns.tolist()
        fields = {str(f.get("name", "")): f for f in _fields(resource)}
        for column in header:
            if column not in fields:
                problems.append(f"{csv_path.name}: column '{column}' has no field in {PACKAGE_FILE}.")
            elif not str(fields[column].get("description", "")).strip():
                problems.append(f"{csv_path.name}: column '{column}' has no description.")
        for name in fields:
            if name not in header:
                problems.append(f"{csv_path.name}: {PACKAGE_FILE} describes '{name}', which the file does not have.")
    for path in described:
        if not (directory / path).is_file():
            problems.append(f"{PACKAGE_FILE}: resource '{path}' names a file that does not exist.")
    return problems


# --- The full-dataset ZIP -------------------------------------------------------------------------------------


def zip_folder(package: dict, dataset: Dataset) -> str:
    """The one folder every member sits in, e.g. 'manganese-rls-evidence-1.0.0'."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", str(package.get("name") or "dataset")).strip("-") or "dataset"
    version = re.sub(r"[^A-Za-z0-9._-]+", "-", dataset.version)
    return f"{name}-{version}"


def zip_file_name(package: dict, dataset: Dataset) -> str:
    return f"{zip_folder(package, dataset)}.zip"


def readme_text(package: dict, dataset: Dataset) -> str:
    """README.md of the ZIP: what the data is, how to cite it, its licence, version and build date, the files
    and what their codes mean. Generated from datapackage.json, the tables and the vocabularies."""
    tables = dataset_tables(dataset)
    lines = [
        f"# {dataset.title}: dataset version {dataset.version}",
        "",
        f"- Version: {dataset.version}",
        f"- Built: {build_date(dataset)}",
        f"- Licence of the data: {DATA_LICENCE}",
        f"- Address of the hosted copy: {HOSTED_URL_PLACEHOLDER}",
        "",
        str(package.get("description", "")).strip(),
        "",
        "The dataset checks a supplement guide's claims against published sources; it does not recommend doses "
        "or treatments. Ask a health professional about your own situation.",
        "",
        "## How to cite",
        "",
        "In-line citation (where space is short):",
        "",
        f"    {inline_citation(dataset)}",
        "",
        "Full citation:",
        "",
        f"    {citation_text(dataset)}",
        "",
        "BibTeX:",
        "",
        *(f"    {line}" for line in citation_bibtex(dataset).splitlines()),
        "",
        "Please also cite the original sources (sources.csv) of any value you reuse.",
        "",
        "## Licence",
        "",
    ]
    for licence in package.get("licenses", []) if isinstance(package.get("licenses"), list) else []:
        if isinstance(licence, dict):
            lines.append(f"- {licence.get('title') or licence.get('name')}: {licence.get('path', '')}".rstrip(": "))
    lines += ["", "## Files", ""]
    for resource in _resources(package):
        name = str(resource.get("name", ""))
        rows = len(tables[name]) if name in tables else None
        size = f" ({rows} rows)" if rows is not None else ""
        lines.append(f"- `{resource.get('path', '')}`{size}: {str(resource.get('description', '')).strip()}")
    lines += [
        f"- `{PACKAGE_FILE}`: the Frictionless Data Package descriptor. It gives every column's type, "
        "description and allowed values, and the keys that link the tables.",
        f"- `{README_FILE}`: this file.",
        "",
        "Every row that states a claim, a risk or a number names its sources in a `source_id` or "
        "`source_ids` column (ids separated by semicolons); `sources.csv` gives the full reference and "
        "its canonical link (DOI, PubMed or the issuing body's own page).",
        "",
        "The CSV files use UTF-8 and CRLF line ends. A text cell that a spreadsheet could run as a formula "
        "(one starting with =, +, -, @, a tab or a carriage return) is written with a leading apostrophe; "
        "the bundled data has no such cell.",
        "",
        "## What the codes mean",
        "",
        "Verdicts (`verdict` in claims.csv and risks.csv):",
        "",
        *(f"- `{code}` ({VERDICT_LABELS[code]}): {text}" for code, text in VERDICT_DEFINITIONS.items()),
        "",
        "Verification (`verification` in sources.csv and reference_values.csv):",
        "",
        *(f"- `{code}`: {verification_meaning(code)}" for code in VERIFICATION_LABELS),
        "",
        "Intake categories (`intake_category` in risk_by_intake.csv). The upper value is the IOM Tolerable "
        "Upper Intake Level or, for EFSA, the safe level of intake, which EFSA says is not a UL:",
        "",
        *(f"- `{code}`: {INTAKE_CATEGORY_LABELS[code]}" for code in RATED_INTAKE_CATEGORIES),
        "",
        "Risk levels (`level` in risk_by_intake.csv):",
        "",
        *(f"- `{code}`: {text}" for code, text in RISK_LEVEL_LABELS.items()),
        "",
        "## How well it is verified, and known gaps",
        "",
        verification_sentence(dataset.sources, "sources"),
        verification_sentence(dataset.reference_values, "reference values"),
        "",
        *(
            f"- {gap['heading']}. {gap['note']} ({gap['table']}.csv, row `{gap['row_id']}`)"
            for _, gap in dataset_gaps(dataset_tables(dataset)).iterrows()
        ),
        "",
        "The verdicts and assessments are the project's own reading of the sources, written in plain words.",
        "",
    ]
    return "\n".join(lines)


def zip_members(data_dir: str | os.PathLike | None = None) -> dict[str, bytes]:
    """Every file of the ZIP by its name inside the folder: the CSVs (same values as on disk, written by the
    one CSV writer, so formula-like text is neutralised), datapackage.json as it is on disk, and the README.
    Raises DataError when the data does not validate."""
    directory = resolve_data_dir(data_dir)
    return _members(directory, load_dataset(directory), read_package(directory))


def build_dataset_zip(data_dir: str | os.PathLike | None = None) -> bytes:
    """The full-dataset ZIP, in memory, from the data directory (default: $MNRLS_DATA_DIR, else data/).

    The same files give the same bytes: members in sorted order inside one folder, each dated with the
    dataset's `created` date and time, with fixed permissions and compression. Raises DataError when the data
    does not validate, so a broken dataset is never shipped.
    """
    directory = resolve_data_dir(data_dir)
    dataset = load_dataset(directory)
    package = read_package(directory)
    folder = zip_folder(package, dataset)
    stamp = zip_date_time(dataset.created)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in sorted(_members(directory, dataset, package).items()):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = ZIP_CREATE_SYSTEM
            info.external_attr = (0o100000 | ZIP_FILE_MODE) << 16  # a regular file, rw-r--r--
            archive.writestr(info, content, compresslevel=ZIP_COMPRESS_LEVEL)
    return buffer.getvalue()


def _members(directory: Path, dataset: Dataset, package: dict) -> dict[str, bytes]:
    members = {
        f"{name}.csv": _neutralised_csv(directory / f"{name}.csv", model) for name, model in TABLE_MODELS.items()
    }
    members[PACKAGE_FILE] = _read_bytes(directory / PACKAGE_FILE)
    members[README_FILE] = readme_text(package, dataset).encode("utf-8")
    return members


def zip_date_time(created: str) -> tuple[int, int, int, int, int, int]:
    """The ZIP timestamp of every member: the dataset's `created` date and time (UTC, to the second)."""
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return ZIP_EARLIEST_DATE
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, ZIP_EARLIEST_DATE)


def checksums(members: dict[str, bytes]) -> dict[str, str]:
    """SHA-256 of each member, by name."""
    return {name: hashlib.sha256(content).hexdigest() for name, content in sorted(members.items())}


def _neutralised_csv(path: Path, model) -> bytes:
    """The CSV as it is on disk, rewritten by the one CSV writer: the same values, text cells that a
    spreadsheet could run as a formula neutralised, number columns (validated by `model`) untouched."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    numbers = [name for name, column in model.to_schema().columns.items() if "str" not in str(column.dtype).lower()]
    return to_csv_bytes(table, verbatim_columns=numbers, byte_order_mark=False)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError([f"{path.name}: the file cannot be read ({exc.strerror or type(exc).__name__})."]) from exc
