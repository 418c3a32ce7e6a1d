"""The database as the dashboard reads it: the connection, query results and the reference lists the pickers
and URL checks use. Results are shared by every session until the data change (see peel.dashboard.cache):
read them, derive new frames from them, never change them in place.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from peel.dashboard import cache, state
from peel.dashboard.text import escape
from peel.db import export, queries, served, vocabulary
from peel.paths import data_dir

_DOCUMENT_FILE = re.compile(r"\b\d{3}_[0-9a-f]{8,}\.txt\b")


@st.cache_resource(max_entries=1, show_spinner="Building the grades database from data/*.csv…")
def _open(stamp: tuple) -> tuple[duckdb.DuckDBPyConnection | None, served.Served]:
    shown = served.serve(data_dir())
    if shown.path is None:
        return None, shown
    try:
        return queries.connect(shown.path), shown
    except duckdb.Error:  # replaced by a damaged file since it was checked (a new file, so a new stamp)
        return None, served.Served(None, message=DAMAGED)


DAMAGED = "The grades database could not be read; it is being rebuilt from the data files. Reload in a moment."


def database_file() -> Path:
    """The database file the pages show: data/peel.duckdb, $PEEL_DATA_DIR's when set, or its build in the
    temporary folder when the data folder is read-only (peel.db.served)."""
    connection()
    return _open(cache.stamp())[1].path


def connection() -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database the pages show (peel.db.served): data/peel.duckdb
    ($PEEL_DATA_DIR's when set), rebuilt first if it is missing, older than the CSVs or damaged; the last good
    one when the CSVs have a problem (notice() says which). With no readable database at all, a one-line
    message stops the page.

    Opened once per process (cached); reopened on the new file when the inputs or the database file change.
    """
    con, shown = _open(cache.stamp())
    if con is None:
        st.error(escape(shown.message))
        st.stop()
    return con


def notice() -> str:
    """For editors: why the data shown are not the CSVs as they are now ("" when they are)."""
    return _open(cache.stamp())[1].note


def damaged(exc: duckdb.Error) -> bool:
    """Whether a query's error means the database file is damaged (truncated, corrupt blocks, gone), not that
    the question was wrong."""
    return type(exc) is duckdb.Error or isinstance(exc, (duckdb.IOException, duckdb.SerializationException,
                                                         duckdb.InternalException, duckdb.FatalException))


def _answer(ask, *args):
    """ask(*args), a cached query; a damaged database found meanwhile is checked again (and rebuilt) at the
    next run, and this run ends with a plain message instead of an exception."""
    try:
        return ask(*args)
    except duckdb.Error as exc:
        if not damaged(exc):
            raise
        _open.clear()
        st.error(DAMAGED)
        st.stop()


@dataclass(frozen=True)
class Reference:
    """The values the data knows, to build pickers and validate URL parameters."""

    forces: pd.DataFrame
    cycles: pd.DataFrame
    themes: pd.DataFrame
    mappings: pd.DataFrame
    coverage: pd.DataFrame  # queries/coverage_summary.sql: graded, not graded, unknown per cycle and theme

    # One Reference is shared by every session until the data change (see reference()), so the lists pickers
    # need are read from the frames once; each call hands out its own copy.
    @functools.cached_property
    def _region_of(self) -> dict[str, str]:
        return dict(zip(self.forces["force"].tolist(), self.forces["region"].tolist()))

    @property
    def force_names(self) -> list[str]:
        return list(self._region_of)

    def region_of(self, force: str) -> str:
        return self._region_of[force]

    def forces_in(self, region: str) -> list[str]:
        """The forces of region, in the data's order."""
        return [f for f, r in self._region_of.items() if r == region]

    @property
    def regions(self) -> list[str]:
        return sorted(set(self._region_of.values()))

    @functools.cached_property
    def _cycle_names(self) -> tuple[str, ...]:
        return tuple(self.cycles["cycle"].tolist())

    @property
    def cycle_names(self) -> list[str]:
        return list(self._cycle_names)

    @property
    def theme_names(self) -> list[str]:
        return list(self._themes_by_name)

    @property
    def graded_cycles(self) -> list[str]:
        """The cycles in which at least one force has a grade found, in order."""
        graded = self.coverage[self.coverage["graded"] > 0]
        return [c for c in self.cycle_names if c in set(graded["cycle"])]

    def cycles_graded_on(self, theme: str) -> list[str]:
        """The cycles in which at least one force has a grade found on theme, in order."""
        rows = self.coverage[(self.coverage["theme"] == theme) & (self.coverage["graded"] > 0)]
        return [c for c in self.cycle_names if c in set(rows["cycle"])]

    @functools.cached_property
    def default_mapping(self) -> str:
        return self.mappings.loc[self.mappings["is_default"], "mapping"].iat[0]

    @functools.cached_property
    def mapping_names(self) -> tuple[str, ...]:
        return tuple(self.mappings["mapping"].tolist())

    @functools.cached_property
    def mapping_labels(self) -> dict[str, str]:  # shared: read it, never change it
        return dict(zip(self.mappings["mapping"], self.mappings["label"]))

    def kind(self, theme: str) -> str:
        """'pillar' or 'theme'."""
        return self._themes_by_name[theme]["kind"]

    @functools.cached_property
    def _themes_by_name(self) -> dict[str, dict]:  # a picker labels every option on every rerun
        return {row["theme"]: row for row in self.themes.to_dict("records")}

    def theme_label(self, theme: str) -> str:
        row = self._themes_by_name[theme]
        span = row["first_cycle"] if row["first_cycle"] == row["last_cycle"] else \
            f"{row['first_cycle']} to {row['last_cycle']}"
        return f"{theme} ({'pillar, ' if row['kind'] == 'pillar' else ''}{span})"

    def mapping(self) -> str:
        return state.mapping(self.mapping_names, self.default_mapping)


@cache.shared(max_entries=1)  # shared, never changed (see run)
def _reference(stamp: tuple) -> Reference:
    con = connection()
    return Reference(*(queries.run(con, name)
                       for name in ("forces", "cycles", "themes", "mappings", "coverage_summary")))


def reference() -> Reference:
    stamp = cache.stamp()
    ref = _answer(_reference, stamp)
    for field in ("forces", "cycles", "themes", "mappings", "coverage"):
        cache.remember(getattr(ref, field), ("reference", stamp, field))
    return ref


def _frozen(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


@cache.shared(max_entries=512)
def _cached_run(stamp: tuple, name: str, frozen: tuple) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return queries.run(connection(), name, **params)


def run(name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql on the app's connection; results are cached until the database changes.

    The frame is shared by every session (a copy per rerun cost a sixth of a page's time under load): read it,
    derive new frames from it (columns() for the ones drawn), never change it in place."""
    stamp, frozen = cache.stamp(), _frozen(params)
    return cache.remember(_answer(_cached_run, stamp, name, frozen), (stamp, name, frozen))


def grades(**filters) -> pd.DataFrame:
    """The grades matching filters, as `python -m peel export` selects them (cached like run)."""
    return run("export_grades", **export.grade_filters(**filters))


def unnamed(filters: dict) -> pd.DataFrame:
    """The grades a release counted but the data does not name that a list under filters (force, region, cycle,
    grade: lists; others do not narrow a count) leaves out: queries/unnamed_by_grade.sql."""
    return run("unnamed_by_grade", force=list(filters.get("force", [])), region=list(filters.get("region", [])),
               cycle=list(filters.get("cycle", [])), grades=list(filters.get("grade", [])))


@cache.shared(max_entries=512, key=lambda key, frame, columns, category: (key, columns, category))
def _derived(stamp: tuple, key: tuple, frame: pd.DataFrame, columns: tuple[str, ...],
             category: bool) -> pd.DataFrame:
    frame = with_category(frame) if category else frame
    return frame[list(columns)]


def columns(frame: pd.DataFrame, names: list[str], *, category: bool = False) -> pd.DataFrame:
    """frame's columns names (with a grade in every row when category, see with_category), made once per
    query result rather than on every rerun; shared and never changed, like run()'s frames."""
    key = cache.key(frame)
    return cache.remember(_derived(cache.stamp(), key, frame, tuple(names), category),
                          ("columns", key, tuple(names), category))


def with_category(frame: pd.DataFrame) -> pd.DataFrame:
    """frame with a grade in every row: the grade, or its status's long label (data/statuses.csv)."""
    words = vocabulary.long_labels()
    return frame.assign(grade=frame["grade"].fillna(frame["status"].map(words)))


def document_titles(text: pd.Series) -> pd.Series:
    """Text with stored documents' file names (001_….txt) replaced by their titles."""
    titles = dict(run("document_titles").itertuples(index=False))
    def title(match) -> str:
        return f"“{titles.get(match.group(0), 'a stored document')}”"
    return text.astype("string").str.replace(_DOCUMENT_FILE, title, regex=True)
