"""Every CSV download on every page starts with the UTF-8 byte-order mark and holds no formula cell (the one
CSV writer, peel.db.csv_file; issue 24), and the Data page's whole-dataset zip is made from the database the
page shows ($PEEL_DATA_DIR's), or a warning says there is none."""
import io
import zipfile

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from peel.db import package
from peel.paths import ROOT
from tests.fixtures.files import formula_cells


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
