"""Uploads on the Add a report page (issue 23): a 50 MB limit set in the app's config, the file let go from the
server's memory as soon as it is read, and every upload, text as well as PDF, answered within the reading time
budget. (The server's RSS before, during and after three 40 MB uploads is a `make bench` figure.)"""
import re
import time
import tomllib

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.testing.v1 import AppTest

from peel.paths import ROOT
from peel.reports import extract, reading

CORPUS = sorted((ROOT / "tests" / "fixtures" / "extract_docs").glob("*.txt"))


@pytest.fixture
def stores(monkeypatch):
    """Every upload store the AppTest runs make, to look into after a run."""
    made = []
    real = MemoryUploadedFileManager.__init__

    def init(self, *args, **kwargs):
        real(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(MemoryUploadedFileManager, "__init__", init)
    return made


def held(stores) -> int:
    """Bytes of uploads the server still holds."""
    return sum(len(f.data) for store in stores for files in store.file_storage.values() for f in files.values())


def add_report(folder, monkeypatch) -> AppTest:
    monkeypatch.setenv("PEEL_DATA_DIR", str(folder))
    at = AppTest.from_file(str(ROOT / "pages" / "add_report.py"), default_timeout=180)
    at.run()
    return at


def test_the_upload_limit_is_50_mb_in_the_config_and_on_the_page():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 50 == reading.MAX_BYTES // 1024 // 1024
    with pytest.raises(reading.UnreadableDocument, match="over the 50 MB limit"):
        reading.read_bytes(b"x" * (reading.MAX_BYTES + 1), "big.txt")


def test_an_upload_is_let_go_once_read_and_its_text_kept_for_the_session(case, monkeypatch, stores):
    at = add_report(case["folder"], monkeypatch)
    at.get("file_uploader")[0].upload("report.txt", case["text"].encode(), "text/plain").run()
    assert not at.exception
    assert stores and held(stores) == 0
    at.text_input(key="add_report.source").input("https://example.org/made-up").run()  # a later run
    assert not at.exception
    assert any("Reading report\\.txt (uploaded" in c.value for c in at.caption)
    assert any("grade(s) read from report\\.txt" in h.value for h in at.subheader)
    at.button(key="add_report.another").click().run()
    assert any("Upload a report or paste its text" in i.value for i in at.info)


@pytest.mark.parametrize("name, junk", [("report.txt", False), ("junk.txt", True)])
def test_the_session_keeps_no_copy_of_an_upload_once_read(case, monkeypatch, stores, name, junk):
    """The uploader's value the session keeps (its own copy of the file) is let go too, whether the file was read
    or refused: else each upload stayed in the server's memory as long as its session was kept, and after."""
    at = add_report(case["folder"], monkeypatch)
    data = b"\0MADE-UP binary" * 1000 if junk else case["text"].encode()
    at.get("file_uploader")[0].upload(name, data, "text/plain").run()
    assert not at.exception
    assert ("not a text or PDF file" in " ".join(e.value for e in at.error)) == junk
    assert "add_report.upload.0" not in at.session_state  # the first uploader's value, once the session's copy
    assert held(stores) == 0


def test_a_20_mb_text_upload_is_answered_within_its_budget(data_copy, monkeypatch, stores):
    monkeypatch.setattr(reading, "MAX_SECONDS", 5)  # the budget, shortened so the test is quick
    extract._kept.clear()
    text = "MADE-UP TEST DATA\n" + "\n".join(p.read_text(encoding="utf-8") for p in CORPUS)
    data = (text * (20_000_000 // len(text) + 1))[:20_000_000].encode()
    at = add_report(data_copy, monkeypatch)
    started = time.monotonic()
    at.get("file_uploader")[0].upload("long.txt", data, "text/plain").run(timeout=120)
    took = time.monotonic() - started
    assert not at.exception
    said = re.sub(r"\\(.)", r"\1", " ".join(w.value for w in [*at.warning, *at.error]))  # as a person reads it
    assert "long.txt took over 5 s to read, so reading stopped" in said
    assert took < 5 + 30  # the budget and the reading of the bytes, not the minutes the text would take
    assert held(stores) == 0


def test_a_long_text_is_read_in_a_child_and_gives_the_same_grades(case):
    text = case["text"] + "\n" + "Filler line without grade words.\n" * (extract.IN_PROCESS_CHARS // 30)
    document = reading.from_text(text, "long.txt")
    here = extract.extract(document, data_dir=case["folder"])
    there = extract.extract_within_budget(document, data_dir=case["folder"])
    assert len(document.text) > extract.IN_PROCESS_CHARS
    assert [(c.area, c.grade, c.line) for c in there.candidates] == [(c.area, c.grade, c.line) for c in here.candidates]
    assert there.candidates and isinstance(there, extract.Extraction)

