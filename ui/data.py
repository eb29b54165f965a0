"""The only module with @st.cache_data loaders. Pages get the dataset from here, never from disk."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analysis import (
    DataError,
    Dataset,
    build_dataset_zip,
    data_fingerprint,
    load_dataset,
    read_package,
    resolve_data_dir,
)

from .text import escape_markdown


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_dataset(data_dir: str, fingerprint: tuple) -> Dataset:
    # `fingerprint` (sizes and modification times) is part of the cache key, so an edited or repaired
    # file is read again on the next run; a DataError is raised, not cached.
    return load_dataset(data_dir)


@st.cache_data(show_spinner=False, max_entries=4)
def _cached_package(data_dir: str, fingerprint: tuple) -> dict:
    return read_package(data_dir)


def run_through_entrypoint() -> None:
    """Make sure app.py (st.navigation, sidebar, footer) runs around every page, from the very first request.

    Streamlit decides once per process whether to serve the pages/ directory the old way (each file its own
    app) and changes its mind only after st.navigation has been called. So a link to /evidence or /sources
    opened on a freshly started server, and every AppTest run, would execute the page file alone: no
    sidebar, no footer, a navigation menu listing file names. When that happens, switch the old mode off
    and rerun: the same URL then goes through app.py. A no-op once app.py has run in the process.
    """
    if getattr(PagesManager, "uses_pages_directory", None):
        PagesManager.uses_pages_directory = False
        st.rerun()


def dataset_or_stop() -> Dataset:
    """The validated dataset, or one error message naming each broken file, after which the page stops.

    app.py and every page call this first, so it also makes sure the page runs inside app.py.
    """
    run_through_entrypoint()
    directory = resolve_data_dir()
    try:
        return _cached_dataset(str(directory), data_fingerprint(directory))
    except DataError as exc:
        _stop_with(exc)


def package_or_stop() -> dict:
    """datapackage.json of the data directory the dataset comes from (for the data dictionary)."""
    directory = resolve_data_dir()
    try:
        return _cached_package(str(directory), data_fingerprint(directory))
    except DataError as exc:
        _stop_with(exc)


def dataset_zip() -> bytes:
    """The full-dataset ZIP of the data directory the dataset comes from. Not cached: it is built only when the
    download button is clicked (pass it as a lambda), in a few milliseconds."""
    return build_dataset_zip(resolve_data_dir())


def _stop_with(exc: DataError):
    bullets = "\n".join(f"- {escape_markdown(problem)}" for problem in exc.problems)
    st.error(
        "**The dashboard cannot show its data.** Fix the file(s) below, then reload the page.\n\n" + bullets,
        icon=":material/error:",
    )
    st.stop()
