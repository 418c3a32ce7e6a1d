"""Add a report: read the grades a new PEEL report or PCC response states, check them, and add them.

The logic lives in peel.reports.reading, peel.reports.extract and peel.reports.user_grades; this page only draws. Confirmed grades
go to data/user_grades.csv (never data/grades.csv) and the database is rebuilt.
"""
import datetime as dt
import hashlib

import streamlit as st

from peel.reports import user_grades
from peel.db.build import InvalidData
from peel.reports.extract import extract
from peel.reports.reading import MAX_BYTES, UnreadableDocument, from_text, read_bytes
from peel.dashboard.routing import route_through_app
from peel.reports.wording import reference

route_through_app()

FLASH = "add_report.flash"
STATUS_HELP = {
    user_grades.NEW: "will be added",
    user_grades.KNOWN: "the same grade is already held: nothing to add",
    user_grades.CONFLICT: "a different grade is already held: not applied (correct the held one by hand "
                          "if the report is right)",
    user_grades.DROPPED: "unticked: left out",
    user_grades.INVALID: "not an area or grade of this cycle",
}

folder = user_grades.data_dir()
try:
    ref = reference(folder)
except ValueError as exc:
    st.error(f"The reference data cannot be read: {exc}")
    st.stop()

st.title("Add a report")
st.caption("Upload a PEEL report, PCC response or panel paper (PDF or text), or paste its text. The grades it "
           "states are read out with the line each came from; correct or untick any, then confirm. They are "
           "kept in data/user_grades.csv, apart from the curated grades, which are never overwritten.")

if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

upload = st.file_uploader("Report (PDF or text)", type=["pdf", "txt", "md", "text"],
                          max_upload_size=MAX_BYTES // 1024 // 1024)
pasted = st.text_area("…or paste its text", height=180, key="add_report.pasted")
source = st.text_input("Source: the report's URL or title (optional; else the file name is kept)",
                       key="add_report.source").strip()

try:
    if upload is not None:
        document = read_bytes(upload.getvalue(), upload.name)
    elif pasted.strip():
        document = from_text(pasted, f"pasted text {dt.date.today().isoformat()}")
    else:
        st.info("Upload a report or paste its text to begin.")
        st.stop()
except UnreadableDocument as exc:
    st.error(str(exc))
    st.stop()

digest = hashlib.sha1(document.text.encode("utf-8")).hexdigest()[:12]
found = extract(document.text, data_dir=folder)
left, right = st.columns(2)
cycles = list(ref.cycles)
force = left.selectbox("Force", ref.forces, index=ref.forces.index(found.force) if found.force else None,
                       placeholder="Choose the force", key=f"add_report.force.{digest}",
                       help="Read from the document where it names one; change it if it is wrong.")
cycle = right.selectbox("PEEL cycle", cycles, index=cycles.index(found.cycle) if found.cycle else None,
                        placeholder="Choose the cycle", key=f"add_report.cycle.{digest}")
for message in found.errors:
    st.warning(message.text.replace(" with --force", " above").replace(" with --cycle", " above"))
if not force or not cycle:
    st.stop()

result = extract(document.text, force=force, cycle=cycle, data_dir=folder)
for message in result.messages:
    if message.kind in ("conflict", "warning"):
        st.warning(message.text, icon="⚠️")
    elif message.kind == "info":
        st.caption(message.text)
    elif message.kind == "error" and not found.errors:
        st.error(message.text)
if not result.candidates:
    st.stop()

st.subheader(f"{len(result.candidates)} grade(s) read from {document.name}")
table = result.frame()[["area", "grade", "line", "text"]]
table.insert(0, "keep", True)
edited = st.data_editor(
    table, hide_index=True, key=f"add_report.editor.{digest}.{force}.{cycle}", disabled=["line", "text"],
    column_config={
        "keep": st.column_config.CheckboxColumn("Keep", help="Untick to leave this one out"),
        "area": st.column_config.SelectboxColumn("Area", options=list(ref.areas[cycle]), required=True),
        "grade": st.column_config.SelectboxColumn("Grade", options=list(ref.scale[cycle]), required=True),
        "line": st.column_config.NumberColumn("Line", format="%d"),
        "text": st.column_config.TextColumn("The line it came from", width="large"),
    })

checked = user_grades.check(edited.assign(force=force, cycle=cycle), folder)
st.markdown("**What confirming will do**")
st.dataframe(checked.assign(means=checked["status"].map(STATUS_HELP))[
    ["area", "grade", "status", "existing", "means"]], hide_index=True,
    column_config={"existing": "Already held", "means": "Meaning"}, key="add_report.checked")
new = checked[checked["status"] == user_grades.NEW]
counts = checked["status"].value_counts()
st.caption(", ".join(f"{n} {status}" for status, n in counts.items()))

if st.button(f"Confirm: add {len(new)} new grade(s)", type="primary", disabled=new.empty,
             key="add_report.confirm"):
    try:
        built = user_grades.append(new, source=source or document.name, document=document.name, folder=folder)
    except InvalidData as exc:
        st.error("The database refused the new grades, so data/user_grades.csv was put back as it was:\n\n"
                 + "\n".join(f"- `{p}`" for p in exc.problems[:20]))
    else:
        st.cache_resource.clear()  # the app's connection reopens on the rebuilt file
        st.cache_data.clear()
        st.session_state[FLASH] = (f"Added {len(new)} grade(s) for {force} {cycle} to data/user_grades.csv; the "
                                   f"database was rebuilt ({built.grades} grades).")
        st.rerun()
