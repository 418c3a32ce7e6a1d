"""The dashboard's cache: work shared by every rerun and every session until the data change.

- stamp() is the data's version: the data folder, when its CSVs (and the schema) last changed, and which
  database file is in place (inode, mtime, size: a rebuild swaps a new file in, whoever ran it). The database
  file is looked at on every call (one stat); the dozen CSV stats at most once a second, so an edited CSV is
  seen within a second and rebuilt from.
- shared() caches (query results, derived frames, figures, tables, report card pages) are shared by every
  session, each bounded in entries (least recently used dropped first), and all hold ONE data version: the
  first stamp() that sees a new version empties every one of them at once, and a run still going on the old
  version gets its answers computed but not kept. One key is computed once however many sessions ask for it at
  the same moment. st.cache_resource shares and bounds too, but keeps an old version's entries until they age
  out (a worker then holds two versions after each publication); only the connection stays with it (one entry,
  its spinner while the database is built).
- Shared frames are never changed in place. Each frame a query returned is remembered by its identity with the
  question that made it (remember()), so key() of a frame is a small tuple of query parameters rather than a
  hash of every cell; a frame from elsewhere is keyed by its contents.
- figure() keeps a built Plotly figure with its plain dict: st.plotly_chart calls Figure.to_dict() on every
  rerun (a deep copy, 5 ms for a force's history grid) and re-validates a dict handed to it, so the cached
  figure is a Drawn, which hands back the dict it was drawn as. No public Streamlit API does that job.
"""
from __future__ import annotations

import functools
import hashlib
import pickle
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pandas as pd
import plotly.graph_objects as go

from peel.db.build import inputs_mtime
from peel.paths import data_dir, db_path

INPUTS_EVERY = 1.0  # seconds between looks at the CSVs' modification times
_inputs_seen: tuple[float, str, float] | None = None  # (when looked, folder, inputs' mtime)
_lock = threading.Lock()


def stamp() -> tuple:
    """The data's version: (folder, inputs' mtime, database file identity or None). A new one empties every
    shared() cache."""
    folder = data_dir()
    try:
        db = db_path(folder).stat()
        file_id = (db.st_ino, db.st_mtime_ns, db.st_size)
    except FileNotFoundError:
        file_id = None
    version = (str(folder), _inputs_mtime(str(folder)), file_id)
    serve(version)
    return version


def _inputs_mtime(folder: str) -> float:
    global _inputs_seen
    now, seen = time.monotonic(), _inputs_seen
    if seen is not None and seen[1] == folder and now - seen[0] < INPUTS_EVERY:
        return seen[2]
    mtime = inputs_mtime(data_dir())
    with _lock:
        _inputs_seen = (now, folder, mtime)
    return mtime


_NOTHING = object()


class VersionedCache:
    """Up to max_entries values of one data version, least recently used dropped first."""

    def __init__(self, name: str, max_entries: int):
        self.name, self.max_entries = name, max_entries
        self.version: Hashable = _NOTHING
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}  # one computation per key at a time

    def __len__(self) -> int:
        return len(self._entries)

    def drop_all_but(self, version: Hashable) -> None:
        with self._lock:
            if self.version != version:
                self._entries.clear()
                self._computing.clear()
                self.version = version

    def get(self, version: Hashable, key: Hashable, compute: Callable[[], object]):
        """The value for key in version, computed by compute() when missing."""
        with self._lock:
            if version == self.version and key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            stale = version != _served.version  # an old run's question: answer it, keep nothing
            if not stale:
                if self.version != version:
                    self._entries.clear()
                    self._computing.clear()
                    self.version = version
                key_lock = self._computing.setdefault(key, threading.Lock())
        if stale:
            return compute()
        with key_lock:  # another session computing the same key: wait for its value
            with self._lock:
                if version == self.version and key in self._entries:
                    self._entries.move_to_end(key)
                    return self._entries[key]
            value = compute()
            with self._lock:
                if version == self.version:
                    self._entries[key] = value
                    while len(self._entries) > self.max_entries:
                        self._entries.popitem(last=False)
                    self._computing.pop(key, None)
        return value


class _Served:
    """The data version being served, and every shared() cache."""

    def __init__(self):
        self.version: Hashable = _NOTHING
        self.caches: list[VersionedCache] = []
        self._lock = threading.Lock()

    def serve(self, version: Hashable) -> None:
        if version == self.version:
            return
        with self._lock:
            self.version = version
            caches = list(self.caches)
        for c in caches:
            c.drop_all_but(version)


_served = _Served()


def serve(version: Hashable) -> None:
    """version is the data now served: every shared() cache drops what it holds of another (stamp() calls this)."""
    _served.serve(version)


def served_version() -> Hashable:
    return _served.version


def caches() -> list[VersionedCache]:
    """Every shared() cache (for the tests, and to see what a worker holds)."""
    return list(_served.caches)


def shared(max_entries: int, *, key: Callable[..., Hashable] | None = None):
    """Decorate fn(version, *args): its value, shared by every session and cached per data version on args, or
    on key(*args) when some arguments are not hashable or not worth hashing (frames: pass their key() too).
    Callers pass stamp() as version."""

    def decorate(fn):
        store = VersionedCache(f"{fn.__module__}.{fn.__qualname__}", max_entries)
        with _served._lock:
            _served.caches.append(store)

        @functools.wraps(fn)
        def cached(version: Hashable, *args):
            return store.get(version, key(*args) if key else args, lambda: fn(version, *args))

        cached.cache = store
        return cached

    return decorate


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


@shared(max_entries=128, key=lambda builder, name, args_key, args: (name, args_key))  # the figure, not a copy
def _cached_figure(version: tuple, builder, name: str, args_key: tuple, args: tuple) -> go.Figure:
    fig = builder(*args)
    drawn = fig.to_dict()
    fig.__class__ = Drawn  # the figure as built, not a copy (a copy re-validates every trace)
    fig._drawn = drawn
    return fig


def figure(builder, *args) -> go.Figure:
    """builder(*args) from peel.figures, cached on its inputs (a frame by the query that made it): a rerun that
    changes nothing reuses it."""
    return _cached_figure(stamp(), builder, f"{builder.__module__}.{builder.__qualname__}",
                          tuple(key(a) for a in args), args)
