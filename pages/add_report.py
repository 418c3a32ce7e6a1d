"""Add a report: read the grades a new PEEL report or PCC response states, check them, and add them.

What the page decides lives in peel.reports.add_flow (reading, checking, confirming); this page only draws it.
A visitor proposes the grades (peel.reports.proposals: an editor reviews them on the Review page); an editor
publishes them at once to data/user_grades.csv (never data/grades.csv) and the database is rebuilt.
"""
import streamlit as st

from peel.dashboard import uploads
from peel.dashboard.routing import route_through_app
from peel.dashboard.text import escape
from peel.dashboard import roles
from peel.reports import add_flow, proposals, user_grades
from peel.reports.reading import MAX_BYTES, UnreadableDocument
from peel.reports.wording import reference
from peel.serve import publishes_here

route_through_app()

FLASH = "add_report.flash"

folder = user_grades.data_dir()
try:
    ref = reference(folder)
except ValueError as exc:
    st.error(f"The reference data cannot be read: {escape(exc)}")
    st.stop()

st.title("Add a report")
if not publishes_here():  # several machines: one of them publishes, under its lock (README, Serving many readers)
    st.info("Reports are added on one server, so that two people adding at once cannot lose each other's grades. "
            "Open this page there: the link below opens it in a new tab.")
    st.link_button("Open Add a report on the publishing server", "add_report", icon=":material/open_in_new:")
    st.stop()
st.caption("Upload a PEEL report, PCC response or panel paper (PDF or text), or paste its text. The grades it "
           "states are read out with the line each came from; correct or untick any, add what was missed, then "
           "propose them: an editor checks them before anyone else sees them. They are kept apart from PEEL "
           "Explorer's own grades, which are never overwritten.")

if FLASH in st.session_state:
    st.success(escape(st.session_state.pop(FLASH)))

mine = proposals.pending(folder, proposer=roles.proposer())
if not roles.current().editor and len(mine):
    with st.expander(f"Your {len(mine)} proposal(s), pending review", expanded=True):
        st.caption("Only you see these until an editor accepts them.")
        st.dataframe(mine.assign(status="pending")[["status", "force", "cycle", "area", "grade", "document",
                                                    "where", "proposed_at"]],
                     hide_index=True, key="add_report.mine")

# No `type`: Streamlit's own check of the file name's extension fails the whole page on a name holding a NUL;
# what a file is comes from its content (read_bytes), and its name is cleaned there before it is shown.
UPLOAD = "add_report.upload"
upload = uploads.uploader("Report (PDF or text)", UPLOAD, max_upload_size=MAX_BYTES // 1024 // 1024,
                          help="A PDF with a text layer, or a text file (UTF-8, UTF-16 or Windows text)")
earlier = uploads.held(UPLOAD)  # the document read from an upload (the file itself was let go once read)
if upload is None and earlier is not None:
    shown, another = st.columns([5, 1], vertical_alignment="center")
    shown.caption(f"Reading {escape(earlier.name)} (uploaded; its text is kept, the file was let go)")
    if another.button("Another document", key="add_report.another"):
        uploads.forget(UPLOAD)
        st.rerun()
pasted = st.text_area("…or paste its text", height=180, key="add_report.pasted")
source = st.text_input("Source: the report's URL or title (optional; else the file name is kept)",
                       key="add_report.source").strip()

try:
    if upload is not None:  # read within the budgets (peel.reports.reading), then released from memory
        document = uploads.read_once(upload, lambda data, name: add_flow.open_document((data, name), ""), UPLOAD)
    else:
        document = earlier or add_flow.open_document(None, pasted)
except UnreadableDocument as exc:
    st.error(escape(exc))
    st.stop()
if document is None:
    st.info("Upload a report or paste its text to begin.")
    st.stop()

digest = add_flow.digest(document)
found, errors = add_flow.first_reading(document, folder)
left, right = st.columns(2)
cycles = list(ref.cycles)
force = left.selectbox("Force", ref.forces, index=ref.forces.index(found.force) if found.force else None,
                       placeholder="Choose the force", key=f"add_report.force.{digest}",
                       help="Read from the document where it names one; change it and the document is read again.")
cycle = right.selectbox("PEEL cycle", cycles, index=cycles.index(found.cycle) if found.cycle else None,
                        placeholder="Choose the cycle", key=f"add_report.cycle.{digest}",
                        help="Read from the document where it names one; change it and the document is read again.")
for error in errors:
    st.warning(escape(error))
if not force or not cycle:
    st.stop()

result, notes = add_flow.reading(document, force, cycle, found, folder)
if add_flow.read_again(found, force, cycle):
    st.info(f"Read again for {force} {cycle}.")
for how, text in notes:
    if how == "warning":
        st.warning(escape(text), icon="⚠️")
    else:
        getattr(st, how)(escape(text))

added_key = f"add_report.added.{digest}.{force}.{cycle}"
added = st.session_state.setdefault(added_key, [])
table = add_flow.preview(result, added)
earlier = add_flow.earlier_cycles(cycles, cycle)
st.subheader(f"{len(table)} grade(s) read from {escape(document.name)}" if len(table) else
             f"No grades read from {escape(document.name)} for {force} {cycle}")
if len(table):
    edited = st.data_editor(
        table, hide_index=True, key=f"add_report.editor.{digest}.{force}.{cycle}.{len(added)}",
        disabled=["where", "text", "check", "reader"],
        column_config={
            "keep": st.column_config.CheckboxColumn("Keep", help="Untick to leave this one out; a fuzzy match "
                                                    "is unticked until you check it"),
            "area": st.column_config.SelectboxColumn("Area", options=list(ref.areas[cycle]), required=True),
            "grade": st.column_config.SelectboxColumn("Grade", options=list(ref.scale[cycle]), required=True),
            "awarded_in": st.column_config.SelectboxColumn(
                "Carried over from", options=earlier, help="For a grade carried over from an earlier inspection: "
                "the cycle it was awarded in (blank for a grade awarded in this one)"),
            "where": st.column_config.TextColumn("Where", help="The line it came from: on which page, in a PDF"),
            "text": st.column_config.TextColumn("The line it came from", width="large"),
            "check": st.column_config.TextColumn("Check", help="Why this one needs your eye: a wording matched "
                                                 "by likeness"),
            "reader": st.column_config.TextColumn("Found by", help="The reader that found it: one per layout a "
                                                  "grade is written in (a table, a line, a sentence ...)"),
        })

if result.unread:
    with st.expander(f"{len(result.unread)} line(s) of the document mention a grade but were not read",
                     expanded=not len(table)):
        st.dataframe(add_flow.unread_table(result), hide_index=True, key="add_report.unread")
        with st.form(f"add_report.from_line.{digest}", border=False):
            pick = st.selectbox("Turn a line into a grade", range(len(result.unread)), key="add_report.unread_line",
                                format_func=lambda k: f"{result.unread[k].where}: {result.unread[k].text[:90]}")
            c1, c2 = st.columns(2)
            area = c1.selectbox("Its area", ref.areas[cycle], index=None, placeholder="Choose the area",
                                key="add_report.unread_area")
            grade = c2.selectbox("Its grade", ref.scale[cycle], index=None, placeholder="Choose the grade",
                                 key="add_report.unread_grade")
            if st.form_submit_button("Add as a grade") and area and grade:
                added.append(add_flow.added_row(area, grade, result.unread[pick].where, result.unread[pick].text))
                st.rerun()

with (st.expander("Add a grade by hand", expanded=not len(table) and not result.unread),
      st.form(f"add_report.by_hand.{digest}", border=False)):
    c1, c2, c3 = st.columns(3)
    area = c1.selectbox("Area", ref.areas[cycle], index=None, placeholder="Choose the area",
                        key="add_report.hand_area")
    grade = c2.selectbox("Grade", ref.scale[cycle], index=None, placeholder="Choose the grade",
                         key="add_report.hand_grade")
    carried = c3.selectbox("Carried over from", ["", *earlier], help="Blank for a grade awarded in this cycle",
                           key="add_report.hand_carried")
    if st.form_submit_button("Add this grade") and area and grade:
        added.append(add_flow.added_row(area, grade, "", "added by hand", carried))
        st.rerun()

if not len(table):
    st.stop()
checked = add_flow.review(edited, force, cycle, folder)
st.markdown("**What confirming will do**")
st.dataframe(checked[["area", "grade", "status", "existing", "means"]], hide_index=True,
             column_config={"existing": "Already held", "means": "Meaning"}, key="add_report.checked")
st.caption(add_flow.counts(checked))
size = len(document.text.encode("utf-8"))  # the upload itself was let go once read (peel.dashboard.uploads)

who = roles.current()  # computed on the server at every run: never from widget state
# an editor publishes the new grades (a conflict is shown, not applied); a visitor proposes conflicts too, so the
# editors see the disagreement in the queue
queue = add_flow.new_rows(checked) if who.editor else add_flow.to_propose(checked)
if who.editor:
    clicked = st.button(f"Publish: add {len(queue)} new grade(s)", type="primary", disabled=queue.empty,
                        key="add_report.confirm", help="You are an editor: the grades are published at once")
else:
    clicked = st.button(f"Propose {len(queue)} grade(s) for review", type="primary", disabled=queue.empty,
                        key="add_report.propose", help="An editor checks them against the document before anyone "
                        "else sees them")
if clicked:
    who = roles.current()
    queue = add_flow.new_rows(checked) if who.editor else add_flow.to_propose(checked)
    done = (add_flow.publish(queue, source, document, size, force, cycle, folder, who.name) if who.editor else
            add_flow.propose(queue, source, document, size, force, cycle, folder, roles.proposer()))
    if not done.ok:
        problems = "\n".join(f"- {escape(p)}" for p in done.problems)
        st.error(f"{escape(done.message)}\n\n{problems}" if problems else escape(done.message))
    else:
        st.cache_data.clear()
        st.session_state[FLASH] = done.message
        st.session_state.pop(added_key, None)
        st.rerun()
