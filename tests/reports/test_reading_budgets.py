"""Budgets for reading a document (issue 12, 4): a PDF is read in a child process with a page limit, a time
limit and a memory limit, and every pypdf error becomes a plain message (no traceback, no paths)."""
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from peel.paths import ROOT
from peel.reports import reading
from tests.fixtures.hostile_pdfs import flate_bomb, pages_sharing_one_stream
from tests.fixtures.pdfs import pdf_from_text


def extract_cli(path):
    return subprocess.run([sys.executable, "-m", "peel", "extract", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


@pytest.mark.parametrize("name, make, message", [
    ("bomb.pdf", flate_bomb, "bomb.pdf holds data that would expand far beyond any report"),
    ("long.pdf", lambda: pages_sharing_one_stream(2000), "long.pdf has 2000 pages, over the 500-page limit"),
])
def test_a_hostile_pdf_is_refused_with_a_plain_message(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    done = extract_cli(path)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr and "site-packages" not in done.stderr and str(tmp_path) not in done.stderr


def test_a_pdf_that_reads_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SECONDS", 0.05)
    with pytest.raises(reading.UnreadableDocument, match=r"slow\.pdf took over 0\.05 s to read, so reading stopped"):
        reading.read_bytes(pages_sharing_one_stream(60), "slow.pdf")


def test_a_pdf_within_the_budgets_is_read_and_kept_for_reruns(monkeypatch):
    data = pdf_from_text("MADE-UP TEST DATA\nKent Police PEEL 2023-25\nInvestigating crime: Good\n")
    first = reading.read_bytes(data, "ok.pdf")
    assert "Investigating crime: Good" in first.text and first.kind == "pdf"

    def no_child(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(reading.subprocess, "run", no_child)
    assert reading.read_bytes(data, "ok.pdf").text == first.text


def test_the_add_report_page_shows_a_bomb_as_a_message(data_copy, monkeypatch):
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "pages" / "add_report.py"), default_timeout=120)
    at.run()
    at.get("file_uploader")[0].upload("bomb.pdf", flate_bomb(), "application/pdf").run()
    assert not at.exception
    assert any("decompression bomb" in e.value for e in at.error)
