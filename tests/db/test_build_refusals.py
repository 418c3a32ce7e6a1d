"""Bad input data: each case is refused with a message naming file and line, and leaves the database as it was."""
import re
import subprocess
import sys

import pytest

from peel.db.build import InvalidData, build
from peel.paths import ROOT

GOOD_ROW = "West Midlands,2017,Legitimacy,Requires improvement,https://example.org/source,,"


def append(path, text):
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(text)


def line_count(path):
    return len(path.read_text(encoding="utf-8").splitlines())


CASES = {
    # name: (file, text appended, expected message part)
    "unknown force": ("grades.csv", "Gotham City,2017,Legitimacy,Good,https://example.org/x,,\n",
                      "unknown force 'Gotham City'"),
    "unknown cycle": ("grades.csv", "Kent,2019,Legitimacy,Good,https://example.org/x,,\n", "unknown cycle '2019'"),
    "unknown area": ("grades.csv", "Kent,2017,Vibes,Good,https://example.org/x,,\n",
                     "unknown area 'Vibes' for cycle 2017"),
    "grade off scale": ("grades.csv", "Kent,2017,Legitimacy,Adequate,https://example.org/x,,\n",
                        "grade 'Adequate' is not on the 4-tier scale of 2017"),
    "unknown grade word": ("grades.csv", "Kent,2023-25,Investigating crime,Superb,https://example.org/x,,\n",
                           "grade 'Superb' is not on the 5-tier scale"),
    "conflicting grades": ("grades.csv", "West Midlands,2017,Legitimacy,Good,https://example.org/x,,\n",
                           "conflicting grades for West Midlands / 2017 / Legitimacy"),
    "missing source": ("grades.csv", "Kent,2023-25,Leadership and force management,Good,,,\n", "missing source"),
    "malformed row": ("grades.csv", "Kent,2023-25,Good\n", "malformed row: 3 fields, expected 7"),
    "unclosed quote": ("grades.csv", 'Kent,2023-25,"Investigating crime,Good,https://x,,\n', "malformed"),
    # Checked from each table's description in INPUT_FILES (the one the data package's Table Schema is made from)
    "force listed twice": ("forces.csv", "Kent,South East,England,\n", "Kent listed twice (also at line"),
    "superscript tier": ("scales.csv", "4-tier,Superb,\u00b9,https://example.org/x\n",
                         "tier_rank must be a whole number"),
    "position not a number": ("mappings.csv", "made_up,made-up test row,Good,nan,false,test\n",
                              "position must be a number"),
    "boolean not true or false": ("mappings.csv", "made_up,made-up test row,Good,3,yes,test\n",
                                  "is_default must be true or false"),
    "unknown theme": ("areas.csv", "2017,Made-up area,question,Legitimacy,Legitmacy,9,,https://example.org/x\n",
                      "unknown theme 'Legitmacy' (did you mean 'Legitimacy'?)"),
    "unknown country": ("forces.csv", "Gotham,Nowhere,Scotland,\n", "country must be England or Wales, not 'Scotland'"),
    "break the wrong way round": ("breaks.csv", "2023-25,2021/22,made-up,made-up words,https://example.org/x\n",
                                  "from_cycle 2023-25 must come before to_cycle 2021/22"),
    "break at an unknown cycle": ("breaks.csv", "2019,2021/22,made-up,made-up words,https://example.org/x\n",
                                  "unknown from_cycle '2019'"),
    "unknown area in not_graded": ("not_graded.csv", "Kent,2017,Vibes,not graded,made-up,https://example.org/x\n",
                                   "unknown area 'Vibes' for cycle 2017"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_and_database_unchanged(case, data_copy, tmp_path):
    out = tmp_path / "peel.duckdb"
    build(data_copy, out)
    before = out.read_bytes()
    filename, text, message = CASES[case]
    target = data_copy / filename
    expected_line = line_count(target) + 1
    append(target, text)
    with pytest.raises(InvalidData) as caught:
        build(data_copy, out)
    problems = [str(p) for p in caught.value.problems]
    assert any(message in p for p in problems), problems
    assert any(f"{filename}:{expected_line}" in p for p in problems), problems
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "peel.duckdb"]  # no temporary file left


def test_binary_junk_is_refused(data_copy, tmp_path):
    (data_copy / "grades.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(InvalidData, match="grades.csv: is not"):
        build(data_copy, tmp_path / "peel.duckdb")
    assert not (tmp_path / "peel.duckdb").exists()


def test_missing_file_is_refused(data_copy, tmp_path):
    (data_copy / "forces.csv").unlink()
    with pytest.raises(InvalidData, match="forces.csv: is missing"):
        build(data_copy, tmp_path / "peel.duckdb")


def test_cli_refusal_exits_non_zero_naming_file_and_line(data_copy, tmp_path):
    out = tmp_path / "peel.duckdb"
    expected_line = line_count(data_copy / "grades.csv") + 1
    append(data_copy / "grades.csv", "Gotham City,2017,Legitimacy,Good,https://example.org/x,,\n")
    done = subprocess.run([sys.executable, "-m", "peel", "build", "--data", str(data_copy), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"grades.csv:{expected_line}: unknown force 'Gotham City'" in done.stderr
    assert not out.exists()


def test_user_grades_conflicting_with_curated_are_refused(data_copy, tmp_path):
    (data_copy / "user_grades.csv").write_text(
        "force,cycle,area,grade,source_url,notes,awarded_in\n"
        + GOOD_ROW.replace("Requires improvement", "Outstanding") + "\n",
        encoding="utf-8")
    with pytest.raises(InvalidData, match="user_grades.csv:2: conflicting grades"):
        build(data_copy, tmp_path / "peel.duckdb")


def test_a_user_grades_file_from_before_awarded_in_still_builds(data_copy, tmp_path):
    """A local user_grades.csv written before the awarded_in column existed keeps its grades."""
    (data_copy / "user_grades.csv").write_text(
        "force,cycle,area,grade,source_url,notes\n"
        "Kent,2025-27,Leadership and force management,Good,https://example.org/made-up-test-source,\n",
        encoding="utf-8")
    assert build(data_copy, tmp_path / "peel.duckdb").rows_per_table["grade_rows"] == line_count(
        data_copy / "grades.csv")


CARRIED = {
    "awarded later": ("Kent,2016,Investigating crime and reducing re-offending,Good,https://example.org/x,,2017\n",
                      "awarded_in '2017' must be a cycle before 2016"),
    "unknown cycle": ("Kent,2017,Tackling serious and organised crime,Good,https://example.org/x,,2019\n",
                      "awarded_in '2019' is not a known cycle"),
    "across the scale change": ("Kent,2021/22,Responding to the public,Good,https://example.org/x,,2018/19\n",
                                "cannot carry over from 2018/19 (4-tier) to 2021/22 (5-tier)"),
}


@pytest.mark.parametrize("case", CARRIED)
def test_a_carried_over_grade_must_name_an_earlier_cycle_on_the_same_scale(case, data_copy, tmp_path):
    text, message = CARRIED[case]
    append(data_copy / "grades.csv", text)
    with pytest.raises(InvalidData, match=re.escape(message)):
        build(data_copy, tmp_path / "peel.duckdb")


def test_unknown_source_kind_and_not_graded_status_are_refused(data_copy, tmp_path):
    append(data_copy / "source_kinds.csv", "example.org,blog,made-up test row\n")
    append(data_copy / "not_graded.csv", "Kent,2017,Legitimacy,skipped,made-up reason,https://example.org/x\n")
    with pytest.raises(InvalidData) as refused:
        build(data_copy, tmp_path / "peel.duckdb")
    kinds = "HMICFRS, PCC or panel, police force, news or other or document"
    assert f"kind must be {kinds}, not 'blog'" in str(refused.value)
    assert "status must be not graded or not inspected, not 'skipped'" in str(refused.value)


def _rewrite_counts(data_copy, force, cycle, grade, count, notes=""):
    """counts.csv with every count of force/cycle/grade replaced by one MADE-UP count, and a notes column."""
    import csv

    path = data_copy / "counts.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if (r["force"], r["cycle"], r["grade"]) != (force, cycle, grade)]
    kept.append({"force": force, "cycle": cycle, "grade": grade, "count": str(count),
                 "source_url": "https://example.org/made-up-count", "notes": notes})
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["force", "cycle", "grade", "count", "source_url", "notes"])
        writer.writeheader()
        writer.writerows({**r, "notes": r.get("notes") or ""} for r in kept)
    return len(kept) + 1  # the made-up count's line


def test_more_named_grades_than_any_source_counted_refuse_the_build_unless_a_note_says_why(data_copy, tmp_path):
    import csv
    from collections import Counter

    with open(data_copy / "grades.csv", encoding="utf-8", newline="") as fh:
        kent = Counter(r["grade"] for r in csv.DictReader(fh) if (r["force"], r["cycle"]) == ("Kent", "2023-25"))
    grade, named = kent.most_common(1)[0]
    line = _rewrite_counts(data_copy, "Kent", "2023-25", grade, named - 1)
    out = tmp_path / "peel.duckdb"
    with pytest.raises(InvalidData) as refused:
        build(data_copy, out)
    assert (f"data/counts.csv:{line}: Kent 2023-25: {named} {grade} grades are named (data/grades.csv lines "
            in str(refused.value))
    assert f"no source counts more than {named - 1}" in str(refused.value) and not out.exists()
    _rewrite_counts(data_copy, "Kent", "2023-25", grade, named - 1,
                    notes="MADE-UP: the release counted before a regrade")
    result = build(data_copy, out)  # a note says why: built, and the count check still warns
    assert any(f"Kent 2023-25: {named} named {grade}" in w for w in result.warnings)
