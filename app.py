"""PEEL Explorer: the Streamlit entry point. Builds the database if stale, then runs the chosen page."""
from pathlib import Path

import streamlit as st

from peel.dashboard import state, ui

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="PEEL Explorer", page_icon=":material/local_police:", layout="wide")
ui.get_connection()  # builds data/peel.duckdb first if it is missing or older than data/*.csv
ref = ui.reference()

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/public:", url_path="overview", default=True),
    st.Page("pages/force.py", title="Force", icon=":material/show_chart:", url_path="force"),
    st.Page("pages/compare.py", title="Compare", icon=":material/grid_on:", url_path="compare"),
    st.Page("pages/movers.py", title="Movers", icon=":material/swap_vert:", url_path="movers"),
    st.Page("pages/data.py", title="Data", icon=":material/table_rows:", url_path="data"),
    st.Page("pages/methodology.py", title="Methodology and coverage", icon=":material/menu_book:",
            url_path="methodology"),
]
if (HERE / "pages" / "add_report.py").exists():
    pages.append(st.Page("pages/add_report.py", title="Add a report", icon=":material/note_add:",
                         url_path="add_report"))
page = st.navigation(pages)

with st.sidebar:
    st.markdown("**PEEL Explorer**  \nHMICFRS PEEL grades for the 43 police forces of England and Wales, "
                "2014 to 2025.")
    st.divider()
    state.mapping_switch(ref.mappings["mapping"].tolist(), ref.mapping_labels, ref.default_mapping)
    st.caption("Only *Adequate* moves: the other grades keep their place. See Methodology and coverage.")

page.run()
