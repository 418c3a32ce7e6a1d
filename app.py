"""PEEL Explorer: the Streamlit entry point."""
import streamlit as st

from peel import queries
from peel.build import ensure_built

st.set_page_config(page_title="PEEL Explorer", layout="wide")
ensure_built()
con = queries.connect()
st.title("PEEL Explorer")
st.caption("HMICFRS PEEL grades for the 43 police forces of England and Wales, every cycle since 2014.")
st.dataframe(queries.run(con, "export_grades", mapping="midpoint", force=[], cycle=[], area=[], theme=[], region=[]),
             hide_index=True)
