"""Checks across the input tables: every grade names a known force, cycle and area, sits on its cycle's
scale, has a source, and does not contradict another grade for the same cell."""
from __future__ import annotations

import math
import re
from difflib import get_close_matches

from peel.db.inputs import GRADE_TABLES, InputFile, Problem, Table


def did_you_mean(word: str, known) -> str:
    """" (did you mean 'X'?)" for the known value closest to word, or "" when none is close."""
    close = get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _where(table: Table) -> str:
    return f"data/{table.spec.filename}"


WHOLE_NUMBER = re.compile(r"[0-9]{1,15}")  # ASCII digits only ('¹'.isdigit() is True), and fits a BIGINT
BOOLEANS = ("true", "false")


def _value_problem(spec: InputFile, column: str, value: str) -> str | None:
    """What is wrong with one non-empty cell, by the column's type and allowed values; None when it is fine."""
    kind = spec.type_of(column)
    if kind == "integer" and not WHOLE_NUMBER.fullmatch(value):
        return f"{column} must be a whole number"
    if kind == "number":
        try:
            if not math.isfinite(float(value)):
                raise ValueError
        except ValueError:
            return f"{column} must be a number"
    if kind == "boolean" and value not in BOOLEANS:
        return f"{column} must be true or false"
    allowed = spec.enums.get(column)
    if allowed and value not in allowed:
        return f"{column} must be {_either(allowed)}, not '{value}'"
    return None


def _either(values) -> str:
    values = list(values)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


def check_fields(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Every table against its description in INPUT_FILES: types, allowed values, primary key (no row twice)
    and foreign keys (every force, cycle, area, theme named is known). A row with a problem is reported and
    left out, so that later checks do not report it again."""
    for table in tables.values():
        kept = []
        for r in table.rows:
            found = [m for c in table.spec.columns if r[c] for m in [_value_problem(table.spec, c, r[c])] if m]
            problems.extend(Problem(_where(table), r.line, m) for m in found)
            if not found:
                kept.append(r)
        table.rows = kept
    keys = {(name, fk.reference_fields): {tuple(r[c] for c in fk.reference_fields) for r in tables[name].rows}
            for t in tables.values() for fk in t.spec.foreign_keys for name in [fk.table]}
    for table in tables.values():
        table.rows = [r for r in table.rows if _references_known(table, r, keys, problems)]
        if table.spec.table not in GRADE_TABLES:  # a grade cell is unique across both grade files: check_cells
            _check_primary_key(table, problems)


def _references_known(table: Table, r, keys, problems: list[Problem]) -> bool:
    for fk in table.spec.foreign_keys:
        known = keys[(fk.table, fk.reference_fields)]
        value = tuple(r[c] for c in fk.fields)
        if value in known:
            continue
        *context, last = fk.fields
        near = [k[-1] for k in known if list(k[:-1]) == [r[c] for c in context]]
        scope = "".join(f" for {c} {r[c]}" for c in context)
        problems.append(Problem(_where(table), r.line,
                                f"unknown {last} '{r[last]}'{scope}" + did_you_mean(r[last], near)))
        return False
    return True


def _check_primary_key(table: Table, problems: list[Problem]) -> None:
    table.rows = _unique_rows(table, table.spec.primary_key, problems, fold=str.casefold)


def _unique_rows(table: Table, key: tuple[str, ...], problems: list[Problem], fold=lambda v: v) -> list:
    """table's rows less those whose key (each value through fold) repeats an earlier row's, each reported."""
    seen: dict[tuple[str, ...], int] = {}
    kept = []
    for r in table.rows:
        value = tuple(fold(r[c]) for c in key)
        if value in seen:
            problems.append(Problem(_where(table), r.line, f"{' / '.join(r[c] for c in key)} listed twice "
                                    f"(also at line {seen[value]}): {', '.join(key)} must be unique"))
            continue
        seen[value] = r.line
        kept.append(r)
    return kept


def check_reference(tables: dict[str, Table], problems: list[Problem]) -> None:
    """What the reference tables' descriptions cannot say: a cycle's scale and a mapping's grade must be on
    scales.csv, one mapping is the default, source_kinds names domains."""
    scales = {r["scale"] for r in tables["scales"].rows}
    grades_known = {r["grade"] for r in tables["scales"].rows}
    for r in tables["cycles"].rows:
        if r["scale"] not in scales:
            problems.append(Problem(_where(tables["cycles"]), r.line, f"unknown scale '{r['scale']}'"))
    check_source_kinds(tables["source_kinds"], problems)
    defaults = {r["mapping"] for r in tables["mappings"].rows if r["is_default"] == "true"}
    if len(defaults) != 1:
        problems.append(Problem(_where(tables["mappings"]), None, "exactly one mapping must have is_default true"))
    order = {r["cycle"]: int(r["cycle_order"]) for r in tables["cycles"].rows}
    for r in tables["breaks"].rows:
        if r["from_cycle"] in order and r["to_cycle"] in order and order[r["from_cycle"]] >= order[r["to_cycle"]]:
            problems.append(Problem(_where(tables["breaks"]), r.line,
                                    f"from_cycle {r['from_cycle']} must come before to_cycle {r['to_cycle']}"))
    for r in tables["mappings"].rows:
        if r["grade"] not in grades_known:
            problems.append(Problem(_where(tables["mappings"]), r.line, f"unknown grade '{r['grade']}'"))


def check_source_kinds(table: Table, problems: list[Problem]) -> None:
    for r in table.rows:
        if "/" in r["domain"] or " " in r["domain"]:
            problems.append(Problem(_where(table), r.line, f"'{r['domain']}' is not a domain (e.g. example.gov.uk)"))


def check_cells(tables: dict[str, Table], problems: list[Problem]) -> None:
    """What rows naming a known force, cycle and area must also meet: a grade (or count) is on its cycle's
    scale, a carried-over grade names an earlier cycle on the same scale, a cell has one grade across both
    grade files, and a cell listed as not graded has none."""
    cycle_scale = {r["cycle"]: r["scale"] for r in tables["cycles"].rows}
    scale_grades: dict[str, list[str]] = {}
    for r in tables["scales"].rows:
        scale_grades.setdefault(r["scale"], []).append(r["grade"])

    def on_scale(table: Table, r) -> bool:
        allowed = scale_grades.get(cycle_scale[r["cycle"]], [])
        if r["grade"] in allowed:
            return True
        problems.append(Problem(_where(table), r.line, f"grade '{r['grade']}' is not on the {cycle_scale[r['cycle']]} "
                                f"scale of {r['cycle']} ({', '.join(allowed)})"))
        return False

    cycle_order = {r["cycle"]: int(r["cycle_order"]) for r in tables["cycles"].rows}

    def awarded_before(table: Table, r) -> bool:
        """A carried-over grade names the earlier cycle it was awarded in."""
        awarded = r.values.get("awarded_in", "")
        if not awarded:
            return True
        if awarded not in cycle_order:
            problems.append(Problem(_where(table), r.line, f"awarded_in '{awarded}' is not a known cycle"
                                    + did_you_mean(awarded, cycle_order)))
            return False
        if cycle_order[awarded] >= cycle_order[r["cycle"]]:
            problems.append(Problem(_where(table), r.line,
                                    f"awarded_in '{awarded}' must be a cycle before {r['cycle']}"))
            return False
        if cycle_scale[awarded] != cycle_scale[r["cycle"]]:
            problems.append(Problem(_where(table), r.line, f"a grade cannot carry over from {awarded} "
                                    f"({cycle_scale[awarded]}) to {r['cycle']} ({cycle_scale[r['cycle']]})"))
            return False
        return True

    cells: dict[tuple[str, str, str], tuple[str, str, int]] = {}
    for name in GRADE_TABLES:
        table = tables[name]
        for r in table.rows:
            if not on_scale(table, r) or not awarded_before(table, r):
                continue
            key = (r["force"], r["cycle"], r["area"])
            if key in cells:
                other_file, other_grade, other_line = cells[key]
                what = ("conflicting grades" if other_grade != r["grade"] else "the same grade twice")
                problems.append(Problem(_where(table), r.line,
                                        f"{what} for {' / '.join(key)}: '{r['grade']}' here, "
                                        f"'{other_grade}' at {other_file}:{other_line}"))
                continue
            cells[key] = (_where(table), r["grade"], r.line)
    for r in tables["not_graded"].rows:
        key = (r["force"], r["cycle"], r["area"])
        if key in cells:
            problems.append(Problem(_where(tables["not_graded"]), r.line,
                                    f"{' / '.join(key)} is listed as not graded but has a grade at "
                                    f"{cells[key][0]}:{cells[key][2]}"))
    for r in tables["counts"].rows:
        on_scale(tables["counts"], r)
    check_counts(tables, problems)


def check_counts(tables: dict[str, Table], problems: list[Problem]) -> None:
    """More curated grades named at a grade than any source counted for the force and cycle (the largest stated
    count, as count_check takes it) is a contradiction: one named grade or the count is wrong. Refused at the
    count's line, naming the grades' lines, unless a count row's notes, or the notes of one of those grades
    mentioning the count, say why. (Grades a user added on this machine never refuse a build: the count check
    warns about them.)"""
    named: dict[tuple[str, str, str], list] = {}
    for r in tables["grades"].rows:
        named.setdefault((r["force"], r["cycle"], r["grade"]), []).append(r)
    stated: dict[tuple[str, str, str], list] = {}
    for r in tables["counts"].rows:
        stated.setdefault((r["force"], r["cycle"], r["grade"]), []).append(r)
    for (force, cycle, grade), counts in stated.items():
        rows = named.get((force, cycle, grade), [])
        most = max(counts, key=lambda c: int(c["count"]))
        if len(rows) <= int(most["count"]) or any(c.values.get("notes") for c in counts):
            continue
        if any("count" in g.values.get("notes", "").lower() for g in rows):
            continue
        lines = ", ".join(str(g.line) for g in rows)
        problems.append(Problem(_where(tables["counts"]), most.line,
                                f"{force} {cycle}: {len(rows)} {grade} grades are named (data/grades.csv lines "
                                f"{lines}) but no source counts more than {most['count']}: one grade or the count "
                                "is wrong; fix it, or say why in the count's notes"))


# What a type cannot say: the range each number may take, and columns unique besides the primary key.
RANGES = {
    "cycles": {"first_year": (2000, 2100), "last_year": (2000, 2100), "cycle_order": (1, 1000)},
    "scales": {"tier_rank": (1, 20)},
    "themes": {"sort_order": (0, 10_000)},
    "areas": {"theme_priority": (0, 10_000)},
    "counts": {"count": (0, 1_000)},
    "mappings": {"position": (0, 100)},
}
ALSO_UNIQUE = {"cycles": ("cycle_order",), "scales": ("scale", "tier_rank")}


def check_ranges(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Numbers within their range, cycles in order (first_year not after last_year, one cycle per
    cycle_order), one grade per tier of a scale, and at least one curated grade; each at its file and line."""
    for name, columns in RANGES.items():
        for r in tables[name].rows:
            for col, (low, high) in columns.items():
                if not low <= float(r[col]) <= high:
                    problems.append(Problem(_where(tables[name]), r.line,
                                            f"{col} must be from {low} to {high}, not {r[col]}"))
    for name, key in ALSO_UNIQUE.items():
        _unique_rows(tables[name], key, problems)  # reported only: the rows stay for the checks after
    for r in tables["cycles"].rows:
        if int(r["first_year"]) > int(r["last_year"]):
            problems.append(Problem(_where(tables["cycles"]), r.line,
                                    f"first_year {r['first_year']} is after last_year {r['last_year']}"))
    if not tables["grades"].rows and not any(p.file == _where(tables["grades"]) for p in problems):
        problems.append(Problem(_where(tables["grades"]), None, "holds no grades (only a header): nothing to build"))


def validate(tables: dict[str, Table]) -> list[Problem]:
    """Every problem in the input tables, each with its file and line; an empty list means they can be built."""
    problems: list[Problem] = []
    check_fields(tables, problems)
    check_ranges(tables, problems)
    check_reference(tables, problems)
    check_cells(tables, problems)
    return problems
