"""One way to show a chart: the figure, the sentences that say what it shows, its data with a download, and
the sources of its values. Used by the dose page's four chart sections."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import DATA_LICENCE, short_label, to_csv_bytes
from analysis.chart_export import chart_credit, labelled_for_export, risk_bands_data

from .chrome import APP_TITLE, lazy_expander, render_source_list
from .data import dataset_or_stop

# Only the image download in each chart's toolbar: every extra button is one more Tab stop.
PLOT_CONFIG = {"displaylogo": False, "modeBarButtons": [["toImage"]]}
# The title each chart carries into a saved image, by its key (the risk chart's key ends in the authority).
CHART_TITLES = {
    "risk_chart": "Manganese: risk by daily intake",
    "life_stage_chart": "Manganese reference values by age",
    "water_chart": "Manganese in drinking water: guideline values",
    "air_chart": "Manganese in workplace air: exposure limits",
    "ferritin_chart": "Serum ferritin and iron treatment in RLS",
    "claim_profile": "Evidence profile of the guide's claims",
    "risk_profile": "Evidence profile of the guide's risks",
}


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
    dataset = dataset_or_stop()
    cited = source_ids or (data["source_id"].tolist() if "source_id" in data.columns else [])
    by_id = dataset.sources.set_index("source_id", drop=False)
    labels = [short_label(by_id.loc[i]) for i in dict.fromkeys(cited) if i in by_id.index]
    title = next(text for name, text in CHART_TITLES.items() if key.startswith(name))
    credit = chart_credit(labels, dataset_title=APP_TITLE, version=dataset.version, licence=DATA_LICENCE)
    config = {**PLOT_CONFIG, "toImageButtonOptions": {"filename": file_name.removesuffix(".csv"), "scale": 2}}
    st.plotly_chart(labelled_for_export(figure, title=title, credit=credit), config=config, key=key)
    if "intake_category" in data.columns and "from_mg" in data.columns:
        data = risk_bands_data(data)  # the outer bands' ends are the axis' ends, not data
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
