"""The Streamlit dashboard pieces the pages use: data (connection, queries, reference lists), cache (what reruns
and sessions share), widgets (what pages draw with), downloads (CSV and report card), state (URL state),
routing (deep links through app.py), text (Markdown escaping)."""
