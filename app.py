"""Entry point: page config, navigation, shared sidebar and footer. Run with `streamlit run app.py`."""

import streamlit as st

from ui.chrome import APP_TITLE, render_dataset_version, render_footer, render_sidebar
from ui.data import dataset_or_stop
from ui.navigation import navigation_pages
from ui.query import report_dropped_link, report_unknown_params
from ui.run_slots import run_slot
from ui.style import apply_style

st.set_page_config(page_title=APP_TITLE, page_icon="🧪", layout="wide")

navigation = st.navigation(navigation_pages())
# Each page's own title in the browser tab, so that tabs, history and bookmarks tell the pages apart.
st.set_page_config(page_title=f"{navigation.title} · {APP_TITLE}")
apply_style()
render_sidebar()
dataset = dataset_or_stop(zip_button=navigation.url_path == "sources")  # the page that offers the ZIP
render_dataset_version(dataset)
report_dropped_link()
link_notices = st.empty()  # above the page, taking no space; filled once the page has read the parameters it uses
with run_slot():  # at most two runs at once per client address (ui/run_slots.py)
    navigation.run()
report_unknown_params(link_notices)
render_footer(dataset)
