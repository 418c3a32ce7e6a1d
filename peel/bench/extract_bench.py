"""`python -m peel bench extract`: how many of the grades the corpus documents state the extractor reads
(recall), how many of those it gives are right (precision), each miss and each wrong grade, and how long
a hostile document (one long line of grade sentences) takes. Prints numbers; asserts nothing."""
from __future__ import annotations

import time

HOSTILE = "The force was rated good at x "
HOSTILE_BYTES = 120 * 1024


def main() -> int:
    try:
        from tests.corpus import score  # the corpus lives with the tests (its PDFs are drawn with fpdf2)
    except ImportError as exc:
        print(f"extract corpus: skipped ({exc}; it needs the test requirements, `make test` installs them)")
        return 1
    from peel.reports.extract import extract

    started = time.perf_counter()
    result = score(extract)
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
