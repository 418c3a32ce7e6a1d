"""The one CSV writer (peel.db.csv_file) behind every CSV the project writes (issue 24): the data package's
csv/, `python -m peel export`, and every download on every page. Each starts with a UTF-8 byte-order mark (so
Excel reads it as UTF-8) and holds no cell a spreadsheet would run as a formula."""
import csv
import io
import json
import shutil
import zipfile

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from peel import cli
from peel.db import csv_file, package
from peel.db.build import build
from peel.paths import DATA_DIR, ROOT

EVIL_SOURCE = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    """The data with one made-up grade whose source begins '@SUM(' (a contributor's formula), built."""
    folder = tmp_path_factory.mktemp("evil") / "data"
    folder.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        if path.name != "user_grades.csv":
            shutil.copy(path, folder / path.name)
    with open(folder / "grades.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write(f'Kent,2025-27,Leadership and force management,Good,"{EVIL_SOURCE}",made-up test row,\n')
    build(folder, folder / "peel.duckdb")
    return folder / "peel.duckdb"


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def formula_cells(text: str) -> list[str]:
    """Cells a spreadsheet would run as a formula (a number such as -0.5 is a number, not a formula)."""
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell.startswith(FORMULA_STARTS) and not is_number(cell)]


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


PAGES = ("pages/overview.py", "pages/force.py", "pages/compare.py", "pages/movers.py", "pages/data.py",
         "pages/methodology.py")


@pytest.mark.parametrize("script", PAGES)
def test_every_csv_download_starts_with_the_byte_order_mark(script, monkeypatch):
    served = {}
    real = st.download_button

    def recording(label, data, *args, file_name=None, **kwargs):
        if str(file_name).endswith(".csv"):
            served[file_name] = data() if callable(data) else data
        return real(label, data, *args, file_name=file_name, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    assert served, "no CSV download on the page"
    for name, data in served.items():
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        assert text.startswith("\ufeff"), name
        assert text.endswith("\r\n") and formula_cells(text[1:]) == [], name


def test_the_whole_dataset_zip_is_of_the_database_the_data_page_shows(data_copy, monkeypatch):
    """PEEL_DATA_DIR points the app at a copy holding a grade data/ lacks: the zip holds it too."""
    with open(data_copy / "user_grades.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("force,cycle,area,grade,source_url,notes,awarded_in\n"
                 "Kent,2025-27,Leadership and force management,Good,https://example.org/made-up-zip-test,,\n")
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    served = {}
    real = st.download_button

    def recording(label, data, *args, key=None, **kwargs):
        if key == "download-package":
            served["zip"] = data()
        return real(label, data, *args, key=key, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60)
    at.run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    archive = zipfile.ZipFile(io.BytesIO(served["zip"]))
    grades = archive.read(f"{package.NAME}/csv/grades.csv").decode("utf-8-sig")
    assert "https://example.org/made-up-zip-test" in grades


def test_the_data_page_says_so_when_there_is_no_database_to_package(tmp_path, monkeypatch):
    from peel.dashboard import downloads

    monkeypatch.setattr(downloads, "database_file", lambda: tmp_path / "gone.duckdb")
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60)
    at.run(timeout=60)
    assert not at.exception, [e.value for e in at.exception]
    assert any("cannot be downloaded" in w.value for w in at.warning)
    assert not any(b.proto.label.startswith("Download the whole dataset") for b in at.get("download_button"))
