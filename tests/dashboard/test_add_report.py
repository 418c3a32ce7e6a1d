"""The "Add a report" page and peel.reports.user_grades: candidates shown, conflicts not applied, user_grades.csv
appended atomically in a temporary data folder (never data/), the database rebuilt, data/grades.csv untouched."""

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from peel.reports import user_grades
from peel.db.build import InvalidData
from peel.paths import DATA_DIR, ROOT
from tests.fixtures.files import rows
from tests.fixtures.pdfs import pdf_from_text

PAGE = str(ROOT / "pages" / "add_report.py")


@pytest.fixture
def page(case, monkeypatch, listen_on):
    """The page as the person at the machine sees it: the server listens on loopback only, so an editor."""
    monkeypatch.setenv("PEEL_DATA_DIR", str(case["folder"]))
    listen_on("127.0.0.1")
    return AppTest.from_file(PAGE, default_timeout=60)


def table_with(at, column: str) -> pd.DataFrame:
    """The table on the page that has column ('status': what confirming will do; 'not read': unread lines)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def statuses(at) -> dict:
    checked = table_with(at, "status")
    return dict(zip(checked["area"], checked["status"]))


def test_page_asks_for_a_report_first(page):
    page.run()
    assert not page.exception
    assert "paste its text" in page.info[0].value


def test_paste_confirm_writes_user_grades_and_rebuilds(case, page):
    curated_before = (case["folder"] / "grades.csv").read_bytes()
    page.run()
    page.text_area[0].input(case["text"]).run()
    assert not page.exception
    assert [s.value for s in page.selectbox][:2] == [case["force"], "2023-25"]  # prefilled from the document
    candidates = page.dataframe[0].value
    assert set(candidates["area"]) == {case["known"][0], case["clash"][0], case["new"][0]}
    assert candidates["keep"].all() and candidates["where"].tolist() == ["line 4", "line 5", "line 6"]
    assert statuses(page) == {case["known"][0]: "already known", case["clash"][0]: "conflict",
                              case["new"][0]: "new"}
    page.text_input[0].input("https://example.org/made-up-report").run()
    confirm = page.button(key="add_report.confirm")
    assert confirm.label == "Publish: add 1 new grade(s)"
    confirm.click().run()
    assert not page.exception and "Published 1 grade" in page.success[0].value

    added = rows(case["folder"] / "user_grades.csv")
    assert [(r["force"], r["cycle"], r["area"], r["grade"]) for r in added] == [
        (case["force"], "2023-25", *case["new"])]
    assert added[0]["source_url"] == "https://example.org/made-up-report"
    assert "line 6" in added[0]["notes"]
    assert (case["folder"] / "grades.csv").read_bytes() == curated_before  # curated data untouched
    con = duckdb.connect(str(case["folder"] / "peel.duckdb"), read_only=True)
    try:
        got = con.execute("SELECT area, grade, origin FROM grades WHERE force = $f AND cycle = '2023-25'",
                          {"f": case["force"]}).fetchall()
    finally:
        con.close()
    assert (case["new"][0], case["new"][1], "user") in got
    clash_area, clash_grade, _ = case["clash"]
    assert (clash_area, clash_grade, "curated") in got  # the conflicting candidate was not applied
    # confirmed once: now every row is known or a conflict, and there is nothing left to add
    assert set(statuses(page).values()) == {"already known", "conflict"}
    assert page.button(key="add_report.confirm").disabled


def test_conflict_is_shown_and_never_applied(case, page):
    clash_area, held, other = case["clash"]
    page.run()
    page.text_area[0].input(f"MADE-UP TEST DATA\n{case['force']} Police PEEL 2023-25\n{clash_area}: {other}\n").run()
    assert statuses(page) == {clash_area: "conflict"}
    assert held in table_with(page, "status")["existing"].iat[0]
    assert page.button(key="add_report.confirm").disabled
    assert not (case["folder"] / "user_grades.csv").exists()


def test_uploaded_pdf_is_read(case, page):
    page.run()
    page.get("file_uploader")[0].upload("report.pdf", pdf_from_text(case["text"]), "application/pdf").run()
    assert not page.exception
    assert statuses(page)[case["new"][0]] == "new"


@pytest.mark.parametrize("text, message", [
    ("   \n", "paste its text"),
    ("MADE-UP TEST DATA\nGotham Police PEEL 2023-25\nInvestigating crime: Good\n", "Gotham Police"),
])
def test_bad_pasted_text_gets_a_message(page, text, message):
    page.run()
    page.text_area[0].input(text).run()
    assert not page.exception
    shown = [e.value for e in [*page.info, *page.warning, *page.error]]
    assert any(message in v for v in shown)
    assert len(page.button) == 0


def frame(force, area, grade, line=3, cycle="2023-25", keep=True):
    return pd.DataFrame([{"force": force, "cycle": cycle, "area": area, "grade": grade, "line": line,
                          "keep": keep}])


def test_a_refused_rebuild_restores_user_grades(case):
    folder = case["folder"]
    before = "force,cycle,area,grade,source_url,notes\n"
    (folder / "user_grades.csv").write_text(before, encoding="utf-8")
    with open(folder / "grades.csv", "a", encoding="utf-8") as fh:  # a bad curated row refuses the rebuild
        fh.write("Gotham,2023-25,Investigating crime,Good,https://example.org/x,,\n")
    with pytest.raises(InvalidData, match="unknown force 'Gotham'"):
        user_grades.append(frame(case["force"], *case["new"]), source="x", document="doc.txt", folder=folder)
    assert (folder / "user_grades.csv").read_text(encoding="utf-8") == before
    assert not list(folder.glob("*.tmp"))


def test_invalid_rows_are_never_written(case):
    done = user_grades.append(frame(case["force"], "Not an area", "Good"), source="x", document="d",
                              folder=case["folder"])
    assert done.built is None and done.skipped["status"].tolist() == ["not valid"]
    assert not (case["folder"] / "user_grades.csv").exists()


def test_a_refused_rebuild_removes_a_new_user_grades_file(case):
    with open(case["folder"] / "grades.csv", "a", encoding="utf-8") as fh:
        fh.write("Gotham,2023-25,Investigating crime,Good,https://example.org/x,,\n")
    with pytest.raises(InvalidData):
        user_grades.append(frame(case["force"], *case["new"]), source="x", document="d", folder=case["folder"])
    assert not (case["folder"] / "user_grades.csv").exists()


def test_check_marks_dropped_invalid_and_repeated_rows(case):
    new_area, _ = case["new"]
    batch = pd.concat([frame(case["force"], new_area, "Good"), frame(case["force"], new_area, "Good"),
                       frame(case["force"], new_area, "Adequate"), frame(case["force"], "Vibes", "Good"),
                       frame(case["force"], new_area, "Good", keep=False)])
    got = user_grades.check(batch, case["folder"])["status"].tolist()
    assert got == ["new", "already known", "conflict", "not valid", "dropped"]


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PEEL_DATA_DIR", str(tmp_path))
    assert user_grades.data_dir() == tmp_path and user_grades.db_path(tmp_path) == tmp_path / "peel.duckdb"
    monkeypatch.delenv("PEEL_DATA_DIR")
    assert user_grades.data_dir() == DATA_DIR


def submit(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def candidates(at) -> pd.DataFrame:
    return at.dataframe[0].value


def test_unread_lines_are_shown_and_one_becomes_a_grade(case, page):
    new_area, _ = case["new"]
    text = (f"MADE-UP TEST DATA\n{case['force']} Police: PEEL 2023-25\n{case['known'][0]} | {case['known'][1]}\n"
            f"The force was rated adequate at the thing we call the new area.\n")
    page.run()
    page.text_area[0].input(text).run()
    unread = table_with(page, "not read")
    assert unread.to_dict("records") == [
        {"where": "line 4", "not read": "The force was rated adequate at the thing we call the new area.", "why": ""}]
    assert any("mention a grade but were not read" in e.label for e in page.expander)
    page.selectbox(key="add_report.unread_area").select(new_area)
    page.selectbox(key="add_report.unread_grade").select("Adequate")
    submit(page, "Add as a grade")
    assert not page.exception
    rows = candidates(page)
    assert rows[rows["area"] == new_area][["grade", "where"]].values.tolist() == [["Adequate", "line 4"]]
    assert statuses(page)[new_area] == "new"
    page.button(key="add_report.confirm").click().run()
    added = rows_of(case["folder"])
    assert [(r["area"], r["grade"], r["notes"].endswith("line 4")) for r in added] == [(new_area, "Adequate", True)]


def rows_of(folder):
    return rows(folder / "user_grades.csv")


def test_a_grade_added_by_hand_is_confirmed_with_its_carried_over_cycle(case, page):
    new_area, _ = case["new"]
    page.run()
    page.text_area[0].input(f"MADE-UP TEST DATA\n{case['force']} Police: PEEL 2023-25\nNothing graded here.\n").run()
    assert "No grades read" in page.subheader[0].value  # the table is not just gone: a row can be added
    page.selectbox(key="add_report.hand_area").select(new_area)
    page.selectbox(key="add_report.hand_grade").select("Good")
    page.selectbox(key="add_report.hand_carried").select("2021/22")
    submit(page, "Add this grade")
    rows = candidates(page)
    shown = rows[["area", "grade", "awarded_in", "text"]].values.tolist()
    assert shown == [[new_area, "Good", "2021/22", "added by hand"]]
    page.button(key="add_report.confirm").click().run()
    assert "Published 1 grade" in page.success[0].value
    added = rows_of(case["folder"])
    assert [(r["area"], r["grade"], r["awarded_in"], r["notes"]) for r in added] == [
        (new_area, "Good", "2021/22", "added from pasted text " + added[0]["notes"].split("pasted text ")[1])]
    assert added[0]["notes"].endswith("added by hand")


def test_changing_the_cycle_reads_the_document_again(page):
    page.run()
    page.text_area[0].input("MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nPreventing crime: Good\n"
                            "Police powers and public treatment: Adequate\n").run()
    assert set(candidates(page)["area"]) == {"Preventing crime", "Police powers and public treatment"}
    page.selectbox(key=page.selectbox[1].key).select("2021/22").run()
    assert not page.exception
    assert any("Read again for Kent 2021/22" in i.value for i in page.info)
    # read again with 2021/22's areas: its name for preventing crime; police powers is no area of 2021/22
    assert candidates(page)["area"].tolist() == ["Preventing crime and anti-social behaviour"]
    assert any("Police powers and public treatment" in w.value for w in page.warning)
    page.selectbox(key=page.selectbox[0].key).select("Essex").run()
    assert any("Read again for Essex 2021/22" in i.value for i in page.info)
    assert candidates(page)["area"].tolist() == ["Preventing crime and anti-social behaviour"]


def test_a_fuzzy_match_waits_for_the_user_to_tick_it(page):
    page.run()
    page.text_area[0].input("MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nInvestigatng crime: Good\n"
                            "Preventing crime: Adequate\n").run()
    rows = candidates(page).set_index("area")
    assert rows.loc["Investigating crime", "check"].startswith("fuzzy:") and not rows.loc["Investigating crime", "keep"]
    assert rows.loc["Preventing crime", "keep"] and rows.loc["Preventing crime", "check"] == ""
    assert statuses(page)["Investigating crime"] == "dropped"


def test_the_review_shows_which_reader_found_each_grade(page):
    page.run()
    page.text_area[0].input("MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nPreventing crime: Good\n"
                            "The force was rated adequate at investigating crime.\n").run()
    found_by = dict(zip(candidates(page)["area"], candidates(page)["reader"]))
    assert found_by == {"Preventing crime": "label_grade_lines", "Investigating crime": "sentences"}
