"""Text files as Windows saves them (issue 24): UTF-16 ("Unicode" in Notepad), UTF-32 and UTF-8 with a byte-order
mark read as text, by the reader and `extract`; a name too long for the file system is a sentence. The Add a
report page's side is tests/dashboard/test_upload_names.py."""
import pytest

from peel import cli
from peel.reports.reading import read_bytes
from tests.fixtures.windows_text import ENCODINGS, TEXT


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
