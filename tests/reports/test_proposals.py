"""Visitors propose, editors publish (peel.reports.proposals), in a copy of data/: a proposal changes nothing
anyone else sees until accepted; a published grade says who accepted it, when, from which document, and is
of kind 'document' whatever address was typed; the audit log records each step; limits refuse a flood;
two editors accepting at once both keep theirs."""
import threading

import duckdb
import pandas as pd

from peel.cli import main
from peel.db.build import build
from peel.reports import proposals, user_grades
from tests.fixtures.files import rows

HMICFRS = "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/made-up-report"


def grade_rows(folder, force):
    con = duckdb.connect(str(folder / "peel.duckdb"), read_only=True)
    try:
        return con.execute("SELECT area, grade, origin, source_kind, accepted_by, accepted_at, source_title "
                           "FROM grades WHERE force = $f AND cycle = '2023-25'", {"f": force}).fetchall()
    finally:
        con.close()


def propose(case, area, grade, proposer="session aaa", document="made-up.txt", digest="d1", size=100):
    return proposals.propose(case["folder"], pd.DataFrame([{"area": area, "grade": grade, "where": "line 6",
                                                            "text": f"{area} | {grade}"}]),
                             force=case["force"], cycle="2023-25", document=document, document_hash=digest,
                             document_bytes=size, source=HMICFRS, proposer=proposer)


def test_a_proposal_is_invisible_until_an_editor_accepts_it_then_published_with_provenance(case):
    folder, (area, grade) = case["folder"], case["new"]
    build(folder, folder / "peel.duckdb")
    done = propose(case, area, grade)
    assert done.ok and len(done.ids) == 1
    assert not (folder / "user_grades.csv").exists()  # nothing published
    assert area not in {r[0] for r in grade_rows(folder, case["force"])}
    assert proposals.pending(folder, proposer="session aaa")["area"].tolist() == [area]
    assert proposals.pending(folder, proposer="session bbb").empty  # another session sees none of it

    decided = proposals.decide(folder, done.ids, accept=True, editor="alice")
    assert decided.accepted == 1
    got = {r[0]: r for r in grade_rows(folder, case["force"])}[area]
    assert got[1:5] == (grade, "user", "document", "alice")  # typed HMICFRS address: still kind 'document'
    assert got[5] and got[6] == "made-up.txt"
    written = rows(folder / "user_grades.csv")[0]
    assert (written["document_hash"], written["accepted_by"]) == ("d1", "alice")
    assert proposals.pending(folder).empty

    assert proposals.remove(folder, case["force"], "2023-25", area, editor="alice")
    assert area not in {r[0] for r in grade_rows(folder, case["force"])}
    clash_area = case["clash"][0]
    assert not proposals.remove(folder, case["force"], "2023-25", clash_area, editor="alice")  # curated stays
    log = proposals.read_audit(folder)
    assert [line.split(",")[2] for line in log.splitlines()[1:]] == ["proposed", "accepted", "removed"]
    assert "alice" in log and "session aaa" in log


def test_a_conflict_stays_in_the_queue_and_never_displaces_the_held_grade(case):
    folder = case["folder"]
    clash_area, held, other = case["clash"]
    done = propose(case, clash_area, other)
    assert proposals.pending(folder)["check"].tolist() == [user_grades.CONFLICT]
    decided = proposals.decide(folder, done.ids, accept=True, editor="alice")
    assert decided.accepted == 0 and "is held" in decided.message()
    assert proposals.pending(folder)["id"].tolist() == list(done.ids)
    assert not (folder / "user_grades.csv").exists()
    proposals.decide(folder, done.ids, accept=False, editor="alice")
    assert proposals.pending(folder).empty
    assert proposals.read_audit(folder).splitlines()[-1].split(",")[2] == "rejected"


def test_a_flood_of_1000_proposals_is_refused_with_one_message(case):
    area, grade = case["new"]
    messages = set()
    accepted = 0
    for i in range(1000):
        done = propose(case, area, grade, document=f"flood-{i}.txt", digest=f"h{i}")
        accepted += done.ok
        if not done.ok:
            messages.add(done.message)
    assert accepted == proposals.LIMITS.documents
    assert messages == {proposals.limit_message()}
    assert len(proposals.read(case["folder"])) == proposals.LIMITS.documents
    assert propose(case, area, grade, proposer="session other").ok  # another session is not held back


def test_two_editors_accepting_at_once_both_keep_theirs(case):
    folder = case["folder"]
    areas = [r["area"] for r in rows(folder / "areas.csv") if r["cycle"] == "2023-25"]
    held = {r["area"] for r in rows(folder / "grades.csv") if r["force"] == case["force"] and r["cycle"] == "2023-25"}
    free = [a for a in areas if a not in held][:2]
    first = propose(case, free[0], "Good", document="a.txt", digest="a")
    second = propose(case, free[1], "Adequate", proposer="session bbb", document="b.txt", digest="b")
    threads = [threading.Thread(target=proposals.decide, args=(folder, ids, True, editor))
               for ids, editor in ((first.ids, "alice"), (second.ids, "bob"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    published = {(r["area"], r["accepted_by"]) for r in rows(folder / "user_grades.csv")}
    assert published == {(free[0], "alice"), (free[1], "bob")}
    assert {r[0] for r in grade_rows(folder, case["force"])} >= set(free)


def test_the_audit_command_prints_the_log_with_no_cell_a_spreadsheet_would_run(case, monkeypatch, capsys):
    monkeypatch.setenv("PEEL_DATA_DIR", str(case["folder"]))
    propose(case, *case["new"], document="=1+2 made-up.txt")
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert "proposed" in out and case["new"][0] in out
    assert ",'=1+2 made-up.txt," in out and ",=1+2" not in out
