"""Streamlit-side helpers shared by app.py and the pages: cached loaders (`data.py`) and page chrome."""
