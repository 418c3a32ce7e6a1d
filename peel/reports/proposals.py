"""Visitors propose, editors publish: the review queue of grades read from a document, and the audit log.

A proposal is one grade a visitor (or an editor) read from a document: force, cycle, area, grade, the lines it
came from, the document's name and SHA-256, who proposed it (an account, or a browser session's id) and when.
Proposals live in data/proposals.csv and nothing in them is shown to anyone but their proposer and editors.
An editor accepts (the grade is appended to data/user_grades.csv through peel.reports.user_grades, with who
accepted it and when, and the database rebuilt) or rejects each. A proposal that disagrees with a grade held
is a conflict: accepting it writes nothing, and it stays in the queue for the editor to reject.

Every step is one line appended to data/audit.log (never rewritten): proposed, accepted, rejected, removed,
with who, when and what. Both files are local to the machine (ignored by git) and are written under one file
lock per data folder (proposals.csv.lock), so two people at once both keep theirs.

A proposer has limits (pending proposals, documents, bytes), and the queue as a whole has one, so a flood
is refused with one message and no write.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from filelock import FileLock

from peel.db.csv_file import neutralise
from peel.reports import user_grades

FILENAME = "proposals.csv"
AUDIT_FILENAME = "audit.log"
COLUMNS = ("id", "status", "proposed_at", "proposer", "force", "cycle", "area", "grade", "awarded_in", "where",
           "text", "source", "document", "document_hash", "document_bytes", "decided_by", "decided_at", "outcome")
AUDIT_COLUMNS = ("at", "who", "action", "force", "cycle", "area", "grade", "document", "detail")
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass(frozen=True)
class Limits:
    """How much one proposer may have waiting for review, and the whole queue."""

    proposals: int = 200
    documents: int = 20
    bytes: int = 50 * 1024 * 1024
    queue: int = 5_000


LIMITS = Limits()


def limit_message(limits: Limits = LIMITS) -> str:
    return (f"Limit reached: a session may have at most {limits.proposals} grades from {limits.documents} "
            f"documents ({limits.bytes // 1024 // 1024} MB) waiting for review, and the queue "
            f"{limits.queue:,}. Nothing more was proposed; wait until an editor has reviewed them.")


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def lock(folder: Path) -> FileLock:
    """The lock held while proposals.csv is read and rewritten (and, on acceptance, user_grades.csv too)."""
    return FileLock(str(Path(folder) / (FILENAME + ".lock")), timeout=user_grades.LOCK_SECONDS)


def read(folder: Path) -> pd.DataFrame:
    """Every proposal, as text (empty table when there is none)."""
    path = Path(folder) / FILENAME
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS), dtype="string")
    return pd.read_csv(path, dtype=str, keep_default_na=False).reindex(columns=list(COLUMNS), fill_value="")


def _write(folder: Path, table: pd.DataFrame) -> None:
    text = io.StringIO()
    table[list(COLUMNS)].to_csv(text, index=False, lineterminator="\n")
    user_grades._write_atomically(Path(folder) / FILENAME, text.getvalue().encode("utf-8"))


def audit(folder: Path, who: str, action: str, row: dict | None = None, detail: str = "", at: str = "") -> None:
    """Append one line to folder/audit.log (a header first when it is new): never rewritten, only appended."""
    path = Path(folder) / AUDIT_FILENAME
    row = row or {}
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    if not path.exists():
        writer.writerow(AUDIT_COLUMNS)
    values = [at or now(), who, action, *(row.get(c, "") for c in ("force", "cycle", "area", "grade", "document")),
              detail]
    writer.writerow([neutralise(v) for v in values])  # a document's name a spreadsheet would run: made text
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, user_grades.FILE_MODE)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(text.getvalue())


def read_audit(folder: Path) -> str:
    path = Path(folder) / AUDIT_FILENAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


@dataclass
class Proposed:
    ok: bool
    message: str  # plain text: the page escapes it
    ids: tuple[str, ...] = ()


def propose(folder: Path, rows: pd.DataFrame, *, force: str, cycle: str, document: str, document_hash: str,
            document_bytes: int, source: str, proposer: str, limits: Limits = LIMITS) -> Proposed:
    """Queue rows (area, grade[, awarded_in, where, text]) read from one document for review. Refused whole,
    with limit_message, when the proposer's pending proposals, documents or bytes, or the queue, would pass
    limits."""
    folder = Path(folder)
    if rows.empty:
        return Proposed(False, "Nothing to propose.")
    with lock(folder):
        table = read(folder)
        pending = table[table["status"] == PENDING]
        mine = pending[pending["proposer"] == proposer]
        documents = mine.drop_duplicates("document_hash")
        new_document = document_hash not in set(documents["document_hash"])
        held_bytes = pd.to_numeric(documents["document_bytes"], errors="coerce").fillna(0).sum()
        if (len(mine) + len(rows) > limits.proposals or len(pending) + len(rows) > limits.queue
                or len(documents) + new_document > limits.documents
                or held_bytes + (document_bytes if new_document else 0) > limits.bytes):
            return Proposed(False, limit_message(limits))
        at = now()
        added = pd.DataFrame([{
            "id": uuid.uuid4().hex[:12], "status": PENDING, "proposed_at": at, "proposer": proposer,
            "force": force, "cycle": cycle, "area": r.get("area", ""), "grade": r.get("grade", ""),
            "awarded_in": r.get("awarded_in", "") or "", "where": r.get("where", "") or "",
            "text": r.get("text", "") or "", "source": source or document, "document": document,
            "document_hash": document_hash, "document_bytes": str(int(document_bytes)), "decided_by": "",
            "decided_at": "", "outcome": ""} for r in rows.fillna("").to_dict("records")], dtype="string")
        _write(folder, pd.concat([table, added], ignore_index=True))
        for row in added.to_dict("records"):
            audit(folder, proposer, "proposed", row, f"proposal {row['id']}, {row['where']}", at)
    return Proposed(True, f"Proposed {len(added)} grade(s) for {force} {cycle} for review. An editor will check "
                          "them against the document; until then only you see them, marked pending.",
                    tuple(added["id"]))


def pending(folder: Path, proposer: str | None = None) -> pd.DataFrame:
    """Proposals waiting for review (only proposer's, when given), each with the grade held for its cell now
    and whether it is new, already known or a conflict."""
    table = read(folder)
    table = table[table["status"] == PENDING]
    if proposer is not None:
        table = table[table["proposer"] == proposer]
    if table.empty:
        return table.assign(check="", held="")
    checked = user_grades.check(table.assign(keep=True), folder)
    return table.assign(check=checked["status"].to_numpy(), held=checked["existing"].to_numpy())


@dataclass
class Decided:
    accepted: int
    rejected: int
    not_applied: list[str]  # why some accepted proposals were not written (a conflict, someone else first)

    def message(self) -> str:
        parts = [f"{self.accepted} accepted and published, {self.rejected} rejected."]
        parts += self.not_applied
        return " ".join(parts)


def decide(folder: Path, ids, accept: bool, editor: str, out: Path | None = None) -> Decided:
    """Accept (publish) or reject the pending proposals ids, as editor. An accepted proposal is appended to
    user_grades.csv (one rebuild per document) unless its cell is held meanwhile: a conflict stays pending,
    one the same grade already holds is closed as such. Every step goes to the audit log."""
    folder = Path(folder)
    ids = set(ids)
    accepted = rejected = 0
    not_applied = []
    with lock(folder):
        table = read(folder)
        chosen = table[table["id"].isin(ids) & (table["status"] == PENDING)]
        at = now()
        if not accept:
            table.loc[chosen.index, ["status", "decided_by", "decided_at"]] = [REJECTED, editor, at]
            for row in chosen.to_dict("records"):
                audit(folder, editor, "rejected", row, f"proposal {row['id']} by {row['proposer']}", at)
            rejected = len(chosen)
        for (document, digest, source), group in (chosen.groupby(["document", "document_hash", "source"])
                                                  if accept else ()):
            done = user_grades.append(group.assign(line=""), source=source, document=document, folder=folder,
                                      out=out, document_hash=digest, accepted_by=editor, accepted_at=at)
            written = set(zip(done.added["area"], done.added["grade"]))
            for index, row in group.iterrows():
                if (row["area"], row["grade"]) in written:
                    table.loc[index, ["status", "decided_by", "decided_at", "outcome"]] = \
                        [ACCEPTED, editor, at, "published"]
                    audit(folder, editor, "accepted", row.to_dict(), f"proposal {row['id']} by {row['proposer']}",
                          at)
                    accepted += 1
            for row in done.skipped.to_dict("records"):
                if row["status"] == user_grades.KNOWN:
                    index = group.index[group["area"] == row["area"]]
                    table.loc[index, ["status", "decided_by", "decided_at", "outcome"]] = \
                        [ACCEPTED, editor, at, "already held"]
                    audit(folder, editor, "accepted", row, "already held with the same grade: nothing written", at)
                    accepted += 1
                else:
                    not_applied.append(f"{row['area']}: {row['existing']} is held, so {row['grade']} was not "
                                       "applied (a conflict: reject it, or correct the held grade by hand).")
        _write(folder, table)
    return Decided(accepted, rejected, not_applied)


def remove(folder: Path, force: str, cycle: str, area: str, editor: str, out: Path | None = None) -> bool:
    """Unpublish a user grade (never a curated one: those are not in user_grades.csv), logged."""
    folder = Path(folder)
    with lock(folder):
        done = user_grades.remove(folder, force, cycle, area, out)
        if done:
            audit(folder, editor, "removed", {"force": force, "cycle": cycle, "area": area},
                  "published user grade taken out")
    return done
