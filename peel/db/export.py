"""Slices of the grades, for `python -m peel export` and the dashboard's downloads (written as CSV by
peel.db.csv_file, the one CSV writer)."""
from __future__ import annotations

import pandas as pd

from peel.texts import unnamed_by_grade, UNNAMED_ANY_AREA
from peel.db import queries, vocabulary
from peel.db.validate import did_you_mean

FILTERS = ("force", "cycle", "area", "theme", "region", "source_kind")


def grade_filters(mapping: str | None = None, *, grade=(), q: str = "", **filters) -> dict:
    """The parameters of queries/export_grades.sql: each filter a list of accepted values (empty means any),
    q searched for in the area names (any case; empty means any); no mapping means the default one."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    params = {name: list(filters.get(name) or []) for name in FILTERS}
    return dict(mapping=mapping or vocabulary.default_mapping(), grades=list(grade), q=q, **params)


def select_grades(con, mapping: str | None = None, *, grade=(), q: str = "", **filters) -> pd.DataFrame:
    """The grades matching every given filter; see grade_filters."""
    return queries.run(con, "export_grades", **grade_filters(mapping, grade=grade, q=q, **filters))


def unnamed(con, *, grade=(), force=(), region=(), cycle=(), **_other) -> pd.DataFrame:
    """The grades a release counted but the data does not name, that a list of grades under these filters leaves
    out (queries/unnamed_by_grade.sql: cycle, grade, force, unnamed, sources). A count names no area, so the
    area, theme, source and search filters do not narrow it."""
    return queries.run(con, "unnamed_by_grade", force=list(force), region=list(region), cycle=list(cycle),
                       grades=list(grade))


def unnamed_note(frame: pd.DataFrame, narrowed: bool = False) -> str:
    """What a list leaves out, as sentences (peel.texts.unnamed_by_grade), and when the list is narrowed to
    areas or themes, that counts name none; empty when nothing is counted but not named."""
    if frame.empty:
        return ""
    said = unnamed_by_grade(frame[["cycle", "grade", "force", "unnamed"]].itertuples(index=False))
    return " ".join(said) + (" " + UNNAMED_ANY_AREA if narrowed else "")


class UnknownValue(ValueError):
    """A filter value the data does not hold; the message names each one (and the nearest known value)."""


def resolve(con, mapping: str | None, **filters) -> tuple[str, dict[str, list[str]]]:
    """mapping and filters (name -> values typed by a person) as the data spells them, matched ignoring case
    and surrounding spaces, as the dashboard's links are (no mapping: the one mappings.is_default marks). Raises
    UnknownValue naming every value not found."""
    known: dict[str, dict[str, str]] = {}
    for name, value in queries.run(con, "filter_values").itertuples(index=False):
        known.setdefault(name, {})[value.casefold()] = value
    unknown = []

    def canonical(name: str, value: str) -> str:
        found = known.get(name, {}).get(value.strip().casefold())
        if found is None:
            unknown.append(f"unknown {name} '{value}'" + did_you_mean(value, known.get(name, {}).values()))
        return found or value

    resolved_mapping = canonical("mapping", mapping) if mapping else queries.run(con, "mappings")["mapping"].iat[0]
    resolved = {name: [canonical(name, v) for v in values] for name, values in filters.items()}
    if unknown:
        raise UnknownValue("; ".join(unknown))
    return resolved_mapping, resolved
