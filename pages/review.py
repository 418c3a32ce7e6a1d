"""Review (editors only): the grades visitors proposed, document by document, with the lines each came from and
the grade held for its cell; accept or reject each, or all of a document; remove a published user grade.
What the page decides lives in peel.reports.proposals; the role is computed on the server (peel.dashboard.roles).
"""
import streamlit as st

from peel.dashboard import roles
from peel.dashboard.routing import route_through_app
from peel.dashboard.text import escape
from peel.reports import proposals, user_grades
from peel.serve import publishes_here

route_through_app()

FLASH = "review.flash"
folder = user_grades.data_dir()

st.title("Review proposed grades")
if not publishes_here():  # several machines: the publishing one holds the queue and writes, under its lock
    st.info("Proposals are reviewed on the publishing server, which holds the queue.")
    st.stop()
who = roles.current()
if not who.editor:
    st.info("Only editors review proposed grades. Sign in as an editor in the sidebar.")
    st.stop()

if FLASH in st.session_state:
    st.success(escape(st.session_state.pop(FLASH)))


def act(ids: list[str], accept: bool) -> None:
    """Accept or reject ids, checking the role again at the moment of the click."""
    editor = roles.current()
    if not editor.editor:
        st.error("Only editors accept or reject proposals.")
        return
    done = proposals.decide(folder, ids, accept=accept, editor=editor.name)
    st.cache_data.clear()
    st.session_state[FLASH] = done.message()
    st.rerun()


queue = proposals.pending(folder)
st.caption(f"{len(queue)} proposal(s) waiting, from {queue['document_hash'].nunique() if len(queue) else 0} "
           "document(s). A conflict disagrees with a grade held: accepting it writes nothing; reject it, or correct "
           "the held grade by hand if the document is right.")
for number, (digest, group) in enumerate(queue.groupby("document_hash", sort=False)):
    first = group.iloc[0]
    with st.container(border=True):
        st.markdown(f"**{escape(first['document'])}** ({escape(first['force'])} {escape(first['cycle'])})")
        st.caption(f"Proposed by {escape(first['proposer'][:24])} at {escape(first['proposed_at'])}; source given: "
                   f"{escape(first['source'][:120])}; document SHA-256 {escape(digest[:16])}…")
        st.dataframe(group[["area", "grade", "awarded_in", "check", "held", "where", "text"]], hide_index=True,
                     column_config={"check": "Against the data", "held": "Grade held now",
                                    "text": st.column_config.TextColumn("The line it came from", width="large")},
                     key=f"review.table.{number}")
        labels = {row["id"]: f"{row['area']}: {row['grade']}" for row in group.to_dict("records")}
        chosen = st.multiselect("Proposals", list(labels), default=list(labels), format_func=labels.get,
                                key=f"review.chosen.{number}")
        left, right = st.columns(2)
        if left.button(f"Accept {len(chosen)}", type="primary", disabled=not chosen, key=f"review.accept.{number}"):
            act(chosen, accept=True)
        if right.button(f"Reject {len(chosen)}", disabled=not chosen, key=f"review.reject.{number}"):
            act(chosen, accept=False)

st.subheader("Published user grades")
published = user_grades.held_user_grades(folder)
if published.empty:
    st.caption("None yet.")
else:
    st.dataframe(published, hide_index=True, key="review.published")
    keys = list(zip(published["force"], published["cycle"], published["area"]))
    pick = st.selectbox("Remove a user grade (curated grades cannot be removed here)", range(len(keys)), index=None,
                        format_func=lambda k: " · ".join(keys[k]), key="review.remove_pick")
    if st.button("Remove it", disabled=pick is None, key="review.remove"):
        editor = roles.current()
        if editor.editor and pick is not None:
            proposals.remove(folder, *keys[pick], editor=editor.name)
            st.cache_data.clear()
            st.session_state[FLASH] = f"Removed the user grade of {' · '.join(keys[pick])}."
            st.rerun()
