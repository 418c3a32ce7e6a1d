"""Read candidate grades out of a report's text: which force and cycle it is about, and each area's grade
with the line it came from. Nothing is guessed: an area given two different grades is reported as a
conflict and left out, and wording that names no known area is reported, not mapped."""
from __future__ import annotations

import hashlib
import pickle
import re
import sys
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from peel.reports import layouts
from peel.paths import DATA_DIR
from peel.reports import reading as budgets
from peel.reports.reading import Document, UnreadableDocument
from peel.db.build import inputs_mtime
from peel.db.validate import did_you_mean
from peel.reports.wording import GRADE_PATTERN, NOT_A_GRADE, Reference, norm, reference

COLUMNS = ("force", "cycle", "area", "grade", "line", "where", "text", "awarded_in", "check", "reader")
TEXT_CHARS = 240  # of the source line kept with each candidate
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2013": "-", "\u2014": "-",
                         "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\ufeff": None})
# "<Name> Police" or "<Name> Constabulary": how a document names the force it is about.
NAMED_FORCE = re.compile(r"\b((?:[A-Z][\w'&-]* +(?:(?:and|of|&) +)?){1,3})(Police|Constabulary)\b")
NOT_A_NAME = {"the", "by", "for", "and", "of", "her", "his", "majesty's", "majestys", "inspectorate", "chief",
              "national", "local", "all", "other", "each", "every", "neighbouring", "home", "office", "college",
              "commissioner", "crime", "council", "panel", "peel", "hmicfrs", "hmic", "an", "inspection", "on",
              "in", "to", "with", "our", "their", "this", "that", "from", "federation", "royal", "a"}


@dataclass
class Candidate:
    force: str | None
    cycle: str
    area: str
    grade: str
    line: int
    text: str
    awarded_in: str = ""  # the cycle a carried-over grade was awarded in; blank for a grade awarded in cycle
    check: str = ""  # why the user should check it: a fuzzy match of the wording
    where: str = ""  # the line as the user finds it: 'line 14', or 'page 2, line 14' in a PDF
    reader: str = ""  # the name of the reader that found it (layouts.READERS)


@dataclass
class Unread:
    """A line of the document that holds a grade word but gave no grade: shown so nothing is dropped silently."""
    line: int
    text: str
    why: str = ""
    where: str = ""  # 'line 14', or 'page 2, line 14' in a PDF


@dataclass
class Message:
    kind: str  # "error" (nothing usable), "conflict", "warning" or "info"
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


@dataclass
class Extraction:
    force: str | None
    cycle: str | None
    force_from: str | None = None  # "option" or "document"
    cycle_from: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.kind == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.candidates)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([[getattr(c, col) for col in COLUMNS] for c in self.candidates], columns=list(COLUMNS))

    def _say(self, kind: str, text: str) -> None:
        self.messages.append(Message(kind, text))


def clean_lines(text: str) -> list[str]:
    """The document's lines with non-breaking spaces, dashes and curly quotes made plain."""
    return text.translate(_SPACES).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def find_force(text: str, ref: Reference) -> tuple[str | None, str | None]:
    """The force the document is mostly about, and a message when it cannot tell."""
    words = f" {norm(text)} "
    scores = Counter()
    for force in ref.forces:
        for wording in ref.force_wordings(force):
            scores[force] += words.count(f" {wording} ")
            for suffix in ("police", "constabulary"):
                scores[force] += 2 * words.count(f" {wording} {suffix} ")
    ranked = [(f, n) for f, n in scores.most_common() if n]
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        tied = sorted(f for f, n in ranked if n == ranked[0][1])
        return None, (f"the document names {' and '.join(tied)} equally often, so which force it is about is "
                      "not clear; give it with --force")
    if ranked:
        return ranked[0][0], None
    unknown = []
    for m in NAMED_FORCE.finditer(text):
        name_words = m.group(1).split()
        while name_words and name_words[0].lower().strip("'") in NOT_A_NAME:
            name_words.pop(0)
        if name_words and name_words[-1].lower() not in NOT_A_NAME:
            unknown.append(" ".join(name_words) + " " + m.group(2))
    if unknown:
        name = Counter(unknown).most_common(1)[0][0]
        return None, (f"the document is about '{name}', which is not one of the {len(ref.forces)} forces of "
                      "England and Wales; if it is one of them under another name, give it with --force")
    return None, "could not tell which force the document is about; give it with --force"


RANGE = re.compile(r"(?<![\d/.])(20\d\d)\s*[/-]\s*(20\d\d|\d\d)(?![\d/])")
PEEL_YEAR = re.compile(r"\bPEEL\b[^.\n\d]{0,40}?(?<![\d/.])(20\d\d)(?!\s*[/-]\s*\d)(?![\d/])")


def find_cycle(text: str, ref: Reference) -> tuple[str | None, str | None]:
    """The PEEL cycle the document is about: the one it names most ('PEEL 2021/22', '2018/19', 'PEEL 2017')."""
    text = text.translate(_SPACES)
    votes: Counter = Counter()
    first_seen: dict[str, int] = {}
    for m in RANGE.finditer(text):
        cycle = ref.cycle_of_years(m.group(1), m.group(2))
        if cycle:
            peel_before = "peel" in text[max(0, m.start() - 12):m.start()].lower()
            votes[cycle] += 3 if peel_before else 1
            first_seen.setdefault(cycle, m.start())
    for m in PEEL_YEAR.finditer(text):
        cycle = ref.cycle_of_years(m.group(1), None)
        if cycle:
            votes[cycle] += 3
            first_seen.setdefault(cycle, m.start(1))
    if not votes:
        return None, "could not tell which PEEL cycle the document is about; give it with --cycle"
    ranked = sorted(votes, key=lambda c: -votes[c])
    if len(ranked) > 1 and votes[ranked[0]] == votes[ranked[1]]:
        tied = sorted((c for c in ranked if votes[c] == votes[ranked[0]]), key=lambda c: first_seen[c])
        return None, (f"the document names PEEL {' and '.join(tied)} equally often, so which cycle it is about "
                      "is not clear; give it with --cycle")
    return ranked[0], None


def _pick(extraction: Extraction, what: str, given: str | None, named, find, known, option: str) -> str | None:
    """The force or cycle: the one given (checked against known), else the one the document names."""
    if given:
        value = named(given)
        setattr(extraction, f"{what}_from", "option")
        if not value:
            extraction._say("error", f"unknown {what} '{given}'" + did_you_mean(given, known)
                            + ": give one of " + (", ".join(known) if len(known) <= 10 else f"the {len(known)}")
                            + f" {option}")
        return value
    value, problem = find()
    setattr(extraction, f"{what}_from", "document" if value else None)
    if problem:
        extraction._say("error", problem)
    return value


def extract(document: str | Document, force: str | None = None, cycle: str | None = None,
            data_dir: Path = DATA_DIR) -> Extraction:
    """Candidate grades in a document (or a text). force and cycle, when given, override what it says."""
    if isinstance(document, str):
        document = Document("text", document, "text")
    text = document.text
    ref = reference(data_dir)
    extraction = Extraction(None, None)
    extraction.force = _pick(extraction, "force", force, ref.force_named, lambda: find_force(text, ref),
                             ref.forces, "forces of England and Wales")
    extraction.cycle = _pick(extraction, "cycle", cycle, ref.cycle_named, lambda: find_cycle(text, ref),
                             ref.cycles, "PEEL cycles")
    if not extraction.cycle:
        return extraction
    lines = clean_lines(text)
    page = layouts.Page(lines, ref, extraction.cycle, extraction.force, tables=document.tables)
    reading = layouts.read_all(page)
    found = list(reading.found)
    _collect(extraction, ref, found, lines)
    _list_unread(extraction, lines, reading)
    for item in (*extraction.candidates, *extraction.unread):
        item.where = document.where(item.line)
    if not extraction.candidates and not extraction.errors:
        extraction._say("error", f"no grades found for {extraction.cycle} in the document (looked for a grade "
                        "table, headings with a grade, 'Area: grade' lists and 'rated good at ...' sentences)")
    return extraction


IN_PROCESS_CHARS = 512 * 1024  # a report's text (a few hundred KB) is read here in seconds; longer, in a child
_KEPT = 8  # readings kept, so a page's rerun does not read a long document again
_kept: OrderedDict[tuple, Extraction] = OrderedDict()
_kept_lock = threading.Lock()


def extract_within_budget(document: Document, force: str | None = None, cycle: str | None = None,
                          data_dir: Path = DATA_DIR) -> Extraction:
    """extract(), a long text read in a child process within the reading budgets (peel.reports.reading:
    MAX_SECONDS, MAX_MEMORY) so it answers in time, with what it read or an error saying why it stopped.
    Readings are kept for reruns (the shared result is read, never changed)."""
    if len(document.text) <= IN_PROCESS_CHARS:
        return extract(document, force, cycle, data_dir)
    key = (hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest(), document.name, force, cycle,
           str(data_dir), inputs_mtime(Path(data_dir)))
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    try:
        output = budgets.in_child("peel.reports.extract", document.name,
                                  pickle.dumps((document, force, cycle, str(data_dir))))
        try:
            answer = pickle.loads(output)
        except (pickle.UnpicklingError, EOFError, ValueError):  # the child ran out of memory or crashed
            raise UnreadableDocument(f"{document.name} needs more memory to read than a report could, so "
                                     "reading stopped; paste the pages that state its grades instead") from None
        if isinstance(answer, str):
            raise UnreadableDocument(answer)
    except UnreadableDocument as exc:
        answer = Extraction(None, None)
        answer._say("error", str(exc))
    with _kept_lock:
        _kept[key] = answer
        while len(_kept) > _KEPT:
            _kept.popitem(last=False)
    return answer


def _child(name: str) -> int:
    """python -m peel.reports.extract NAME: (document, force, cycle, data_dir) pickled on stdin; the Extraction
    (or a message, when memory ran out) pickled on stdout."""
    from peel.reports import extract as this  # not __main__'s copy: the parent unpickles peel.reports.extract's

    budgets.limit_memory()
    document, force, cycle, data_dir = pickle.loads(sys.stdin.buffer.read())
    try:
        answer = this.extract(document, force, cycle, Path(data_dir))
    except MemoryError:
        answer = f"{name} needs more memory to read than a report could, so reading stopped; paste the pages " \
                 "that state its grades instead"
    sys.stdout.buffer.write(pickle.dumps(answer))
    return 0


def _collect(extraction: Extraction, ref: Reference, found, lines: list[str]) -> None:
    """Keep each area's grade once; an area with two different grades is a conflict and is left out."""
    cycle = extraction.cycle
    scale = ref.scale[cycle]
    by_area: dict[str, list] = {}
    for f in sorted(found, key=lambda f: f.line):
        if f.grade == NOT_A_GRADE:
            extraction._say("info", f"line {f.line}: '{f.wording}' has no rating; not a grade")
        elif f.area is None:
            if f.explicit:
                extraction._say("warning", f"line {f.line}: '{f.wording}' ({f.grade}) is not an area of {cycle} "
                                "that PEEL Explorer knows; left out (if it is one, pick its area by hand)")
        elif f.grade not in scale:
            extraction._say("warning", f"line {f.line}: {f.area} '{f.grade}' is not on the scale of {cycle} "
                            f"({', '.join(scale)}); left out")
        else:
            by_area.setdefault(f.area, []).append(f)
    for area, items in by_area.items():
        grades = sorted({f.grade for f in items}, key=scale.index)
        if len(grades) > 1:
            where = "; ".join(f"{f.grade} at line {f.line}" for f in items)
            extraction._say("conflict", f"{area}: the document gives different grades ({where}); left out, "
                            "add the right one by hand")
            continue
        first = min(items, key=lambda f: bool(f.fuzzy))  # an exact reading rather than a fuzzy one
        text = line_text(lines, first.line)
        if first.note:
            text = f"{text} [{first.note}]"
        fuzzy = first.fuzzy if all(f.fuzzy for f in items) else ""
        extraction.candidates.append(Candidate(extraction.force, cycle, area, first.grade, first.line, text,
                                               carried_over(ref, cycle, lines, first), fuzzy, reader=first.reader))
    extraction.candidates.sort(key=lambda c: c.line)


def line_text(lines: list[str], number: int) -> str:
    """Line number (1-based) as shown to the user: cells joined with ' | ', cut to TEXT_CHARS."""
    text = " | ".join(c.strip() for c in lines[number - 1].strip().split("\t") if c.strip())
    text = " ".join(text.split())
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


CARRIED = re.compile(r"\bcarried\s+(?:over|forward)\b|\bbrought\s+forward\b", re.I)
STARRED = re.compile(rf"(?<![*\w])(?:{GRADE_PATTERN})\*+(?!\*)", re.I)


def carried_over(ref: Reference, cycle: str, lines: list[str], found) -> str:
    """The cycle a grade marked as carried over ('Good*' with a footnote saying so, 'Good (carried over from
    2021/22)') was awarded in: the one the mark or its footnote names, else the cycle before. '' if fresh."""
    line = lines[found.line - 1][:LINE_CAP]
    if CARRIED.search(line):
        note = line
    elif STARRED.search(line):
        note = next((ln for ln in lines if ln.lstrip().startswith("*") and CARRIED.search(ln[:LINE_CAP])), "")
        if not note:
            return ""
    else:
        return ""
    for m in RANGE.finditer(note[:LINE_CAP]):
        named = ref.cycle_of_years(m.group(1), m.group(2))
        if named and named != cycle:
            return named
    return ref.cycle_before(cycle) or ""


LINE_CAP = 2000
UNREAD_CAP = 200  # lines listed at most; a document with more is not a report


def _list_unread(extraction: Extraction, lines: list[str], reading: layouts.Reading) -> None:
    """Every line holding a grade word that gave no candidate, with why when it is known."""
    found = reading.found
    unknown = {f.line - 1 for f in found if f.area is None and f.grade != NOT_A_GRADE}
    read = set(reading.used) - unknown
    for f in found:
        if f.area or f.grade == NOT_A_GRADE:
            read.add(f.line - 1)
            read.update(n - 1 for n in f.lines)
    for i, line in enumerate(lines):
        if i in read or not layouts.GRADE_RE.search(line[:LINE_CAP]):
            continue
        if len(extraction.unread) >= UNREAD_CAP:
            extraction._say("info", f"more than {UNREAD_CAP} lines mention a grade but were not read; "
                            "only the first are listed")
            break
        why = reading.skipped.get(i) or next((f.fuzzy for f in found if f.line == i + 1 and f.fuzzy), "")
        extraction.unread.append(Unread(i + 1, line_text(lines, i + 1), why))


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
