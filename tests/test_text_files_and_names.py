"""Text files as Windows saves them, and file names no one should have to see (issue 24): UTF-16 ("Unicode" in
Notepad) and UTF-8 with a byte-order mark read as text, by `extract` and on the Add a report page; a name with a
NUL or 60,000 characters is shown as a sentence with the name cleaned, never a traceback."""
import pytest
from streamlit.testing.v1 import AppTest

from peel import cli
from peel.paths import ROOT
from peel.reports.reading import read_bytes

TEXT = "MADE-UP TEST DATA - not a real report.\nKent Police: PEEL 2023-25\nInvestigating crime: Good\n"
ENCODINGS = {
    "UTF-16 (Notepad's Unicode)": TEXT.encode("utf-16"),
    "UTF-16 big-endian": b"\xfe\xff" + TEXT.encode("utf-16-be"),
    "UTF-16 without a mark": TEXT.encode("utf-16-le"),
    "UTF-8 with a mark": TEXT.encode("utf-8-sig"),
    "UTF-32": TEXT.encode("utf-32"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_windows_text_reads_as_text(encoding):
    assert read_bytes(ENCODINGS[encoding], "report.txt").text == TEXT


@pytest.mark.parametrize("encoding", ["UTF-16 (Notepad's Unicode)", "UTF-8 with a mark"])
def test_extract_reads_the_grades_of_a_windows_text_file(encoding, tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_bytes(ENCODINGS[encoding])
    assert cli.main(["extract", str(path)]) == 0
    assert "\r\nKent,2023-25,Investigating crime,Good," in capsys.readouterr().out


def test_binary_data_is_still_refused():
    with pytest.raises(ValueError, match="not a text or PDF file"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "picture.txt")


def test_extract_given_a_300_character_name_says_so(tmp_path, capsys):
    assert cli.main(["extract", str(tmp_path / ("x" * 300 + ".txt"))]) == 1
    err = capsys.readouterr().err
    assert "cannot be read: the name is too long" in err and "(3" in err and "Traceback" not in err


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
