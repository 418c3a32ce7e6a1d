"""What the pages draw with: header, notes and caveat, tables with source links, chart-or-table tabs, links
to other pages. Data comes from peel.dashboard.data, figures from peel.figures (cached by peel.dashboard.cache).
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from peel import texts
from peel.db import export, vocabulary
from peel.dashboard import cache
from peel.dashboard.data import Reference, document_titles, notice, reference
from peel.dashboard.routing import route_through_app
from peel.dashboard.state import PageState
from peel.dashboard.text import escape
from peel.dashboard.downloads import download, slug

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
COLUMN_LABELS = {
    "force": "Force", "region": "Region", "cycle": "Cycle", "scale": "Scale", "area": "Area as named",
    "level": "Level", "pillar": "Pillar", "theme": "Pillar or theme", "grade": "Grade", "status": "Status",
    "harmonised": "Harmonised position", "mapping": "Mapping", "source_title": "Document", "notes": "Notes",
    "source_kind": "Kind of source", "awarded_in": "Awarded in",
    "tier_rank": "Tier (1 = best)",
}
# A link shows its address without the scheme, "www.", a trailing slash or the stray "?" some stored addresses
# end in (grids.link_text); the link goes to the address as stored. Streamlit applies it in the browser.
LINK_TEXT = r"^https?://(?:www\.)?(.+?)/?\??$"
ALWAYS_HIDDEN = ("tier_rank",)  # a tier's number means different things on the 4- and 5-grade scales


class Start(NamedTuple):
    """What a dashboard page starts from (see start_page)."""

    ref: Reference
    mapping: str  # the harmonised mapping chosen in the sidebar
    phone: bool  # the browser is a phone (compact)
    page: PageState | None  # the page's widgets bound to URL parameters, for a page that has any


def start_page(title: str, intro: str, scope: str | None = None) -> Start:
    """Open a dashboard page: route a deep link on a fresh server through app.py's navigation, read the reference
    data and the mapping chosen in the sidebar, bind the page's widgets (keys under scope) to the URL when scope
    is given, and draw the page's header."""
    route_through_app()
    ref = reference()
    mapping = ref.mapping()
    phone = compact()
    page = PageState(scope) if scope else None
    header(title, intro)
    return Start(ref, mapping, phone, page)


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
    for line in _unnamed_lines(cache.stamp(), cache.key(unnamed), unnamed):
        st.markdown(line)


@cache.shared(max_entries=128, key=lambda key, frame: key)  # worked out once per force, not on every rerun
def _unnamed_lines(stamp: tuple, key, unnamed: pd.DataFrame) -> tuple[str, ...]:
    lines = []
    for cycle, rows in unnamed.groupby("cycle", sort=False):
        counts = " and ".join(f"{n} more {g}" for g, n in zip(rows["grade"], rows["unnamed"]))
        many = rows["unnamed"].sum() > 1
        lines.append(f"**In {cycle}, {counts} grade{'s' if many else ''} {'were' if many else 'was'} awarded but "
                     f"{'are' if many else 'is'} not named yet**: a release counted them without saying which "
                     "areas they were for. [Add the report](add_report) to name them.")
    return tuple(lines)


def unnamed_list(unnamed: pd.DataFrame, *, narrowed: bool, file_name: str) -> None:
    """Under a list of grades: how many grades of its kind a release counted but the data does not name, by
    force (rows of queries/unnamed_by_grade.sql), and those counts as a CSV of their own. narrowed: the list is
    narrowed to areas or themes, which a count never names."""
    note = export.unnamed_note(unnamed, narrowed)
    if not note:
        return
    st.markdown(escape(note))
    download(unnamed, file_name, f"Download the {int(unnamed['unnamed'].sum())} counted but not named, by force, "
             "as CSV")


def header(title: str, intro: str) -> None:
    """The page's title and introduction, and for editors the one banner saying why the data shown are not the
    data files as they are now (a problem in them, a failed rebuild, a read-only folder), when they are not."""
    st.title(title)
    note = notice()
    if note:
        st.warning(escape(note), icon="⚠️")
    st.caption(intro)


def caveat() -> None:
    st.info(texts.caveat_markdown(vocabulary.breaks()), icon="ℹ️")


def mapping_note(ref: Reference, mapping: str) -> None:
    st.caption(f"Harmonised positions use the mapping **{ref.mapping_labels[mapping]}** (`{mapping}`); "
               "change it in the sidebar.")


def table(frame: pd.DataFrame, *, links: tuple[str, ...] = ("source_url", "report_url"), height: int | str = "auto",
          hide: tuple[str, ...] = (), labels: dict[str, str] | None = None, pinned: tuple[str, ...] = (),
          first: tuple[str, ...] = ()) -> None:
    """frame as a table: source URLs as links showing their site; documents (not URLs) shown by title;
    grades in full; the pinned columns stay in view when the table scrolls sideways.

    hide leaves columns out of the display only (a download of frame still has them); first puts those
    columns first, after the pinned ones, so a narrow screen shows what identifies a row and its grade."""
    data, config, order = _table_view(cache.stamp(), cache.key(frame), frame, links, tuple(hide),
                                      tuple((labels or {}).items()), tuple(pinned), tuple(first))
    st.dataframe(data, hide_index=True, column_config=config, height=height, column_order=order)


@cache.shared(max_entries=256, key=lambda key, frame, *options: (key, *options))
def _table_view(stamp: tuple, key, frame: pd.DataFrame, links: tuple[str, ...], hide: tuple[str, ...],
                labels: tuple, pinned: tuple[str, ...], first: tuple[str, ...]):
    """What table() draws for a frame, made once per frame and options: the display columns already as an
    Arrow table (Streamlit then sends it as it is, without converting the frame on every rerun), their
    configuration and their order. The result is shared between sessions and never changed."""
    labels = dict(labels)
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
    blanked = _blank_missing(shown, skip=tuple(links))
    names = {**COLUMN_LABELS, **(labels or {})}
    label = lambda col: names.get(col) or col[:1].upper() + col[1:].replace("_", " ")  # noqa: E731
    for col in pinned:
        config[col] = st.column_config.TextColumn(label(col), pinned=True)
    if "grade" in shown and "grade" not in pinned:
        config.setdefault("grade", st.column_config.TextColumn(label("grade"), width="medium"))
    if "harmonised" in shown and "harmonised" not in blanked:
        config.setdefault("harmonised", st.column_config.NumberColumn(label("harmonised"), help=texts.HARMONISED_HELP,
                                                                      format="%.1f"))
    for col in shown.columns:
        config.setdefault(col, label(col))
    front = [c for c in (*pinned, *first) if c in shown.columns]
    order = front + [c for c in shown.columns if c not in front]
    return (pa.Table.from_pandas(shown, preserve_index=False), config,
            [c for c in order if c not in hide and c not in ALWAYS_HIDDEN])


def _blank_missing(shown: pd.DataFrame, skip: tuple[str, ...]) -> set[str]:
    """A missing value shows as an empty cell, never as Streamlit's "None": text columns get "", number columns
    with a gap become text (one decimal for fractions). Links are left to their column. Returns the columns
    turned into text."""
    blanked = set()
    for col in shown.columns:
        if col in skip or not shown[col].isna().any():
            continue
        if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            fmt = "{:.1f}" if pd.api.types.is_float_dtype(shown[col]) else "{}"
            shown[col] = [None if pd.isna(v) else fmt.format(v) for v in shown[col]]
            blanked.add(col)
        shown[col] = shown[col].astype("string").fillna("")
    return blanked


def chart_and_table(fig: go.Figure, frame: pd.DataFrame, filename: str, *, view: str, table_note: str = "",
                    links: tuple[str, ...] = ("source_url", "report_url"), pinned: tuple[str, ...] = (),
                    on_select=None):
    """The chart, and the same data as a table in a second tab; a CSV download of that table below.

    Only the tab in view is drawn (the other is sent when a person opens it), so a new filter redraws one of
    them. view names the tabs (unique on the page): the tab chosen stays chosen while the filters change.
    on_select: a callback run when a person clicks a bar or cell (the chart's selection is then in
    st.session_state under the chart's key, returned here)."""
    chart_tab, table_tab = st.tabs(["Chart", "Table"], key=f"tabs-{view}", on_change="rerun")
    key = f"chart-{filename}"
    # A phone has no hover: Plotly's toolbar would stay over the chart's title, so it is left out there.
    config = {**PLOTLY_CONFIG, "displayModeBar": False} if compact() else PLOTLY_CONFIG
    if chart_tab.open is not False:
        with chart_tab, _scrolling_below(fig, view):
            if on_select is None:
                st.plotly_chart(fig, config=config, key=key, theme=None)
            else:
                st.plotly_chart(fig, config=config, key=key, theme=None, on_select=on_select,
                                selection_mode="points")
        summary = (fig.layout.meta or {}).get("summary") if isinstance(fig.layout.meta, dict) else None
        if summary:  # the chart's name in words, for a screen reader and anyone the picture does not reach
            chart_tab.caption(escape(f"Chart: {_plain_title(fig)}. {summary} The Table tab holds the same rows."))
    if table_tab.open:
        with table_tab:
            if table_note:
                st.caption(table_note)
            table(frame, links=links, pinned=pinned)
    download(frame, filename)
    return key


def _plain_title(fig: go.Figure) -> str:
    text = re.sub(r"<br>", " ", str(fig.layout.title.text or ""))
    return re.sub(r"<[^>]+>", "", text).strip()


def _scrolling_below(fig: go.Figure, view: str):
    """A container that keeps fig at least its layout's meta.min_width wide, scrolling sideways inside itself
    in a narrower window (a grid's full labels would otherwise overlap); the page itself never scrolls
    sideways. A figure without a minimum (a phone's compact layout) just fills the column."""
    min_width = (fig.layout.meta or {}).get("min_width") if isinstance(fig.layout.meta, dict) else None
    if not min_width:
        return st.container()
    if min_width > 900:  # wider than the page's column in a 1400-px window: say so, where the grid starts
        st.caption(f"Scroll the grid sideways to see all its {fig.layout.meta.get('columns')} columns →")
    name = "wide-" + slug(view)  # the same rule while the filters change: the page's style is not recomputed
    st.html(f"<style>.st-key-{name} {{ overflow-x: auto; }} .st-key-{name} > div, .st-key-{name} "
            f"[data-testid=stPlotlyChart] {{ min-width: {int(min_width)}px; }}</style>")
    return st.container(key=name)


def page_link(script: str, url_path: str, label: str, params: dict[str, str]) -> None:
    """A link to another page with its state in the URL: st.page_link within app.py's navigation, a plain
    link when the page runs on its own (as AppTest runs a page script)."""
    try:
        st.page_link(script, label=label, query_params=params)  # no icon: its name would be read out
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}]({url_path}?{urlencode(params)})")
