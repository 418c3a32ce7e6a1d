"""Who is using this session, worked out on the server at every run: never read from widget state, session
state a widget can write, or the URL.

- An editor signed in with st.login (where .streamlit/secrets.toml configures [auth]) whose e-mail is on the
  file's list of editors (peel.editors.oidc_standing decides), or with a local editor account (peel.editors);
  the local sign-in is held in a server-side table keyed by the session's id, which no widget or query
  parameter can write.
- The person at the machine, when the server listens on loopback only (`make run`: --server.address 127.0.0.1).
- Anyone else is a visitor: reads, downloads and proposes; never publishes.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

import streamlit as st
from streamlit import config
from streamlit.runtime.scriptrunner import get_script_run_ctx

from peel import editors

EDITOR, VISITOR = "editor", "visitor"
_SIGNED_IN: dict[str, str] = {}  # session id -> local editor's name, written only by sign_in below
_GUARD = threading.Lock()
VISITOR_KEY = "peel.visitor"


@dataclass(frozen=True)
class Who:
    role: str
    name: str  # the account, "this machine" on loopback, else "session <id>"
    how: str  # "signed in", "loopback", "local account" or "" for a visitor
    why_not: str = ""  # a visitor st.login signed in: why the account is not an editor here

    @property
    def editor(self) -> bool:
        return self.role == EDITOR


def session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


FORWARDED = ("x-forwarded-for", "forwarded", "x-real-ip")


def _through_a_proxy() -> bool:
    headers = st.context.headers
    return any(headers.get(name) for name in FORWARDED) if headers is not None else False


def listening_on_loopback() -> bool:
    """Whether the person at the machine is the one using it: the server listens on loopback only, no proxy
    passed the request on, and sign-in is not required ($PEEL_SIGN_IN, which make serve sets)."""
    return not editors.sign_in_required(config.get_option("server.address"), forwarded=_through_a_proxy())


def current() -> Who:
    """This session's role, from the server's own state."""
    with _GUARD:
        local = _SIGNED_IN.get(visitor_token())
    if local:
        return Who(EDITOR, local, "local account")
    standing = editors.oidc_standing(st.user.to_dict())  # st.login's account, if any
    if standing.editor:
        return Who(EDITOR, standing.editor, "signed in")
    if listening_on_loopback():
        return Who(EDITOR, "this machine", "loopback")
    return Who(VISITOR, f"session {visitor_token()[:8]}", "", standing.why_not)


def visitor_token() -> str:
    """A random name for this browser session, made on the server the first time it is asked for (no widget
    has this key). Streamlit's own session id is not used: AppTest gives every session the same one."""
    return st.session_state.setdefault(VISITOR_KEY, uuid.uuid4().hex)


def proposer() -> str:
    """What a proposal records as its proposer: the account or machine, else this session's random name."""
    who = current()
    return who.name if who.editor else f"session {visitor_token()}"


def sign_in(name: str, password: str) -> bool:
    if editors.verify(name, password):
        with _GUARD:
            _SIGNED_IN[visitor_token()] = name
        return True
    return False


def sign_out() -> None:
    with _GUARD:
        _SIGNED_IN.pop(visitor_token(), None)


def sidebar() -> None:
    """Who this session is, and signing in or out (st.login where a provider is configured, else a local
    editor account's name and password)."""
    who = current()
    if who.editor:
        st.caption(f"Editor: {who.name}" + (" (the server listens on this machine only)" if who.how == "loopback"
                                            else ""))
        if who.how == "local account" and st.button("Sign out", key="roles.sign_out"):
            sign_out()
            st.rerun()
        elif who.how == "signed in" and st.button("Sign out", key="roles.sign_out"):
            st.logout()
        return
    if who.why_not:  # signed in with st.login, but not an editor here
        st.caption(who.why_not)
        if st.button("Sign out", key="roles.sign_out"):
            st.logout()
        return
    st.caption("Visitor: you can read documents and propose grades; an editor publishes them.")
    if editors.oidc_configured():
        if st.button("Editors: sign in", key="roles.login"):
            st.login()
        return
    if not editors.accounts():
        return
    with st.popover("Editors: sign in"), st.form("roles.sign_in", border=False, clear_on_submit=True):
        name = st.text_input("Name", key="roles.name")
        password = st.text_input("Password", type="password", key="roles.password")
        if st.form_submit_button("Sign in"):
            if sign_in(name.strip(), password):
                st.rerun()
            st.error("That name and password do not match an editor account.")
