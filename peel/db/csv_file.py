"""The one CSV writer: every CSV the project writes (the dashboard's downloads, `python -m peel export` and
`extract`, the data package's csv/) is made here, so each is safe to open in a spreadsheet the same way:

- a text cell a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return) is prefixed
  with an apostrophe, so it shows as text;
- UTF-8 with a byte-order mark, so Excel reads accents and ▲ ▼ as they are rather than as cp1252;
- rows end CRLF (RFC 4180), so a carriage return inside a cell is always quoted;
- the frame's own columns, in order; true/false written as in data/*.csv; a missing value is an empty cell.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a formula-like text cell with an apostrophe so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for col in safe.columns:
        kind = safe[col].dtype
        if pd.api.types.is_bool_dtype(kind):
            safe[col] = safe[col].map({True: "true", False: "false"})
        elif pd.api.types.is_object_dtype(kind) or pd.api.types.is_string_dtype(kind):
            safe[col] = safe[col].map(lambda v: "true" if v is True else "false" if v is False else neutralise(v))
    return safe


def text(frame: pd.DataFrame) -> str:
    """The CSV of frame, byte-order mark first, safe to open in a spreadsheet."""
    return BOM + _safe(frame).to_csv(index=False, lineterminator="\r\n")


def data(frame: pd.DataFrame) -> bytes:
    """text(frame) as UTF-8 bytes, for a download or a file."""
    return text(frame).encode("utf-8")


def write(frame: pd.DataFrame, path: Path) -> Path:
    """text(frame) into the file at path (the caller chooses where; see peel.db.files for swapping it in)."""
    Path(path).write_bytes(data(frame))
    return Path(path)
