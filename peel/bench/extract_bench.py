"""`python -m peel bench extract --corpus DIR`: how many of the grades a corpus of documents states the
extractor reads (recall), how many of those it gives are right (precision), each miss and each wrong grade,
and how long a hostile document (one long line of grade sentences) takes. Prints numbers; asserts nothing.

The corpus is a folder of documents with a corpus.json listing each one's file and the grades it states.
The package does not make it: `make bench` writes the test corpus (the seeds and made-up documents of
tests/fixtures/corpus.py, labelled MADE-UP TEST DATA) with `python -m tests.fixtures.corpus DIR` and passes DIR here.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

HOSTILE = "The force was rated good at x "
HOSTILE_BYTES = 120 * 1024
MANIFEST = "corpus.json"


@dataclass(frozen=True)
class Fixture:
    """A corpus document on disk and what it states: corpus.json holds one object per document with these
    keys (file relative to the folder; carried: area -> the cycle a carried-over grade was awarded in;
    options: the force/cycle given to extract, as a user would)."""
    name: str
    file: Path
    force: str
    cycle: str
    grades: dict
    carried: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    def document(self):
        from peel.reports.reading import read_path

        return read_path(self.file)


def load_corpus(folder: Path) -> list[Fixture]:
    """The documents listed in folder/corpus.json."""
    folder = Path(folder)
    entries = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return [Fixture(e["name"], folder / e["file"], e["force"], e["cycle"], e["grades"], e.get("carried", {}),
                    e.get("options", {})) for e in entries]


@dataclass
class Score:
    documents: int = 0
    expected: int = 0
    read: int = 0  # grades read that the document states
    wrong: list = field(default_factory=list)  # (document, area, grade read, grade stated or None)
    missed: list = field(default_factory=list)  # (document, area, grade stated)
    carried_wrong: list = field(default_factory=list)  # (document, area, awarded_in read, stated)
    failed: list = field(default_factory=list)  # (document, message) when the document could not be read

    @property
    def recall(self) -> float:
        return self.read / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        given = self.read + len(self.wrong)
        return self.read / given if given else 1.0

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.expected} grades: recall {self.recall:.2f}, "
                f"precision {self.precision:.2f}")


def score(extract, corpus) -> Score:
    """Run extract(document, **options) over the corpus (items with name, force, cycle, grades, carried,
    options and document()) and compare with what each document states."""
    result = Score()
    for doc in corpus:
        result.documents += 1
        result.expected += len(doc.grades)
        try:
            got = extract(doc.document(), **doc.options)
        except Exception as exc:  # a crash is every grade of the document missed, and is listed
            result.failed.append((doc.name, f"{type(exc).__name__}: {exc}"))
            result.missed.extend((doc.name, a, g) for a, g in doc.grades.items())
            continue
        if (got.force, got.cycle) != (doc.force, doc.cycle):
            result.failed.append((doc.name, f"read as {got.force} {got.cycle}, not {doc.force} {doc.cycle}"))
        seen = set()
        for c in got.candidates:
            stated = doc.grades.get(c.area)
            if (got.force, got.cycle) == (doc.force, doc.cycle) and stated == c.grade:
                result.read += 1
                seen.add(c.area)
                if getattr(c, "awarded_in", "") != doc.carried.get(c.area, ""):
                    result.carried_wrong.append((doc.name, c.area, getattr(c, "awarded_in", ""),
                                                 doc.carried.get(c.area, "")))
            else:
                result.wrong.append((doc.name, c.area, c.grade, stated))
        result.missed.extend((doc.name, a, g) for a, g in doc.grades.items() if a not in seen)
    return result


def main(corpus: Path | None = None) -> int:
    from peel.reports.extract import extract

    if corpus is None or not (Path(corpus) / MANIFEST).is_file():
        print("extract corpus: skipped (no corpus: give --corpus DIR, a folder with a corpus.json; `make bench` "
              "writes the test corpus with `python -m tests.fixtures.corpus DIR`)")
        return 1
    started = time.perf_counter()
    result = score(extract, load_corpus(corpus))
    seconds = time.perf_counter() - started
    print(f"extract corpus: {result.summary()} ({seconds:.1f} s)")
    for name, problem in result.failed:
        print(f"  not read as stated: {name}: {problem}")
    for name, area, grade in result.missed:
        print(f"  missed: {name}: {area} {grade}")
    for name, area, got, stated in result.wrong:
        print(f"  wrong: {name}: {area} read as {got}" + (f", the document states {stated}" if stated
                                                           else ", the document states no such grade"))
    for name, area, got, stated in result.carried_wrong:
        print(f"  carried over: {name}: {area} awarded in '{got}', the document states '{stated}'")
    text = "MADE-UP TEST DATA\nKent Police PEEL 2021/22\n" + HOSTILE * (HOSTILE_BYTES // len(HOSTILE))
    started = time.perf_counter()
    extract(text)
    print(f"hostile document (one {HOSTILE_BYTES // 1024} KB line of '{HOSTILE.strip()}'): "
          f"{time.perf_counter() - started:.2f} s")
    return 0
