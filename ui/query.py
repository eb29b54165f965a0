"""Widget values kept in the URL query string, so any view can be shared and reloaded.

Streamlit's own `bind="query-params"` writes a multiselect's *labels* to the URL; we want stable ids
(`?risk=iron_interaction`) next to readable labels, so the state is synced here instead:
- on a fresh session, or when the URL changes (a pasted link, back/forward), the URL sets the widget;
- when the user changes the widget, its callback writes the URL (the parameter is dropped at the default).

Each page owns its session keys: a widget's key is `<page>.<param>` (`risks.risk`, `mechanism.risk`), never
the bare URL parameter, so two pages that read the same parameter name never see each other's state.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.query_params import (
    CLIENT_STATE_QUERY_STRING_MAX_FIELDS,
    CLIENT_STATE_QUERY_STRING_MAX_LENGTH,
)

from analysis.limits import MAX_SEARCH_LENGTH

MAX_SHOWN_LENGTH = 40
# A number in a link: plain ASCII decimal, optional minus sign. float() would also take "+10", "1_0", "1e1",
# " 10", "inf" and Arabic-Indic or full-width digits, none of which this dashboard ever writes.
PLAIN_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


_PARAMS_ATTR = "_mnrls_url_params"  # attribute of the ScriptRunContext: (this run's cursor dict, names read)


def _read_param(param: str) -> None:
    """Note that this run's page reads `param` from the link (report_unknown_params reports the others)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    held = getattr(ctx, _PARAMS_ATTR, None)
    if held is None or held[0] is not ctx.cursors:  # Streamlit gives every run a new cursor dict
        held = (ctx.cursors, set())
        setattr(ctx, _PARAMS_ATTR, held)
    held[1].add(param)


def report_unknown_params(placeholder) -> None:
    """In `placeholder` (an st.empty), say which parameter names of the link this run's page does not read (`?Age=16`, a
    misspelt or miscased name), like a bad value: the page shows its default for them. Call after the page ran."""
    ctx = get_script_run_ctx()
    held = getattr(ctx, _PARAMS_ATTR, None) if ctx is not None else None
    known = held[1] if held is not None and held[0] is ctx.cursors else set()
    unknown = [name for name in st.query_params.keys() if name not in known]  # noqa: SIM118 (QueryParams)
    if not unknown:
        return
    lowered = {name.lower(): name for name in known}
    lines = []
    for name in unknown[:3]:
        shown = repr(name[:MAX_SHOWN_LENGTH] + ("…" if len(name) > MAX_SHOWN_LENGTH else ""))
        hint = f"; did you mean '{lowered[name.lower()]}'?" if name.lower() in lowered else ""
        lines.append(f"{shown}: not a parameter of this page{hint}")
    more = f"\nand {len(unknown) - 3} more" if len(unknown) > 3 else ""
    with placeholder.container():
        st.warning(
            f"Part of the link was not understood and was ignored ({len(unknown)} parameter name(s) this page does "
            "not use; names are case-sensitive).",
            icon=":material/link_off:",
        )
        st.code("\n".join(lines) + more, language=None, wrap_lines=True)


def state_key(page: str, param: str) -> str:
    """The session key of a page's widget bound to URL parameter `param`."""
    return f"{page}.{param}"


def _url_seen_key(key: str) -> str:
    return f"_url_seen_{key}"


def _url_changed(param: str, key: str) -> bool:
    return key not in st.session_state or st.session_state.get(_url_seen_key(key)) != st.query_params.get_all(param)


def _remember_url(param: str, key: str) -> None:
    st.session_state[_url_seen_key(key)] = st.query_params.get_all(param)


def list_from_url(page: str, param: str, options: Sequence[str], default: Sequence[str]) -> list[str]:
    """Seed a multiselect's state from `?param=a&param=b`; return the values that were not valid options."""
    _read_param(param)
    key = state_key(page, param)
    url_values = st.query_params.get_all(param)
    ignored = [v for v in url_values if v not in options and v != ""]  # `?risk=` alone: nothing chosen
    if _url_changed(param, key):
        valid = list(dict.fromkeys(v for v in url_values if v in options))
        st.session_state[key] = valid if valid else list(default)
        _remember_url(param, key)
    return ignored


def _invisible(char: str) -> bool:
    """Format and control characters: right-to-left overrides, zero-width spaces and joiners, byte-order marks."""
    return unicodedata.category(char) in ("Cf", "Cc")


def text_from_url(page: str, param: str, default: str = "", max_length: int = MAX_SEARCH_LENGTH) -> list[str]:
    """Seed a text input's state from `?param=...` (trimmed to `max_length`); return what was cut off.

    Invisible characters are removed first (they would show "iron" in the box and match nothing) and
    reported by code point."""
    _read_param(param)
    key = state_key(page, param)
    url_values = st.query_params.get_all(param)
    raw = url_values[-1] if url_values else default
    hidden = sorted({char for char in raw if _invisible(char)})
    value = "".join(char for char in raw if not _invisible(char))
    ignored = [" ".join(f"U+{ord(char):04X}" for char in hidden)] if hidden else []
    ignored += url_values[:-1] if len(url_values) > 1 else []
    ignored += [value] if len(value) > max_length else []
    if _url_changed(param, key):
        st.session_state[key] = value[:max_length]
        _remember_url(param, key)
    return ignored


def write_to_url(page: str, param: str, default) -> None:
    """on_change callback: mirror the widget's value into the URL; drop the parameter at the default."""
    key = state_key(page, param)
    value = st.session_state[key]
    at_default = sorted(value) == sorted(default) if isinstance(value, list) else value == default
    if at_default or value is None or (isinstance(value, (str, list)) and not value):
        st.query_params.pop(param, None)
    elif isinstance(value, float):
        st.query_params[param] = plain_decimal(value)
    else:
        st.query_params[param] = value
    _remember_url(param, key)


def report_ignored(param: str, values: list[str]) -> None:
    """Tell the user, without rendering the values as Markdown or HTML, that part of the link was ignored."""
    if not values:
        return
    shown = ", ".join(repr(v[:MAX_SHOWN_LENGTH] + ("…" if len(v) > MAX_SHOWN_LENGTH else "")) for v in values[:3])
    more = f" and {len(values) - 3} more" if len(values) > 3 else ""
    st.warning(
        f"Part of the link was not understood and was ignored ({len(values)} value(s) of '{param}').",
        icon=":material/link_off:",
    )
    st.code(f"{param}: {shown}{more}", language=None, wrap_lines=True)


def plain_decimal(value: float) -> str:
    """A float as the link writes it: plain decimal, never an exponent ("1e+06") or "-0"."""
    text = format(Decimal(repr(value + 0.0)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_plain_decimal(text: str) -> float | None:
    """The number of a plain ASCII decimal string (see PLAIN_DECIMAL), else None. "-0" is 0."""
    if not PLAIN_DECIMAL.fullmatch(text):
        return None
    return float(text) + 0.0  # + 0.0 turns -0.0 into 0.0, so the box never shows "-0.00"


def number_from_url(page: str, param: str, default: float | None) -> list[str]:
    """Seed a number input from `?param=`; a value that is not a plain decimal number is ignored and returned.

    Out-of-range numbers are kept, so the page can show its message next to the input. When the link repeats
    the parameter, the last value is used and the others are returned; an empty value means the default."""
    _read_param(param)
    key = state_key(page, param)
    url_values = st.query_params.get_all(param)
    ignored: list[str] = url_values[:-1]
    value = default
    if url_values and url_values[-1] != "":
        parsed = parse_plain_decimal(url_values[-1])
        if parsed is None:
            ignored.append(url_values[-1])
        else:
            value = parsed
    if _url_changed(param, key):
        st.session_state[key] = value
        _remember_url(param, key)
    return ignored


def choice_from_url(page: str, param: str, options: Sequence[str], default: str) -> list[str]:
    """Seed a select box from `?param=`; values that are not options are ignored and returned.

    When the link repeats the parameter, the last valid value is used and every other value is returned."""
    _read_param(param)
    key = state_key(page, param)
    url_values = st.query_params.get_all(param)
    valid = [v for v in url_values if v in options]
    chosen = valid[-1] if valid else default
    ignored = [v for v in url_values if v not in options] + valid[:-1]
    if _url_changed(param, key):
        st.session_state[key] = chosen
        _remember_url(param, key)
    return ignored


def report_dropped_link() -> None:
    """Say so when Streamlit ignored the whole query string (over 1,000 parameters or 512 KiB): the page
    then shows its defaults, and without this notice the visitor would not know the link was not used."""
    ctx = get_script_run_ctx()
    raw = getattr(ctx, "query_string", "") or ""
    too_many = raw.count("&") + 1 > CLIENT_STATE_QUERY_STRING_MAX_FIELDS
    too_long = len(raw) > CLIENT_STATE_QUERY_STRING_MAX_LENGTH
    if too_many or too_long:
        limit = (
            f"more than {CLIENT_STATE_QUERY_STRING_MAX_FIELDS:,} parameters"
            if too_many
            else f"more than {CLIENT_STATE_QUERY_STRING_MAX_LENGTH // 1024:,} KiB"
        )
        st.warning(
            f"The link was not used: it has {limit}, so the page shows its defaults.",
            icon=":material/link_off:",
        )


def url_multiselect(
    container,
    label: str,
    options: Sequence[str],
    *,
    page: str,
    param: str,
    default: Sequence[str],
    format_func,
    placeholder: str,
    on_change: Callable[[], None] | None = None,
    **widget_kwargs,
) -> list[str]:
    """A multiselect whose value lives in `?param=id&param=id`; values the link got wrong are reported.
    `on_change`, when given, runs after the URL is written (e.g. to reset state that depends on the choice)."""
    ignored = list_from_url(page, param, options, default)

    def changed() -> None:
        write_to_url(page, param, list(default))
        if on_change is not None:
            on_change()

    value = container.multiselect(
        label,
        list(options),
        format_func=format_func,
        key=state_key(page, param),
        on_change=changed,
        placeholder=placeholder,
        **widget_kwargs,
    )
    report_ignored(param, ignored)
    return value


def url_pills(
    container,
    label: str,
    options: Sequence[str],
    *,
    page: str,
    param: str,
    format_func,
    help: str | None = None,
) -> list[str]:
    """A row of pills (one tap each, 24 px and taller) whose choice lives in `?param=id&param=id`; none chosen
    is the default and means "no filter". Values the link got wrong are reported, as for a multiselect."""
    ignored = list_from_url(page, param, options, [])
    value = container.pills(
        label,
        list(options),
        selection_mode="multi",
        wrap=True,  # every pill whole, on more rows if need be (never cut at the column edge)
        format_func=format_func,
        key=state_key(page, param),
        on_change=write_to_url,
        args=(page, param, []),
        help=help,
    )
    report_ignored(param, ignored)
    return value


def url_search(container, *, page: str, placeholder: str, param: str = "q") -> str:
    """The plain-text search box of a table page, kept in `?q=`; an over-long link value is cut and reported."""
    ignored = text_from_url(page, param)
    value = container.text_input(
        "Search",
        key=state_key(page, param),
        on_change=write_to_url,
        args=(page, param, ""),
        max_chars=MAX_SEARCH_LENGTH,
        placeholder=placeholder,
        icon=":material/search:",
    )
    report_ignored(param, ignored)
    return value


def url_number_input(container, label: str, *, page: str, param: str, default: float | None, **widget_kwargs):
    """A number input kept in `?param=`; a link value that is not a finite number is reported and ignored."""
    report_ignored(param, number_from_url(page, param, default))
    return container.number_input(
        label, key=state_key(page, param), on_change=write_to_url, args=(page, param, default), **widget_kwargs
    )


def url_selectbox(container, label: str, options: Mapping[str, str], *, page: str, param: str, default: str):
    """A select box of `options` (code: label) kept in `?param=code`; an unknown code is reported and ignored."""
    report_ignored(param, choice_from_url(page, param, list(options), default))
    return container.selectbox(
        label, list(options), format_func=options.get, key=state_key(page, param), on_change=write_to_url,
        args=(page, param, default),
    )  # fmt: skip
