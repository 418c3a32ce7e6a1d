"""The pages keep showing data through faults (issue 23): a row the build refuses (the last good database is
shown with one banner for editors), a database file truncated or corrupted while the app serves it (rebuilt
from the CSVs), a read-only data folder (built in a temporary folder, and said so), and where no database
can be had, one line instead of an exception."""
import os
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from peel.db import queries, served
from peel.db.build import build
from peel.db.inputs import INPUT_SPECS
from peel.paths import ROOT
from tests.fixtures import mounts
from tests.fixtures.files import rows

PAGES = ["overview.py", "force.py", "compare.py", "movers.py", "data.py", "methodology.py"]
COLUMNS = INPUT_SPECS["user_grades"].columns
HEADER = ",".join(COLUMNS) + "\n"
BAD_ROW = ",".join(["Gotham", "2023-25", "Investigating crime", "Good", "https://example.org/made-up",
                    "MADE-UP test row"] + [""] * (len(COLUMNS) - 6)) + "\n"


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=60)
    at.run()
    return at


def shown(at: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", " ".join(e.value for e in [*at.warning, *at.error]))


def grade_count(at: AppTest) -> int:
    text = " ".join(m.value for m in at.markdown)
    return int(re.search(r"\*\*(\d+) grades\*\* match", text).group(1))


@pytest.fixture
def serving(data_copy, monkeypatch):
    """The app pointed at a copy of data/ with its database built."""
    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    build(data_copy, data_copy / "peel.duckdb")
    return data_copy


def test_a_refused_row_keeps_every_page_showing_the_last_good_data_with_one_banner(serving):
    with open(serving / "user_grades.csv", "w", encoding="utf-8") as fh:
        fh.write(HEADER + BAD_ROW)  # as a hand edit, or a write killed before the rebuild, would leave it
    before = (serving / "peel.duckdb").read_bytes()
    for name in PAGES:
        at = page(name)
        assert not at.exception, (name, [e.value for e in at.exception])
        banners = [w.value for w in at.warning if "data files have a problem" in w.value]
        assert len(banners) == 1, name
        text = shown(at)
        assert "data/user_grades.csv:2" in text and "Gotham" in text and "showing the data as of" in text, name
        assert at.title and at.get("plotly_chart") or at.dataframe, name
    assert grade_count(page("data.py")) == len(rows(serving / "grades.csv"))
    assert (serving / "peel.duckdb").read_bytes() == before  # the served file was left as it was


def test_a_damaged_database_with_no_good_data_files_is_one_line(serving):
    (serving / "user_grades.csv").write_text(HEADER + BAD_ROW, encoding="utf-8")
    (serving / "peel.duckdb").write_bytes(b"not a database at all")
    at = page("force.py")
    assert not at.exception
    assert len(at.error) == 1 and "no earlier database to show" in at.error[0].value
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("damage", ["truncated", "corrupted", "removed"])
def test_a_database_damaged_while_serving_is_rebuilt_from_the_csvs(serving, damage):
    at = page("data.py")
    count = grade_count(at)
    db = serving / "peel.duckdb"
    size = db.stat().st_size
    if damage == "truncated":
        os.truncate(db, size // 2)
    elif damage == "corrupted":
        with open(db, "r+b") as fh:
            fh.seek(size * 6 // 10)
            fh.write(os.urandom(size // 5))
    else:
        db.unlink()
    assert served.readable(db) is None
    for name in PAGES:
        at = page(name)
        assert not at.exception, (name, [e.value for e in at.exception])
        assert not at.error, name
    assert grade_count(page("data.py")) == count
    assert served.readable(db)


def test_a_query_meeting_a_damaged_file_is_a_plain_message_and_the_next_run_rebuilds(serving, monkeypatch):
    at = page("force.py")
    import duckdb
    from peel.dashboard import cache, data

    def corrupt(*args, **kwargs):
        raise duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2")

    with monkeypatch.context() as m:
        m.setattr(queries, "run", corrupt)
        at = AppTest.from_file(str(ROOT / "pages" / "movers.py"), default_timeout=60)
        for store in cache.caches():  # nothing answered from before the fault
            store.drop_all_but(None)
        at.run()
        assert not at.exception
        assert [e.value for e in at.error] == [data.DAMAGED]
    at.run()
    assert not at.exception and not at.error and at.get("plotly_chart")


def test_a_read_only_data_folder_is_served_from_a_temporary_build(data_copy, tmp_path, monkeypatch):
    build(data_copy, data_copy / "peel.duckdb")
    old = data_copy / "peel.duckdb"
    with mounts.tmpfs(tmp_path / "ro", "16m") as mounted:
        folder = mounts.copy_into(data_copy, mounted, with_database=old)
        os.utime(folder / "peel.duckdb", (1, 1))  # older than the CSVs: it must be rebuilt, and cannot be here
        mounts.make_read_only(mounted)
        monkeypatch.setenv("PEEL_DATA_DIR", str(folder))
        shutil.rmtree(served.temporary_database(folder).parent, ignore_errors=True)
        for name in ("overview.py", "data.py"):
            at = page(name)
            assert not at.exception, [e.value for e in at.exception]
            assert "read-only" in shown(at) and not at.error
        assert grade_count(at) == len(rows(folder / "grades.csv"))
        assert served.readable(served.temporary_database(folder))


def test_what_a_killed_write_or_build_left_is_cleaned_when_the_app_starts(serving):
    (serving / ".publish-killed.tmp").mkdir()
    (serving / ".publish-killed.tmp" / "user_grades.csv").write_text(HEADER + BAD_ROW, encoding="utf-8")
    (serving / "peel.duckdb.publish-killed.tmp").write_bytes(b"half a database")
    old = serving / "peel.duckdb.k1ll3d.tmp"
    old.write_bytes(b"a killed build's file")
    os.utime(old, (1, 1))
    at = page("overview.py")
    assert not at.exception and not at.warning
    assert sorted(p.name for p in serving.iterdir() if ".tmp" in p.name) == []
    assert not (serving / "user_grades.csv").exists()
