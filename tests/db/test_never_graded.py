"""What HMICFRS says of a cell, as the data holds it (#18): a cell HMICFRS says it did not grade is 'not graded'
with the page that says so, never 'unknown'; carried-over grades name the cycle that awarded them."""
import pytest

VICTIMS = "Providing a service to victims of crime"


def cell(con, force, cycle, theme):
    row = con.execute("SELECT status, grade, awarded_in, source_url FROM coverage "
                      "WHERE force = ? AND cycle = ? AND theme = ?", [force, cycle, theme]).fetchone()
    assert row is not None, (force, cycle, theme)
    return dict(zip(("status", "grade", "awarded_in", "source_url"), row, strict=True))


def victims_theme(con):
    return con.execute("SELECT theme FROM areas WHERE cycle = '2021/22' AND area = ?", [VICTIMS]).fetchone()[0]


def test_kent_2021_22_victim_service_is_not_graded_with_the_page_that_says_so(con):
    kent = cell(con, "Kent", "2021/22", victims_theme(con))
    assert kent["status"] == "not graded" and kent["grade"] is None
    assert kent["source_url"].startswith("https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/kent-2021")


def test_durham_2021_22_victim_service_is_never_called_not_graded(con):
    """Durham's early-format report graded victim service; its grade is not found yet, so the cell is unknown
    (or graded once found), never 'not graded'."""
    durham = cell(con, "Durham", "2021/22", victims_theme(con))
    assert durham["status"] in ("graded", "unknown")
    assert con.execute("SELECT count(*) FROM not_graded WHERE force = 'Durham' AND cycle = '2021/22' AND area = ?",
                       [VICTIMS]).fetchone()[0] == 0


def test_every_not_graded_cell_cites_a_page(con):
    unsourced = con.execute("SELECT force, cycle, area FROM not_graded "
                            "WHERE coalesce(trim(source_url), '') = ''").fetchall()
    assert unsourced == []


@pytest.mark.parametrize("force, awarded_in", [("Thames Valley", "2017"), ("Dorset", "2016")])
def test_preventing_crime_2018_19_is_carried_over_from_the_cycle_that_awarded_it(con, force, awarded_in):
    row = con.execute("SELECT grade, awarded_in, carried_over FROM grades WHERE force = ? AND cycle = '2018/19' "
                      "AND theme = 'Preventing crime and anti-social behaviour' AND level = 'question'",
                      [force]).fetchone()
    assert row == ("Good", awarded_in, True)
