"""Writing the data: new input CSVs and the database built from them, published together or not at all.

publish(folder, {"user_grades.csv": new_bytes}) writes the new files into a staging folder beside the old
ones (the unchanged CSVs linked in), builds the database from it, and only when that build succeeds swaps the
new CSVs and the new database in. A refused or failed build, a full disk or a killed process never leaves a
new row behind without its database, nor a half-written file:

- before the swap, everything new is in `.publish-<token>.tmp/` (and `<db>.publish-<token>.tmp` beside the
  database): a crash there leaves the old files as they were, and recover() discards the staging;
- the swap is recorded first in a journal (`.publish.journal`, written whole and renamed into place); a crash
  during the swap is finished by recover(), which replays the journal's renames.

One writer at a time: every publish, and the app's own rebuilds, hold lock(folder) (a file lock beside the
CSVs; in the system's temporary folder when the data folder is read-only). recover() runs under it at the
app's start and before every publish, so the temporary files of a killed write or build are cleaned then.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from peel.db.build import BuildResult, InvalidData, build, clear_leftovers
from peel.db.files import Refused, reason
from peel.db.inputs import Problem, file_label
from peel.paths import db_path

__all__ = ["CannotWrite", "InvalidData", "Timeout", "lock", "publish", "recover", "writable"]

LOCK_NAME = "user_grades.csv.lock"  # the name writers have always used, so older processes still agree
LOCK_SECONDS = 120  # a rebuild takes about a second; waiting longer than this means something is stuck
JOURNAL = ".publish.journal"
STAGING = ".publish-"  # prefix of the staging folders (and of the database's temporary name, after its own)
FILE_MODE = 0o644  # readable by the other tools on the machine, like the CSVs beside it


class CannotWrite(Exception):
    """The data cannot be written here (a full disk, a read-only folder): the message is a sentence saying
    why; nothing was changed."""


def writable(folder: Path) -> bool:
    """Whether files can be created in folder (False on a read-only mount, even for root)."""
    return os.access(folder, os.W_OK | os.X_OK)


def lock(folder: Path) -> FileLock:
    """The lock every writer of folder holds from reading the current files to the end of the swap (the same
    object within a process, re-entrant in one thread). A read-only folder's lock lives in the temporary folder."""
    folder = Path(folder).resolve()
    if writable(folder):
        path = folder / LOCK_NAME
    else:
        path = Path(tempfile.gettempdir()) / f"peel-{hashlib.sha256(str(folder).encode()).hexdigest()[:16]}.lock"
    return FileLock(str(path), timeout=LOCK_SECONDS, is_singleton=True)


def publish(folder: Path, changes: dict[str, bytes], out: Path | None = None) -> BuildResult:
    """Replace the input files named in changes (file name in folder -> its new content) and the database
    built from folder (out, default db_path(folder)) together, or change nothing.

    Raises InvalidData (its problems name folder's files, e.g. data/user_grades.csv:2) when the build refuses
    the new files, CannotWrite when they cannot be written (full disk, read-only folder), filelock.Timeout when
    another writer holds the lock over LOCK_SECONDS. The caller may already hold lock(folder)."""
    folder = Path(folder)
    out = Path(out or db_path(folder))
    if not writable(folder) or not writable(out.parent):
        raise CannotWrite("The data folder is read-only here, so nothing can be saved; nothing was changed.")
    with lock(folder):
        recover(folder, out)
        staging = db_tmp = None
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING, suffix=".tmp", dir=folder))
            db_tmp = out.with_name(f"{out.name}.{STAGING[1:]}{staging.name[len(STAGING):]}")
            for path in folder.glob("*.csv"):
                if path.name not in changes:
                    _link(path, staging / path.name)
            for name, content in changes.items():
                _write(staging / name, content)
            result = build(staging, db_tmp)
            _fsync(db_tmp)
            moves = [(db_tmp, out)] + [(staging / name, folder / name) for name in changes]
            _write_journal(folder, staging, moves)
        except InvalidData as exc:
            _discard(staging, db_tmp)
            raise InvalidData([_relabel(p, staging, folder) for p in exc.problems]) from None
        except (OSError, duckdb.Error, Refused) as exc:  # Refused: the build could not write (the error behind it)
            _discard(staging, db_tmp)
            why = reason(exc.__context__ if isinstance(exc, Refused) and exc.__context__ else exc)
            raise CannotWrite(f"The grades could not be saved because {why}; nothing was changed.") from None
        except BaseException:
            _discard(staging, db_tmp)
            raise
        _replay(folder)
    result.path = out
    return result


def recover(folder: Path, out: Path | None = None) -> list[str]:
    """Finish or discard what a killed write left, under the lock: a journal's swap is completed (its
    renames replayed), any staging folder without one discarded, and the build's temporary files removed.
    Returns what was done, in words. Nothing to do (or a read-only folder) is an empty list."""
    folder = Path(folder)
    out = Path(out or db_path(folder))
    if not writable(folder):
        return []
    done = []
    with lock(folder):
        if (folder / JOURNAL).exists():
            done.append(f"finished an interrupted write of {', '.join(_replay(folder))}")
        for staging in folder.glob(f"{STAGING}*.tmp"):
            shutil.rmtree(staging, ignore_errors=True)
            done.append(f"discarded an unfinished write ({staging.name})")
        for leftover in out.parent.glob(f"{out.name}.{STAGING[1:]}*.tmp*"):
            leftover.unlink(missing_ok=True)
            done.append(f"removed {leftover.name}")
        done += [f"removed {p.name}" for p in clear_leftovers(folder, out)]
        (folder / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    return done


def _replay(folder: Path) -> list[str]:
    """Do the renames the journal lists (those not done yet), then drop the journal and the staging."""
    journal = folder / JOURNAL
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
    except ValueError:  # a journal is renamed into place whole, so this one was never committed
        journal.unlink(missing_ok=True)
        return []
    names = []
    for source, target in entry["moves"]:
        source, target = Path(source), Path(target)
        if source.exists():
            os.replace(source, target)
        names.append(target.name)
    _fsync_dir(folder)
    journal.unlink()
    _fsync_dir(folder)
    if entry["staging"].startswith(STAGING):
        shutil.rmtree(folder / entry["staging"], ignore_errors=True)
    return names


def _write_journal(folder: Path, staging: Path, moves: list[tuple[Path, Path]]) -> None:
    """The swap to make, committed by renaming the whole journal into place."""
    entry = {"staging": staging.name, "moves": [[str(s), str(t)] for s, t in moves]}
    tmp = folder / (JOURNAL + ".tmp")
    _write(tmp, json.dumps(entry).encode("utf-8"))
    os.replace(tmp, folder / JOURNAL)
    _fsync_dir(folder)


def _relabel(problem: Problem, staging: Path | None, folder: Path) -> Problem:
    """A problem found in the staging copy, named as the file it will be (data/user_grades.csv:2)."""
    if staging is not None and problem.file.startswith(str(staging)):
        return Problem(file_label(folder / Path(problem.file).name), problem.line, problem.message)
    return problem


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be synced; the rename is atomic
        _fsync(folder)


def _discard(staging: Path | None, db_tmp: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
    if db_tmp is not None:
        for leftover in db_tmp.parent.glob(db_tmp.name + "*"):
            leftover.unlink(missing_ok=True)
