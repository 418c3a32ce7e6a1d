"""Grade tables in a PDF read from the words' positions (peel.reports.pdf_tables), where pypdf's layout text
jumbles their cells: the made-up tables of tests/fixtures/corpus.py TABLES, read in the child process within the
budgets, each grade with the page and line a reader finds it on."""
import pytest
from streamlit.testing.v1 import AppTest

from peel.paths import ROOT
from peel.reports import pdf_tables, reading
from peel.reports.extract import extract
from tests.fixtures.corpus import CORPUS, TABLES
from tests.fixtures.pdfs import pdf_from_text, pdf_table

TABLE_DOCS = [doc for doc in CORPUS if doc.source.startswith("table:")]


@pytest.mark.parametrize("doc", TABLE_DOCS, ids=lambda d: d.name)
def test_a_table_the_layout_text_jumbles_is_read_by_position(doc):
    document = doc.document()
    assert document.tables  # read by position, in the child process
    by_text = extract(document.text)  # what the layout text alone gives
    assert {c.area for c in by_text.candidates} < set(doc.grades)
    got = extract(document)
    assert {c.area: c.grade for c in got.candidates} == doc.grades
    assert not [m for m in got.messages if m.kind in ("warning", "conflict")]


def test_each_grade_carries_the_page_and_line_it_is_on():
    spec = dict(TABLES["tight_columns_2023"], page_before="MADE-UP TEST DATA\nA page of introduction.\nGood.")
    document = reading.read_bytes(pdf_table(**spec), "two pages.pdf")
    got = {c.area: c.where for c in extract(document, force="Hampshire", cycle="2023-25").candidates}
    # Page 2: the title (2 lines), the headings (2 lines: 'Requires' above 'improvement'), then the rows.
    assert got["Responding to the public"] == "page 2, line 5"
    assert got["Preventing crime"] == "page 2, line 6"
    assert got["Developing a positive workplace"] == "page 2, line 11"


def test_a_cell_is_shown_with_its_whole_text_and_column():
    got = extract(TABLE_DOCS[0].document())
    cell = next(c for c in got.candidates if c.area == "Providing a service to victims of crime")
    assert cell.text.endswith("[Providing a service to victims of crime: Requires improvement, read by position "
                              "in the table]")


def test_prose_is_still_read_from_the_layout_text():
    document = reading.read_bytes(pdf_from_text("MADE-UP TEST DATA\nKent Police PEEL 2023-25\n"
                                                "Investigating crime: Good\n"), "prose.pdf")
    assert document.tables == []
    assert [(c.area, c.where) for c in extract(document).candidates] == [("Investigating crime", "page 1, line 3")]


def test_a_pdf_positions_cannot_be_read_from_is_still_read_as_text(monkeypatch):
    def broken(*args):
        raise ValueError("pdfminer could not read it")

    monkeypatch.setattr(pdf_tables, "read", broken)
    read = reading.pdf_read_here(pdf_table(**TABLES["grade_column_2021"]), "t.pdf")
    assert read["tables"] == [] and "Investigating crime" in read["text"]


def test_reading_by_position_stops_at_its_page_and_time_budget(monkeypatch):
    data = pdf_table(**TABLES["tight_columns_2023"])
    pages = [reading.pdf_read_here(data, "t.pdf")["text"]]
    assert pdf_tables.read(data, pages, [1])
    monkeypatch.setattr(pdf_tables, "MAX_SECONDS", -1)
    assert pdf_tables.read(data, pages, [1]) == []
    monkeypatch.setattr(pdf_tables, "MAX_SECONDS", 20)
    monkeypatch.setattr(pdf_tables, "MAX_PAGES", 0)
    assert pdf_tables.read(data, pages, [1]) == []


def test_the_add_report_page_shows_where_a_table_grade_is(data_copy, monkeypatch):
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    at = AppTest.from_file(str(ROOT / "pages" / "add_report.py"), default_timeout=120)
    at.run()
    at.get("file_uploader")[0].upload("grades.pdf", pdf_table(**TABLES["grade_column_2021"]), "application/pdf").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 7
    row = table[table["area"] == "Responding to the public"].iloc[0]
    assert (row["grade"], row["where"]) == ("Requires improvement", "page 1, line 9")


def test_only_pages_laid_out_as_a_grade_table_are_read_by_position():
    assert pdf_tables.might_hold_table("Outstanding        Good     Adequate      Requires      Inadequate")
    assert pdf_tables.might_hold_table("Area inspected                 Grade")
    assert not pdf_tables.might_hold_table("The force moved from good to adequate at responding to the public.")
    assert not pdf_tables.might_hold_table("Grade   the force was good")
