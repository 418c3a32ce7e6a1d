"""Where the project's files live. Everything else takes these as defaults, never as the only choice."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DB_PATH = DATA_DIR / "peel.duckdb"
QUERIES_DIR = ROOT / "queries"
SCHEMA_SQL = Path(__file__).resolve().parent / "db" / "schema.sql"
