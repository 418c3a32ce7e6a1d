"""Force: one force's whole history (every pillar and theme in every cycle), the grades still unnamed, every
grade with its source, and the force beside the other forces of its region or peers the user picks."""
import streamlit as st

from peel.dashboard import cache, data, downloads, widgets
from peel import texts
from peel.db import vocabulary
from peel.figures import grids

ref, mapping, phone, page = widgets.start_page(
    "Force",
    "One force's grades in every PEEL cycle since 2014, pillars and themes together, with the source of each grade, "
    "and the force beside the other forces of its region or peers you choose.",
    scope="force")

force = page.select("Force", "force", ref.force_names, ref.force_names[0])
region = ref.region_of(force)

current = data.run("force_latest", force=[force])
if len(current):  # the force's current picture first: its latest cycle, what it names and what it does not
    st.markdown(f"**{texts.current_picture(current.iloc[0].to_dict())}**")
cells = data.run("coverage_cells", theme=[], force=[force], region=[], cycle=[], mapping=mapping)
widgets.chart_and_table(
    cache.figure(grids.force_history, cells, ref.themes, force, phone),
    data.columns(cells, ["theme", "cycle", "scale", "status", "grade", "awarded_in", "area", "harmonised",
                         "source_kind", "source_url", "source_title", "report_url", "not_graded_reason"]),
    f"peel-{downloads.slug(force)}-history.csv", pinned=("theme", "cycle"), view="history")
widgets.unnamed_note(data.run("unnamed_grades", force=[force]))
st.caption("Each row is a pillar (in bold, graded 2014 to 2018/19) or a theme under it; each column a cycle. A "
           "hollow cell is a grade carried over from an earlier cycle; a blank cell, a cycle that had no such "
           "area. Tap or hover over a cell for the area as named that cycle and its source. " + texts.MISSING_NOTE)

@st.fragment  # choosing peers, a tab or opening the list reruns this part alone, not the history above
def peers_section(force: str, region: str) -> None:
    st.subheader(f"{force} beside its peers")
    left, right = st.columns([1, 2])
    # Labels that do not change with the force: a radio whose labels change is a new widget, losing its choice.
    peer_mode = page.select("Compare with", "peers", ["region", "chosen"], "region", radio=True, container=left,
                            format_func={"region": "The other forces of its region", "chosen": "Forces I choose"}.get)
    if peer_mode == "chosen":
        peers = page.multiselect("Peer forces", "peer", [f for f in ref.force_names if f != force], container=right,
                                 placeholder="Choose forces")
    else:
        peers = ref.forces_in(region)
    latest = data.run("peer_latest", force=[force, *peers])
    widgets.chart_and_table(cache.figure(grids.peers_grid, latest, force, peers, phone),
                            data.columns(latest, ["force", "theme", "grade", "cycle", "area", "source_kind",
                                                  "source_url", "source_title", "report_url"], category=True),
                            f"peel-{downloads.slug(force)}-peers.csv", pinned=("force", "theme"), view="peers")
    st.caption("For each force, every pillar and theme of its latest cycle as that cycle left it: a grade, "
               "*unknown* (no grade found yet) or *not graded*; never an older grade in its place (the history "
               "above has them). A force whose latest cycle is older is labelled with it; grades a release counted "
               "but did not name are counted in the note. " + texts.caveat_headline(vocabulary.breaks()))


@st.fragment
def every_grade(force: str, mapping: str) -> None:
    st.subheader(f"Every grade of {force}")
    grades = data.grades(mapping=mapping, force=[force])
    every = st.expander(f"The {len(grades)} grades as awarded, each with the area as named that cycle and the "
                        "document or page it was read from", key="open-grades", on_change="rerun")
    if every.open:  # drawn when opened: a new force then redraws only what is in view
        with every:
            widgets.table(grades, hide=("force", "region", "mapping", "tier_rank", "level"), pinned=("cycle", "area"))
    downloads.download(grades, f"peel-{downloads.slug(force)}-grades.csv",
                       f"Download all {len(grades)} grades of {force} as CSV")
    widgets.mapping_note(ref, mapping)
    widgets.caveat()


peers_section(force, region)
every_grade(force, mapping)

st.subheader(f"{force} on one page")
st.caption(f"A report card for panel papers: the latest grade on each pillar and theme with its source, the whole "
           f"history, {force} beside the other {region} forces, what moved since the previous cycle, grades "
           "counted but not yet named, the scale-change caveat, the mapping and the data version. Legible in "
           "greyscale. It takes a few seconds to draw.")
downloads.report_card_downloads(force, mapping)
