"""`python -m peel bench memory`: the server's resident memory (RSS, with its children) through uploads and
rebuilds, on a copy of data/ so nothing real is written.

- Uploads: RSS before (the Add a report page loaded once), the peak during three 40 MB uploads made at once in
  headless Chromium (binary files named .txt, which the page refuses as not text, so what is measured is the
  upload itself: Streamlit holds an upload's bytes until the page lets it go), and 15 s after their sessions
  close (a closed session is still kept for a reconnect then, server.disconnectedSessionTTL in
  .streamlit/config.toml; the page has let go of its upload before).
- Rebuilds: a grade added and removed in turn through peel.db.publish (what confirming on Add a report does),
  each followed by one page load over Streamlit's websocket protocol (so the server opens and caches each new
  version); RSS after the first rebuild and after the last (500 by default).
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from peel.bench import load
from peel.db import publish
from peel.db.build import build
from peel.db.inputs import INPUT_SPECS
from peel.paths import ROOT, copy_of_data

UPLOADS, UPLOAD_MB = 3, 40
REBUILDS = 500
SETTLE_SECONDS = 15  # after the sessions close, before "after" is read
FORCE = "Kent"  # the page loaded after each rebuild: the Force page of this force


def _mib(value: int) -> str:
    return f"{value / 1024 / 1024:.0f} MiB"


def data_copy(target: Path) -> Path:
    """A copy of data/ under target, built."""
    folder = copy_of_data(target)
    build(folder, folder / "peel.duckdb")
    return folder


def _missing_cell(folder: Path) -> tuple[str, str, str]:
    """A force, cycle and area no grade in folder holds, for the rebuilds' made-up row."""
    def rows(name):
        with open(folder / name, encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    held = {(r["force"], r["cycle"], r["area"]) for r in rows("grades.csv")}
    for area in (r for r in rows("areas.csv") if r["cycle"] == "2023-25"):
        if (FORCE, "2023-25", area["area"]) not in held:
            return FORCE, "2023-25", area["area"]
    raise RuntimeError(f"every 2023-25 area of {FORCE} is graded: no cell for the made-up row")


def bench_uploads(url: str, pid: int, scratch: Path) -> dict[str, int]:
    from peel.bench.browser import chromium

    junk = scratch / "upload.txt"  # a name the uploader accepts; its bytes are refused as not text
    with open(junk, "wb") as fh:
        fh.write(b"\0" + os.urandom(UPLOAD_MB * 1024 * 1024 - 1))
    figures = {}
    with chromium() as browser:
        warm = browser.new_context()
        warm.new_page().goto(f"{url}/add_report")
        warm.pages[0].get_by_text("Upload a report or paste its text").wait_for(timeout=120_000)
        warm.close()
        time.sleep(2)
        figures["before"] = load.rss_bytes([pid])
        pages = []
        with load.PeakRss(lambda: [pid]) as during:
            for _ in range(UPLOADS):
                page = browser.new_context().new_page()
                page.goto(f"{url}/add_report")
                page.get_by_text("Upload a report or paste its text").wait_for(timeout=120_000)
                pages.append(page)
            for page in pages:  # all three at once
                page.locator("input[type=file]").set_input_files(str(junk))
            for page in pages:
                page.get_by_text("not a text or PDF file").wait_for(timeout=300_000)
        figures["during"] = during.peak
        for page in pages:
            page.context.close()
    time.sleep(SETTLE_SECONDS)
    figures["after"] = load.rss_bytes([pid])
    return figures


async def _load_once(url: str) -> None:
    import websockets

    ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None,
                                  open_timeout=load.TIMEOUT) as ws:
        await ws.send(load._rerun(f"force={FORCE}"))
        await asyncio.wait_for(load._until_chart(ws, {}, FORCE), load.TIMEOUT)
        await asyncio.wait_for(load._drain(ws), load.TIMEOUT)


def bench_rebuilds(url: str, pid: int, folder: Path, rounds: int) -> dict[str, float]:
    force, cycle, area = _missing_cell(folder)
    columns = INPUT_SPECS["user_grades"].columns
    header = ",".join(columns) + "\n"
    fields = [force, cycle, area, "Adequate", "https://example.org/made-up", "MADE-UP bench row"]
    with_row = header + ",".join(fields + [""] * (len(columns) - len(fields))) + "\n"
    figures: dict[str, float] = {}
    started = time.perf_counter()

    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            for n in range(1, rounds + 1):
                publish.publish(folder, {"user_grades.csv": (with_row if n % 2 else header).encode()})
                loop.run_until_complete(_load_once(url))
                if n == 1:
                    figures["first"] = load.rss_bytes([pid])
        finally:
            loop.close()

    worker = threading.Thread(target=run)  # an event loop of its own, whatever the caller runs
    worker.start()
    worker.join()
    figures["last"] = load.rss_bytes([pid])
    figures["seconds"] = time.perf_counter() - started
    return figures


def run(rebuilds: int = REBUILDS, uploads: bool = True) -> str:
    from peel.bench.browser import streamlit_server
    from peel.figures.static_export import chromium_path

    lines = ["server memory (RSS of the Streamlit process and its children), on a copy of data/"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = data_copy(Path(tmp))
        with streamlit_server(ROOT / "app.py", env={"PEEL_DATA_DIR": str(folder)}) as url:
            pid = load._server_pid(url)
            if uploads and chromium_path() is not None:
                up = bench_uploads(url, pid, Path(tmp))
                lines.append(f"  {UPLOADS} uploads of {UPLOAD_MB} MB at once: before {_mib(up['before'])}, during "
                             f"{_mib(up['during'])} (peak), {SETTLE_SECONDS} s after their sessions closed "
                             f"{_mib(up['after'])} ({(up['after'] - up['before']) / 1024 / 1024:+.0f} MiB)")
            elif uploads:
                lines.append("  uploads: skipped (Chromium not installed; `make bench` installs it)")
            asyncio.run(_load_once(url))
            rebuilt = bench_rebuilds(url, pid, folder, rebuilds)
            lines.append(f"  {rebuilds} rebuilds (a grade added or removed, then a page load): after the first "
                         f"{_mib(rebuilt['first'])}, after the last {_mib(rebuilt['last'])} "
                         f"({(rebuilt['last'] - rebuilt['first']) / 1024 / 1024:+.0f} MiB); "
                         f"{rebuilt['seconds'] / rebuilds:.2f} s each")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m peel bench memory", description=__doc__.split("\n\n")[0])
    p.add_argument("--rebuilds", type=int, default=REBUILDS, help=f"rebuilds to make (default {REBUILDS})")
    p.add_argument("--no-uploads", action="store_true", help="measure the rebuilds only")
    args = p.parse_args(argv)
    print(run(args.rebuilds, not args.no_uploads))
    return 0


if __name__ == "__main__":
    sys.exit(main())
