"""Grades a user confirms from a report: checked against every grade already held, appended to
data/user_grades.csv atomically, and the database rebuilt. data/grades.csv is never written.

A candidate equal to a held grade is "already known"; one that differs is a "conflict" and is not applied.
If the rebuild refuses the new file, the previous user_grades.csv is put back.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import pandas as pd

from peel.db.build import BuildResult, build
from peel.db.inputs import GRADE_TABLES, INPUT_SPECS, Problem, read_table
from peel.paths import DATA_DIR, DB_PATH
from peel.reports.wording import reference

SPEC = INPUT_SPECS["user_grades"]
COLUMNS = SPEC.columns  # force, cycle, area, grade, source_url, notes, awarded_in
HELD_IN = {"grades": "held by PEEL Explorer", "user_grades": "added earlier from a report"}
NEW, KNOWN, CONFLICT, DROPPED, INVALID = "new", "already known", "conflict", "dropped", "not valid"


def data_dir() -> Path:
    """The folder of input CSVs: $PEEL_DATA_DIR when set (tests, other copies), else data/."""
    return Path(os.environ.get("PEEL_DATA_DIR") or DATA_DIR)


def db_path(folder: Path) -> Path:
    """The database built from folder: data/peel.duckdb for data/, else peel.duckdb inside folder."""
    return DB_PATH if Path(folder).resolve() == DATA_DIR.resolve() else Path(folder) / "peel.duckdb"


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
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
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


def _where(line) -> str:
    """Where in the document a row came from: 'line 14', or 'by hand' for a row the user added."""
    return f"line {int(line)}" if pd.notna(line) and str(line).strip() not in ("", "0") else "added by hand"


def append(rows: pd.DataFrame, source: str, document: str, folder: Path, out: Path | None = None) -> BuildResult:
    """Append rows (force, cycle, area, grade, line) to folder/user_grades.csv and rebuild the database.

    source is the source_url of each row (a URL or title the user gave, else the document's name); the
    notes say which document and line each came from. Raises InvalidData, with the file restored, if the
    rebuild refuses.
    """
    path = Path(folder) / SPEC.filename
    before = path.read_bytes() if path.exists() else None
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    kept = _with_current_columns(before)
    if not kept.strip():
        writer.writerow(COLUMNS)
    elif not kept.endswith(b"\n"):
        text.write("\n")
    for row in rows.itertuples(index=False):
        writer.writerow([row.force, row.cycle, row.area, row.grade, source,
                         f"added from {document}, {_where(row.line)}", getattr(row, "awarded_in", "") or ""])
    _write_atomically(path, kept + text.getvalue().encode("utf-8"))
    try:
        return build(folder, out or db_path(folder))
    except Exception:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            _write_atomically(path, before)
        raise
