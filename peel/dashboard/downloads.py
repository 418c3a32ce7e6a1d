"""Downloads: a table's rows as CSV (written by peel.db.csv_file, the one CSV writer, as `python -m peel export`
writes them), a force's report card as PDF or PNG (peel.figures.card) and the whole dataset as a zip
(peel.db.package), each made when its button is clicked, not on every rerun.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from peel.dashboard import cache
from peel.dashboard.data import connection, database_file
from peel.dashboard.text import escape
from peel.db import csv_file, package
from peel.figures import card
from peel import texts


def download(frame: pd.DataFrame, filename: str, label: str = "Download these rows as CSV") -> None:
    """The CSV of exactly frame's rows, written by peel.db.csv_file (byte-order mark, formula cells
    neutralised) when the button is clicked (not on every rerun)."""
    st.download_button(label, lambda: csv_file.text(frame), file_name=filename, mime="text/csv", icon="⬇️",
                       on_click="ignore", key=f"download-{filename}")


def slug(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)


@cache.shared(max_entries=16)  # drawn when a download is clicked
def _card_page(stamp: tuple, force: str, mapping: str) -> str:
    return card.page(connection(), force, mapping)


def report_card(force: str, mapping: str, kind: str) -> bytes:
    """force's one-page report card as PDF or PNG bytes (its page, the slow part, cached until the data change)."""
    return card.as_bytes(_card_page(cache.stamp(), force, mapping), kind)


def report_card_downloads(force: str, mapping: str) -> None:
    """Download buttons for force's report card, PDF and PNG, each made when clicked."""
    mimes = {"pdf": "application/pdf", "png": "image/png"}
    for column, kind in zip(st.columns(len(card.FORMATS)), card.FORMATS):
        with column:
            st.download_button(f"Report card ({kind.upper()}, one A4 page)",
                               lambda k=kind: report_card(force, mapping, k),
                               file_name=f"peel-{slug(force)}-report-card.{kind}", mime=mimes[kind], icon="⬇️",
                               on_click="ignore", key=f"card-{kind}", width="stretch")


def whole_dataset(version: str) -> None:
    """The data package of the database the pages show ($PEEL_DATA_DIR's when set) as a zip, made when
    clicked; when there is no database file, a warning saying so instead of a button that does nothing."""
    database = database_file()
    if not database.is_file():
        st.warning(texts.NO_DATABASE_TO_PACKAGE.format(name=escape(database.name)))
        return
    st.download_button("Download the whole dataset (.zip)", lambda: package.zip_bytes(database),
                       file_name=f"{package.NAME}-{version}.zip", mime="application/zip", icon="⬇️",
                       on_click="ignore", key="download-package")
