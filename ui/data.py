"""The only module with @st.cache_data loaders. Pages get the dataset from here, never from disk."""

from __future__ import annotations

import streamlit as st

from analysis import DataError, Dataset, data_fingerprint, load_dataset, resolve_data_dir

from .text import escape_markdown


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_dataset(data_dir: str, fingerprint: tuple) -> Dataset:
    # `fingerprint` (sizes and modification times) is part of the cache key, so an edited or repaired
    # file is read again on the next run; a DataError is raised, not cached.
    return load_dataset(data_dir)


def dataset_or_stop() -> Dataset:
    """The validated dataset, or one error message naming each broken file, after which the page stops."""
    directory = resolve_data_dir()
    try:
        return _cached_dataset(str(directory), data_fingerprint(directory))
    except DataError as exc:
        bullets = "\n".join(f"- {escape_markdown(problem)}" for problem in exc.problems)
        st.error(
            "**The dashboard cannot show its data.** Fix the file(s) below, then reload the page.\n\n" + bullets,
            icon=":material/error:",
        )
        st.stop()
