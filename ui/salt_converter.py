"""The salt converter of the dose page: a label's salt weight to elemental manganese, from the atomic weights in
the data (analysis.salts); both results when a label does not say which hydrate it means."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.salts import CONVERTER_CAPTION, LABEL_NAMES, conversion_sentence, salt_conversions

from .chrome import lazy_expander
from .query import state_key
from .text import escape_markdown


def _keep(key: str) -> None:
    """Streamlit forgets a widget's value in a run that does not draw it, and the converter is drawn only while
    open: its values are kept under a key of their own and given back when it is opened again."""
    st.session_state[f"{key}.kept"] = st.session_state[key]


def _restore(key: str) -> None:
    if key not in st.session_state and f"{key}.kept" in st.session_state:
        st.session_state[key] = st.session_state[f"{key}.kept"]


def render_salt_converter(atomic_weights: pd.DataFrame, *, page: str) -> None:
    # Drawn only while open (seven blocks and elements fewer on the dose page's first run, issue 22).
    with lazy_expander(
        "Convert a label's salt weight to elemental manganese", key=state_key(page, "salt_open")
    ) as opened:
        if not opened:
            return
        salt_key, mg_key = state_key(page, "salt"), state_key(page, "salt_mg")
        _restore(salt_key)
        _restore(mg_key)
        st.markdown(escape_markdown(CONVERTER_CAPTION))
        columns = st.columns([2, 1])
        salt_id = columns[0].selectbox(
            "Salt", list(LABEL_NAMES), format_func=lambda s: LABEL_NAMES[s][0], key=salt_key, on_change=_keep,
            args=(salt_key,),
        )  # fmt: skip
        salt_mg = columns[1].number_input("Salt per day (mg)", step=10.0, key=mg_key, on_change=_keep, args=(mg_key,))
        try:  # the range is checked here, not only by the widget
            conversions = salt_conversions(salt_id, salt_mg, atomic_weights)
        except (ValueError, TypeError) as exc:
            columns[1].error(str(exc), icon=":material/error:")
        else:
            st.markdown(conversion_sentence(salt_id, salt_mg, conversions))
