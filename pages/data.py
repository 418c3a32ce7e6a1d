"""Data: every grade in one filterable table, with facet counts and a CSV of exactly the rows shown."""
import streamlit as st

from peel.dashboard import data, downloads, widgets
from peel.figures import charts
from peel.db.inputs import SOURCE_KINDS
from peel.db import provenance

ref, mapping, _, page = widgets.start_page(
    "Data",
    "Every grade in one table. Filter by force, region, cycle, pillar or theme, grade and kind of source (the "
    "inspectorate itself, a commissioner or panel, the force, news), or search the area names as each cycle worded "
    "them. The number beside each choice is how many grades it would match with the other filters as they are. "
    "Download exactly the rows shown.",
    scope="data")

FILTERS = {  # URL key and facet: label, options
    "force": ("Force", ref.force_names),
    "region": ("Region", ref.regions),
    "cycle": ("Cycle", ref.cycle_names),
    "theme": ("Pillar or theme", ref.theme_names),
    "grade": ("Grade", list(charts.GRADES)),
    "source_kind": ("Source", list(SOURCE_KINDS)),
}
chosen = {key: page.current_many(key, options, label.lower()) for key, (label, options) in FILTERS.items()}
q = page.current_text("q")
facets = data.run("data_facets", q=q, force=chosen["force"], region=chosen["region"], cycle=chosen["cycle"],
                theme=chosen["theme"], grades=chosen["grade"], source_kind=chosen["source_kind"])
counts = {(f, v): n for f, v, n in facets.itertuples(index=False)}

top = st.columns([2, 2, 2])
bottom = st.columns([2, 2, 2])
search = st.container()
for container, (key, (label, options)) in zip([*top, *bottom], FILTERS.items()):
    page.multiselect(label, key, options, container=container, placeholder="Any",
                     format_func=lambda v, k=key: f"{v} ({counts.get((k, v), 0)})")
q = page.text("Search area names", "q", container=search, placeholder="e.g. victims, vulnerable, demand")

rows = data.grades(mapping=mapping, q=q, **chosen)
st.markdown(f"**{len(rows)} grades** match." if len(rows) else "No grade matches these filters.")
widgets.table(rows, height=560, pinned=("force",), first=("grade", "cycle", "area", "source_kind", "source_url"))
downloads.download(rows, f"peel-grades-{downloads.slug(*sum(chosen.values(), []), q) or 'all'}.csv",
            f"Download these {len(rows)} rows as CSV")
widgets.unnamed_list(data.unnamed(chosen), narrowed=bool(q or chosen["theme"] or chosen["source_kind"]),
                     file_name=f"peel-not-named-{downloads.slug(*sum(chosen.values(), [])) or 'all'}.csv")
widgets.mapping_note(ref, mapping)

st.subheader("The whole dataset")
made = provenance.read(data.connection())
st.caption(f"Every table as CSV and Parquet, the DuckDB file, and a Frictionless Data Package descriptor "
           f"(datapackage.json: a schema per table, sources, licence terms, caveats). Data version "
           f"{made.version}, built {made.built_on}.")
downloads.whole_dataset(made.version)
