from pathlib import Path

import pytest

from peel.db import queries
from peel.db.build import build
from peel.paths import DATA_DIR, copy_of_data
from tests.fixtures.files import rows


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The real data/ CSVs built into a fresh database file."""
    out = tmp_path_factory.mktemp("db") / "peel.duckdb"
    build(DATA_DIR, out)
    return out


@pytest.fixture(scope="session")
def con(built_db):
    connection = queries.connect(built_db)
    yield connection
    connection.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/'s input CSVs (no database, no local user grades)."""
    return copy_of_data(tmp_path)


@pytest.fixture
def case(data_copy):
    """A made-up report about a force and cycle: one grade already held, one held with another grade
    (a conflict), one new. Chosen from the copied data so the test holds whatever the curated data grows to."""
    held = rows(data_copy / "grades.csv")
    areas = [r["area"] for r in rows(data_copy / "areas.csv") if r["cycle"] == "2023-25"]
    for force in ("Kent", "Durham", "Cumbria", "Surrey", "Dorset", "Gwent"):
        mine = {r["area"]: r["grade"] for r in held if r["force"] == force and r["cycle"] == "2023-25"}
        missing = [a for a in areas if a not in mine]
        if len(mine) >= 2 and missing:
            break
    else:
        pytest.skip("no force with two 2023-25 grades and a missing area in the data")
    (known, known_grade), (clash, clash_grade) = list(mine.items())[:2]
    other = "Inadequate" if clash_grade != "Inadequate" else "Outstanding"
    text = (f"MADE-UP TEST DATA - not a real report.\n{force} Police: PEEL 2023-25\n\n"
            f"{known} | {known_grade}\n{clash} | {other}\n{missing[0]} | Adequate\n")
    return {"folder": data_copy, "force": force, "text": text, "known": (known, known_grade),
            "clash": (clash, clash_grade, other), "new": (missing[0], "Adequate")}


@pytest.fixture
def listen_on():
    """Set the address Streamlit's server is configured to listen on, which decides who is an editor without
    signing in (AppTest cannot listen; the role is computed from the option). Put back after the test."""
    from streamlit import config

    previous = config.get_option("server.address")
    yield lambda address: config.set_option("server.address", address)
    config.set_option("server.address", previous)
