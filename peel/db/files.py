"""One way to open a database and to write an output, for every command and the dashboard's downloads.

Opening: a missing, damaged (random bytes, truncated), foreign or older database is refused with a sentence
saying what to do, never a traceback. Writing: an output never lands on one of the input files, nor on an
existing file or folder of another kind; it is written beside its place and swapped in, so a failure (a full
disk, a read-only folder) leaves nothing half-written and the old file as it was. Every refusal is a
`Refused`, whose message is the sentence to show.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

SHOWN_CHARS = 120  # a name longer than this is shown shortened, with its length


class Refused(Exception):
    """A database that cannot be read, or an output that must not or cannot be written: the message says which
    and why, in a sentence for the person who typed the command."""


def shown(name) -> str:
    """A file name as it may be shown to a person: control characters (NUL, newlines, escapes) as \\xNN, and a
    very long name cut short with its length, so a message stays one readable line."""
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(name))
    if len(text) > SHOWN_CHARS:
        return f"{text[:SHOWN_CHARS // 2]}…{text[-SHOWN_CHARS // 3:]} ({len(str(name))} characters)"
    return text


REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ELOOP: "it goes round a loop of symbolic links",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "no such file or folder",
    errno.EFBIG: "the file would be too large",
    errno.EIO: "the disk reported an input/output error",
}


def reason(exc: BaseException) -> str:
    """Why an operating-system error happened, in words."""
    code = getattr(exc, "errno", None)
    if code in REASONS:
        return REASONS[code]
    text = str(exc)
    for code, words in REASONS.items():  # DuckDB reports the system's words inside its own message
        if os.strerror(code) in text:
            return words
    return getattr(exc, "strerror", None) or text.splitlines()[0][:200] or type(exc).__name__


def _lstat(path: Path, what: str) -> os.stat_result | None:
    """path's own status (None when nothing is there); a name that cannot even be looked up is refused."""
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise Refused(f"cannot use {shown(path)} as {what}: part of the path is a file, not a folder") from None
    except (OSError, RuntimeError) as exc:
        raise Refused(f"cannot use {shown(path)} as {what}: {reason(exc)}") from None


def _target(path: Path, what: str) -> tuple[Path, os.stat_result | None]:
    """path made absolute, following a symbolic link at its end (a loop is refused), and its status."""
    path = Path(os.path.abspath(path))
    status = _lstat(path, what)
    if status is not None and path.is_symlink():
        try:
            status = path.stat()
        except FileNotFoundError:  # a link to nothing yet: write where it points
            status = None
        except (OSError, RuntimeError) as exc:
            raise Refused(f"cannot use {shown(path)} as {what}: {reason(exc)}") from None
        path = Path(os.path.realpath(path))
    return path, status


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


# ---- opening a database -------------------------------------------------------------------------------------

def open_database(path, required_tables: Iterable[str] = ("build_info",),
                  fingerprint: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file at path, checked through: every table is read once (a
    truncated file fails here, not halfway through a command), the tables the project builds are there, and,
    when fingerprint is given, it was built from the schema this code builds. Raises Refused saying which."""
    path = Path(path)
    rebuild = f"build it again with `python -m peel build --out {shown(path)}`"
    status = _lstat(path, "a database")
    if status is None:
        raise Refused(f"no database at {shown(path)}: build one with `python -m peel build --out {shown(path)}`")
    if os.path.isdir(path):
        raise Refused(f"{shown(path)} is a folder, not a database file")
    con = duckdb.connect(":memory:")
    try:
        try:
            con.execute("ATTACH $path AS peel (READ_ONLY)", {"path": str(path)})
            con.execute("USE peel")
        except duckdb.Error as exc:
            if isinstance(exc, duckdb.IOException) and "valid DuckDB" not in str(exc) and \
                    "read enough bytes" not in str(exc):
                raise Refused(f"cannot read {shown(path)}: {reason(exc)}") from None
            raise Refused(f"{shown(path)} is not a DuckDB database, or is damaged: {rebuild}") from None
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'peel' ORDER BY table_name").fetchall()]
        try:
            for table in tables:  # names from the file's own catalog; every block read
                con.table(table).fetchall()
        except duckdb.Error:
            raise Refused(f"{shown(path)} is damaged (truncated or overwritten part-way): {rebuild}") from None
        missing = [t for t in required_tables if t not in tables]
        if missing:
            raise Refused(f"{shown(path)} is a DuckDB database but not one PEEL Explorer built (it has no "
                          f"{', '.join(missing)} table)")
        if fingerprint is not None:
            columns = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'peel' AND table_name = 'build_info'"
            ).fetchall()]
            held = con.execute("SELECT schema_hash FROM build_info").fetchone()[0] if "schema_hash" in columns else None
            if held != fingerprint:
                raise Refused(f"{shown(path)} was built by an older (or other) version of PEEL Explorer, with "
                              f"different tables: {rebuild}")
    except BaseException:
        con.close()
        raise
    return con


# ---- writing an output ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """What a command writes: its name in messages and how to recognise an existing file of that kind (one a
    command may write over). A folder kind (the data package) is recognised by a file inside it."""

    name: str
    signatures: tuple[bytes, ...] = ()
    at: int = 0
    folder_marker: str | None = None

    def holds(self, path: Path) -> bool:
        if self.folder_marker is not None:
            return (path / self.folder_marker).is_file() or not any(path.iterdir())
        try:
            if path.stat().st_size == 0:
                return True
            with open(path, "rb") as fh:
                fh.seek(self.at)
                head = fh.read(max(len(s) for s in self.signatures))
        except OSError:
            return False
        return any(head.startswith(s) for s in self.signatures)


DATABASE = Kind("DuckDB database", (b"DUCK",), at=8)
PDF = Kind("PDF", (b"%PDF-",))
PNG = Kind("PNG image", (b"\x89PNG\r\n\x1a\n",))
PACKAGE = Kind("data package folder", folder_marker="datapackage.json")
# A CSV the project wrote (peel.db.csv_file starts each with a byte-order mark), or any text file starting with
# a header of plain words: never a database, a PDF or other binary file.
HEADER_STARTS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_\""
TEXT_CSV = Kind("CSV file", (b"\xef\xbb\xbf", *(bytes([c]) for c in HEADER_STARTS)))


def check_output(path, kind: Kind, inputs: Iterable[Path] = (), option: str = "--out",
                 replace_any: bool = False) -> Path:
    """Where an output of kind may go, as an absolute path (a symbolic link followed): never one of inputs,
    never an existing file or folder of another kind (unless replace_any: the project's own file there),
    and its folder made if missing. Raises Refused saying why not."""
    what = f"the {kind.name} to write"
    given = path
    path, status = _target(Path(path), what)
    for source in inputs:
        if _same(path, source) or os.path.abspath(path) == os.path.abspath(source):
            raise Refused(f"{option} {shown(given)} is one of the input files ({shown(source)}): refusing to "
                          "write over it; choose another file")
    folder_kind = kind.folder_marker is not None
    if status is not None:
        is_dir = os.path.isdir(path)
        if not is_dir and not os.path.isfile(path):
            raise Refused(f"{option} {shown(given)} is not a regular file (a device, pipe or socket): refusing "
                          "to write over it; give a file name")
        if folder_kind and not is_dir:
            raise Refused(f"{option} {shown(given)} is a file, not a folder: the {kind.name} is written into a "
                          "new or empty folder, or over an earlier one")
        if not folder_kind and is_dir:
            raise Refused(f"{option} {shown(given)} is a folder: give a file name for the {kind.name}")
        if not replace_any and not kind.holds(path):
            raise Refused(f"{option} {shown(given)} already exists and is not a {kind.name}: refusing to write "
                          "over it; remove it or choose another name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError) as exc:
        raise Refused(f"cannot create the folder of {shown(given)}: {reason(exc)}") from None
    return path


@contextmanager
def replacing(path: Path, folder: bool = False, suffix: str = ".tmp"):
    """Yield a temporary file (or empty folder) beside path; when the block ends without error, swap it in
    for path; on any error remove it, leaving path as it was. OSErrors become Refused with their reason."""
    path = Path(path)
    try:
        if folder:
            tmp = Path(tempfile.mkdtemp(prefix=f"{path.name[:80]}.", suffix=".tmp", dir=path.parent))
        else:
            fd, name = tempfile.mkstemp(prefix=f"{path.name[:80]}.", suffix=suffix, dir=path.parent)
            os.close(fd)
            tmp = Path(name)
    except OSError as exc:
        raise Refused(f"cannot write {shown(path)}: {reason(exc)}") from None
    try:
        yield tmp
        if folder and path.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f"{path.name[:80]}.", suffix=".old", dir=path.parent))
            os.replace(path, old / "previous")
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except OSError as exc:
        raise Refused(f"cannot write {shown(path)}: {reason(exc)}; nothing was changed") from None
    except duckdb.Error as exc:  # DuckDB's own writes report the system's reason in their message
        raise Refused(f"cannot write {shown(path)}: {reason(exc)}; nothing was changed") from None
    finally:
        if folder:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)


def write_output(path, kind: Kind, write: Callable[[Path], object], inputs: Iterable[Path] = (),
                 option: str = "--out", replace_any: bool = False) -> Path:
    """check_output, then write(temporary path) and swap it in; return the path written."""
    path = check_output(path, kind, inputs, option, replace_any)
    with replacing(path, folder=kind.folder_marker is not None, suffix=path.suffix or ".tmp") as tmp:
        write(tmp)
    return path


def write_stream(stream, data: bytes, what: str = "the output") -> None:
    """data to a binary stream (standard output), a full disk or closed pipe refused with its reason."""
    try:
        stream.write(data)
        stream.flush()
    except OSError as exc:
        raise Refused(f"cannot write {what}: {reason(exc)}") from None
