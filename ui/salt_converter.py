"""The salt converter of the dose page: a label's salt weight to elemental manganese, from the atomic weights in
the data (analysis.salts); both results when a label does not say which hydrate it means."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.salts import CONVERTER_CAPTION, LABEL_NAMES, conversion_sentence, salt_conversions

from .query import state_key
from .text import escape_markdown


def render_salt_converter(atomic_weights: pd.DataFrame, *, page: str) -> None:
    with st.expander("Convert a label's salt weight to elemental manganese"):
        st.markdown(escape_markdown(CONVERTER_CAPTION))
        columns = st.columns([2, 1])
        salt_id = columns[0].selectbox(
            "Salt", list(LABEL_NAMES), format_func=lambda s: LABEL_NAMES[s][0], key=state_key(page, "salt")
        )
        salt_mg = columns[1].number_input("Salt per day (mg)", value=0.0, step=10.0, key=state_key(page, "salt_mg"))
        try:  # the range is checked here, not only by the widget
            conversions = salt_conversions(salt_id, salt_mg, atomic_weights)
        except (ValueError, TypeError) as exc:
            columns[1].error(str(exc), icon=":material/error:")
        else:
            st.markdown(conversion_sentence(salt_id, salt_mg, conversions))
