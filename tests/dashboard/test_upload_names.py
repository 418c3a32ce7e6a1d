"""The Add a report page given a file as Windows saves it, or with a name no one should have to see (issue 24):
UTF-16 reads as text; a name with a NUL, escape codes or 60,000 characters is read, and shown cleaned and
shortened, never a traceback; a binary file is a sentence."""
import pytest
from streamlit.testing.v1 import AppTest

from peel.paths import ROOT
from tests.fixtures.windows_text import ENCODINGS


@pytest.fixture
def page(data_copy, monkeypatch):
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "pages" / "add_report.py"), default_timeout=60)
    at.run()
    return at


@pytest.mark.parametrize("name, shown", [
    ("report\x00.txt", "report\\x00.txt"),
    ("x" * 60_000 + ".txt", "(60004 characters)"),
    ("line\nbreak\x1b[31m.txt", "line\\x0abreak\\x1b[31m.txt"),
])
def test_an_uploaded_file_with_a_hostile_name_is_read_and_its_name_cleaned(page, name, shown):
    page.get("file_uploader")[0].upload(name, ENCODINGS["UTF-16 (Notepad's Unicode)"], "text/plain").run()
    assert not page.exception, [e.value for e in page.exception]
    heading = next(h.value for h in page.subheader if "read from" in h.value).replace("\\\\", "\\")
    plain = heading.replace("\\.", ".").replace("\\(", "(").replace("\\)", ")").replace("\\[", "[")
    assert plain.startswith("1 grade(s) read from") and shown in plain
    assert len(heading) < 300 and "\x00" not in heading


def test_an_uploaded_binary_file_is_a_sentence(page):
    page.get("file_uploader")[0].upload("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8,
                                        "image/jpeg").run()
    assert not page.exception
    assert any("not a text or PDF file" in e.value for e in page.error)
