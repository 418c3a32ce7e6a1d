"""Visitors propose, editors publish, through the pages (AppTest) in a copy of data/: on a server listening beyond
loopback a visitor's proposal changes nothing a second session sees; the visitor cannot accept, even by crafting
widget state or query parameters; an editor (the person at a loopback server, or a signed-in local account)
accepts on the Review page and both sessions then see the grade, marked as a user's."""
import duckdb
from streamlit.testing.v1 import AppTest

from peel import editors
from peel.cli import main
from peel.dashboard import roles
from peel.paths import ROOT
from peel.reports import proposals

ADD, REVIEW = str(ROOT / "pages" / "add_report.py"), str(ROOT / "pages" / "review.py")


def session(page, case, monkeypatch):
    monkeypatch.setenv("PEEL_DATA_DIR", str(case["folder"]))
    at = AppTest.from_file(page, default_timeout=60)
    at.run()
    return at


def tables_with(at, column: str) -> list:
    """The tables on the page that have column (st.dataframe's key is not exposed to AppTest)."""
    return [d.value for d in at.dataframe if column in d.value.columns]


def user_grades_of(case):
    con = duckdb.connect(str(case["folder"] / "peel.duckdb"), read_only=True)
    try:
        return con.execute("SELECT area, grade, origin, source_kind FROM grades WHERE origin = 'user'").fetchall()
    finally:
        con.close()


def propose_as_visitor(case, monkeypatch):
    visitor = session(ADD, case, monkeypatch)
    visitor.text_area[0].input(case["text"]).run()
    visitor.text_input[0].input("https://www.justiceinspectorates.gov.uk/hmicfrs/made-up").run()
    button = visitor.button(key="add_report.propose")
    assert button.label == "Propose 2 grade(s) for review"  # the new grade and the conflict
    button.click().run()
    assert not visitor.exception and "Proposed 2 grade" in visitor.success[0].value
    return visitor


def test_a_visitors_proposal_is_invisible_to_others_until_an_editor_accepts_it(case, monkeypatch, listen_on):
    listen_on("0.0.0.0")  # listening beyond this machine: nobody is an editor without signing in
    visitor = propose_as_visitor(case, monkeypatch)
    assert not (case["folder"] / "user_grades.csv").exists()
    mine = tables_with(visitor, "proposed_at")[0]
    assert set(mine["status"]) == {"pending"} and case["new"][0] in set(mine["area"])

    other = session(ADD, case, monkeypatch)
    other.text_area[0].input(case["text"]).run()
    assert not tables_with(other, "proposed_at")  # nobody else sees them
    review = session(REVIEW, case, monkeypatch)
    assert "Only editors" in review.info[0].value and not review.button

    listen_on("127.0.0.1")  # the person at the machine is the editor
    editor = session(REVIEW, case, monkeypatch)
    table = tables_with(editor, "held")[0]
    assert dict(zip(table["area"], table["check"])) == {case["new"][0]: "new", case["clash"][0]: "conflict"}
    assert case["clash"][1] in table.set_index("area").loc[case["clash"][0], "held"]
    editor.button(key="review.accept.0").click().run()
    assert not editor.exception and "1 accepted" in editor.success[0].value
    assert user_grades_of(case) == [(case["new"][0], case["new"][1], "user", "document")]  # not "HMICFRS"
    assert proposals.pending(case["folder"])["area"].tolist() == [case["clash"][0]]  # the conflict waits
    actions = [line.split(",")[2] for line in proposals.read_audit(case["folder"]).splitlines()[1:]]
    assert actions == ["proposed", "proposed", "accepted"]


def test_a_visitor_cannot_accept_by_crafting_widget_state_or_the_url(case, monkeypatch, listen_on):
    listen_on("0.0.0.0")
    propose_as_visitor(case, monkeypatch)
    monkeypatch.setenv("PEEL_DATA_DIR", str(case["folder"]))
    crafted = AppTest.from_file(REVIEW, default_timeout=60)
    for key in ("review.accept.0", "review.remove", "roles.sign_out"):
        crafted.session_state[key] = True
    crafted.session_state["review.chosen.0"] = list(proposals.pending(case["folder"])["id"])
    crafted.query_params["role"] = "editor"
    crafted.query_params["editor"] = "1"
    crafted.run()
    assert "Only editors" in crafted.info[0].value
    assert len(proposals.pending(case["folder"])) == 2 and not (case["folder"] / "user_grades.csv").exists()
    assert roles.current().role == roles.VISITOR


def test_a_local_editor_account_is_a_hash_added_from_stdin_and_checked(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[other]\nkeep = "me"\n', encoding="utf-8")
    monkeypatch.setenv("PEEL_SECRETS", str(secrets))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("correct horse battery\n"))
    assert main(["editor", "add", "alice"]) == 0
    text = secrets.read_text(encoding="utf-8")
    assert "correct horse" not in text and "$argon2id$" in text and 'keep = "me"' in text
    assert editors.verify("alice", "correct horse battery")
    assert not editors.verify("alice", "wrong password here") and not editors.verify("bob", "correct horse battery")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert main(["editor", "add", "bob"]) == 1 and "bob" not in editors.accounts()


def test_only_a_loopback_address_makes_the_person_at_the_machine_an_editor():
    for address in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert editors.is_loopback(address), address
        assert not editors.sign_in_required(address, env={})
        assert editors.sign_in_required(address, forwarded=True, env={})  # a proxy passed the request on
        assert editors.sign_in_required(address, env={editors.SIGN_IN_ENV: "required"})
    for address in (None, "", "0.0.0.0", "::", "192.168.1.10", "example.org"):
        assert not editors.is_loopback(address), address
        assert editors.sign_in_required(address, env={})


def test_make_serves_loopback_workers_behind_the_balancer_require_sign_in(case, monkeypatch, listen_on):
    from peel.serve import worker_env

    assert worker_env()[editors.SIGN_IN_ENV] == "required"
    listen_on("127.0.0.1")
    monkeypatch.setenv(editors.SIGN_IN_ENV, "required")
    review = session(REVIEW, case, monkeypatch)
    assert "Only editors" in review.info[0].value
