"""A published user grade is marked as such wherever it shows: the Force grid's cell (a dagger, which reads in
greyscale) and hover (who accepted it, when), its legend, the CSV export, the data package and the report card.
And it never displaces a curated headline grade of its theme."""
import csv

import pandas as pd
import pytest

from peel import texts
from peel.db import export, package, queries
from peel.db.build import build
from peel.figures import card, grids
from peel.reports import proposals

EMPTY = """SELECT c.force, c.cycle, a.area, a.theme FROM coverage c
           JOIN areas a ON a.cycle = c.cycle AND a.theme = c.theme
           WHERE c.cycle = '2023-25' AND c.status = 'unknown' ORDER BY c.force, a.area LIMIT 1"""
# a curated headline that a grade for an area of higher priority (lower theme_priority) would have displaced
DISPLACING = """SELECT c.force, c.cycle, a.area, a.theme FROM coverage c
                JOIN areas h ON h.cycle = c.cycle AND h.area = c.area
                JOIN areas a ON a.cycle = c.cycle AND a.theme = c.theme AND a.theme_priority < h.theme_priority
                WHERE c.status = 'graded' AND NOT EXISTS (SELECT 1 FROM grades g WHERE g.force = c.force
                      AND g.cycle = c.cycle AND g.area = a.area)
                ORDER BY c.force, c.cycle, a.area LIMIT 1"""


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A copy of data/ where an editor accepted a visitor's grade for a 2023-25 theme with no grade yet (the
    typed source an HMICFRS address), and one for an area that outranks a curated headline of its theme."""
    from peel.paths import DATA_DIR

    folder = tmp_path_factory.mktemp("marks") / "data"
    folder.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        if path.name != "user_grades.csv":
            (folder / path.name).write_bytes(path.read_bytes())
    db = folder / "peel.duckdb"
    build(folder, db)
    con = queries.connect(db)
    empty, displacing = (dict(zip(("force", "cycle", "area", "theme"), con.execute(q).fetchone()))
                         for q in (EMPTY, DISPLACING))
    con.close()
    for pick in (empty, displacing):
        rows = pd.DataFrame([{"area": pick["area"], "grade": "Inadequate", "where": "line 3", "text": "made up"}])
        done = proposals.propose(folder, rows, force=pick["force"], cycle=pick["cycle"],
                                 document="made-up report.pdf", document_hash="f" * 64, document_bytes=10,
                                 source="https://www.justiceinspectorates.gov.uk/hmicfrs/made-up",
                                 proposer="session x")
        assert proposals.decide(folder, done.ids, accept=True, editor="alice").accepted == 1
    con = queries.connect(db)
    yield {"con": con, "folder": folder, "db": db, "empty": empty, "displacing": displacing}
    con.close()


def test_the_force_grid_marks_a_user_grade_in_its_cell_hover_and_legend(published):
    con, theme, force = published["con"], published["empty"]["theme"], published["empty"]["force"]
    cells = queries.run(con, "coverage_cells", mapping="midpoint", theme=[], force=[force], region=[], cycle=[])
    figure = grids.force_history(cells, queries.run(con, "themes"), force)
    heatmap = figure.data[0]
    marked = [(t, h) for row_t, row_h in zip(heatmap.text, heatmap.customdata) for t, h in zip(row_t, row_h)
              if texts.USER_MARK in t]
    assert len(marked) == 1 and marked[0][0].startswith("Inadequate")
    assert "accepted by alice" in marked[0][1] and "(document)" in marked[0][1]
    assert any(trace.name == texts.USER_MARK_MEANS for trace in figure.data[1:])
    user_cell = cells[(cells["theme"] == theme) & (cells["cycle"] == "2023-25")].iloc[0]
    assert (user_cell["origin"], user_cell["grade"]) == ("user", "Inadequate")


def test_a_user_grade_never_displaces_a_curated_headline(published):
    con, pick = published["con"], published["displacing"]
    row = con.execute("SELECT origin, area FROM coverage WHERE force = $force AND cycle = $cycle AND theme = $theme",
                      {k: pick[k] for k in ("force", "cycle", "theme")}).fetchone()
    assert row[0] == "curated" and row[1] != pick["area"]
    assert con.execute("SELECT origin FROM grades WHERE force = $force AND cycle = $cycle AND area = $area",
                       {k: pick[k] for k in ("force", "cycle", "area")}).fetchone() == ("user",)


def test_the_csv_export_and_the_data_package_say_who_accepted_it(published, tmp_path):
    rows = export.select_grades(published["con"], force=[published["empty"]["force"]], cycle=["2023-25"])
    user = rows[rows["origin"] == "user"]
    assert set(user["accepted_by"]) == {"alice"} and set(user["source_kind"]) == {"document"}
    assert set(user["document"]) == {"made-up report.pdf"}
    package.write(published["db"], tmp_path / "pkg")
    with open(tmp_path / "pkg" / "csv" / "grades.csv", encoding="utf-8") as fh:
        grades = [r for r in csv.DictReader(fh) if r["origin"] == "user"]
    assert len(grades) == 2 and {r["accepted_by"] for r in grades} == {"alice"}
    assert {r["source_kind"] for r in grades} == {"document"}


def test_the_report_card_marks_a_user_grade(published):
    html = card.page(published["con"], published["empty"]["force"])
    assert f"{texts.USER_MARK} <span class=\"note\">added by a user</span>" in html
    assert texts.USER_MARK_MEANS.replace("'", "&#x27;") in html
