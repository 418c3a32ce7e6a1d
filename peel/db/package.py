"""The whole dataset for journalists and data desks: `python -m peel package --out DIR` and the Data page's
download. Every table as CSV and Parquet, the DuckDB file, and a Frictionless Data Package descriptor
(datapackage.json) with a Table Schema per table, the sources, the licence terms of the source material,
the caveats and the provenance (build date, content hash of data/*.csv, grades per source kind).

The Table Schemas of the tables built from data/*.csv are made from their descriptions in INPUT_FILES, the
same descriptions the build validates the CSVs against, so the two cannot drift apart.
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from peel.db import csv_file, files, provenance, queries
from peel.db.columns import describe
from peel.texts import package_caveats
from peel.db.inputs import AREA, CYCLE, FORCE, GRADE_TABLES, INPUT_FILES, NOT_GRADED_STATUSES, SOURCE_KINDS, \
    ForeignKey, InputFile

NAME = "peel-explorer-grades"
OGL = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
       "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
LICENCE_TERMS = (
    "Grades awarded by HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) and read from "
    "its reports and pages are public sector information under the Open Government Licence v3.0; reuse "
    "them with the attribution: '" + ATTRIBUTION + "' Some grades were read from police and crime "
    "commissioner (PCC) or police and crime panel papers, police force pages and news stories: those "
    "sources are cited by address in each row's source_url and are not redistributed here; their own "
    "terms apply to their text. The harmonised positions (mappings) are PEEL Explorer's own choice.")
SOURCES = (
    {"title": "HMICFRS PEEL assessments (reports and force pages)",
     "path": "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/"},
    {"title": "HMICFRS: PEEL grading scales and frameworks",
     "path": "https://www.justiceinspectorates.gov.uk/hmicfrs/police-forces/integrated-peel-assessments/"},
    {"title": "PCC and police and crime panel papers, police force pages and news stories, cited by address in "
              "each grade's source_url (not redistributed)"},
)
TYPES = {"BIGINT": "integer", "INTEGER": "integer", "DOUBLE": "number", "BOOLEAN": "boolean",
         "VARCHAR": "string", "DATE": "date", "TIMESTAMP WITH TIME ZONE": "datetime"}


@dataclass(frozen=True)
class View:
    """A view of the database published as a table: its keys and the values some columns are limited to."""

    table: str
    description: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    required: tuple[str, ...] = ()


VIEWS = (
    View("grades", "Every grade, one row per force, cycle and area as graded that cycle, joined to the force, "
                   "cycle, scale, theme, harmonised position (default mapping) and the kind of its source.",
         ("force", "cycle", "area"), (FORCE, CYCLE, AREA, ForeignKey(("awarded_in",), "cycles", ("cycle",))),
         {"source_kind": SOURCE_KINDS, "origin": ("curated", "user"), "theme_kind": ("pillar", "theme")},
         ("grade", "source_url", "source_kind", "scale", "theme", "carried_over")),
    View("coverage", "Every force x cycle x theme cell the cycle could grade, with its status and headline grade: "
                     "the gaps as well as the grades.",
         ("force", "cycle", "theme"), (FORCE, CYCLE, ForeignKey(("theme",), "themes")),
         {"status": ("graded", *NOT_GRADED_STATUSES, "unknown")}, ("status",)),
    View("count_check", "Named grades against the counts a source stated: how many of a force's grades are "
                        "still unnamed.",
         ("force", "cycle", "grade"), (FORCE, CYCLE),
         {"status": ("all named", "some unnamed", "named exceed stated", "named but no count stated")},
         ("named", "unnamed", "status")),
)
INPUT_TABLES = tuple(spec for spec in INPUT_FILES if spec.table not in GRADE_TABLES)


def _foreign_keys(keys) -> list[dict]:
    return [{"fields": list(fk.fields), "reference": {"resource": fk.table, "fields": list(fk.reference_fields)}}
            for fk in keys]


def input_schema(spec: InputFile) -> dict:
    """The Table Schema of a table built from a data/*.csv, from its description in INPUT_FILES."""
    fields = []
    for col in spec.columns:
        constraints = {}
        if col not in spec.optional:
            constraints["required"] = True
        if col in spec.enums:
            constraints["enum"] = list(spec.enums[col])
        if spec.type_of(col) == "integer":
            constraints["minimum"] = 0
        fields.append({"name": col, "type": spec.type_of(col), "description": describe(spec.table, col),
                       **({"constraints": constraints} if constraints else {})})
    return {"fields": fields, "missingValues": [""], "primaryKey": list(spec.primary_key),
            "foreignKeys": _foreign_keys(spec.foreign_keys)}


def view_schema(con: duckdb.DuckDBPyConnection, view: View) -> dict:
    """The Table Schema of a view: column types from the database, keys and allowed values from VIEWS; a grade
    is one of the grades of scales."""
    enums = {"grade": tuple(queries.run(con, "scale_grades")["grade"]), **view.enums}
    fields = []
    relation = con.table(view.table)
    for col, sql_type in zip(relation.columns, map(str, relation.types)):
        constraints = {}
        if col in view.required or col in view.primary_key:
            constraints["required"] = True
        if col in enums:
            constraints["enum"] = list(enums[col])
        fields.append({"name": col, "type": TYPES[sql_type], "description": describe(view.table, col),
                       **({"constraints": constraints} if constraints else {})})
    return {"fields": fields, "missingValues": [""], "primaryKey": list(view.primary_key),
            "foreignKeys": _foreign_keys(view.foreign_keys)}


def _file_facts(path: Path) -> dict:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest}"}


def _write_table(con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...], out: Path) -> tuple[Path, Path]:
    """table as csv/<table>.csv (through the one CSV writer, peel.db.csv_file) and parquet/<table>.parquet,
    in primary-key order."""
    relation = con.table(table).order(", ".join(key))  # names from INPUT_FILES and VIEWS, never from input
    csv_path, parquet_path = out / "csv" / f"{table}.csv", out / "parquet" / f"{table}.parquet"
    csv_file.write(relation.df(), csv_path)
    relation.write_parquet(str(parquet_path))
    return csv_path, parquet_path


def descriptor(con: duckdb.DuckDBPyConnection, resources: list[dict]) -> dict:
    made = provenance.read(con)
    return {
        "name": NAME,
        "title": "PEEL Explorer: HMICFRS PEEL inspection grades of the police forces of England and Wales, 2014 on",
        "description": ("How HMICFRS graded the 43 police forces of England and Wales in its PEEL inspections, "
                        "every cycle since 2014, with the source each grade was read from. Start with grades "
                        "(one row per grade) and coverage (every cell, graded or not). Each table is here as "
                        "CSV (csv/) and Parquet (parquet/); peel.duckdb holds them all, with the same views."),
        "version": made.version,
        "created": made.built_at,
        "licenses": [OGL],
        "licence_terms": LICENCE_TERMS,
        "attribution": ATTRIBUTION,
        "sources": list(SOURCES),
        "caveats": list(package_caveats(queries.breaks(con))),
        "provenance": {
            "built_at": made.built_at,
            "content_hash": f"sha256:{made.content_hash}",
            "content_hash_of": "data/*.csv: SHA-256 over each file's name and the SHA-256 of its bytes, in name "
                               "order; two copies with the same hash were built from the same files",
            "grades": made.grades,
            "grades_by_source_kind": made.grades_by_source_kind,
        },
        "resources": resources,
    }


def write(db_path: Path, out: Path) -> dict:
    """Write the data package of the database at db_path into the folder out; return its descriptor.

    out must be new, empty or an earlier package (peel.db.files.PACKAGE), never the database itself; the
    package is written into a folder beside it and swapped in, so a failure leaves out as it was."""
    made: dict = {}
    files.write_output(out, files.PACKAGE, lambda tmp: made.update(_write_into(Path(db_path), tmp)),
                       inputs=[Path(db_path)])
    return made


def _write_into(db_path: Path, out: Path) -> dict:
    """The package written into the empty folder out.

    Each table is a tabular resource (its CSV) and a file resource (its Parquet, with the same schema)."""
    for folder in (out / "csv", out / "parquet"):
        folder.mkdir(parents=True, exist_ok=True)
    con = queries.connect(Path(db_path))
    try:
        tables = [(v.table, v.description, v.primary_key, view_schema(con, v)) for v in VIEWS]
        tables += [(spec.table, spec.description, spec.primary_key, input_schema(spec)) for spec in INPUT_TABLES]
        csvs, parquets = [], []
        for table, description, key, schema in tables:
            csv_path, parquet_path = _write_table(con, table, key, out)
            rows = con.table(table).aggregate("count(*)").fetchall()[0][0]
            csvs.append({"name": table, "type": "table", "path": f"csv/{table}.csv", "format": "csv",
                         "mediatype": "text/csv", "encoding": "utf-8-sig", "description": description,
                         "rows": rows, **_file_facts(csv_path), "schema": schema})
            parquets.append({"name": f"{table}-parquet", "type": "file", "path": f"parquet/{table}.parquet",
                             "format": "parquet", "mediatype": "application/vnd.apache.parquet",
                             "description": f"{table} as Parquet: the same {rows} rows and schema as "
                                            f"csv/{table}.csv.", **_file_facts(parquet_path),
                             "schema": schema})
        made = descriptor(con, csvs + parquets)
    finally:
        con.close()
    shutil.copyfile(db_path, out / "peel.duckdb")
    made["resources"].append({"name": "peel-duckdb", "type": "file", "path": "peel.duckdb", "format": "duckdb",
                              "mediatype": "application/vnd.duckdb",
                              "description": "Every table and view in one DuckDB file (open it with `duckdb "
                                             "peel.duckdb`); its build_info table holds the same provenance.",
                              **_file_facts(out / "peel.duckdb")})
    (out / "datapackage.json").write_text(json.dumps(made, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return made


def zip_bytes(db_path: Path) -> bytes:
    """The data package of the database at db_path as one zip file, for a download."""
    with tempfile.TemporaryDirectory(prefix="peel-package-") as tmp:
        _write_into(Path(db_path), Path(tmp))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(tmp).rglob("*")):
                if path.is_file():
                    archive.write(path, f"{NAME}/{path.relative_to(tmp).as_posix()}")
        return buffer.getvalue()
