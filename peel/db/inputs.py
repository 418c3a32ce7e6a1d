"""The CSV files under data/ that the database is built from: what each must hold, and reading them."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ForeignKey:
    """fields of this table must name a row of table (by its columns `reference`, default the same names)."""

    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...] = ()

    @property
    def reference_fields(self) -> tuple[str, ...]:
        return self.reference or self.fields


@dataclass(frozen=True)
class InputFile:
    """One CSV under data/, described once for both the build's validation and the published Table Schema:
    its table name, file name, columns (in order), which may be empty, the type of each non-text column
    (Table Schema names: integer, number, boolean), the values a column is limited to, the primary key and
    the foreign keys."""

    table: str
    filename: str
    columns: tuple[str, ...]
    optional: tuple[str, ...] = ()
    required_file: bool = True
    description: str = ""
    types: dict[str, str] = field(default_factory=dict, hash=False)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    def type_of(self, column: str) -> str:
        return self.types.get(column, "string")


GRADE_COLUMNS = ("force", "cycle", "area", "grade", "source_url", "notes", "awarded_in")
# What a published user grade says of itself: which document it was read from (its name and SHA-256) and which
# editor accepted it, when. Trailing and optional, so a user_grades.csv written before them still reads.
USER_GRADE_COLUMNS = GRADE_COLUMNS + ("document", "document_hash", "accepted_by", "accepted_at")
SOURCE_KINDS = ("HMICFRS", "PCC or panel", "police force", "news or other", "document")
NOT_GRADED_STATUSES = ("not graded", "not inspected")
FORCE = ForeignKey(("force",), "forces")
CYCLE = ForeignKey(("cycle",), "cycles")
AREA = ForeignKey(("cycle", "area"), "areas")
GRADE_KEYS = dict(primary_key=("force", "cycle", "area"), foreign_keys=(FORCE, CYCLE, AREA))

INPUT_FILES = (
    InputFile("forces", "forces.csv", ("force", "region", "country", "aliases"), ("aliases",),
              description="The 43 territorial police forces of England and Wales, with region and country, and "
                          "the other wordings documents use for a force (separated by |).",
              enums={"country": ("England", "Wales")}, primary_key=("force",)),
    InputFile("cycles", "cycles.csv",
              ("cycle", "years", "first_year", "last_year", "scale", "framework", "cycle_order", "short_label"),
              ("short_label",),
              description="Each PEEL inspection cycle: its years, grading scale (4-tier or 5-tier) and framework, "
                          "and a short label for narrow axes where its name is long.",
              types={"first_year": "integer", "last_year": "integer", "cycle_order": "integer"},
              enums={"framework": ("pillars", "areas")}, primary_key=("cycle",)),
    # Where HMICFRS declares a break in comparability between two cycles, in its own words.
    InputFile("breaks", "breaks.csv", ("from_cycle", "to_cycle", "label", "words", "source_url"),
              description="Each point where HMICFRS says grades of one cycle do not compare directly with "
                          "those of an earlier one: the two cycles, what changed, HMICFRS's words and its page.",
              primary_key=("from_cycle", "to_cycle"),
              foreign_keys=(ForeignKey(("from_cycle",), "cycles", ("cycle",)),
                            ForeignKey(("to_cycle",), "cycles", ("cycle",)))),
    InputFile("scales", "scales.csv", ("scale", "grade", "tier_rank", "source_url"),
              description="The grades of each scale in order (tier_rank 1 = Outstanding), with the HMICFRS page "
                          "stating the scale.",
              types={"tier_rank": "integer"}, primary_key=("scale", "grade")),
    InputFile("mappings", "mappings.csv", ("mapping", "label", "grade", "position", "is_default", "source"),
              description="Harmonised positions of each grade on one axis under each mapping: PEEL Explorer's "
                          "own choice, not HMICFRS's.",
              types={"position": "number", "is_default": "boolean"}, primary_key=("mapping", "grade")),
    InputFile("themes", "themes.csv", ("theme", "kind", "sort_order", "description", "short_label"),
              ("description", "short_label"),
              description="The themes that persist across frameworks, and the three pillars, with a short label "
                          "for narrow layouts.",
              types={"sort_order": "integer"}, enums={"kind": ("pillar", "theme")}, primary_key=("theme",)),
    InputFile("areas", "areas.csv",
              ("cycle", "area", "level", "pillar", "theme", "theme_priority", "aliases", "source_url"),
              ("pillar", "aliases"),
              description="Every area graded in each cycle, as named that cycle, and the theme it maps onto.",
              types={"theme_priority": "integer"}, enums={"level": ("pillar", "question", "area")},
              primary_key=("cycle", "area"),
              foreign_keys=(CYCLE, ForeignKey(("theme",), "themes"))),
    InputFile("documents", "documents.csv", ("document", "title", "publisher", "published"), ("published",),
              description="Documents (rather than web pages) that some grades were read from.",
              primary_key=("document",)),
    # The status vocabulary of a force x cycle x theme cell, and its words: the one place they are defined.
    InputFile("statuses", "statuses.csv",
              ("status", "label", "long_label", "legend_label", "sort_order", "description"),
              description="Each status a cell can have (graded, unknown, not graded, not inspected) and the words "
                          "shown for it: in charts, in tables and in legends.",
              types={"sort_order": "integer"}, primary_key=("status",)),
    # Cells known not to carry a grade: 'not graded' (no grade was awarded) or 'not inspected' (a question
    # HMICFRS says it did not inspect that cycle, with no grade stated for it).
    InputFile("not_graded", "not_graded.csv", ("force", "cycle", "area", "status", "reason", "source_url"),
              description="Cells known to carry no grade, and why.",
              enums={"status": NOT_GRADED_STATUSES}, primary_key=("force", "cycle", "area"),
              foreign_keys=(FORCE, CYCLE, AREA, ForeignKey(("status",), "statuses"))),
    # notes: why named grades may exceed the count (without one, more named grades than counted refuse the build).
    InputFile("counts", "counts.csv", ("force", "cycle", "grade", "count", "source_url", "notes"), ("notes",),
              description="How many areas a source said a force got at each grade: a check on named grades, "
                          "never a way to fill one; notes say why named grades may exceed it.",
              types={"count": "integer"}, primary_key=("force", "cycle", "grade", "source_url"),
              foreign_keys=(FORCE, CYCLE)),
    # awarded_in: the cycle a carried-over grade was awarded in (blank for a grade awarded that cycle).
    InputFile("grades", "grades.csv", GRADE_COLUMNS, ("notes", "awarded_in"),
              description="One row per grade as read from its source.", **GRADE_KEYS),
    # Grades a user confirmed on the "Add a report" page; local to a machine, never committed.
    InputFile("user_grades", "user_grades.csv", USER_GRADE_COLUMNS,
              ("notes", "awarded_in", "document", "document_hash", "accepted_by", "accepted_at"), required_file=False,
              description="Grades a user proposed from a report and an editor accepted, on this machine.",
              **GRADE_KEYS),
    # What kind of source a web address is, by its domain (the longest matching domain wins).
    InputFile("source_kinds", "source_kinds.csv", ("domain", "kind", "note"), ("note",),
              description="What kind of source a web address is, by domain; the longest matching domain wins.",
              enums={"kind": SOURCE_KINDS}, primary_key=("domain",)),
    # The HMICFRS report page of each force and five-tier cycle, as stored, for "read the inspectorate's report".
    InputFile("reports", "reports.csv", ("force", "cycle", "report_url", "notes"), ("notes",),
              description="The HMICFRS report page of each force and five-tier cycle, where stored.",
              primary_key=("force", "cycle"), foreign_keys=(FORCE, CYCLE)),
)
INPUT_SPECS = {spec.table: spec for spec in INPUT_FILES}
GRADE_TABLES = ("grades", "user_grades")


@dataclass
class Problem:
    """Something wrong in an input file, located so a person can go straight to it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class Row:
    """One data row of an input file, with the line it started on."""

    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]


@dataclass
class Table:
    spec: InputFile
    rows: list[Row] = field(default_factory=list)


MAX_PROBLEMS_PER_FILE = 50  # then a count: a file with a million bad rows needs fixing at its source, not a list


def file_label(path: Path) -> str:
    """How a problem names an input file: data/grades.csv under data/, else its whole path."""
    return f"data/{path.name}" if path.parent.name == "data" else str(path)


def read_table(path: Path, spec: InputFile, problems: list[Problem]) -> Table:
    """Read one CSV strictly: exact header, the right number of fields, no empty required cell.

    Rows with a problem are reported (the first MAX_PROBLEMS_PER_FILE, then how many more) and left out; the
    caller refuses to build if any problem was found. Line numbers are the lines an editor shows: only
    \\n, \\r\\n and \\r end a line (not the form feed, U+0085 or U+2028 a cell may hold).
    """
    table = Table(spec)
    name = file_label(path)
    if not path.is_file():
        problems.append(Problem(name, None, "is a folder, not a CSV file" if path.is_dir() else "is not a file"))
        return table
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, f"is not UTF-8 text (byte {exc.start})"))
        return table
    except OSError as exc:
        problems.append(Problem(name, None, f"cannot be read ({exc.strerror})"))
        return table
    if "\x00" in text:
        problems.append(Problem(name, None, "is not a text CSV file (it holds NUL bytes)"))
        return table
    found = 0

    def report(line: int | None, message: str) -> None:
        nonlocal found
        found += 1
        if found <= MAX_PROBLEMS_PER_FILE:
            problems.append(Problem(name, line, message))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(name, None, "is empty: expected a header row " + ",".join(spec.columns)))
            return table
        header = tuple(h.strip() for h in header)
        missing = spec.columns[len(header):]
        # A file written before optional trailing columns were added (a local user_grades.csv) still reads.
        if header != spec.columns[:len(header)] or not set(missing) <= set(spec.optional):
            problems.append(Problem(name, 1, f"header is {','.join(header)}; expected {','.join(spec.columns)}"))
            return table
        start = reader.line_num + 1
        for fields in reader:
            line = start
            start = reader.line_num + 1
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                report(line, f"malformed row: {len(fields)} fields, expected {len(header)}")
                continue
            fields = fields + [""] * len(missing)
            values = {c: v.strip() for c, v in zip(spec.columns, fields)}
            empty = [c for c in spec.columns if c not in spec.optional and not values[c]]
            if empty:
                report(line, "missing source" if empty == ["source_url"] else f"empty {', '.join(empty)}")
                continue
            table.rows.append(Row(line, values))
    except csv.Error as exc:
        report(reader.line_num, f"malformed CSV: {exc}")
    if found > MAX_PROBLEMS_PER_FILE:
        problems.append(Problem(name, None, f"{found - MAX_PROBLEMS_PER_FILE} more problem(s) not listed "
                                f"({found} in all)"))
    return table


def read_inputs(data_dir: Path, problems: list[Problem]) -> dict[str, Table]:
    """Read every input file under data_dir, reporting missing files and malformed rows into problems."""
    tables = {}
    for spec in INPUT_FILES:
        path = Path(data_dir) / spec.filename
        if not path.exists():
            if spec.required_file:
                problems.append(Problem(f"data/{spec.filename}", None, "is missing"))
            tables[spec.table] = Table(spec)
            continue
        tables[spec.table] = read_table(path, spec, problems)
    return tables
