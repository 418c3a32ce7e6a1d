"""Force: one force's grades across every cycle, every grade with its source, and how it compares."""
import streamlit as st

from peel.dashboard import charts, state, ui

ref = ui.reference()
mapping = ref.mapping()
page = state.PageState("force")
ui.header("Force", "One force's grades across every PEEL cycle since 2014, by pillar and theme, with the source "
          "of each grade and how the force compares with its region and England and Wales.")

left, right = st.columns([2, 3])
force = page.select("Force", "force", ref.force_names, ref.force_names[0], container=left)
show = page.select("Show", "show", ["themes", "pillars"], "themes", radio=True, horizontal=True, container=right,
                   format_func={"themes": "Themes (2014 to 2025)",
                                "pillars": "Pillars: Effectiveness, Efficiency, Legitimacy (2014 to 2018/19)"}.get)
themes = ref.themes.loc[ref.themes["kind"] == show.rstrip("s"), "theme"].tolist()
region = ref.forces.set_index("force").at[force, "region"]

cells = ui.run("coverage_cells", theme=themes, force=[force], region=[], mapping=mapping)
positions = ui.run("grade_positions", mapping=mapping)
st.caption("Each panel is one pillar or theme. A point is the grade awarded that cycle, placed on the harmonised "
           "scale; a gap means no grade was found or none was given. Hover over a point for the area as named "
           "that cycle and the source. " + ui.MISSING_NOTE)
ui.chart_and_table(
    ui.figure(charts.force_trajectory, cells, positions, force),
    cells[["theme", "cycle", "scale", "status", "grade", "area", "harmonised", "source_url", "source_title",
           "not_graded_reason"]],
    f"peel-{ui.slug(force, show)}-trajectory.csv")
ui.mapping_note(ref, mapping)

st.subheader(f"Every grade of {force}")
st.caption("Each grade as awarded, with the area as named that cycle and the document or page it was read from.")
grades = ui.grades(mapping=mapping, force=[force])
ui.table(grades, hide=("force", "region", "mapping"))
ui.download(grades, f"peel-{ui.slug(force)}-grades.csv", f"Download all {len(grades)} grades of {force} as CSV")

st.subheader(f"{force} against the {region} region and England and Wales")
st.caption("For each pillar and theme, the latest cycle that graded it: this force's grade, and among the forces "
           "with a grade, the share at Good or above and the mean harmonised position (4 = Outstanding, "
           "1 = Inadequate).")
comparison = ui.run("force_comparison", force=[force], mapping=mapping)
comparison = comparison[comparison["theme_kind"] == show.rstrip("s")].drop(columns=["theme_kind", "theme_order",
                                                                                     "force"])
ui.table(comparison, labels={"region_graded": f"Graded in {region}",
                             "region_mean_position": f"Mean position, {region}",
                             "region_pct_good_or_above": f"Good or above, {region} (%)",
                             "national_graded": "Graded in England and Wales",
                             "national_mean_position": "Mean position, England and Wales",
                             "national_pct_good_or_above": "Good or above, England and Wales (%)"})
ui.download(comparison, f"peel-{ui.slug(force, show)}-comparison.csv")
ui.caveat()
