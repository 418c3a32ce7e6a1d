"""The benchmark's floor: a bare Streamlit script with one selectbox and one Plotly chart."""
import plotly.graph_objects as go
import streamlit as st

series = st.selectbox("Series", ["Alpha", "Bravo", "Charlie"])
offset = ["Alpha", "Bravo", "Charlie"].index(series)
fig = go.Figure(go.Scatter(x=[2014, 2015, 2016, 2017, 2018], y=[offset + v for v in (3, 2, 3, 4, 3)], name=series))
fig.update_layout(title=f"Floor chart: {series}", xaxis_title="Year", yaxis_title="Value")
st.plotly_chart(fig)
