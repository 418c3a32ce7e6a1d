"""`make serve` (issue 22): two workers behind HAProxy on 127.0.0.1, as readers meet them.

A report uploaded through the balancer is read (the upload reaches the worker holding the reader's session);
when a worker is killed under load its readers reconnect to the other one and keep their view, the other
worker's readers see no error, and the supervisor starts the worker again. Loopback only, every wait bounded.
"""
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import threading
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from peel.bench import load
from peel.bench.browser import chromium, choose, serve_server, wait_for_chart, wait_for_chart_title, wait_until_idle
from peel.serve import Worker, haproxy_path, render_config, server_lines

COOKIE = "PEEL_WORKER"
STATUS = "((document.querySelector('[data-testid=stStatusWidget]') || {}).innerText || '')"


def test_the_same_configuration_serves_another_machines_workers(tmp_path):
    """The template filled in for two local workers and one on another machine: HAProxy accepts it, each worker
    gets its own sticky cookie value, and a fresh load of Add a report goes to the publishing worker."""
    workers = [Worker("w1", "127.0.0.1", 9101), Worker("w2", "127.0.0.1", 9102)]
    config = tmp_path / "haproxy.cfg"
    config.write_text(render_config("127.0.0.1:9100", server_lines(workers, ["10.0.0.7:8502"]), publisher="w1"))
    check = subprocess.run([haproxy_path(), "-c", "-f", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = config.read_text()
    for line in ("server w1 127.0.0.1:9101 cookie w1", "server w2 127.0.0.1:9102 cookie w2",
                 "server r1 10.0.0.7:8502 cookie r1", "bind 127.0.0.1:9100",
                 "use-server w1 if { path_beg /add_report }"):
        assert line in text


def test_a_machine_that_does_not_publish_sends_the_reader_to_the_one_that_does(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from peel.paths import ROOT

    monkeypatch.setenv("PEEL_PUBLISHING", "off")
    at = AppTest.from_file(str(ROOT / "pages" / "add_report.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "Reports are added on one server" in at.info[0].value
    assert not at.get("file_uploader") and not at.text_area


@pytest.fixture(scope="module")
def served():
    with serve_server(workers=2) as (url, run_dir):
        yield url, run_dir


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def state(run_dir) -> dict:
    return json.loads((run_dir / "state.json").read_text())


def worker_of(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE)


def test_a_report_uploaded_through_the_balancer_is_read_on_either_worker(served, browser):
    """Two readers at once land on the two workers; each uploads a report and sees its grades read."""
    url, _ = served
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        pages = [c.new_page() for c in contexts]
        for page in pages:  # both open at once: the balancer gives the second reader the other worker
            page.goto(url + "/add_report")
            page.wait_for_selector("[data-testid=stFileUploader]", timeout=60_000)
        assert {worker_of(c) for c in contexts} == {"w1", "w2"}
        for i, page in enumerate(pages):
            text = ("MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nInvestigating crime: Good\n"
                    "Responding to the public: Adequate\n")
            page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
                {"name": f"made-up-{i}.txt", "mimeType": "text/plain", "buffer": text.encode()})
            page.locator("h3").filter(has_text=f"2 grade(s) read from made-up-{i}.txt").wait_for(timeout=60_000)
            wait_until_idle(page, 60_000)
            assert page.locator("[data-testid=stException]").count() == 0
    finally:
        for c in contexts:
            c.close()


async def reader(url: str, worker: str, index: int, stop_at: float, log: dict) -> None:
    """A reader pinned by the cookie to worker: loads the Force page, then changes the force every half second
    until stop_at. A closed socket is reconnected as Streamlit's frontend does (same cookie, the page's URL),
    and counted; anything else is an error."""
    import websockets

    rng = random.Random(index)
    ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    force, reconnects, changes, since_reconnect = rng.choice(load.FORCES), 0, 0, 0
    try:
        while time.monotonic() < stop_at:
            try:
                async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None,
                                              additional_headers={"Cookie": f"{COOKIE}={worker}"},
                                              open_timeout=30) as ws:
                    found: dict = {}
                    since_reconnect = 0
                    await ws.send(load._rerun(f"force={force}"))
                    await asyncio.wait_for(load._until_chart(ws, found, force), 30)
                    await asyncio.wait_for(load._drain(ws), 30)
                    while time.monotonic() < stop_at:
                        await asyncio.sleep(0.5)
                        force = rng.choice([f for f in load.FORCES if f != force])
                        await ws.send(load._rerun(f"force={force}", found.get("page_hash", ""),
                                                  (found["widget"], force)))
                        await asyncio.wait_for(load._until_chart(ws, found, force), 30)
                        await asyncio.wait_for(load._drain(ws), 30)
                        changes, since_reconnect = changes + 1, since_reconnect + 1
            except (websockets.ConnectionClosed, OSError):
                reconnects += 1
                if reconnects > 20:
                    raise
                await asyncio.sleep(0.5)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        log.setdefault("errors", []).append(f"{worker} reader {index}: {type(exc).__name__}: {exc}")
    log.setdefault("readers", []).append({"worker": worker, "reconnects": reconnects, "changes": changes,
                                          "since_reconnect": since_reconnect})


def readers_in_background(url: str, workers: list[str], seconds: float) -> tuple[threading.Thread, dict]:
    log: dict = {}

    async def all_readers():
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(reader(url, w, i, stop_at, log) for i, w in enumerate(workers)))

    thread = threading.Thread(target=lambda: asyncio.run(all_readers()), daemon=True)
    thread.start()
    return thread, log


def test_killing_a_worker_under_load_its_readers_reconnect_and_the_others_see_no_error(served, browser):
    url, run_dir = served
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url + "/force?force=Kent")
        wait_for_chart(page, 60_000)
        victim = worker_of(context)
        other = ({"w1", "w2"} - {victim}).pop()
        thread, log = readers_in_background(url, [victim] * 4 + [other] * 4, seconds=25)
        time.sleep(6)  # every reader has loaded and is changing its force
        before = next(w for w in state(run_dir)["workers"] if w["name"] == victim)
        os.kill(before["pid"], signal.SIGKILL)

        # The reader in the browser: Streamlit reconnects, through the balancer, to the other worker, and the
        # reader's next choice is drawn there (its first rerun carries it; the page's place is in its URL).
        with contextlib.suppress(PlaywrightTimeout):  # reconnected before it was seen
            page.wait_for_function(f"() => {STATUS}.includes('CONNECTING')", timeout=15_000)
        page.wait_for_function(f"() => !{STATUS}.includes('CONNECTING')", timeout=60_000)
        choose(page, "Force", "Durham")
        wait_for_chart_title(page, "Durham: every PEEL grade", 60_000)
        assert page.locator("[data-testid=stException]").count() == 0
        # it is drawn by a live worker: the other one, or the victim already restarted on its port (whichever
        # HAProxy's health check saw up first when the reader came back)
        assert worker_of(context) in {victim, other}

        thread.join(timeout=90)
        assert not thread.is_alive()
        assert log.get("errors", []) == []
        readers = log["readers"]
        assert all(r["reconnects"] == 0 and r["changes"] >= 5 for r in readers if r["worker"] == other), readers
        assert all(r["reconnects"] >= 1 and r["since_reconnect"] >= 1
                   for r in readers if r["worker"] == victim), readers

        deadline = time.monotonic() + 60  # and the supervisor started the worker again, on its port
        while time.monotonic() < deadline:
            after = next(w for w in state(run_dir)["workers"] if w["name"] == victim)
            if after["pid"] and after["pid"] != before["pid"]:
                break
            time.sleep(0.5)
        assert after["restarts"] == 1 and after["port"] == before["port"] and after["pid"] != before["pid"]
    finally:
        context.close()
