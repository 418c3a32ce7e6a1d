"""Visitors propose, editors publish, in the real app in headless Chromium, served as a public instance would be
(listening on every interface, so nobody is an editor without signing in) from a copy of data/: a visitor's
proposal is invisible to a second browser context; the second signs in with a local editor account, accepts it
on the Review page, and then both see the grade on the Force grid, marked as a user's (†)."""

import pytest

from peel import editors, texts
from peel.bench.browser import chromium, streamlit_server, wait_for_chart, wait_until_idle
from peel.paths import ROOT, copy_of_data

PASSWORD = "made-up test password"


@pytest.fixture(scope="module")
def public_app(tmp_path_factory):
    folder = copy_of_data(tmp_path_factory.mktemp("public"))
    secrets = folder.parent / "secrets.toml"
    editors.add("alice", PASSWORD, secrets)
    env = {"PEEL_DATA_DIR": str(folder), "PEEL_SECRETS": str(secrets)}
    with streamlit_server(ROOT / "app.py", env=env, address="0.0.0.0") as url, chromium() as browser:
        yield url, browser, folder


def grid_text(page) -> str:
    return page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot text')].map(e => e.textContent)"
                         ".join(' ')")


def test_a_visitors_proposal_is_published_only_when_an_editor_accepts_it(public_app, case):
    url, browser, folder = public_app
    force, area = case["force"], case["new"][0]
    visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()

    visitor.goto(url + "/add_report")
    visitor.locator("textarea").first.wait_for(timeout=60_000)
    visitor.locator("textarea").first.fill(case["text"])
    visitor.locator("textarea").first.press("Control+Enter")
    visitor.get_by_role("button", name="Propose 2 grade(s) for review").click(timeout=60_000)
    visitor.get_by_text("Your 2 proposal(s), pending review").wait_for(timeout=60_000)
    assert visitor.locator("[data-testid=stException]").count() == 0

    other.goto(url + "/add_report")
    other.locator("textarea").first.wait_for(timeout=60_000)
    wait_until_idle(other, 60_000)
    assert other.get_by_text("pending review").count() == 0  # the second context sees none of it
    other.goto(url + f"/force?force={force}")
    wait_for_chart(other, 60_000)
    assert texts.USER_MARK not in grid_text(other)
    assert other.get_by_role("link", name="Review").count() == 0  # no Review page for a visitor

    other.get_by_text("Editors: sign in").click()
    other.get_by_role("textbox", name="Name").fill("alice")
    other.get_by_role("textbox", name="Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in", exact=True).click()
    other.get_by_text("Editor: alice").wait_for(timeout=60_000)
    other.get_by_role("link", name="Review").click()  # inside the app: a new page load is a new session
    other.get_by_role("button", name="Accept 2").click(timeout=60_000)
    other.get_by_text("1 accepted and published").wait_for(timeout=60_000)

    for page in (visitor, other):
        page.goto(url + f"/force?force={force}")
        wait_for_chart(page, 60_000)
        page.wait_for_function("m => [...document.querySelectorAll('.js-plotly-plot text')]"
                               ".some(e => e.textContent.includes(m))", arg=texts.USER_MARK, timeout=30_000)
    assert area in (folder / "user_grades.csv").read_text(encoding="utf-8")
