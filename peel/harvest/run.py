"""The harvest and import commands: pages (or files) in, the review file and a summary out. Nothing under
data/ is written here; only `review --accept` (peel.harvest.review) writes there."""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from peel.harvest import addresses
from peel.harvest.fetch import PDF_MAX_BYTES, Fetched, Fetcher
from peel.harvest.pages import PageReading, Reading, read_page
from peel.harvest.review import CONFLICTS, STATUSES, UNKNOWN, Held, status
from peel.reports.extract import extract, find_cycle, find_force
from peel.reports.reading import UnreadableDocument, read_bytes, read_path
from peel.reports.wording import NOT_A_GRADE, reference

DOCUMENT_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md", ".text")


@dataclass
class Summary:
    pages: int = 0  # pages (or files) to read
    read: int = 0  # pages that answered
    addresses_tried: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    nothing: list[tuple[str, str]] = field(default_factory=list)  # (what, address): read, but no grade on it
    notes: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    pdfs: int = 0  # report PDFs read because their page stated no grade


def _rows(reading: PageReading, force: str, cycle: str, source: str, held: Held) -> list[dict]:
    out = []
    for r in reading.readings:
        state, held_grade, held_source = status(held, force, cycle, r.area, r.grade, r.known)
        out.append({"force": force, "cycle": cycle, "area": r.area, "grade": r.grade, "awarded_in": r.awarded_in,
                    "status": state, "held_grade": held_grade, "held_source": held_source, "source_url": source,
                    "evidence": r.evidence, "where": r.where, "check": r.check})
    return out


def _from_document(document, force: str | None, cycle: str | None, data_dir: Path, where_prefix: str = ""):
    """(force, cycle, PageReading, messages) of a text or PDF document, read by the document reader."""
    result = extract(document, force=force, cycle=cycle, data_dir=data_dir)
    reading = PageReading()
    for c in (result.candidates if result.ok else ()):  # as `extract` prints them: none when it errs
        reading.readings.append(Reading(c.area, c.grade, c.text, f"{where_prefix}{c.where}", c.awarded_in, c.check))
    return result.force, result.cycle, reading, [str(m) for m in result.messages if m.kind in ("error", "conflict")]


def _settle_run(summary: Summary, once: bool = True) -> None:
    """One row per cell and grade across pages (once; import keeps each file's rows); a cell read with two
    grades keeps both rows, marked."""
    seen: dict[tuple[str, str, str], dict] = {}
    kept = []
    for row in summary.rows:
        key = (row["force"], row["cycle"], row["area"])
        first = seen.get(key)
        if first is None or row["status"] == "unknown area":
            seen.setdefault(key, row)
            kept.append(row)
        elif first["grade"] == row["grade"]:
            if not once:
                kept.append(row)
        else:
            for r, other in ((row, first), (first, row)):
                also = f"also read as {other['grade']} at {other['source_url']}"
                r["check"] = "; ".join(x for x in (r["check"], also) if x)
            summary.notes.append(f"{' / '.join(key)} read as {first['grade']} and as {row['grade']} on two pages "
                                 "(both listed; neither accepted until one is removed)")
            kept.append(row)
    summary.rows = kept


def harvest(site: str, forces: list[str], cycles: list[str], data_dir: Path, held: Held, fetcher: Fetcher,
            progress: bool = False) -> Summary:
    targets = addresses.targets(data_dir, site, forces or None, cycles or None)
    summary = Summary(pages=len(targets))
    ref = reference(data_dir)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(targets), unit="page", file=sys.stderr, leave=False)
    try:
        for target in targets:
            if bar is not None:
                bar.set_description(f"{target.force} {target.cycle}"[:40])
            _harvest_one(target, summary, ref, data_dir, held, fetcher)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    _settle_run(summary)
    return summary


def _harvest_one(target, summary: Summary, ref, data_dir: Path, held: Held, fetcher: Fetcher) -> None:
    fetched: Fetched | None = None
    failures = []
    for url in target.urls:
        summary.addresses_tried += 1
        fetched = fetcher.get(url)
        if fetched.ok:
            break
        failures.append(f"{fetched.error} ({url})")
    if fetched is None or not fetched.ok:
        summary.failed.append((target.label, "; ".join(failures) or "no address"))
        return
    summary.read += 1
    source = fetched.final_url
    if _is_pdf(fetched):
        try:
            document = read_bytes(fetched.body, Path(urlsplit(source).path).name or "report.pdf")
        except UnreadableDocument as exc:
            summary.nothing.append((target.label, f"{source} ({exc})"))
            return
        _, _, reading, messages = _from_document(document, target.force, target.cycle, data_dir)
        summary.notes.extend(f"{target.label}: {m}" for m in messages if m.startswith("conflict"))
    else:
        reading = read_page(fetched.body, source, target.force, target.cycle, ref, data_dir)
        summary.notes.extend(f"{target.label}: {n}" for n in reading.notes)
        graded = sum(1 for r in reading.graded if r.grade != NOT_A_GRADE)
        if reading.pdf_links and (not reading.readings or (reading.stated or 0) > graded):
            reading = _read_pdf(target, reading, summary, data_dir, fetcher)
    if not reading.readings:
        summary.nothing.append((target.label, source))
        return
    summary.rows.extend(_rows(reading, target.force, target.cycle, source, held))


def _is_pdf(fetched: Fetched) -> bool:
    return "pdf" in fetched.content_type.lower() or (fetched.body or b"").lstrip()[:5] == b"%PDF-"


def _read_pdf(target, page: PageReading, summary: Summary, data_dir: Path, fetcher: Fetcher) -> PageReading:
    """A page that states no grade (or fewer than it says it gives) but links its report: the first PDF it
    links, read by the document reader within its budgets, gives the areas the page does not."""
    link = page.pdf_links[0]
    got = fetcher.get(link, max_bytes=PDF_MAX_BYTES)
    if not got.ok:
        summary.notes.append(f"{target.label}: the page states no grade and its report PDF failed: "
                             f"{got.error} ({link})")
        return page
    try:
        document = read_bytes(got.body, Path(urlsplit(link).path).name or "report.pdf")
    except UnreadableDocument as exc:
        summary.notes.append(f"{target.label}: the report PDF cannot be read: {exc}")
        return page
    summary.pdfs += 1
    _, _, reading, messages = _from_document(document, target.force, target.cycle, data_dir, f"report PDF {link}, ")
    summary.notes.extend(f"{target.label} (PDF): {m}" for m in messages if m.startswith("conflict"))
    on_page = {r.area: r for r in page.readings}
    for r in reading.readings:
        held = on_page.get(r.area)
        if held is None:
            page.readings.append(r)
        elif held.grade != r.grade:
            summary.notes.append(f"{target.label}: {r.area} is {held.grade} on the page and {r.grade} in its report "
                                 f"PDF ({link}); the page's grade kept")
    return page


def import_folder(folder: Path, data_dir: Path, held: Held, force: str | None = None,
                  cycle: str | None = None) -> Summary:
    """The same review rows for a folder of saved reports (PDF, HTML, text): each file's force and cycle from
    the file unless given."""
    ref = reference(data_dir)
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    summary = Summary(pages=len(files))
    for path in files:
        name = str(path)
        if path.suffix.lower() in (".html", ".htm"):
            data = path.read_bytes()
            from bs4 import BeautifulSoup

            text = BeautifulSoup(data, "html.parser").get_text("\n")
            f = force and ref.force_named(force) or (None if force else find_force(text, ref)[0])
            c = cycle and ref.cycle_named(cycle) or (None if cycle else find_cycle(text, ref)[0])
            if not f or not c:
                summary.failed.append((name, "could not tell its force and cycle; give them with --force and --cycle"))
                continue
            summary.read += 1
            reading = read_page(data, path.as_uri(), f, c, ref, data_dir)
            summary.notes.extend(f"{name}: {n}" for n in reading.notes)
        else:
            try:
                document = read_path(path)
            except UnreadableDocument as exc:
                summary.failed.append((name, str(exc)))
                continue
            summary.read += 1
            f, c, reading, messages = _from_document(document, force, cycle, data_dir)
            summary.notes.extend(f"{name}: {m}" for m in messages)
        if not reading.readings:
            summary.nothing.append((name, name))
            continue
        summary.rows.extend(_rows(reading, f, c, path.name, held))
    _settle_run(summary, once=False)
    return summary


def report(summary: Summary, out: Path, stats=None, what: str = "pages") -> str:
    """The summary printed at the end of a run."""
    counts = Counter(r["status"] for r in summary.rows)
    lines = [f"{what}: {summary.pages} to read, {summary.read} read"
             + (f" ({summary.addresses_tried} addresses tried)" if stats is not None else "")]
    if stats is not None:
        lines.append(f"requests: {stats.requests} sent; {stats.downloaded} downloaded in full, {stats.cached} from "
                     f"the cache ({stats.revalidated} revalidated: 304 Not Modified)"
                     + (f"; {len(stats.disallowed)} address(es) robots.txt disallows, not requested"
                        if stats.disallowed else ""))
        if summary.pdfs:
            lines.append(f"report PDFs read (their page stated fewer grades than it gives): {summary.pdfs}")
    lines.append(f"failed: {len(summary.failed)}")
    lines.extend(f"  {what_}: {why}" for what_, why in summary.failed)
    graded = sum(1 for r in summary.rows if r["status"] != "unknown area")
    lines.append(f"grades read: {graded} (" + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES if s != UNKNOWN)
                 + f"); wordings that name no area: {counts.get(UNKNOWN, 0)} (status '{UNKNOWN}')")
    lines.append(f"{what} with nothing readable: {len(summary.nothing)}")
    lines.extend(f"  {what_}: {where}" for what_, where in summary.nothing)
    if summary.notes:
        lines.append(f"notes: {len(summary.notes)}")
        lines.extend(f"  {n}" for n in summary.notes)
    if counts.get(CONFLICTS):
        lines.append(f"conflicts with a grade held: {counts[CONFLICTS]} (see status 'conflicts' in the review file)")
    lines.append(f"wrote {out} ({len(summary.rows)} rows); nothing under data/ was changed. "
                 f"Next: python -m peel review {out} --accept new")
    return "\n".join(lines)
