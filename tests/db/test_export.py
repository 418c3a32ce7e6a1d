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


def test_cli_export_by_source_kind_gives_only_that_kind():
    done = subprocess.run([sys.executable, "-m", "peel", "export", "--cycle", "2023-25",
                           "--source-kind", "PCC or panel"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(io.StringIO(done.stdout), dtype=str)
    assert len(frame) > 10 and set(frame["source_kind"]) == {"PCC or panel"}
