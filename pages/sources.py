"""Sources and method (served at /sources): every cited document and what cites it, how to cite the dataset,
how it was built, the data dictionary and the full-dataset download."""

import streamlit as st

from analysis import (
    CITATION_STYLE,
    citation_bibtex,
    citation_text,
    citing_rows,
    csl_style_title,
    data_dictionary,
    dataset_gaps,
    dataset_tables,
    identifier_sentence,
    readable_rows,
    resource_summaries,
    table_noun,
    verification_meaning,
    verification_sentence,
    verification_word,
    zip_file_name,
)
from analysis.schemas import RATED_INTAKE_CATEGORIES
from analysis.vocab import (
    GLOSSARY,
    GUIDE_KIND,
    INTAKE_CATEGORY_LABELS,
    RISK_LEVEL_LABELS,
    VERDICT_DEFINITIONS,
    VERDICT_LABELS,
    VERIFICATION_LABELS,
    label,
)
from ui.chrome import (
    GLOSSARY_ANCHOR,
    page_header,
    render_claims,
    render_reference_downloads,
    render_source_list,
    served_url,
)
from ui.data import (
    ZIP_BUTTON_LABEL,
    dataset_or_stop,
    dataset_zip,
    package_or_stop,
    source_names,
    sources_catalogue_view,
)
from ui.text import escape_markdown

RISK_PAGE = "pages/risks.py"


def rows_as_list(frame) -> str:
    """'- **first cell**: Column: value · Column: value' per row, every cell escaped, '–' cells left out."""
    lines = []
    for row in frame.itertuples(index=False):
        first, *rest = zip(frame.columns, row, strict=True)
        details = " · ".join(f"{escape_markdown(c)}: {escape_markdown(v)}" for c, v in rest if v != "–")
        lines.append(f"- **{escape_markdown(first[1])}**" + (f": {details}" if details else ""))
    return "\n".join(lines)


dataset = dataset_or_stop(zip_button=True)
package = package_or_stop()
sources = dataset.sources
tables = dataset_tables(dataset)
address = served_url()

page_header(
    "Sources and method",
    "Every document the dataset cites and what cites it, how the dataset was built, how to cite it, "
    "what each column means, and the whole dataset to download.",
)

# --- How to cite, and the download ------------------------------------------------------------------------------
st.subheader("How to cite and download", anchor=False)
st.markdown(  # normal text, not a caption: the address is a link, and a faded link fails contrast
    (
        f"The address is the one this dashboard is served at: {escape_markdown(address)}."
        if address
        else "This dashboard does not know the address it is served at, so the citation gives none: add the "
        "address of the copy you used."
    )
    + " Please also cite the original sources of any value you reuse. The project's CITATION.cff says the same."
)
cite_text, cite_bibtex = st.tabs(["Plain text", "BibTeX"])
cite_text.code(citation_text(dataset, address), language=None, wrap_lines=True)
cite_bibtex.code(citation_bibtex(dataset, address), language="bibtex", wrap_lines=True)

st.download_button(
    ZIP_BUTTON_LABEL,
    data=lambda: dataset_zip(dataset, address),
    file_name=zip_file_name(package, dataset),
    mime="application/zip",
    on_click="ignore",
    icon=":material/folder_zip:",
    help="Every CSV, datapackage.json, and a README with the citation, licence, version and build date.",
)
files = ", ".join(f"{name}.csv ({len(frame)} rows)" for name, frame in tables.items())
st.caption(
    f"Holds {escape_markdown(files)}; datapackage.json, which types and describes every column; and a README "
    "with the citation, licence, version and build date. The same data always gives the same file."
)

# --- Sources --------------------------------------------------------------------------------------------------
st.subheader(f"{len(sources)} sources", anchor=False)
st.caption(
    "Verification says how a source was confirmed: **primary** means it was read in the issuing body's own "
    "document or record; **secondary** means it was confirmed only in part or through a reproduction. "
    "**Cited by** counts the rows of the dataset that rest on each source. "
    f"Citations are formatted in the **{escape_markdown(csl_style_title(CITATION_STYLE))}** style (the Vancouver "
    "style of biomedical journals) by a Citation Style Language processor; what the style has no place for "
    "follows as a note. Every list of sources, here and on the other pages, can be downloaded for a reference "
    "manager as BibTeX, RIS or CSL-JSON."
)
catalogue = sources_catalogue_view()  # citations formatted once per data version
render_reference_downloads(
    sources["source_id"].tolist(), sources, stem="manganese-rls-evidence-sources", key="all_sources_refs"
)
as_table, as_list = st.tabs(["Table", "Reference list"])
as_table.dataframe(
    catalogue,
    hide_index=True,
    key="sources_table",
    placeholder="–",
    column_order=["Source", "Link", "DOI", "PubMed", "Kind", "Verification", "Cited by", "Citation"],
    column_config={
        "Source": st.column_config.TextColumn(width="medium", pinned=True),
        "Citation": st.column_config.TextColumn(width="large"),
        "Cited by": st.column_config.TextColumn(width="medium"),
        "Link": st.column_config.LinkColumn(display_text="Open source", help="The canonical address"),
        "DOI": st.column_config.LinkColumn(display_text=r"https://doi\.org/(.+)", help="Digital Object Identifier"),
        "PubMed": st.column_config.LinkColumn(
            display_text=r"https://pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/", help="PubMed record (PMID)"
        ),
    },
)
with as_list:
    render_source_list(
        sources["source_id"].tolist(),
        sources,
        notes={
            source_id: f"{kind}. Cited by: {cited_by}."
            for source_id, kind, cited_by in zip(
                sources["source_id"], catalogue["Kind"], catalogue["Cited by"], strict=True
            )
        },
        downloads=False,  # offered above the tabs, for the whole list
    )

st.markdown("**What rests on a source**")
names = source_names()
chosen = st.selectbox(
    "Source",
    list(names),
    format_func=names.get,
    key="cited_source",
    help="The claims, risks, reference values and other rows that cite the chosen source.",
)
with st.container(border=True):
    render_source_list([chosen], sources)
    rows_by_table = citing_rows(tables, chosen)
    if not rows_by_table:
        is_guide = sources.loc[sources["source_id"] == chosen, "kind"].eq(GUIDE_KIND).any()
        st.markdown(
            "Nothing in the dataset cites this source"
            + (": it is the audited guide, where the claims come from." if is_guide else ".")
        )
    for table, rows in rows_by_table.items():
        st.markdown(f"**Cited by {len(rows)} {table_noun(table, len(rows))}**")
        if table == "claims":
            render_claims(";".join(rows["claim_id"]), dataset.claims)
        elif table == "risks":
            for _, risk in rows.iterrows():
                st.page_link(
                    RISK_PAGE,
                    label=f"{escape_markdown(risk['risk_type'])} · {label(VERDICT_LABELS, risk['verdict'])}",
                    icon=":material/table_chart:",
                    query_params={"risk": risk["risk_id"]},
                )
        else:
            # One bullet per row in the labels used elsewhere on the page, not the CSV's codes; a list wraps on a
            # phone and, unlike a scrolling table, needs no keyboard access of its own.
            st.markdown(rows_as_list(readable_rows(table, rows, tables)))

# --- Method ---------------------------------------------------------------------------------------------------
st.subheader("Method", anchor=False)
st.markdown(
    f"""**How the dataset was built.**

1. The guide was read and split into {len(dataset.claims)} distinct claims. Each is paraphrased in plain words and
   keeps the section of the guide it comes from.
2. Each claim was checked against guidelines, regulatory assessments, reviews and studies. It got a verdict, the
   kinds of evidence behind it, a short reason and its sources.
3. The guide's {len(dataset.risks)} risks were checked the same way, with the groups at higher risk, the exposure
   routes and the claims each risk rests on.
4. Manganese reference values were taken from the issuing bodies' documents where those could be read, each with its
   source and how well it was verified.
5. For each risk and intake category, the level of risk the evidence supports was recorded, with a reason and
   sources.
6. {escape_markdown(identifier_sentence(sources))}

Every table is checked each time the data loads: column types, allowed values, and that every id a row cites
exists. The verdicts and reasons are the project's own reading of the sources."""
)

method_left, method_right = st.columns(2)
with method_left:
    st.markdown("**What each verdict means**")
    st.markdown(
        "\n".join(
            f"- **{VERDICT_LABELS[code]}**: {escape_markdown(meaning)} Code `{code}`."
            for code, meaning in VERDICT_DEFINITIONS.items()
        )
    )
    st.markdown("**What verification means**")
    st.markdown(
        "\n".join(
            f"- **{verification_word(code)}**: {verification_meaning(code)} Code `{code}`."
            for code in VERIFICATION_LABELS
        )
        + "\n\n"
        + escape_markdown(verification_sentence(sources, "sources"))
        + " "
        + escape_markdown(verification_sentence(dataset.reference_values, "reference values"))
    )
with method_right:
    st.markdown("**What each intake category means**")
    st.markdown(
        "Total oral intake (food, water and supplements, in mg a day) is placed against the reference values of "
        "the chosen authority and population. The upper value is the IOM Tolerable Upper Intake Level or, for "
        "EFSA, the safe level of intake, which EFSA says is not a UL.\n\n"
        + "\n".join(f"- `{code}`: {escape_markdown(INTAKE_CATEGORY_LABELS[code])}" for code in RATED_INTAKE_CATEGORIES)
    )
    st.markdown("**What each risk level means**")
    st.markdown("\n".join(f"- `{code}`: {escape_markdown(text)}" for code, text in RISK_LEVEL_LABELS.items()))

st.markdown("**Known gaps**")
st.markdown(
    "\n".join(
        f"- **{escape_markdown(gap['heading'])}.** {escape_markdown(gap['note'])} "
        f"*({escape_markdown(gap['table'])}.csv, row {escape_markdown(gap['row_id'])})*"
        for _, gap in dataset_gaps(tables).iterrows()
    )
)

# --- Glossary: every page links here ("sources#glossary") -------------------------------------------------------
st.subheader("Glossary", anchor=GLOSSARY_ANCHOR)
st.markdown("\n".join(f"- **{escape_markdown(term)}**: {escape_markdown(text)}" for term, text in GLOSSARY.items()))


def field_list_markdown(fields) -> str:
    """One bullet per column: its name, type and meaning, and its allowed values when the package lists them."""
    lines = []
    for _, field in fields.iterrows():
        allowed = field["Allowed values"]
        values = f" Allowed values: {escape_markdown(', '.join(allowed))}." if allowed else ""
        lines.append(
            f"- **{escape_markdown(field['Field'])}** ({escape_markdown(field['Type'])}): "
            f"{escape_markdown(field['Description'])}{values}"
        )
    return "\n".join(lines)


# --- Data dictionary ------------------------------------------------------------------------------------------
st.subheader("Data dictionary", anchor=False)
st.caption("Generated from datapackage.json, which ships in the ZIP: every file, every column, its type and meaning.")
dictionary = data_dictionary(package)
for _, resource in resource_summaries(package).iterrows():
    rows = len(tables[resource["Table"]]) if resource["Table"] in tables else None
    title = f"{resource['File']} · {resource['Title']}" + (f" ({rows} rows)" if rows is not None else "")
    with st.expander(escape_markdown(title), icon=":material/table_view:"):
        st.markdown(escape_markdown(resource["Description"]))
        fields = dictionary[dictionary["Table"] == resource["Table"]]
        # A list, not a table: a four-column table scrolls sideways on a phone, and a list wraps at any width.
        st.markdown(field_list_markdown(fields))
