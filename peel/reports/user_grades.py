"""Grades a user confirms from a report: checked against every grade already held, appended to
data/user_grades.csv atomically, and the database rebuilt. data/grades.csv is never written.

A candidate equal to a held grade is "already known"; one that differs is a "conflict" and is not applied.
If the rebuild refuses the new file, the previous user_grades.csv is put back.

One writer at a time: reading the held grades, appending, rebuilding and restoring all happen under one
file lock per data folder, so two people confirming at once cannot lose each other's rows, and the check
is made again under the lock (a grade someone else added a moment ago is "already known" or a "conflict").
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock

from peel.db.build import BuildResult
from peel.db.publish import CannotWrite as CannotWrite  # what append raises when the disk cannot be written
from peel.db.publish import Timeout as Timeout  # what append raises when the lock waits too long
from peel.db.publish import lock as publish_lock
from peel.db.publish import publish
from peel.db.inputs import GRADE_TABLES, INPUT_SPECS, Problem, read_table
from peel.paths import data_dir as data_dir  # the folder the Add a report page writes to
from peel.paths import db_path
from peel.reports.wording import reference

SPEC = INPUT_SPECS["user_grades"]
COLUMNS = SPEC.columns  # force, cycle, area, grade, source_url, notes, awarded_in
HELD_IN = {"grades": "held by PEEL Explorer", "user_grades": "added earlier from a report"}
NEW, KNOWN, CONFLICT, DROPPED, INVALID = "new", "already known", "conflict", "dropped", "not valid"
LOCK_SECONDS = 120  # a rebuild takes about a second; waiting longer than this means something is stuck
FILE_MODE = 0o644  # readable by the other tools on the machine, like the CSVs beside it


def lock(folder: Path) -> FileLock:
    """The lock every writer of folder/user_grades.csv holds from reading it to the end of the rebuild: the
    writers' lock of peel.db.publish (the same object in a thread, so publishing under it does not wait on it)."""
    return publish_lock(folder)


@dataclass
class Appended:
    """What append wrote: the rows added, the rows someone else added first (status "already known" or
    "conflict", with the grade held), and the rebuilt database."""

    added: pd.DataFrame
    skipped: pd.DataFrame
    built: BuildResult | None  # None when nothing was left to add, so nothing was written or rebuilt


def held_grades(folder: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Every grade already held, curated or user: (force, cycle, area) -> (grade, 'data/file.csv line N')."""
    held = {}
    for spec in (INPUT_SPECS[table] for table in GRADE_TABLES):
        path = Path(folder) / spec.filename
        if path.exists():
            problems: list[Problem] = []
            for row in read_table(path, spec, problems).rows:
                key = (row["force"], row["cycle"], row["area"])
                held.setdefault(key, (row["grade"], HELD_IN[spec.table]))
    return held


def held_user_grades(folder: Path) -> pd.DataFrame:
    """The published user grades of folder/user_grades.csv: cell, grade, document, who accepted it and when."""
    path = Path(folder) / SPEC.filename
    shown = ["force", "cycle", "area", "grade", "document", "accepted_by", "accepted_at"]
    if not path.exists():
        return pd.DataFrame(columns=shown)
    rows = read_table(path, SPEC, []).rows
    return pd.DataFrame([{c: r.values.get(c, "") for c in shown} for r in rows], columns=shown)


def check(rows: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """rows (force, cycle, area, grade, keep) with a status for each and the grade already held, if any."""
    ref = reference(folder)
    held = held_grades(folder)
    seen: dict[tuple[str, str, str], str] = {}
    statuses, existing = [], []
    for row in rows.itertuples(index=False):
        key = (row.force, row.cycle, row.area)
        grade, where = held.get(key) or seen.get(key) or (None, "")
        if not bool(row.keep):
            status = DROPPED
        elif row.area not in ref.areas.get(row.cycle, ()) or row.grade not in ref.scale.get(row.cycle, ()) \
                or row.force not in ref.forces:
            status = INVALID
        elif grade is None:
            status = NEW
            seen[key] = (row.grade, "this report")
        else:
            status = KNOWN if grade == row.grade else CONFLICT
        statuses.append(status)
        existing.append(f"{grade} ({where})" if grade else "")
    return rows.assign(status=statuses, existing=existing)


def _write_atomically(path: Path, content: bytes) -> None:
    """content in place of path, written beside it and swapped in (for files the database is not built from)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _with_current_columns(content: bytes | None) -> bytes:
    """A user_grades.csv written before a column was added, rewritten with every column (the new ones empty)."""
    if not content:
        return b""
    lines = content.decode("utf-8-sig").splitlines(keepends=True)
    header = next(csv.reader(lines[:1]), [])
    if tuple(h.strip() for h in header) == COLUMNS or len(header) >= len(COLUMNS):
        return content
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, fields in enumerate(csv.reader(lines)):
        writer.writerow(list(COLUMNS) if i == 0 else fields + [""] * (len(COLUMNS) - len(fields)))
    return out.getvalue().encode("utf-8")


def _where(row) -> str:
    """Where in the document a row came from: 'line 14' ('page 2, line 14' in a PDF), or 'added by hand'."""
    where = getattr(row, "where", None)
    if isinstance(where, str) and where.strip():
        return where.strip()
    line = getattr(row, "line", None)
    return f"line {int(line)}" if pd.notna(line) and str(line).strip() not in ("", "0") else "added by hand"


def replace_and_rebuild(folder: Path, before: bytes | None, content: bytes, out: Path | None = None) -> BuildResult:
    """The one write path of folder/user_grades.csv: content and the database built from it published together
    or not at all (peel.db.publish: a refused rebuild, a full disk or a killed process leaves the file as it was,
    before included). The caller holds lock(folder)."""
    return publish(folder, {SPEC.filename: content}, out or db_path(folder))


def append(rows: pd.DataFrame, source: str, document: str, folder: Path, out: Path | None = None, *,
           document_hash: str = "", accepted_by: str = "", accepted_at: str = "") -> Appended:
    """Append rows (force, cycle, area, grade, line[, awarded_in]) to folder/user_grades.csv and rebuild the
    database.

    Under the folder's lock the rows are checked again against every grade held now: only those still new
    are written (the others come back in skipped). source is the source_url of each row (a URL or title the
    user gave, else the document's name); the notes say which document and line each came from, and each row
    keeps the document's name and hash and who accepted it, when. Raises
    InvalidData, with the file as it was, if the rebuild refuses; raises filelock.Timeout if another writer
    holds the lock for over LOCK_SECONDS.
    """
    folder = Path(folder)
    path = folder / SPEC.filename
    with lock(folder):
        rechecked = check(rows.assign(keep=True), folder)
        new = rechecked[rechecked["status"] == NEW]
        skipped = rechecked[rechecked["status"] != NEW]
        if new.empty:
            return Appended(new, skipped, None)
        before = path.read_bytes() if path.exists() else None
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        kept = _with_current_columns(before)
        if not kept.strip():
            writer.writerow(COLUMNS)
        elif not kept.endswith(b"\n"):
            text.write("\n")
        for row in new.itertuples(index=False):
            writer.writerow([row.force, row.cycle, row.area, row.grade, source,
                             f"added from {document}, {_where(row)}", getattr(row, "awarded_in", "") or "",
                             document, document_hash, accepted_by, accepted_at])
        built = replace_and_rebuild(folder, before, kept + text.getvalue().encode("utf-8"), out)
    return Appended(new, skipped, built)


def remove(folder: Path, force: str, cycle: str, area: str, out: Path | None = None) -> bool:
    """Take the user grade of (force, cycle, area) out of folder/user_grades.csv and rebuild; False when there is
    none. Only user grades can be removed: data/grades.csv is never written."""
    folder = Path(folder)
    path = folder / SPEC.filename
    with lock(folder):
        if not path.exists():
            return False
        before = path.read_bytes()
        records = list(csv.reader(io.StringIO(_with_current_columns(before).decode("utf-8-sig"), newline="")))
        kept = [r for r in records[1:] if tuple(v.strip() for v in r[:3]) != (force, cycle, area)]
        if len(kept) == len(records) - 1:
            return False
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(records[:1] + kept)
        replace_and_rebuild(folder, before, text.getvalue().encode("utf-8"), out)
    return True


def summary(done: Appended, force: str, cycle: str) -> str:
    """What append did, in words for the person who confirmed: what was written and what someone else
    had added in the meantime."""
    parts = []
    if done.built is not None:
        parts.append(f"Added {len(done.added)} grade(s) for {force} {cycle} to data/user_grades.csv; the database "
                     f"was rebuilt ({done.built.grades} grades).")
    else:
        parts.append(f"Nothing was added for {force} {cycle}: data/user_grades.csv is unchanged.")
    for status, label in ((KNOWN, "already held with the same grade"), (CONFLICT, "now held with another grade")):
        areas = done.skipped.loc[done.skipped["status"] == status, "area"].tolist()
        if areas:
            parts.append(f"Added by someone else meanwhile, so not written: {', '.join(areas)} ({label}).")
    return " ".join(parts)
