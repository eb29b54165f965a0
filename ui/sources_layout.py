"""Layout helpers of the Sources page (pages/sources.py) and the glossary page: the method, the glossary, the data
dictionary, and tables turned into lists that wrap on a phone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import (
    Dataset,
    data_dictionary,
    dataset_gaps,
    identifier_sentence,
    resource_summaries,
    verification_meaning,
    verification_sentence,
    verification_word,
)
from analysis.schemas import RATED_INTAKE_CATEGORIES
from analysis.vocab import (
    GLOSSARY,
    INTAKE_CATEGORY_LABELS,
    RISK_LEVEL_LABELS,
    VERDICT_DEFINITIONS,
    VERDICT_LABELS,
    VERIFICATION_LABELS,
)

from .text import escape_markdown


def rows_as_list(frame: pd.DataFrame) -> str:
    """'- **first cell**: Column: value · Column: value' per row, every cell escaped, '–' cells left out."""
    lines = []
    for row in frame.itertuples(index=False):
        first, *rest = zip(frame.columns, row, strict=True)
        details = " · ".join(f"{escape_markdown(c)}: {escape_markdown(v)}" for c, v in rest if v != "–")
        lines.append(f"- **{escape_markdown(first[1])}**" + (f": {details}" if details else ""))
    return "\n".join(lines)


def field_list_markdown(fields: pd.DataFrame) -> str:
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


def glossary_markdown() -> str:
    return "\n".join(f"- **{escape_markdown(term)}**: {escape_markdown(text)}" for term, text in GLOSSARY.items())


def render_method(dataset: Dataset, tables: dict[str, pd.DataFrame]) -> None:
    """How the dataset was built, what the verdicts, verification, intake categories and risk levels mean, and
    the known gaps."""
    sources = dataset.sources
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
   sources, by authority (IOM or EFSA), by what the manganese is (food, a supplement or drinking water) and by age
   group, wherever a source tells them apart.
6. {escape_markdown(identifier_sentence(dataset.sources))}

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
            + "\n".join(
                f"- `{code}`: {escape_markdown(INTAKE_CATEGORY_LABELS[code])}" for code in RATED_INTAKE_CATEGORIES
            )
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


def render_data_dictionary(package: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Every file of the package, every column, its type and meaning: one expander per file."""
    st.subheader("Data dictionary", anchor=False)
    st.caption(
        "Generated from datapackage.json, which ships in the ZIP: every file, every column, its type and meaning."
    )
    dictionary = data_dictionary(package)
    for _, resource in resource_summaries(package).iterrows():
        rows = len(tables[resource["Table"]]) if resource["Table"] in tables else None
        title = f"{resource['File']} · {resource['Title']}" + (f" ({rows} rows)" if rows is not None else "")
        with st.expander(escape_markdown(title), icon=":material/table_view:"):
            st.markdown(escape_markdown(resource["Description"]))
            fields = dictionary[dictionary["Table"] == resource["Table"]]
            # A list, not a table: a four-column table scrolls sideways on a phone, and a list wraps at any width.
            st.markdown(field_list_markdown(fields))
