"""The benchmark's floor: a bare Streamlit script with one selectbox and one Plotly chart.

Its options include the ones the browser benchmark picks on the app's pages, so a page's filter change can
also be set against the floor typing the very same option (typing costs the same per character anywhere)."""
import plotly.graph_objects as go
import streamlit as st

from peel.bench.bench import BROWSER_PAGES

OPTIONS = list(dict.fromkeys(["Alpha", "Bravo", "Charlie", *(p[3] for p in BROWSER_PAGES)]))
series = st.selectbox("Series", OPTIONS)
offset = OPTIONS.index(series)
fig = go.Figure(go.Scatter(x=[2014, 2015, 2016, 2017, 2018], y=[offset + v for v in (3, 2, 3, 4, 3)], name=series))
fig.update_layout(title=f"Floor chart: {series}", xaxis_title="Year", yaxis_title="Value")
st.plotly_chart(fig)
