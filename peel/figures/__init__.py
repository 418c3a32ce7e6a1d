"""Figures without Streamlit: the Plotly charts and grade grids the pages draw, the report card, and their
static export (SVG, PDF, PNG through Chromium). The CLI, the dashboard and the tests all draw with these."""
