"""Plotly figures for the dashboard, built from query results; no Streamlit here, so tests can call them.

Every figure has a title, axis titles and a legend. Grades run from pale blue for the best to vermilion for
the worst (the hues of Okabe-Ito, safe for the common colour-vision deficiencies), each darker than the one
before, so they keep their order in greyscale; every grade's fill takes the one text colour INK at 4.5:1 or
more (WCAG 2.2 AA; tests/dashboard/test_contrast.py computes it). A grade that is unknown or was not graded is
drawn in grey or white with a pattern or label, never in a grade's colour.
Where a chart crosses a break HMICFRS declares (data/breaks.csv: 2018/19 to 2021/22, 2021/22 to 2023-25) it
marks it with a dashed line and says what changed.
"""
from __future__ import annotations

import functools
import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from peel.db import vocabulary
from peel.texts import Break, break_note, GAP_NOTE, NOT_COMPARABLE

GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
UNKNOWN, NOT_GRADED, NOT_INSPECTED = map(vocabulary.label, vocabulary.MISSING)  # data/statuses.csv
INK = "#262730"  # text on every fill, and the page's own text colour
PAGE = "#FFFFFF"
GRADE_COLOURS = {  # CIELAB lightness 88, 80, 73, 66, 60: one step darker per grade
    "Outstanding": "#B6E3FF",
    "Good": "#79D1F9",
    "Adequate": "#D2B03F",
    "Requires improvement": "#E88927",
    "Inadequate": "#F06538",
}
# Fills paler than 3:1 against the page carry this outline where colour alone tells grades apart (bars, keys).
OUTLINE = "#595959"
# Missing cells: never a grade's colour. Bars use a hatch; heatmap cells a grey or white fill and a label.
MISSING_FILL = {UNKNOWN: "#EEEEEE", NOT_GRADED: "#FFFFFF", NOT_INSPECTED: "#F4F4F4"}
MISSING_LINE = {UNKNOWN: "#8C8C8C", NOT_GRADED: "#404040", NOT_INSPECTED: "#6E6E6E"}
# Each bar category has its own pattern too, so a bar reads in greyscale or printed: no two share a shape.
PATTERNS = {"Outstanding": "", "Good": ".", "Adequate": "|", "Requires improvement": "\\", "Inadequate": "+",
            NOT_GRADED: "x", NOT_INSPECTED: "-", UNKNOWN: "/"}
CATEGORIES = (*GRADES, NOT_GRADED, NOT_INSPECTED, UNKNOWN)
SHORT_CYCLES = vocabulary.short_cycle_labels()  # data/cycles.csv short_label
MOVEMENT_COLOURS = {"improved": "#00658C", "held": "#BBBBBB", "declined": "#BB3C13"}  # white, ink, white text
COVERAGE_SCALE = [[0, PAGE], [1, "#5ABBEA"]]  # % graded: pale enough for INK at every step
# Across a break HMICFRS declares a move is neither an improvement nor a decline: neutral fills, one per kind.
ACROSS_COLOURS = {"moved across the break": "#D9CCE3", "same position across the break": "#BBBBBB"}


def luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13, color=INK)
AXIS_TEXT = "#404040"  # tick labels and axis titles: 10:1 on the page


@functools.cache
def plotly_white() -> dict:
    """Plotly's plotly_white template as the plain dict plotly.js reads (for figures built unvalidated)."""
    return pio.templates["plotly_white"].to_plotly_json()


def _base_layout(title: str, height: int) -> dict:
    return dict(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=17)),
        template="plotly_white", font=FONT, height=height, margin=dict(l=10, r=10, t=110, b=100),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.005, x=0, xanchor="left",
                    title_text="", traceorder="normal"),
        hoverlabel=dict(bgcolor="white", font_size=13),
    )


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int) -> go.Figure:
    fig.update_layout(**_base_layout(title, height))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def _swatches(fig: go.Figure, items: dict[str, dict]) -> None:
    """Legend entries only (no data): a square of each colour or pattern named."""
    for name, marker in items.items():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                                 marker=dict(symbol="square", size=14, **marker)))


def _break_xs(cycles: pd.DataFrame) -> list[tuple[float, float, bool, list[Break]]]:
    """For each declared break between two cycles of cycles (cycle, x_position), in time order: the x positions
    of the cycles either side, whether whole years without PEEL grades lie between, and the breaks there."""
    ordered = cycles.sort_values("x_position")
    years = vocabulary.cycle_years()
    names, xs = ordered["cycle"].tolist(), ordered["x_position"].astype(float).tolist()
    return [(xs[i], xs[i + 1], years[names[i]][1] + 1 < years[names[i + 1]][0], found)
            for i, found in vocabulary.breaks_between(names)]


def _panel_refs(fig: go.Figure) -> list[tuple[str, str]]:
    """(x axis, y axis) references of every panel: one for a plain figure, one per subplot."""
    refs = []
    for key in fig.layout:
        if key.startswith("xaxis"):
            x_ref = "x" + key[len("xaxis"):]
            refs.append((x_ref, fig.layout[key].anchor or "y"))
    return refs or [("x", "y")]


def mark_breaks(fig: go.Figure, marks: list[tuple[float, float, bool, list[Break]]], *,
                note_over_line: bool = True, note: bool = True) -> None:
    """A dashed line between the two cycles of each break (marks: x before, x after, a gap of years, the
    breaks), a shaded band over years without grades, and what changed (over each line, or once at the top left
    when the figure has several panels)."""
    shapes = []
    for x_before, x_after, gap, _ in marks:
        mid = (x_before + x_after) / 2
        for x_ref, y_ref in _panel_refs(fig):
            if gap:
                shapes.append(dict(type="rect", xref=x_ref, yref=f"{y_ref} domain", x0=x_before + 0.55,
                                   x1=x_after - 0.55, y0=0, y1=1, fillcolor="#000000", opacity=0.05, line_width=0,
                                   layer="below"))
            shapes.append(dict(type="line", xref=x_ref, yref=f"{y_ref} domain", x0=mid, x1=mid, y0=0, y1=1,
                               line=dict(color="#404040", width=1.5, dash="dash")))
    # One layout update for all panels: add_vline(row="all") takes half a second on a dozen panels.
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes])
    for x_before, x_after, gap, found in marks:
        mid = (x_before + x_after) / 2
        if gap:
            fig.add_annotation(x=mid, y=0.02, xref="x", yref="paper", text=GAP_NOTE, showarrow=False,
                               font=dict(size=11, color="#595959"), yanchor="bottom",
                               bgcolor="#F2F2F2")  # the band's own grey, hiding the dashed line behind the words
        if note and note_over_line:
            words = f"┆ {NOT_COMPARABLE}:<br>" + wrap("; ".join(b.label for b in found), 26)
            fig.add_annotation(x=mid, xref="x", xanchor="center", align="center", y=1.0, yref="paper",
                               yanchor="bottom", showarrow=False, text=words, font=dict(size=11, color="#262730"),
                               bgcolor="rgba(255,255,255,0.85)")
    if note and not note_over_line and marks:
        fig.add_annotation(x=0, xref="paper", xanchor="left", align="left", yshift=30, y=1.0, yref="paper",
                           yanchor="bottom", showarrow=False, font=dict(size=11, color="#262730"),
                           text="┆ " + break_note([b for *_, found in marks for b in found]),
                           bgcolor="rgba(255,255,255,0.85)")


def _cycle_axis(fig: go.Figure, cycles: pd.DataFrame, short: bool = False) -> None:
    labels = [SHORT_CYCLES.get(c, "’" + c[2:] if c.isdigit() else c) if short else c for c in cycles["cycle"]]
    fig.update_xaxes(tickvals=cycles["x_position"].tolist(), ticktext=labels, tickangle=0 if short else None,
                     range=[cycles["x_position"].min() - 0.7, cycles["x_position"].max() + 0.7],
                     showgrid=False)


def grade_shares(shares: pd.DataFrame, theme: str, compact: bool = False) -> go.Figure:
    """Stacked bars: the share of forces at each grade in each cycle, cycles placed by year. Each grade has a
    pattern as well as its colour. compact: the phone layout (short cycle labels, the title and the
    scale-change note wrapped above the bars).

    shares: rows of queries/overview_shares.sql (cycle, x_position, scale, category, forces, share).
    """
    cycles = shares.drop_duplicates("cycle").sort_values("cycle_order")
    data = []
    for category in CATEGORIES:
        rows = shares[shares["category"] == category]
        if rows.empty:
            continue
        missing = category not in GRADE_COLOURS
        ink = INK
        # a grade's pattern faint, so the number of forces written over it reads clearly
        pattern = dict(shape=PATTERNS[category], size=7 if missing else 9, solidity=0.25 if missing else 0.18,
                       fgcolor=MISSING_LINE[category] if missing else ink, fgopacity=0.9 if missing else 0.3)
        marker = dict(color=MISSING_FILL[category] if missing else GRADE_COLOURS[category], pattern=pattern,
                      line=dict(color=MISSING_LINE[category] if missing else OUTLINE, width=1))
        data.append(go.Bar(
            x=rows["x_position"], y=rows["share"] * 100, name=category, marker=marker, width=0.75,
            text=rows["forces"], textposition="inside", insidetextanchor="middle",
            textfont=dict(color=ink, size=12 if compact else 13),
            customdata=rows[["cycle", "forces"]],
            hovertemplate="%{customdata[0]}<br>" + category + ": %{customdata[1]} forces (%{y:.0f}%)<extra></extra>",
        ))
    fig = go.Figure(data=data)
    fig.update_layout(barmode="stack", uniformtext=dict(minsize=10, mode="hide"))
    _cycle_axis(fig, cycles, short=compact)
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    title = f"{theme}: share of the forces at each grade, by PEEL cycle"
    marks = _break_xs(cycles)
    mark_breaks(fig, marks, note=not compact)
    fig = _layout(fig, title, "PEEL inspection cycle", None if compact else "Share of forces (%)", 520)
    fig.update_layout(meta=dict(summary=f"Stacked bars, one per cycle from {cycles['cycle'].iat[0]} to "
                                        f"{cycles['cycle'].iat[-1]}: each segment a grade, labelled with its number "
                                        "of forces."))
    # Margins that already fit the axis labels and the legend: Plotly's automargin then has nothing to add,
    # and draws the chart once instead of twice.
    fig.update_layout(margin_l=90)
    if compact:  # the title and the note wrap above the bars instead of running off a phone's screen
        # a phone has room for what the lines mean, not what changed at each (the caveat under it says that)
        note = wrap(f"┆ Dashed lines: HMICFRS says grades either side are {NOT_COMPARABLE}", 50) if marks else ""
        fig.update_layout(title=dict(text=wrap(title, 38), font_size=15, subtitle=dict(text=note, font_size=11)),
                          height=600, margin=dict(l=44, r=4, t=170, b=210), legend=dict(font_size=11))
    return fig


def wrap(text: str, width: int) -> str:
    """text broken into lines of at most width characters (words are not split), joined for Plotly."""
    if "<br>" in text:
        return text
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def _stack(grids: list[pd.DataFrame]):
    """Same-shaped grids as one rows x columns x len(grids) array, for a heatmap's customdata."""
    return pd.concat([g.stack(future_stack=True) for g in grids], axis=1).values.reshape(
        *grids[0].shape, len(grids))


def discrete_scale(colours: list[str]) -> list[list]:
    """A colour scale giving each integer code 0..n-1 (with zmin -0.5, zmax n - 0.5) one flat colour."""
    n = len(colours)
    scale = []
    for i, c in enumerate(colours):
        scale += [[i / n, c], [(i + 1) / n, c]]
    return scale


def force_order(cells: pd.DataFrame, by: str) -> list[str]:
    """The forces in cells by name, or by their latest graded position (its mean over the themes in cells;
    best first, ungraded last)."""
    forces = cells.groupby("force", as_index=False)["latest_position"].mean()
    if by == "latest":
        forces = forces.sort_values(["latest_position", "force"], ascending=[False, True], na_position="last")
    else:
        forces = forces.sort_values("force")
    return forces["force"].tolist()


def transition_matrix(movers: pd.DataFrame) -> pd.DataFrame:
    """Counts of forces by grade in the first cycle (rows) and the second (columns), grades in order."""
    present = lambda col: [c for c in CATEGORIES if c in set(movers[col])]  # noqa: E731
    matrix = pd.crosstab(movers["from_grade"], movers["to_grade"])
    return matrix.reindex(index=present("from_grade"), columns=present("to_grade"), fill_value=0)


SHORT_GRADES = {"Outstanding": "Out", "Good": "Good", "Adequate": "Adeq", "Requires improvement": "RI",
                "Inadequate": "Inad"}


def transition_heatmap(movers: pd.DataFrame, from_cycle: str, to_cycle: str, theme: str,
                       compact: bool = False) -> go.Figure:
    """The transition matrix, each cell coloured by what the move means under the mapping in force; across a
    break HMICFRS declares (movers.break) a move is only 'moved across the break', and a note says so. compact:
    the phone layout (grades abbreviated, with their key under the chart; the title wrapped)."""
    matrix = transition_matrix(movers)
    movement = movers.drop_duplicates(["from_grade", "to_grade"]).set_index(["from_grade", "to_grade"])["movement"]
    across = "break" in movers and movers["break"].notna().any()
    palette = ACROSS_COLOURS if across else MOVEMENT_COLOURS
    kinds = list(palette) + ["no comparison"]
    colours = [*palette.values(), "#F2F2F2", "#FFFFFF"]
    z, text = [], []
    for f in matrix.index:
        z.append([kinds.index(movement.get((f, t), "no comparison")) if matrix.at[f, t] else len(kinds)
                  for t in matrix.columns])
        text.append([str(matrix.at[f, t]) if matrix.at[f, t] else "" for t in matrix.columns])
    fig = go.Figure(go.Heatmap(
        z=z, x=list(matrix.columns), y=list(matrix.index), text=text, texttemplate="%{text}",
        textfont=dict(size=16), zmin=-0.5, zmax=len(colours) - 0.5, showscale=False, xgap=2, ygap=2,
        colorscale=discrete_scale(colours),
        hovertemplate=f"{from_cycle}: %{{y}}<br>{to_cycle}: %{{x}}<br>%{{text}} forces<extra></extra>",
    ))
    _swatches(fig, {k: dict(color=c, line=dict(color="#8C8C8C", width=1)) for k, c in zip(kinds, colours)})
    said = (f"Across a break HMICFRS declares ({movers['break'].dropna().iat[0]}): grades are {NOT_COMPARABLE}"
            if across else "")
    if said and not compact:
        fig.add_annotation(x=0, xref="paper", xanchor="left", align="left", y=1.0, yref="paper", yanchor="bottom",
                           showarrow=False, font=dict(size=11, color="#262730"), text="┆ " + wrap(said, 90))
    fig.update_yaxes(autorange="reversed")
    title = f"{theme}: grade in {from_cycle} against grade in {to_cycle} (number of forces)"
    fig = _layout(fig, title, f"Grade in {to_cycle}", f"Grade in {from_cycle}", 460)
    moved = movers["movement"].value_counts()
    fig.update_layout(meta=dict(summary=f"A matrix of {len(movers)} forces by their grade in {from_cycle} (rows) and "
                                        f"in {to_cycle} (columns): " + ", ".join(f"{moved.get(k, 0)} {k}"
                                                                                 for k in MOVEMENT_COLOURS) + "."))
    if compact:
        short = [SHORT_GRADES.get(g, g) for g in matrix.columns], [SHORT_GRADES.get(g, g) for g in matrix.index]
        key = ", ".join(f"{s} = {g}" for g, s in SHORT_GRADES.items() if s != g and g in {*matrix.columns,
                                                                                         *matrix.index})
        fig.update_xaxes(tickvals=list(matrix.columns), ticktext=short[0])
        fig.update_yaxes(tickvals=list(matrix.index), ticktext=short[1])
        note = wrap(key, 52) + ("<br>┆ " + wrap(said, 52) if said else "")
        fig.update_layout(title=dict(text=wrap(title, 40), font_size=15, subtitle=dict(text=note, font_size=11)),
                          height=520 + (48 if said else 0), margin=dict(l=70, r=4, t=150 + (48 if said else 0), b=120),
                          legend=dict(font_size=11))
        return fig
    return fig.update_layout(margin_l=184)  # room for the grade names: Plotly then draws it once, not twice


def coverage_heatmap(summary: pd.DataFrame, cycles: pd.DataFrame, compact: bool = False) -> go.Figure:
    """Cycles by pillars and themes: how many forces have a grade found; blank where a cycle had no such area.
    compact: the phone layout (short labels, no colour bar: each cell says its count).

    summary: rows of queries/coverage_summary.sql; cycles: queries/cycles.sql (for the scale change).
    """
    themes = summary.drop_duplicates("theme").sort_values("theme_order")["theme"].tolist()
    order = cycles["cycle"].tolist()
    pivot = lambda col: summary.pivot(index="theme", columns="cycle", values=col).reindex(  # noqa: E731
        index=themes, columns=order)
    graded, forces = pivot("graded"), pivot("forces")
    not_graded, unknown = pivot("not_graded"), pivot("unknown")
    carried, not_inspected = pivot("carried_over"), pivot("not_inspected")
    text = graded.astype("Int64").astype(str) + "/" + forces.astype("Int64").astype(str)
    text = text.where(forces.notna(), "")
    fig = go.Figure(go.Heatmap(
        z=(graded / forces * 100).values, x=order, y=themes, text=text.values, texttemplate="%{text}",
        colorscale=COVERAGE_SCALE, textfont=dict(color=INK), zmin=0, zmax=100, xgap=2, ygap=2,
        colorbar=dict(title=dict(text="% graded"), ticksuffix="%"),
        customdata=_stack([g.astype("Int64").astype("string").fillna("")
                           for g in (not_graded, unknown, carried, not_inspected)]),
        hovertemplate="%{y}, %{x}<br>graded: %{text} (carried over: %{customdata[2]})<br>"
                      "not graded: %{customdata[0]}<br>not inspected: %{customdata[3]}<br>"
                      "unknown: %{customdata[1]}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    marks = [(i, i + 1, False, found) for i, found in vocabulary.breaks_between(order)]
    mark_breaks(fig, marks, note=False)  # two lines a column apart: the summary below says what they mark
    title = "Coverage: forces with a grade found, by cycle and pillar or theme"
    fig = _layout(fig, title, "PEEL inspection cycle", "Pillar or theme", 620)
    fig.update_layout(meta=dict(summary=f"A matrix of {len(themes)} pillars and themes by {len(order)} cycles: each "
                                        "cell says how many forces have a grade found, of those the cycle graded. "
                                        + break_note([b for *_, found in marks for b in found])))
    # the colour bar's title runs up its far side, clear of its tick labels
    fig.update_traces(colorbar=dict(title=dict(text="% graded", side="right"), ticksuffix="%"))
    if compact:
        themes_short = vocabulary.short_theme_labels()
        fig.update_traces(showscale=False, textfont_size=10)
        fig.update_xaxes(tickvals=order, ticktext=[SHORT_CYCLES.get(c, c) for c in order], tickangle=-90,
                         title_text="")
        fig.update_yaxes(tickvals=themes, ticktext=[themes_short.get(t, t) for t in themes], title_text="",
                         tickfont_size=10)
        note = wrap("┆ " + break_note([b for *_, found in marks for b in found]), 50) if marks else ""
        fig.update_layout(title=dict(text=wrap(title, 40), font_size=15, subtitle=dict(text=note, font_size=11)),
                          height=640, margin=dict(l=90, r=4, t=190, b=60))
    return fig
