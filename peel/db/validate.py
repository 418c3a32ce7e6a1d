"""Checks across the input tables: every grade names a known force, cycle and area, sits on its cycle's
scale, has a source, and does not contradict another grade for the same cell."""
from __future__ import annotations

from difflib import get_close_matches

from peel.db.inputs import GRADE_TABLES, NOT_GRADED_STATUSES, SOURCE_KINDS, Problem, Table


def _suggest(word: str, known) -> str:
    close = get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _where(table: Table) -> str:
    return f"data/{table.spec.filename}"


def check_reference(tables: dict[str, Table], problems: list[Problem]) -> None:
    """The reference tables must agree with each other (scales, cycles, themes, areas, mappings)."""
    scales = {r["scale"] for r in tables["scales"].rows}
    themes = {r["theme"] for r in tables["themes"].rows}
    cycles = {r["cycle"] for r in tables["cycles"].rows}
    grades_known = {r["grade"] for r in tables["scales"].rows}
    for r in tables["cycles"].rows:
        if r["scale"] not in scales:
            problems.append(Problem(_where(tables["cycles"]), r.line, f"unknown scale '{r['scale']}'"))
        for col in ("first_year", "last_year", "cycle_order"):
            if not r[col].isdigit():
                problems.append(Problem(_where(tables["cycles"]), r.line, f"{col} must be a whole number"))
    for r in tables["scales"].rows:
        if not r["tier_rank"].isdigit():
            problems.append(Problem(_where(tables["scales"]), r.line, "tier_rank must be a whole number"))
    for r in tables["themes"].rows:
        if r["kind"] not in ("pillar", "theme"):
            problems.append(Problem(_where(tables["themes"]), r.line, "kind must be 'pillar' or 'theme'"))
    seen = set()
    for r in tables["areas"].rows:
        key = (r["cycle"], r["area"])
        where = _where(tables["areas"])
        if key in seen:
            problems.append(Problem(where, r.line, f"area '{r['area']}' listed twice for {r['cycle']}"))
        seen.add(key)
        if r["cycle"] not in cycles:
            problems.append(Problem(where, r.line, f"unknown cycle '{r['cycle']}'"))
        if r["theme"] not in themes:
            problems.append(Problem(where, r.line, f"unknown theme '{r['theme']}'" + _suggest(r["theme"], themes)))
        if r["level"] not in ("pillar", "question", "area"):
            problems.append(Problem(where, r.line, "level must be pillar, question or area"))
        if not r["theme_priority"].isdigit():
            problems.append(Problem(where, r.line, "theme_priority must be a whole number"))
    check_source_kinds(tables["source_kinds"], problems)
    defaults = {r["mapping"] for r in tables["mappings"].rows if r["is_default"] == "true"}
    if len(defaults) != 1:
        problems.append(Problem(_where(tables["mappings"]), None, "exactly one mapping must have is_default true"))
    for r in tables["mappings"].rows:
        if r["grade"] not in grades_known:
            problems.append(Problem(_where(tables["mappings"]), r.line, f"unknown grade '{r['grade']}'"))
        try:
            float(r["position"])
        except ValueError:
            problems.append(Problem(_where(tables["mappings"]), r.line, "position must be a number"))


def check_source_kinds(table: Table, problems: list[Problem]) -> None:
    seen = set()
    for r in table.rows:
        if r["kind"] not in SOURCE_KINDS:
            problems.append(Problem(_where(table), r.line, f"unknown kind '{r['kind']}' (one of {', '.join(SOURCE_KINDS)})"))
        domain = r["domain"].lower()
        if "/" in domain or " " in domain:
            problems.append(Problem(_where(table), r.line, f"'{r['domain']}' is not a domain (e.g. example.gov.uk)"))
        if domain in seen:
            problems.append(Problem(_where(table), r.line, f"domain '{r['domain']}' listed twice"))
        seen.add(domain)


def check_cells(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Grade, not-graded and count rows must name a known force, cycle and area, and use the right scale."""
    forces = {r["force"] for r in tables["forces"].rows}
    cycle_scale = {r["cycle"]: r["scale"] for r in tables["cycles"].rows}
    scale_grades: dict[str, list[str]] = {}
    for r in tables["scales"].rows:
        scale_grades.setdefault(r["scale"], []).append(r["grade"])
    areas: dict[str, set[str]] = {}
    for r in tables["areas"].rows:
        areas.setdefault(r["cycle"], set()).add(r["area"])

    def check_row(table: Table, r, with_area: bool, with_grade: bool) -> bool:
        where = _where(table)
        if r["force"] not in forces:
            problems.append(Problem(where, r.line, f"unknown force '{r['force']}'" + _suggest(r["force"], forces)))
            return False
        if r["cycle"] not in cycle_scale:
            problems.append(Problem(where, r.line, f"unknown cycle '{r['cycle']}'" + _suggest(r["cycle"], cycle_scale)))
            return False
        if with_area and r["area"] not in areas.get(r["cycle"], ()):
            problems.append(Problem(where, r.line, f"unknown area '{r['area']}' for cycle {r['cycle']}"
                                    + _suggest(r["area"], areas.get(r["cycle"], ()))))
            return False
        if with_grade:
            allowed = scale_grades.get(cycle_scale[r["cycle"]], [])
            if r["grade"] not in allowed:
                problems.append(Problem(where, r.line, f"grade '{r['grade']}' is not on the {cycle_scale[r['cycle']]} "
                                        f"scale of {r['cycle']} ({', '.join(allowed)})"))
                return False
        return True

    cycle_order = {r["cycle"]: r["cycle_order"] for r in tables["cycles"].rows}

    def awarded_before(table: Table, r) -> bool:
        """A carried-over grade names the earlier cycle it was awarded in."""
        awarded = r.values.get("awarded_in", "")
        if not awarded:
            return True
        if awarded not in cycle_order:
            problems.append(Problem(_where(table), r.line, f"awarded_in '{awarded}' is not a known cycle"
                                    + _suggest(awarded, cycle_order)))
            return False
        if not cycle_order[awarded].isdigit() or not cycle_order[r["cycle"]].isdigit() \
                or int(cycle_order[awarded]) >= int(cycle_order[r["cycle"]]):
            problems.append(Problem(_where(table), r.line, f"awarded_in '{awarded}' must be a cycle before {r['cycle']}"))
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
            if not check_row(table, r, with_area=True, with_grade=True) or not awarded_before(table, r):
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
        if r["status"] not in NOT_GRADED_STATUSES:
            problems.append(Problem(_where(tables["not_graded"]), r.line,
                                    f"status must be {' or '.join(NOT_GRADED_STATUSES)}, not '{r['status']}'"))
        elif check_row(tables["not_graded"], r, with_area=True, with_grade=False):
            key = (r["force"], r["cycle"], r["area"])
            if key in cells:
                problems.append(Problem(_where(tables["not_graded"]), r.line,
                                        f"{' / '.join(key)} is listed as not graded but has a grade at "
                                        f"{cells[key][0]}:{cells[key][2]}"))
    reports = set()
    for r in tables["reports"].rows:
        if check_row(tables["reports"], r, with_area=False, with_grade=False):
            key = (r["force"], r["cycle"])
            if key in reports:
                problems.append(Problem(_where(tables["reports"]), r.line, f"a second report page for {' / '.join(key)}"))
            reports.add(key)
    for r in tables["counts"].rows:
        if check_row(tables["counts"], r, with_area=False, with_grade=True) and not r["count"].isdigit():
            problems.append(Problem(_where(tables["counts"]), r.line, "count must be a whole number"))


def validate(tables: dict[str, Table]) -> list[Problem]:
    problems: list[Problem] = []
    check_reference(tables, problems)
    check_cells(tables, problems)
    return problems
