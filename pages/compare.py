"""Compare: every force's grade on one pillar or theme in every cycle, as a heatmap."""
import streamlit as st

from peel.dashboard import charts, state, ui

ref = ui.reference()
mapping = ref.mapping()
page = state.PageState("compare")
ui.header("Compare forces", "Each force's grade on one pillar or theme in every cycle. Filter by region, sort by "
          "name or by the latest grade, and open any force's own page.")

c1, c2, c3 = st.columns([3, 3, 2])
theme = page.select("Pillar or theme", "theme", ref.theme_names, "Investigating crime",
                    format_func=ref.theme_label, container=c1)
regions = page.multiselect("Region", "region", ref.regions, placeholder="All regions", container=c2)
sort = page.select("Sort forces by", "sort", ["name", "latest"], "name", radio=True, container=c3,
                   format_func={"name": "Name", "latest": "Latest grade (best first)"}.get)

cells = ui.run("coverage_cells", theme=[theme], force=[], region=regions, mapping=mapping)
order = charts.force_order(cells, sort)
ui.chart_and_table(
    ui.figure(charts.grade_heatmap, cells, theme, order),
    cells[["force", "region", "cycle", "scale", "status", "grade", "area", "harmonised", "source_url",
           "source_title", "not_graded_reason"]],
    f"peel-compare-{ui.slug(theme, *regions)}.csv", table_note=ui.MISSING_NOTE)
st.caption(ui.MISSING_NOTE + " Sorting by latest grade uses each force's most recent graded cycle, placed by the "
           "mapping chosen in the sidebar.")

st.subheader("Open a force's page")
pick, go = st.columns([2, 3], vertical_alignment="bottom")
chosen = pick.selectbox("Force", order, key="compare.open", label_visibility="collapsed")
with go:
    ui.page_link("pages/force.py", "force", f"See {chosen} across every cycle →",
                 {"force": chosen, "mapping": mapping, "show": ref.kind(theme) + "s"})
ui.caveat()
