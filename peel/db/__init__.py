"""The grades database: read and validate data/*.csv, build the DuckDB file, run queries/*.sql, export CSV.

Pure Python and DuckDB: imports nothing of peel but peel.paths."""
