"""Overview: the national picture for one pillar or theme, cycle by cycle, and the forces behind each number."""
import streamlit as st

from peel.dashboard import cache, data, downloads, widgets
from peel import texts
from peel.figures import charts

ref, mapping, phone, page = widgets.start_page(
    "Overview",
    "How HMICFRS graded the 43 forces of England and Wales in each PEEL inspection cycle. Choose a pillar (2014 to "
    "2018/19) or a theme that runs across frameworks; open any number or bar for the forces behind it.",
    scope="overview")
NONE = "(choose)"
LISTS = {  # what a person can list: a headline group, or one category (a bar's segment)
    "Good or Outstanding": ["Outstanding", "Good"],
    "Requires improvement or Inadequate": ["Requires improvement", "Inadequate"],
    "No grade found": [charts.UNKNOWN, charts.NOT_GRADED, charts.NOT_INSPECTED],
    **{c: [c] for c in (*charts.GRADES, charts.UNKNOWN, charts.NOT_GRADED, charts.NOT_INSPECTED)},
}

theme = page.select("Pillar or theme", "theme", ref.theme_names, "Investigating crime",
                    format_func=ref.theme_label)
head = data.run("overview_headline", theme=[theme], mapping=mapping).iloc[0]
cycles = ref.cycles_graded_on(theme) or [head["cycle"]]
st.subheader(f"In {head['cycle']}, the latest cycle to grade it")
numbers = [("Good or Outstanding", head["good_or_better"]),
           *([("Adequate", head["adequate"])] if head["scale"] == "5-tier" else []),
           ("Requires improvement or Inadequate", head["below_adequate"]),
           ("No grade found", head["unknown"] + head["not_graded"] + head["not_inspected"])]
for col, (label, n) in zip(st.columns(len(numbers)), numbers):
    col.metric(label, f"{n} of {head['forces']}")
    col.button("List this force" if n == 1 else f"List these {n} forces", key=f"overview.open.{label}",
               disabled=not n, type="tertiary",
               on_click=lambda g=label: (page.set("list", g), page.set("in", head["cycle"])))
st.markdown(f"**{head['good_or_better']} of {head['forces']} forces** were graded Good or Outstanding on "
            f"*{theme}* in {head['cycle']}, and {head['inadequate']} Inadequate. For {head['unknown']} no grade has "
            "been found yet" + (f"; {head['not_graded']} were not graded" if head["not_graded"] else "")
            + (f"; {head['not_inspected']} were not inspected" if head["not_inspected"] else "") + ".")
counted = data.unnamed({"cycle": [head["cycle"]]})
st.caption(texts.unnamed_totals(head["cycle"], counted[["grade", "unnamed"]].itertuples(index=False)))
if head["at_or_above_good"] != head["good_or_better"]:
    st.markdown(f"With Adequate counted as the sidebar's mapping says, **{head['at_or_above_good']}** sit at Good "
                "or above.")

shares = data.run("overview_shares", theme=[theme])
shown = shares[["cycle", "scale", "category", "forces", "share"]].assign(share=(shares["share"] * 100).round(1))
fig = cache.figure(charts.grade_shares, shares, theme, phone)


def _open_bar() -> None:
    """A click on a bar segment lists its forces: the segment's grade in the bar's cycle."""
    points = st.session_state[chart].selection.get("points", [])
    if points:
        where = shares.drop_duplicates("cycle").set_index("x_position")["cycle"]
        page.set("list", fig.data[points[0]["curve_number"]].name)
        page.set("in", where.get(points[0]["x"], head["cycle"]))


chart = f"chart-peel-overview-{downloads.slug(theme)}.csv"
widgets.chart_and_table(fig, shown.rename(columns={"category": "grade", "share": "share_pct"}),
                   f"peel-overview-{downloads.slug(theme)}.csv", on_select=_open_bar, view="overview")
st.caption("Click or tap a bar's segment to list its forces. " + texts.MISSING_NOTE)

st.subheader("The forces behind a number")
left, right = st.columns([3, 1])
chosen = page.select("List the forces that were", "list", [NONE, *LISTS], NONE, container=left)
cycle = page.select("In", "in", cycles, head["cycle"] if head["cycle"] in cycles else cycles[-1], what="cycle",
                    container=right)
if chosen != NONE:
    forces = data.run("overview_forces", theme=[theme], cycle=cycle, categories=LISTS[chosen])
    st.markdown(f"**{len(forces)} force{'' if len(forces) == 1 else 's'}**: {chosen} on *{theme}* in {cycle}")
    widgets.table(forces, pinned=("force",), hide=("cycle",))
    downloads.download(forces, f"peel-overview-{downloads.slug(theme, cycle, chosen)}-forces.csv",
                f"Download these {len(forces)} forces with sources as CSV")
    graded = [g for g in LISTS[chosen] if g in charts.GRADES]
    if graded:  # grades counted but not named in that cycle: not in the list (a count names no theme)
        widgets.unnamed_list(data.unnamed({"cycle": [cycle], "grade": graded}), narrowed=True,
                             file_name=f"peel-overview-{downloads.slug(cycle, chosen)}-not-named.csv")
downloads.download(data.grades(mapping=mapping, theme=[theme]),
            f"peel-grades-{downloads.slug(theme)}.csv", "Download every grade behind this chart, with sources")
widgets.caveat()
