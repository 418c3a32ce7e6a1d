"""A force's report card: one A4 portrait page of everything PEEL Explorer knows about it, for panel papers.

The latest grade on each pillar and theme with the kind of source it came from, the whole history and the
force beside the other forces of its region (the Force page's own Plotly figures, peel.figures.grids),
what moved since the previous graded cycle, the grades counted but not yet named, HMICFRS's caveat on the
2021 scale change, the mapping in use and the data's build date and version (content hash). Laid out as an
HTML page and printed to PDF or captured as PNG by Chromium (peel.figures.static_export). Every grade is
written out in words and every move has a symbol, so the page reads the same printed in greyscale.
No Streamlit here: `python -m peel card` and the Force page's downloads both call render().
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from peel.figures import grids, static_export
from peel.figures.charts import GRADE_COLOURS
from peel.db import files, provenance, queries, vocabulary
from peel import texts

FORMATS = ("pdf", "png")
OUTPUT_KINDS = {"pdf": files.PDF, "png": files.PNG}
MOVES = {"improved": ("▲", "improved"), "declined": ("▼", "declined"), "held": ("=", "held"),
         "moved across the break": ("↕", "moved across the break"),
         "same position across the break": ("=", "same place across the break")}
STATUS_WORDS = vocabulary.long_labels()  # data/statuses.csv long_label
FIGURE_WIDTH = 1000  # px the figures are drawn at; the page shows them 718 px wide


class UnknownForce(ValueError):
    pass


@dataclass
class Card:
    """What the card says about one force, from the database."""

    force: str
    region: str
    mapping: str
    mapping_label: str
    latest: pd.DataFrame  # queries/card_latest.sql: the latest cycle's cells first, then older grades
    current: dict  # the force's row of queries/force_latest.sql: its latest cycle, named, unknown, unnamed
    moves: pd.DataFrame  # queries/card_moves.sql
    unnamed: pd.DataFrame  # queries/unnamed_grades.sql
    history: pd.DataFrame  # queries/coverage_cells.sql
    themes: pd.DataFrame  # queries/themes.sql
    peers: list[str]
    latest_cycle: str  # the force's latest cycle: the latest with anything known of it (latest_cycle)
    region_cells: pd.DataFrame  # queries/coverage_cells.sql: the region's forces in latest_cycle
    made: provenance.Provenance
    made_on: date
    breaks: tuple[texts.Break, ...] = ()  # data/breaks.csv, for the caveat


def gather(con, force: str, mapping: str | None = None) -> Card:
    """The card's facts for force under mapping (default: the default mapping)."""
    forces = queries.run(con, "forces")
    if force not in set(forces["force"]):
        raise UnknownForce(f"unknown force '{force}'")
    mappings = queries.run(con, "mappings")
    mapping = mapping or mappings.loc[mappings["is_default"], "mapping"].iat[0]
    if mapping not in set(mappings["mapping"]):
        raise ValueError(f"unknown mapping '{mapping}' (one of {', '.join(mappings['mapping'])})")
    region = forces.set_index("force").at[force, "region"]
    peers = forces.loc[(forces["region"] == region) & (forces["force"] != force), "force"].tolist()
    history = queries.run(con, "coverage_cells", theme=[], force=[force], region=[], cycle=[], mapping=mapping)
    current = queries.run(con, "force_latest", force=[force]).to_dict("records")
    current = current[0] if current else {}
    latest_cycle = current.get("cycle") or history["cycle"].iat[-1]
    return Card(
        force=force, region=region, mapping=mapping,
        mapping_label=mappings.set_index("mapping").at[mapping, "label"],
        latest=queries.run(con, "card_latest", force=[force]),
        current=current,
        moves=queries.run(con, "card_moves", force=[force], mapping=mapping),
        unnamed=queries.run(con, "unnamed_grades", force=[force]),
        history=history,
        themes=queries.run(con, "themes"),
        peers=peers,
        latest_cycle=latest_cycle,
        region_cells=queries.run(con, "coverage_cells", theme=[], force=[], region=[region], cycle=[latest_cycle],
                                 mapping=mapping),
        made=provenance.read(con),
        made_on=date.today(),
        breaks=queries.breaks(con),
    )


def figures(card: Card):
    """The dashboard's own figures, sized for the page: the Force page's whole history, and the region's forces
    in the force's latest graded cycle (as Compare draws them). Their titles become the card's headings."""
    # One line a cell: two would not fit a printed row. A carried-over cell keeps its hollow frame and says
    # "Good*"; the caveat box says what * means and the latest-grade table names the cycle.
    history = grids.force_history(card.history, card.themes, card.force, one_line=True)
    region = grids.region_grid(card.region_cells, card.latest_cycle, [card.force, *card.peers])
    sized = []
    for fig, rows, row_px, top in ((history, card.history["theme"].nunique(), 27, 40),
                                   (region, 1 + len(card.peers), 34, 44)):
        fig.update_layout(title=dict(text="", subtitle=dict(text="")), margin=dict(t=top, b=30, l=4, r=4),
                          legend=dict(font=dict(size=11)))
        fig.update_yaxes(title_text="")
        sized.append((fig, FIGURE_WIDTH, row_px * rows + top + 30))
    return sized


def _e(text) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def _grade(grade: str | None, status: str) -> str:
    if status != "graded" or not isinstance(grade, str):
        return f'<span class="missing">{_e(STATUS_WORDS.get(status, status))}</span>'
    return f'<span class="swatch" style="background:{GRADE_COLOURS.get(grade, "#fff")}"></span>{_e(grade)}'


def _latest_rows(card: Card) -> str:
    """The latest cycle's pillars and themes, each as that cycle left it, with the grade the cycle before gave
    it (greyed, in its own column: never as the latest)."""
    rows = []
    for r in card.latest[card.latest["latest"]].itertuples(index=False):
        carried = f' <span class="note">carried over from {_e(r.awarded_in)}</span>' if r.carried_over else ""
        if getattr(r, "origin", None) == "user":
            carried += f' {_e(texts.USER_MARK)} <span class="note">added by a user</span>'
        before = f"{_e(r.older_grade)}, {_e(r.older_cycle)}" if isinstance(r.older_grade, str) else ""
        name = f"<b>{_e(r.theme)}</b> <span class='note'>pillar</span>" if r.theme_kind == "pillar" else _e(r.theme)
        rows.append(f"<tr><td>{name}</td><td>{_grade(r.grade, r.status)}{carried}</td>"
                    f"<td>{_e(r.source_kind) if r.status == 'graded' else ''}</td>"
                    f"<td class='older'>{before}</td></tr>")
    return "".join(rows)


def _older(card: Card) -> str:
    """Pillars and themes the latest cycle did not grade: their last grade, greyed, each with its cycle."""
    older = card.latest[~card.latest["latest"]]
    if older.empty:
        return ""
    items = "; ".join(f"{_e(r.theme)} {_e(r.grade)}" + (f" (carried over from {_e(r.awarded_in)})"
                                                         if r.carried_over else "") + f", {_e(r.cycle)}"
                      for r in older.itertuples(index=False))
    return (f"<p class='older'><b>Older grades</b> of pillars and themes {_e(card.latest_cycle)} did not grade: "
            f"{items}.</p>")


def _current(card: Card) -> str:
    """One line over the table: what the latest cycle names, leaves unknown and counts without naming."""
    return f"<p class='current'>{_e(texts.current_picture(card.current))}</p>" if card.current else ""


def _moves(card: Card) -> str:
    moves = card.moves
    if moves.empty:
        return "<p class='note'>No two graded cycles to compare yet.</p>"
    first = moves.iloc[0]
    head = f"<h2>What moved, {_e(first.from_cycle)} to {_e(first.to_cycle)}</h2>"
    steady = moves["movement"].isin(["held", "same position across the break"])
    compared = moves[(moves["movement"] != "no comparison") & ~steady]
    items = [f"<li><span class='move'>{MOVES[r.movement][0]}</span> {_e(r.theme)}: {_e(r.from_grade)} → "
             f"{_e(r.to_grade)} <span class='note'>({MOVES[r.movement][1]})</span></li>"
             for r in compared.itertuples(index=False)]
    items += [f"<li><span class='move'>=</span> {MOVES[kind][1].capitalize()}: "
              f"{_e(', '.join(f'{r.theme} ({r.to_grade})' for r in rows.itertuples(index=False)))}</li>"
              for kind, rows in moves[steady].groupby("movement", sort=False)]
    rest = moves.loc[moves["movement"] == "no comparison", "theme"].tolist()
    body = f"<ul class='moves'>{''.join(items)}</ul>" if items else "<p>No theme was graded in both cycles.</p>"
    if rest:
        body += ("<p class='note'>No comparison (a grade not found in one of the two cycles): "
                 f"{_e(', '.join(rest))}.</p>")
    if isinstance(first["break"], str):
        reports = moves["report_url"].dropna()
        link = (f": <a href='{_e(reports.iat[0])}'>{_e(reports.iat[0].removeprefix('https://'))}</a>"
                if len(reports) else ".")
        body += f"<p class='note'>{_e(texts.CARD_ACROSS_THE_CHANGE)}{link}</p>"
    return head + body


def _unnamed(card: Card) -> str:
    if card.unnamed.empty:
        return ("<h2>Known but not yet named</h2><p>Every grade a release counted for this force is named "
                "above.</p>")
    lines = []
    for cycle, rows in card.unnamed.groupby("cycle", sort=False):
        counts = " and ".join(f"{n} more {_e(g)}" for g, n in zip(rows["grade"], rows["unnamed"]))
        lines.append(f"<li><b>{_e(cycle)}</b>: {counts}</li>")
    return ("<h2>Known but not yet named</h2><ul class='unnamed'>" + "".join(lines) + "</ul><p class='note'>"
            "A release counted these grades without saying which areas they were for; they are not drawn as "
            "grades.</p>")


def _font_face() -> str:
    """Streamlit's own Source Sans, so the card's type is the dashboard's (falls back to Arial)."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    roots = spec.submodule_search_locations if spec else []
    fonts = [p for root in roots for p in Path(root, "static", "static", "media").glob("SourceSansVF-Upright*.woff2")]
    if not fonts:
        return ""
    return (f"@font-face {{ font-family: 'Source Sans Pro'; src: url('{fonts[0].as_uri()}') format('woff2'); "
            "font-weight: 200 900; }")


STYLE = """
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: 'Source Sans Pro', Arial, sans-serif; color: #262730; font-size: 8pt; line-height: 1.2;
       font-variant-ligatures: none; }  /* text copied from the PDF reads "offenders", not "oﬀenders" */
svg text { font-variant-ligatures: none; }
.page { width: 210mm; height: 297mm; padding: 8mm 9mm 7mm; overflow: hidden; display: flex; flex-direction: column; }
header { border-bottom: 2px solid #262730; padding-bottom: 1.6mm; margin-bottom: 2mm; }
h1 { font-size: 17pt; margin: 0; font-weight: 700; }
h1 span { font-weight: 400; color: #595959; }
.meta { color: #404040; margin-top: 0.6mm; }
h2 { font-size: 9.5pt; margin: 1.8mm 0 0.8mm; font-weight: 700; }
.top { display: flex; gap: 5mm; }
.top .left { flex: 1.45; } .top .right { flex: 1; }
td:nth-child(2), td:nth-child(3) { white-space: nowrap; }
td.older { white-space: normal; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: 600; border-bottom: 1px solid #262730; padding: 0.5mm 1mm; }
td { border-bottom: 0.5px solid #d0d0d0; padding: 0.3mm 1mm; vertical-align: top; }
.swatch { display: inline-block; width: 2.6mm; height: 2.6mm; border: 0.5px solid #404040; margin-right: 1.2mm;
          vertical-align: -0.3mm; }
.missing { font-style: italic; color: #595959; }
.older { color: #595959; font-style: italic; font-size: 7.2pt; }
p.older { margin: 0.8mm 0 0; }
.current { margin: 0.4mm 0 0.8mm; }
.note { color: #595959; font-size: 7.2pt; }
.right p { margin: 0.6mm 0; }
ul { margin: 0; padding-left: 0; list-style: none; }
li { margin: 0.3mm 0; }
.move { display: inline-block; width: 3.5mm; font-weight: 700; }
.figure svg { width: 100%; height: auto; display: block; }
.caveat { border: 1px solid #262730; padding: 1.5mm 2mm; margin-top: 2mm; }
footer { margin-top: auto; border-top: 1px solid #8c8c8c; padding-top: 1.2mm; color: #404040; font-size: 7.4pt; }
"""


def page_html(card: Card, svgs: list[str]) -> str:
    """The card as one HTML page (A4 portrait) with the figures' SVG inline."""
    history_svg, region_svg = svgs
    made = card.made
    kinds = ", ".join(f"{n} {_e(k)}" for k, n in made.grades_by_source_kind.items())
    cycles = card.history.drop_duplicates("cycle").sort_values("cycle_order")["cycle"]
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{_e(card.force)}: PEEL report card</title><style>{_font_face()}{STYLE}</style></head><body><div class="page">
<header><h1>{_e(card.force)} <span>PEEL report card</span></h1>
<div class="meta">{_e(card.region)} · HMICFRS PEEL inspection grades, {_e(cycles.iat[0])} to {_e(cycles.iat[-1])},
as held by PEEL Explorer · made {card.made_on.isoformat()} from data version <b>{_e(made.version)}</b>
(built {_e(made.built_on)})</div></header>
<div class="top"><div class="left"><h2>{_e(card.latest_cycle)}, the latest cycle: each pillar and theme</h2>
{_current(card)}
<table><thead><tr><th>Pillar or theme</th><th>Grade in {_e(card.latest_cycle)}</th><th>Source</th>
<th class="older">Before</th></tr></thead>
<tbody>{_latest_rows(card)}</tbody></table>{_older(card)}</div>
<div class="right">{_moves(card)}{_unnamed(card)}
<h2>Mapping in use</h2><p><b>{_e(card.mapping)}</b>: {_e(card.mapping_label)}. Harmonised positions (used only to
compare across the scale change) are PEEL Explorer's choice, not HMICFRS's.</p></div></div>
<h2>Every grade, {_e(cycles.iat[0])} to {_e(cycles.iat[-1])} (pillars in bold above their themes)</h2>
<div class="figure">{history_svg}</div>
<h2>{_e(card.force)} beside the other {_e(card.region)} forces in {_e(card.latest_cycle)}, its latest cycle</h2>
<div class="figure">{region_svg}</div>
<div class="caveat"><b>{_e(texts.caveat_headline(card.breaks))}</b> {_e(texts.caveat_brief(card.breaks))}
Dashed lines mark the breaks.
{_e(texts.CARD_CELLS_NOTE)}</div>
<footer>PEEL Explorer report card · data version {_e(made.version)} (SHA-256 of data/*.csv
{_e(made.content_hash[:24])}…), built {_e(made.built_at)} · {made.grades} grades in all, by source: {kinds} ·
Grades from HMICFRS material: Open Government Licence v3.0 (contains public sector information licensed
under the OGL v3.0); news, PCC and panel sources are cited, not reproduced.</footer>
</div></body></html>"""


def page(con, force: str, mapping: str | None = None) -> str:
    """force's report card as an HTML page, its figures drawn (the slow part: a few seconds of Chromium)."""
    card = gather(con, force, mapping)
    return page_html(card, static_export.figures_svg(figures(card)))


def _kind(out: Path) -> str:
    kind = Path(out).suffix.lower().lstrip(".")
    if kind not in FORMATS:
        named = files.shown(Path(out).suffix or Path(out).name)
        raise ValueError(f"the card is written as .pdf or .png, not '{named}'")
    return kind


def check_out(out: Path) -> Path:
    """Where the card may be written (peel.db.files.check_output): files.Refused for a folder, an existing
    file that is not a PDF or PNG, or a place that cannot be written; ValueError for another suffix."""
    return files.check_output(out, OUTPUT_KINDS[_kind(out)])


def write(html_page: str, out: Path) -> Path:
    """The card's page printed to out: a PDF (one A4 page) or a PNG, by out's suffix, written beside and
    swapped in (peel.db.files)."""
    kind = _kind(out)
    draw = static_export.html_to_pdf if kind == "pdf" else static_export.html_to_png
    return files.write_output(out, OUTPUT_KINDS[kind], lambda tmp: draw(html_page, tmp))


def render(con, force: str, out: Path, mapping: str | None = None) -> Path:
    """Write force's report card to out (.pdf or .png); the output is checked before the slow drawing."""
    check_out(out)
    return write(page(con, force, mapping), out)


def as_bytes(html_page: str, kind: str) -> bytes:
    """The card's page as PDF or PNG bytes, for a download."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="peel-card-") as tmp:
        return write(html_page, Path(tmp) / f"card.{kind}").read_bytes()
