import shutil
from pathlib import Path

import pytest

from peel.db import queries
from peel.db.build import build
from peel.paths import DATA_DIR


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
    target = tmp_path / "data"
    target.mkdir()
    for csv_file in DATA_DIR.glob("*.csv"):
        if csv_file.name != "user_grades.csv":
            shutil.copy(csv_file, target / csv_file.name)
    return target
