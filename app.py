"""Entry point: page config, navigation, shared sidebar and footer. Run with `streamlit run app.py`."""

import streamlit as st

from ui.chrome import APP_TITLE, render_dataset_version, render_footer, render_sidebar
from ui.data import dataset_or_stop
from ui.query import report_dropped_link, report_unknown_params
from ui.run_slots import run_slot

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
render_sidebar()
dataset = dataset_or_stop(zip_button=navigation.url_path == "sources")  # the page that offers the ZIP
render_dataset_version(dataset)
report_dropped_link()
link_notices = st.empty()  # above the page, taking no space; filled once the page has read the parameters it uses
with run_slot():  # at most two runs at once per client address (ui/run_slots.py)
    navigation.run()
report_unknown_params(link_notices)
render_footer(dataset)
