"""Grade grids: one cell per force, theme or cycle pair, each the grade as awarded or why there is none.

One builder draws them all (a force's whole history, themes by cycle; a region's forces by cycle or by
theme; a force against its peers). A cell's grade is told three ways: its colour (Okabe-Ito, from
peel.figures.charts), its text, and for a grade carried over from an earlier cycle a hollow cell (white,
framed in the grade's colour, "carried over from 2016"). Unknown, not graded and not inspected each have
their own fill and label; a pair the cycle never graded is left blank. `compact` is the phone layout:
short labels, wrapped titles, narrower margins. No Streamlit here, so tests call it.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from peel.texts import break_note, USER_MARK, USER_MARK_MEANS, user_grade_line
from peel.figures.charts import (FONT, discrete_scale, GRADE_COLOURS, GRADES, INK, MISSING_FILL, MISSING_LINE,
                                 NOT_GRADED, NOT_INSPECTED, OUTLINE, plotly_white, SHORT_CYCLES, SHORT_GRADES,
                                 UNKNOWN, wrap)
from peel.db import vocabulary

CARRIED = "Carried over"
COLUMN_PX = 78  # the narrowest a column reads at on a desktop: "Requires / improvement", "Outstanding*" fit
STATES = (NOT_GRADED, NOT_INSPECTED, UNKNOWN)
FILLS = {**GRADE_COLOURS, **MISSING_FILL, CARRIED: "#FFFFFF"}
CODES = {c: i for i, c in enumerate((*GRADES, *STATES, CARRIED))}
FULL_TEXT = {"Requires improvement": "Requires<br>improvement", UNKNOWN: "? unknown", NOT_GRADED: "not graded",
             NOT_INSPECTED: "not<br>inspected"}
# One line where two would not fit (a carried-over cell's first line; the printed card's short rows)
ONE_LINE_TEXT = {"Requires improvement": "Req. impr.", NOT_INSPECTED: "not insp."}
SHORT_TEXT = {**SHORT_GRADES, UNKNOWN: "?", NOT_GRADED: "n/g", NOT_INSPECTED: "n/i"}
LEGEND_SHORT = {"Outstanding": "Out = Outstanding", "Adequate": "Adeq = Adequate",
                "Requires improvement": "RI = Requires improvement", "Inadequate": "Inad = Inadequate",
                UNKNOWN: "? = unknown (no grade found)", NOT_GRADED: "n/g = not graded",
                NOT_INSPECTED: "n/i = not inspected"}
LEGEND_FULL = vocabulary.legend_labels()  # data/statuses.csv legend_label
SHORT_THEMES = vocabulary.short_theme_labels()  # data/themes.csv short_label


# Each cell is worked out row by row in plain Python: a grid has a few hundred cells, and a dozen pandas
# operations on columns that short cost more than the loop (a new force or filter draws two grids).
_STATUS = {"not graded": NOT_GRADED, "not inspected": NOT_INSPECTED, "unknown": UNKNOWN}
_INITIALS = {"Outstanding": "O", "Good": "G", "Adequate": "A", "Requires improvement": "RI", "Inadequate": "I"}


def _value(row: dict, column: str) -> str | None:
    """row[column], or None when it is missing (absent, None, NA or NaN)."""
    value = row.get(column)
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def _kind(row: dict) -> str:
    if row.get("status") != "graded":
        return _STATUS.get(row.get("status"), UNKNOWN)
    if _value(row, "carried_over"):
        return CARRIED
    return _value(row, "grade") or UNKNOWN


def _cell_text(row: dict, kind: str, compact: bool, with_cycle: bool, one_line: bool = False) -> str:
    shown = _value(row, "grade") or "" if kind == CARRIED else kind
    words = (SHORT_TEXT if compact else ONE_LINE_TEXT if one_line else FULL_TEXT).get(shown, shown)
    if kind == CARRIED:  # two short lines inside the hollow frame (one printed); the key says what * means
        words = (_INITIALS.get(shown, shown) + "*" if compact
                 else f"{ONE_LINE_TEXT.get(shown, shown)}*" if one_line
                 else f"{ONE_LINE_TEXT.get(shown, shown)}*<br>from {_value(row, 'awarded_in') or 'earlier'}")
    if _value(row, "origin") == "user":
        words += " " + USER_MARK
    if with_cycle and row.get("status") == "graded" and kind != CARRIED:  # a carried grade names its own cycle
        words += "<br>" + (_value(row, "cycle") or "")
    return words


def link_text(url: object) -> str:
    """A source address as a link shows it: without the stray '?' some stored addresses end in (the link
    itself keeps the address as stored)."""
    return str(url).removesuffix("?")


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _hover(row: dict, kind: str) -> str:
    grade = _value(row, "grade") or ""
    if kind == CARRIED:
        line = f"{grade}, carried over from {_value(row, 'awarded_in') or 'an earlier cycle'}"
    else:
        line = LEGEND_FULL.get(kind, grade)
    line += f" ({row['cycle']})"
    area = _escaped(str(_value(row, "area") or ""))
    if area:
        line += "<br>Area as named: " + area
    title = _value(row, "source_title")
    source = _escaped(str(title if title is not None else link_text(_value(row, "source_url") or ""))[:90])
    if source:
        kind_of = _value(row, "source_kind") or ""
        line += "<br>Source" + (f" ({kind_of})" if kind_of else "") + ": " + source
    if _value(row, "origin") == "user":
        line += "<br>" + _escaped(user_grade_line(_value(row, "accepted_by"), _value(row, "accepted_at")))
    reason = _escaped(str(_value(row, "not_graded_reason") or ""))
    return line + "<br>" + reason if reason else line


def hover_text(cells: pd.DataFrame) -> pd.Series:
    """Hover: the grade or status in words, the cycle, the area as named, the source, why not graded. Text from
    the data is HTML-escaped (Plotly reads tags in hover text); a source address loses a stray trailing '?'."""
    return pd.Series([_hover(r, _kind(r)) for r in cells.to_dict("records")], index=cells.index, dtype=object)


def grade_grid(cells: pd.DataFrame, *, rows: str, columns: str, row_order: list[str], column_order: list[str],
               title: str, x_title: str, y_title: str, compact: bool = False, with_cycle: bool = False,
               row_labels: dict[str, str] | None = None, column_labels: dict[str, str] | None = None,
               mark_breaks: bool = False, bold_rows: tuple[str, ...] = (),
               extra_shapes: list[dict] | None = None, one_line: bool = False, note: str = "") -> go.Figure:
    """A grid of cells (rows x columns of cells, both in the given order); blank where cells has no row.

    cells: one row per cell with status, grade, cycle, area, source_url (and, where known, carried_over,
    awarded_in, source_title, source_kind, not_graded_reason). mark_breaks: the columns are cycles, and a
    dashed line marks each break HMICFRS declares between two of them (data/breaks.csv), named in the note.
    note: a line under the title (what the grid leaves out). one_line: every cell's text on one line (the
    printed card's rows), long grades abbreviated and a carried-over grade without its cycle. The figure is
    built in one call (Plotly validates each update; one pass is five times faster than a dozen updates). Its
    meta.min_width is the narrowest width its full labels read at (the page scrolls it sideways below that).
    """
    where_x = {c: i for i, c in enumerate(column_order)}
    where_y = {r: i for i, r in enumerate(row_order)}
    codes = np.full((len(row_order), len(column_order)), np.nan)
    text = np.full(codes.shape, "", dtype=object)
    hover = np.full(codes.shape, "", dtype=object)
    present, shapes = set(), []
    for row in cells.to_dict("records"):
        kind = _kind(row)
        present.add(kind)
        y, x = where_y.get(row[rows]), where_x.get(row[columns])
        if x is None or y is None:
            continue
        codes[y, x] = CODES[kind]
        text[y, x], hover[y, x] = _cell_text(row, kind, compact, with_cycle, one_line), _hover(row, kind)
        if kind == CARRIED:  # a hollow frame in the grade's colour
            shapes.append(dict(type="rect", xref="x", yref="y", x0=x - 0.44, x1=x + 0.44, y0=y - 0.42, y1=y + 0.42,
                               line=dict(color=GRADE_COLOURS.get(row.get("grade"), "#404040"), width=3)))
            # and a thin dark rule round it: the pale grades' frames alone are under 3:1 against the page
            shapes.append(dict(type="rect", xref="x", yref="y", x0=x - 0.47, x1=x + 0.47, y0=y - 0.46, y1=y + 0.46,
                               line=dict(color=OUTLINE, width=1)))
    labels_y = [_label(r, row_labels, compact, 18 if compact else 30, bold=r in bold_rows) for r in row_order]
    named = [(column_labels or {}).get(c, c) for c in column_order]
    slanted = compact and len(column_order) > 5 and max(map(len, named)) > 5  # theme names on a phone
    # Upright labels wrap to their column (a phone's five forces: "Thames<br>Valley"); slanted ones need not.
    labels_x = [_label(c, column_labels, False, 100 if slanted else 10 if compact else 12) for c in column_order]
    heatmap = dict(
        type="heatmap", z=codes, x=list(range(len(column_order))), y=list(range(len(row_order))),
        text=text, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        textfont=dict(size=10 if compact else 11, color=INK), zmin=-0.5, zmax=len(CODES) - 0.5, showscale=False,
        xgap=2, ygap=2, colorscale=discrete_scale([FILLS[c] for c in CODES]), hoverongaps=False,
    )
    key = _legend([c for c in CODES if c in present or (c == CARRIED and shapes)], compact)
    if "origin" in cells and (cells["origin"] == "user").any():  # the mark's meaning, as a text-only entry
        key.append(dict(type="scatter", x=[None], y=[None], mode="markers", hoverinfo="skip",
                        name=f"{USER_MARK} added by a user" if compact else USER_MARK_MEANS,
                        marker=dict(size=13, symbol="cross-thin-open", color="#404040", line=dict(width=2))))
    subtitle = ""
    marks = vocabulary.breaks_between(column_order) if mark_breaks else []
    for i, _ in marks:
        shapes.append(dict(type="line", xref="x", yref="paper", x0=i + 0.5, x1=i + 0.5, y0=0, y1=1,
                           line=dict(color="#404040", width=2, dash="dash")))
    if marks:
        subtitle = "┆ " + wrap(break_note([b for _, found in marks for b in found]), 52 if compact else 110)
    if note:
        subtitle = (subtitle + "<br>" if subtitle else "") + wrap(note, 52 if compact else 110)
    title_text = wrap(title, 40) if compact else title
    row_px = 30 if compact else (44 if with_cycle else 36)
    legend_px = (len(key) + 1) * 18 + 8 if compact else 24 * ((len(key) + 2) // 3) + 18
    top = _top_margin(title_text, subtitle, labels_x, slanted, bool(x_title))
    left = _left_margin(labels_y, y_title and not compact, compact)
    layout = dict(
        title=dict(text=title_text, x=0, xanchor="left", font=dict(size=15 if compact else 17),
                   **(dict(subtitle=dict(text=subtitle, font=dict(size=11 if compact else 12, color="#404040")))
                      if subtitle else {}),
                   y=1, yref="container", yanchor="top", pad=dict(t=12)),
        template=plotly_white(), font={**FONT, "size": 11 if compact else 13},
        shapes=[*shapes, *(extra_shapes or [])],
        height=top + row_px * len(row_order) + legend_px + 16,
        margin=dict(l=left, t=top, b=legend_px + 16,
                    r=36 if slanted else 8),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.005, xref="container", x=0,
                    xanchor="left", font=dict(size=11 if compact else 12), traceorder="normal",
                    **({"entrywidth": 1, "entrywidthmode": "fraction"} if compact else {})),
        hoverlabel=dict(bgcolor="white", font=dict(size=12)), dragmode=False,
        xaxis=dict(tickvals=list(range(len(column_order))), ticktext=labels_x, side="top", showgrid=False,
                   zeroline=False, tickangle=-90 if slanted else 0,
                   title=dict(text=x_title, font=dict(size=12, color="#595959")),
                   tickfont=dict(size=10 if compact else 12), fixedrange=True, automargin=True,
                   range=[-0.5, len(column_order) - 0.5]),
        yaxis=dict(tickvals=list(range(len(row_order))), ticktext=labels_y, autorange="reversed", showgrid=False,
                   zeroline=False, tickfont=dict(size=10 if compact else 12), fixedrange=True, automargin=True,
                   # no title on a phone, not even an empty one: Plotly keeps room for it
                   **({} if compact or not y_title else dict(title=dict(text=y_title)))),
        meta=dict(min_width=0 if compact else left + 8 + COLUMN_PX * len(column_order), columns=len(column_order),
                  summary=f"A grid of {len(row_order)} rows by {len(column_order)} columns: each cell names its "
                          "grade, or says why there is none."),
    )
    # Unvalidated: Plotly's validation of every cell's text took half the build; these parts are fixed shapes
    # (tests check the figure), so it is skipped, and properties are spelt out (no magic underscores).
    return go.Figure(data=[heatmap, *key], layout=layout, _validate=False)


def _top_margin(title: str, subtitle: str, column_labels: list[str], slanted: bool, x_title: bool) -> int:
    """Room above the grid for the title, the note under it, the axis title and the column labels on top."""
    lines = lambda text: text.count("<br>") + 1 if text else 0  # noqa: E731
    if slanted:  # upright text turned a quarter: clear of its neighbours however long
        labels = 12 + 5.6 * max(len(_plain(t)) for t in column_labels)
    else:
        labels = 16 * max(lines(t) for t in column_labels) if column_labels else 0
    return int(16 + 24 * lines(title) + 16 * lines(subtitle) + (32 if x_title else 0) + labels + 12)


def _left_margin(row_labels: list[str], y_title: bool, compact: bool) -> int:
    """Room left of the grid for the row labels (and the axis title), estimated a little wide. The axes keep
    automargin as a safety net, but Plotly then draws a grid once, not twice: it redraws only when the labels
    need more room than the margin gives (half the time of drawing a grid in a browser)."""
    size = 10 if compact else 12
    widest = max((max(len(line) for line in _plain(t).split("<br>")) * (0.66 if "<b>" in t else 0.6) * size
                  for t in row_labels), default=0)
    return int(widest + (28 if y_title else 0) + 10)


def _plain(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "")


def _label(value: str, labels: dict[str, str] | None, compact: bool, width: int, bold: bool = False) -> str:
    text = (labels or {}).get(value, value)
    text = wrap(text, width) if compact or len(text) > width else text
    return f"<b>{text}</b>" if bold else text


def _legend(kinds: list[str], compact: bool) -> list[dict]:
    """The key: one entry per kind of cell drawn (legend-only traces)."""
    names = LEGEND_SHORT if compact else LEGEND_FULL
    key = []
    for kind in kinds:
        if kind == CARRIED:
            marker = dict(symbol="square-open", color="#404040", line=dict(width=2.5))
            name = ("G*, O* (hollow) = carried over" if compact
                    else "Good* (hollow): carried over from the cycle named")
        elif kind in GRADE_COLOURS:
            marker = dict(symbol="square", color=GRADE_COLOURS[kind], line=dict(color=OUTLINE, width=1))
            name = names.get(kind, kind)
        else:
            marker = dict(symbol="square", color=FILLS[kind], line=dict(color=MISSING_LINE.get(kind, "#8C8C8C"),
                                                                         width=1.5))
            name = names.get(kind, kind)
        key.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                        marker=dict(size=13, **marker)))
    return key


def history_rows(themes: pd.DataFrame) -> list[list[str]]:
    """Pillars and themes in groups: each pillar headline followed by the themes graded under it before 2021,
    then the themes graded only from 2021/22 on. themes: rows of queries/themes.sql."""
    ordered = sorted(themes.to_dict("records"), key=lambda t: t["sort_order"])
    pillars = [t["theme"] for t in ordered if t["kind"] == "pillar"]
    rest = [t for t in ordered if t["kind"] != "pillar"]
    groups = [[p, *(t["theme"] for t in rest if t["pillar"] == p)] for p in pillars]
    return groups + [[t["theme"] for t in rest if t["pillar"] not in pillars]]


def force_history(cells: pd.DataFrame, themes: pd.DataFrame, force: str, compact: bool = False,
                  one_line: bool = False) -> go.Figure:
    """A force's whole history: pillars and themes (rows, each pillar above its themes) by cycle (columns).

    cells: rows of queries/coverage_cells.sql for one force; themes: queries/themes.sql.
    """
    graded = set(cells["theme"])
    groups = [[t for t in g if t in graded] for g in history_rows(themes)]
    groups = [g for g in groups if g]
    rows = [t for g in groups for t in g]
    cycles = cells.drop_duplicates("cycle").sort_values("cycle_order")
    labels = {t: SHORT_THEMES.get(t, t) if compact else t for t in rows}
    labels.update({p: f"{p.upper()} (pillar)" for p in themes.loc[themes["kind"] == "pillar", "theme"]})
    edges, seen = [], 0
    for group in groups[:-1]:
        seen += len(group)
        edges.append(dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=seen - 0.5, y1=seen - 0.5,
                          line=dict(color="#262730", width=1.5)))
    return grade_grid(cells, rows="theme", columns="cycle", row_order=rows, column_order=cycles["cycle"].tolist(),
                      title=f"{force}: every PEEL grade, 2014 to {cycles['cycle'].iat[-1]}", x_title="PEEL cycle",
                      y_title="Pillar (bold) and the themes under it", compact=compact, row_labels=labels,
                      column_labels=SHORT_CYCLES if compact else None,
                      mark_breaks=True,
                      bold_rows=tuple(themes.loc[themes["kind"] == "pillar", "theme"]), extra_shapes=edges,
                      one_line=one_line)


def peers_grid(latest: pd.DataFrame, force: str, peers: list[str], compact: bool = False) -> go.Figure:
    """A force and its peers (rows; on a phone, columns) by pillar and theme: each one's latest cycle as it left
    them (grades, unknown cells), never an older grade in their place. A peer whose latest cycle is older than
    the force's is labelled with it; grades counted but not named are counted in the note. latest: rows of
    queries/peer_latest.sql."""
    themes = latest.drop_duplicates("theme").sort_values("theme_order")["theme"].tolist()
    forces = [force, *[p for p in peers if p != force]]
    cycle_of = latest.drop_duplicates("force").set_index("force")["cycle"].to_dict()
    lead = cycle_of.get(force, "")
    labels = {f: f"{f} ({cycle_of[f]}, older)" if cycle_of.get(f, lead) != lead else f for f in forces}
    counted = latest[latest["unnamed"].fillna(0) > 0].drop_duplicates("force")
    counted = counted.set_index("force").reindex([f for f in forces if f in set(counted["force"])])
    note = ("Counted but not named: " + "; ".join(f"{f} {int(r.unnamed)} ({r.unnamed_grades})"
                                                  for f, r in counted.iterrows())) if len(counted) else ""
    title = f"{force} and its peers in their latest cycle{' (' + lead + ')' if lead else ''}"
    common = dict(compact=compact, with_cycle=not compact and len(set(cycle_of.values())) > 1, bold_rows=(force,),
                  note=note)
    if compact:
        return grade_grid(latest, rows="theme", columns="force", row_order=themes, column_order=forces,
                          title=title, x_title="", y_title="", row_labels=SHORT_THEMES, column_labels=labels,
                          **common)
    return grade_grid(latest, rows="force", columns="theme", row_order=forces, column_order=themes, title=title,
                      x_title="Pillar or theme", y_title="Force", row_labels=labels, column_labels=SHORT_THEMES,
                      **common)


def region_grid(cells: pd.DataFrame, cycle: str, force_order: list[str], compact: bool = False) -> go.Figure:
    """Forces (rows) by every pillar and theme graded in one cycle (columns). cells: queries/coverage_cells.sql
    for that cycle."""
    themes = cells.drop_duplicates("theme").sort_values("theme_order")["theme"].tolist()
    return grade_grid(cells, rows="force", columns="theme", row_order=force_order, column_order=themes,
                      title=f"{cycle}: each force's grade on every pillar and theme", x_title="Pillar or theme",
                      y_title="Force", compact=compact,
                      column_labels=SHORT_THEMES)


def theme_grid(cells: pd.DataFrame, theme: str, force_order: list[str], compact: bool = False) -> go.Figure:
    """Forces (rows) by cycles (columns) on one pillar or theme. cells: queries/coverage_cells.sql for it."""
    cycles = cells.drop_duplicates("cycle").sort_values("cycle_order")
    return grade_grid(cells, rows="force", columns="cycle", row_order=force_order,
                      column_order=cycles["cycle"].tolist(), title=f"{theme}: each force's grade in each PEEL cycle",
                      x_title="PEEL inspection cycle", y_title="Force", compact=compact,
                      column_labels=SHORT_CYCLES if compact else None,
                      mark_breaks=True)
