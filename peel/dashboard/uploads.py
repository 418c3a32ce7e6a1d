"""An upload read once and let go: Streamlit keeps an uploaded file's bytes in the server's memory for as long
as the session lasts (three 150 MB uploads kept 600 MiB); a page that has read what it needs releases them at
once, keeps only what it read, and shows an empty uploader for the next document.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

T = TypeVar("T")


def uploader(label: str, key: str, **kwargs):
    """st.file_uploader under key; emptied (a new widget) once its file has been read by read_once."""
    return st.file_uploader(label, key=f"{key}.{st.session_state.get(f'{key}.round', 0)}", **kwargs)


def read_once(upload, read: Callable[[bytes, str], T], key: str) -> T:
    """read(bytes, file name) of upload, which is then released from the server's memory whatever happened;
    what it read is kept for the session's later runs (held(key)) until forget(key)."""
    try:
        result = read(upload.getvalue(), upload.name)
    finally:
        release(upload)
        st.session_state[f"{key}.round"] = st.session_state.get(f"{key}.round", 0) + 1
        st.session_state.pop(f"{key}.held", None)
    st.session_state[f"{key}.held"] = result
    return result


def held(key: str):
    """What read_once read from the last upload under key (None before any, or after forget)."""
    return st.session_state.get(f"{key}.held")


def forget(key: str) -> None:
    st.session_state.pop(f"{key}.held", None)


def release(upload) -> None:
    """Drop the uploaded file's bytes from the server's upload store (and this run's copy)."""
    ctx = get_script_run_ctx()
    if ctx is not None and upload is not None:
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=upload.file_id)
    if upload is not None:
        upload.close()
