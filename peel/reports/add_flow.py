"""What the Add a report page decides, without Streamlit: the page (pages/add_report.py) draws these and calls
them, and tests can run the flow without a browser.

The flow: read the upload or the pasted text within the reading budgets (open_document); read the grades
once for the force and cycle the document names (first_reading), then again for the ones the user chose
(reading); show the candidates, and the rows the user added, as one editable table (preview); check every
kept row against the grades held (review); append the new ones (confirm).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peel.db.build import InvalidData
from peel.reports import proposals, user_grades
from peel.reports.extract import Extraction, extract_within_budget
from peel.reports.reading import Document, from_text, read_bytes

PREVIEW_COLUMNS = ["area", "grade", "awarded_in", "where", "text", "check", "reader"]
BY_HAND = "you"  # the reader of a row the user added (by hand, or from a line no reader read)
STATUS_HELP = {
    user_grades.NEW: "will be added (proposed, for a visitor: an editor publishes it)",
    user_grades.KNOWN: "the same grade is already held: nothing to add",
    user_grades.CONFLICT: "a different grade is already held: never applied over it (a visitor's proposal "
                          "goes to the editors as a conflict)",
    user_grades.DROPPED: "unticked: left out",
    user_grades.INVALID: "not an area or grade of this cycle",
}


def open_document(upload: tuple[bytes, str] | None, pasted: str, today: dt.date | None = None) -> Document | None:
    """The document to read: the upload (its bytes and file name) if there is one, else the pasted text, else
    None. Raises reading.UnreadableDocument, with a message for the user, for what cannot be read."""
    if upload is not None:
        return read_bytes(*upload)
    if pasted.strip():
        return from_text(pasted, f"pasted text {(today or dt.date.today()).isoformat()}")
    return None


def digest(document: Document) -> str:
    """A short fingerprint of the document's text: the page keys its widgets by it, so a new document starts
    afresh."""
    return hashlib.sha1(document.text.encode("utf-8")).hexdigest()[:12]


def first_reading(document: Document, folder: Path) -> tuple[Extraction, list[str]]:
    """The document read for the force and cycle it names, and its errors worded for the page (the force and
    cycle are chosen above the table, not with --force and --cycle)."""
    found = extract_within_budget(document, data_dir=folder)
    return found, [m.text.replace(" with --force", " above").replace(" with --cycle", " above") for m in found.errors]


def reading(document: Document, force: str, cycle: str, first: Extraction, folder: Path
            ) -> tuple[Extraction, list[tuple[str, str]]]:
    """The document read again for the force and cycle chosen (their areas and scale decide what its words
    mean), with what to tell the user about it: (how, text), how being 'warning', 'caption' or 'error'.
    An error the first reading already showed is not shown twice."""
    result = extract_within_budget(document, force=force, cycle=cycle, data_dir=folder)
    notes = []
    for message in result.messages:
        if message.kind in ("conflict", "warning"):
            notes.append(("warning", message.text))
        elif message.kind == "info":
            notes.append(("caption", message.text))
        elif message.kind == "error" and not first.errors:
            notes.append(("error", message.text))
    return result, notes


def read_again(first: Extraction, force: str, cycle: str) -> bool:
    """Whether the user chose another force or cycle than the document names (so it was read again)."""
    return (force, cycle) != (first.force, first.cycle)


def added_row(area: str, grade: str, where: str, text: str, awarded_in: str = "") -> dict:
    """A row the user adds (by hand, or from a line no reader read), as the preview holds it."""
    return {"area": area, "grade": grade, "awarded_in": awarded_in, "where": where, "text": text, "check": "",
            "reader": BY_HAND}


def preview(result: Extraction, added: list[dict]) -> pd.DataFrame:
    """The candidates and the rows the user added, one table with a 'keep' tick first: a fuzzy match is left
    unticked, waiting for the user to check it."""
    table = result.frame()[PREVIEW_COLUMNS]
    table = pd.concat([table, pd.DataFrame(added, columns=PREVIEW_COLUMNS)], ignore_index=True)
    table.insert(0, "keep", table["check"].fillna("") == "")
    return table


def unread_table(result: Extraction) -> pd.DataFrame:
    """The lines that mention a grade but were not read, with why when it is known."""
    return pd.DataFrame([{"where": u.where, "not read": u.text, "why": u.why} for u in result.unread])


def earlier_cycles(cycles, cycle: str) -> list[str]:
    """The cycles a grade of cycle can have been carried over from."""
    cycles = list(cycles)
    return cycles[:cycles.index(cycle)]


def review(edited: pd.DataFrame, force: str, cycle: str, folder: Path) -> pd.DataFrame:
    """The edited table checked against every grade held: status, the grade already held and what confirming
    will do with each row ('means')."""
    checked = user_grades.check(edited.assign(force=force, cycle=cycle,
                                              awarded_in=edited["awarded_in"].fillna("")), folder)
    return checked.assign(means=checked["status"].map(STATUS_HELP))


def new_rows(checked: pd.DataFrame) -> pd.DataFrame:
    return checked[checked["status"] == user_grades.NEW]


def counts(checked: pd.DataFrame) -> str:
    """'2 new, 1 conflict': how many rows of each status."""
    return ", ".join(f"{n} {status}" for status, n in checked["status"].value_counts().items())


@dataclass
class Confirmed:
    ok: bool
    message: str  # plain text: the page escapes it
    problems: tuple[str, ...] = ()  # why the rebuild refused the new grades (the first 20), when it did


def fingerprint(document: Document) -> str:
    """The SHA-256 of the document's text: what a proposal and a published grade record of the document."""
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def to_propose(checked: pd.DataFrame) -> pd.DataFrame:
    """The rows worth an editor's look: new ones, and conflicts (a disagreement goes to the queue, never
    over a held grade)."""
    return checked[checked["status"].isin([user_grades.NEW, user_grades.CONFLICT])]


def propose(rows: pd.DataFrame, source: str, document: Document, size: int, force: str, cycle: str,
            folder: Path, proposer: str) -> Confirmed:
    """Queue rows for an editor's review; nothing anyone else sees changes."""
    done = proposals.propose(folder, rows, force=force, cycle=cycle, document=document.name,
                             document_hash=fingerprint(document), document_bytes=size, source=source or document.name,
                             proposer=proposer)
    return Confirmed(done.ok, done.message)


def publish(rows: pd.DataFrame, source: str, document: Document, size: int, force: str, cycle: str,
            folder: Path, editor: str) -> Confirmed:
    """An editor's confirm: propose and accept at once (both logged); a conflict stays in the queue."""
    queued = proposals.propose(folder, rows, force=force, cycle=cycle, document=document.name,
                               document_hash=fingerprint(document), document_bytes=size,
                               source=source or document.name, proposer=editor)
    if not queued.ok:
        return Confirmed(False, queued.message)
    try:
        done = proposals.decide(folder, queued.ids, accept=True, editor=editor)
    except InvalidData as exc:
        return Confirmed(False, "The new grades could not be added, so nothing was changed:",
                         tuple(str(p) for p in exc.problems[:20]))
    except user_grades.Timeout:
        return Confirmed(False, "Someone else is adding grades and it is taking too long; nothing was written. "
                                "Try again.")
    except user_grades.CannotWrite as exc:
        return Confirmed(False, str(exc))
    return Confirmed(True, f"Published {done.accepted} grade(s) for {force} {cycle}. "
                     + " ".join(done.not_applied))
