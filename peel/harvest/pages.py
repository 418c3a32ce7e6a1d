"""The grades an HTML page states, read with its tables, lists and headings intact (BeautifulSoup), never by
patterns over markup. Layouts read:

- a judgments table with a column per grade, the areas stacked in its cells (lines, paragraphs or a list);
- a table of area | grade rows (a 'not graded' cell is a not-graded area); grade | areas rows;
- a heading per grade over a list (or paragraphs) of areas;
- a definition list: area then grade, or grade then its areas;
- a heading naming an area (a question, 'How effective is the force at ...?') with its grade just under it;
- sentences ('We found the force to be good at A, at B and at C'), read by the document reader's own
  sentence layouts (peel.reports.extract), like every other line of prose on the page;
- 'We don't make a graded judgment in this area' under an area's heading (or naming one area) is a
  `not graded` reading.

A section whose heading or caption is about another force, another cycle or an earlier inspection is not
this page's: nothing in it is read. Navigation, headers, footers, asides and scripts are dropped first.
Wording is mapped to the cycle's areas by the document reader's matcher (names and aliases of
data/areas.csv, then likeness, flagged for checking); a wording that names no area is kept as an
`unknown area` reading, never dropped. An area read with two different grades on one page is left out
and said so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from peel.reports.extract import CARRIED, RANGE, extract
from peel.reports.layouts import BOILERPLATE, GRADE_RE, PILLAR_ADJECTIVES, Page
from peel.reports.wording import NOT_A_GRADE, Reference, grade_of, norm

DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "iframe")
BLOCKS = ("p", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "ul", "ol", "dl", "table", "caption", "blockquote")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
NO_JUDGMENT = re.compile(r"\b(?:do\s+not|don't|did\s+not|didn't|does\s+not|doesn't)\s+(?:make|give|award|provide)\s+"
                         r"(?:a\s+|any\s+)?grad(?:ed|e)\s+judge?ments?\b|\bno\s+graded\s+judge?ments?\b|"
                         r"\bnot\s+(?:given\s+a\s+)?grad(?:ed|e)\b", re.I)
GRADE_LABEL = re.compile(r"^(?:grade|graded|rating|rated|judge?ment|our\s+judge?ment|overall\s+judge?ment)"
                         r"\s*[:\-–]?\s*"
                         r"(?P<grade>.+)$", re.I)
OTHER_TIME = re.compile(r"\b(?:previous(?:ly)?|last\s+(?:year|inspection|report|time)|earlier\s+(?:inspection|report)|"
                        r"history|how\s+the\s+force\s+was\s+graded\s+before)\b", re.I)
YEAR = re.compile(r"(?<![\d/])(20\d\d)(?![\d])")
# "We make graded judgments in nine of these ten areas": how many grades the page says it gives.
NUMBER = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen)"
STATED_COUNT = re.compile(rf"\bgraded\s+judge?ments?\s+(?:in|for|on)\s+{NUMBER}\s+of\s+(?:these|the|our|its)?\s*"
                          rf"{NUMBER}\b", re.I)
NUMBERS = {w: n for n, w in enumerate(NUMBER[NUMBER.index("one"):-1].split("|"), start=1)}
WORDING_EDGES = " :;.,-–•*"  # characters trimmed off a wording's ends (a set, not a string)
SHORT = 160  # a cell, list item or label longer than this is prose
EVIDENCE_CHARS = 240


@dataclass
class Reading:
    """One grade (or `not graded`) the page states for an area, or a wording that names no area."""

    area: str  # the canonical area; for an unknown area, the wording as found
    grade: str  # a grade of the cycle's scale, or NOT_A_GRADE
    evidence: str  # the words it was read from
    where: str  # where on the page: "table 1, row 2, column 'Good'"
    awarded_in: str = ""
    check: str = ""  # a fuzzy match to confirm
    known: bool = True  # False: the wording names no area of the cycle (status `unknown area`)


@dataclass
class PageReading:
    readings: list[Reading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # conflicts on the page, sections skipped
    pdf_links: list[str] = field(default_factory=list)
    title: str = ""
    stated: int | None = None  # how many graded judgments the page says it makes ("in nine of these ten areas")

    @property
    def graded(self) -> list[Reading]:
        return [r for r in self.readings if r.known]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"


def _lines(el: Tag) -> list[str]:
    """el's text as the lines a reader sees (a line per paragraph, list item or <br>)."""
    return [" ".join(ln.split()) for ln in el.get_text().split("\n") if ln.strip()]


def _text(el: Tag) -> str:
    return " ".join(el.get_text(" ").split())


class _Reader:
    def __init__(self, soup: BeautifulSoup, url: str, force: str | None, cycle: str, ref: Reference):
        self.url, self.force, self.cycle, self.ref = url, force, cycle, ref
        self.page = Page([], ref, cycle, force)
        self.out = PageReading()
        self.soup = soup
        self.consumed: set[int] = set()  # id() of elements already read
        self.tables = 0
        self.lists = 0

    # -- what a wording means -------------------------------------------------------------------------
    def area_of(self, wording: str) -> tuple[str | None, str]:
        wording = wording.strip(WORDING_EDGES)
        plain = BOILERPLATE.sub("", wording)
        area, check = self.page.area(plain) if norm(plain) else (None, "")
        if area:
            return area, check
        adjectives = [a for a in PILLAR_ADJECTIVES if re.search(rf"\b{a}\b", wording, re.I)]
        if len(adjectives) == 1 and re.match(r"^\s*(?:how|to what extent)\b", wording, re.I):
            pillar = PILLAR_ADJECTIVES[adjectives[0]]
            if pillar in self.ref.areas.get(self.cycle, ()):
                return pillar, ""
        return None, check

    def foreign(self, text: str) -> str:
        """Why a heading or caption is about something other than this page's force and cycle, or ''."""
        other = self.ref.other_force(text, self.force)
        if other:
            return f"about {other}"
        if OTHER_TIME.search(text):
            return "about an earlier inspection"
        years = self.ref.cycles.get(self.cycle)
        for m in RANGE.finditer(text):
            named = self.ref.cycle_of_years(m.group(1), m.group(2))
            if named and named != self.cycle:
                return f"about PEEL {named}"
        for m in YEAR.finditer(text):
            if years and not years[0] <= int(m.group(1)) <= years[1]:
                return f"about {m.group(1)}"
        return ""

    def add(self, wording: str, grade: str, where: str, evidence: str = "", awarded_in: str = "") -> None:
        area, check = self.area_of(wording)
        if area is None and (not norm(wording) or len(wording) > SHORT):
            return
        self.out.readings.append(Reading(area or " ".join(wording.split()), grade, _clip(evidence or wording),
                                         where, awarded_in, check, area is not None))

    def awarded(self, text: str) -> str:
        """The cycle a grade marked carried over ('Good*', 'Good (carried over from 2016)') was awarded in."""
        if not (CARRIED.search(text) or text.rstrip().endswith("*")):
            return ""
        for m in RANGE.finditer(text):
            named = self.ref.cycle_of_years(m.group(1), m.group(2))
            if named and named != self.cycle:
                return named
        for m in YEAR.finditer(text):
            named = self.ref.cycle_of_years(m.group(1), None)
            if named and named != self.cycle:
                return named
        return self.ref.cycle_before(self.cycle) or ""

    def grade_in(self, text: str) -> str | None:
        """The grade a short block states in full ('Good', 'Grade: Good', 'Requires improvement*')."""
        if len(text) > 80:
            return None
        grade = grade_of(text)
        if grade is None:
            m = GRADE_LABEL.match(text.strip())
            grade = grade_of(m.group("grade")) if m else None
        return grade

    # -- layouts --------------------------------------------------------------------------------------
    def table(self, table: Tag) -> None:
        self.tables += 1
        n = self.tables
        rows = [list(tr.find_all(("td", "th"), recursive=False)) for tr in table.find_all("tr")]
        rows = [r for r in rows if r]
        if not rows:
            return
        header = [self.grade_in(_text(c)) for c in rows[0]]
        if sum(1 for g in header if g and g != NOT_A_GRADE) >= 2:  # a column per grade
            for i, row in enumerate(rows[1:], start=2):
                for col, cell in enumerate(row):
                    grade = header[col] if col < len(header) else None
                    if not grade:
                        continue
                    for item in _lines(cell):
                        item_grade = grade
                        self.add(item, item_grade, f"table {n}, row {i}, column '{_text(rows[0][col])}'",
                                 awarded_in=self.awarded(item))
            return
        for i, row in enumerate(rows, start=1):
            texts = [_text(c) for c in row]
            grades = [self.grade_in(t) for t in texts]
            placed = [k for k, g in enumerate(grades) if g]
            if len(placed) != 1:
                if not placed and i > 1 and any(NO_JUDGMENT.search(t) for t in texts[1:]):
                    self.add(texts[0], NOT_A_GRADE, f"table {n}, row {i}", " | ".join(texts))
                continue
            k = placed[0]
            others = [t for j, t in enumerate(texts) if j != k and t]
            if k == 0 and len(row) > 1:  # grade | areas
                for cell in row[1:]:
                    for item in _lines(cell):
                        self.add(item, grades[0], f"table {n}, row {i}, under '{texts[0]}'")
            elif others:  # area | grade
                self.add(others[0], grades[k], f"table {n}, row {i}", " | ".join(texts),
                         awarded_in=self.awarded(texts[k]))

    def definitions(self, dl: Tag) -> None:
        self.lists += 1
        term = None
        for el in dl.find_all(("dt", "dd")):
            if el.name == "dt":
                term = _text(el)
                continue
            if term is None:
                continue
            term_grade, value = self.grade_in(term), _text(el)
            if term_grade:  # grade, then its areas
                for item in _lines(el):
                    self.add(item, term_grade, f"definition list {self.lists}, under '{term}'")
                continue
            grade = self.grade_in(value)
            if grade:
                self.add(term, grade, f"definition list {self.lists}, '{term}'", f"{term}: {value}",
                         awarded_in=self.awarded(value))
            elif NO_JUDGMENT.search(value):
                self.add(term, NOT_A_GRADE, f"definition list {self.lists}, '{term}'", f"{term}: {value}")

    def section(self, heading: Tag, blocks: list[Tag]) -> None:
        """A heading and the blocks under it (up to the next heading)."""
        title = _text(heading)
        grade = self.grade_in(title)
        if grade:  # a heading per grade over a list of areas
            for block in blocks:
                items = _lines(block) if block.name not in ("table", "dl") else []
                prose = block.name != "li" and any(item.endswith(".") and len(item.split()) > 8 for item in items)
                if not items or prose or any(len(item) > SHORT for item in items):
                    break  # prose after the list is read as prose
                for item in items:
                    self.add(item, grade, f"under heading '{title}'")
                self.consumed.add(id(block))
            return
        label = re.match(r"^(?P<what>.{3,150}?)\s*(?:[:\-–—]|\(|\[)\s*(?P<grade>[^:()\[\]]{4,40})[)\]]?\s*$", title)
        if label and self.grade_in(label.group("grade")):  # 'Investigating crime: Good'
            self.add(label.group("what"), self.grade_in(label.group("grade")), f"heading '{title}'", title,
                     awarded_in=self.awarded(label.group("grade")))
            return
        area, _ = self.area_of(title)
        if not area:
            return
        for block in blocks[:3]:  # the grade sits just under its heading
            text = _text(block)
            grade = self.grade_in(text)
            if grade:
                self.add(title, grade, f"under heading '{title}'", f"{title}: {text}",
                         awarded_in=self.awarded(text))
                self.consumed.add(id(block))
                return
        for block in blocks:
            text = _text(block)
            if NO_JUDGMENT.search(text) and len(self.ref.areas_named(text, self.cycle) - {area}) == 0:
                self.add(title, NOT_A_GRADE, f"under heading '{title}'", text)
                self.consumed.add(id(block))
                return


def _prepare(soup: BeautifulSoup) -> Tag:
    for tag in soup.find_all(DROP):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for img in soup.find_all("img"):  # a grade drawn as a picture says it in its alt text, if anywhere
        img.replace_with(" " + " ".join(img.get("alt", "").split()) + " ")
    for tag in soup.find_all(BLOCKS):
        tag.append("\n")
    return soup.find("main") or soup.find("article") or soup.body or soup


def _grade_over_list(reader: _Reader, blocks: list, k: int) -> bool:
    """A paragraph or box holding only a grade with a list just after it: a heading in all but its tag."""
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    return (isinstance(nxt, Tag) and nxt.name == "li" and blocks[k].name != "li"
            and reader.grade_in(_text(blocks[k])) not in (None, NOT_A_GRADE))


def _leaf_blocks(root: Tag):
    """The page's blocks in order: headings, tables, definition lists, and the innermost paragraphs, list
    items and divs (a block holding other blocks is walked into, not read whole)."""
    for el in root.children:
        if not isinstance(el, Tag):
            if isinstance(el, NavigableString) and el.strip():
                yield el
            continue
        if el.name in HEADINGS or el.name in ("table", "dl"):
            yield el
        elif el.find(("p", "div", "li", "table", "dl", "ul", "ol", "section", "article") + HEADINGS):
            yield from _leaf_blocks(el)
        else:
            yield el


def read_page(html: str | bytes, url: str, force: str | None, cycle: str, ref: Reference,
              data_dir: Path) -> PageReading:
    """Every grade the page at url states for force and cycle."""
    soup = BeautifulSoup(html, "html.parser")
    reader = _Reader(soup, url, force, cycle, ref)
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    reader.out.title = " ".join(title.split())
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if urlsplit(href).path.lower().endswith(".pdf") or a.get("type", "").lower() == "application/pdf":
            link = urljoin(url, href)
            if link not in reader.out.pdf_links:
                reader.out.pdf_links.append(link)
    root = _prepare(soup)
    count = STATED_COUNT.search(" ".join(root.get_text(" ").split()))
    if count:
        word = count.group(1).lower()
        reader.out.stated = int(word) if word.isdigit() else NUMBERS[word]
    blocks = list(_leaf_blocks(root))
    stack: list[tuple[int, str, str]] = []  # (level, heading, why foreign or '')
    sections: list[tuple[Tag, list[Tag]]] = []
    prose: list[tuple[str, str]] = []  # (text, where)
    skipped: dict[str, str] = {}
    allowed: list[Tag] = []  # blocks outside any section about another force or cycle
    for k, block in enumerate(blocks):
        if isinstance(block, NavigableString):
            text = " ".join(block.split())
            if not any(w for _, _, w in stack):
                prose.append((text, "text"))
            continue
        if block.name in HEADINGS or _grade_over_list(reader, blocks, k):
            level = int(block.name[1]) if block.name in HEADINGS else 7
            while stack and stack[-1][0] >= level:
                stack.pop()
            why = reader.foreign(_text(block))
            stack.append((level, _text(block), why))
            if why:
                skipped[_text(block)] = why
            else:
                sections.append((block, []))
            continue
        outside = next((w for _, _, w in stack if w), "")
        if outside:
            continue
        caption = block.find("caption") if block.name == "table" else None
        if caption is not None and reader.foreign(_text(caption)):
            skipped[_text(caption)] = reader.foreign(_text(caption))
            continue
        allowed.append(block)
        if sections:
            sections[-1][1].append(block)
        if block.name == "table":
            reader.table(block)
            reader.consumed.add(id(block))
        elif block.name == "dl":
            reader.definitions(block)
            reader.consumed.add(id(block))
    for heading, under in sections:
        reader.section(heading, under)
    kept = [b for b in allowed if b.name not in ("table", "dl") and id(b) not in reader.consumed]
    for n, block in enumerate(kept, start=1):
        for line in _lines(block):
            prose.append((f"- {line}" if block.name == "li" else line, f"paragraph {n}"))
        text = _text(block)
        if NO_JUDGMENT.search(text):
            named = reader.ref.areas_named(text, cycle)
            if len(named) == 1:
                reader.add(named.pop(), NOT_A_GRADE, f"paragraph {n}", text)
    _sentences(reader, prose, data_dir)
    reader.out.notes.extend(f"not read: the section '{_clip(h)}' is {why}" for h, why in skipped.items())
    _settle(reader.out)
    return reader.out


def _sentences(reader: _Reader, prose: list[tuple[str, str]], data_dir: Path) -> None:
    """The grades the page's prose states, read by the document reader (one paragraph a line)."""
    if not prose:
        return
    text = _without_grade_words_in_names("\n\n".join(t for t, _ in prose), reader.ref, reader.cycle)
    where = [w for _, w in prose for w in (w, "")]
    result = extract(text, force=reader.force, cycle=reader.cycle, data_dir=data_dir)
    for c in result.candidates:
        place = where[c.line - 1] if 0 < c.line <= len(where) else f"line {c.line}"
        reader.out.readings.append(Reading(c.area, c.grade, _clip(c.text), place or f"line {c.line}", c.awarded_in,
                                           c.check, True))
    reader.out.notes.extend(f"{m.kind}: {m.text}" for m in result.messages if m.kind == "conflict")


def _without_grade_words_in_names(text: str, ref: Reference, cycle: str) -> str:
    """An area named with a grade word ('good use of resources') written as its alias without one ('use of
    resources'), so a sentence listing it ('adequate at A and at good use of resources') is not cut at a grade
    word that grades nothing."""
    for phrase, area in ref.phrases.get(cycle, ()):
        if not GRADE_RE.search(phrase):
            continue
        plain = next((p for p, a in ref.phrases[cycle] if a == area and not GRADE_RE.search(p) and len(p) > 3), None)
        if plain:
            text = re.sub(r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b", plain, text, flags=re.I)
    return text


def _settle(out: PageReading) -> None:
    """One reading per area: the same grade read twice is kept once; two different grades are left out."""
    by_area: dict[tuple[str, bool], list[Reading]] = {}
    for r in out.readings:
        by_area.setdefault((r.area, r.known), []).append(r)
    kept = []
    for (area, known), items in by_area.items():
        grades = {r.grade for r in items}
        if known and len(grades) > 1:
            out.notes.append(f"conflict: {area} is given different grades on the page ("
                             + "; ".join(f"{r.grade} at {r.where}" for r in items) + "); left out")
            continue
        best = min(items, key=lambda r: bool(r.check))
        kept.append(best)
    out.readings = kept
