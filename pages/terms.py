"""Glossary (served at /glossary, linked from every page rather than listed in the navigation): the terms and
abbreviations the dashboard uses, in plain words."""

import streamlit as st

from ui.chrome import page_header
from ui.sources_layout import glossary_markdown

page_header("Glossary", "The words and short forms used on these pages, each in plain words.")
st.markdown(glossary_markdown())
