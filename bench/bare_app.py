"""The bare Streamlit app of the Lighthouse comparison (issue 22): one line of text, nothing else. Served with
the same flags and .streamlit/config.toml as app.py, behind the same nginx."""

import streamlit as st

st.write("hi")
