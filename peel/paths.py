"""Where the project's files live. Everything else takes these as defaults, never as the only choice."""
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DB_PATH = DATA_DIR / "peel.duckdb"
QUERIES_DIR = ROOT / "queries"
# The SQL the build runs after loading the CSVs, in layers (staging renames and casts, intermediate joins,
# marts are what the app reads), in the order listed: each file may use the relations the ones before made.
SQL_DIR = Path(__file__).resolve().parent / "db" / "sql"
SQL_FILES = tuple(SQL_DIR / name for name in (
    "00_macros.sql",
    "10_staging_grade_rows.sql", "10_staging_cycles.sql", "10_staging_themes.sql",
    "20_int_sources.sql", "20_int_cells.sql",
    "30_marts_grades.sql", "31_marts_coverage.sql", "32_marts_count_check.sql", "33_marts_latest.sql",
))


def copy_of_data(parent: Path) -> Path:
    """A writable copy of data/'s input CSVs in parent/data, for a test or benchmark to change: no database and
    not this machine's user grades (user_grades.csv)."""
    target = Path(parent) / "data"
    target.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        if path.name != "user_grades.csv":
            shutil.copy(path, target / path.name)
    return target


def data_dir() -> Path:
    """The folder of input CSVs the app and the Add a report page use: $PEEL_DATA_DIR when set (tests, other
    copies), else data/."""
    return Path(os.environ.get("PEEL_DATA_DIR") or DATA_DIR)


def db_path(folder: Path) -> Path:
    """The database built from folder: data/peel.duckdb for data/, else peel.duckdb inside folder."""
    return DB_PATH if Path(folder).resolve() == DATA_DIR.resolve() else Path(folder) / "peel.duckdb"
