"""What a document's words mean: which force, cycle, area and grade a phrase names, using data/*.csv.

Matching is deliberately conservative: a phrase names an area only when that area's name or one of its
aliases (data/areas.csv) occurs in it as whole words, and no other area's wording does. A wording close to
one area's (rapidfuzz ratio at least FUZZY_SCORE, and no other area's close behind) is offered as a fuzzy
match for the user to confirm, never taken as certain; a wording close to two areas is not taken at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from peel.db.inputs import INPUT_SPECS, Problem, read_table
from peel.paths import DATA_DIR

GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "adequate": "Adequate",
    "requires improvement": "Requires improvement",
    "require improvement": "Requires improvement",
    "requiring improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
# A regular expression alternation of the grade wordings, longest first (so "inadequate" beats "adequate").
GRADE_PATTERN = "|".join(sorted((re.escape(w) for w in GRADE_WORDS), key=len, reverse=True))
NOT_GRADED = ("no rating", "not rated", "no grade", "not graded", "ungraded", "no judgment", "no judgement",
              "not assessed", "n/a")
NOT_A_GRADE = "not graded"

FORCE_SUFFIXES = ("police service", "police force", "police", "constabulary")
FUZZY_SCORE = 88  # rapidfuzz ratio (0-100) a wording needs to be offered as an area
FUZZY_MARGIN = 6  # another area this close behind makes the match ambiguous: not taken
FUZZY_MAX_WORDS = 12
# "Good*", "Good (carried over)", "Good - carried over from 2021/22": the grade without its carried-over mark.
CARRIED_MARK = re.compile(r"(?:\s*\*+|\s*[(\[]\s*(?:grade\s+)?carried (?:over|forward)\b[^()\[\]]{0,40}[)\]]"
                          r"|\s*[-,;]?\s*(?:grade\s+)?carried (?:over|forward)\b.{0,40})$", re.I)
TOKEN = re.compile(r"[A-Za-z0-9]+(?:'s\b)?|&|[,;]")


LEAD_WORDS = {"at", "in", "for", "on", "across", "of"}
JOINT_WORDS = {",", ";", "and", "at", "in", "for", "on", "also"}


def _match_words(tokens: list, i: int, words: tuple) -> int:
    """Where words, matched from tokens[i] on (commas inside skipped: 'building, supporting and ...'), end;
    0 when they do not match there."""
    k = 0
    while k < len(words):
        if i >= len(tokens):
            return 0
        if tokens[i][0] == "," and k:
            i += 1
            continue
        if tokens[i][0] != words[k]:
            return 0
        i, k = i + 1, k + 1
    return i


def norm(text: str) -> str:
    """Lower case words separated by single spaces: '&' is 'and', punctuation and dashes are spaces."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def grade_of(cell: str) -> str | None:
    """The grade a table cell or short line states in full, NOT_A_GRADE for 'no rating', else None."""
    words = cell.strip()
    if len(words) > 80:
        return None
    words = CARRIED_MARK.sub("", words.strip("_'\"‘’“”`.:;[] ")) if not words.startswith("*") else words
    words = words.strip("*_'\"‘’“”`.:;()[] ").lower()
    words = re.sub(r"\s*\((?:ri)\)$", "", words)
    words = " ".join(words.split())
    if words in GRADE_WORDS:
        return GRADE_WORDS[words]
    if words in NOT_GRADED:
        return NOT_A_GRADE
    return None


@dataclass(frozen=True)
class Reference:
    """The forces, cycles, scales and area wordings the extractor maps document words onto."""

    forces: tuple[str, ...]
    cycles: dict  # cycle -> (first_year, last_year)
    scale: dict  # cycle -> tuple of grades on its scale, best first
    areas: dict  # cycle -> tuple of area names
    phrases: dict  # cycle -> tuple of (normalised phrase, area), longest first
    starts: dict = None  # cycle -> {first word: ((phrase words, area), ...) longest first}
    aliases: dict = None  # force -> normalised wordings besides its name (data/forces.csv aliases)

    def match_area(self, text: str, cycle: str) -> str | None:
        """The one area of cycle that text names, or None when it names none or more than one."""
        found = self.areas_named(text, cycle)
        return found.pop() if len(found) == 1 else None

    def areas_named(self, text: str, cycle: str) -> set[str]:
        """Every area of cycle whose wording occurs in text (a wording inside a longer one is part of it)."""
        if len(text) > 400:
            return set()
        words = f" {norm(text)} "
        spans = []
        for phrase, area in self.phrases.get(cycle, ()):
            for m in re.finditer(re.escape(f" {phrase} "), words):
                spans.append((m.start(), m.end(), area))
        # A match inside a longer match is part of it ("fairness and respect" in "workforce with fairness ...").
        outer = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                              for o in spans)]
        return {area for _, _, area in outer}

    def fuzzy_area(self, text: str, cycle: str) -> tuple[str | None, str]:
        """(area, note) for a wording close to one area's name or alias; (None, why) when none or two are
        close. Only for short wordings (a heading, cell or list item), never a whole sentence."""
        words = norm(text)
        if not words or len(words.split()) > FUZZY_MAX_WORDS:
            return None, ""
        choices = [p for p, _ in self.phrases.get(cycle, ()) if len(p) >= 10 and " " in p]
        best: dict[str, float] = {}
        for phrase, score, _ in process.extract(words, choices, scorer=fuzz.ratio, limit=8):
            area = self._area_of(cycle, phrase)
            best[area] = max(best.get(area, 0), score)
        ranked = sorted(best.items(), key=lambda x: -x[1])
        if not ranked or ranked[0][1] < FUZZY_SCORE:
            return None, ""
        runner_up = ranked[1][1] if len(ranked) > 1 else None
        close = runner_up is not None and runner_up >= ranked[0][1] - FUZZY_MARGIN
        if close and runner_up >= FUZZY_SCORE - FUZZY_MARGIN:
            return None, f"'{text.strip()}' could be {ranked[0][0]} or {ranked[1][0]}"
        return ranked[0][0], f"fuzzy: '{text.strip()}' read as {ranked[0][0]} ({ranked[0][1]:.0f}% alike); check it"

    def _area_of(self, cycle: str, phrase: str) -> str:
        return next(area for p, area in self.phrases[cycle] if p == phrase)

    def areas_in(self, text: str, cycle: str) -> tuple[list[tuple[str, str, int]], int]:
        """The areas a list names from the start of text ('investigating crime, at protecting vulnerable
        people, and in managing offenders'): [(area, fuzzy note or '', start)], and where the list ends.
        The walk stops at the first words that are neither an area nor a list joint; linear in len(text)."""
        tokens = [(m.group().lower().removesuffix("'s").replace("&", "and"), m.start(), m.end())
                  for m in TOKEN.finditer(text[:600])]
        index = (self.starts or {}).get(cycle, {})
        out: list[tuple[str, str, int]] = []
        i, end = 0, 0
        while i < len(tokens) and tokens[i][0] in LEAD_WORDS:
            i += 1
        while i < len(tokens):
            hit = None
            for words, area in index.get(tokens[i][0], ()):
                after = _match_words(tokens, i, words)
                if after:
                    hit = (after, area)
                    break
            if hit:
                out.append((hit[1], "", tokens[i][1]))
                end = tokens[hit[0] - 1][2]
                i = hit[0]
            else:
                j = i
                while j < len(tokens) and tokens[j][0] not in (",", ";", "and") and j - i < FUZZY_MAX_WORDS:
                    j += 1
                segment = text[tokens[i][1]:tokens[j - 1][2]] if j > i else ""
                area, note = self.fuzzy_area(segment, cycle) if j - i >= 2 else (None, "")
                if not area:
                    break
                out.append((area, note, tokens[i][1]))
                end = tokens[j - 1][2]
                i = j
            k = i
            while k < len(tokens) and tokens[k][0] in JOINT_WORDS:
                k += 1
            if k == i:
                break
            i = k
        return out, end

    def force_named(self, name: str) -> str | None:
        """The force that name means ('West Midlands Police', 'dyfed powys', ...), or None."""
        words = norm(name)
        for suffix in FORCE_SUFFIXES:
            if words.endswith(" " + suffix):
                words = words[: -len(suffix) - 1]
                break
        for force in self.forces:
            if words == norm(force) or words in (self.aliases or {}).get(force, ()):
                return force
        return None

    def cycle_named(self, label: str) -> str | None:
        """The cycle a label means: '2021/22', '2021-2022', 'PEEL 2023–2025', '2017' ..."""
        label = label.strip()
        if label in self.cycles:
            return label
        m = re.search(r"(20\d\d)(?:\s*[/–—-]\s*(20\d\d|\d\d))?\s*$", label)
        if not m:
            return None
        return self.cycle_of_years(m.group(1), m.group(2))

    def force_wordings(self, force: str) -> tuple[str, ...]:
        """The normalised wordings a document may name force by ('west midlands', 'met police', ...)."""
        return (norm(force), *(self.aliases or {}).get(force, ()))

    def other_force(self, text: str, force: str | None) -> str | None:
        """Another force than force that text names by one of its wordings, or None. A wording inside one
        of force's own ('west' in 'west midlands') does not count."""
        words = f" {norm(text)} "
        mine = set(self.force_wordings(force)) if force else set()
        for other in self.forces:
            if other != force and any(f" {w} " in words and not any(w in m for m in mine)
                                      for w in self.force_wordings(other)):
                return other
        return None

    def cycle_before(self, cycle: str) -> str | None:
        """The cycle before cycle (by years), where a grade carried over into cycle was awarded."""
        ordered = sorted(self.cycles, key=lambda c: self.cycles[c])
        k = ordered.index(cycle) if cycle in ordered else 0
        return ordered[k - 1] if k > 0 else None

    def cycle_of_years(self, first: str, last: str | None) -> str | None:
        start = int(first)
        end = start if last is None else int(last) if len(last) == 4 else start // 100 * 100 + int(last)
        for cycle, years in self.cycles.items():
            if years == (start, end):
                return cycle
        return None


def _read(data_dir: Path, table: str):
    spec = INPUT_SPECS[table]
    problems: list[Problem] = []
    rows = read_table(Path(data_dir) / spec.filename, spec, problems).rows
    if problems:
        raise ValueError("; ".join(map(str, problems)))
    return rows


@lru_cache(maxsize=8)
def _reference(data_dir: str, _stamp: tuple) -> Reference:
    cycle_rows = _read(Path(data_dir), "cycles")
    forces = _read(Path(data_dir), "forces")
    cycles = {r["cycle"]: (int(r["first_year"]), int(r["last_year"])) for r in cycle_rows}
    cycle_scale = {r["cycle"]: r["scale"] for r in cycle_rows}
    scales: dict[str, list[tuple[int, str]]] = {}
    for r in _read(Path(data_dir), "scales"):
        scales.setdefault(r["scale"], []).append((int(r["tier_rank"]), r["grade"]))
    areas: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[str, str]]] = {}
    for r in _read(Path(data_dir), "areas"):
        areas.setdefault(r["cycle"], []).append(r["area"])
        for wording in [r["area"], *r["aliases"].split("|")]:
            if norm(wording):
                phrases.setdefault(r["cycle"], []).append((norm(wording), r["area"]))
    starts: dict[str, dict] = {}
    for cycle, items in phrases.items():
        index: dict[str, list] = {}
        for phrase, area in sorted(set(items), key=lambda x: -len(x[0].split())):
            words = tuple(phrase.split())
            index.setdefault(words[0], []).append((words, area))
        starts[cycle] = {w: tuple(v) for w, v in index.items()}
    return Reference(
        starts=starts,
        forces=tuple(r["force"] for r in forces),
        aliases={r["force"]: tuple(norm(a) for a in r["aliases"].split("|") if a.strip()) for r in forces},
        cycles=cycles,
        scale={c: tuple(g for _, g in sorted(scales.get(s, []))) for c, s in cycle_scale.items()},
        areas={c: tuple(a) for c, a in areas.items()},
        phrases={c: tuple(sorted(set(p), key=lambda x: -len(x[0]))) for c, p in phrases.items()},
    )


def reference(data_dir: Path = DATA_DIR) -> Reference:
    """The reference data under data_dir (re-read when one of its files changes)."""
    paths = [Path(data_dir) / n for n in ("forces.csv", "cycles.csv", "scales.csv", "areas.csv")]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ValueError(f"reference data missing: {', '.join(missing)}")
    return _reference(str(data_dir), tuple(p.stat().st_mtime_ns for p in paths))
