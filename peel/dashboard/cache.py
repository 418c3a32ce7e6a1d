"""The dashboard's cache: work shared by every rerun and every session until the data change.

- stamp() is the data's version: the data folder, when its CSVs (and the schema) last changed, and which
  database file is in place (inode, mtime, size: a rebuild swaps a new file in, whoever ran it). Every cached
  thing (the connection, query results, figures, tables) is keyed on it with st.cache_resource, so a rebuild
  makes new entries and the old ones age out. The database file is looked at on every call (one stat); the
  dozen CSV stats at most once a second, so an edited CSV is seen within a second and rebuilt from.
- Shared frames are never changed in place. Each frame a query returned is remembered by its identity with the
  question that made it (remember()), so key() of a frame is a small tuple of query parameters rather than a
  hash of every cell; a frame from elsewhere is keyed by its contents.
- figure() keeps a built Plotly figure with its plain dict: st.plotly_chart calls Figure.to_dict() on every
  rerun (a deep copy, 5 ms for a force's history grid) and re-validates a dict handed to it, so the cached
  figure is a Drawn, which hands back the dict it was drawn as. No public Streamlit API does that job.
"""
from __future__ import annotations

import hashlib
import pickle
import threading
import time
import weakref

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from peel.db.build import inputs_mtime
from peel.paths import data_dir, db_path

INPUTS_EVERY = 1.0  # seconds between looks at the CSVs' modification times
_inputs_seen: tuple[float, str, float] | None = None  # (when looked, folder, inputs' mtime)
_lock = threading.Lock()


def stamp() -> tuple:
    """The data's version: (folder, inputs' mtime, database file identity or None)."""
    folder = data_dir()
    try:
        db = db_path(folder).stat()
        file_id = (db.st_ino, db.st_mtime_ns, db.st_size)
    except FileNotFoundError:
        file_id = None
    return str(folder), _inputs_mtime(str(folder)), file_id


def _inputs_mtime(folder: str) -> float:
    global _inputs_seen
    now, seen = time.monotonic(), _inputs_seen
    if seen is not None and seen[1] == folder and now - seen[0] < INPUTS_EVERY:
        return seen[2]
    mtime = inputs_mtime(data_dir())
    with _lock:
        _inputs_seen = (now, folder, mtime)
    return mtime


_ASKED: dict[int, tuple[weakref.ref, tuple]] = {}


def remember(frame: pd.DataFrame, key: tuple) -> pd.DataFrame:
    """frame, noted as the answer to key (while it lives) so that key(frame) is key."""
    ident = id(frame)
    _ASKED[ident] = (weakref.ref(frame, lambda _ref, i=ident: _ASKED.pop(i, None)), key)
    return frame


def key(value):
    """value itself when small; for a frame, the question it answers (its contents when it came from elsewhere)."""
    if isinstance(value, pd.DataFrame):
        ref, asked = _ASKED.get(id(value), (None, None))
        if ref is not None and ref() is value:
            return asked
        return ("frame", hashlib.md5(pickle.dumps(value)).hexdigest())
    if isinstance(value, list):
        return tuple(key(v) for v in value)
    return value


class Drawn(go.Figure):
    """A cached figure, never changed once made, that hands st.plotly_chart the same plain dict on every rerun."""

    def to_dict(self) -> dict:
        return self._drawn


@st.cache_resource(show_spinner=False, max_entries=128)  # the figure itself: unpickling a copy costs 0.2 s
def _cached_figure(_builder, name: str, args_key: tuple, _args: tuple) -> go.Figure:
    fig = _builder(*_args)
    drawn = fig.to_dict()
    fig.__class__ = Drawn  # the figure as built, not a copy (a copy re-validates every trace)
    fig._drawn = drawn
    return fig


def figure(builder, *args) -> go.Figure:
    """builder(*args) from peel.figures, cached on its inputs (a frame by the query that made it): a rerun that
    changes nothing reuses it."""
    return _cached_figure(builder, f"{builder.__module__}.{builder.__qualname__}", tuple(key(a) for a in args), args)
