"""Build data/peel.duckdb from the CSVs under data/: validate first, write to a temporary file, then swap.

A failed build leaves any existing database exactly as it was.
"""
from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime, UTC
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from peel.db.inputs import GRADE_TABLES, INPUT_FILES, USER_GRADE_COLUMNS, Problem, Table, read_inputs
from peel.db import files
from peel.paths import DATA_DIR, DB_PATH, SQL_FILES, db_path
from peel.db.provenance import content_hash
from peel.db.queries import sql
from peel.db.validate import validate

COLUMN_DTYPES = {"integer": "int64", "number": "float64"}
MAX_LISTED = 100  # problems spelt out in a refusal; the rest are counted
LEFTOVER_SECONDS = 600  # a temporary file this old was left by a killed build or write (a live one is seconds old)


class InvalidData(Exception):
    """The input CSVs have problems; nothing was built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listed = "\n".join(map(str, problems[:MAX_LISTED]))
        more = f"\n... and {len(problems) - MAX_LISTED} more problem(s)" if len(problems) > MAX_LISTED else ""
        super().__init__(f"{len(problems)} problem(s) in the input data:\n{listed}{more}")


@dataclass
class BuildResult:
    path: Path
    seconds: float
    grades: int
    rows_per_table: dict[str, int]
    warnings: list[str]


def _frame(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame([r.values for r in table.rows], columns=list(table.spec.columns), dtype="string")
    for col in frame.columns:  # each column's type as INPUT_FILES describes it
        kind = table.spec.type_of(col)
        if kind == "boolean":
            frame[col] = frame[col] == "true"
        elif kind in COLUMN_DTYPES:
            frame[col] = frame[col].astype(COLUMN_DTYPES[kind])
    return frame


def _grade_rows(tables: dict[str, Table]) -> pd.DataFrame:
    frames = []
    for name in GRADE_TABLES:
        frame = _frame(tables[name])
        for column in USER_GRADE_COLUMNS:  # curated rows have no document or acceptance: empty, typed as text
            if column not in frame:
                frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
        frame["origin"] = "curated" if name == "grades" else "user"
        frame["source_line"] = [r.line for r in tables[name].rows]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def load_valid_inputs(data_dir: Path) -> dict[str, Table]:
    problems: list[Problem] = []
    tables = read_inputs(Path(data_dir), problems)
    if not problems:
        problems = validate(tables)
    if problems:
        raise InvalidData(problems)
    return tables


def input_files(data_dir: Path) -> list[Path]:
    """The files a build reads (present or not): a build never writes over one of them."""
    folder = Path(data_dir)
    return sorted({*(folder / spec.filename for spec in INPUT_FILES), *folder.glob("*.csv")})


def build(data_dir: Path = DATA_DIR, out: Path = DB_PATH, replace_any: bool | None = None) -> BuildResult:
    """Validate the CSVs in data_dir and write the database to out, atomically.

    out is never one of the input files, nor an existing file that is not a DuckDB database (unless it is
    the project's own database path, db_path(data_dir) or data/peel.duckdb, or replace_any): those raise
    files.Refused, as does a folder that cannot be written (read-only, full), leaving out as it was."""
    started = time.perf_counter()
    tables = load_valid_inputs(data_dir)
    if replace_any is None:
        replace_any = any(os.path.abspath(out) == os.path.abspath(own) for own in (db_path(data_dir), DB_PATH))
    out = files.check_output(out, files.DATABASE, input_files(data_dir), replace_any=replace_any)
    clear_leftovers(Path(data_dir), out)
    with files.replacing(out) as tmp:
        tmp.unlink()  # DuckDB wants to create the file itself
        con = duckdb.connect(str(tmp))
        try:
            counts = {}
            for spec in INPUT_FILES:
                if spec.table in GRADE_TABLES:
                    continue
                frame = _frame(tables[spec.table])
                con.from_df(frame).create(spec.table)
                counts[spec.table] = len(frame)
            grade_rows = _grade_rows(tables)
            con.from_df(grade_rows).create("grade_rows")
            counts["grade_rows"] = len(grade_rows)
            for layer in SQL_FILES:  # staging, intermediate, marts: see peel/paths.py
                con.execute(layer.read_text(encoding="utf-8"))
            con.from_df(build_info(data_dir)).create("build_info")
            loaded = con.execute("SELECT count(*) FROM grades").fetchone()[0]
            if loaded != len(grade_rows):
                raise RuntimeError(f"{len(grade_rows)} grade rows in, {loaded} in the grades view")
            warnings = count_warnings(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
    return BuildResult(out, time.perf_counter() - started, loaded, counts, warnings)


def schema_fingerprint() -> str:
    """What a database's tables are, as this code builds them: the SHA-256 of the build's SQL layers and of
    each input table's columns. Kept in build_info, so a database built by another version is told apart on
    opening."""
    digest = hashlib.sha256()
    for layer in SQL_FILES:
        digest.update(layer.name.encode() + b"\n" + layer.read_bytes())
    for spec in INPUT_FILES:
        digest.update(f"\n{spec.table}:{','.join(spec.columns)}".encode())
    return digest.hexdigest()


def open_built(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a database this version built, checked through (peel.db.files.open_database):
    files.Refused for a missing, damaged, foreign or older one."""
    return files.open_database(path, ("build_info", "grade_rows"), schema_fingerprint())


def build_info(data_dir: Path) -> pd.DataFrame:
    """The build_info table: when this database was built (UTC) and the content hash of data/*.csv."""
    return pd.DataFrame({"built_at": [datetime.now(UTC).isoformat(timespec="seconds")],
                         "content_hash": [content_hash(data_dir)],
                         "csv_files": [len(list(Path(data_dir).glob("*.csv")))],
                         "schema_hash": [schema_fingerprint()]})


def clear_leftovers(data_dir: Path, out: Path) -> list[Path]:
    """Delete the temporary files a killed build or write left beside out (peel.duckdb.*.tmp, its .wal) and
    the input CSVs (user_grades.csv.*.tmp), once older than LEFTOVER_SECONDS; return those deleted."""
    patterns = [(out.parent, f"{out.name}.*.tmp"), (out.parent, f"{out.name}.*.tmp.wal")]
    patterns += [(data_dir, f"{spec.filename}.*.tmp") for spec in INPUT_FILES]
    now, deleted = time.time(), []
    for folder, pattern in patterns:
        for path in folder.glob(pattern):
            try:
                if now - path.stat().st_mtime > LEFTOVER_SECONDS:
                    path.unlink()
                    deleted.append(path)
            except FileNotFoundError:  # another build cleared it first
                pass
    return deleted


def count_warnings(con) -> list[str]:
    """Named grades that exceed or contradict the counts a source stated (data/counts.csv)."""
    rows = con.execute(sql("count_contradictions")).fetchall()
    return [f"{force} {cycle}: {named} named {grade} grade(s) but the stated count is {stated or 0}"
            for force, cycle, grade, stated, named in rows]


def input_paths(data_dir: Path = DATA_DIR) -> list[Path]:
    return [Path(data_dir) / spec.filename for spec in INPUT_FILES if (Path(data_dir) / spec.filename).exists()]


def inputs_mtime(data_dir: Path = DATA_DIR) -> float:
    """When an input CSV or one of the build's SQL files last changed."""
    return max(p.stat().st_mtime for p in [*input_paths(data_dir), *SQL_FILES])


def is_stale(data_dir: Path = DATA_DIR, out: Path = DB_PATH) -> bool:
    """True when the database is missing or older than any input CSV or the build's SQL."""
    out = Path(out)
    return not out.exists() or out.stat().st_mtime < inputs_mtime(data_dir)


def ensure_built(data_dir: Path = DATA_DIR, out: Path = DB_PATH) -> bool:
    """Build when missing or stale; return True if a build ran."""
    if is_stale(data_dir, out):
        build(data_dir, out)
        return True
    return False
