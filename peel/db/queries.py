"""Run the SQL files in queries/ by name, with named parameters only (DuckDB's $name)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from peel.paths import DB_PATH, QUERIES_DIR
from peel.texts import Break

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class UnknownQuery(KeyError):
    pass


@cache
def sql(name: str) -> str:
    """The text of queries/<name>.sql. Names are plain words; nothing else is looked up."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise UnknownQuery(name)
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8")


def parameters(name: str) -> set[str]:
    """The $parameters that queries/<name>.sql takes."""
    return set(_PARAM.findall(_without_comments(sql(name))))


def _without_comments(text: str) -> str:
    return re.sub(r"--[^\n]*", "", text)


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def connect(path: Path = DB_PATH) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file as it is now.

    duckdb.connect(path) shares one database instance per path within a process, so after a rebuild swaps a
    new file in, a new connection would still read the replaced one. Attaching the file to a private
    in-memory instance opens whatever file is at path now. Raises duckdb.IOException for a missing file or
    one that is not a DuckDB database.
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH $path AS peel (READ_ONLY)", {"path": str(path)})
        con.execute("USE peel")
    except duckdb.Error:
        con.close()
        raise
    return con


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql on con with the given named parameters; every parameter must be given."""
    wanted = parameters(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameter(s): {', '.join(sorted(missing))}")
    unknown = params.keys() - wanted
    if unknown:
        raise TypeError(f"query {name} takes no parameter(s): {', '.join(sorted(unknown))}")
    cursor = con.cursor()
    try:
        cursor.execute("USE peel")  # a cursor starts in the in-memory catalog; see connect
        return cursor.execute(sql(name), params).df()
    finally:
        cursor.close()


def breaks(con: duckdb.DuckDBPyConnection) -> tuple[Break, ...]:
    """The comparability breaks the database holds (queries/breaks.sql), in time order, for the caveat's words."""
    rows = run(con, "breaks")[["from_cycle", "to_cycle", "label", "words", "source_url"]]
    return tuple(Break(**r) for r in rows.to_dict("records"))
