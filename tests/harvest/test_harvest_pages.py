"""Reading grades from one MADE-UP HTML page (peel.harvest.pages): what a maintainer would see go wrong if a
layout were misread. Every page here is made up; none of its grades is real."""
from __future__ import annotations

import re

import pytest

from peel.harvest.pages import read_page
from peel.paths import DATA_DIR
from peel.reports.wording import reference

URL = "http://127.0.0.1/peel-reports/kent-2021-22/"


def read(body: str, cycle: str = "2021/22", force: str = "Kent"):
    html = f"<html><head><title>made-up</title></head><body><main><p>MADE-UP TEST PAGE</p>{body}</main></body></html>"
    page = read_page(html, URL, force, cycle, reference(DATA_DIR), DATA_DIR)
    return {(r.area, r.known): r.grade for r in page.readings}, page


# What a page shows -> the grades read from it ({(area, a known area): grade}) and the notes said about it (each
# pattern must match one of page.notes).
PAGES = {
    "a legacy pillar page gives the grade under each question": (
        "<h1>Kent PEEL 2017 effectiveness</h1>"
        "<h2>How effective is the force at keeping people safe and reducing crime?</h2><p>Good</p>"
        "<h2>How effective is the force at investigating crime and reducing re-offending?</h2>"
        "<p><strong>Grade:</strong> Requires improvement</p><p>The force is good at some things.</p>"
        "<h2>Tackling serious and organised crime: Outstanding</h2>", "2017",
        {("Effectiveness", True): "Good",
         ("Investigating crime and reducing re-offending", True): "Requires improvement",
         ("Tackling serious and organised crime", True): "Outstanding"}, ()),
    "no graded judgment is a not-graded cell and an unknown wording is kept": (
        "<table><tr><th>Good</th><th>Inadequate</th></tr>"
        "<tr><td>Investigating crime<br>Made-up area of policing</td>"
        "<td>Protecting vulnerable people</td></tr>"
        "</table><p>We also inspected how well the force provides a service to victims of crime. "
        "We don't make a graded judgment in this area.</p>", "2021/22",
        {("Investigating crime", True): "Good", ("Made-up area of policing", False): "Good",
         ("Protecting vulnerable people", True): "Inadequate",
         ("Providing a service to victims of crime", True): "not graded"}, ()),
    "another force or an earlier inspection is not this page's grade": (
        "<h2>Our judgments</h2><dl><dt>Investigating crime</dt><dd>Adequate</dd></dl>"
        "<p>In our previous inspection we rated the force inadequate at responding to the public.</p>"
        "<h2>How Essex Police was graded</h2><table><tr><th>Good</th><th>Inadequate</th></tr>"
        "<tr><td>Treatment of the public</td><td>Managing offenders and suspects</td></tr></table>"
        "<h2>PEEL 2023-25</h2><ul><li>Preventing crime: Outstanding</li></ul>", "2021/22",
        {("Investigating crime", True): "Adequate"}, ("about Essex", "2023-25")),
    "a grade drawn as a picture is read from its alt text": (
        "<table><tr><td>Investigating crime</td><td><img src='g.png' alt='Requires improvement'></td></tr>"
        "<tr><td>Responding to the public</td><td><img src='a.png' alt=''></td></tr></table>", "2021/22",
        {("Investigating crime", True): "Requires improvement"}, ()),
    "an area given two grades on one page is left out and said": (
        "<h3>Good</h3><ul><li>Investigating crime</li></ul>"
        "<h3>Inadequate</h3><ul><li>Investigating crime</li><li>Responding to the public</li></ul>", "2021/22",
        {("Responding to the public", True): "Inadequate"}, ("^conflict: Investigating crime",)),
}


@pytest.mark.parametrize("case", PAGES)
def test_a_page_gives_its_own_grades_and_says_what_it_left_out(case):
    body, cycle, grades, notes = PAGES[case]
    got, page = read(body, cycle=cycle)
    assert got == grades
    for pattern in notes:
        assert any(re.search(pattern, n) for n in page.notes), (pattern, page.notes)
