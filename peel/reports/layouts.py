"""The layouts grades are written in, each a function from a document's lines to what it states.

Every function yields Found items: an area of the cycle (or None when the wording names no area), the
grade (or wording.NOT_A_GRADE for "no rating"), the line number (1-based) and the wording used.
Patterns are anchored on layout, never on a grade word alone: "has a good understanding of vulnerability"
states no grade.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from peel.reports.wording import GRADE_PATTERN, GRADE_WORDS, NOT_A_GRADE, Reference, grade_of

GRADE_RE = re.compile(rf"\b(?:{GRADE_PATTERN})\b", re.I)
QUOTE = "['‘’\"“”]?"
BULLET = re.compile(r"^\s*(?:[-*•–]|#{1,6}|\d{1,2}[.)])\s+")
LONG_LINE = 200  # a longer line is prose, not a heading or a label


@dataclass
class Found:
    area: str | None
    grade: str
    line: int
    wording: str  # the words the area was read from
    explicit: bool = False  # a table cell or heading: an unknown area there is worth a warning
    note: str = ""  # where the grade sits, when the line alone does not say: "column Good"


def _grade(word: str) -> str:
    return GRADE_WORDS[" ".join(word.lower().split())]


def cells(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated table row (positions kept), or None if the line is not one."""
    if "\t" in line:
        return [c.strip() for c in line.rstrip("\r\n").split("\t")]
    stripped = line.strip()
    if stripped.count("|") >= 1 and not re.search(r"\|\|", stripped):
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        return [c.strip() for c in stripped.split("|")]
    return None


def _is_rule(row: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?|", c) for c in row) and any(row)


def _chunks(line: str) -> list[tuple[int, str]]:
    """The runs of text in a line separated by two or more spaces, with where each starts."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def tabulate_aligned(lines: list[str]) -> list[str]:
    """Lines where a grade table is laid out with spaces (as a PDF's text comes out) rewritten with tabs,
    each cell in the column whose header starts nearest to it. Other lines are kept as they are."""
    out = list(lines)
    i = 0
    while i < len(lines):
        head = _chunks(lines[i]) if "\t" not in lines[i] and "|" not in lines[i] else []
        if len(head) >= 3 and all(grade_of(t) not in (None, NOT_A_GRADE) for _, t in head):
            starts = [s for s, _ in head]
            out[i] = "\t".join(t for _, t in head)
            i += 1
            while i < len(lines) and lines[i].strip() and "\t" not in lines[i]:
                row = [""] * len(starts)
                for start, text in _chunks(lines[i]):
                    col = min(range(len(starts)), key=lambda k: abs(starts[k] - start))
                    row[col] = f"{row[col]} {text}".strip()
                out[i] = "\t".join(row)
                i += 1
            continue
        i += 1
    return out


def tables(lines: list[str], ref: Reference, cycle: str, used: set[int]):
    """Tables whose header names the grades, with each area under its grade's column (as in 003 and 004);
    and tables whose header names areas, with the grades in the row below."""
    i = 0
    while i < len(lines):
        header = cells(lines[i])
        grades = [grade_of(c) if c else None for c in header] if header else []
        if header and sum(1 for g in grades if g) >= 3 and all(g for c, g in zip(header, grades) if c):
            used.add(i)
            i += 1
            while i < len(lines) and (row := cells(lines[i])) is not None:
                used.add(i)
                for col, cell in enumerate(row):
                    if cell and col < len(grades) and grades[col] and not _is_rule([cell]):
                        yield Found(ref.match_area(cell, cycle), grades[col], i + 1, cell, explicit=True,
                                    note=f"{cell}: column {header[col]}")
                i += 1
            continue
        if header and i + 1 < len(lines):
            below = cells(lines[i + 1])
            areas = [ref.match_area(c, cycle) if c else None for c in header]
            if below and sum(1 for a in areas if a) >= 2:
                pairs = [(a, grade_of(below[k])) for k, a in enumerate(areas) if a and k < len(below)]
                if pairs and all(g for _, g in pairs):
                    used.update((i, i + 1))
                    for k, (area, grade) in enumerate(pairs):
                        yield Found(area, grade, i + 2, header[areas.index(area)], explicit=True)
                    i += 2
                    continue
        i += 1


def label_grade_pairs(lines: list[str], ref: Reference, cycle: str, used: set[int]):
    """A label and a grade on one line: '| Effectiveness | Good |', 'Investigating crime | Requires
    improvement', 'Investigating crime: Adequate', 'Investigating crime - Good', or a grade and a list of
    areas: 'Good: preventing crime; recording data about crime'."""
    for i, line in enumerate(lines):
        if i in used or len(line) > LONG_LINE:
            continue
        row = cells(line)
        if row is None:
            parts = re.split(r"\s*:\s+|\s+[-–—]\s+|\s{3,}", BULLET.sub("", line).strip(), maxsplit=1)
            row = parts if len(parts) == 2 else None
        if not row or _is_rule(row):
            continue
        filled = [c for c in row if c]
        graded = [c for c in filled if grade_of(c)]
        if len(graded) != 1:
            continue
        others = [c for c in filled if c is not graded[0] and not re.fullmatch(r"[\d.,%]+", c)]
        grade = grade_of(graded[0])
        # "Good: preventing crime; recording data about crime" (every part must be an area)
        items = [p.strip() for p in re.split(r"[;,]", filled[-1]) if p.strip()]
        areas = [ref.match_area(p, cycle) for p in items]
        if len(filled) == 2 and filled[0] is graded[0] and items and all(areas):
            used.add(i)
            for item, area in zip(items, areas):
                yield Found(area, grade, i + 1, item)
        elif len(others) == 1:
            used.add(i)
            yield Found(ref.match_area(others[0], cycle), grade, i + 1, others[0], explicit=True)


BRACKETED = re.compile(r"^(?P<label>.{3,150}?)\s*[(\[]\s*(?P<grade>[^()\[\]]{2,40}?)\s*[)\]]\s*[.:]?$")


def bracketed_headings(lines: list[str], ref: Reference, cycle: str, used: set[int]):
    """A heading with its grade in brackets: 'Investigating crime (requires improvement)'."""
    for i, line in enumerate(lines):
        m = BRACKETED.match(BULLET.sub("", line).strip())
        if i not in used and m and grade_of(m.group("grade")):
            used.add(i)
            yield Found(ref.match_area(m.group("label"), cycle), grade_of(m.group("grade")), i + 1,
                        m.group("label"))


META = re.compile(r"^(?:\d{1,2}|(?:last )?updated\b.*|published\b.*|[\d/.\s-]+|.*\?)$", re.I)


def heading_then_grade(lines: list[str], ref: Reference, cycle: str, used: set[int]):
    """A heading, then its grade alone on a line a little below (000, 001). Only a question or a line such
    as 'Last updated 12/12/2017' may sit between them; any other line is the heading or ends the search."""
    for i, line in enumerate(lines):
        grade = grade_of(line) if line.strip() and i not in used else None
        if not grade:
            continue
        for j in range(i - 1, max(i - 8, -1), -1):
            text = BULLET.sub("", lines[j]).strip()
            if not text:
                continue
            if len(text) > LONG_LINE or j in used or GRADE_RE.search(text) or grade_of(text):
                break
            area = ref.match_area(text, cycle)
            if area or not META.match(text):
                used.add(i)
                yield Found(area, grade, i + 1, text, explicit=True, note=f"under '{text}', line {j + 1}")
                break


BOILERPLATE = re.compile(r"\b(?:at )?(?:keeping|keeps) people safe and (?:reducing|reduces) crime\b", re.I)
PILLAR_ADJECTIVES = {"effective": "Effectiveness", "efficient": "Efficiency", "legitimate": "Legitimacy"}
EXTENT = re.compile(rf"extent to which [^.]{{0,60}}?\bis (?P<adj>effective|efficient|legitimate)\b"
                    rf"(?P<what>[^.]*?)\bis\s+{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}", re.I)
TRIGGER = re.compile(r"\b(?<!not )(?<!never )(?:rated|graded|judged|assessed|found)\s+"
                     r"(?:(?:the (?:force|constabulary|service)|it|them)\s+)?(?:to be\s+|as\s+(?:being\s+)?)?", re.I)
GRADED_AT = re.compile(rf"{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}\s+(?:at|in|for|on)\s+(?P<what>.+?)"
                       rf"(?=\s*(?:[,;.]|$|\band\s+(?:at\s+)?{QUOTE}(?:{GRADE_PATTERN})\b))", re.I)
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)", re.I)
SUBJECT_RATED = re.compile(rf"(?:^|[.;:]\s+)(?P<what>[^.;:]{{3,100}}?)\s+(?:is|was|has been|were|have been)\s+"
                           rf"(?:rated|graded|judged|assessed)\s+(?:as\s+)?{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}"
                           rf"(?=\s*(?:[.;,]|$))", re.I)
GRADE_OF = re.compile(rf"\b(?:grading|grade|judgement|judgment|rating) of\s+{QUOTE}(?P<grade>{GRADE_PATTERN}){QUOTE}"
                      rf"\s+(?:for|in|within)\s+(?:the\s+)?(?:inspection\s+)?(?:area\s+of\s+)?(?P<what>[^.,;]+)", re.I)


def sentences(lines: list[str], ref: Reference, cycle: str, used: set[int]):
    """Grades stated in prose: 'The extent to which the force is effective at keeping people safe and
    reducing crime is good', 'rated adequate at managing offenders and suspects' (and lists of them:
    'rated good at X, adequate at Y and inadequate at Z'), 'Investigating crime was graded as good',
    'a judgement of good within the inspection area of preventing crime'."""
    for i, line in enumerate(lines):
        if i in used or not GRADE_RE.search(line):
            continue
        for m in EXTENT.finditer(line):
            what = BOILERPLATE.sub("", m.group("what")).strip(" ,")
            area = ref.match_area(what, cycle) if what else None
            if not what and PILLAR_ADJECTIVES[m.group("adj").lower()] in ref.areas.get(cycle, ()):
                area = PILLAR_ADJECTIVES[m.group("adj").lower()]
            yield Found(area, _grade(m.group("grade")), i + 1, m.group(0))
        for m in TRIGGER.finditer(line):
            pos = m.end()
            while (g := GRADED_AT.match(line, pos)):
                yield Found(ref.match_area(g.group("what"), cycle), _grade(g.group("grade")), i + 1, g.group("what"))
                pos = g.end()
                join = LIST_JOIN.match(line, pos)
                if not join:
                    break
                pos = join.end()
        for pattern in (SUBJECT_RATED, GRADE_OF):
            for m in pattern.finditer(line):
                area = ref.match_area(m.group("what"), cycle)
                if area:
                    yield Found(area, _grade(m.group("grade")), i + 1, m.group("what").strip())


# In this order: a line one layout has read is not read again by a later one.
LAYOUTS = (tables, bracketed_headings, label_grade_pairs, heading_then_grade, sentences)
