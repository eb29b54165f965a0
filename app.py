"""Entry point: page config, navigation, shared sidebar and footer. Run with `streamlit run app.py`."""

import streamlit as st

from ui.chrome import APP_TITLE, render_dataset_version, render_footer, render_sidebar
from ui.data import dataset_or_stop
from ui.navigation import navigation_pages
from ui.query import report_dropped_link

st.set_page_config(page_title=APP_TITLE, page_icon="🧪", layout="wide")

navigation = st.navigation(navigation_pages())
# Each page's own title in the browser tab, so that tabs, history and bookmarks tell the pages apart.
st.set_page_config(page_title=f"{navigation.title} · {APP_TITLE}")
render_sidebar()
dataset = dataset_or_stop()
render_dataset_version(dataset)
report_dropped_link()
navigation.run()
render_footer(dataset)
