"""Movers: between two cycles, which forces improved, held or declined on one pillar or theme."""
import streamlit as st

from peel.dashboard import cache, data, downloads, state, widgets
from peel import texts
from peel.db import vocabulary
from peel.figures import charts

ref, mapping, _, page = widgets.start_page(
    "Movers",
    "Between two cycles, which forces went up, stayed level or went down on one pillar or theme, judged by their "
    "harmonised position under the mapping chosen in the sidebar. It opens on the latest two cycles HMICFRS says can "
    "be compared directly.",
    scope="movers")

# Only pillars and themes with grades found in two cycles or more can show a move.
spanning = [t for t in ref.theme_names if len(ref.cycles_graded_on(t)) >= 2]
asked = state.url_value("theme", ref.theme_names) if page.first_use("theme") else None
if asked and asked not in spanning:
    graded_in = ref.cycles_graded_on(asked)
    st.info(f"*{asked}* has grades found in {'only ' + graded_in[0] if graded_in else 'no cycle'} so far, so "
            "there is no move to show: the page shows Investigating crime instead.", icon="🔗")
    st.query_params.pop("theme")
c1, c2, c3 = st.columns([3, 1, 1])
theme = page.select("Pillar or theme", "theme", spanning, "Investigating crime", format_func=ref.theme_label,
                    container=c1)
cycles = ref.cycles_graded_on(theme)
page.swap_if_reversed("from", "to", cycles)
pair = vocabulary.comparable_pair(cycles)
from_cycle = page.select("From", "from", cycles[:-1], pair[0], what="first cycle", container=c2)
later = cycles[cycles.index(from_cycle) + 1:]
to_cycle = page.select("To", "to", later, pair[1] if pair[1] in later else later[-1], what="second cycle",
                       container=c3)

movers = data.run("movers", theme=[theme], from_cycle=from_cycle, to_cycle=to_cycle, mapping=mapping)
crossed = vocabulary.break_between(from_cycle, to_cycle)
if crossed:
    st.warning(f"**{texts.caveat_headline(crossed)}** {texts.caveat(crossed)} {texts.ACROSS_THE_BREAK_NOTE}",
               icon="⚠️")
    kinds = ["moved across the break", "same position across the break", "no comparison"]
else:
    widgets.caveat()
    kinds = ["improved", "held", "declined", "no comparison"]
counts = movers["movement"].value_counts()
cols = st.columns(len(kinds))
for col, kind in zip(cols, kinds):
    n = counts.get(kind, 0)
    col.metric(kind.capitalize(), f"{n} force{'' if n == 1 else 's'}")
widgets.mapping_note(ref, mapping)
st.caption("*No comparison*: the force has no grade found (or was not graded) in one of the two cycles.")

widgets.chart_and_table(cache.figure(charts.transition_heatmap, movers, from_cycle, to_cycle, theme, widgets.compact()),
                   charts.transition_matrix(movers).reset_index(names=f"grade in {from_cycle}"),
                   f"peel-movers-matrix-{downloads.slug(theme, from_cycle, to_cycle)}.csv",
                   table_note=f"Rows: grade in {from_cycle}; columns: grade in {to_cycle}; cells: number of forces.",
                   view="movers")

st.subheader("Every force")
widgets.table(movers, links=("from_source", "to_source", "report_url"), pinned=("force",))
downloads.download(movers, f"peel-movers-{downloads.slug(theme, from_cycle, to_cycle)}.csv",
            "Download this list with sources as CSV")
