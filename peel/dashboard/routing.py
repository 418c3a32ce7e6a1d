"""Make every page run through app.py's st.navigation, even on a fresh server's first request.

Streamlit treats an app with a pages/ folder as a legacy multipage app until the entry point has called
st.navigation once. So when the first request a fresh server gets is a deep link (say /force?force=Kent),
Streamlit runs pages/force.py on its own, with its own file-name sidebar and without app.py. Pages call
route_through_app() first: it switches Streamlit out of that legacy mode and reruns, so app.py routes the
same URL, query parameters and all.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def route_through_app() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
