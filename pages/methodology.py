"""Methodology and coverage: how grades are placed on one scale, how areas map to themes, what is missing."""
import streamlit as st

from peel.dashboard import cache, data, downloads, widgets
from peel.figures import charts

ref, mapping, _, _ = widgets.start_page(
    "Methodology and coverage",
    "How PEEL Explorer reads and places the grades, which areas make up each theme, how complete the data is, and "
    "where every grade comes from.")
widgets.caveat()

scale_tab, theme_tab, coverage_tab, counts_tab, sources_tab = st.tabs(
    ["The two scales", "Themes", "Coverage", "Count check", "Sources"])

with scale_tab:
    st.markdown(
        "Each grade is kept **as awarded**, with its scale. To draw a line across 2018/19 and 2021/22, each grade "
        "also gets a **harmonised position** on one axis (4 = Outstanding, 1 = Inadequate). Only *Adequate*, "
        "which did not exist before 2021/22, needs a choice. The default puts it halfway between Good and Requires "
        "improvement, because that is all HMICFRS's definitions say of it; the alternatives show how much a "
        "conclusion depends on that choice. **Switch mapping in the sidebar**: every page follows it.")
    mappings = ref.mappings.assign(in_force=ref.mappings["mapping"] == mapping).drop(columns=["is_default"])
    widgets.table(mappings, links=(),
                  labels={"mapping": "Mapping", "label": "What it does", "in_force": "In force now"})
    downloads.download(mappings, "peel-mappings.csv")
    st.markdown("**Cycles**")
    widgets.table(ref.cycles, links=(), hide=("first_year", "last_year", "cycle_order", "x_position"))

with theme_tab:
    st.markdown("Pillars and questions (2014 to 2018/19) and areas (2021/22 on) map onto themes that persist. "
                "Where a theme had several areas in one cycle, the one with the lowest priority is its headline "
                "grade. Other wordings documents use are listed as aliases.")
    lineage = data.run("theme_lineage")
    widgets.table(lineage, links=(), height=480)
    downloads.download(lineage, "peel-theme-lineage.csv")

with coverage_tab:
    st.markdown("For each cycle and pillar or theme, how many of the 43 forces have a grade found (**graded**), "
                "were not graded by HMICFRS (**not graded**), or have no grade found yet (**unknown**). Blank "
                "cells: that cycle had no such area.")
    summary = data.run("coverage_summary")
    widgets.chart_and_table(cache.figure(charts.coverage_heatmap, summary, ref.cycles, widgets.compact()),
                       summary.drop(columns=["cycle_order", "theme_order"]), "peel-coverage.csv", view="coverage")

with counts_tab:
    st.markdown("Some sources say only how many areas got each grade (\"five Good, two Adequate\"). Those counts are "
                "a check on the grades named in the data, never a way to fill one in. **Unnamed** is how many of a "
                "force's grades that cycle are known to exist but are still missing here.")
    checks = data.run("count_check_summary")
    st.metric("Grades known to exist but not yet named", int(checks["unnamed"].sum()))
    widgets.table(checks, links=())
    downloads.download(checks, "peel-count-check.csv")

with sources_tab:
    st.markdown("Every document or page grades were read from, and how many grades each gave.")
    sources = data.run("sources")
    widgets.table(sources, height=480)
    downloads.download(sources, "peel-sources.csv")
