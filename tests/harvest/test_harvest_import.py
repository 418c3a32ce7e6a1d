"""python -m peel import DIR: a folder of reports gives the same grades as `extract` on each file. The folder
holds the seeds (../shared/seeds) and the made-up corpus documents (tests/extract_docs), copied to a tmp folder."""
from __future__ import annotations

import csv
import shutil

from peel.cli import main
from peel.paths import DATA_DIR
from peel.reports.extract import extract
from peel.reports.reading import UnreadableDocument, read_path
from tests.fixtures.corpus import DOCS
from tests.fixtures.seeds import SEEDS, seed_path


def test_import_gives_what_extract_gives_on_each_file(tmp_path, capsys, built_db):
    seed_path("000")  # skips when the seeds are absent
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in [*sorted(SEEDS.glob("*.txt")), *sorted(DOCS.iterdir())]:
        if path.is_file() and path.name != "README.md":
            shutil.copy(path, folder / path.name)
    out = tmp_path / "review.csv"
    assert main(["import", str(folder), "--out", str(out), "--db", str(built_db)]) == 0
    printed = capsys.readouterr().out
    with open(out, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    got: dict[str, set] = {}
    for r in rows:
        got.setdefault(r["source_url"], set()).add((r["force"], r["cycle"], r["area"], r["grade"]))
    expected: dict[str, set] = {}
    for path in sorted(folder.iterdir()):
        try:
            result = extract(read_path(path), data_dir=DATA_DIR)
        except UnreadableDocument:
            continue
        found = {(c.force, c.cycle, c.area, c.grade) for c in result.candidates} if result.ok else set()
        if found:
            expected[path.name] = found
    assert len(expected) >= 20, printed
    assert got == expected, printed
    assert sum(map(len, expected.values())) == sum(1 for r in rows if r["status"] != "unknown area")
