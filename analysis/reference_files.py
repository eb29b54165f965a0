"""Reference-manager files for any list of sources: BibTeX, RIS and CSL-JSON, all built from the CSL items of
analysis.csl (themselves read from sources.csv), so the three say the same thing as the citation on screen."""

from __future__ import annotations

import json
import re

import pandas as pd

from .citations import cited_sources
from .csl import INCOMPLETE_AUTHORS, csl_item

# CSL type -> BibTeX entry type, RIS reference type.
BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "report": "techreport",
    "legislation": "misc",
    "webpage": "misc",
    "document": "misc",
}
RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "report": "RPRT",
    "legislation": "STAT",
    "webpage": "ELEC",
    "document": "GEN",
}
# The formats offered for download: label -> (file extension, MIME type).
REFERENCE_FORMATS = {
    "BibTeX": ("bib", "application/x-bibtex"),
    "RIS": ("ris", "application/x-research-info-systems"),
    "CSL-JSON": ("json", "application/vnd.citationstyles.csl+json"),
}
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")
_RIS_LINE_END = "\r\n"  # the RIS specification's line end


def csl_items(source_ids: str | list[str], sources: pd.DataFrame) -> list[dict]:
    """The CSL items of the ids given, in the order cited (ids not in `sources` are skipped)."""
    return [csl_item(source) for _, source in cited_sources(source_ids, sources).iterrows()]


def to_csl_json(source_ids: str | list[str], sources: pd.DataFrame) -> str:
    """A CSL-JSON array (what Zotero, Mendeley and pandoc read) of the sources given."""
    return json.dumps(csl_items(source_ids, sources), ensure_ascii=False, indent=2) + "\n"


def to_bibtex(source_ids: str | list[str], sources: pd.DataFrame) -> str:
    """A BibTeX file of the sources given, one entry per source keyed by its source_id. Text is UTF-8 with
    LaTeX's special characters escaped; titles and bodies are braced so their capitals and commas are kept."""
    return "\n".join(_bibtex_entry(item) for item in csl_items(source_ids, sources))


def to_ris(source_ids: str | list[str], sources: pd.DataFrame) -> str:
    """An RIS file of the sources given: one record per source, tags as the RIS specification names them."""
    return "".join(_ris_record(item) for item in csl_items(source_ids, sources))


def reference_file(kind: str, source_ids: str | list[str], sources: pd.DataFrame) -> bytes:
    """The file of the chosen format (a key of REFERENCE_FORMATS) as UTF-8 bytes."""
    writers = {"BibTeX": to_bibtex, "RIS": to_ris, "CSL-JSON": to_csl_json}
    return writers[kind](source_ids, sources).encode("utf-8")


def reference_file_name(stem: str, kind: str) -> str:
    """'manganese-rls-sources.bib' for stem 'manganese-rls-sources' and kind 'BibTeX'."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "references"
    return f"{safe}.{REFERENCE_FORMATS[kind][0]}"


# --- BibTeX ---------------------------------------------------------------------------------------------------


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field: a backslash, ~ and ^ written as LaTeX commands, and & % $ # _ { }
    escaped with a backslash. Line breaks become spaces."""
    text = " ".join(str(text).split())
    text = text.replace("\\", "\x00").replace("~", "\x01").replace("^", "\x02")
    text = _BIBTEX_SPECIAL.sub(r"\\\1", text)
    return text.replace("\x00", r"\textbackslash{}").replace("\x01", r"\textasciitilde{}").replace("\x02", r"\^{}")


def bibtex_url(url: str) -> str:
    """A URL or DOI as BibTeX keeps it (url and doi fields are not LaTeX text); braces, backslashes, spaces
    and line breaks, which would break the field, are percent-encoded."""
    codes = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", "\n": "", "\r": ""}
    return "".join(codes.get(ch, ch) for ch in str(url))


def _bibtex_names(names: list[dict]) -> str:
    parts = []
    for name in names:
        if "literal" in name:
            parts.append("{" + bibtex_escape(name["literal"]) + "}")
        else:
            parts.append(f"{bibtex_escape(name['family'])}, {bibtex_escape(name['given'])}")
    return " and ".join(parts)


def _bibtex_entry(item: dict) -> str:
    kind = item["type"]
    fields: list[tuple[str, str]] = []
    et_al = " and others" if INCOMPLETE_AUTHORS in item.get("note", "") else ""
    if "author" in item:
        fields.append(("author", _bibtex_names(item["author"]) + et_al))
    if "editor" in item:
        fields.append(("editor", _bibtex_names(item["editor"])))
    fields.append(("title", "{" + bibtex_escape(item["title"]) + "}"))
    if "container-title" in item:
        fields.append(("journal", bibtex_escape(item["container-title"])))
    for csl, bib in (("volume", "volume"), ("issue", "number"), ("page", "pages")):
        if csl in item:
            value = bibtex_escape(item[csl])
            fields.append((bib, value.replace("-", "--") if bib == "pages" else value))
    if kind == "report" and "author" in item and "literal" in item["author"][0]:
        fields.append(("institution", "{" + bibtex_escape(item["author"][0]["literal"]) + "}"))
    issued = item["issued"]
    fields.append(("year", str(issued["date-parts"][0][0]) if "date-parts" in issued else "n.d."))
    if "DOI" in item:
        fields.append(("doi", bibtex_url(item["DOI"])))
    if "PMID" in item:
        fields.append(("pmid", bibtex_escape(item["PMID"])))
    if "URL" in item:
        fields.append(("url", bibtex_url(item["URL"])))
    if "note" in item:
        fields.append(("note", bibtex_escape(item["note"])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPES[kind]}{{{item['id']},\n{body}\n}}\n"


# --- RIS ------------------------------------------------------------------------------------------------------


def _ris_value(text: str) -> str:
    """One RIS value: a single line (RIS has no escape, so a line break would start a new tag)."""
    return " ".join(str(text).split())


def _ris_name(name: dict) -> str:
    return name["literal"] if "literal" in name else f"{name['family']}, {name['given']}"


def _ris_record(item: dict) -> str:
    lines = [("TY", RIS_TYPES[item["type"]]), ("ID", item["id"])]
    lines += [("AU", _ris_name(n)) for n in item.get("author", [])]
    lines += [("A2", _ris_name(n)) for n in item.get("editor", [])]  # RIS: secondary author, the editors
    lines.append(("TI", item["title"]))
    if "container-title" in item:
        lines.append(("T2", item["container-title"]))
    issued = item["issued"]
    if "date-parts" in issued:
        lines.append(("PY", str(issued["date-parts"][0][0])))
    for csl, tag in (("volume", "VL"), ("issue", "IS")):
        if csl in item:
            lines.append((tag, item[csl]))
    if "page" in item:
        start, _, end = item["page"].partition("-")
        lines.append(("SP", start))
        if end:
            lines.append(("EP", end))
    if "DOI" in item:
        lines.append(("DO", item["DOI"]))
    if "PMID" in item:
        lines.append(("AN", f"PMID: {item['PMID']}"))
    if "URL" in item:
        lines.append(("UR", item["URL"]))
    if "note" in item:
        lines.append(("N1", item["note"]))
    body = "".join(f"{tag}  - {_ris_value(value)}{_RIS_LINE_END}" for tag, value in lines)
    return f"{body}ER  - {_RIS_LINE_END}"
