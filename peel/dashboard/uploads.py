"""An upload read once and let go: Streamlit keeps an uploaded file's bytes in the server's memory for as long
as the session lasts (three 150 MB uploads kept 600 MiB); a page that has read what it needs releases them at
once, keeps only what it read, and shows an empty uploader for the next document.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from starlette.formparsers import MultiPartParser
from streamlit import config
from streamlit.runtime.scriptrunner import get_script_run_ctx

T = TypeVar("T")


def receive_uploads_in_memory() -> None:
    """Have Streamlit's server take in an upload up to server.maxUploadSize in memory, not in a temporary file:
    from a file it reads the upload back on an AnyIO worker thread, and an idle worker keeps the last thing it
    read until its next job (one 40 MB upload held for good, now and then, in `python -m peel bench memory`)."""
    limit = (config.get_option("server.maxUploadSize") + 1) * 1024 * 1024  # the file and its form's headers
    MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, limit)


receive_uploads_in_memory()  # on import, before the page's uploader can be given a file


def _round(key: str) -> int:
    """How many uploads under key read_once has read in this session."""
    return st.session_state.get(f"{key}.round", 0)


def _widget_key(key: str) -> str:
    """The key of the uploader under key now: a new one after each read_once, which empties it."""
    return f"{key}.{_round(key)}"


def uploader(label: str, key: str, **kwargs):
    """st.file_uploader under key; emptied (a new widget) once its file has been read by read_once."""
    return st.file_uploader(label, key=_widget_key(key), **kwargs)


def read_once(upload, read: Callable[[bytes, str], T], key: str) -> T:
    """read(bytes, file name) of upload, which is then released from the server's memory whatever happened;
    what it read is kept for the session's later runs (held(key)) until forget(key)."""
    widget = _widget_key(key)
    try:
        result = read(upload.getvalue(), upload.name)
    finally:
        release(upload, widget)
        st.session_state[f"{key}.round"] = _round(key) + 1
        st.session_state.pop(f"{key}.held", None)
    st.session_state[f"{key}.held"] = result
    return result


def held(key: str):
    """What read_once read from the last upload under key (None before any, or after forget)."""
    return st.session_state.get(f"{key}.held")


def forget(key: str) -> None:
    st.session_state.pop(f"{key}.held", None)


def release(upload, widget: str) -> None:
    """Drop the uploaded file's bytes from the server's upload store, from this run's copy and from the copy the
    session keeps as the uploader widget's value: that one would otherwise hold them for as long as the session
    is kept, and past it (40 MB an upload, measured with `python -m peel bench memory`)."""
    ctx = get_script_run_ctx()
    if ctx is not None and upload is not None:
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=upload.file_id)
    kept = st.session_state.get(widget)
    for copy in (upload, *(kept if isinstance(kept, list) else [kept])):
        if copy is not None:
            copy.close()
    st.session_state.pop(widget, None)  # the uploader gets a new key (read_once), so its old value is of no use
