"""The folders are the architecture: these rules fail the suite when an import crosses a boundary.

- only peel/dashboard/, peel/bench/, app.py and pages/ import streamlit (so peel/figures/, the charts, grids,
  report card and static export, draw without it: the CLI and the tests use them too);
- peel/db/ imports nothing of peel but peel.paths and peel.texts (and itself);
- peel/reports/, peel/figures/ and peel/harvest/ do not import the dashboard;
- no module of peel/ imports tests (the package does not depend on its tests).
"""
import ast
from pathlib import Path

import pytest

from peel.paths import ROOT


def imported_modules(path: Path) -> set[str]:
    """Every module path.py imports, at any depth (function-level imports count too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def python_files(*parts: str) -> list[Path]:
    return sorted(ROOT.joinpath(*parts).rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_five_folders_exist_and_hold_modules():
    for folder in ("db", "reports", "figures", "dashboard", "bench"):
        assert python_files("peel", folder), f"peel/{folder}/ has no modules"
    assert sorted((ROOT / "peel" / "db" / "sql").glob("*.sql")), "peel/db/sql/ holds no SQL layers"


def test_only_the_dashboard_bench_app_and_pages_import_streamlit():
    allowed = ("peel/dashboard/", "peel/bench/", "pages/", "app.py")
    offenders = [
        relative(p)
        for p in python_files("peel") + [ROOT / "app.py"] + python_files("pages")
        if any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(p))
        and not relative(p).startswith(allowed)
    ]
    assert offenders == [], f"streamlit imported outside the dashboard: {offenders}"


def test_the_database_imports_nothing_of_peel_but_paths_and_texts():
    offenders = {
        relative(p): sorted(m for m in imported_modules(p)
                            if m.startswith("peel") and not m.startswith(("peel.paths", "peel.texts", "peel.db")))
        for p in python_files("peel", "db")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("folder", ["reports", "db", "figures", "harvest"])
def test_reports_the_database_and_the_figures_do_not_import_the_dashboard(folder):
    offenders = [relative(p) for p in python_files("peel", folder)
                 if any(m.startswith("peel.dashboard") for m in imported_modules(p))]
    assert offenders == []


def test_the_rules_catch_a_crossing(tmp_path):
    """The checker itself: a module that imports streamlit and the dashboard is seen doing so."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    import streamlit as st\n    from peel.dashboard import ui\n")
    assert {"streamlit", "peel.dashboard", "peel.dashboard.ui"} <= imported_modules(bad)


def test_no_package_module_imports_the_tests():
    offenders = {relative(p): sorted(m for m in imported_modules(p) if m == "tests" or m.startswith("tests."))
                 for p in python_files("peel")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_texts_import_nothing_of_peel():
    """peel/texts.py is where every caveat lives, so every folder may import it: it may import none of them."""
    assert {m for m in imported_modules(ROOT / "peel" / "texts.py") if m.startswith("peel")} == set()


def test_the_2021_caveat_is_written_once():
    """Its words appear only in peel/texts.py: pages, figures, the card and the data package take them from there."""
    offenders = [relative(p) for p in python_files("peel") + python_files("pages") + [ROOT / "app.py"]
                 if p != ROOT / "peel" / "texts.py"
                 and any(w in p.read_text(encoding="utf-8") for w in ("cannot be compared", "not directly comparable"))]
    assert offenders == []
