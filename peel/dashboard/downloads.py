"""Downloads: a table's rows as CSV (written by peel.db.export, as `python -m peel export` writes them) and a
force's report card as PDF or PNG (peel.figures.card), each made when its button is clicked, not on every rerun.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from peel.dashboard import cache
from peel.dashboard.data import connection
from peel.db import export
from peel.figures import card


def download(frame: pd.DataFrame, filename: str, label: str = "Download these rows as CSV") -> None:
    """The CSV of exactly frame's rows, written by peel.db.export.to_csv when the button is clicked
    (not on every rerun)."""
    st.download_button(label, lambda: export.to_csv(frame), file_name=filename, mime="text/csv", icon="⬇️",
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
            st.download_button(f"Report card ({kind.upper()}, one A4 page)", lambda k=kind: report_card(force, mapping, k),
                               file_name=f"peel-{slug(force)}-report-card.{kind}", mime=mimes[kind], icon="⬇️",
                               on_click="ignore", key=f"card-{kind}", width="stretch")
