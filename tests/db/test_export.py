"""The CSV a journalist gets from `python -m peel export` and the dashboard downloads."""
import io
import subprocess
import sys

import pandas as pd
import pytest

from peel.db import csv_file, export
from peel.paths import ROOT


def test_export_round_trip_equals_query_result(con):
    frame = export.select_grades(con, force=["West Midlands"], theme=["Legitimacy"])
    back = pd.read_csv(io.StringIO(csv_file.text(frame)), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(frame.columns)
    assert len(back) == len(frame) > 0
    assert back["grade"].tolist() == frame["grade"].tolist()
    assert back["source_url"].tolist() == frame["source_url"].tolist()
    assert back["harmonised"].astype(float).tolist() == frame["harmonised"].tolist()


def test_export_filters_combine(con):
    frame = export.select_grades(con, cycle=["2021/22"], region=["Wales"])
    assert set(frame["region"]) == {"Wales"} and set(frame["cycle"]) == {"2021/22"}
    assert frame["source_url"].str.len().min() > 0


@pytest.mark.parametrize("evil", ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_like_cells_are_neutralised(evil):
    frame = pd.DataFrame({"area": [evil], "grade": ["Good"]})
    back = pd.read_csv(io.StringIO(csv_file.text(frame)), dtype=str, keep_default_na=False)
    assert back["area"][0] == "'" + evil
    assert back["grade"][0] == "Good"


def test_cli_export_prints_the_west_midlands_legitimacy_csv():
    done = subprocess.run([sys.executable, "-m", "peel", "export", "--force", "West Midlands", "--theme", "Legitimacy"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(io.StringIO(done.stdout), dtype=str)
    grades = frame.set_index("cycle").loc[["2016", "2017", "2018/19"], "grade"].tolist()
    assert grades == ["Good", "Requires improvement", "Good"]
    assert frame["source_url"].notna().all()


INADEQUATE_2023_25 = ("7 more Inadequate grades in 2023-25 were counted by a release but are not named, so they are "
                      "not in this list: Lincolnshire 3, West Midlands 3, Gloucestershire 1.")


def test_counted_but_unnamed_inadequate_grades_of_2023_25_are_what_the_counts_say(con):
    """Pinned against the data: counts.csv less the named grades, per force."""
    rows = export.unnamed(con, cycle=["2023-25"], grade=["Inadequate"])
    assert dict(zip(rows["force"], rows["unnamed"])) == {"Lincolnshire": 3, "West Midlands": 3, "Gloucestershire": 1}
    assert export.unnamed_note(rows) == INADEQUATE_2023_25


def test_cli_export_says_on_stderr_what_its_list_leaves_out():
    done = subprocess.run([sys.executable, "-m", "peel", "export", "--cycle", "2023-25"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert INADEQUATE_2023_25 in done.stderr
    assert "Inadequate" not in pd.read_csv(io.StringIO(done.stdout), dtype=str).query("force == 'West Midlands'")[
        "grade"].tolist()  # the counted grades are never written as grades


def test_cli_export_by_source_kind_gives_only_that_kind():
    done = subprocess.run([sys.executable, "-m", "peel", "export", "--cycle", "2023-25",
                           "--source-kind", "PCC or panel"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(io.StringIO(done.stdout), dtype=str)
    assert len(frame) > 10 and set(frame["source_kind"]) == {"PCC or panel"}
