"""Each registered reader run alone on a made-up page (MADE-UP TEST DATA): what it reads, that it names
itself on every grade, and that it leaves the Page it is given as it was."""
import dataclasses

import pytest

from peel.paths import DATA_DIR
from peel.reports import layouts
from peel.reports.wording import reference

RI = "Requires improvement"


def page(text: str, cycle: str = "2023-25", force: str | None = "Kent", used=frozenset(), tables=()):
    return layouts.Page(text.split("\n"), reference(DATA_DIR), cycle, force, used=frozenset(used), tables=list(tables))


def read(name: str, p: layouts.Page) -> dict:
    reading = layouts.BY_NAME[name](p)
    assert {f.reader for f in reading.found} <= {name}
    return {f.area: f.grade for f in reading.found if f.area}


def test_the_registry_names_every_reader_once_in_order():
    names = [r.name for r in layouts.READERS]
    assert len(names) == len(set(names)) and all(r.reads for r in layouts.READERS)
    assert names[0] == "pdf_position_tables" and names[-1] == "sentences"  # tables first, prose last


def test_pdf_position_tables():
    tables = [{"lines": [2, 3], "cells": [{"grade": "Good", "text": "Preventing crime", "line": 3}]}]
    p = page("Kent Police PEEL 2023-25\nOutstanding  Good\n             Preventing crime", tables=tables)
    reading = layouts.BY_NAME["pdf_position_tables"](p)
    assert {f.area: f.grade for f in reading.found} == {"Preventing crime": "Good"}
    assert reading.used == {1, 2}


def test_grade_columns():
    p = page("Outstanding\tGood\tAdequate\n\tPreventing crime\tInvestigating crime\n")
    assert read("grade_columns", p) == {"Preventing crime": "Good", "Investigating crime": "Adequate"}


def test_area_header_tables():
    p = page("| Pillar | Effectiveness | Efficiency |\n| Grade | Good | Inadequate |", cycle="2017")
    assert read("area_header_tables", p) == {"Effectiveness": "Good", "Efficiency": "Inadequate"}


def test_bracketed_headings():
    assert read("bracketed_headings", page("Investigating crime (requires improvement)")) == {"Investigating crime": RI}


def test_label_grade_lines():
    p = page("Investigating crime: Adequate\n| Preventing crime | Good |\nGood: responding to the public; "
             "managing offenders and suspects")
    assert read("label_grade_lines", p) == {"Investigating crime": "Adequate", "Preventing crime": "Good",
                                            "Responding to the public": "Good",
                                            "Managing offenders and suspects": "Good"}


def test_grade_then_list():
    p = page("The force was found to be inadequate at:\n- investigating crime\n- preventing crime")
    assert read("grade_then_list", p) == {"Investigating crime": "Inadequate", "Preventing crime": "Inadequate"}


def test_heading_then_grade():
    assert read("heading_then_grade", page("Investigating crime\n\nGood")) == {"Investigating crime": "Good"}


def test_sentences():
    p = page("Kent Police was rated good at preventing crime and adequate at investigating crime.")
    assert read("sentences", p) == {"Preventing crime": "Good", "Investigating crime": "Adequate"}


def test_sentences_skip_another_force_and_say_why():
    reading = layouts.BY_NAME["sentences"](page("Essex Police was rated good at preventing crime."))
    assert not reading.found and reading.skipped == {0: "about Essex"}


@pytest.mark.parametrize("reader", layouts.READERS, ids=lambda r: r.name)
def test_a_reader_leaves_lines_read_before_it_and_its_page_alone(reader):
    text = "Investigating crime: Good\nThe force was rated good at preventing crime."
    p = page(text, used={0, 1})
    before = dataclasses.replace(p)
    reading = reader(p)
    assert reading.found == () and reading.used == frozenset()
    assert p == before and p.used == {0, 1}


def test_read_all_gives_a_line_to_the_first_reader_that_reads_it():
    p = page("Investigating crime (good)\nPreventing crime: Adequate")
    reading = layouts.read_all(p)
    assert [(f.area, f.reader) for f in reading.found] == [("Investigating crime", "bracketed_headings"),
                                                         ("Preventing crime", "label_grade_lines")]
    assert reading.used == {0, 1} and p.used == frozenset()


def test_graded_lists_in_prose():
    p = page("Kent Police PEEL 2023-25 grades. Good: Preventing crime, Protecting vulnerable people. Adequate:\n"
             "Leadership and force management. Requires improvement: Investigating crime and responding to the "
             "public.")
    assert read("graded_lists_in_prose", p) == {
        "Preventing crime": "Good", "Protecting vulnerable people": "Good",
        "Leadership and force management": "Adequate", "Investigating crime": RI, "Responding to the public": RI}


def test_graded_lists_in_prose_say_why_a_list_naming_no_area_is_not_read():
    reading = layouts.BY_NAME["graded_lists_in_prose"](page("Good: Preventing crime.\nAdequate: the canteen."))
    assert {f.area: f.grade for f in reading.found} == {"Preventing crime": "Good"}
    assert reading.skipped == {1: "'the canteen' after 'Adequate:' is not an area of 2023-25"}
    assert reading.used == {0}
