"""Overview: the national picture for one pillar or theme, cycle by cycle."""
import streamlit as st

from peel.dashboard import charts, state, ui

ref = ui.reference()
mapping = ref.mapping()
page = state.PageState("overview")
ui.header("Overview", "How HMICFRS graded the 43 forces of England and Wales in each PEEL inspection cycle. "
          "Choose a pillar (2014 to 2018/19) or a theme that runs across frameworks.")

theme = page.select("Pillar or theme", "theme", ref.theme_names, "Investigating crime",
                    format_func=ref.theme_label)
head = ui.run("overview_headline", theme=[theme], mapping=mapping).iloc[0]
st.subheader(f"In {head['cycle']}, the latest cycle to grade it")
cols = st.columns(4)
cols[0].metric("Good or Outstanding", f"{head['good_or_better']} of {head['forces']}")
if head["scale"] == "5-tier":
    cols[1].metric("Adequate", f"{head['adequate']} of {head['forces']}")
cols[2].metric("Requires improvement or Inadequate", f"{head['below_adequate']} of {head['forces']}")
cols[3].metric("No grade found", f"{head['unknown'] + head['not_graded']} of {head['forces']}")
st.markdown(f"**{head['good_or_better']} of {head['forces']} forces** were graded Good or Outstanding on "
            f"*{theme}* in {head['cycle']}, and {head['inadequate']} Inadequate. For {head['unknown']} no grade has "
            "been found yet" + (f"; {head['not_graded']} were not graded." if head["not_graded"] else "."))
if head["at_or_above_good"] != head["good_or_better"]:
    st.markdown(f"With Adequate counted as the sidebar's mapping says, **{head['at_or_above_good']}** sit at Good "
                "or above.")

shares = ui.run("overview_shares", theme=[theme])
shown = shares[["cycle", "scale", "category", "forces", "share"]].assign(share=(shares["share"] * 100).round(1))
ui.chart_and_table(ui.figure(charts.grade_shares, shares, theme), shown.rename(columns={"category": "grade",
                                                                            "share": "share_pct"}),
                   f"peel-overview-{ui.slug(theme)}.csv")
ui.download(ui.grades(mapping=mapping, theme=[theme]),
            f"peel-grades-{ui.slug(theme)}.csv", "Download every grade behind this chart, with sources")
st.caption(ui.MISSING_NOTE)
ui.caveat()
