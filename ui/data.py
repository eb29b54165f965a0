"""The only module with Streamlit caches. Pages get the dataset, and everything derived from it that does
not depend on the session, from here, never from disk.

The dataset is cached with `st.cache_resource` and the tables, figures and Markdown derived from it with an LRU
memo (`_derived`): one shared copy per process instead of a pickled copy per run (`st.cache_data`), which cost a
few milliseconds and a few hundred thousand short-lived objects per rerun for the garbage collector. They are
therefore read-only: pages filter, assign or copy, and never change a cached frame or figure in place. Every
derived cache is keyed on the data directory and its fingerprint, so an edited data file rebuilds them, and
bounded (DERIVED_ENTRIES) because its other arguments are user inputs."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from analysis import (
    DataError,
    Dataset,
    EvidenceProfile,
    build_dataset_zip,
    build_evidence_profile,
    data_fingerprint,
    dataset_tables,
    dose,
    dose_charts,
    load_dataset,
    population_values,
    resolve_data_dir,
    risk_table,
    short_label,
    sources_catalogue,
    supplements,
)
from analysis.colours import THEMES

from .text import escape_markdown, source_list_markdown, supplement_statements_markdown, workup_markdown

DERIVED_ENTRIES = 256  # per function; each entry is a few small frames or one figure (tens of KiB)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_load(data_dir: str, fingerprint: tuple) -> Dataset | DataError:
    # `fingerprint` (sizes and modification times) is part of the cache key, so an edited or repaired
    # file is read again on the next run. A DataError is cached too (returned, not raised): a broken
    # file, however large, is parsed once per version, not on every page view.
    try:
        return load_dataset(data_dir)
    except DataError as exc:
        return exc


_latest_load: tuple = (None, None)  # ((data_dir, fingerprint), what _cached_load gave for it)


def _cached_dataset(data_dir: str, fingerprint: tuple) -> Dataset:
    global _latest_load
    # Nearly every call asks for the current data version: answer it from the latest result without hashing the
    # fingerprint again for st.cache_resource (about 0.4 ms, twice per run). Another key goes to the cache.
    key, result = _latest_load
    if key != (data_dir, fingerprint):
        result = _cached_load(data_dir, fingerprint)
        _latest_load = (data_dir, fingerprint), result
    if isinstance(result, DataError):
        raise DataError(result.problems)  # a new exception each time: a cached one would grow its traceback
    return result


_RUN_KEY = "_mnrls_data_key"  # attribute of the ScriptRunContext: (this run's cursor dict, data key)
_PINNED_KEY = "_mnrls_data_version"  # session state: the data key of the session's last full run


def _key() -> tuple[str, tuple]:
    """(data directory, fingerprint), worked out once per script run, and pinned for the fragment runs after it.

    Resolving the directory and stat-ing every file costs about a millisecond, and every cached call of a page
    needs the key: the key is kept on the run's context, tagged with the context's cursor dict, which Streamlit
    replaces at the start of every run, so an edited file is still seen on the next run. A fragment run (a filter
    or an input change) redraws only part of the page: it keeps the version of the session's last full run, so
    the part it redraws never shows newer data than the header, the filters and the footer around it. A change on
    disk shows on the next full run, as a whole."""
    ctx = get_script_run_ctx()
    remembered = getattr(ctx, _RUN_KEY, None) if ctx is not None else None
    if remembered is not None and remembered[0] is ctx.cursors:
        return remembered[1]
    pinned = st.session_state.get(_PINNED_KEY) if ctx is not None and ctx.fragment_ids_this_run else None
    if pinned is not None:
        key = pinned
    else:
        directory = resolve_data_dir()
        key = str(directory), data_fingerprint(directory)
        if ctx is not None:
            st.session_state[_PINNED_KEY] = key
    if ctx is not None:
        setattr(ctx, _RUN_KEY, (ctx.cursors, key))
    return key


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


ZIP_BUTTON_LABEL = "Download full dataset (ZIP)"


def dataset_or_stop(*, zip_button: bool = False) -> Dataset:
    """The validated dataset, or one error message naming each broken file, after which the page stops. With
    `zip_button` (the page that offers the full-dataset ZIP), the button is drawn disabled under the message,
    saying why, instead of vanishing.

    app.py and every page call this first, so it also makes sure the page runs inside app.py.
    """
    run_through_entrypoint()
    try:
        return _cached_dataset(*_key())
    except DataError as exc:
        _stop_with(exc, zip_button=zip_button)


def package_or_stop() -> dict:
    """datapackage.json of the version of the data the page shows (for the data dictionary): parsed when the
    dataset was loaded, never read from disk again."""
    return dict(dataset_or_stop().package)


def dataset_zip(dataset: Dataset, url: str | None = None) -> bytes:
    """The full-dataset ZIP of `dataset`, the version the page shows (its files as read when it was loaded), its
    README citing `url` (the address the dashboard is served at, when known). Built only when the download button
    is clicked (pass it as a lambda over the page's dataset): a file edited since then is not mixed in."""
    return build_dataset_zip(dataset=dataset, url=url)


def _stop_with(exc: DataError, *, zip_button: bool = False):
    bullets = "\n".join(f"- {escape_markdown(problem)}" for problem in exc.problems)
    st.error(
        "**The dashboard cannot show its data.** Fix the file(s) below, then reload the page.\n\n" + bullets,
        icon=":material/error:",
    )
    if zip_button:
        count = len(exc.problems)
        st.download_button(
            ZIP_BUTTON_LABEL, data=b"", disabled=True, icon=":material/folder_zip:",
            help=f"Not available: the dataset has {count} problem{'s' if count != 1 else ''}, listed above. A broken "
            "dataset is never shipped.",
        )  # fmt: skip
        st.caption(f"{ZIP_BUTTON_LABEL}: not available while the dataset has problems (listed above).")
    st.stop()


# Derived views and figures ------------------------------------------------------------------------


def _derived(build, *, themed: bool = False):
    """`build(dataset, *args)` as a page-facing function of `*args`, cached once per process for each data version
    and set of arguments (read-only results, at most DERIVED_ENTRIES of them). With `themed`, the viewer's
    theme is passed as the last argument, so light and dark figures are cached apart."""

    def cached(data_dir: str, fingerprint: tuple, *args):
        return build(_cached_dataset(data_dir, fingerprint), *args)

    # A plain LRU memo, not st.cache_resource: a hit costs about a microsecond instead of about 0.4 ms of argument
    # hashing, and a dose run makes a dozen lookups. The key holds the data fingerprint, so an edited file is never
    # served from an old entry; the results are shared read-only across sessions like cache_resource's.
    cached = functools.lru_cache(maxsize=DERIVED_ENTRIES)(cached)

    def page_facing(*args):
        return cached(*_key(), *args, *((chart_theme(),) if themed else ()))

    page_facing.__doc__ = build.__doc__
    return page_facing


def chart_theme() -> str:
    """The viewer's theme ("light" or "dark"), so figures take that theme's colours from analysis.colours."""
    theme = st.context.theme.type
    return theme if theme in THEMES else "light"


_risk_views = _derived(risk_table.risk_views)
_typical_intake = _derived(dose.typical_intake_of)
_life_stage_chart = _derived(dose_charts.life_stage_chart_parts, themed=True)
_route_chart = _derived(dose_charts.route_chart_parts, themed=True)
_intake_chart_base = _derived(dose_charts.intake_chart_base, themed=True)
_population_values = _derived(population_values)
_supplement_sentence = _derived(supplements.supplement_sentence_of)
_levels_at = _derived(dose.levels_at_of)
_efsa_child_range = _derived(dose.efsa_child_range_of)
ferritin_chart = _derived(dose_charts.ferritin_chart_parts, themed=True)  # (ferritin or None)
iron_stores = _derived(dose.iron_stores_of)  # () -> (sentence, source ids); read-only
_evidence_profile = _derived(build_evidence_profile, themed=True)
_source_list = _derived(source_list_markdown)


def _sources_catalogue_of(dataset) -> pd.DataFrame:
    """The Sources page's table (analysis.sources_catalogue): every citation formatted once per data version."""
    return sources_catalogue(dataset_tables(dataset))


def _source_names_of(dataset) -> dict[str, str]:
    """Source id -> 'Short label: title', the Sources page's choice of a source."""
    return {
        source["source_id"]: f"{short_label(source)}: {source['title']}" for _, source in dataset.sources.iterrows()
    }


sources_catalogue_view = _derived(_sources_catalogue_of)  # () -> the catalogue; read-only
source_names = _derived(_source_names_of)  # () -> {id: name}; read-only
supplement_statements_list = _derived(supplement_statements_markdown)  # () -> Markdown
workup_list = _derived(workup_markdown)  # () -> Markdown


def risk_views(risk_ids, verdicts, search: str) -> risk_table.RiskViews:
    """The rows shown, the sources they cite and each card's values for these filters (analysis.risk_table).

    The rows keep the data's order whatever the order of the choices, so the key is the sorted set of choices:
    the same selection made in another order hits the same entry."""
    return _risk_views(tuple(sorted(set(risk_ids))), tuple(sorted(set(verdicts))), search)


def evidence_profile(kind: str, ids) -> EvidenceProfile | None:
    """The evidence profile (figure, tables, sentences) of these claims or risks (`kind` "claim" or "risk")."""
    return _evidence_profile(kind, tuple(ids))


def source_list(source_ids: list[str], notes=None) -> tuple[str, list[str]]:
    """(Markdown, ids listed) of the numbered citation list of these sources, with a note per id when given."""
    return _source_list(tuple(source_ids), tuple(sorted((notes or {}).items())))


def intake_chart(total_mg: float, age: float, sex: str, stage: str, authority: str, manganese_from: str = "food"):
    """(classification, risk bands, a function drawing the risk-by-intake figure, or None), as
    analysis.dose_charts.intake_chart_parts, from caches: the population's values, and the bands and figure
    without the total per population, kind of manganese and axis range. The total, a continuous input that would
    rarely hit a cache, is placed on the figure only when it is drawn: the chart sits in an expander, closed on
    most runs, and placing it cost a dose rerun about a tenth of its CPU."""
    result = _population_values(age, sex, stage, authority).with_intake(total_mg, manganese_from)
    bands, base = _intake_chart_base(age, sex, stage, authority, manganese_from, *dose_charts.intake_axis_range(result))
    if base is None:
        return result, bands, None
    return result, bands, functools.partial(dose_charts.with_your_total, base, result, chart_theme())


def supplement_sentence(supplement_mg: float, age_group: str = "adults") -> str:
    """Where a supplement amount sits against the assessed doses for this age group
    (analysis.supplements.supplement_sentence)."""
    return _supplement_sentence(supplement_mg, age_group)


def levels_at(category: str, authority: str, manganese_from: str, age_group: str):
    """Each risk's level at an intake category for an authority, kind of manganese and age group
    (analysis.dose.levels_at); read-only."""
    return _levels_at(category, authority, manganese_from, age_group)


def efsa_child_range(age: float) -> tuple[dict, dict] | None:
    """EFSA's range for a young age with no single value (analysis.dose.efsa_child_range), or None; copies."""
    found = _efsa_child_range(age)
    return None if found is None else (dict(found[0]), dict(found[1]))


def typical_intake(age: float, sex: str, authority: str) -> dict | None:
    """The population's typical intake row (analysis.dose.typical_intake), or None; a copy of the cached row."""
    row = _typical_intake(age, sex, authority)
    return None if row is None else dict(row)


def life_stage_chart(authorities, age: float):
    return _life_stage_chart(tuple(authorities), age)


def route_chart(route: str, marker_value: float | None = None):
    return _route_chart(route, marker_value)
