"""Grade tables read from a PDF's word coordinates (pdfplumber), where layout text jumbles them.

pypdf's layout text puts a table's words on lines by their height on the page, so a table whose cells wrap,
whose headers are centred over their columns or whose columns sit close together comes out with the lines
of different cells interleaved. Here the words' positions decide. A header line naming the grades
('Outstanding  Good  Adequate  Requires improvement  Inadequate') or a header with a 'Grade' column fixes
the columns; the gutter between two headers (the widest strip no word below covers) splits them; each word
goes to the column it falls in; the lines of one cell are merged while they sit close together with no
rule between them. Each table is then placed on the lines of the layout text it covers, so a grade read
from it carries a line of the text the user is shown, and the text layouts leave those lines alone.

Only pages whose layout text looks like it holds such a table are read this way (might_hold_table).
"""
from __future__ import annotations

import io
import re
import time
from collections import Counter
from dataclasses import dataclass

from peel.reports.wording import NOT_A_GRADE, grade_of

GRADE_HEADINGS = {"grade", "grades", "grading", "rating", "judgement", "judgment", "grade awarded"}
MAX_PAGES = 60  # pages read by position at most: a report has a handful of grade tables
MAX_SECONDS = 20  # of reading by position; the text read by pypdf stands on its own after that
CELL_GAP = 0.8  # a wider gap between two lines of a column (in font sizes) starts a new cell
TABLE_GAP = 2.5  # a wider gap below the last line read ends the table
HEADER_LINES = 3  # visual lines a header row may take
RUN_GAP = 0.35  # words closer than this (in font sizes) are one run of text (a space is about 0.28)
_GRADE_CHUNK = re.compile(r"(?:outstanding|good|adequate|inadequate|requires?)\b", re.I)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Cell:
    grade: str
    text: str
    first: list  # the words of the cell's first line, to find it in the layout text


def might_hold_table(page_text: str) -> bool:
    """Whether a page's layout text has a line laid out in columns (runs two or more spaces apart) with two
    runs starting with a grade, or a 'Grade' column heading beside another."""
    for line in page_text.split("\n"):
        chunks = re.split(r"\s{2,}", line.strip()[:1000])
        if len(chunks) > 1 and (sum(1 for c in chunks if _GRADE_CHUNK.match(c)) > 1
                                or any(c.lower().strip(":") in GRADE_HEADINGS for c in chunks[1:])):
            return True
    return False


def read(data: bytes, page_texts: list[str], starts: list[int], deadline: float | None = None) -> list[dict]:
    """The grade tables of the PDF, each placed on the layout text: {"lines": [1-based lines it covers],
    "cells": [{"grade", "text", "line"}]}. page_texts are the pages' layout text, starts the 1-based line
    each page starts on. Pages are read until MAX_PAGES, MAX_SECONDS or the deadline (time.monotonic());
    a page pdfplumber cannot read gives no table (its layout text is still read)."""
    import pdfplumber

    wanted = [k for k, text in enumerate(page_texts) if might_hold_table(text)][:MAX_PAGES]
    if not wanted:
        return []
    found = []
    deadline = min(time.monotonic() + MAX_SECONDS, deadline or float("inf"))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for k in wanted:
            if time.monotonic() > deadline or k >= len(pdf.pages):
                break
            page = pdf.pages[k]
            try:
                words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w.get("size") or 10)
                         for w in page.extract_words(extra_attrs=["size"])]
                rules = [(e["x0"], e["x1"], e["top"]) for e in page.horizontal_edges]
            except Exception:  # a page pdfminer cannot read by position is read as text only
                continue
            finally:
                page.close()
            lines = page_texts[k].split("\n")
            for table_words, cells in tables(words, rules):
                placed = place(table_words, cells, lines, starts[k])
                if placed:
                    found.append(placed)
    return found


def visual_lines(words: list[Word]) -> list[list[Word]]:
    """The words grouped into lines by height on the page, each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(w.top - lines[-1][0].top) <= 0.3 * max(w.size, lines[-1][0].size):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def runs(line: list[Word]) -> list[list[Word]]:
    """A line's runs of text: words a word space apart."""
    out: list[list[Word]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 <= RUN_GAP * w.size:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _text(words) -> str:
    return " ".join(w.text for w in words)


def grade_header(lines: list[list[Word]], i: int) -> tuple[list, list] | None:
    """Lines i.. as a header row naming three or more grades, on one line or on up to three close lines (a
    heading that wraps, 'Requires' above 'improvement', beside headings centred on the row's height):
    ([(grade, x0, x1)] left to right, the words it holds)."""
    used: list[Word] = []
    for k in range(i, min(i + HEADER_LINES, len(lines))):
        if k > i and lines[k][0].top - max(w.bottom for w in lines[k - 1]) > CELL_GAP * lines[k][0].size:
            return None
        used += lines[k]
        heads = _grade_stacks(lines[i:k + 1])
        if heads:
            return heads, used
    return None


def _grade_stacks(lines: list[list[Word]]) -> list | None:
    """The lines' runs of text stacked where they overlap across, each stack a grade (a run of several
    grades on one line split into them): [(grade, x0, x1)], or None if any stack is not a grade."""
    stacks: list[list] = []  # [x0, x1, [runs]]
    for run in sorted((r for line in lines for r in runs(line)), key=lambda r: r[0].x0):
        if stacks and run[0].x0 < stacks[-1][1]:
            stacks[-1][1] = max(stacks[-1][1], run[-1].x1)
            stacks[-1][2].append(run)
        else:
            stacks.append([run[0].x0, run[-1].x1, [run]])
    heads = []
    for x0, x1, parts in stacks:
        parts.sort(key=lambda r: r[0].top)
        grade = grade_of(" ".join(_text(r) for r in parts))
        if grade not in (None, NOT_A_GRADE):
            heads.append((grade, x0, x1))
        elif len(parts) == 1:
            split = _split_grades(parts[0])
            if split is None:
                return None
            heads += split
        else:
            return None
    if len(heads) < 3 or len({g for g, _, _ in heads}) < len(heads):
        return None
    return heads


def _split_grades(run: list[Word]) -> list | None:
    """A run of words that is several grades side by side ('Good Adequate'), or None."""
    out, k = [], 0
    while k < len(run):
        for n in (2, 1):
            grade = grade_of(_text(run[k:k + n])) if k + n <= len(run) else None
            if grade not in (None, NOT_A_GRADE):
                out.append((grade, run[k].x0, run[k + n - 1].x1))
                k += n
                break
        else:
            return None
    return out


def column_header(line: list[Word]) -> tuple[list, int] | None:
    """A header with a grade column ('Area inspected   Grade'): ([(heading, x0, x1)], the grade column)."""
    heads = [(_text(r), r[0].x0, r[-1].x1) for r in runs(line)]
    graded = [k for k, (text, _, _) in enumerate(heads) if text.lower().strip(":") in GRADE_HEADINGS]
    if len(heads) < 2 or len(graded) != 1 or graded[0] == 0:
        return None
    return heads, graded[0]


def tables(words: list[Word], rules: list) -> list[tuple[list[Word], list[Cell]]]:
    """Every grade table on a page: (its words, its cells with their grades)."""
    lines = visual_lines(words)
    out, i = [], 0
    while i < len(lines):
        header = grade_header(lines, i)
        column = None if header else column_header(lines[i])
        if not header and not column:
            i += 1
            continue
        heads, used = header if header else (column[0], list(lines[i]))
        body, i = _body(lines, i + 1, heads, {id(w) for w in used})
        bounds = _bounds(heads, body) if body else None
        if bounds is None:
            continue
        columns = _columns(body, bounds)
        top, bottom = min(w.top for w in body[0]), max(w.bottom for w in body[-1])
        inner = [r for r in rules if top < r[2] < bottom]
        if header:
            cells = [Cell(heads[k][0], _join(c), c[0]) for k, col in enumerate(columns) for c in _cells(col, inner)]
        else:
            cells = _graded_rows(columns, column[1], inner)
        if cells:
            out.append((used + [w for line in body for w in line], cells))
    return out


def _body(lines, i: int, heads, used: set) -> tuple[list[list[Word]], int]:
    """The lines under a header down to a wide gap, a line of prose running across columns or another
    header; and where the search goes on."""
    centres = [(a + b) / 2 for _, a, b in heads]
    body: list[list[Word]] = []
    last = max(w.bottom for w in lines[i - 1])
    while i < len(lines):
        line = [w for w in lines[i] if id(w) not in used]
        if not line:
            i += 1
            continue
        size = max(w.size for w in line)
        across = any(sum(1 for c in centres if r[0].x0 < c < r[-1].x1) > 1 for r in runs(line))
        if line[0].top - last > TABLE_GAP * size or across or grade_header(lines, i) or column_header(lines[i]):
            break
        body.append(line)
        last = max(w.bottom for w in line)
        i += 1
    return body, i


def _bounds(heads, body) -> list[float] | None:
    """Where each column ends: the middle of the widest strip between two headers' centres that no word of
    the table covers. None when words cover all of it (not a table read by position)."""
    bounds = []
    for (_, a0, a1), (_, b0, b1) in zip(heads, heads[1:]):
        left, right = (a0 + a1) / 2, (b0 + b1) / 2
        covered = sorted((max(w.x0, left), min(w.x1, right)) for line in body for w in line
                         if w.x1 > left and w.x0 < right)
        best, edge = (0.0, None), left
        for x0, x1 in [*covered, (right, right)]:
            if x0 - edge > best[0]:
                best = (x0 - edge, (edge + x0) / 2)
            edge = max(edge, x1)
        if best[1] is None or best[0] < 1:
            return None
        bounds.append(best[1])
    return bounds


def _columns(body, bounds) -> list[list[list[Word]]]:
    """Each column's lines (a line being the words of one visual line that fall in the column)."""
    columns: list[list[list[Word]]] = [[] for _ in range(len(bounds) + 1)]
    for line in body:
        parts: dict[int, list[Word]] = {}
        for w in line:
            parts.setdefault(sum(1 for b in bounds if w.middle > b), []).append(w)
        for k, part in parts.items():
            columns[k].append(part)
    return columns


def _cells(column: list[list[Word]], rules) -> list[list[list[Word]]]:
    """A column's lines merged into cells. In a table with rules between its rows (rules: those inside the
    table), a rule across the column starts a new cell; else a line joins the cell above when the gap
    between them is under CELL_GAP font sizes."""
    if not column:
        return []
    x0, x1 = min(w.x0 for ln in column for w in ln), max(w.x1 for ln in column for w in ln)
    across = [y for a, b, y in rules if a < x1 and b > x0]
    cells: list[list[list[Word]]] = []
    for line in column:
        if cells:
            top, bottom = min(w.top for w in line), max(w.bottom for w in cells[-1][-1])
            if rules:
                joined = not any(bottom - 1 <= y <= top + 1 for y in across)
            else:
                joined = top - bottom < CELL_GAP * max(w.size for w in line)
            if joined:
                cells[-1].append(line)
                continue
        cells.append([line])
    return cells


def _join(cell: list[list[Word]]) -> str:
    """A cell's text, its lines joined (a word broken at a hyphen joined again)."""
    text = ""
    for line in cell:
        part = _text(line)
        text = text[:-1] + part if text.endswith("-") and not text.endswith(" -") else f"{text} {part}".strip()
    return text


def _graded_rows(columns, graded: int, rules) -> list[Cell]:
    """A grade column's cells, each with the one cell of the first other column beside it."""
    named = columns[0]
    areas = [(min(w.top for w in c[0]), max(w.bottom for w in c[-1]), c) for c in _cells(named, rules)]
    out = []
    for cell in _cells(columns[graded], rules):
        grade = grade_of(_join(cell))
        top, bottom = min(w.top for w in cell[0]), max(w.bottom for w in cell[-1])
        beside = [c for a, b, c in areas if a < bottom and b > top]
        if grade and len(beside) == 1:
            out.append(Cell(grade, _join(beside[0]), beside[0][0]))
    return out


def place(words: list[Word], cells: list[Cell], lines: list[str], start: int) -> dict | None:
    """The table on the page's layout text: the run of lines made only of the table's words that holds most
    of them, and the line each cell starts on. None when no run holds most of its words."""
    tokens = Counter(w.text for w in words)
    best: list[int] = []
    for i, line in enumerate(lines):
        if not line.strip() or not Counter(line.split()) <= tokens:
            continue
        left, run = tokens.copy(), []
        for j in range(i, len(lines)):
            here = Counter(lines[j].split())
            if not here:
                continue
            if not here <= left:
                break
            left -= here
            run.append(j)
        if sum(len(lines[j].split()) for j in run) > sum(len(lines[j].split()) for j in best):
            best = run
    if sum(len(lines[j].split()) for j in best) < 0.8 * sum(tokens.values()):
        return None
    placed = []
    for cell in cells:
        first = [w.text for w in cell.first]
        line = next((j for j in best if _holds(lines[j].split(), first)), best[0])
        placed.append({"grade": cell.grade, "text": cell.text, "line": start + line})
    return {"lines": [start + j for j in best], "cells": placed}


def _holds(tokens: list[str], part: list[str]) -> bool:
    return any(tokens[k:k + len(part)] == part for k in range(len(tokens) - len(part) + 1))
