"""Citations and links for rows of sources.csv: the one way every page and export cites a source."""

from __future__ import annotations

import re

import pandas as pd

from .csl import csl_item, format_reference
from .schemas import split_ids

# Between two citations in one CSV cell.
CITATION_SEPARATOR = " | "
# "Allen LH" -> "Allen"; "Rossander-Hultén L" -> "Rossander-Hultén".
_PERSON = re.compile(r"^(?P<surname>[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)*) [A-Z]{1,3}$")


def source_link(source: dict | pd.Series) -> str:
    """The canonical address of a source: its URL, else its DOI, else its PubMed record; '' if none."""
    if source["url"]:
        return str(source["url"])
    if source["doi"]:
        return f"https://doi.org/{source['doi']}"
    if source["pmid"]:
        return f"https://pubmed.ncbi.nlm.nih.gov/{source['pmid']}/"
    return ""


# What a citation says when no DOI, PubMed ID or canonical address was found (README, "Where the data comes from").
NO_IDENTIFIER = "identifier: none found"


def has_identifier(source: dict | pd.Series) -> bool:
    """True when the source has a DOI, a PubMed ID or a canonical URL."""
    return bool(source["doi"] or source["pmid"] or source["url"])


def doi_link(source: dict | pd.Series) -> str:
    return f"https://doi.org/{source['doi']}" if source["doi"] else ""


def pubmed_link(source: dict | pd.Series) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{source['pmid']}/" if source["pmid"] else ""


def other_links(source: dict | pd.Series) -> list[tuple[str, str]]:
    """The DOI and PubMed addresses of a source that differ from its canonical link, as (label, URL) pairs."""
    main = source_link(source)
    pairs = [("DOI", doi_link(source)), ("PubMed", pubmed_link(source))]
    return [(name, link) for name, link in pairs if link and link != main]


def source_year(source: dict | pd.Series) -> str:
    return "n.d." if pd.isna(source["year"]) else str(int(source["year"]))


def short_label(source: dict | pd.Series) -> str:
    """'Allen 2020' or 'NIH Office of Dietary Supplements n.d.': first author's surname, or the body; when the
    row has no author list ('(author list not captured ...)'), the journal's name ('Genetics in Medicine 2018')."""
    authors = str(source["authors_or_body"]).strip()
    if authors.startswith("(") or not authors:
        journal = re.split(r"\s\d|[,(:;]", str(source["container"]))[0].strip()
        return f"{journal or source['title']} {source_year(source)}"
    first = re.split(r"[;,]| \(", authors)[0].strip()
    match = _PERSON.match(first)
    name = match.group("surname") if match else first
    return f"{name} {source_year(source)}"


def format_citation(source: dict | pd.Series) -> str:
    """The full citation of a source, one line of plain text, formatted by the CSL processor in the named
    style (analysis.csl.CITATION_STYLE: NLM/Vancouver), with what the style has no place for as a note."""
    citation = format_reference(csl_item(source))
    return citation if has_identifier(source) else f"{citation} ({NO_IDENTIFIER}.)"


def cited_sources(source_ids: str | list[str], sources: pd.DataFrame) -> pd.DataFrame:
    """Rows of `sources` for the ids given (a list or a semicolon-separated cell), in the order cited."""
    ids = split_ids(source_ids) if isinstance(source_ids, str) else list(source_ids)
    ordered = list(dict.fromkeys(ids))
    by_id = sources.set_index("source_id", drop=False)
    return by_id.loc[[i for i in ordered if i in by_id.index]].reset_index(drop=True)


def citations_text(source_ids: str | list[str], sources: pd.DataFrame) -> str:
    """The full citations of the ids given, in the order cited, joined by CITATION_SEPARATOR (for CSV cells)."""
    return CITATION_SEPARATOR.join(format_citation(s) for _, s in cited_sources(source_ids, sources).iterrows())


def sources_by_row(frame: pd.DataFrame, sources: pd.DataFrame, label_column: str, label_header: str) -> pd.DataFrame:
    """One row per (row of `frame`, cited source): the list of sources cited shown under the rows.

    `label_column` names the column of `frame` that identifies each row to the reader, shown as `label_header`;
    the last column, `source_id`, is for the reference downloads and is not shown.
    """
    rows = []
    for _, row in frame.iterrows():
        for _, source in cited_sources(row["source_ids"], sources).iterrows():
            rows.append(
                {
                    label_header: row[label_column],
                    "Source": short_label(source),
                    "Citation": format_citation(source),
                    "Verification": source["verification"],
                    "Link": source_link(source) or None,
                    "source_id": source["source_id"],
                }
            )
    return pd.DataFrame(rows, columns=[label_header, "Source", "Citation", "Verification", "Link", "source_id"])
