"""Keep every page inside app.py's shell (navigation, page config, sidebar, footer).

Streamlit treats an app with a `pages/` folder as a legacy multipage app until some session calls
`st.navigation`. So when the first visitor of a fresh server opens a deep link such as /dose, Streamlit
runs pages/dose.py on its own, without app.py. Each page calls `enter_through_app_shell()` first: in that
legacy run it switches the server to st.navigation mode and reruns, so app.py takes over."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def enter_through_app_shell() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
