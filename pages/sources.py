"""Sources and method (served at /sources): every cited document and what cites it, how to cite the dataset,
how it was built, the data dictionary and the full-dataset download."""

import streamlit as st

from analysis import (
    CITATION_STYLE,
    citation_bibtex,
    citation_text,
    citing_rows,
    csl_style_title,
    dataset_tables,
    readable_rows,
    table_noun,
    zip_file_name,
)
from analysis.vocab import GUIDE_KIND, VERDICT_LABELS, label
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
from ui.navigation import PAGE_FILES
from ui.sources_layout import glossary_markdown, render_data_dictionary, render_method, rows_as_list
from ui.text import escape_markdown

RISK_PAGE = PAGE_FILES["risks"]


dataset = dataset_or_stop(zip_button=True)
package = package_or_stop()
sources = dataset.sources
tables = dataset_tables(dataset)
address = served_url()

page_header(
    "Sources and method",
    "Every source the dataset cites, and what rests on each. How the data were built and how to cite them.",
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
# The list first: it wraps on a phone, where the table shows two columns; the table sorts and searches.
as_list, as_table = st.tabs(["Reference list", "Table"])
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

render_method(dataset, tables)

# --- Glossary: also a page of its own (the link every page shows); the anchor keeps old "sources#glossary" links -----
st.subheader("Glossary", anchor=GLOSSARY_ANCHOR)
st.markdown(glossary_markdown())

render_data_dictionary(package, tables)
