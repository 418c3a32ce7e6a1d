"""Hostile or careless input data (issue 12, 5-7): every case is refused with its file and line, never a
traceback; line numbers are those an editor shows; export names unknown values; leftovers are cleared."""
import os
import subprocess
import sys
import time

import pytest

from peel.db import build as build_module
from peel.db.build import InvalidData, build
from peel.paths import ROOT


def lines(path):
    """What an editor shows: lines end at \\n only (CSV files here use \\n or \\r\\n)."""
    return path.read_bytes().decode("utf-8").split("\n")


def append(path, text):
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(text)


def first_row(path):
    return lines(path)[1] + "\n"


def set_cell(path, line, column, value):
    """Rewrite one unquoted cell (column index) of the given 1-based line."""
    text = lines(path)
    cells = text[line - 1].split(",")
    cells[column] = value
    text[line - 1] = ",".join(cells)
    path.write_bytes("\n".join(text).encode("utf-8"))


def refused(folder, tmp_path) -> list[str]:
    out = tmp_path / "peel.duckdb"
    with pytest.raises(InvalidData) as caught:
        build(folder, out)
    assert not out.exists()
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("filename", ["forces.csv", "cycles.csv", "scales.csv", "themes.csv", "mappings.csv",
                                      "documents.csv"])
def test_a_duplicate_reference_row_is_refused_at_its_line(data_copy, tmp_path, filename):
    path = data_copy / filename
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1
    append(path, first_row(path))
    problems = refused(data_copy, tmp_path)
    assert any(p.startswith(f"data/{filename}:{line}: ") and "listed twice (also at line 2)" in p
               for p in problems), problems


# (file, line, column index, bad value, message part)
BAD_NUMBERS = {
    "superscript tier_rank": ("scales.csv", 2, 2, "¹", "tier_rank must be a whole number"),
    "huge tier_rank": ("scales.csv", 2, 2, "99999999999999999999", "tier_rank must be a whole number"),
    "tier_rank beyond any scale": ("scales.csv", 2, 2, "999999", "tier_rank must be from 1 to 20, not 999999"),
    "nan position": ("mappings.csv", 2, 3, "nan", "position must be a number"),
    "infinite position": ("mappings.csv", 2, 3, "inf", "position must be a number"),
    "position off the axis": ("mappings.csv", 2, 3, "1e9", "position must be from 0 to 100, not 1e9"),
    "arabic-indic cycle_order": ("cycles.csv", 2, 6, "٣", "cycle_order must be a whole number"),
    "fullwidth year": ("cycles.csv", 2, 2, "２０１４", "first_year must be a whole number"),
    "duplicate cycle_order": ("cycles.csv", 3, 6, "1", "listed twice (also at line 2): cycle_order must be unique"),
    "duplicate tier": ("scales.csv", 3, 2, "1", "listed twice (also at line 2): scale, tier_rank must be unique"),
    "first year after last": ("cycles.csv", 2, 2, "2015", "first_year 2015 is after last_year 2014"),
    "is_default not a boolean": ("mappings.csv", 2, 4, "yes", "is_default must be true or false"),
}


@pytest.mark.parametrize("case", BAD_NUMBERS)
def test_bad_numbers_are_refused_at_their_line(data_copy, tmp_path, case):
    filename, line, column, value, message = BAD_NUMBERS[case]
    set_cell(data_copy / filename, line, column, value)
    problems = refused(data_copy, tmp_path)
    assert any(p.startswith(f"data/{filename}:{line}: ") and message in p for p in problems), problems


def test_a_folder_where_a_csv_should_be_is_refused(data_copy, tmp_path):
    (data_copy / "themes.csv").unlink()
    (data_copy / "themes.csv").mkdir()
    assert "data/themes.csv: is a folder, not a CSV file" in refused(data_copy, tmp_path)


def test_a_header_only_grades_file_is_refused(data_copy, tmp_path):
    path = data_copy / "grades.csv"
    path.write_text(lines(path)[0] + "\n", encoding="utf-8")
    assert "data/grades.csv: holds no grades (only a header): nothing to build" in refused(data_copy, tmp_path)


@pytest.mark.parametrize("odd", ["\u2028", "\u0085", "\f", "\u2029", "\v"])
def test_a_cell_holding_an_odd_line_break_builds_and_later_lines_keep_their_numbers(data_copy, tmp_path, odd):
    path = data_copy / "grades.csv"
    row = lines(path)[1].split(",")
    row[5] = f"MADE-UP note with a{odd}break"  # notes of an existing grade, unquoted
    text = lines(path)
    text[1] = ",".join(row)
    path.write_bytes("\n".join(text).encode("utf-8"))
    build(data_copy, tmp_path / "ok.duckdb")  # the cell is valid

    editor_line = len(lines(path))  # the last line is empty, so the appended row lands on this one
    append(path, "Gotham City,2017,Legitimacy,Good,https://example.org/x,,\n")
    problems = refused(data_copy, tmp_path)
    assert f"data/grades.csv:{editor_line}: unknown force 'Gotham City'" in problems, problems


def test_a_million_bad_rows_give_a_short_summary(data_copy, tmp_path):
    append(data_copy / "grades.csv", "Kent,2023-25,Good\n" * 20_000)
    problems = refused(data_copy, tmp_path)
    assert len(problems) == 51
    assert problems[-1] == "data/grades.csv: 19950 more problem(s) not listed (20000 in all)"


def test_a_refusal_message_lists_at_most_a_hundred_problems():
    message = str(InvalidData([build_module.Problem("data/x.csv", n, "bad") for n in range(1, 1001)]))
    assert message.startswith("1000 problem(s)") and message.count("\n") == 101
    assert message.endswith("... and 900 more problem(s)")


def test_leftover_temporary_files_are_cleared_at_the_next_build(data_copy, tmp_path):
    out = tmp_path / "peel.duckdb"
    old = [tmp_path / "peel.duckdb.abc123.tmp", tmp_path / "peel.duckdb.abc123.tmp.wal",
           data_copy / "user_grades.csv.xyz.tmp"]
    fresh = data_copy / "user_grades.csv.live.tmp"  # a write in progress right now
    for path in [*old, fresh]:
        path.write_bytes(b"left by a killed process")
    an_hour_ago = time.time() - 3600
    for path in old:
        os.utime(path, (an_hour_ago, an_hour_ago))
    build(data_copy, out)
    assert [p for p in old if p.exists()] == [] and fresh.exists()


def export(*args, db=None):
    cmd = [sys.executable, "-m", "peel", "export", *args] + (["--db", str(db)] if db else [])
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from peel.paths import DATA_DIR
    out = tmp_path_factory.mktemp("export") / "peel.duckdb"
    build(DATA_DIR, out)
    return out


@pytest.mark.parametrize("args, named", [
    (["--force", "Gotham"], "unknown force 'Gotham'"),
    (["--mapping", "midpont"], "unknown mapping 'midpont' (did you mean 'midpoint'?)"),
    (["--cycle", "2019"], "unknown cycle '2019'"),
    (["--force", "Kent", "--theme", "Vibes"], "unknown theme 'Vibes'"),
])
def test_export_with_an_unknown_value_exits_2_naming_it(db, args, named):
    done = export(*args, db=db)
    assert done.returncode == 2 and named in done.stderr and done.stdout == ""


def test_export_filters_ignore_case_as_links_do(db):
    exact = export("--force", "West Midlands", "--cycle", "2017", db=db)
    loose = export("--force", "west midlands ", "--cycle", "2017", "--mapping", "MIDPOINT", db=db)
    assert exact.returncode == loose.returncode == 0
    assert loose.stdout == exact.stdout and exact.stdout.count("\n") > 3


def test_export_from_a_missing_or_foreign_file_is_a_message(tmp_path):
    missing = export(db=tmp_path / "nothing.duckdb")
    assert missing.returncode == 1 and "no database at" in missing.stderr and "Traceback" not in missing.stderr
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database", encoding="utf-8")
    foreign = export(db=junk)
    assert foreign.returncode == 1 and "is not a DuckDB database" in foreign.stderr
    assert "Traceback" not in foreign.stderr
