"""The benchmark's floor: a bare Streamlit script with one selectbox and one Plotly chart.

With ?picker=forces or ?picker=themes its selectbox holds the options of a page's picker instead (the 43
forces, or the pillars and themes), so a page's filter change can be set against the floor making the very
same choice: typing and the picker's list cost the same on any page."""
import plotly.graph_objects as go
import streamlit as st

OPTIONS = ["Alpha", "Bravo", "Charlie"]
if st.query_params.get("picker"):
    from peel.bench.bench import picker_options

    OPTIONS = list(picker_options(st.query_params["picker"]))
series = st.selectbox("Series", OPTIONS)
offset = OPTIONS.index(series)
fig = go.Figure(go.Scatter(x=[2014, 2015, 2016, 2017, 2018], y=[offset + v for v in (3, 2, 3, 4, 3)], name=series))
fig.update_layout(title=f"Floor chart: {series}", xaxis_title="Year", yaxis_title="Value")
st.plotly_chart(fig)
