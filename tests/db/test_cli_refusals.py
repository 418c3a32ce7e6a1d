"""The command line as a careless operator or a hostile contributor uses it (issue 24): a database that cannot
be read, an output that must not or cannot be written. Each case is refused with a sentence on standard error
and a non-zero exit, never a traceback, and every input file stays byte for byte as it was; nothing is left
half-written. Commands run in-process (cli.main) except where a mount or standard output needs a process."""
import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from peel import cli
from peel.db import files
from peel.paths import ROOT

LONG = "x" * 300


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys, *argv) -> tuple[int, str, str]:
    """cli.main in-process: its exit status, standard output and standard error."""
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own refusal
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, message: str, *argv, code: int = 1) -> str:
    status, out, err = run(capsys, *argv)
    assert status == code, (status, err)
    assert message in err, err
    assert "Traceback" not in err
    return err


def output_refused(capsys, tmp_path: Path, make, message: str, *argv) -> None:
    """The command argv, given --out make(folder) for a fresh folder, is refused with message and leaves every
    file in that folder as it was."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = make(folder)
    before = snapshot(folder)
    refused(capsys, message, *argv, "--out", out)
    assert snapshot(folder) == before


# ---- a database that cannot be read ------------------------------------------------------------------------------

def older_database(built_db: Path, target: Path) -> Path:
    """A database as a version before build_info held the schema's fingerprint wrote it."""
    shutil.copyfile(built_db, target)
    con = duckdb.connect(str(target))
    con.execute("ALTER TABLE build_info DROP COLUMN schema_hash")
    con.close()
    return target


def foreign_database(target: Path) -> Path:
    con = duckdb.connect(str(target))
    con.execute("CREATE TABLE invoices AS SELECT 1 AS id, 'made-up' AS customer")
    con.close()
    return target


BAD_DATABASES = {
    # case: (make it from the built database and a folder, the message part)
    "missing": (lambda db, d: d / "nowhere.duckdb", "no database at"),
    "a folder": (lambda db, d: (d / "folder.duckdb").mkdir() or d / "folder.duckdb", "is a folder, not a database"),
    "random bytes": (lambda db, d: (d / "junk.duckdb").write_bytes(os.urandom(70_000)) and d / "junk.duckdb",
                     "is not a DuckDB database, or is damaged"),
    "truncated": (lambda db, d: (d / "cut.duckdb").write_bytes(db.read_bytes()[:300_000]) and d / "cut.duckdb",
                  "is damaged (truncated"),
    "foreign": (lambda db, d: foreign_database(d / "other.duckdb"), "not one PEEL Explorer built"),
    "older schema": (lambda db, d: older_database(db, d / "old.duckdb"), "built by an older (or other) version"),
    "300-character name": (lambda db, d: d / (LONG + ".duckdb"), "the name is too long"),
}


@pytest.fixture(params=list(BAD_DATABASES))
def bad_database(request, built_db, tmp_path):
    make, message = BAD_DATABASES[request.param]
    folder = tmp_path / "bad"
    folder.mkdir()
    return make(built_db, folder), message


@pytest.mark.parametrize("command", ["export", "package", "card"])
def test_a_database_that_cannot_be_read_is_a_sentence(capsys, tmp_path, bad_database, command):
    db, message = bad_database
    before = snapshot(db.parent)
    argv = {"export": ["export", "--force", "Kent"],
            "package": ["package", "--out", tmp_path / "package"],
            "card": ["card", "--force", "Kent", "--out", tmp_path / "card.pdf"]}[command]
    err = refused(capsys, message, *argv, "--db", db)
    assert err.startswith(f"{command}: ") and len(err.splitlines()) == 1
    assert snapshot(db.parent) == before
    assert not (tmp_path / "package").exists() and not (tmp_path / "card.pdf").exists()


# ---- build: never over an input, never over another kind of file ---------------------------------------------

@pytest.mark.parametrize("name", ["grades.csv", "user_grades.csv", "forces.csv"])
def test_build_never_writes_over_an_input_file(capsys, data_copy, name):
    target = data_copy / name
    if name == "user_grades.csv":
        target.write_text("force,cycle,area,grade,source_url,notes,awarded_in\n"
                          "Kent,2025-27,Leadership and force management,Good,https://example.org/made-up,,\n",
                          encoding="utf-8")
    before = snapshot(data_copy)
    refused(capsys, "is one of the input files", "build", "--data", data_copy, "--out", target)
    assert snapshot(data_copy) == before


def test_build_never_writes_a_missing_user_grades_file(capsys, data_copy):
    refused(capsys, "is one of the input files", "build", "--data", data_copy, "--out", data_copy / "user_grades.csv")
    assert not (data_copy / "user_grades.csv").exists()


def loop(folder: Path, name: str = "a") -> Path:
    (folder / name).symlink_to(folder / "b")
    (folder / "b").symlink_to(folder / name)
    return folder / name


def folder_of_other_files(folder: Path) -> Path:
    (folder / "mine").mkdir()
    return existing_text(folder / "mine", "notes.txt").parent


def under_a_file(folder: Path) -> Path:
    (folder / "notes.txt").write_text("made-up notes\n", encoding="utf-8")
    return folder / "notes.txt" / "peel.duckdb"


def existing_text(folder: Path, name: str = "notes.duckdb") -> Path:
    (folder / name).write_text("made-up notes that are not a database\n", encoding="utf-8")
    return folder / name


BAD_DATABASE_OUTPUTS = {
    "a folder": (lambda d: (d / "db").mkdir() or d / "db", "is a folder"),
    "another kind of file": (existing_text, "already exists and is not a DuckDB database"),
    "under a file": (under_a_file, "part of the path is a file, not a folder"),
    "a symbolic link loop": (loop, "loop of symbolic links"),
    "a 300-character name": (lambda d: d / (LONG + ".duckdb"), "the name is too long"),
    "a device": (lambda d: Path("/dev/full"), "is not a regular file"),
}


@pytest.mark.parametrize("case", BAD_DATABASE_OUTPUTS)
def test_build_refuses_an_output_it_cannot_or_must_not_write(capsys, data_copy, tmp_path, case):
    make, message = BAD_DATABASE_OUTPUTS[case]
    inputs = snapshot(data_copy)
    output_refused(capsys, tmp_path, make, message, "build", "--data", data_copy)
    assert snapshot(data_copy) == inputs


def test_build_replaces_its_own_database_and_leaves_no_temporary_file(capsys, data_copy, tmp_path):
    out = tmp_path / "mine.duckdb"
    assert run(capsys, "build", "--data", data_copy, "--out", out)[0] == 0
    first = digest(out)
    assert run(capsys, "build", "--data", data_copy, "--out", out)[0] == 0
    assert digest(out) != first  # built again (a new build time) and swapped in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "mine.duckdb"]


# ---- package and card: their own kind of output only ---------------------------------------------------------

BAD_PACKAGE_OUTPUTS = {
    "an existing file": (existing_text, "is a file, not a folder"),
    "a folder of other files": (folder_of_other_files, "already exists and is not a data package folder"),
    "under a file": (under_a_file, "part of the path is a file, not a folder"),
    "a symbolic link loop": (loop, "loop of symbolic links"),
    "a 300-character name": (lambda d: d / LONG, "the name is too long"),
}


@pytest.mark.parametrize("case", BAD_PACKAGE_OUTPUTS)
def test_package_refuses_an_output_that_is_not_a_package(capsys, built_db, tmp_path, case):
    make, message = BAD_PACKAGE_OUTPUTS[case]
    output_refused(capsys, tmp_path, make, message, "package", "--db", built_db)


def test_package_never_writes_over_its_database(capsys, built_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, db)
    refused(capsys, "is one of the input files", "package", "--db", db, "--out", db)
    assert digest(db) == digest(built_db)


def test_package_over_an_earlier_package_replaces_it_whole(capsys, built_db, tmp_path):
    out = tmp_path / "package"
    assert run(capsys, "package", "--db", built_db, "--out", out)[0] == 0
    (out / "csv" / "stale.csv").write_text("left from an earlier package\n", encoding="utf-8")
    assert run(capsys, "package", "--db", built_db, "--out", out)[0] == 0
    assert not (out / "csv" / "stale.csv").exists() and (out / "datapackage.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]  # nothing left beside it


BAD_CARD_OUTPUTS = {
    "a folder named .pdf": (lambda d: (d / "card.pdf").mkdir() or d / "card.pdf", "is a folder"),
    "a file that is not a PDF": (lambda d: existing_text(d, "card.pdf"), "already exists and is not a PDF"),
    "under a file": (lambda d: under_a_file(d).with_name("card.pdf"), "part of the path is a file, not a folder"),
    "a symbolic link loop": (lambda d: loop(d, "card.png"), "loop of symbolic links"),
    "a 300-character name": (lambda d: d / (LONG + ".pdf"), "the name is too long"),
}


@pytest.mark.parametrize("case", BAD_CARD_OUTPUTS)
def test_card_refuses_an_output_before_drawing(capsys, built_db, tmp_path, case):
    make, message = BAD_CARD_OUTPUTS[case]
    output_refused(capsys, tmp_path, make, message, "card", "--force", "Kent", "--db", built_db)


def test_card_names_a_chromium_that_is_not_there(capsys, built_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PEEL_CHROMIUM", str(tmp_path / "no-chromium"))
    refused(capsys, "PEEL_CHROMIUM is", "card", "--force", "Kent", "--db", built_db, "--out", tmp_path / "card.pdf")
    assert not (tmp_path / "card.pdf").exists()


# ---- names in any case, as on the pages ----------------------------------------------------------------------

def test_card_takes_a_force_in_any_case(capsys, built_db, tmp_path):
    # Past the force (matched as 'Kent'), the output's suffix is what is refused: nothing needs drawing.
    err = refused(capsys, "written as .pdf or .png", "card", "--force", "kent", "--db", built_db,
                  "--out", tmp_path / "card.txt")
    assert "unknown force" not in err
    refused(capsys, "unknown force 'gotham'", "card", "--force", "gotham", "--db", built_db,
            "--out", tmp_path / "card.pdf", code=2)


def test_export_and_extract_take_names_in_any_case(capsys, built_db, tmp_path):
    status, out, _ = run(capsys, "export", "--force", "KENT", "--cycle", "2021/22", "--db", built_db)
    assert status == 0 and "\r\nKent,South East," in out
    report = tmp_path / "report.txt"
    report.write_text("MADE-UP TEST DATA\nPEEL 2021/22\nInvestigating crime: Good\n", encoding="utf-8")
    status, out, err = run(capsys, "extract", report, "--force", "kent")
    assert status == 0, err
    assert "\r\nKent,2021/22,Investigating crime,Good," in out


# ---- what the operating system refuses: a read-only mount, a full disk ---------------------------------------

def in_a_mount(tmp_path: Path, options: str, command: str) -> subprocess.CompletedProcess:
    """command (shell) run with a tmpfs mounted at tmp_path/m (mount options), in a user and mount namespace
    of its own (unshare), so no privilege is needed and nothing outside the test sees it."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("unshare cannot make a private mount here")
    mount = tmp_path / "m"
    mount.mkdir()
    script = f"mount -t tmpfs -o {options} tmpfs {mount} && {command}"
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("options, message", [("size=256k", "the disk is full"),
                                              ("ro", "the file system is read-only")])
def test_a_full_disk_or_read_only_mount_is_a_sentence_and_nothing_is_left(built_db, data_copy, tmp_path,
                                                                          options, message):
    python = f"{sys.executable} -m peel"
    m = tmp_path / "m"
    commands = [f"{python} build --data {data_copy} --out {m}/peel.duckdb",
                f"{python} package --db {built_db} --out {m}/package",
                f"{python} card --force Kent --db {built_db} --out {m}/card.pdf"]
    if options != "ro":
        commands.pop()  # a card is smaller than the disk
    done = in_a_mount(tmp_path, options, " ; ".join(f"{c} ; echo \"exit $?\"" for c in commands)
                      + f" ; ls -A {m}")
    assert done.stdout.count("exit 1") == len(commands), (done.stdout, done.stderr)
    assert done.stderr.count(message) == len(commands), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip().splitlines()[-1] == "exit 1"  # ls printed nothing: no half-written file


def test_export_to_a_full_disk_is_a_sentence(built_db):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "peel", "export", "--db", str(built_db)], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "export: cannot write the CSV to standard output: the disk is full"


def test_os_errors_are_told_in_words():
    assert files.reason(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert files.reason(duckdb.IOException("IO Error: Could not write file: No space left on device")) == \
        "the disk is full"
    assert files.shown("a\x00b\n.txt") == "a\\x00b\\x0a.txt"
    assert files.shown("y" * 60_000).endswith("(60000 characters)") and len(files.shown("y" * 60_000)) < 160


@pytest.mark.parametrize("command", ["harvest", "import"])
def test_a_review_file_is_never_written_over_an_input_or_another_kind_of_file(capsys, data_copy, tmp_path, command):
    before = snapshot(data_copy)
    argv = [command, *([str(tmp_path)] if command == "import" else ["--site", "http://127.0.0.1:1"]),
            "--data", data_copy, "--db", tmp_path / "unused.duckdb"]
    refused(capsys, "is one of the input files", *argv, "--out", data_copy / "grades.csv")
    database = existing_text(tmp_path, "peel.duckdb")
    database.write_bytes(b"\x00\x00\x00\x00\x00\x00\x00\x00DUCK" + bytes(64))
    refused(capsys, "already exists and is not a CSV file", *argv, "--out", database)
    assert snapshot(data_copy) == before and database.read_bytes().startswith(b"\x00" * 8 + b"DUCK")


def test_a_review_file_starts_with_the_mark_and_neutralises_page_text(tmp_path):
    from peel.harvest.review import COLUMNS, read_review, write_review

    row = dict.fromkeys(COLUMNS, "")
    row.update(force="Kent", cycle="2023-25", area="Investigating crime", grade="Good", evidence="=HYPERLINK(\"x\")")
    write_review([row], tmp_path / "review.csv")
    raw = (tmp_path / "review.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert read_review(tmp_path / "review.csv")[0]["evidence"] == "'=HYPERLINK(\"x\")"
    assert [p.name for p in tmp_path.iterdir()] == ["review.csv"]
