"""PEEL Explorer: the Streamlit entry point. Builds the database if stale, then runs the chosen page."""
import runpy
from pathlib import Path

import streamlit as st

from peel import texts
from peel.dashboard import data, roles, state, widgets
from peel.dashboard.routing import route_through_app

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="PEEL Explorer", page_icon=":material/local_police:", layout="wide")
route_through_app()  # a fresh server's first run: out of legacy multipage mode, then rerun
data.connection()  # builds data/peel.duckdb first if it is missing, older than data/*.csv or damaged
ref = data.reference()

pages = [
    st.Page("pages/overview.py", title="Overview", url_path="start", default=True),  # served at /
    st.Page("pages/force.py", title="Force", url_path="force"),
    st.Page("pages/compare.py", title="Compare", url_path="compare"),
    st.Page("pages/movers.py", title="Movers", url_path="movers"),
    st.Page("pages/data.py", title="Data", url_path="data"),
    st.Page("pages/methodology.py", title="Methodology and coverage",
            url_path="methodology"),
]
if (HERE / "pages" / "add_report.py").exists():
    pages.append(st.Page("pages/add_report.py", title="Add a report",
                         url_path="add_report"))
if roles.current().editor:  # the role is the server's, computed each run; the page checks it again
    pages.append(st.Page("pages/review.py", title="Review", url_path="review"))


def overview_at_its_own_path() -> None:
    """/overview runs the Overview too: Streamlit serves the default page only at /, and would otherwise
    flash "Page not found" before redirecting a link to /overview."""
    runpy.run_path(str(HERE / "pages" / "overview.py"))


pages.append(st.Page(overview_at_its_own_path, title="Overview", url_path="overview", visibility="hidden"))
page = st.navigation(pages)
st.set_page_config(page_title=f"{page.title} · PEEL Explorer")  # each page its own title in the browser's tab

with st.sidebar:
    st.markdown("**PEEL Explorer**  \nHMICFRS PEEL grades for the 43 police forces of England and Wales, "
                "2014 to 2025.")
    st.divider()
# On a phone the sidebar starts closed: the switch the notes refer to sits at the top of the page instead.
with st.expander("The sidebar's mapping switch: where Adequate sits") if widgets.compact() else st.sidebar:
    state.mapping_switch(ref.mapping_names, ref.mapping_labels, ref.default_mapping)
    st.caption(texts.MAPPING_SWITCH_NOTE)
with st.sidebar:
    st.divider()
    roles.sidebar()

page.run()
