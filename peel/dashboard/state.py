"""A page's state in the URL: each widget starts from its query parameter and writes its value back.

So a pasted link reopens the same view. A parameter the data does not know (a misspelt force, a cycle that
no longer exists) gets a friendly note and the default instead, never a traceback. Values are matched
ignoring case and surrounding spaces, so `?force=west midlands` works.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from peel.dashboard.text import escape

MAPPING_KEY = "mapping"
_KEPT = object()  # PageState._start: the session already holds the widget's value
_MAPPING_WIDGET = "app.mapping"


def _match(raw: str, options: Sequence[str]) -> str | None:
    wanted = raw.strip().casefold()
    return next((o for o in options if o.casefold() == wanted), None)


def url_value(key: str, options: Sequence[str]) -> str | None:
    """The URL's value for key when it is one of options (ignoring case), else None; never a note."""
    return _match(st.query_params.get(key) or "", options)


def _note(what: str, raw: str, fallback: str) -> None:
    st.warning(f"This link asked for {what} “{escape(raw)}”, which is not in the data, so the page shows {fallback} "
               "instead.", icon="🔗")


def from_url(key: str, options: Sequence[str], default: str, what: str,
             format_func: Callable[[str], str] = str) -> str:
    """The URL's value for key if it is one of options, else default (with a note when it was given)."""
    raw = st.query_params.get(key)
    if raw is None:
        return default
    found = _match(raw, options)
    if found is None:
        _note(what, raw, format_func(default))
        return default
    return found


def many_from_url(key: str, options: Sequence[str], default: list[str], what: str) -> list[str]:
    """The URL's values for key that are among options; unknown ones get a note and are dropped."""
    if key not in st.query_params:
        return list(default)
    found, unknown = [], []
    for raw in st.query_params.get_all(key):
        value = _match(raw, options)
        (found if value is not None else unknown).append(value if value is not None else raw)
    for raw in unknown:
        st.warning(f"This link asked for {what} “{escape(raw)}”, which is not in the data, so it is left out.",
                   icon="🔗")
    return found


class PageState:
    """Widgets of one page bound to URL parameters. scope keeps widget keys apart between pages."""

    def __init__(self, scope: str):
        self.scope = scope
        self._starts: dict[str, object] = {}  # this run's first values, worked out (and any note shown) once

    def _start(self, key: str, valid: Callable[[object], bool], initial: Callable[[], object]) -> tuple[str, object]:
        """The widget's key and, when this session has no value for it yet, the value it starts from (else _KEPT).

        The start goes to the widget as its default, not into st.session_state: a reader whose worker died is
        reconnected to another worker, whose new session gets the browser's value with the first rerun, and that
        value (the reader's latest choice) must win over the URL's. A value no longer valid is replaced."""
        widget_key = f"{self.scope}.{key}"
        if widget_key in st.session_state:
            if valid(st.session_state[widget_key]):
                return widget_key, _KEPT
            st.session_state[widget_key] = initial()
            return widget_key, _KEPT
        if key not in self._starts:
            self._starts[key] = initial()
        return widget_key, self._starts[key]

    def _start_many(self, key: str, options: Sequence[str], what: str, default: Sequence[str] = ()):
        return self._start(key, lambda v: all(x in options for x in v),
                           lambda: many_from_url(key, options, list(default), what))

    def _start_text(self, key: str, max_chars: int):
        return self._start(key, lambda v: isinstance(v, str), lambda: (st.query_params.get(key) or "")[:max_chars])

    def select(self, label: str, key: str, options: Sequence[str], default: str, *, what: str | None = None,
               format_func: Callable[[str], str] = str, radio: bool = False, container=st, **kwargs) -> str:
        """A selectbox (or radio) whose value lives in ?key=...; returns the chosen option."""
        options = list(options)
        if default not in options:
            default = options[0]
        widget_key, start = self._start(key, lambda v: v in options,
                                        lambda: from_url(key, options, default, what or label.lower(), format_func))
        if start is not _KEPT:
            kwargs["index"] = options.index(start)
        widget = container.radio if radio else container.selectbox
        value = widget(label, options, key=widget_key, format_func=format_func, **kwargs)
        st.query_params[key] = value
        return value

    def set(self, key: str, value: str) -> None:
        """Set the widget for key (before it is drawn this run, as a button's or chart's callback does)."""
        st.session_state[f"{self.scope}.{key}"] = value
        st.query_params[key] = value

    def first_use(self, key: str) -> bool:
        """True until the widget for key has been drawn once in this session (the URL then speaks for it)."""
        return f"{self.scope}.{key}" not in st.session_state

    def swap_if_reversed(self, first: str, second: str, order: Sequence[str], what: str = "cycles") -> None:
        """A link giving first a later value than second (both known) gets them swapped, with a note."""
        if not (self.first_use(first) and self.first_use(second)):
            return
        a, b = (_match(st.query_params.get(k) or "", order) for k in (first, second))
        if a is not None and b is not None and list(order).index(a) > list(order).index(b):
            st.query_params[first], st.query_params[second] = b, a
            st.info(f"This link gave the {what} the other way round, so the page shows {b} to {a}.", icon="🔗")

    def current_many(self, key: str, options: Sequence[str], what: str, default: Sequence[str] = ()) -> list[str]:
        """The values a multiselect for key will show: its state, or the URL's on first use."""
        widget_key, start = self._start_many(key, options, what, default)
        return list(st.session_state[widget_key] if start is _KEPT else start)

    def multiselect(self, label: str, key: str, options: Sequence[str], default: Sequence[str] = (), *,
                    what: str | None = None, format_func: Callable[[str], str] = str, container=st,
                    **kwargs) -> list[str]:
        """A multiselect whose values live in ?key=a&key=b; empty means no filter."""
        options = list(options)
        widget_key, start = self._start_many(key, options, what or label.lower(), default)
        if start is not _KEPT:
            kwargs["default"] = start
        values = container.multiselect(label, options, key=widget_key, format_func=format_func, **kwargs)
        _write(key, values)
        return values

    def current_text(self, key: str, max_chars: int = 100) -> str:
        """The text a text input for key will show: its state, or the URL's on first use."""
        widget_key, start = self._start_text(key, max_chars)
        return st.session_state[widget_key] if start is _KEPT else start

    def text(self, label: str, key: str, *, container=st, max_chars: int = 100, **kwargs) -> str:
        """A text input whose value lives in ?key=...; empty means no filter."""
        widget_key, start = self._start_text(key, max_chars)
        if start is not _KEPT:
            kwargs["value"] = start
        value = container.text_input(label, key=widget_key, max_chars=max_chars, **kwargs)
        _write(key, value)
        return value


def _write(key: str, value) -> None:
    """Put value in the URL; an empty value (no filter) leaves the parameter out."""
    if value:
        st.query_params[key] = value
    else:
        st.query_params.pop(key, None)


def mapping_switch(mappings: Sequence[str], labels: dict[str, str], default: str, container=st) -> str:
    """The harmonised-mapping switch (rendered once, in app.py's sidebar); every page reads mapping()."""
    return PageState("app").select("Where Adequate sits on the harmonised scale", MAPPING_KEY, mappings, default,
                                   what="mapping", format_func=labels.get, radio=True, container=container,
                                   help="Adequate exists only from 2021/22. To draw one line across 2018/19 and "
                                        "2021/22 it needs a position next to the four older grades. Pick one "
                                        "to see how much a conclusion depends on it.")


def mapping(mappings: Sequence[str], default: str) -> str:
    """The mapping in force: the sidebar switch's value, or the URL's (a page run on its own), or default."""
    value = st.session_state.get(_MAPPING_WIDGET)
    if value in mappings:
        return value
    return from_url(MAPPING_KEY, mappings, default, "mapping")
