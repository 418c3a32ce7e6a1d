"""Compare: the forces of a region (or all 43) on one pillar or theme in every cycle, or on every pillar and
theme in one cycle."""
import streamlit as st

from peel.dashboard import cache, data, downloads, widgets
from peel import texts
from peel.figures import charts, grids

ref, mapping, phone, page = widgets.start_page(
    "Compare forces",
    "The forces of a region, or all 43, side by side: on one pillar or theme in every cycle, or on every pillar and "
    "theme in one cycle. Sort by name or by grade, and open any force's page.",
    scope="compare")

view = page.select("Compare", "view", ["theme", "cycle"], "theme", radio=True, horizontal=True,
                   format_func={"theme": "One pillar or theme, every cycle",
                                "cycle": "Every pillar and theme, one cycle"}.get)
c1, c2, c3 = st.columns([3, 3, 2])
regions = page.multiselect("Region", "region", ref.regions, placeholder="All regions", container=c2)
sort = page.select("Sort forces by", "sort", ["name", "latest"], "name", radio=True, container=c3,
                   format_func={"name": "Name", "latest": "Grade (best first)"}.get)
if view == "cycle":
    graded = ref.cycles[ref.cycles["cycle"].isin(ref.graded_cycles)]["cycle"].tolist()
    cycle = page.select("Cycle", "cycle", ref.cycle_names, graded[-1], container=c1)
    cells = data.run("coverage_cells", theme=[], force=[], region=regions, cycle=[cycle], mapping=mapping)
    order = charts.force_order(cells, sort)
    fig = cache.figure(grids.region_grid, cells, cycle, order, phone)
    name, theme = f"peel-compare-{downloads.slug(cycle, *regions)}.csv", None
else:
    theme = page.select("Pillar or theme", "theme", ref.theme_names, "Investigating crime",
                        format_func=ref.theme_label, container=c1)
    cells = data.run("coverage_cells", theme=[theme], force=[], region=regions, cycle=[], mapping=mapping)
    order = charts.force_order(cells, sort)
    fig = cache.figure(grids.theme_grid, cells, theme, order, phone)
    name = f"peel-compare-{downloads.slug(theme, *regions)}.csv"
widgets.chart_and_table(
    fig, data.columns(cells, ["force", "region", "cycle", "theme", "scale", "status", "grade", "area", "harmonised",
                              "source_kind", "source_url", "source_title", "report_url", "not_graded_reason"],
                      category=True),
    name, table_note=texts.MISSING_NOTE, pinned=("force", "cycle"), view="compare")
st.caption(texts.MISSING_NOTE + " Sorting by grade uses each force's most recent graded cycle shown (its mean over "
           "the pillars and themes in the one-cycle view), placed by the mapping chosen in the sidebar.")

st.subheader("Open a force's page")
pick, go = st.columns([2, 3], vertical_alignment="bottom")
chosen = pick.selectbox("Force", order, key="compare.open", label_visibility="collapsed")
with go:
    widgets.page_link("pages/force.py", "force", f"See {chosen} across every cycle →",
                 {"force": chosen, "mapping": mapping})
widgets.caveat()
