"""Each seed document (../shared/seeds, read at test time) yields exactly the grades its README lists."""
import pytest

from peel.reports.extract import extract
from tests.fixtures.seeds import seed_text

RI = "Requires improvement"
EXPECTED = {
    # seed: (force, cycle, {area: grade})
    "003": ("West Midlands", "2021/22", {
        "Preventing crime and anti-social behaviour": "Good",
        "Recording data about crime": "Good",
        "Treatment of the public": "Good",
        "Disrupting serious organised crime": "Good",
        "Good use of resources": "Good",
        "Responding to the public": "Adequate",
        "Managing offenders and suspects": "Adequate",
        "Developing a positive workplace": "Adequate",
        "Investigating crime": RI,
        "Providing a service to victims of crime": RI,
        "Protecting vulnerable people": RI,
    }),
    "004": ("West Mercia", "2021/22", {
        "Preventing crime and anti-social behaviour": "Good",
        "Treatment of the public": "Adequate",
        "Protecting vulnerable people": "Adequate",
        "Managing offenders and suspects": "Adequate",
        "Developing a positive workplace": "Adequate",
        "Investigating crime": RI,
        "Responding to the public": RI,
        "Good use of resources": RI,
    }),
    "000": ("West Midlands", "2018/19", {
        "Effectiveness": "Good",
        "Efficiency": "Good",
        "Legitimacy": "Good",
        "Protecting vulnerable people": RI,
        "Planning for the future": "Outstanding",
        "Treating the public with fairness and respect": "Good",
        "Ensuring the workforce behaves ethically and lawfully": RI,
        "Treating the workforce with fairness and respect": "Good",
    }),
    "001": ("West Midlands", "2017", {
        "Legitimacy": RI,
        "Treating the public with fairness and respect": "Good",
        "Ensuring the workforce behaves ethically and lawfully": RI,
        "Treating the workforce with fairness and respect": RI,
    }),
}


@pytest.mark.parametrize("seed", EXPECTED)
def test_seed_yields_exactly_its_grades(seed):
    force, cycle, grades = EXPECTED[seed]
    result = extract(seed_text(seed))
    assert (result.force, result.cycle) == (force, cycle)
    assert (result.force_from, result.cycle_from) == ("document", "document")
    assert {(c.area, c.grade) for c in result.candidates} == set(grades.items())
    assert len(result.candidates) == len(grades)  # one candidate per area
    assert result.ok and not [m for m in result.messages if m.kind in ("error", "conflict", "warning")]
    assert {(c.force, c.cycle) for c in result.candidates} == {(force, cycle)}


def test_each_candidate_keeps_the_line_it_came_from():
    text = seed_text("003")
    lines = text.splitlines()
    for c in extract(text).candidates:
        assert 1 <= c.line <= len(lines)
        assert "\t" in lines[c.line - 1]  # all eleven come from the five-column table


def test_firearms_capability_is_no_rating_not_a_grade():
    result = extract(seed_text("000"))
    assert not any("firearm" in c.area.lower() for c in result.candidates)
    assert any(m.kind == "info" and "Firearms capability" in m.text and "no rating" in m.text
               for m in result.messages)


def test_table_and_bracketed_heading_give_one_candidate_each():
    # 004 states every area twice (table and '(grade)' heading): one candidate each, from the table.
    result = extract(seed_text("004"))
    assert len({c.area for c in result.candidates}) == len(result.candidates) == 8
    assert {c.line for c in result.candidates} == {32, 33, 34, 35}


def test_audit_committee_paper_states_nothing_wrong():
    # 002 is mostly prose about several cycles; whatever is read from it must be what its README lists.
    result = extract(seed_text("002"), cycle="2016")
    stated = {("Effectiveness", "Good"), ("Protecting vulnerable people and supporting victims", RI)}
    assert {(c.area, c.grade) for c in result.candidates} <= stated
