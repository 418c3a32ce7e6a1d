"""peel.reports.add_flow, the Add a report page's decisions, run without Streamlit on made-up documents
(MADE-UP TEST DATA) in a temporary data folder."""
import datetime as dt

import pytest

from peel.reports import add_flow
from peel.reports.reading import UnreadableDocument


def test_nothing_to_read_until_a_file_or_text_is_given():
    assert add_flow.open_document(None, "  \n") is None


def test_pasted_text_is_named_by_the_day_and_an_upload_wins_over_it():
    pasted = add_flow.open_document(None, "MADE-UP TEST DATA\nKent Police", today=dt.date(2026, 1, 2))
    assert (pasted.name, pasted.kind) == ("pasted text 2026-01-02", "text")
    upload = add_flow.open_document((b"MADE-UP TEST DATA\nDurham", "report.txt"), "ignored")
    assert (upload.name, upload.text) == ("report.txt", "MADE-UP TEST DATA\nDurham")


def test_an_unreadable_upload_raises_a_message():
    with pytest.raises(UnreadableDocument, match="empty"):
        add_flow.open_document((b"", "empty.txt"), "")


def test_the_first_reading_words_its_errors_for_the_page(data_copy):
    document = add_flow.open_document(None, "MADE-UP TEST DATA\nNo force, no cycle here.\n")
    found, errors = add_flow.first_reading(document, data_copy)
    assert found.force is None and errors and all("--force" not in e and "--cycle" not in e for e in errors)
    assert any(e.endswith("give it above") for e in errors)


def test_reading_again_for_another_cycle_warns_about_an_area_it_does_not_have(data_copy):
    document = add_flow.open_document(None, "MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nPreventing crime: Good\n"
                                            "Police powers and public treatment: Adequate\n")
    first, _ = add_flow.first_reading(document, data_copy)
    assert not add_flow.read_again(first, "Kent", "2023-25") and add_flow.read_again(first, "Kent", "2021/22")
    result, notes = add_flow.reading(document, "Kent", "2021/22", first, data_copy)
    assert [c.area for c in result.candidates] == ["Preventing crime and anti-social behaviour"]
    assert any(how == "warning" and "Police powers and public treatment" in text for how, text in notes)


def test_the_preview_ticks_exact_readings_leaves_fuzzy_ones_and_names_who_found_each(data_copy):
    document = add_flow.open_document(None, "MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nInvestigatng crime: Good\n"
                                            "Preventing crime: Adequate\n")
    first, _ = add_flow.first_reading(document, data_copy)
    result, _ = add_flow.reading(document, "Kent", "2023-25", first, data_copy)
    table = add_flow.preview(result, [add_flow.added_row("Responding to the public", "Good", "", "added by hand")])
    rows = table.set_index("area")
    assert rows["keep"].to_dict() == {"Investigating crime": False, "Preventing crime": True,
                                      "Responding to the public": True}
    assert rows["reader"].to_dict() == {"Investigating crime": "label_grade_lines",
                                        "Preventing crime": "label_grade_lines", "Responding to the public": "you"}


def test_review_and_confirm_add_only_the_new_grade(case):  # noqa: F811
    folder = case["folder"]
    document = add_flow.open_document(None, case["text"])
    first, _ = add_flow.first_reading(document, folder)
    result, _ = add_flow.reading(document, case["force"], "2023-25", first, folder)
    checked = add_flow.review(add_flow.preview(result, []), case["force"], "2023-25", folder)
    assert dict(zip(checked["area"], checked["status"])) == {case["known"][0]: "already known",
                                                            case["clash"][0]: "conflict", case["new"][0]: "new"}
    assert checked.set_index("area").loc[case["new"][0], "means"].startswith("will be added")
    assert add_flow.counts(checked) == "1 already known, 1 conflict, 1 new"
    done = add_flow.publish(add_flow.new_rows(checked), "", document, 100, case["force"], "2023-25", folder, "ed")
    assert done.ok and done.message.startswith(f"Published 1 grade(s) for {case['force']} 2023-25")
    assert case["new"][0] in (folder / "user_grades.csv").read_text(encoding="utf-8")


def test_a_refused_rebuild_is_a_message_and_changes_nothing(case):  # noqa: F811
    folder = case["folder"]
    with open(folder / "grades.csv", "a", encoding="utf-8") as fh:
        fh.write("Gotham,2023-25,Investigating crime,Good,https://example.org/x,,\n")
    document = add_flow.open_document(None, case["text"])
    first, _ = add_flow.first_reading(document, folder)
    result, _ = add_flow.reading(document, case["force"], "2023-25", first, folder)
    checked = add_flow.review(add_flow.preview(result, []), case["force"], "2023-25", folder)
    done = add_flow.publish(add_flow.new_rows(checked), "", document, 100, case["force"], "2023-25", folder, "ed")
    assert not done.ok and "nothing was changed" in done.message
    assert any("Gotham" in p for p in done.problems)
    assert not (folder / "user_grades.csv").exists()
