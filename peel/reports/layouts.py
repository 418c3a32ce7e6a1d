"""The readers: one per layout a grade can be written in, each a named, pure function from a Page to a Reading.

A reader's body takes the Page (the lines, the reference data, the cycle and force being read, the lines
earlier readers have read, a PDF's tables read by position), its own working set of read lines and its own
dict of lines it skips with why; it yields Found items: an area of the cycle (or None when the wording names
no area), the grade (or wording.NOT_A_GRADE for "no rating"), the line number (1-based) and the wording used.
Reader wraps a body so that calling it leaves the Page untouched and returns what it found, every Found
named with the reader, the lines it read and the lines it skipped: so each reader can be run and tested
alone, and READERS, in order, is the registry extract runs (read_all). A line an earlier reader has read is
not read again by a later one.

Patterns are anchored on layout, never on a grade word alone: "has a good understanding of vulnerability"
states no grade. Every pattern is linear in the length of a line: a match never scans on to the end of
the line, and lists are walked word by word.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from collections.abc import Callable, Iterator

from peel.reports.wording import GRADE_PATTERN, GRADE_WORDS, NOT_A_GRADE, Reference, grade_of

GRADE_RE = re.compile(rf"\b(?:{GRADE_PATTERN})\b", re.I)
QUOTE = "['‘’\"“”]?"
BULLET = re.compile(r"^\s*(?:[-*•–▪◦●]|#{1,6}|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
LIST_ITEM = re.compile(r"^\s*(?:[-*•–▪◦●]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
LONG_LINE = 200  # a longer line is prose, not a heading or a label
SENTENCE_CAP = 600  # characters after a grade word that can hold its areas


@dataclass
class Found:
    area: str | None
    grade: str
    line: int
    wording: str  # the words the area was read from
    explicit: bool = False  # a table cell or heading: an unknown area there is worth a warning
    note: str = ""  # where the grade sits, when the line alone does not say: "column Good"
    fuzzy: str = ""  # set when the area was matched by likeness, for the user to confirm
    lines: tuple = ()  # every line the statement spans (a sentence may run over several)
    reader: str = ""  # the name of the reader that found it (Reader sets it)


@dataclass(frozen=True)
class Page:
    """What the readers read: the document's lines and what is known about it. No reader changes it."""
    lines: list[str]
    ref: Reference
    cycle: str
    force: str | None = None
    used: frozenset = frozenset()  # 0-based lines earlier readers have read
    tables: list = field(default_factory=list)  # a PDF's grade tables read by position (pdf_tables.read)

    def area(self, text: str) -> tuple[str | None, str]:
        """(area, fuzzy note): the area text names exactly, else one it is close to."""
        named = self.ref.areas_named(text, self.cycle)
        if len(named) == 1:
            return named.pop(), ""
        if named:
            return None, ""
        return self.ref.fuzzy_area(text, self.cycle)


@dataclass(frozen=True)
class Reading:
    """What one reader (or all of them, read_all) found in a Page."""
    reader: str
    found: tuple[Found, ...]
    used: frozenset  # 0-based lines read (a later reader leaves them alone)
    skipped: dict = field(default_factory=dict)  # 0-based line -> why a grade word there is not this document's


@dataclass(frozen=True)
class Reader:
    """A named reader: reads says what layout it reads; body(page, used, skipped) yields Found items, adding
    the lines it reads to used (its own copy of page.used) and the lines it rejects, with why, to skipped."""
    name: str
    reads: str
    body: Callable[[Page, set, dict], Iterator[Found]]

    def __call__(self, page: Page) -> Reading:
        used: set = set(page.used)
        skipped: dict = {}
        found = tuple(replace(f, reader=self.name) for f in self.body(page, used, skipped))
        return Reading(self.name, found, frozenset(used - page.used), skipped)


def _grade(word: str) -> str:
    return GRADE_WORDS[" ".join(word.lower().split())]


def cells(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated table row (positions kept), or None if the line is not one."""
    if "\t" in line:
        return [c.strip() for c in line.rstrip("\r\n").split("\t")]
    stripped = line.strip()
    if stripped.count("|") >= 1 and "||" not in stripped:
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        return [c.strip() for c in stripped.split("|")]
    return None


def _is_rule(row: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?|", c) for c in row) and any(row)


CHUNK = re.compile(r"\S+(?: \S+)*")


def _chunks(line: str) -> list[tuple[int, str]]:
    """The runs of text in a line separated by two or more spaces, with where each starts."""
    return [(m.start(), m.group()) for m in CHUNK.finditer(line)]


def _grade_header(line: str) -> tuple[list[int], list[str], bool] | None:
    """A grade table's header ('Outstanding | Good | Adequate ...', tab separated or laid out with spaces):
    (column positions, grades, aligned) where aligned means positions are character columns."""
    if len(line) > 400:
        return None
    row = cells(line)
    aligned = row is None
    parts = list(enumerate(row)) if row is not None else _chunks(line)
    grades = [(k, grade_of(t)) for k, t in parts if t]
    if len(grades) >= 3 and all(g not in (None, NOT_A_GRADE) for _, g in grades):
        return [k for k, _ in grades], [g for _, g in grades], aligned
    return None


CONTINUES = {"and", "of", "to", "the", "a", "for", "with", "in", "on", "about", "its", "from", "by"}


def _merge(fragments: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """One column's fragments, top to bottom, joined into cells: a fragment starting in lower case, or
    after one ending in 'and', 'of', 'to' ... or a hyphen, continues the cell above (a wrapped cell)."""
    merged: list[list] = []
    for line, text in fragments:
        last = merged[-1][1] if merged else ""
        tail = last.rsplit(" ", 1)[-1].lower()
        if merged and (text[:1].islower() or tail in CONTINUES or last.endswith("-")):
            merged[-1][1] = last + ("" if last.endswith("-") else " ") + text
        else:
            merged.append([line, text])
    return [(line, text) for line, text in merged]


def grade_columns(page: Page, used: set, skipped: dict):
    """Tables whose header names the grades, each area under its grade's column (as in 003 and 004), cells
    read by position (tab or pipe cells, or character columns as a PDF's words are laid out) and a cell
    that wraps over lines read as one."""
    lines, i = page.lines, 0
    while i < len(lines):
        header = _grade_header(lines[i]) if i not in used else None
        if not header:
            i += 1
            continue
        starts, grades, aligned = header
        used.add(i)
        columns: dict[int, list[tuple[int, str]]] = {k: [] for k in range(len(starts))}
        widths = [b - a for a, b in zip(starts, starts[1:])] or [40]
        widths.append(max(widths))
        i += 1
        blank = 0
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                blank += 1
                if blank > 3 or not aligned:
                    break
                i += 1
                continue
            blank = 0
            if aligned:
                row = []
                for start, text in _chunks(line):
                    col = min(range(len(starts)), key=lambda k: abs(starts[k] - start))
                    if abs(starts[col] - start) > 3 or len(text) > widths[col] + 2 or grade_of(text):
                        row = None
                        break
                    row.append((col, text))
                if row is None:
                    break
            else:
                row = cells(line)
                if row is None:
                    break
                if _is_rule(row):
                    used.add(i)
                    i += 1
                    continue
                row = [(starts.index(k), c) for k, c in enumerate(row) if c and k in starts]
            used.add(i)
            for col, text in row:
                columns[col].append((i, text))
            i += 1
        for col, fragments in columns.items():
            for line, cell in _merge(fragments):
                area, fuzzy = page.area(cell)
                yield Found(area, grades[col], line + 1, cell, explicit=True, fuzzy=fuzzy,
                            note=f"{cell}: column {grades[col]}")


def position_tables(page: Page, used: set, skipped: dict):
    """A PDF's grade tables as its words' positions read them (peel.reports.pdf_tables): each cell under its
    grade's column, or beside its grade in a grade column. The text lines a table covers are not read again."""
    for table in page.tables:
        used.update(n - 1 for n in table["lines"])
        for cell in table["cells"]:
            area, fuzzy = page.area(cell["text"])
            yield Found(area, cell["grade"], cell["line"], cell["text"], explicit=True, fuzzy=fuzzy,
                        note=f"{cell['text']}: {cell['grade']}, read by position in the table")


def area_header_tables(page: Page, used: set, skipped: dict):
    """Tables whose header names areas, with the grades in the row below ('| Pillar | Effectiveness | ...')."""
    lines = page.lines
    for i in range(len(lines) - 1):
        header = cells(lines[i]) if i not in used else None
        below = cells(lines[i + 1]) if header else None
        if not below:
            continue
        areas = [page.ref.match_area(c, page.cycle) if c else None for c in header]
        if sum(1 for a in areas if a) < 2:
            continue
        pairs = [(k, a, grade_of(below[k])) for k, a in enumerate(areas) if a and k < len(below)]
        if pairs and all(g for _, _, g in pairs):
            used.update((i, i + 1))
            for k, area, grade in pairs:
                yield Found(area, grade, i + 2, header[k], explicit=True)


LABEL_SPLIT = re.compile(r"\s*:\s+|\s+[-–—]\s+|\s{3,}")


def label_grade_pairs(page: Page, used: set, skipped: dict):
    """A label and a grade on one line: '| Effectiveness | Good |', 'Investigating crime | Requires
    improvement', 'Investigating crime: Adequate', 'Investigating crime - Good', 'Good | Investigating
    crime' (grade first), or a grade and a list of areas: 'Good: preventing crime; recording data'."""
    for i, line in enumerate(page.lines):
        if i in used or len(line) > LONG_LINE:
            continue
        row = cells(line)
        if row is None:
            parts = LABEL_SPLIT.split(BULLET.sub("", line).strip(), maxsplit=1)
            row = parts if len(parts) == 2 else None
        if not row or _is_rule(row):
            continue
        filled = [c for c in row if c]
        graded = [(k, grade_of(c)) for k, c in enumerate(filled) if grade_of(c)]
        if len(filled) < 2 or len(graded) != 1:
            continue
        k, grade = graded[0]
        others = [c for j, c in enumerate(filled) if j != k]
        if len(others) != 1:
            continue
        label = others[0]
        if k == 0 and re.search(r"[;,]", label):  # 'Good: preventing crime; tackling serious ...'
            parts = [p for p in re.split(r"\s*[;,]\s*(?:and\s+)?", label) if p]
            areas = [page.area(p) for p in parts]
            if all(a for a, _ in areas):
                used.add(i)
                for part, (area, fuzzy) in zip(parts, areas):
                    yield Found(area, grade, i + 1, part, fuzzy=fuzzy)
                continue
        area, fuzzy = page.area(label)
        if area or grade == NOT_A_GRADE or not GRADE_RE.search(label):
            used.add(i)
            yield Found(area, grade, i + 1, label, explicit=True, fuzzy=fuzzy)


BRACKETED = re.compile(r"^(?P<label>[^()\[\]]{3,150}?)\s*[(\[]\s*(?P<grade>[^()\[\]]{2,40}?)\s*[)\]]\s*[.:]?$")


def bracketed_headings(page: Page, used: set, skipped: dict):
    """A heading with its grade in brackets: 'Investigating crime (requires improvement)'."""
    for i, line in enumerate(page.lines):
        if i in used or len(line) > LONG_LINE:
            continue
        m = BRACKETED.match(BULLET.sub("", line).strip())
        if m and grade_of(m.group("grade")):
            used.add(i)
            area, fuzzy = page.area(m.group("label"))
            yield Found(area, grade_of(m.group("grade")), i + 1, m.group("label"), fuzzy=fuzzy)


TRIGGER_WORDS = r"(?:rated|graded|judged|assessed|found|considered)"
LIST_LEAD = re.compile(rf"\b{TRIGGER_WORDS}\s+(?:(?:the\s+)?(?:force|constabulary|service|it)\s+)?"
                       rf"(?:(?:to\s+be|as(?:\s+being)?|was|is)\s+)?{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}"
                       rf"(?:\s+(?:at|in|for|on|were|are|was|is)){{0,2}}(?:\s+(?:the\s+)?following(?:\s+areas?)?)?"
                       rf"\s*:\s*$", re.I)


def grade_then_list(page: Page, used: set, skipped: dict):
    """A grade heading, or a sentence ending in a colon ('The force was found to be inadequate at:', 'The
    four areas where it was found to be adequate were:'), then a bulleted or numbered list of areas."""
    lines = page.lines
    for i, line in enumerate(lines):
        if i in used or not line.strip() or len(line) > LONG_LINE:
            continue
        grade = grade_of(line) if not LIST_ITEM.match(line) else None
        if grade == NOT_A_GRADE:
            grade = None
        if not grade and line.rstrip().endswith(":"):
            m = LIST_LEAD.search(line)
            grade = _grade(m.group("grade")) if m else None
        if not grade:
            continue
        j = i + 1
        if j < len(lines) and not lines[j].strip():
            j += 1
        items = []
        while j < len(lines) and LIST_ITEM.match(lines[j]) and len(lines[j]) <= LONG_LINE:
            text = LIST_ITEM.sub("", lines[j]).strip().rstrip(".;,")
            area, fuzzy = page.area(text)
            if not area:
                break
            items.append(Found(area, grade, j + 1, text, fuzzy=fuzzy, note=f"listed under '{line.strip()}'"))
            j += 1
        if items:
            used.add(i)
            used.update(f.line - 1 for f in items)
            yield from items


META = re.compile(r"^(?:\d{1,2}|(?:last )?updated\b.*|published\b.*|[\d/.\s-]+|.*\?)$", re.I)


def heading_then_grade(page: Page, used: set, skipped: dict):
    """A heading, then its grade alone on a line a little below (000, 001). Only a question or a line such
    as 'Last updated 12/12/2017' may sit between them; any other line is the heading or ends the search."""
    lines = page.lines
    for i, line in enumerate(lines):
        grade = grade_of(line) if line.strip() and i not in used and len(line) <= LONG_LINE else None
        if not grade:
            continue
        for j in range(i - 1, max(i - 8, -1), -1):
            if not lines[j].strip():
                continue
            text = BULLET.sub("", lines[j]).strip()
            if len(text) > LONG_LINE or j in used or LIST_ITEM.match(lines[j]) or GRADE_RE.search(text) \
                    or grade_of(text):
                break
            area, fuzzy = page.area(text)
            if area or not META.match(text):
                used.add(i)
                yield Found(area, grade, i + 1, text, explicit=True, fuzzy=fuzzy,
                            note=f"under '{text}', line {j + 1}")
                break


BOILERPLATE = re.compile(r"\b(?:at )?(?:keeping|keeps) people safe and (?:reducing|reduces) crime\b", re.I)
PILLAR_ADJECTIVES = {"effective": "Effectiveness", "efficient": "Efficiency", "legitimate": "Legitimacy"}
EXTENT = re.compile(rf"extent to which [^.]{{0,60}}?\bis (?P<adj>effective|efficient|legitimate)\b"
                    rf"(?P<what>[^.]{{0,160}}?)\bis\s+{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}", re.I)
# What comes just before a grade word that makes it a statement of this document's grade.
TRIGGER = re.compile(rf"\b{TRIGGER_WORDS}\s+(?:(?:the\s+)?(?:force|constabulary|service|it|them)\s+)?"
                     rf"(?:(?:to\s+be|as(?:\s+being)?|was|is)\s+)?{QUOTE}$", re.I)
SUBJECT = r"(?:\bthe\s+(?:force|constabulary|service)|\bit)"
VERB = r"(?:\s+(?:is|was|remains|has\s+been|had\s+been))?"
NEGATED = re.compile(r"\b(?:not|never|no\s+longer)\s+(?:\w+\s+){0,3}$|n't\s+(?:\w+\s+){0,3}$", re.I)
AFTER_GRADE = re.compile(rf"^{QUOTE}\s*(?:in\s+(?:\w+\s+){{0,2}}areas?\b[^:.]{{0,60}}:\s*"
                         rf"|(?:at|in|for|on|across)\s+(?:(?:the\s+)?(?:areas?|inspection\s+area)\s+of\s+|terms\s+of\s+)?)",
                         re.I)
JOINT = re.compile(r"^[\s,;]*(?:(?:and|but|while|whereas)\s+)?(?:it\s+(?:was|is)\s+)?"
                   r"(?:(?:rated|graded|judged|found)\s+)?$", re.I)
SUBJECT_RATED = re.compile(rf"(?:^|[.;:]\s+)(?P<what>[^.;:]{{3,100}}?)\s+(?:is|was|has been|were|have been)\s+"
                           rf"(?:rated|graded|judged|assessed)\s+(?:as\s+)?{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}"
                           rf"(?=\s*(?:[.;,]|$))", re.I)
GRADE_OF = re.compile(rf"\b(?:grading|grade|judgement|judgment|rating) of\s+{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}"
                      rf"\s+(?:for|in|within)\s+(?:the\s+)?(?:inspection\s+)?(?:area\s+of\s+)?(?P<what>[^.,;]{{1,120}})",
                      re.I)
SENTENCE_END = re.compile(r"(?<=[.!?;])[\"'”’)]?\s+")
YEARS = re.compile(r"(?<![\d/])(20\d\d)(?:\s*[/-]\s*(20\d\d|\d\d))?(?![\d/])")
OTHER_TIME = re.compile(r"\b(?:last\s+time|previous(?:ly)?|last\s+(?:year|inspection|report)|the\s+year\s+before|"
                        r"(?:its|our|the)\s+(?:last|previous|earlier)\s+(?:inspection|report|assessment)|"
                        r"used\s+to\s+be|before\s+that)\b", re.I)


def _paragraphs(page: Page, used: set):
    """Runs of prose lines: no blank line, table row or line already read between them; a list item starts
    a run of its own."""
    run: list[int] = []
    for i, line in enumerate(page.lines):
        prose = bool(line.strip()) and i not in used and cells(line) is None
        if prose and run and not LIST_ITEM.match(line):
            run.append(i)
            continue
        if run:
            yield run
        run = [i] if prose else []
    if run:
        yield run


def _sentences(page: Page, used: set):
    """Each sentence of the document's prose that holds a grade word, across line breaks:
    (sentence, the 0-based lines of its paragraph, where each line starts in the paragraph, sentence start)."""
    for run in _paragraphs(page, used):
        text, offsets = "", []
        for i in run:
            offsets.append(len(text))
            text += page.lines[i].strip() + " "
        start = 0
        for m in [*SENTENCE_END.finditer(text), None]:
            end = m.start() if m else len(text)
            if end > start and GRADE_RE.search(text, start, end):
                yield text[start:end], run, offsets, start
            if m:
                start = m.end()


def _not_this_document(page: Page, sentence: str) -> str:
    """Why a sentence's grades are not this document's (another force, another inspection), or ''."""
    other = page.ref.other_force(sentence, page.force)
    if other:
        return f"about {other}"
    if OTHER_TIME.search(sentence):
        return "about an earlier inspection"
    for m in YEARS.finditer(sentence):
        years = page.ref.cycles.get(page.cycle)
        first = int(m.group(1))
        if years and not years[0] <= first <= years[1]:
            return f"about {m.group(0)}"
    return ""


GRADE_COLON = re.compile(rf"(?<![\w-])(?P<grade>{GRADE_PATTERN})\s*:\s+", re.I)
LIST_END = re.compile(r"\.(?:\s|$)")


def _joined(page: Page, run: list[int]) -> tuple[str, list[int]]:
    """A paragraph's lines joined into one text, and where each line starts in it."""
    text, offsets = "", []
    for i in run:
        offsets.append(len(text))
        text += page.lines[i].strip() + " "
    return text, offsets


def graded_lists_in_prose(page: Page, used: set, skipped: dict):
    """Several grades in a paragraph, each followed by a colon and the areas it was given: 'Good: Preventing
    crime, Protecting vulnerable people. Adequate: Leadership and force management. Requires improvement:
    Investigating crime.' (one 'Grade: areas' alone on a line is label_grade_pairs'). A list that names
    something other than an area gives no grade, and its line says why."""
    for run in _paragraphs(page, used):
        text, offsets = _joined(page, run)
        heads = [m for m in GRADE_COLON.finditer(text)
                 if not text[:m.start()].strip() or text[:m.start()].rstrip().endswith((".", ";"))]
        if len(heads) < 2:
            continue
        line_of = _line_finder(run, offsets)
        for k, m in enumerate(heads):
            stop = heads[k + 1].start() if k + 1 < len(heads) else len(text)
            listed = LIST_END.split(text[m.end():stop], maxsplit=1)[0]
            areas, end = page.ref.areas_in(listed, page.cycle)
            rest = listed[end:].strip(" ,;")
            if not areas or rest:
                skipped.setdefault(line_of(m.start()) - 1, f"'{(rest or listed).strip()[:60]}' after "
                                   f"'{m.group('grade')}:' is not an area of {page.cycle}")
                continue
            used.update(range(line_of(m.start()) - 1, line_of(m.end() + len(listed) - 1)))
            for area, fuzzy, at in areas:
                yield Found(area, _grade(m.group("grade")), line_of(m.end() + at), listed[at:][:80].strip(),
                            fuzzy=fuzzy, note=f"listed after '{m.group('grade')}:'")


def _line_finder(run: list[int], offsets: list[int], base: int = 0) -> Callable[[int], int]:
    """The 1-based line of a position in text joined from the lines in run (offsets: where each starts)."""
    def line_of(pos: int) -> int:
        return run[bisect.bisect_right(offsets, base + pos) - 1] + 1
    return line_of


def _spans(line_of: Callable[[int], int], start: int, end: int) -> tuple[int, ...]:
    """The lines text[start:end] stands on."""
    return tuple(sorted({line_of(start), line_of(max(start, end - 1))}))


def sentences(page: Page, used: set, skipped: dict):
    """Grades stated in prose, a sentence at a time across line breaks: 'The extent to which the force is
    effective at keeping people safe and reducing crime is good', 'rated adequate at A, at B, and at C',
    'rated good at X, adequate at Y and inadequate at Z', 'The force requires improvement in A, in B and in
    C', 'Investigating crime was graded as good', 'a judgement of good within the inspection area of X'.
    A sentence about another force or an earlier inspection states no grade of this document."""
    subject = SUBJECT
    if page.force:
        names = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in page.ref.force_wordings(page.force))
        subject = rf"(?:{SUBJECT}|\b(?:{names})(?:\s+(?:police(?:\s+service)?|constabulary))?)"
    stated_by = re.compile(rf"{subject}{VERB}\s+{QUOTE}$", re.I)
    for sentence, run, offsets, base in _sentences(page, used):
        line_of = _line_finder(run, offsets, base)
        why = _not_this_document(page, sentence)
        if why:
            for pos in (m.start() for m in GRADE_RE.finditer(sentence)):
                skipped.setdefault(line_of(pos) - 1, why)
            continue
        grades = list(GRADE_RE.finditer(sentence))
        previous_end = None
        for k, g in enumerate(grades):
            before = sentence[max(0, g.start() - 80):g.start()]
            stated = TRIGGER.search(before) or stated_by.search(before)
            prefix = before[:stated.start()] if stated else before
            if not stated and previous_end is not None and JOINT.match(sentence[previous_end:g.start()]):
                stated = True
            if not stated or NEGATED.search(prefix):
                previous_end = None
                continue
            stop = grades[k + 1].start() if k + 1 < len(grades) else len(sentence)
            rest = sentence[g.end():min(stop, g.end() + SENTENCE_CAP)]
            lead = AFTER_GRADE.match(rest)
            if not lead:
                previous_end = None
                continue
            areas, end = page.ref.areas_in(rest[lead.end():], page.cycle)
            for area, fuzzy, at in areas:
                yield Found(area, _grade(g.group()), line_of(g.start()), rest[lead.end() + at:][:80].strip(),
                            fuzzy=fuzzy, lines=_spans(line_of, g.start(), g.end() + lead.end() + end))
            previous_end = g.end() + lead.end() + end if areas else None
        for m in EXTENT.finditer(sentence):
            what = BOILERPLATE.sub("", m.group("what")).strip(" ,")
            area = page.ref.match_area(what, page.cycle) if what else None
            if not what and PILLAR_ADJECTIVES[m.group("adj").lower()] in page.ref.areas.get(page.cycle, ()):
                area = PILLAR_ADJECTIVES[m.group("adj").lower()]
            yield Found(area, _grade(m.group("grade")), line_of(m.start()), m.group(0),
                        lines=_spans(line_of, m.start(), m.end()))
        for pattern in (SUBJECT_RATED, GRADE_OF):
            for m in pattern.finditer(sentence):
                area = page.ref.match_area(m.group("what"), page.cycle)
                if area:
                    yield Found(area, _grade(m.group("grade")), line_of(m.start("grade")), m.group("what").strip(),
                                lines=_spans(line_of, m.start(), m.end()))


# The registry, in the order extract runs it: a line one reader has read is not read again by a later one.
READERS = (
    Reader("pdf_position_tables", "a PDF's grade tables read from its words' positions (peel.reports.pdf_tables)",
           position_tables),
    Reader("grade_columns", "a table whose header names the grades, each area under its grade's column",
           grade_columns),
    Reader("area_header_tables", "a table whose header names areas, their grades in the row below",
           area_header_tables),
    Reader("bracketed_headings", "a heading with its grade in brackets: 'Investigating crime (good)'",
           bracketed_headings),
    Reader("label_grade_lines", "an area and its grade on one line ('Investigating crime: Good', '| A | Good |'), "
           "or a grade and a list of areas ('Good: A; B')", label_grade_pairs),
    Reader("graded_lists_in_prose", "several 'Grade: area, area.' in a paragraph ('Good: A, B. Adequate: C.')",
           graded_lists_in_prose),
    Reader("grade_then_list", "a grade heading or a lead-in sentence ending in a colon, then a list of areas",
           grade_then_list),
    Reader("heading_then_grade", "a heading, then its grade alone on a line just below", heading_then_grade),
    Reader("sentences", "grades stated in prose, a sentence at a time ('rated good at A, adequate at B')",
           sentences),
)
BY_NAME = {r.name: r for r in READERS}


def read_all(page: Page) -> Reading:
    """Every reader in turn, each given the lines the ones before it read: all they found, every line read
    and every line skipped (the first reason given for a line)."""
    found: list[Found] = []
    skipped: dict = {}
    for reader in READERS:
        reading = reader(page)
        found += reading.found
        for line, why in reading.skipped.items():
            skipped.setdefault(line, why)
        page = replace(page, used=page.used | reading.used)
    return Reading("all", tuple(found), page.used, skipped)
