"""Bad input to `python -m peel extract`: a clear message on stderr, nothing on stdout, a non-zero exit, no crash."""
import io
import random
import subprocess
import sys

import pandas as pd
import pytest

from peel import cli
from peel.reports.extract import extract
from peel.paths import ROOT
from peel.reports.reading import MAX_BYTES, UnreadableDocument, read_bytes, read_path
from tests.fixtures.pdfs import pdf_without_text
from tests.fixtures.seeds import seed_path


def junk() -> bytes:
    rng = random.Random(5)
    return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096))


BAD_FILES = {
    # name: (file contents, or None for a sparse file over the limit; expected message part)
    "empty file": (b"", "is empty"),
    "only whitespace": (b"  \n\n\t \n", "is empty"),
    "PDF with no text layer": (pdf_without_text(), "no text layer"),
    "damaged PDF": (b"%PDF-1.7\nthis is not really a PDF\n", "cannot be read"),
    "binary junk": (junk(), "not a text or PDF file"),
    "over the size limit": (None, "over the 50 MB limit"),
    "no grades": (b"MADE-UP TEST DATA\nKent Police PEEL 2021/22\n\nMinutes of a meeting about parking.\n",
                  "no grades found for 2021/22"),
    "unknown force": (b"MADE-UP TEST DATA\nGotham Police: PEEL 2021/22\n\nInvestigating crime: Good\n",
                      "'Gotham Police', which is not one of the 43 forces"),
    "no force named": (b"MADE-UP TEST DATA\nPEEL 2021/22\n\nInvestigating crime: Good\n",
                       "could not tell which force"),
    "no cycle named": (b"MADE-UP TEST DATA\nKent Police\n\nInvestigating crime: Good\n",
                       "could not tell which PEEL cycle"),
}


def make(tmp_path, case) -> str:
    contents, _ = BAD_FILES[case]
    path = tmp_path / "report.bin"
    if contents is None:
        with open(path, "wb") as fh:
            fh.truncate(MAX_BYTES + 1024 * 1024)  # sparse: costs no disk and is never read
    else:
        path.write_bytes(contents)
    return str(path)


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_input_gets_a_clear_message_and_non_zero_exit(case, tmp_path, capsys):
    code = cli.main(["extract", make(tmp_path, case)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert BAD_FILES[case][1] in err
    assert "Traceback" not in err


@pytest.mark.parametrize("options, message", [
    (["--force", "Gotham"], "unknown force 'Gotham'"),
    (["--force", "West Midlnds"], "did you mean 'West Midlands'?"),
    (["--cycle", "2019"], "unknown cycle '2019'"),
])
def test_bad_options_are_refused(options, message, capsys):
    code = cli.main(["extract", str(seed_path("003")), *options])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and message in err


def test_missing_file(tmp_path, capsys):
    assert cli.main(["extract", str(tmp_path / "nope.pdf")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_oversized_upload_is_refused_before_reading():
    with pytest.raises(UnreadableDocument, match="over the 50 MB limit"):
        read_bytes(b"x" * (MAX_BYTES + 1), "big.txt")


def test_unknown_force_with_grades_gives_no_candidates_to_confirm():
    result = extract("MADE-UP TEST DATA\nGotham Police: PEEL 2021/22\nInvestigating crime: Good\n")
    assert not result.ok and result.force is None


def test_missing_reference_data_is_a_message(tmp_path, capsys):
    assert cli.main(["extract", str(seed_path("004")), "--data", str(tmp_path)]) == 1
    assert "reference data missing" in capsys.readouterr().err


def test_read_path_refuses_a_folder(tmp_path):
    with pytest.raises(UnreadableDocument, match="not a file"):
        read_path(tmp_path)


def test_cli_prints_csv_of_a_seed(capsys):
    assert cli.main(["extract", str(seed_path("004"))]) == 0
    out = capsys.readouterr().out
    frame = pd.read_csv(io.StringIO(out), dtype=str)
    assert list(frame.columns) == ["force", "cycle", "area", "grade", "line", "where", "text", "awarded_in", "check",
                                   "reader"]
    assert frame["reader"].notna().all()  # every grade names the reader that found it
    assert len(frame) == 8 and set(frame["force"]) == {"West Mercia"} and set(frame["cycle"]) == {"2021/22"}


def test_cli_neutralises_formula_like_text(tmp_path, capsys):
    path = tmp_path / "evil.txt"
    path.write_text("MADE-UP TEST DATA\nKent Police PEEL 2021/22\n=cmd Investigating crime|Good\n", encoding="utf-8")
    assert cli.main(["extract", str(path)]) == 0
    out = capsys.readouterr().out
    assert ",'=cmd Investigating crime|Good" in out


def test_python_m_peel_extract_runs(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "peel", "extract", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "is empty" in done.stderr and done.stdout == ""
