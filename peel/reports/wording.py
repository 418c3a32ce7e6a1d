"""What a document's words mean: which force, cycle, area and grade a phrase names, using data/*.csv.

Matching is deliberately conservative: a phrase names an area only when that area's name or one of its
aliases (data/areas.csv) occurs in it as whole words, and no other area's wording does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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

# Wordings for a force besides its name in data/forces.csv.
FORCE_VARIANTS = {
    "Metropolitan Police Service": ("metropolitan police", "metropolitan", "met police"),
    "Dyfed-Powys": ("dyfed powys",),
}
FORCE_SUFFIXES = ("police service", "police force", "police", "constabulary")


def norm(text: str) -> str:
    """Lower case words separated by single spaces: '&' is 'and', punctuation and dashes are spaces."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def grade_of(cell: str) -> str | None:
    """The grade a table cell or short line states in full, NOT_A_GRADE for 'no rating', else None."""
    words = cell.strip().strip("*_'\"‘’“”`.:;()[] ").lower()
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

    def match_area(self, text: str, cycle: str) -> str | None:
        """The one area of cycle that text names, or None when it names none or more than one."""
        words = f" {norm(text)} "
        spans = []
        for phrase, area in self.phrases.get(cycle, ()):
            for m in re.finditer(re.escape(f" {phrase} "), words):
                spans.append((m.start(), m.end(), area))
        # A match inside a longer match is part of it ("fairness and respect" in "workforce with fairness ...").
        outer = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                              for o in spans)]
        found = {area for _, _, area in outer}
        return found.pop() if len(found) == 1 else None

    def force_named(self, name: str) -> str | None:
        """The force that name means ('West Midlands Police', 'dyfed powys', ...), or None."""
        words = norm(name)
        for suffix in FORCE_SUFFIXES:
            if words.endswith(" " + suffix):
                words = words[: -len(suffix) - 1]
                break
        for force in self.forces:
            if words == norm(force) or words in FORCE_VARIANTS.get(force, ()):
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
    return Reference(
        forces=tuple(r["force"] for r in _read(Path(data_dir), "forces")),
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
