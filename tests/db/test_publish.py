"""Writing the data (peel.db.publish): new CSVs and their database are published together or not at all, a
refused row never stays behind, a process killed anywhere leaves the files consistent once recovered, and a
full or read-only disk is a sentence with nothing changed (issue 23)."""
import errno
import os
import random
import subprocess
import sys
import time

import pytest

from peel.db import publish, queries
from peel.db.build import InvalidData, build
from peel.db.inputs import INPUT_SPECS
from peel.db.provenance import content_hash
from peel.paths import DATA_DIR, ROOT
from tests.fixtures import mounts

HEADER = ",".join(INPUT_SPECS["user_grades"].columns) + "\n"


def user_row(force, area, grade="Adequate"):
    fields = [force, "2023-25", area, grade, "https://example.org/made-up", "made-up test row"]
    return ",".join(fields + [""] * (HEADER.count(",") + 1 - len(fields))) + "\n"


def snapshot(folder):
    """Every file in folder with its bytes: what a refused or failed write must leave as it was."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or p.name.startswith(".publish"))


def built_from(folder):
    """The content hash the database says it was built from, and the CSVs' hash now."""
    con = queries.connect(folder / "peel.duckdb")
    try:
        return con.execute("SELECT content_hash FROM build_info").fetchone()[0], content_hash(folder)
    finally:
        con.close()


@pytest.fixture
def built(case):
    folder = case["folder"]
    build(folder, folder / "peel.duckdb")
    return case


def test_a_new_row_and_its_database_are_published_together(built):
    folder = built["folder"]
    area, grade = built["new"]
    result = publish.publish(folder, {"user_grades.csv": (HEADER + user_row(built["force"], area)).encode()})
    assert result.path == folder / "peel.duckdb"
    held, now = built_from(folder)
    assert held == now
    con = queries.connect(folder / "peel.duckdb")
    try:
        assert con.execute("SELECT grade FROM grades WHERE origin = 'user' AND force = $f AND area = $a",
                           {"f": built["force"], "a": area}).fetchall() == [(grade,)]
    finally:
        con.close()
    assert leftovers(folder) == []


def test_a_refused_row_is_never_written_and_the_problem_names_the_real_file(built):
    folder = built["folder"]
    before = snapshot(folder)
    with pytest.raises(InvalidData) as refused:
        publish.publish(folder, {"user_grades.csv": (HEADER + user_row("Gotham", built["new"][0])).encode()})
    assert any(str(p).startswith("data/user_grades.csv:2: ") and "Gotham" in str(p) for p in refused.value.problems)
    assert snapshot(folder) == before
    assert leftovers(folder) == []


CHILD = """
import os, sys
from pathlib import Path
from peel.db import publish
folder, stage, rows = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]).read_text().splitlines(keepends=True)
if stage == "build":  # killed while the new files are being staged and built
    publish.build = lambda *a, **k: os._exit(9)
elif stage == "swap":  # killed after the database was swapped in, before the CSV was
    real, calls = os.replace, []
    def replace(a, b):
        calls.append(a)
        if len(calls) == 3:
            os._exit(9)
        real(a, b)
    publish.os.replace = replace
for n in range(1, len(rows)):  # "loop": one row more each time, until killed
    publish.publish(folder, {"user_grades.csv": "".join(rows[:n + 1]).encode()})
"""


def run_child(folder, stage, rows, tmp_path, kill_after=None):
    plan = tmp_path / "rows.csv"
    plan.write_text(HEADER + "".join(rows))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder), stage, str(plan)], cwd=ROOT)
    if kill_after is None:
        return child.wait(timeout=120)
    time.sleep(kill_after)
    child.kill()
    return child.wait(timeout=60)


def missing_areas(case, n):
    from tests.fixtures.files import rows
    held = {r["area"] for r in rows(case["folder"] / "grades.csv")
            if r["force"] == case["force"] and r["cycle"] == "2023-25"}
    areas = [r["area"] for r in rows(case["folder"] / "areas.csv") if r["cycle"] == "2023-25"]
    return [a for a in areas if a not in held][:n]


@pytest.mark.parametrize("stage", ["build", "swap"])
def test_a_write_killed_mid_way_is_rolled_back_or_finished_at_the_next_start(built, tmp_path, stage):
    folder = built["folder"]
    before = snapshot(folder)
    new = user_row(built["force"], built["new"][0])
    assert run_child(folder, stage, [new], tmp_path) == 9
    assert leftovers(folder)  # the killed write left its staging (or its journal) behind
    done = publish.recover(folder)
    assert done and leftovers(folder) == []
    held, now = built_from(folder)
    assert held == now  # the database is the one built from the CSVs in place
    if stage == "build":
        assert snapshot(folder) == before
    else:  # the journal was committed: the swap is finished, row and database together
        assert (folder / "user_grades.csv").read_text() == HEADER + new


def test_killed_at_random_moments_the_files_always_agree_after_recovery(built, tmp_path):
    folder = built["folder"]
    rows = [user_row(built["force"], area) for area in missing_areas(built, 4)]
    rng = random.Random(23)
    for attempt in range(4):
        run_child(folder, "loop", rows, tmp_path, kill_after=rng.uniform(1.0, 4.0))
        publish.recover(folder)
        assert leftovers(folder) == [], attempt
        held, now = built_from(folder)
        assert held == now, attempt


def test_a_full_disk_is_a_sentence_and_nothing_is_half_written(built, monkeypatch):
    folder = built["folder"]
    before = snapshot(folder)

    def full(path, content):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(publish, "_write", full)
    with pytest.raises(publish.CannotWrite, match="because the disk is full; nothing was changed"):
        publish.publish(folder, {"user_grades.csv": (HEADER + user_row(built["force"], built["new"][0])).encode()})
    assert snapshot(folder) == before and leftovers(folder) == []


def test_a_full_tmpfs_is_a_sentence_and_nothing_is_half_written(built, tmp_path):
    db = built["folder"] / "peel.duckdb"
    room = sum(p.stat().st_size for p in DATA_DIR.glob("*.csv")) + db.stat().st_size + 1024 * 1024
    with mounts.tmpfs(tmp_path / "small", f"{room // 1024}k") as small:
        folder = mounts.copy_into(built["folder"], small, with_database=db)
        before = snapshot(folder)
        with pytest.raises(publish.CannotWrite, match="because the disk is full; nothing was changed"):
            publish.publish(folder, {"user_grades.csv": (HEADER + user_row(built["force"], built["new"][0])).encode()})
        assert snapshot(folder) == before and leftovers(folder) == []


def test_a_read_only_folder_is_a_sentence(built, tmp_path):
    with mounts.tmpfs(tmp_path / "ro", "8m") as mounted:
        folder = mounts.copy_into(built["folder"], mounted, with_database=built["folder"] / "peel.duckdb")
        mounts.make_read_only(mounted)
        with pytest.raises(publish.CannotWrite, match="read-only"):
            publish.publish(folder, {"user_grades.csv": HEADER.encode()})
        assert publish.recover(folder) == []


def test_recover_cleans_what_a_killed_build_left(built):
    folder = built["folder"]
    (folder / ".publish-abc.tmp").mkdir()
    (folder / ".publish-abc.tmp" / "user_grades.csv").write_text(HEADER)
    (folder / "peel.duckdb.publish-abc.tmp").write_bytes(b"half a database")
    old = folder / "peel.duckdb.x1y2.tmp"
    old.write_bytes(b"a killed build's file")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert len(publish.recover(folder)) == 3
    assert leftovers(folder) == []
