"""Carried-over judgments and where each grade comes from (source kind, the HMICFRS report page),
through the database view, the coverage view and the CSV a journalist exports."""
import io

import duckdb
import pandas as pd
import pytest

from peel.db import csv_file, export
from peel.db.build import build


def test_cheshire_2018_19_preventing_crime_is_carried_over_from_2016(con):
    row = con.execute("""SELECT grade, awarded_in, carried_over FROM grades
                         WHERE force = 'Cheshire' AND cycle = '2018/19'
                           AND area = 'Preventing crime and tackling anti-social behaviour'""").fetchone()
    assert row == ("Good", "2016", True)


def test_a_fresh_grade_is_not_carried_over(con):
    row = con.execute("""SELECT awarded_in, carried_over FROM grades
                         WHERE force = 'West Midlands' AND cycle = '2017' AND area = 'Legitimacy'""").fetchone()
    assert row == (None, False)


def test_coverage_says_which_cells_are_carried_over(con):
    row = con.execute("""SELECT status, grade, carried_over, awarded_in FROM coverage
                         WHERE force = 'Cheshire' AND cycle = '2018/19'
                           AND theme = 'Preventing crime and anti-social behaviour'""").fetchone()
    assert row == ("graded", "Good", True, "2016")


def test_the_export_tells_a_carried_over_grade_from_a_fresh_one(con):
    frame = export.select_grades(con, force=["Cheshire"], cycle=["2018/19"])
    back = pd.read_csv(io.StringIO(csv_file.text(frame)), dtype=str, keep_default_na=False)
    prevention = back[back["area"] == "Preventing crime and tackling anti-social behaviour"].iloc[0]
    assert (prevention["awarded_in"], prevention["carried_over"]) == ("2016", "true")
    assert set(back.loc[back["area"] == "Effectiveness", "carried_over"]) == {"false"}
    assert {"source_kind", "report_url"} <= set(back.columns)


def test_every_grade_has_a_source_kind(con):
    kinds = dict(con.execute("SELECT source_kind, count(*) FROM grades GROUP BY 1").fetchall())
    assert set(kinds) <= {"HMICFRS", "PCC or panel", "police force", "news or other", "document"}
    assert None not in kinds and kinds["HMICFRS"] > 1000


@pytest.mark.parametrize("url,kind", [
    ("https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2016/kent/", "HMICFRS"),
    ("http://www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/peel-2015/avon-and-somerset/", "HMICFRS"),
    ("https://www.kentonline.co.uk/", "news or other"),
])
def test_source_kinds_by_domain(con, url, kind):
    got = con.execute("SELECT DISTINCT source_kind FROM grades WHERE source_url LIKE $u || '%'", {"u": url}).fetchall()
    assert got == [(kind,)]


def test_seed_documents_are_of_kind_document_with_their_title(con):
    rows = con.execute("""SELECT DISTINCT source_kind, source_title FROM grades
                          WHERE source_url = '001_7836965f53292297.txt'""").fetchall()
    assert rows == [("document", "PEEL 2017 legitimacy (West Midlands Police)")]


def test_a_pcc_on_police_uk_is_a_pcc_not_the_force(data_copy, tmp_path):
    """The longest matching domain wins: gwent.pcc.police.uk is the commissioner, not Gwent Police."""
    with open(data_copy / "grades.csv", "a", encoding="utf-8") as fh:
        fh.write("Gwent,2025-27,Leadership and force management,Good,"
                 "https://www.gwent.pcc.police.uk/made-up-test-page,made-up test row,\n"
                 "Dorset,2025-27,Leadership and force management,Good,"
                 "https://www.dorset.police.uk/made-up-test-page,made-up test row,\n")
    out = tmp_path / "t.duckdb"
    build(data_copy, out)
    con = duckdb.connect(str(out), read_only=True)
    got = dict(con.execute("SELECT force, source_kind FROM grades WHERE cycle = '2025-27'").fetchall())
    con.close()
    assert got == {"Gwent": "PCC or panel", "Dorset": "police force"}


def test_a_report_page_reaches_every_grade_of_its_force_and_cycle(con):
    """Kent 2023-25's grades came from news and PCC pages; each still links the inspectorate's report."""
    kent = ["Kent", "2023-25"]
    urls = {r[0] for r in con.execute("SELECT report_url FROM grades WHERE force = ? AND cycle = ?", kent).fetchall()}
    cov = {r[0] for r in con.execute("SELECT report_url FROM coverage WHERE force = ? AND cycle = ?", kent).fetchall()}
    assert len(urls) == 1 and urls == cov
    assert next(iter(urls)).startswith("https://hmicfrs.justiceinspectorates.gov.uk/")


def test_every_five_tier_report_page_is_an_hmicfrs_page(con):
    rows = con.execute("SELECT DISTINCT cycle, report_url FROM reports").fetchall()
    assert len(rows) >= 70 and {c for c, _ in rows} == {"2021/22", "2023-25"}
    assert all("justiceinspectorates.gov.uk" in u for _, u in rows)


def test_a_question_not_inspected_shows_as_such_with_its_reason(data_copy, tmp_path):
    with open(data_copy / "not_graded.csv", "a", encoding="utf-8") as fh:
        fh.write("Dorset,2017,Tackling serious and organised crime,not inspected,"
                 "made-up test reason,https://example.org/made-up\n")
    out = tmp_path / "t.duckdb"
    build(data_copy, out)
    con = duckdb.connect(str(out), read_only=True)
    row = con.execute("""SELECT status, grade, not_graded_reason FROM coverage WHERE force = 'Dorset'
                         AND cycle = '2017' AND theme = 'Serious and organised crime'""").fetchone()
    con.close()
    assert row == ("not inspected", None, "made-up test reason")


def test_every_commissioner_site_is_a_pcc_source(con):
    """A new PCC address left out of data/source_kinds.csv would pass for news: this catches it."""
    domains = con.execute("""SELECT DISTINCT source_domain, source_kind FROM grades
                             WHERE regexp_matches(source_domain, '(^|[.-])p?f?cc[.-]|pcc\\.|pfcc')""").fetchall()
    assert domains and {kind for _, kind in domains} == {"PCC or panel"}, domains
