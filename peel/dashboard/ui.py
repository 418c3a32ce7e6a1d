"""Shared Streamlit pieces: the database connection, reference lists, page header, tables with source links,
chart-or-table tabs, CSV downloads (through peel.db.export, as `python -m peel export` writes them) and the
HMICFRS caveat. Pages import these and stay thin: read inputs, call a query, draw.
"""
from __future__ import annotations

import functools
import hashlib
import pickle
import re
import weakref
from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from peel.db import export, queries, vocabulary
from peel.dashboard import state
from peel.figures import card
from peel.db.build import InvalidData, ensure_built, inputs_mtime
from peel import texts
from peel.paths import data_dir, db_path
from peel.dashboard.routing import route_through_app
from peel.dashboard.text import escape

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
COLUMN_LABELS = {
    "force": "Force", "region": "Region", "cycle": "Cycle", "scale": "Scale", "area": "Area as named",
    "level": "Level", "pillar": "Pillar", "theme": "Pillar or theme", "grade": "Grade", "status": "Status",
    "harmonised": "Harmonised position", "mapping": "Mapping", "source_title": "Document", "notes": "Notes", "source_kind": "Kind of source", "awarded_in": "Awarded in",
    "tier_rank": "Tier (1 = best)",
}


def _inputs_stamp() -> tuple:
    """When the inputs (or schema) and the database last changed: a new stamp opens a new connection.

    A rebuild swaps a new file in (a new inode), whoever ran it: the app, `make data` or another process.
    Looked at once per run of a page (every query and table asks; each look is a dozen file stats)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return _read_stamp()
    seen = getattr(ctx, "_peel_stamp", None)
    if seen is not None and seen[0] is ctx.cursors:  # Streamlit gives each run a new cursors dict
        return seen[1]
    stamp = _read_stamp()
    ctx._peel_stamp = (ctx.cursors, stamp)
    return stamp


def _read_stamp() -> tuple:
    folder = data_dir()
    try:
        db = db_path(folder).stat()
        file_id = (db.st_ino, db.st_mtime_ns, db.st_size)
    except FileNotFoundError:
        file_id = None
    return str(folder), inputs_mtime(folder), file_id


@st.cache_resource(max_entries=1, show_spinner="Building the grades database from data/*.csv…")
def _open(stamp: tuple) -> duckdb.DuckDBPyConnection:
    folder = data_dir()
    ensure_built(folder, db_path(folder))
    return queries.connect(db_path(folder))


def get_connection() -> duckdb.DuckDBPyConnection:
    """A read-only connection to data/peel.duckdb ($PEEL_DATA_DIR's database when set), rebuilt first if
    it is missing or older than the CSVs.

    Opened once per process (cached); reopened on the new file when the inputs or the database file change.
    """
    route_through_app()
    try:
        return _open(_inputs_stamp())
    except InvalidData as exc:
        st.error("The grades database cannot be built because the data files have problems:\n\n"
                 + "\n".join(f"- {escape(p)}" for p in exc.problems[:20]))
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

    @property
    def default_mapping(self) -> str:
        return self.mappings.loc[self.mappings["is_default"], "mapping"].iat[0]

    @property
    def mapping_labels(self) -> dict[str, str]:
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
        return state.mapping(self.mappings["mapping"].tolist(), self.default_mapping)


@st.cache_resource(show_spinner=False, max_entries=4)  # shared, never changed (see run)
def _reference(stamp: tuple[float, float]) -> Reference:
    con = get_connection()
    return Reference(*(queries.run(con, name) for name in ("forces", "cycles", "themes", "mappings", "coverage_summary")))


def reference() -> Reference:
    stamp = _inputs_stamp()
    ref = _reference(stamp)
    for field in ("forces", "cycles", "themes", "mappings", "coverage"):
        _remember(getattr(ref, field), ("reference", stamp, field))
    return ref


# What each frame run() or reference() returned was asked for (by the frame's identity, while it lives), so a
# figure's cache key is a small tuple of query parameters rather than a hash of every cell of its frames.
_ASKED: dict[int, tuple[weakref.ref, tuple]] = {}


def _remember(frame: pd.DataFrame, key: tuple) -> pd.DataFrame:
    ident = id(frame)
    _ASKED[ident] = (weakref.ref(frame, lambda _ref, i=ident: _ASKED.pop(i, None)), key)
    return frame


def _key(value):
    """value itself when small; for a frame, the query it came from (its contents when it came from elsewhere)."""
    if isinstance(value, pd.DataFrame):
        ref, key = _ASKED.get(id(value), (None, None))
        if ref is not None and ref() is value:
            return key
        return ("frame", hashlib.md5(pickle.dumps(value)).hexdigest())
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    return value


def _frozen(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


@st.cache_resource(show_spinner=False, max_entries=512)
def _cached_run(stamp: tuple[float, float], name: str, frozen: tuple) -> pd.DataFrame:
    params = {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}
    return queries.run(get_connection(), name, **params)


def run(name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql on the app's connection; results are cached until the database changes.

    The frame is shared by every session (a copy per rerun cost a sixth of a page's time under load): read it,
    derive new frames from it (columns() for the ones drawn), never change it in place."""
    stamp, frozen = _inputs_stamp(), _frozen(params)
    return _remember(_cached_run(stamp, name, frozen), (stamp, name, frozen))


@st.cache_resource(show_spinner=False, max_entries=512)
def _derived(key: tuple, _frame: pd.DataFrame, columns: tuple[str, ...], category: bool) -> pd.DataFrame:
    frame = with_category(_frame) if category else _frame
    return frame[list(columns)]


def columns(frame: pd.DataFrame, names: list[str], *, category: bool = False) -> pd.DataFrame:
    """frame's columns names (with a grade in every row when category, see with_category), made once per
    query result rather than on every rerun; shared and never changed, like run()'s frames."""
    key = _key(frame)
    return _remember(_derived(key, frame, tuple(names), category), ("columns", key, tuple(names), category))


def grades(**filters) -> pd.DataFrame:
    """The grades matching filters, as `python -m peel export` selects them (cached like run)."""
    return run("export_grades", **export.grade_filters(**filters))


class _Drawn(go.Figure):
    """A cached figure, never changed once made, that hands st.plotly_chart the same plain dict on every rerun
    (a go.Figure deep-copies itself into a new dict each time)."""

    def to_dict(self) -> dict:
        return self._drawn


@st.cache_resource(show_spinner=False, max_entries=128)  # the figure itself: unpickling a copy costs 0.2 s
def _cached_figure(_builder, name: str, key: tuple, _args: tuple) -> go.Figure:
    fig = _builder(*_args)
    drawn = fig.to_dict()
    fig.__class__ = _Drawn
    fig._drawn = drawn
    return fig


def figure(builder, *args) -> go.Figure:
    """builder(*args) from peel.figures.charts, cached on its inputs (a frame from run() or reference() by
    the query that made it): a rerun that changes nothing reuses it."""
    return _cached_figure(builder, f"{builder.__module__}.{builder.__qualname__}", tuple(_key(a) for a in args), args)


def compact() -> bool:
    """True when the browser says it is a phone: charts then take their narrow layout."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no browser (AppTest, bare mode)
        return False
    return bool(re.search(r"Mobi|Android|iPhone", agent))


def unnamed_note(unnamed: pd.DataFrame) -> None:
    """'In 2023-25, 3 more Good and 2 more Adequate grades were awarded but are not named yet: add the report'
    from rows of queries/unnamed_grades.sql (cycle, grade, unnamed)."""
    for cycle, rows in unnamed.groupby("cycle", sort=False):
        counts = " and ".join(f"{n} more {g}" for g, n in zip(rows["grade"], rows["unnamed"]))
        st.markdown(f"**In {cycle}, {counts} grade{'s' if rows['unnamed'].sum() > 1 else ''} "
                    f"{'were' if rows['unnamed'].sum() > 1 else 'was'} awarded but "
                    f"{'are' if rows['unnamed'].sum() > 1 else 'is'} not named yet**: a release counted them "
                    "without saying which areas they were for. [Add the report](add_report) to name them.")


def header(title: str, intro: str) -> None:
    st.title(title)
    st.caption(intro)


def caveat() -> None:
    st.info(texts.CAVEAT_MARKDOWN, icon="ℹ️")


def mapping_note(ref: Reference, mapping: str) -> None:
    st.caption(f"Harmonised positions use the mapping **{ref.mapping_labels[mapping]}** (`{mapping}`); "
               "change it in the sidebar.")


# A link shows its address without the scheme, "www.", a trailing slash or the stray "?" some stored addresses
# end in (grids.link_text); the link goes to the address as stored. Streamlit applies it in the browser.
LINK_TEXT = r"^https?://(?:www\.)?(.+?)/?\??$"
_DOCUMENT_FILE = re.compile(r"\b\d{3}_[0-9a-f]{8,}\.txt\b")
ALWAYS_HIDDEN = ("tier_rank",)  # a tier's number means different things on the 4- and 5-grade scales


def with_category(frame: pd.DataFrame) -> pd.DataFrame:
    """frame with a grade in every row: the grade, or its status's long label (data/statuses.csv)."""
    words = vocabulary.long_labels()
    return frame.assign(grade=frame["grade"].fillna(frame["status"].map(words)))


def document_titles(text: pd.Series) -> pd.Series:
    """Text with stored documents' file names (001_….txt) replaced by their titles."""
    titles = dict(run("document_titles").itertuples(index=False))
    return text.astype("string").str.replace(_DOCUMENT_FILE, lambda m: f"“{titles.get(m.group(0), 'a stored document')}”",
                                             regex=True)


def table(frame: pd.DataFrame, *, links: tuple[str, ...] = ("source_url", "report_url"), height: int | str = "auto",
          hide: tuple[str, ...] = (), labels: dict[str, str] | None = None, pinned: tuple[str, ...] = (),
          first: tuple[str, ...] = ()) -> None:
    """frame as a table: source URLs as links showing their site; documents (not URLs) shown by title;
    grades in full; the pinned columns stay in view when the table scrolls sideways.

    hide leaves columns out of the display only (a download of frame still has them); first puts those
    columns first, after the pinned ones, so a narrow screen shows what identifies a row and its grade."""
    data, config, order = _table_view(_inputs_stamp(), _key(frame), frame, links, tuple(hide),
                                      tuple((labels or {}).items()), pinned, first)
    st.dataframe(data, hide_index=True, column_config=config, height=height, column_order=order)


@st.cache_resource(show_spinner=False, max_entries=256)
def _table_view(stamp: tuple, key, _frame: pd.DataFrame, links: tuple[str, ...], hide: tuple[str, ...],
                labels: tuple, pinned: tuple[str, ...], first: tuple[str, ...]):
    """What table() draws for a frame, made once per frame and options: the display columns already as an
    Arrow table (Streamlit then sends it as it is, without converting the frame on every rerun), their
    configuration and their order. The result is shared between sessions and never changed."""
    frame, labels = _frame, dict(labels)
    shown = frame.copy()
    config: dict[str, object] = {}
    for col in links:
        if col not in shown:
            continue
        values = shown[col].astype("string")
        is_url = values.str.match(r"https?://", na=False)
        if col != "report_url" and not is_url.all():
            title = shown["source_title"] if col == "source_url" and "source_title" in shown else values
            shown[col + "_document"] = title.where(~is_url & values.notna())
            config[col + "_document"] = st.column_config.TextColumn("Source document", width="medium")
            shown = shown.drop(columns=["source_title"], errors="ignore") if col == "source_url" else shown
        shown[col] = values.where(is_url)
        config[col] = (st.column_config.LinkColumn("HMICFRS report", display_text="HMICFRS report page")
                       if col == "report_url" else
                       st.column_config.LinkColumn(COLUMN_LABELS.get(col, "Source"), display_text=LINK_TEXT,
                                                   width="medium"))
    if "notes" in shown:
        shown["notes"] = document_titles(shown["notes"])
    names = {**COLUMN_LABELS, **(labels or {})}
    label = lambda col: names.get(col) or col[:1].upper() + col[1:].replace("_", " ")  # noqa: E731
    for col in pinned:
        config[col] = st.column_config.TextColumn(label(col), pinned=True)
    if "grade" in shown and "grade" not in pinned:
        config.setdefault("grade", st.column_config.TextColumn(label("grade"), width="medium"))
    if "harmonised" in shown:
        config.setdefault("harmonised", st.column_config.NumberColumn(label("harmonised"), help=texts.HARMONISED_HELP,
                                                                      format="%.1f"))
    for col in shown.columns:
        config.setdefault(col, label(col))
    front = [c for c in (*pinned, *first) if c in shown.columns]
    order = front + [c for c in shown.columns if c not in front]
    return (pa.Table.from_pandas(shown, preserve_index=False), config,
            [c for c in order if c not in hide and c not in ALWAYS_HIDDEN])


def download(frame: pd.DataFrame, filename: str, label: str = "Download these rows as CSV") -> None:
    """The CSV of exactly frame's rows, written by peel.db.export.to_csv when the button is clicked
    (not on every rerun)."""
    st.download_button(label, lambda: export.to_csv(frame), file_name=filename, mime="text/csv", icon="⬇️",
                       on_click="ignore", key=f"download-{filename}")


def chart_and_table(fig: go.Figure, frame: pd.DataFrame, filename: str, *, view: str, table_note: str = "",
                    links: tuple[str, ...] = ("source_url", "report_url"), pinned: tuple[str, ...] = (), on_select=None):
    """The chart, and the same data as a table in a second tab; a CSV download of that table below.

    Only the tab in view is drawn (the other is sent when a person opens it), so a new filter redraws one of
    them. view names the tabs (unique on the page): the tab chosen stays chosen while the filters change.
    on_select: a callback run when a person clicks a bar or cell (the chart's selection is then in
    st.session_state under the chart's key, returned here)."""
    chart_tab, table_tab = st.tabs(["Chart", "Table"], key=f"tabs-{view}", on_change="rerun")
    key = f"chart-{filename}"
    if chart_tab.open is not False:
        with chart_tab, _scrolling_below(fig, view):
            if on_select is None:
                st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key)
            else:
                st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, on_select=on_select, selection_mode="points")
    if table_tab.open:
        with table_tab:
            if table_note:
                st.caption(table_note)
            table(frame, links=links, pinned=pinned)
    download(frame, filename)
    return key


def _scrolling_below(fig: go.Figure, view: str):
    """A container that keeps fig at least its layout's meta.min_width wide, scrolling sideways inside itself
    in a narrower window (a grid's full labels would otherwise overlap); the page itself never scrolls
    sideways. A figure without a minimum (a phone's compact layout) just fills the column."""
    min_width = (fig.layout.meta or {}).get("min_width") if isinstance(fig.layout.meta, dict) else None
    if not min_width:
        return st.container()
    name = "wide-" + slug(view)  # the same rule while the filters change: the page's style is not recomputed
    st.html(f"<style>.st-key-{name} {{ overflow-x: auto; }} .st-key-{name} > div, .st-key-{name} "
            f"[data-testid=stPlotlyChart] {{ min-width: {int(min_width)}px; }}</style>")
    return st.container(key=name)


def page_link(script: str, url_path: str, label: str, params: dict[str, str]) -> None:
    """A link to another page with its state in the URL: st.page_link within app.py's navigation, a plain
    link when the page runs on its own (as AppTest runs a page script)."""
    try:
        st.page_link(script, label=label, icon=":material/arrow_forward:", query_params=params)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}]({url_path}?{urlencode(params)})")


def slug(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)


@st.cache_data(show_spinner="Drawing the report card…", max_entries=16)
def _card_page(stamp: tuple[float, float], force: str, mapping: str) -> str:
    return card.page(get_connection(), force, mapping)


def report_card(force: str, mapping: str, kind: str) -> bytes:
    """force's one-page report card as PDF or PNG bytes (its page, the slow part, cached until the data change)."""
    return card.as_bytes(_card_page(_inputs_stamp(), force, mapping), kind)


def report_card_downloads(force: str, mapping: str) -> None:
    """Download buttons for force's report card, PDF and PNG, each made when clicked."""
    mimes = {"pdf": "application/pdf", "png": "image/png"}
    for column, kind in zip(st.columns(len(card.FORMATS)), card.FORMATS):
        with column:
            st.download_button(f"Report card ({kind.upper()}, one A4 page)", lambda k=kind: report_card(force, mapping, k),
                               file_name=f"peel-{slug(force)}-report-card.{kind}", mime=mimes[kind], icon="⬇️",
                               on_click="ignore", key=f"card-{kind}", width="stretch")
