"""One way to show a chart: the figure, the sentences that say what it shows, its data with a download, and
the sources of its values. Used by the dose page's four chart sections."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import to_csv_bytes

from .chrome import lazy_expander, render_source_list

# Only the image download in each chart's toolbar: every extra button is one more Tab stop.
PLOT_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]]}


def render_chart_block(
    figure: go.Figure,
    *,
    key: str,
    texts: list[str],
    data: pd.DataFrame,
    file_name: str,
    source_ids: list[str] | None = None,
    sources: pd.DataFrame | None = None,
) -> None:
    """`texts` are Markdown built by analysis (data already escaped by the caller where it is plain text); the
    data table and its CSV are exactly what the chart draws. Table and sources are drawn only when opened."""
    st.plotly_chart(figure, config=PLOT_CONFIG, key=key)
    for text in texts:
        st.markdown(text)
    with lazy_expander("Chart data", key=f"{key}_data_open") as opened:
        if opened:
            st.dataframe(data, hide_index=True)
            st.download_button(
                "Download CSV", data=lambda: to_csv_bytes(data), file_name=file_name, mime="text/csv",
                on_click="ignore", key=f"download_{key}", icon=":material/download:",
            )  # fmt: skip
    if source_ids and sources is not None:
        with lazy_expander("Sources of these values", key=f"{key}_sources_open") as opened:
            if opened:
                render_source_list(source_ids, sources)
