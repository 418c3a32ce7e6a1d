"""The whole dataset as a journalist downloads it: `python -m peel package` writes CSV and Parquet per table,
the DuckDB file and a datapackage.json that the frictionless library validates, with the database's row
counts, licence terms, caveats and provenance."""
import csv
import json
import subprocess
import sys

import duckdb
import frictionless
import pytest

from peel.db import package, provenance
from peel.db.inputs import INPUT_SPECS
from peel.paths import DATA_DIR, ROOT


@pytest.fixture(scope="module")
def written(built_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    done = subprocess.run([sys.executable, "-m", "peel", "package", "--out", str(out), "--db", str(built_db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out, json.loads((out / "datapackage.json").read_text(encoding="utf-8"))


def tables(descriptor):
    return [r for r in descriptor["resources"] if r["type"] == "table"]


def test_frictionless_validates_the_package(written):
    out, _ = written
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:10]
    checked = {task.name: task.stats.get("rows", 0) for task in report.tasks if task.type == "table"}
    assert checked["grades"] > 1000 and len(checked) == 16  # grades, coverage, count_check and 13 reference tables


def test_every_table_has_the_databases_rows_in_csv_and_parquet(written, con):
    out, descriptor = written
    for resource in tables(descriptor):
        name = resource["name"]
        in_db = con.execute("SELECT count(*) FROM query_table($t)", {"t": name}).fetchone()[0]
        with open(out / resource["path"], encoding="utf-8-sig", newline="") as fh:
            in_csv = sum(1 for _ in csv.reader(fh)) - 1
        parquet = duckdb.read_parquet(str(out / "parquet" / (name + ".parquet")))
        in_parquet = parquet.aggregate("count(*)").fetchall()[0][0]
        assert resource["rows"] == in_db == in_csv == in_parquet, name
    assert {r["name"] for r in tables(descriptor)} >= {"grades", "coverage", "count_check", "forces", "areas"}
    copied = duckdb.connect(str(out / "peel.duckdb"), read_only=True)
    assert copied.execute("SELECT count(*) FROM grades").fetchone()[0] == \
        con.execute("SELECT count(*) FROM grades").fetchone()[0]
    copied.close()


def test_west_midlands_legitimacy_reads_as_on_the_force_page(written):
    out, _ = written
    with open(out / "csv" / "grades.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["cycle"]: r["grade"] for r in csv.DictReader(fh)
                if r["force"] == "West Midlands" and r["area"] == "Legitimacy"}
    assert (rows["2016"], rows["2017"], rows["2018/19"]) == ("Good", "Requires improvement", "Good")


def test_schemas_of_input_tables_come_from_their_input_description(written):
    _, descriptor = written
    areas = next(r for r in descriptor["resources"] if r["name"] == "areas")["schema"]
    spec = INPUT_SPECS["areas"]
    assert [f["name"] for f in areas["fields"]] == list(spec.columns)
    assert areas["primaryKey"] == ["cycle", "area"]
    assert {"fields": ["theme"], "reference": {"resource": "themes", "fields": ["theme"]}} in areas["foreignKeys"]
    level = next(f for f in areas["fields"] if f["name"] == "level")
    assert level["constraints"]["enum"] == ["pillar", "question", "area"]
    grades = next(r for r in descriptor["resources"] if r["name"] == "grades")["schema"]
    types = {f["name"]: f["type"] for f in grades["fields"]}
    assert types["harmonised"] == "number" and types["carried_over"] == "boolean" and types["tier_rank"] == "integer"
    assert "Adequate" in next(f for f in grades["fields"] if f["name"] == "grade")["constraints"]["enum"]


def test_licence_caveats_and_provenance(written, con):
    _, descriptor = written
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert "not redistributed" in descriptor["licence_terms"]
    assert "Open Government Licence v3.0" in descriptor["attribution"]
    # the comparability caveat comes from data/breaks.csv: both breaks, in HMICFRS's words
    caveat = descriptor["caveats"][0]
    assert "Between 2018/19 and 2021/22" in caveat and "Between 2021/22 and 2023-25" in caveat
    assert "increased our focus on making sure forces are achieving appropriate outcomes" in caveat
    made = descriptor["provenance"]
    assert made["content_hash"] == "sha256:" + provenance.content_hash(DATA_DIR)
    by_kind = dict(con.execute("SELECT source_kind, count(*) FROM grades GROUP BY 1").fetchall())
    assert made["grades_by_source_kind"] == by_kind and made["grades"] == sum(by_kind.values())
    assert descriptor["created"][:4].isdigit() and descriptor["version"] == made["content_hash"][7:19]


def test_a_tampered_package_fails_validation(written, tmp_path):
    """The validation is real: a grade for an unknown force breaks the foreign key and the file's hash."""
    out, descriptor = written
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "csv").mkdir()
    for resource in tables(descriptor):
        text = (out / resource["path"]).read_text(encoding="utf-8")
        (broken / resource["path"]).write_text(text, encoding="utf-8")
    grades = broken / "csv" / "grades.csv"
    grades.write_text(grades.read_text(encoding="utf-8").replace("\nWest Midlands,", "\nGotham,", 1),
                      encoding="utf-8")
    kept = dict(descriptor, resources=tables(descriptor))
    (broken / "datapackage.json").write_text(json.dumps(kept), encoding="utf-8")
    report = frictionless.validate(broken / "datapackage.json")
    assert not report.valid
    errors = {e[0] for e in report.flatten(["type"])}
    assert "foreign-key" in errors and "hash-count" in errors


def test_the_content_hash_tells_two_copies_of_the_data_apart(data_copy):
    before = provenance.content_hash(data_copy)
    assert before == provenance.content_hash(DATA_DIR)
    with open(data_copy / "grades.csv", "a", encoding="utf-8") as fh:
        fh.write("Kent,2025-27,Leadership and force management,Good,https://example.org/made-up,,\n")
    assert provenance.content_hash(data_copy) != before


def test_the_zip_download_holds_the_package(built_db):
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(package.zip_bytes(built_db))).namelist()
    assert f"{package.NAME}/datapackage.json" in names and f"{package.NAME}/peel.duckdb" in names
    assert f"{package.NAME}/parquet/grades.parquet" in names and f"{package.NAME}/csv/coverage.csv" in names
