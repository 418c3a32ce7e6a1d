"""The one CSV writer (peel.db.csv_file) behind every CSV the project writes (issue 24): the data package's
csv/ and `python -m peel export` here, every download on every page in tests/dashboard/test_downloads.py. Each
starts with a UTF-8 byte-order mark (so Excel reads it as UTF-8) and holds no cell a spreadsheet would run as a
formula."""
import io
import json

import pandas as pd
import pytest

from peel import cli
from peel.db import csv_file
from peel.db.build import build
from peel.paths import copy_of_data
from tests.fixtures.files import formula_cells

EVIL_SOURCE = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    """The data with one made-up grade whose source begins '@SUM(' (a contributor's formula), built."""
    folder = copy_of_data(tmp_path_factory.mktemp("evil"))
    with open(folder / "grades.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write(f'Kent,2025-27,Leadership and force management,Good,"{EVIL_SOURCE}",made-up test row,\n')
    build(folder, folder / "peel.duckdb")
    return folder / "peel.duckdb"


def test_the_packages_csvs_hold_no_raw_formula_cell_and_start_with_the_mark(evil_db, tmp_path):
    assert cli.main(["package", "--db", str(evil_db), "--out", str(tmp_path / "package")]) == 0
    csvs = sorted((tmp_path / "package" / "csv").glob("*.csv"))
    described = json.loads((tmp_path / "package" / "datapackage.json").read_text(encoding="utf-8"))
    assert len(csvs) == sum(r["type"] == "table" for r in described["resources"]) >= 14
    for path in csvs:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        assert formula_cells(raw.decode("utf-8-sig")) == [], path.name
    grades = (tmp_path / "package" / "csv" / "grades.csv").read_text(encoding="utf-8-sig")
    coverage = (tmp_path / "package" / "csv" / "coverage.csv").read_text(encoding="utf-8-sig")
    assert f"'{EVIL_SOURCE}" in grades and f"'{EVIL_SOURCE}" in coverage


def test_export_starts_with_the_mark_and_neutralises_the_source(evil_db, capsysbinary):
    assert cli.main(["export", "--force", "Kent", "--cycle", "2025-27", "--db", str(evil_db)]) == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith(b"\xef\xbb\xbfforce,")
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["source_url"].tolist() == [f"'{EVIL_SOURCE}"] and formula_cells(raw.decode("utf-8-sig")) == []


def test_the_writer_keeps_numbers_and_writes_true_false_as_the_data_does():
    frame = pd.DataFrame({"area": ["-2 areas", "Good"], "harmonised": [-2.5, 3.0], "carried_over": [True, False]})
    text = csv_file.text(frame)
    assert text == "\ufeffarea,harmonised,carried_over\r\n'-2 areas,-2.5,true\r\nGood,3.0,false\r\n"
