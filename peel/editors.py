"""Who may publish: editor accounts and the address the server listens on. No Streamlit here: the CLI adds and
removes accounts (`python -m peel editor add|remove NAME`) and the dashboard (peel/dashboard/roles.py) checks them.

Local accounts are argon2id hashes in the [editors] table of .streamlit/secrets.toml ($PEEL_SECRETS points at
another file), one `NAME = "$argon2id$..."` line each; a password is never stored or compared in plain. Where
the same file configures [auth] (an OIDC provider), editors sign in with Streamlit's st.login instead, and only
the e-mail addresses listed in [editors_oidc] `emails = [...]` are editors (`python -m peel editor allow EMAIL`):
a provider such as Google signs in anyone with an account, so no list means no editor through st.login.
"""
from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from peel import texts
from peel.db.files import replacing
from peel.paths import ROOT

NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
MIN_PASSWORD = 12
HASHER = PasswordHasher()
# A hash to check a password against when the name is unknown, so an unknown name takes as long as a known one.
_DECOY = HASHER.hash("not a password of anyone")


def secrets_path() -> Path:
    return Path(os.environ.get("PEEL_SECRETS") or ROOT / ".streamlit" / "secrets.toml")


def read_secrets(path: Path | None = None) -> dict:
    path = path or secrets_path()
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def accounts(path: Path | None = None) -> dict[str, str]:
    """Local editor accounts: name -> argon2 hash."""
    table = read_secrets(path).get("editors", {})
    return {name: value for name, value in table.items() if isinstance(value, str)}


def oidc_configured(path: Path | None = None) -> bool:
    """Whether the secrets file configures an OIDC provider ([auth]) for st.login."""
    return bool(read_secrets(path).get("auth"))


def verify(name: str, password: str, path: Path | None = None) -> bool:
    """Whether password is name's: checked against its argon2 hash (a decoy hash for an unknown name)."""
    stored = accounts(path).get(name)
    try:
        return HASHER.verify(stored or _DECOY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def add(name: str, password: str, path: Path | None = None) -> Path:
    """Add (or replace) the local editor name with password's argon2id hash in the secrets file; the rest of
    the file is kept. Raises ValueError for a name that is not a plain word or a password too short."""
    _check_name(name)
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    path = path or secrets_path()
    return _write_accounts({**accounts(path), name: HASHER.hash(password)}, path)


def remove(name: str, path: Path | None = None) -> Path:
    """Take the local editor name out of the secrets file (the rest of the file kept), so it can no longer sign
    in. Raises ValueError for a name that is not a plain word or has no account, and then writes nothing."""
    _check_name(name)
    path = path or secrets_path()
    kept = accounts(path)
    if kept.pop(name, None) is None:
        raise ValueError(f"{name} has no local editor account in {path}")
    return _write_accounts(kept, path)


def _check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise ValueError("an editor's name is letters, digits, '.', '_' or '-' (at most 64)")


def _write_accounts(editors: dict[str, str], path: Path) -> Path:
    lines = ["# local editor accounts: argon2id hashes, added by `python -m peel editor add NAME` (`remove NAME`)"]
    return _write_table("editors", lines + [f'{key} = "{value}"' for key, value in sorted(editors.items())], path)


OIDC_TABLE = "editors_oidc"  # [editors_oidc] emails = [...]: the accounts st.login may sign in as editors
EMAIL = re.compile(r"[^@\s\"\\]+@[^@\s\"\\]+")


def allowed_emails(path: Path | None = None) -> list[str] | None:
    """The e-mail addresses st.login may sign in as editors, lower-cased; None where the secrets file has no list
    (then nobody signs in as an editor through st.login)."""
    table = read_secrets(path).get(OIDC_TABLE)
    emails = table.get("emails") if isinstance(table, dict) else None
    if not isinstance(emails, list):
        return None
    return sorted({e.strip().lower() for e in emails if isinstance(e, str) and e.strip()})


def allow(email: str, path: Path | None = None) -> Path:
    """Put email on the list of accounts st.login may sign in as editors (the rest of the file kept)."""
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise ValueError(f"{email!r} is not an e-mail address")
    return _write_emails({*(allowed_emails(path) or []), email}, path)


def disallow(email: str, path: Path | None = None) -> Path:
    """Take email off the list; raises ValueError if it is not on it."""
    email, emails = email.strip().lower(), set(allowed_emails(path) or [])
    if email not in emails:
        raise ValueError(f"{email} is not on the list of editors' e-mail addresses")
    return _write_emails(emails - {email}, path)


def _write_emails(emails: set[str], path: Path | None) -> Path:
    lines = ["# e-mail addresses st.login may sign in as editors: `python -m peel editor allow|disallow EMAIL`",
             "emails = [" + ", ".join(f'"{e}"' for e in sorted(emails)) + "]"]
    return _write_table(OIDC_TABLE, lines, path or secrets_path())


@dataclass(frozen=True)
class Standing:
    """What the account st.login signed in is here: an editor under its e-mail, or not, and why."""

    editor: str | None  # the lower-cased e-mail it publishes under; None when it is not an editor
    why_not: str = ""  # for a signed-in account that is not an editor: one plain sentence for its owner


def oidc_standing(user: Mapping, path: Path | None = None) -> Standing:
    """Whether the account st.login signed in (user: st.user's claims) is an editor: [auth] is configured, the
    provider did not say its e-mail is unverified, and the e-mail is on the list (compared lower-cased). No list
    means nobody: a public provider would otherwise let anyone with an account publish."""
    if not user.get("is_logged_in") or not oidc_configured(path):  # not signed in: the secrets file need not be read
        return Standing(None)
    allowed = allowed_emails(path)
    if allowed is None:
        return Standing(None, texts.SIGNED_IN_NO_LIST)
    if str(user.get("email_verified", True)).strip().lower() == "false":
        return Standing(None, texts.SIGNED_IN_UNVERIFIED)
    email = str(user.get("email") or "").strip().lower()
    return Standing(email) if email in allowed else Standing(None, texts.SIGNED_IN_NOT_EDITOR)


def _write_table(name: str, lines: list[str], path: Path) -> Path:
    """The secrets file with its table [name] made of lines and everything else kept, swapped in whole (mode
    600) once it reads back as TOML; the one writer of the secrets file."""
    kept, inside = [], False
    for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
        header = line.strip()
        if header.startswith("["):
            inside = header == f"[{name}]"
        if not inside:
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    text = "\n".join(kept + ([""] if kept else []) + [f"[{name}]", *lines]) + "\n"
    tomllib.loads(text)  # a file that would not read back is never written
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:  # made with mode 600 beside the file
        tmp.write_text(text, encoding="utf-8")
    return path


SIGN_IN_ENV = "PEEL_SIGN_IN"  # "required": nobody is an editor without signing in (make serve's workers)


def sign_in_required(address: str | None, forwarded: bool = False, env=None) -> bool:
    """Whether an editor must sign in: unless the server listens on loopback only, and the request did not come
    through a proxy (a loopback worker behind a balancer serves strangers: make serve sets PEEL_SIGN_IN)."""
    env = os.environ if env is None else env
    return env.get(SIGN_IN_ENV, "").strip().lower() == "required" or forwarded or not is_loopback(address)


def is_loopback(address: str | None) -> bool:
    """Whether a server listening on address can be reached from this machine only. Unset or empty means every
    interface (Streamlit's default), so not loopback."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False
