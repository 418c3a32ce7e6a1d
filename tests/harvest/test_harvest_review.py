"""python -m peel review FILE --accept ...: accepted rows of a review file written into a COPY of data/
(--data), the database rebuilt; a conflict refused unless named; a news-sourced grade HMICFRS confirms gets
HMICFRS's page as its source. The review rows here are MADE-UP (their grades are drawn for the test)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from peel.cli import main
from peel.db import queries
from peel.db.build import build
from peel.harvest.review import COLUMNS, Held, status, write_review
from peel.paths import DATA_DIR

PAGE = "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/{}/"


def grades_csv(folder: Path) -> list[dict]:
    with open(folder / "grades.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def a_held_grade(kind: str) -> dict:
    """A curated grade of the real data whose source is of this kind."""
    with open(DATA_DIR / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    news = "policeprofessional.com" if kind == "news" else "justiceinspectorates.gov.uk"
    return next(r for r in rows if news in r["source_url"] and r["cycle"] in ("2021/22", "2023-25"))


def a_grade_the_counts_allow(held: dict) -> str:
    """Another grade for held's cell that no count of its force and cycle forbids (the build refuses more grades
    named at a grade than any source counted)."""
    with open(DATA_DIR / "grades.csv", newline="", encoding="utf-8") as fh:
        cell = (held["force"], held["cycle"])
        named = Counter(r["grade"] for r in csv.DictReader(fh) if (r["force"], r["cycle"]) == cell)
    counted: dict[str, int] = {}
    with open(DATA_DIR / "counts.csv", newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if (r["force"], r["cycle"]) == cell:
                counted[r["grade"]] = max(counted.get(r["grade"], 0), int(r["count"]))
    return next(g for g in ("Good", "Inadequate", "Outstanding", "Adequate", "Requires improvement")
                if g != held["grade"] and named[g] < counted.get(g, named[g] + 1))


def review_file(tmp_path: Path, data: Path, readings: list[tuple]) -> Path:
    """A review file as harvest writes it, statuses worked out against data's database."""
    db = data / "peel.duckdb"
    build(data, db)
    held = Held.from_database(db)
    rows = []
    for force, cycle, area, grade in readings:
        state, held_grade, held_source = status(held, force, cycle, area, grade)
        rows.append(dict(zip(COLUMNS, (force, cycle, area, grade, "", state, held_grade, held_source,
                                       PAGE.format(force.lower()), "made-up evidence", "table 1, row 2", ""))))
    out = tmp_path / "review.csv"
    write_review(rows, out)
    return out


def test_accept_new_writes_the_new_grades_and_rebuilds(tmp_path, data_copy, capsys):
    held = a_held_grade("hmicfrs")
    missing = ("Kent", "2025-27", "Leadership and force management", "Good")  # 2025-27 holds no grade yet
    review = review_file(tmp_path, data_copy, [missing, (held["force"], held["cycle"], held["area"], held["grade"])])
    before = (data_copy / "grades.csv").read_bytes()
    assert main(["review", str(review), "--accept", "new", "--data", str(data_copy)]) == 0
    printed = capsys.readouterr().out
    assert "added Kent / 2025-27 / Leadership and force management: Good" in printed
    after = (data_copy / "grades.csv").read_bytes()
    assert after.startswith(before)  # every row as it was, the new one appended
    added = grades_csv(data_copy)[-1]
    assert (added["force"], added["cycle"], added["area"], added["grade"]) == missing[:3] + ("Good",)
    assert added["source_url"] == PAGE.format("kent")
    con = queries.connect(data_copy / "peel.duckdb")
    got = con.execute("SELECT grade, source_kind FROM grades WHERE force = 'Kent' AND cycle = '2025-27'").fetchall()
    assert got == [("Good", "HMICFRS")]
    assert (DATA_DIR / "grades.csv").read_bytes() != after  # the real data/ is not the one written


def test_a_conflict_is_refused_unless_named_and_then_keeps_the_old_grade_in_notes(tmp_path, data_copy, capsys):
    held = a_held_grade("hmicfrs")
    other = a_grade_the_counts_allow(held)
    review = review_file(tmp_path, data_copy, [(held["force"], held["cycle"], held["area"], other)])
    before = (data_copy / "grades.csv").read_bytes()
    assert main(["review", str(review), "--accept", "all", "--data", str(data_copy)]) == 0
    printed = capsys.readouterr().out
    assert "only written with --accept-conflict" in printed and "nothing written" in printed
    assert (data_copy / "grades.csv").read_bytes() == before

    key = f"{held['force']},{held['cycle']},{held['area']}"
    assert main(["review", str(review), "--accept", "all", "--accept-conflict", key, "--data", str(data_copy)]) == 0
    printed = capsys.readouterr().out
    assert "replaced" in printed
    row = next(r for r in grades_csv(data_copy)
               if (r["force"], r["cycle"], r["area"]) == (held["force"], held["cycle"], held["area"]))
    assert row["grade"] == other
    assert f"replaced {held['grade']} from {held['source_url']}" in row["notes"]


def test_a_news_grade_confirmed_by_hmicfrs_gets_its_source(tmp_path, data_copy, capsys):
    held = a_held_grade("news")
    review = review_file(tmp_path, data_copy, [(held["force"], held["cycle"], held["area"], held["grade"])])
    assert main(["review", str(review), "--accept", "new", "--data", str(data_copy)]) == 0
    assert "nothing written" in capsys.readouterr().out  # agreeing rows are not "new"
    assert main(["review", str(review), "--accept", "agrees", "--data", str(data_copy)]) == 0
    assert "is now" in capsys.readouterr().out
    row = next(r for r in grades_csv(data_copy)
               if (r["force"], r["cycle"], r["area"]) == (held["force"], held["cycle"], held["area"]))
    assert row["grade"] == held["grade"]
    assert row["source_url"] == PAGE.format(held["force"].lower())
    assert f"source was {held['source_url']} (news or other)" in row["notes"]


def test_not_graded_rows_go_to_not_graded_csv(tmp_path, data_copy, capsys):
    review = review_file(tmp_path, data_copy, [("Kent", "2025-27", "Leadership and force management", "not graded")])
    assert main(["review", str(review), "--accept", "new", "--data", str(data_copy)]) == 0
    with open(data_copy / "not_graded.csv", newline="", encoding="utf-8") as fh:
        last = list(csv.DictReader(fh))[-1]
    assert (last["force"], last["cycle"], last["area"], last["status"]) == \
        ("Kent", "2025-27", "Leadership and force management", "not graded")
