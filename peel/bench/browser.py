"""Serve a Streamlit script on localhost and drive Debian's Chromium through Playwright.

Shared by the browser tests and `python -m peel bench`.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from peel.figures.static_export import chromium_path
from peel.paths import ROOT

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(proc: subprocess.Popen, url: str, timeout: float, what: str, output: Callable[[], str],
                        ready: Callable[[], bool] = lambda: True) -> None:
    """Wait until ready() holds and url answers Streamlit's health check; raise with the end of output()
    if proc exits first, or when timeout seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited: {output()[-2000:]}")
        try:
            if ready():
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
        except (OSError, ValueError, KeyError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer on {url} within {timeout} s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """Ask proc to stop; kill it if it has not within grace seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def streamlit_server(script: Path, port: int | None = None, env: dict | None = None, timeout: float = 60,
                     address: str = "127.0.0.1"):
    """Run `streamlit run script` listening on address (127.0.0.1 unless told; "0.0.0.0" serves as a public
    instance would, where visitors are not editors) and yield its base URL on 127.0.0.1; stop it afterwards."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.port", str(port), "--server.address", address,
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(proc, url, timeout, "streamlit", lambda: proc.stderr.read().decode(errors="replace"))
        yield url
    finally:
        _stop(proc, grace=10)


@contextlib.contextmanager
def serve_server(workers: int = 2, env: dict | None = None, timeout: float = 120):
    """Run `python -m peel.serve` (HAProxy before workers on 127.0.0.1, as `make serve` runs it) and yield its
    base URL and the folder holding its state.json (the pids of the supervisor, HAProxy and each worker)."""
    import json
    import tempfile

    port, worker_ports = free_port(), [free_port() for _ in range(workers)]
    with tempfile.TemporaryDirectory(prefix="peel-serve-") as run_dir:
        cmd = [sys.executable, "-m", "peel.serve", "--workers", str(workers), "--port", str(port), "--host",
               "127.0.0.1", "--worker-ports", ",".join(map(str, worker_ports)), "--run-dir", run_dir]
        log = Path(run_dir) / "serve.log"  # a file, not a pipe: a pipe nobody reads would stall HAProxy's log
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=out)
        url, state = f"http://127.0.0.1:{port}", Path(run_dir) / "state.json"
        try:
            _wait_until_healthy(proc, url, timeout, "peel.serve", lambda: log.read_text(errors="replace"),
                                ready=lambda: json.loads(state.read_text())["haproxy"] is not None)
            yield url, Path(run_dir)
        finally:
            _stop(proc, grace=20)


def served_pids(run_dir: Path) -> list[int]:
    """The pids `python -m peel.serve` runs now: its workers and HAProxy (from run_dir/state.json)."""
    import json

    try:
        state = json.loads((run_dir / "state.json").read_text())
    except (OSError, ValueError):
        return []
    return [p for p in [state.get("haproxy"), *(w["pid"] for w in state["workers"])] if p]


@contextlib.contextmanager
def chromium():
    """A headless Chromium browser (Playwright driving Debian's package)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is not installed: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


CHART = ".js-plotly-plot .main-svg"


def wait_for_chart(page, timeout_ms: float = 30_000) -> None:
    """Wait until a Plotly chart has drawn and Streamlit has stopped running the script."""
    page.wait_for_selector(CHART, timeout=timeout_ms)
    wait_until_idle(page, timeout_ms)


def wait_until_idle(page, timeout_ms: float = 30_000) -> None:
    """Wait until Streamlit's 'running' indicator is gone."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout_ms)


def choose(page, label: str, option: str) -> None:
    """Pick option in the Streamlit selectbox labelled label, as a person would: click, type, Enter."""
    type_choice(page, label, option)
    page.keyboard.press("Enter")


def type_choice(page, label: str, option: str) -> None:
    """Open the selectbox labelled label and type option, not yet pressing Enter."""
    page.locator("[data-testid=stSelectbox]").filter(has_text=label).first.click()
    page.keyboard.type(option)


def wait_for_chart_title(page, text: str, timeout_ms: float = 30_000) -> None:
    """Wait until a drawn Plotly chart's title contains text."""
    page.wait_for_function(
        "t => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(t))",
        arg=text, timeout=timeout_ms)
