"""Who may publish: editor accounts and the address the server listens on. No Streamlit here: the CLI adds
accounts (`python -m peel editor add NAME`) and the dashboard (peel/dashboard/roles.py) checks them.

Local accounts are argon2id hashes in the [editors] table of .streamlit/secrets.toml ($PEEL_SECRETS points at
another file), one `NAME = "$argon2id$..."` line each; a password is never stored or compared in plain. Where
the same file configures [auth] (an OIDC provider), editors sign in with Streamlit's st.login instead.
"""
from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

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
    if not NAME.fullmatch(name):
        raise ValueError("an editor's name is letters, digits, '.', '_' or '-' (at most 64)")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    path = path or secrets_path()
    editors = {**accounts(path), name: HASHER.hash(password)}
    kept, inside = [], False
    for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else []):
        header = line.strip()
        if header.startswith("["):
            inside = header == "[editors]"
        if not inside:
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    section = ["[editors]", "# local editor accounts: argon2id hashes, added by `python -m peel editor add NAME`"]
    section += [f'{key} = "{value}"' for key, value in sorted(editors.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(kept + ([""] if kept else []) + section) + "\n")
    os.chmod(path, 0o600)
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
