"""Entry point: page config, navigation, shared sidebar and footer. Run with `streamlit run app.py`."""

import streamlit as st

from ui.chrome import APP_TITLE, render_dataset_version, render_footer, render_sidebar
from ui.data import dataset_or_stop
from ui.query import report_dropped_link
from ui.style import apply_style

st.set_page_config(page_title=APP_TITLE, page_icon="🧪", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/risks.py", title="Risk table", icon=":material/table_chart:", default=True),
        st.Page("pages/evidence.py", title="Claim audit", icon=":material/fact_check:", url_path="evidence"),
        st.Page("pages/mechanism.py", title="Mechanism", icon=":material/account_tree:", url_path="mechanism"),
        st.Page("pages/dose.py", title="Dose and risk", icon=":material/monitor_weight:", url_path="dose"),
        st.Page("pages/sources.py", title="Sources and method", icon=":material/menu_book:", url_path="sources"),
    ]
)
apply_style()
render_sidebar()
dataset = dataset_or_stop()
render_dataset_version(dataset)
report_dropped_link()
navigation.run()
render_footer(dataset)
