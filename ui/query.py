"""Widget values kept in the URL query string, so any view can be shared and reloaded.

Streamlit's own `bind="query-params"` writes a multiselect's *labels* to the URL; we want stable ids
(`?risk=iron_interaction`) next to readable labels, so the state is synced here instead:
- on a fresh session, or when the URL changes (a pasted link, back/forward), the URL sets the widget;
- when the user changes the widget, its callback writes the URL (the parameter is dropped at the default).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import streamlit as st

MAX_SHOWN_LENGTH = 40
MAX_TEXT_LENGTH = 100


def _url_seen_key(key: str) -> str:
    return f"_url_seen_{key}"


def _url_changed(key: str) -> bool:
    return key not in st.session_state or st.session_state.get(_url_seen_key(key)) != st.query_params.get_all(key)


def list_from_url(key: str, options: Sequence[str], default: Sequence[str]) -> list[str]:
    """Seed a multiselect's state from `?key=a&key=b`; return the values that were not valid options."""
    url_values = st.query_params.get_all(key)
    ignored = [v for v in url_values if v not in options]
    if _url_changed(key):
        valid = list(dict.fromkeys(v for v in url_values if v in options))
        st.session_state[key] = valid if valid else list(default)
        st.session_state[_url_seen_key(key)] = url_values
    return ignored


def text_from_url(key: str, default: str = "", max_length: int = MAX_TEXT_LENGTH) -> list[str]:
    """Seed a text input's state from `?key=...` (trimmed to `max_length`); return what was cut off."""
    url_values = st.query_params.get_all(key)
    value = url_values[-1] if url_values else default
    ignored = [value] if len(value) > max_length else []
    if _url_changed(key):
        st.session_state[key] = value[:max_length]
        st.session_state[_url_seen_key(key)] = url_values
    return ignored


def write_to_url(key: str, default) -> None:
    """on_change callback: mirror the widget's value into the URL; drop the parameter at the default."""
    value = st.session_state[key]
    at_default = sorted(value) == sorted(default) if isinstance(value, list) else value == default
    if at_default or value is None or (isinstance(value, (str, list)) and not value):
        st.query_params.pop(key, None)
    elif isinstance(value, float):
        st.query_params[key] = f"{value:g}"
    else:
        st.query_params[key] = value
    st.session_state[_url_seen_key(key)] = st.query_params.get_all(key)


def report_ignored(key: str, values: list[str]) -> None:
    """Tell the user, without rendering the values as Markdown or HTML, that part of the link was ignored."""
    if not values:
        return
    shown = ", ".join(repr(v[:MAX_SHOWN_LENGTH] + ("…" if len(v) > MAX_SHOWN_LENGTH else "")) for v in values[:3])
    more = f" and {len(values) - 3} more" if len(values) > 3 else ""
    st.warning(
        f"Part of the link was not understood and was ignored ({len(values)} value(s) of '{key}').",
        icon=":material/link_off:",
    )
    st.code(f"{key}: {shown}{more}", language=None, wrap_lines=True)


def number_from_url(key: str, default: float | None) -> list[str]:
    """Seed a number input from `?key=`; a value that is not a finite number is ignored and returned.

    Out-of-range numbers are kept, so the page can show its message next to the input."""
    url_values = st.query_params.get_all(key)
    ignored: list[str] = []
    if _url_changed(key):
        value = default
        if url_values:
            try:
                parsed = float(url_values[-1])
            except ValueError:
                parsed = math.nan
            if math.isfinite(parsed):
                value = parsed
            else:
                ignored = [url_values[-1]]
        st.session_state[key] = value
        st.session_state[_url_seen_key(key)] = url_values
    return ignored


def choice_from_url(key: str, options: Sequence[str], default: str) -> list[str]:
    """Seed a select box from `?key=`; values that are not options are ignored and returned."""
    url_values = st.query_params.get_all(key)
    ignored = [v for v in url_values[-1:] if v not in options]
    if _url_changed(key):
        st.session_state[key] = url_values[-1] if url_values and not ignored else default
        st.session_state[_url_seen_key(key)] = url_values
    return ignored


def url_multiselect(
    container, label: str, options: Sequence[str], *, key: str, default: Sequence[str], format_func, placeholder: str
) -> list[str]:
    """A multiselect whose value lives in `?key=id&key=id`; values the link got wrong are reported."""
    ignored = list_from_url(key, options, default)
    value = container.multiselect(
        label,
        list(options),
        format_func=format_func,
        key=key,
        on_change=write_to_url,
        args=(key, list(default)),
        placeholder=placeholder,
    )
    report_ignored(key, ignored)
    return value


def url_search(container, *, placeholder: str, key: str = "q") -> str:
    """The plain-text search box of a table page, kept in `?q=`; an over-long link value is cut and reported."""
    ignored = text_from_url(key)
    value = container.text_input(
        "Search",
        key=key,
        on_change=write_to_url,
        args=(key, ""),
        max_chars=MAX_TEXT_LENGTH,
        placeholder=placeholder,
        icon=":material/search:",
    )
    report_ignored(key, ignored)
    return value
