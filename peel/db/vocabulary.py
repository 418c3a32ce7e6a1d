"""Words and defaults that are data, not code, read from the CSVs under data/ (the same files the build loads):
the status vocabulary (data/statuses.csv), short labels of cycles and themes, and the default mapping.
(Force aliases, data/forces.csv, are read with the rest of the report reader's reference: peel/reports/wording.py.)
The SQL reads the same rows from the database (coverage.category joins statuses)."""
from __future__ import annotations

import functools
from pathlib import Path

from peel.db.inputs import INPUT_SPECS, Problem, read_table
from peel.paths import data_dir
from peel.texts import Break

MISSING = ("unknown", "not graded", "not inspected")  # a cell without a grade: its statuses, as statuses.csv names them


@functools.cache
def _rows(table: str, folder: Path | None = None) -> tuple[dict[str, str], ...]:
    problems: list[Problem] = []
    spec = INPUT_SPECS[table]
    rows = read_table(Path(folder or data_dir()) / spec.filename, spec, problems).rows
    if problems:
        raise ValueError("; ".join(map(str, problems)))
    return tuple(r.values for r in rows)


def statuses() -> dict[str, dict[str, str]]:
    """Each status (graded, unknown, not graded, not inspected) and its row of data/statuses.csv, in sort order."""
    return {r["status"]: r for r in sorted(_rows("statuses"), key=lambda r: int(r["sort_order"]))}


def label(status: str) -> str:
    """What a chart calls a cell of this status (coverage.category for a cell without a grade)."""
    return statuses()[status]["label"]


def long_labels() -> dict[str, str]:
    """What a table or card says for a cell without a grade, by status."""
    return {s: statuses()[s]["long_label"] for s in MISSING}


def legend_labels() -> dict[str, str]:
    """A legend's words for each missing-grade category, keyed by its label."""
    return {label(s): statuses()[s]["legend_label"] for s in MISSING}


def short_cycle_labels() -> dict[str, str]:
    """The short label of each cycle that has one (data/cycles.csv short_label)."""
    return {r["cycle"]: r["short_label"] for r in _rows("cycles") if r["short_label"]}


def short_theme_labels() -> dict[str, str]:
    """The short label of each pillar and theme that has one (data/themes.csv short_label)."""
    return {r["theme"]: r["short_label"] for r in _rows("themes") if r["short_label"]}


def default_mapping() -> str:
    """The mapping data/mappings.csv marks is_default."""
    return next(r["mapping"] for r in _rows("mappings") if r["is_default"] == "true")


def cycle_orders() -> dict[str, int]:
    """Each cycle's position in time (data/cycles.csv cycle_order)."""
    return {r["cycle"]: int(r["cycle_order"]) for r in _rows("cycles")}


def cycle_years() -> dict[str, tuple[int, int]]:
    """Each cycle's first and last year (data/cycles.csv)."""
    return {r["cycle"]: (int(r["first_year"]), int(r["last_year"])) for r in _rows("cycles")}


def breaks() -> tuple[Break, ...]:
    """Each point where HMICFRS says grades either side do not compare directly (data/breaks.csv), in time
    order."""
    order = cycle_orders()
    rows = sorted(_rows("breaks"), key=lambda r: order.get(r["from_cycle"], 0))
    return tuple(Break(**{k: r[k] for k in ("from_cycle", "to_cycle", "label", "words", "source_url")}) for r in rows)


def breaks_between(columns: list[str]) -> list[tuple[int, list[Break]]]:
    """For cycles in time order, each i where a declared break lies between columns[i] and columns[i + 1],
    with the breaks there (a column that is not a cycle never marks one)."""
    order = cycle_orders()
    marks = []
    for i, (a, b) in enumerate(zip(columns, columns[1:])):
        if a in order and b in order:
            found = [k for k in breaks() if order[a] <= order[k.from_cycle] and order[k.to_cycle] <= order[b]]
            if found:
                marks.append((i, found))
    return marks


def break_between(a: str, b: str) -> list[Break]:
    """The breaks HMICFRS declares between cycles a and b (either order); empty when they compare directly."""
    order = cycle_orders()
    low, high = sorted((order[a], order[b]))
    return [k for k in breaks() if low <= order[k.from_cycle] and order[k.to_cycle] <= high]


def comparable_pair(cycles: list[str]) -> tuple[str, str]:
    """The latest two consecutive cycles of cycles (in time order, two or more) with no break between them; the
    last two when every pair crosses one."""
    pairs = list(zip(cycles, cycles[1:]))
    return next((p for p in reversed(pairs) if not break_between(*p)), pairs[-1])
