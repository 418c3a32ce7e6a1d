"""Who st.login may sign in as an editor: only the e-mail addresses listed in [editors_oidc] of the secrets file
(a public provider signs in anyone with an account). Checked in peel.editors (no Streamlit), managed with
`python -m peel editor allow|disallow|list` (local accounts: `editor add|remove NAME`), and seen through the
pages: a listed account publishes, under its address; any other signed-in account stays a visitor and the
sidebar says why."""
import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from peel import editors, texts
from peel.cli import main
from tests.dashboard.test_review import REVIEW, propose_as_visitor

AUTH = '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n[auth.google]\nclient_secret = "not-shown"\n'
LISTED = '[editors_oidc]\nemails = ["Alice@Example.org", "bob@example.org"]\n'


@pytest.fixture
def secrets(tmp_path, monkeypatch):
    """Write the secrets file the code reads ($PEEL_SECRETS) and return its path."""
    path = tmp_path / "secrets.toml"
    monkeypatch.setenv("PEEL_SECRETS", str(path))

    def write(text: str):
        path.write_text(text, encoding="utf-8")
        return path
    return write


def signed_in(email, **claims) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


@pytest.mark.parametrize("text, user, editor, why_not", [
    (AUTH + LISTED, signed_in("alice@example.org"), "alice@example.org", ""),
    (AUTH + LISTED, signed_in("ALICE@example.ORG "), "alice@example.org", ""),  # case and spaces do not matter
    (AUTH + LISTED, signed_in("bob@example.org", email_verified=True), "bob@example.org", ""),
    (AUTH + LISTED, signed_in("mallory@gmail.com"), None, texts.SIGNED_IN_NOT_EDITOR),
    (AUTH + LISTED, signed_in("alice@example.org.evil.com"), None, texts.SIGNED_IN_NOT_EDITOR),
    (AUTH + LISTED, {"is_logged_in": True, "name": "Alice"}, None, texts.SIGNED_IN_NOT_EDITOR),  # no e-mail
    (AUTH + LISTED, signed_in("alice@example.org", email_verified=False), None, texts.SIGNED_IN_UNVERIFIED),
    (AUTH + LISTED, signed_in("alice@example.org", email_verified="false"), None, texts.SIGNED_IN_UNVERIFIED),
    (AUTH, signed_in("alice@example.org"), None, texts.SIGNED_IN_NO_LIST),  # no list: nobody (fail closed)
    (AUTH + '[editors_oidc]\nemails = "alice@example.org"\n', signed_in("alice@example.org"), None,
     texts.SIGNED_IN_NO_LIST),  # not a list: nobody
    (AUTH + LISTED, {"is_logged_in": False, "email": "alice@example.org"}, None, ""),  # signed out
    (LISTED, signed_in("alice@example.org"), None, ""),  # no [auth]: st.login is not in use
    ("", signed_in("alice@example.org"), None, ""),
])
def test_only_a_listed_verified_address_is_an_editor(secrets, text, user, editor, why_not):
    secrets(text)
    assert editors.oidc_standing(user) == editors.Standing(editor, why_not)


def test_the_cli_allows_disallows_and_lists_keeping_the_rest_of_the_file(secrets, monkeypatch, capsys):
    path = secrets(AUTH)
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["editor", "add", "carol"]) == 0
    assert main(["editor", "allow", "Alice@Example.org"]) == 0 and main(["editor", "allow", "bob@example.org"]) == 0
    assert editors.allowed_emails() == ["alice@example.org", "bob@example.org"]
    assert main(["editor", "disallow", "BOB@example.org"]) == 0 and editors.allowed_emails() == ["alice@example.org"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(AUTH) and 'client_secret = "not-shown"' in text and editors.verify("carol",
                                                                                           "correct horse battery")
    assert path.stat().st_mode & 0o777 == 0o600 and [p.name for p in path.parent.iterdir()] == [path.name]
    capsys.readouterr()
    assert main(["editor", "list"]) == 0
    listed = capsys.readouterr().out
    assert "alice@example.org" in listed and "carol" in listed and "bob@" not in listed
    assert "argon2" not in listed and "not-shown" not in listed  # names and addresses only

    assert main(["editor", "disallow", "nobody@example.org"]) == 1 and path.read_text(encoding="utf-8") == text
    assert main(["editor", "allow", 'x"@example.org']) == 1 and main(["editor", "allow", "not an address"]) == 1
    assert main(["editor", "allow"]) == 2 and path.read_text(encoding="utf-8") == text


def test_the_cli_removes_a_local_account_keeping_the_rest_of_the_file(secrets, monkeypatch, capsys):
    path = secrets(AUTH + LISTED)
    for name, password in [("carol", "correct horse battery"), ("dave", "another long password")]:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        assert main(["editor", "add", name]) == 0
    capsys.readouterr()
    assert main(["editor", "remove", "carol"]) == 0
    assert "carol" in (said := capsys.readouterr().out) and str(path) in said
    assert not editors.verify("carol", "correct horse battery") and editors.verify("dave", "another long password")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(AUTH) and editors.oidc_configured()
    assert editors.allowed_emails() == ["alice@example.org", "bob@example.org"] and list(editors.accounts()) == ["dave"]
    assert path.stat().st_mode & 0o777 == 0o600 and [p.name for p in path.parent.iterdir()] == [path.name]
    assert main(["editor", "list"]) == 0
    listed = capsys.readouterr().out
    assert "carol" not in listed and "dave" in listed


@pytest.mark.parametrize("name, why", [("carol", "no local editor account"), ("nobody", "no local editor account"),
                                       ("Dave", "no local editor account"), ("../dave", "letters, digits"),
                                       ("dave = 1", "letters, digits"), ("x" * 65, "letters, digits")])
def test_removing_an_account_that_is_not_there_is_refused_and_writes_nothing(secrets, monkeypatch, capsys, name,
                                                                            why):
    path = secrets(AUTH)
    for account in ["carol", "dave"]:
        monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
        assert main(["editor", "add", account]) == 0
    assert main(["editor", "remove", "carol"]) == 0  # carol's account is gone: removing it again is refused
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["editor", "remove", name]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and why in err and "nothing was written" in err
    assert path.read_bytes() == before and editors.verify("dave", "another long password")
    assert main(["editor", "remove"]) == 2 and path.read_bytes() == before


def test_a_secrets_file_the_writer_cannot_rewrite_cleanly_is_left_as_it_was(secrets):
    # A header the writer does not recognise as the table (a comment after it) would leave two [editors_oidc]
    # tables: the new text does not read back as TOML, so nothing is written.
    path = secrets(AUTH + '[editors_oidc] # who may publish\nemails = ["alice@example.org"]\n')
    before = path.read_bytes()
    with pytest.raises(ValueError):
        editors.allow("bob@example.org")
    assert path.read_bytes() == before and len(list(path.parent.iterdir())) == 1


def review_as(user: dict, case, monkeypatch) -> AppTest:
    monkeypatch.setenv("PEEL_DATA_DIR", str(case["folder"]))
    at = AppTest.from_file(REVIEW, default_timeout=60)
    at.user = user
    return at.run()


def test_a_listed_account_publishes_under_its_address_and_any_other_account_does_not(case, monkeypatch, listen_on,
                                                                                     secrets):
    listen_on("0.0.0.0")
    secrets(AUTH + LISTED)
    propose_as_visitor(case, monkeypatch)
    stranger = review_as(signed_in("mallory@gmail.com"), case, monkeypatch)
    assert "Only editors" in stranger.info[0].value and not stranger.button

    alice = review_as(signed_in("Alice@Example.org"), case, monkeypatch)
    alice.button(key="review.accept.0").click().run()
    assert not alice.exception and "1 accepted" in alice.success[0].value
    assert set(pd.read_csv(case["folder"] / "user_grades.csv")["accepted_by"]) == {"alice@example.org"}


def sidebar_page():
    from peel.dashboard import roles

    roles.sidebar()


@pytest.mark.parametrize("text, why_not", [(AUTH + LISTED, texts.SIGNED_IN_NOT_EDITOR),
                                           (AUTH, texts.SIGNED_IN_NO_LIST)])
def test_the_sidebar_tells_a_signed_in_non_editor_why_and_offers_sign_out(secrets, listen_on, text, why_not):
    listen_on("0.0.0.0")
    secrets(text)
    at = AppTest.from_function(sidebar_page, default_timeout=30)
    at.user = signed_in("mallory@gmail.com")
    at.run()
    assert [c.value for c in at.caption] == [why_not]
    assert [b.label for b in at.button] == ["Sign out"]
    at.button(key="roles.sign_out").click().run()  # st.logout, then the browser comes back to an ordinary visitor
    at.run()
    assert "Visitor:" in at.caption[0].value and at.button(key="roles.login").label == "Editors: sign in"
