"""Where each force's grades are on the inspectorate's site: the known report pages (data/reports.csv) first,
then the address patterns of data/harvest_addresses.csv filled with the force slugs of
data/harvest_forces.csv. Slugs and patterns are data, so an irregular address is a row to add, not code.

Every address is rebuilt on the site given (--site), so a mirror or a test server gets the same paths."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SITE = "https://hmicfrs.justiceinspectorates.gov.uk"
SLUGS_FILE = "harvest_forces.csv"
PATTERNS_FILE = "harvest_addresses.csv"


@dataclass
class Target:
    """One page to read for a force and cycle: its addresses in the order they are tried (the first that
    answers is read; the others are the same page under another address)."""

    force: str
    cycle: str
    page: str  # "report", "force", "effectiveness", ...
    urls: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.force} {self.cycle} {self.page}"


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def on_site(url: str, site: str) -> str:
    """url's path (and query) on site: 'https://hmicfrs.../peel-reports/kent-2021-22/' -> site + path."""
    parts = urlsplit(url)
    return site.rstrip("/") + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def slugs(data_dir: Path) -> dict[str, list[tuple[str, set[str]]]]:
    """force -> [(slug, cycles it is used for; empty = every cycle)] in file order."""
    out: dict[str, list[tuple[str, set[str]]]] = {}
    for row in _rows(Path(data_dir) / SLUGS_FILE, ("force", "slug", "cycles")):
        cycles = {c.strip() for c in row["cycles"].split("|") if c.strip()}
        out.setdefault(row["force"], []).append((row["slug"], cycles))
    return out


def patterns(data_dir: Path) -> list[tuple[str, str, str]]:
    """(cycle, page, path with {slug}) in file order."""
    rows = _rows(Path(data_dir) / PATTERNS_FILE, ("cycle", "page", "path"))
    return [(r["cycle"], r["page"], r["path"]) for r in rows]


def known_reports(data_dir: Path) -> dict[tuple[str, str], str]:
    """(force, cycle) -> the report page address stored in data/reports.csv."""
    path = Path(data_dir) / "reports.csv"
    if not path.is_file():
        return {}
    return {(r["force"], r["cycle"]): r["report_url"] for r in _rows(path, ("force", "cycle", "report_url"))}


def targets(data_dir: Path, site: str = DEFAULT_SITE, forces: list[str] | None = None,
            cycles: list[str] | None = None) -> list[Target]:
    """Every page to read, force by force and cycle by cycle (in the order of forces.csv and the patterns),
    limited to forces and cycles when given."""
    force_slugs = slugs(data_dir)
    known = known_reports(data_dir)
    wanted_forces = [f for f in force_slugs if not forces or f in forces]
    found: dict[tuple[str, str, str], Target] = {}
    for force in wanted_forces:
        for cycle, page, path in patterns(data_dir):
            if cycles and cycle not in cycles:
                continue
            target = found.setdefault((force, cycle, page), Target(force, cycle, page))
            if page == "report" and (force, cycle) in known and not target.urls:
                target.urls.append(on_site(known[(force, cycle)], site))
            for slug, used_for in force_slugs[force]:
                if used_for and cycle not in used_for:
                    continue
                url = site.rstrip("/") + path.format(slug=slug)
                if url not in target.urls and url.rstrip("/") not in (u.rstrip("/") for u in target.urls):
                    target.urls.append(url)
    return list(found.values())
