"""The extraction corpus (tests/fixtures/corpus.py: the seeds and made-up documents in text and PDF) read as a user
would: no wrong grade anywhere, at least 95% of the stated grades read, carried-over grades marked."""

import pytest

from peel.reports import wording
from peel.reports.extract import extract
from tests.fixtures.corpus import CORPUS, score

MADE_UP = [doc for doc in CORPUS if not doc.source.startswith("seed:")]


def test_the_corpus_meets_the_goal():
    result = score(extract)
    assert result.documents >= 25
    assert result.wrong == []  # a wrong grade is worse than a missed one
    assert result.failed == []
    assert result.recall >= 0.95, result.missed
    assert result.carried_wrong == []


@pytest.mark.parametrize("doc", MADE_UP, ids=lambda d: d.name)
def test_each_made_up_document_yields_exactly_its_grades(doc):
    got = extract(doc.document(), **doc.options)
    assert (got.force, got.cycle) == (doc.force, doc.cycle)
    assert {c.area: c.grade for c in got.candidates} == doc.grades
    assert {c.area: c.awarded_in for c in got.candidates if c.awarded_in} == doc.carried


def test_a_long_hostile_line_is_read_in_work_proportional_to_its_size(monkeypatch):
    # One 120 KB line of "The force was rated good at x ": every grade word's areas are looked for in a
    # bounded stretch after it, so the characters examined grow with the document, not with its square.
    examined = []
    original = wording.Reference.areas_in
    monkeypatch.setattr(wording.Reference, "areas_in",
                        lambda self, text, cycle: examined.append(min(len(text), 600)) or original(self, text, cycle))
    unit = "The force was rated good at x "
    for size in (30_000, 120_000):
        examined.clear()
        text = "MADE-UP TEST DATA\nKent Police PEEL 2021/22\n" + unit * (size // len(unit))
        result = extract(text)
        assert not result.candidates and [u.line for u in result.unread] == [3]
        assert len(examined) == size // len(unit)  # once per grade word
        assert sum(examined) <= 2 * size


def test_carried_over_grades_name_the_cycle_they_were_awarded_in():
    text = ("MADE-UP TEST DATA\nKent Police PEEL 2023-25\nInvestigating crime: Good (carried over from 2021/22)\n"
            "Preventing crime: Adequate*\nResponding to the public: Good\n"
            "* Grades marked with an asterisk were carried over from the previous inspection.\n")
    got = {c.area: c.awarded_in for c in extract(text).candidates}
    assert got == {"Investigating crime": "2021/22", "Preventing crime": "2021/22", "Responding to the public": ""}


def test_an_asterisk_without_a_carried_over_note_is_not_carried_over():
    text = ("MADE-UP TEST DATA\nKent Police PEEL 2023-25\nPreventing crime: Adequate*\n* see annex\n"
            "**Good**: leadership\n")
    assert {c.awarded_in for c in extract(text).candidates} == {""}


def test_unread_lines_are_listed_not_dropped():
    text = ("MADE-UP TEST DATA\nKent Police PEEL 2023-25\nInvestigating crime: Good\n"
            "The force was rated good at gardening.\nThe force has a good understanding of demand.\n")
    result = extract(text)
    assert [c.area for c in result.candidates] == ["Investigating crime"]
    assert [(u.line, u.text) for u in result.unread] == [
        (4, "The force was rated good at gardening."), (5, "The force has a good understanding of demand.")]


def test_sentences_about_other_forces_and_earlier_inspections_are_listed_with_why():
    text = ("MADE-UP TEST DATA\nKent Police PEEL 2023-25\nKent Police was rated good at investigating crime.\n"
            "Essex Police was rated inadequate at investigating crime.\n"
            "Last time it was rated outstanding at preventing crime.\n"
            "In 2019 the force was rated good at responding to the public.\n")
    result = extract(text)
    assert {(c.area, c.grade) for c in result.candidates} == {("Investigating crime", "Good")}
    assert [(u.line, u.why) for u in result.unread] == [
        (4, "about Essex"), (5, "about an earlier inspection"), (6, "about 2019")]


def test_a_close_wording_is_offered_as_fuzzy_and_an_ambiguous_one_is_not_taken():
    text = ("MADE-UP TEST DATA\nKent Police PEEL 2023-25\nInvestigatng crime: Good\n"
            "Managing ofenders and suspects: Adequate\n")
    got = {c.area: c.check for c in extract(text).candidates}
    assert set(got) == {"Investigating crime", "Managing offenders and suspects"}
    assert all(note.startswith("fuzzy:") for note in got.values())
    ref = wording.reference()
    assert ref.fuzzy_area("Investigating crime", "2023-25")[0] == "Investigating crime"
    area, why = ref.fuzzy_area("treating the people with fairness and respect", "2017")  # near two areas
    assert area is None and "could be Treating the public" in why and "or Treating the workforce" in why
    assert ref.fuzzy_area("gardening and flower shows", "2023-25") == (None, "")


def test_an_ambiguous_wording_is_listed_unread_with_both_readings():
    text = "MADE-UP TEST DATA\nKent Police PEEL 2017\nTreating the people with fairnes and respect: Good\n"
    result = extract(text)
    assert result.candidates == []
    assert "could be" in result.unread[0].why and result.unread[0].line == 3


@pytest.mark.parametrize("text, message", [
    ("MADE-UP TEST DATA\nKent Police and Essex Police: PEEL 2023-25\nInvestigating crime: Good\n",
     "names Essex and Kent equally"),
    ("MADE-UP TEST DATA\nKent Police: PEEL 2021/22 and PEEL 2023-25\nInvestigating crime: Good\n",
     "names PEEL 2021/22 and 2023-25 equally"),
])
def test_two_forces_or_cycles_named_equally_are_not_guessed(text, message):
    result = extract(text)
    assert not result.ok
    assert any(m.kind == "error" and message in m.text for m in result.messages)


def test_the_bench_scores_the_corpus_written_to_a_folder_as_the_tests_do(tmp_path, capsys):
    # `make bench` writes the corpus with `python -m tests.fixtures.corpus DIR`; the package's bench reads it from there
    from peel import cli
    from peel.bench.extract_bench import load_corpus
    from tests.fixtures.corpus import write

    write(tmp_path)
    assert [f.name for f in load_corpus(tmp_path)] == [d.name for d in CORPUS]
    assert cli.main(["bench", "extract", "--corpus", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert score(extract).summary() in printed and "wrong:" not in printed


def test_the_bench_without_a_corpus_says_how_to_get_one(tmp_path, capsys):
    from peel import cli

    assert cli.main(["bench", "extract", "--corpus", str(tmp_path)]) == 1
    assert "python -m tests.fixtures.corpus DIR" in capsys.readouterr().out
