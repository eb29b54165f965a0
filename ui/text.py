"""Safe text for Markdown-rendering elements, and the Markdown of the lists the pages show: pure functions of the
dataset (no Streamlit), cached by ui.data and used as they are by the same-elements floor of the benchmark."""

import html
import re

# Inline Markdown that could format, link, embed HTML, colour (:red[...]) or typeset ($...$) text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$:])")
# Characters that only matter at the start of a line (headings, lists, quotes).
_LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([#+\->])|(\d+)\.)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Show `text` literally in st.markdown / st.error: no links, emphasis, HTML or LaTeX from data or URLs."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", str(text))
    return _LINE_START_SPECIAL.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\."), escaped
    )


def source_list_markdown(dataset, source_ids: tuple[str, ...], notes: tuple[tuple[str, str], ...]) -> tuple[str, list]:
    """(Markdown, ids listed) of a numbered list of full citations from `dataset.sources`, each linked to its
    canonical address (and its DOI and PubMed record where those differ), with its verification and, when given
    in `notes` ((source id, plain text) pairs), a note. Pure, so ui.data caches it per list."""
    from analysis import cited_sources, format_citation, other_links, short_label, source_link, verification_word

    by_note = dict(notes)
    listed = cited_sources(list(source_ids), dataset.sources)
    lines = []
    for number, (_, source) in enumerate(listed.iterrows(), start=1):
        formatted = escape_markdown(format_citation(source))
        link = source_link(source)
        linked = f"[{escape_markdown(short_label(source))}](<{link}>)" if link else escape_markdown(short_label(source))
        extra = " ".join(f"[{name}](<{url}>)" for name, url in other_links(source))
        note = by_note.get(source["source_id"], "")
        lines.append(
            f"{number}. {linked}: {formatted} {extra + ' ' if extra else ''}"
            f"Verification: {verification_word(source['verification']).lower()}."
            + (f" {escape_markdown(note)}" if note else "")
        )
    return "\n".join(lines), listed["source_id"].tolist()


def supplement_statements_markdown(dataset) -> str:
    """Each authority's statement on manganese from supplements, one bullet per row of supplement_statements.csv."""
    from analysis import supplement_view

    lines = []
    for _, row in supplement_view(dataset.supplement_statements, dataset.sources).iterrows():
        dose = "" if row["Dose (mg/day)"] == "–" else f" · {row['Dose (mg/day)']} mg/day"
        dose += "" if row["For"] == "Any age" else f" · {row['For'].lower()}"
        note = "" if row["Note"] == "–" else f" {escape_markdown(row['Note'])}"
        lines.append(
            f"- **{escape_markdown(row['Source'])}** · {escape_markdown(row['About'])}{dose}: "
            f"{escape_markdown(row['What it says'])} Verification: {row['Verification'].lower()}.{note}"
        )
    return "\n".join(lines)


def workup_markdown(dataset) -> str:
    """The iron work-up as the guidelines state it, one numbered line per row of iron_workup.csv."""
    from analysis import workup_view

    lines = []
    for number, (_, row) in enumerate(
        workup_view(dataset.iron_workup, dataset.iron_context, dataset.sources).iterrows(), 1
    ):
        detail = " · ".join(v for v in (row["Route of iron"], row["Threshold"]) if v != "–")
        heading = escape_markdown(row["Part"] + (f" · {detail}" if detail else ""))
        lines.append(
            f"{number}. **{heading}**: {escape_markdown(row['What the source says'])} "
            f"({escape_markdown(row['Applies to'])}; {escape_markdown(row['Source'])}, "
            f"verification: {row['Verification'].lower()})"
        )
    return "\n".join(lines)


def links_markdown(view) -> str:
    """The diagram in words, one bullet per arrow (analysis.mechanism_edges_view): each line reads whole at any
    width, the browser's find reaches it, and it costs no Tab stop (a data grid cost several)."""
    return "\n".join(
        f"- **{escape_markdown(link['From'])}** {link['Relation']} **{escape_markdown(link['To'])}** · "
        f"{escape_markdown(link['Who says it'])} · **{link['Verdict']}**: "
        f"{escape_markdown(link['What the sources back'])}. Sources: {escape_markdown('; '.join(link['Sources']))}."
        for _, link in view.iterrows()
    )


def rows_markdown(cells) -> str:
    """A table's rows as a numbered list, each row one item of "column: cell" pairs, for a phone's width, where
    the table itself would scroll sideways with tall rows. `cells` are already Markdown-escaped (ui.charts.
    csv_as_shown), so the list shows the same cells as the table and the CSV; an empty cell says so."""
    lines = []
    for number, row in enumerate(cells.itertuples(index=False), start=1):
        # A line break inside a cell would end the list item: the words are kept, on one line.
        shown = [" ".join(str(cell).split()) or "(empty)" for cell in row]
        lines.append(f"{number}. " + " · ".join(f"**{c}**: {v}" for c, v in zip(cells.columns, shown, strict=True)))
    return "\n".join(lines)


def cited_sources_markdown(cited, heading: str) -> str:
    """`heading` in bold with the number of sources, then the sources that the rows shown cite
    (analysis.sources_by_row: its first column names the row), one bullet per source in the order first cited: its
    short label linked to its canonical address, the rows that cite it, the full citation and its verification. A
    list reads whole on a phone and costs one Tab stop per link, where a data grid cut each citation to one line."""
    from analysis import verification_word

    label_header = cited.columns[0]
    lines = []
    for _, rows in cited.groupby("source_id", sort=False):
        first = rows.iloc[0]
        name = escape_markdown(first["Source"])
        linked = f"[{name}](<{first['Link']}>)" if isinstance(first["Link"], str) and first["Link"] else name
        by = ", ".join(escape_markdown(str(value)) for value in dict.fromkeys(rows[label_header]))
        lines.append(
            f"- {linked} · cited for {by}: {escape_markdown(first['Citation'])} "
            f"Verification: {verification_word(first['Verification']).lower()}."
        )
    return f"**{heading}** ({cited['source_id'].nunique()})\n\n" + "\n".join(lines)


def status_html(*lines: str) -> str:
    """Each of `lines`, HTML-escaped and bold, one paragraph each, in a polite live region (role="status"): a
    screen reader announces the text when it changes (WCAG 4.1.3). For st.markdown with raw HTML allowed,
    whose wrapper keeps its DOM node across reruns, so the change is announced rather than a new region appearing."""
    paragraphs = "".join(f"<p><strong>{html.escape(line)}</strong></p>" for line in lines)
    return f'<div role="status" aria-live="polite">{paragraphs}</div>'
