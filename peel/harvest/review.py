"""The review file (one row per grade read, with what PEEL Explorer holds for the same cell) and accepting its
rows into data/grades.csv and data/not_graded.csv.

Statuses: `new` (no grade held), `agrees`, `conflicts` (another grade, or not graded, is held: both shown),
`not graded` (the page says it makes no graded judgment), `unknown area` (a wording that names no area of
the cycle; never accepted).

Accepting: `new` writes new grades and not-graded cells; `agrees` replaces the source of a held grade that
did not come from HMICFRS (news, PCC, force) by the inspectorate's page, the old source kept in notes;
`all` is both. A conflict is written only when named with --accept-conflict FORCE,CYCLE,AREA: the held
grade and its source are kept in notes. The CSVs are edited row by row (other rows stay byte for byte), the
database rebuilt, and both files put back if the rebuild refuses.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from filelock import FileLock

from peel.db import csv_file, files, queries
from peel.db.build import build
from peel.paths import db_path
from peel.reports.wording import NOT_A_GRADE

COLUMNS = ("force", "cycle", "area", "grade", "awarded_in", "status", "held_grade", "held_source", "source_url",
           "evidence", "where", "check")
NEW, AGREES, CONFLICTS, NOT_GRADED, UNKNOWN = "new", "agrees", "conflicts", "not graded", "unknown area"
STATUSES = (NEW, AGREES, CONFLICTS, NOT_GRADED, UNKNOWN)
HMICFRS = "HMICFRS"
LOCK_SECONDS = 120


@dataclass
class Held:
    """What PEEL Explorer holds now: grades (with their source kind and origin) and not-graded cells."""

    grades: dict = field(default_factory=dict)  # (force, cycle, area) -> row dict
    not_graded: dict = field(default_factory=dict)  # (force, cycle, area) -> row dict

    @classmethod
    def from_database(cls, db: Path) -> Held:
        con = queries.connect(Path(db))
        try:
            grades = queries.run(con, "harvest_held_grades").to_dict("records")
            empty = queries.run(con, "harvest_held_not_graded").to_dict("records")
        finally:
            con.close()
        return cls({(r["force"], r["cycle"], r["area"]): r for r in grades},
                   {(r["force"], r["cycle"], r["area"]): r for r in empty})


def status(held: Held, force: str, cycle: str, area: str, grade: str, known: bool = True) -> tuple[str, str, str]:
    """(status, held grade, held source) of one reading."""
    if not known:
        return UNKNOWN, "", ""
    key = (force, cycle, area)
    g, n = held.grades.get(key), held.not_graded.get(key)
    held_grade = g["grade"] if g else (n["status"] if n else "")
    source = (f"{g['source_url']} ({g['source_kind']})" if g else (n["source_url"] if n else ""))
    if grade == NOT_A_GRADE:
        return (CONFLICTS if g else NOT_GRADED), held_grade, source
    if g:
        return (AGREES if g["grade"] == grade else CONFLICTS), held_grade, source
    if n:
        return CONFLICTS, held_grade, source
    return NEW, "", ""


def write_review(rows: list[dict], out) -> None:
    """The review CSV: COLUMNS, one row per reading (out: a path, or a text stream), through the one CSV writer
    (peel.db.csv_file: page text a spreadsheet would run as a formula prefixed with ', a byte-order mark for
    Excel); a path is written beside and swapped in (peel.db.files), so a failed write leaves no half file."""
    import pandas as pd

    frame = pd.DataFrame([{c: "" if row.get(c) is None else str(row.get(c, "")) for c in COLUMNS} for row in rows],
                         columns=list(COLUMNS), dtype=object)
    text = csv_file.text(frame)
    if hasattr(out, "write"):
        out.write(text)
        return
    out = files.check_output(Path(out), files.TEXT_CSV)
    with files.replacing(out, suffix=".csv") as tmp:
        tmp.write_bytes(text.encode("utf-8"))


def read_review(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path} is not a review file (missing column(s) {', '.join(missing)})")
        return [{c: (row.get(c) or "").strip() for c in COLUMNS} for row in reader]


# -- editing the CSVs row by row ---------------------------------------------------------------------------
class _Csv:
    """A CSV under data/ as records with their raw text, so unchanged rows are written back as they were."""

    def __init__(self, path: Path):
        self.path = path
        self.before = path.read_bytes()
        text = self.before.decode("utf-8-sig")
        lines = text.splitlines(keepends=True)
        reader = csv.reader(io.StringIO(text, newline=""))
        self.header = next(reader)
        consumed = reader.line_num
        self.records: list[tuple[list[str] | None, str]] = []  # (fields, raw text); fields None: blank line
        for fields in reader:
            raw = "".join(lines[consumed:reader.line_num])
            consumed = reader.line_num
            self.records.append((fields if fields else None, raw))
        self.head = "".join(lines[:1])

    def find(self, key: tuple[str, str, str]) -> int | None:
        for i, (fields, _) in enumerate(self.records):
            if fields and tuple(f.strip() for f in fields[:3]) == key:
                return i
        return None

    def row(self, i: int) -> dict:
        fields = self.records[i][0]
        return dict(zip(self.header, fields + [""] * (len(self.header) - len(fields))))

    def set(self, i: int, values: dict) -> None:
        self.records[i] = ([values.get(c, "") for c in self.header], _line([values.get(c, "") for c in self.header]))

    def remove(self, i: int) -> None:
        self.records[i] = (None, "")

    def append(self, values: dict) -> None:
        if self.records and not self.records[-1][1].endswith("\n"):
            fields, raw = self.records[-1]
            self.records[-1] = (fields, raw + "\n")
        self.records.append(([values.get(c, "") for c in self.header], _line([values.get(c, "") for c in self.header])))

    def content(self) -> bytes:
        return (self.head + "".join(raw for _, raw in self.records)).encode("utf-8")

    def save(self) -> None:
        _write_atomically(self.path, self.content())


def _line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def _write_atomically(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _origin(row: dict, today: str) -> str:
    """Where an accepted row came from, for its notes: a page harvested, or a file imported."""
    if row["source_url"].startswith(("http://", "https://")):
        return f"harvested from {row['source_url'].split('/')[2]} {today}"
    return f"imported from {row['source_url']} {today}"


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


@dataclass
class Accepted:
    changes: list[str] = field(default_factory=list)  # what was written, a line each
    refused: list[str] = field(default_factory=list)  # what was not, and why
    grades: int | None = None  # grades in the rebuilt database (None: nothing written, nothing rebuilt)


def parse_conflict(text: str) -> tuple[str, str, str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 3:
        raise ValueError(f"--accept-conflict wants FORCE,CYCLE,AREA, not '{text}'")
    return parts[0], parts[1], ",".join(parts[2:]).strip()


def accept(review: Path, data_dir: Path, what: str, only: list[str] | None = None,
           conflicts: list[tuple[str, str, str]] = (), db: Path | None = None, today: str | None = None) -> Accepted:
    """Write the accepted rows of review into data_dir's grades.csv and not_graded.csv and rebuild. what is
    'new', 'agrees' or 'all'; only limits to forces; conflicts names the cells whose held grade is replaced."""
    data_dir = Path(data_dir)
    db = Path(db) if db else db_path(data_dir)
    today = today or date.today().isoformat()
    wanted = {"new": {NEW, NOT_GRADED}, "agrees": {AGREES}, "all": {NEW, NOT_GRADED, AGREES}}[what]
    named = {tuple(c) for c in conflicts}
    rows = [r for r in read_review(review) if not only or r["force"] in only]
    result = Accepted()
    by_key: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        if r["status"] != UNKNOWN:
            by_key.setdefault((r["force"], r["cycle"], r["area"]), set()).add(r["grade"])
    with FileLock(str(data_dir / "harvest.lock"), timeout=LOCK_SECONDS):
        if not db.is_file():
            build(data_dir, db)
        held = Held.from_database(db)
        grades, empty = _Csv(data_dir / "grades.csv"), _Csv(data_dir / "not_graded.csv")
        done: set[tuple[str, str, str]] = set()
        for r in rows:
            key = (r["force"], r["cycle"], r["area"])
            if r["status"] == UNKNOWN or key in done:
                continue
            label = " / ".join(key)
            now, held_grade, _ = status(held, *key, r["grade"])
            if len(by_key.get(key, ())) > 1:
                result.refused.append(f"{label}: the review file reads more than one grade for it; not written")
                continue
            if now == CONFLICTS:
                if key not in named:
                    if what == "all" or r["status"] == CONFLICTS:
                        result.refused.append(f"{label}: {r['grade']} read, {held_grade} held; a conflict is only "
                                              f"written with --accept-conflict \"{','.join(key)}\"")
                    continue
                _replace(result, held, grades, empty, key, r, today)
                done.add(key)
            elif now in wanted:
                if now == NEW:
                    grades.append({"force": key[0], "cycle": key[1], "area": key[2], "grade": r["grade"],
                                   "source_url": r["source_url"], "awarded_in": r["awarded_in"],
                                   "notes": _join(_origin(r, today), r["where"])})
                    result.changes.append(f"added {label}: {r['grade']} ({r['source_url']})")
                elif now == NOT_GRADED and not held_grade:
                    empty.append({"force": key[0], "cycle": key[1], "area": key[2], "status": "not graded",
                                  "reason": f"HMICFRS page makes no graded judgment in this area (harvested {today})",
                                  "source_url": r["source_url"]})
                    result.changes.append(f"not graded {label} ({r['source_url']})")
                elif now == AGREES:
                    g = held.grades[key]
                    if g["origin"] != "curated":
                        result.refused.append(f"{label}: held in user_grades.csv (this machine's), not changed")
                    elif g["source_kind"] != HMICFRS:
                        i = grades.find(key)
                        row = grades.row(i)
                        row["notes"] = _join(row["notes"], f"source was {row['source_url']} ({g['source_kind']}); "
                                             f"confirmed by HMICFRS {today}")
                        row["source_url"] = r["source_url"]
                        grades.set(i, row)
                        result.changes.append(f"source of {label} ({r['grade']}) is now {r['source_url']}, "
                                              f"was {g['source_url']} ({g['source_kind']})")
                done.add(key)
        for key in named - done:
            result.refused.append(f"{' / '.join(key)}: named with --accept-conflict but no conflicting row "
                                  "in the review file")
        if not result.changes:
            return result
        try:
            grades.save()
            empty.save()
            result.grades = build(data_dir, db).grades
        except Exception:
            _write_atomically(grades.path, grades.before)
            _write_atomically(empty.path, empty.before)
            raise
    return result


def _replace(result: Accepted, held: Held, grades: _Csv, empty: _Csv, key, r: dict, today: str) -> None:
    """A conflict the user named: the held grade (or not-graded row) replaced, what it was kept in notes."""
    label = " / ".join(key)
    g = held.grades.get(key)
    if g and g["origin"] != "curated":
        result.refused.append(f"{label}: held in user_grades.csv (this machine's), not changed")
        return
    was = ""
    if g:
        i = grades.find(key)
        old = grades.row(i)
        was = f"replaced {old['grade']} from {old['source_url']}" + (f" ({old['notes']})" if old["notes"] else "")
        grades.remove(i)
    n = empty.find(key)
    if n is not None:
        old = empty.row(n)
        was = _join(was, f"replaced {old['status']} ({old['reason']}; {old['source_url']})")
        empty.remove(n)
    if r["grade"] == NOT_A_GRADE:
        empty.append({"force": key[0], "cycle": key[1], "area": key[2], "status": "not graded",
                      "reason": _join(f"HMICFRS page makes no graded judgment in this area (harvested {today})", was),
                      "source_url": r["source_url"]})
    else:
        grades.append({"force": key[0], "cycle": key[1], "area": key[2], "grade": r["grade"],
                       "source_url": r["source_url"], "awarded_in": r["awarded_in"],
                       "notes": _join(_origin(r, today), r["where"], was)})
    result.changes.append(f"replaced {label}: now {r['grade']} ({r['source_url']}); {was}")
