"""Which database file the app shows: the one built from the CSVs as they are now, else the last good one.

serve(folder) rebuilds the database when it is missing, older than the CSVs or damaged (DuckDB cannot read
every table of it), once and under the writers' lock (peel.db.publish.lock), so two sessions never build at
once and a publish in progress is waited for. When the rebuild cannot happen the last good file is kept and
shown with a note for editors saying why:

- the CSVs have a problem (a hand-edited row the build refuses): "The data files have a problem at
  data/user_grades.csv:2: ...; showing the data as of <build time>.";
- the disk is full or the build fails: the same, with the reason;
- the data folder is read-only: the database is built in the system's temporary folder and the note says so.

Only when there is no readable database at all is there no data, and a one-line message says why.
"""
from __future__ import annotations

import contextlib
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from peel.db.build import InvalidData, build, is_stale, open_built
from peel.db.files import Refused, reason
from peel.db.publish import CannotWrite, Timeout, lock, recover, writable
from peel.paths import db_path


@dataclass(frozen=True)
class Served:
    path: Path | None  # the database file to read; None when no readable one exists
    note: str = ""  # for editors: why the data shown are not the CSVs as they are now ("" when they are)
    message: str = ""  # when path is None: the one line shown instead of the data


def readable(path: Path) -> str | None:
    """Built at (UTC) of the database at path when it can be used: DuckDB reads every table of it and this
    version built it (peel.db.files.open_database, through build.open_built); else None (missing, truncated,
    corrupt blocks, not a database, built by another version)."""
    try:
        con = open_built(path)
    except Refused:
        return None
    try:
        return str(con.execute("SELECT built_at FROM build_info").fetchone()[0])
    except duckdb.Error:
        return None
    finally:
        con.close()


def temporary_database(folder: Path) -> Path:
    """Where the database of a read-only folder is built: the system's temporary folder, one per data folder."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"peel-{key}" / "peel.duckdb"


def tidy(folder: Path, own: Path) -> None:
    """What a killed write or build left, finished or cleaned (publish.recover), unless a writer is busy (it
    recovers first itself)."""
    held = lock(folder)
    try:
        held.acquire(timeout=0)
    except Timeout:
        return
    try:
        with contextlib.suppress(OSError):  # a folder that cannot be tidied is still served
            recover(folder, own)
    finally:
        held.release()


def _as_of(built_at: str) -> str:
    return built_at.replace("T", " ").replace("+00:00", " UTC")


def serve(folder: Path) -> Served:
    """The database to show for the CSVs in folder, rebuilt first if missing, stale or damaged (see the
    module's docstring)."""
    folder = Path(folder)
    own = db_path(folder)
    read_only = not writable(own.parent)
    target = temporary_database(folder) if read_only else own
    note = ("The data folder is read-only, so the database was built in a temporary folder and grades cannot "
            "be added here." if read_only else "")
    if not read_only:
        tidy(folder, own)
    if not is_stale(folder, own) and readable(own):
        return Served(own)
    if read_only and target.exists() and not is_stale(folder, target) and readable(target):
        return Served(target, note)
    try:
        with lock(folder):  # one build at a time; the fresh file another session built meanwhile is taken
            if is_stale(folder, target) or not readable(target):
                target.parent.mkdir(parents=True, exist_ok=True)
                build(folder, target)
        return Served(target, note)
    except InvalidData as exc:
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        why = f"The data files have a problem at {exc.problems[0]}{more}"
    except (OSError, duckdb.Error, CannotWrite, Refused, Timeout) as exc:
        why = f"The database could not be rebuilt from the data files because {reason(exc)}"
    for last in (target, own):
        built_at = readable(last)
        if built_at:
            return Served(last, f"{why}; showing the data as of {_as_of(built_at)}.")
    return Served(None, message=f"{why}, and there is no earlier database to show. Ask the site's editor to "
                                "correct the data files.")
