"""Guards in the manner of Datasette's test_docs.py: one meaning in one place, every query used, every public
column described, and the build's SQL layers listed."""
import re

import pytest

from peel.db import queries, vocabulary
from peel.db.columns import describe
from peel.paths import QUERIES_DIR, ROOT, SQL_DIR, SQL_FILES

LABEL_WORDS = ("Not inspected", "Not graded", "Unknown (no grade")
CODE = sorted([*ROOT.joinpath("peel").rglob("*.py"), *ROOT.joinpath("pages").rglob("*.py"), ROOT / "app.py"])
SQL = sorted([*QUERIES_DIR.glob("*.sql"), *SQL_DIR.glob("*.sql")])
INTERNAL = ("stg_", "int_")  # staging and intermediate layers; *_facts are the tables behind grades and coverage


def test_status_labels_are_written_only_in_data_statuses_csv():
    found = [f"{p.relative_to(ROOT)}: {w}" for p in CODE + SQL for w in LABEL_WORDS
             if w in p.read_text(encoding="utf-8")]
    assert found == []
    assert {vocabulary.label(s) for s in vocabulary.MISSING} == {"Unknown", "Not graded", "Not inspected"}


def test_the_label_check_sees_a_label_written_in_code(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('WORDS = {"not inspected": "Not inspected"}\n')
    assert any(w in bad.read_text() for w in LABEL_WORDS)


def test_every_query_is_used_by_the_app_or_the_commands():
    code = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    unused = [name for name in queries.names() if not re.search(rf"[\"']{name}[\"']", code)]
    assert unused == []


def test_the_build_runs_every_sql_file_and_only_those():
    assert sorted(SQL_FILES) == sorted(SQL_DIR.glob("*.sql"))
    assert not (ROOT / "peel" / "db" / "schema.sql").exists()


def public_relations(con) -> list[str]:
    names = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
    return [t for t in names if not t.startswith(INTERNAL) and not t.endswith("_facts")]


def test_every_column_of_every_public_table_and_view_is_described(con):
    relations = public_relations(con)
    assert {"grades", "grades_mapped", "coverage", "coverage_mapped", "count_check", "build_info",
            "statuses"} <= set(relations)
    undescribed = [f"{t}.{c}" for t in relations for c in con.table(t).columns if not describe(t, c)]
    assert undescribed == []


def test_the_empty_filter_macro_works_on_a_read_only_connection(con):
    every = con.execute("SELECT count(*) FROM forces WHERE in_filter($f, force)", {"f": []}).fetchone()[0]
    kent = con.execute("SELECT count(*) FROM forces WHERE in_filter($f, force)", {"f": ["Kent"]}).fetchone()[0]
    assert (every, kent) == (43, 1)


def test_a_cell_without_a_grade_is_labelled_from_statuses(con):
    rows = con.execute("SELECT DISTINCT cv.status, cv.category = s.label FROM coverage cv "
                       "JOIN statuses s USING (status) WHERE cv.grade IS NULL").fetchall()
    assert {status for status, _ in rows} == set(vocabulary.MISSING)
    assert all(same for _, same in rows)


@pytest.mark.parametrize("mapping", ["midpoint", "adequate_as_good"])
def test_coverage_mapped_holds_every_cell_under_each_mapping(con, mapping):
    cells = con.execute("SELECT count(*) FROM coverage").fetchone()[0]
    mapped = con.execute("SELECT count(*), count(position) FILTER (WHERE grade IS NULL) FROM coverage_mapped "
                         "WHERE mapping = $m", {"m": mapping}).fetchone()
    assert mapped == (cells, 0)
