"""Reading grades from one MADE-UP HTML page (peel.harvest.pages): what a maintainer would see go wrong if a
layout were misread. Every page here is made up; none of its grades is real."""
from __future__ import annotations

from peel.harvest.pages import read_page
from peel.paths import DATA_DIR
from peel.reports.wording import reference

URL = "http://127.0.0.1/peel-reports/kent-2021-22/"


def read(body: str, cycle: str = "2021/22", force: str = "Kent"):
    html = f"<html><head><title>made-up</title></head><body><main><p>MADE-UP TEST PAGE</p>{body}</main></body></html>"
    page = read_page(html, URL, force, cycle, reference(DATA_DIR), DATA_DIR)
    return {(r.area, r.known): r.grade for r in page.readings}, page


def test_a_legacy_pillar_page_gives_the_grade_under_each_question():
    got, _ = read("<h1>Kent PEEL 2017 effectiveness</h1>"
                  "<h2>How effective is the force at keeping people safe and reducing crime?</h2><p>Good</p>"
                  "<h2>How effective is the force at investigating crime and reducing re-offending?</h2>"
                  "<p><strong>Grade:</strong> Requires improvement</p><p>The force is good at some things.</p>"
                  "<h2>Tackling serious and organised crime: Outstanding</h2>", cycle="2017")
    assert got == {("Effectiveness", True): "Good",
                   ("Investigating crime and reducing re-offending", True): "Requires improvement",
                   ("Tackling serious and organised crime", True): "Outstanding"}


def test_no_graded_judgment_is_a_not_graded_cell_and_an_unknown_wording_is_kept():
    got, _ = read("<table><tr><th>Good</th><th>Inadequate</th></tr>"
                  "<tr><td>Investigating crime<br>Made-up area of policing</td>"
                  "<td>Protecting vulnerable people</td></tr>"
                  "</table><p>We also inspected how well the force provides a service to victims of crime. "
                  "We don't make a graded judgment in this area.</p>")
    assert got == {("Investigating crime", True): "Good", ("Made-up area of policing", False): "Good",
                   ("Protecting vulnerable people", True): "Inadequate",
                   ("Providing a service to victims of crime", True): "not graded"}


def test_another_force_or_an_earlier_inspection_is_not_this_pages_grade():
    got, page = read("<h2>Our judgments</h2><dl><dt>Investigating crime</dt><dd>Adequate</dd></dl>"
                     "<p>In our previous inspection we rated the force inadequate at responding to the public.</p>"
                     "<h2>How Essex Police was graded</h2><table><tr><th>Good</th><th>Inadequate</th></tr>"
                     "<tr><td>Treatment of the public</td><td>Managing offenders and suspects</td></tr></table>"
                     "<h2>PEEL 2023-25</h2><ul><li>Preventing crime: Outstanding</li></ul>")
    assert got == {("Investigating crime", True): "Adequate"}
    assert any("about Essex" in n for n in page.notes) and any("2023-25" in n for n in page.notes)


def test_a_grade_drawn_as_a_picture_is_read_from_its_alt_text():
    got, _ = read("<table><tr><td>Investigating crime</td><td><img src='g.png' alt='Requires improvement'></td></tr>"
                  "<tr><td>Responding to the public</td><td><img src='a.png' alt=''></td></tr></table>")
    assert got == {("Investigating crime", True): "Requires improvement"}


def test_an_area_given_two_grades_on_one_page_is_left_out_and_said():
    got, page = read("<h3>Good</h3><ul><li>Investigating crime</li></ul>"
                     "<h3>Inadequate</h3><ul><li>Investigating crime</li><li>Responding to the public</li></ul>")
    assert got == {("Responding to the public", True): "Inadequate"}
    assert any(n.startswith("conflict: Investigating crime") for n in page.notes)
