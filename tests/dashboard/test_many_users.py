"""Many users at once: confirmed grades are never lost, a restore never erases another user's row, each
user is told what was really written, and the app reads a database rebuilt outside it (issue 12, 1-2, 7)."""
import csv
import re
import stat
import threading
import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from peel.db import build as build_module
from peel.db.build import InvalidData, build
from peel.db import publish
from peel.db.inputs import Problem
from peel.paths import ROOT
from peel.reports import user_grades


def rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def missing_cells(folder, n, cycle="2023-25"):
    """n force x area cells of cycle that no grade in folder holds yet and no row says were never graded."""
    held = {(r["force"], r["area"]) for r in rows(folder / "grades.csv") if r["cycle"] == cycle}
    held |= {(r["force"], r["area"]) for r in rows(folder / "not_graded.csv") if r["cycle"] == cycle}
    areas = [r["area"] for r in rows(folder / "areas.csv") if r["cycle"] == cycle]
    forces = [r["force"] for r in rows(folder / "forces.csv")]
    cells = [(f, a) for f in forces for a in areas if (f, a) not in held]
    assert len(cells) >= n
    return cells[:n]


def one(force, area, grade="Adequate", line=3, cycle="2023-25"):
    return pd.DataFrame([{"force": force, "cycle": cycle, "area": area, "grade": grade, "line": line}])


def user_rows(folder):
    path = folder / "user_grades.csv"
    return [(r["force"], r["area"], r["grade"]) for r in rows(path)] if path.exists() else []


def test_concurrent_confirms_keep_every_row(data_copy):
    cells = missing_cells(data_copy, 6)
    start = threading.Barrier(len(cells))
    errors = []

    def confirm(force, area):
        try:
            start.wait()
            user_grades.append(one(force, area), source="made-up", document="d.txt", folder=data_copy)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=confirm, args=cell) for cell in cells]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert sorted(user_rows(data_copy)) == sorted((f, a, "Adequate") for f, a in cells)
    con = __import__("peel.db.queries", fromlist=["connect"]).connect(data_copy / "peel.duckdb")
    try:
        assert con.execute("SELECT count(*) FROM grades WHERE origin = 'user'").fetchone()[0] == len(cells)
    finally:
        con.close()


def test_a_refused_rebuild_restores_without_erasing_another_users_row(data_copy, monkeypatch):
    """User A's rebuild is refused while user B confirms: A's file is put back, and B's row stays."""
    (a_force, a_area), (b_force, b_area) = missing_cells(data_copy, 2)
    real_build = build_module.build
    other = {}

    def b_confirms():
        other["done"] = user_grades.append(one(b_force, b_area), source="b", document="b.txt", folder=data_copy)

    def refused_build(folder, out):
        if "thread" not in other:  # A's rebuild: B confirms meanwhile, then A's rebuild is refused
            other["thread"] = threading.Thread(target=b_confirms)
            other["thread"].start()
            time.sleep(1.0)
            raise InvalidData([Problem("data/user_grades.csv", 2, "refused for the test")])
        return real_build(folder, out)

    monkeypatch.setattr(publish, "build", refused_build)
    with pytest.raises(InvalidData):
        user_grades.append(one(a_force, a_area), source="a", document="a.txt", folder=data_copy)
    other["thread"].join(timeout=120)
    assert user_rows(data_copy) == [(b_force, b_area, "Adequate")]
    assert len(other["done"].added) == 1


def test_a_grade_added_meanwhile_is_not_written_again_and_the_user_is_told(data_copy):
    """Two people confirm the same cell from pages checked before either wrote: one row, and the second
    person hears that someone else added it (same grade) or holds another grade (a conflict)."""
    (force, area), = missing_cells(data_copy, 1)
    first = user_grades.append(one(force, area, "Good"), source="a", document="a.txt", folder=data_copy)
    same = user_grades.append(one(force, area, "Good"), source="b", document="b.txt", folder=data_copy)
    clash = user_grades.append(one(force, area, "Inadequate"), source="c", document="c.txt", folder=data_copy)
    assert user_rows(data_copy) == [(force, area, "Good")]
    assert "Added 1 grade(s)" in user_grades.summary(first, force, "2023-25")
    assert same.built is None and clash.built is None
    told = user_grades.summary(same, force, "2023-25")
    assert told.startswith("Nothing was added") and f"{area} (already held with the same grade)" in told
    assert f"{area} (now held with another grade)" in user_grades.summary(clash, force, "2023-25")


def test_user_grades_file_is_readable_by_others(data_copy):
    (force, area), = missing_cells(data_copy, 1)
    user_grades.append(one(force, area), source="a", document="a.txt", folder=data_copy)
    assert stat.S_IMODE((data_copy / "user_grades.csv").stat().st_mode) == 0o644


def shown_count(at) -> int:
    text = " ".join(m.value for m in at.markdown)
    return int(re.search(r"\*\*(\d+) grades\*\* match", text).group(1))


def test_the_app_reads_a_database_rebuilt_outside_it(data_copy, monkeypatch):
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    build(data_copy, data_copy / "peel.duckdb")
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60)
    at.run()
    assert not at.exception
    before = shown_count(at)
    assert before == len(rows(data_copy / "grades.csv"))

    (force, area), = missing_cells(data_copy, 1)  # a rebuild as `make data` would run it, not the app
    (data_copy / "user_grades.csv").write_text(
        "force,cycle,area,grade,source_url,notes\n"
        f"{force},2023-25,{area},Good,https://example.org/made-up,MADE-UP test row\n", encoding="utf-8")
    build(data_copy, data_copy / "peel.duckdb")
    at.run()
    assert shown_count(at) == before + 1

    (data_copy / "user_grades.csv").unlink()
    build(data_copy, data_copy / "peel.duckdb")
    at.run()
    assert shown_count(at) == before
