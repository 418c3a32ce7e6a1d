"""The Streamlit dashboard pieces the pages use: shared UI, URL state, charts, routing."""
