"""Where the project's files live. Everything else takes these as defaults, never as the only choice."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DB_PATH = DATA_DIR / "peel.duckdb"
QUERIES_DIR = ROOT / "queries"
SCHEMA_SQL = Path(__file__).resolve().parent / "db" / "schema.sql"


def data_dir() -> Path:
    """The folder of input CSVs the app and the Add a report page use: $PEEL_DATA_DIR when set (tests, other
    copies), else data/."""
    return Path(os.environ.get("PEEL_DATA_DIR") or DATA_DIR)


def db_path(folder: Path) -> Path:
    """The database built from folder: data/peel.duckdb for data/, else peel.duckdb inside folder."""
    return DB_PATH if Path(folder).resolve() == DATA_DIR.resolve() else Path(folder) / "peel.duckdb"
