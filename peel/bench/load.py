"""`python -m peel bench load`: many people at once against a running server, without a browser each.

Each session is a client of Streamlit's own websocket protocol, as the browser's frontend speaks it on
/_stcore/stream: it sends the BackMsg a page load sends (rerun_script with the page name and its query
string), waits for the ForwardMsg that carries the page's first Plotly chart, then changes the Force
selectbox as a person would (rerun_script with that widget's new value) and waits for the redrawn chart.
A session does one load and CHANGES filter changes, a second apart, then leaves: every loop is bounded.

Prints, for 25, 50 and 100 sessions at once, against one Streamlit process (as `make run` serves) and then
against `make serve` with 2 workers behind HAProxy: p50 and p95 from request to the chart's message (load and
filter change), p95 to the end of the page's run (the tables and second grid after the chart), errors (an
exception element, a chart of the wrong force, a closed socket or no chart within TIMEOUT s), the peak of the
server processes' total RSS (every worker and HAProxy) and their CPU time per request. Only loopback addresses
are accepted.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from peel.bench.browser import served_pids
from peel.bench.stats import percentile
from peel.paths import ROOT

SESSION_COUNTS = (25, 50, 100)
SERVE_WORKERS = 2
CHANGES = 3  # filter changes per session after the page load
THINK_SECONDS = 1.0  # between a chart arriving and the next change, as a person reads it
TIMEOUT = 60.0  # a chart not drawn by then is an error
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PAGE, WIDGET_LABEL = "force", "Force"
FORCES = ("Kent", "West Midlands", "Durham", "Cumbria", "Surrey", "Gwent", "Dorset", "Essex", "Merseyside",
          "Avon and Somerset", "Lancashire", "Norfolk")


class LoadError(Exception):
    pass


@dataclass
class Results:
    load: list[float] = field(default_factory=list)
    change: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)  # request to the end of the page's run
    errors: list[str] = field(default_factory=list)


def _rerun(query: str, page_hash: str = "", widget: tuple[str, str] | None = None) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    if page_hash:
        state.page_script_hash = page_hash
    else:
        state.page_name = PAGE
    if widget:
        entry = state.widget_states.widgets.add()
        entry.id, entry.string_value = widget
    return msg.SerializeToString()


async def _until_chart(ws, found: dict, force: str) -> None:
    """Read ForwardMsgs until one carries the Plotly chart of force; note the page hash and the Force
    selectbox's id on the way."""
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "new_session" and msg.new_session.page_script_hash:
            found["page_hash"] = msg.new_session.page_script_hash
        elif kind == "navigation" and msg.navigation.page_script_hash:
            found["page_hash"] = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                raise LoadError(f"the page raised {element.exception.type}: {element.exception.message[:200]}")
            if which == "selectbox" and element.selectbox.label == WIDGET_LABEL:
                found["widget"] = element.selectbox.id
            if which == "plotly_chart":
                if force not in element.plotly_chart.spec:
                    raise LoadError(f"the chart drawn is not {force}'s")
                return
        elif kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            raise LoadError("the script finished without drawing a chart")


async def _drain(ws) -> None:
    """Read the rest of a run (tables, captions) until the script finishes, so the next change starts clean."""
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        if msg.WhichOneof("type") == "script_finished":
            return


async def session(url: str, index: int, results: Results) -> None:
    import websockets

    rng = random.Random(index)
    forces = rng.sample(FORCES, CHANGES + 1)
    ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    found: dict = {}
    try:
        started = time.perf_counter()
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=TIMEOUT,
                                      ping_interval=None) as ws:
            await ws.send(_rerun(f"force={forces[0]}"))
            await asyncio.wait_for(_until_chart(ws, found, forces[0]), TIMEOUT)
            results.load.append(time.perf_counter() - started)
            await asyncio.wait_for(_drain(ws), TIMEOUT)
            results.finished.append(time.perf_counter() - started)
            if "widget" not in found:
                raise LoadError("no Force selectbox on the page")
            for force in forces[1:]:
                await asyncio.sleep(THINK_SECONDS * rng.uniform(0.5, 1.5))
                started = time.perf_counter()
                await ws.send(_rerun(f"force={force}", found.get("page_hash", ""), (found["widget"], force)))
                await asyncio.wait_for(_until_chart(ws, found, force), TIMEOUT)
                results.change.append(time.perf_counter() - started)
                await asyncio.wait_for(_drain(ws), TIMEOUT)
                results.finished.append(time.perf_counter() - started)
    except TimeoutError:
        results.errors.append(f"session {index}: no chart within {TIMEOUT:.0f} s")
    except Exception as exc:  # every failure is counted and reported, none is fatal
        results.errors.append(f"session {index}: {type(exc).__name__}: {exc}")


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of pids and their children (Linux /proc), 0 when it cannot be read."""
    total = 0
    for p in {c for pid in pids for c in (pid, *_children(pid))}:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pid: int | None) -> float:
    """User plus system CPU time pid has used (Linux /proc), 0 when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, TypeError):
        return 0.0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def total_cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds used so far by each of pids and their children (HAProxy's master runs its worker)."""
    return {p: cpu_seconds(p) for p in {c for pid in pids for c in (pid, *_children(pid))}}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the server processes used between two total_cpu() readings (a process started meanwhile, as a
    restarted worker is, counts from zero)."""
    return sum(t - before.get(p, 0.0) for p, t in after.items())


class PeakRss:
    """Samples the total RSS of the server's processes every 0.2 s on a thread while the with-block runs."""

    def __init__(self, pids: Callable[[], list[int]] | None):
        self.pids, self.peak, self._stop = pids, 0, threading.Event()

    def _run(self):
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, rss_bytes(self.pids()))

    def __enter__(self):
        if self.pids:
            self.peak = rss_bytes(self.pids())
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self.pids:
            self._thread.join()


async def _run_sessions(url: str, count: int) -> Results:
    results = Results()
    tasks = []
    for i in range(count):
        tasks.append(asyncio.create_task(session(url, i, results)))
        await asyncio.sleep(1.0 / count)  # arrivals spread over one second, not one instant
    await asyncio.gather(*tasks)
    return results


def _sessions(url: str, count: int) -> Results:
    """_run_sessions on an event loop of its own thread (the caller may be inside one, as Playwright is)."""
    done: dict = {}
    worker = threading.Thread(target=lambda: done.update(results=asyncio.run(_run_sessions(url, count))))
    worker.start()
    worker.join()
    return done["results"]


def run(url: str, counts=SESSION_COUNTS, pids: Callable[[], list[int]] | None = None) -> list[dict]:
    """Hold each number of sessions against url; return one row of figures per count. pids() names the server's
    processes (its workers and balancer) for their memory and CPU time."""
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"{url}: the load benchmark only runs against a loopback address")
    rows = []
    _sessions(url, 4)  # warm the caches, as a server up a while has them (at once: every worker gets some)
    for count in counts:
        with PeakRss(pids) as rss:
            started, cpu = time.perf_counter(), total_cpu(pids() if pids else [])
            results = _sessions(url, count)
            wall, cpu = time.perf_counter() - started, cpu_used(cpu, total_cpu(pids() if pids else []))
        rows.append({"sessions": count, "wall_s": wall,
                     "load_p50": percentile(results.load, 0.5), "load_p95": percentile(results.load, 0.95),
                     "change_p50": percentile(results.change, 0.5), "change_p95": percentile(results.change, 0.95),
                     "finished_p95": percentile(results.finished, 0.95),
                     "requests": len(results.load) + len(results.change), "errors": results.errors,
                     "rss_mib": rss.peak / 1024 / 1024 if pids else float("nan"),
                     "cpu_per_request": cpu / max(1, len(results.load) + len(results.change))
                     if pids else float("nan")})
    return rows


class Profile:
    """py-spy (requirements-dev.txt) sampling a server process while the with-block runs; top() summarises where
    its threads spent their time."""

    def __init__(self, pid: int, out: Path):
        self.pid, self.out = pid, out

    def __enter__(self):
        import shutil
        import subprocess

        spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
        if spy is None:
            raise RuntimeError("py-spy is not installed (make bench installs requirements-dev.txt)")
        self.proc = subprocess.Popen([spy, "record", "-p", str(self.pid), "-f", "raw", "-o", str(self.out), "-r", "50",
                                      "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        import signal

        self.proc.send_signal(signal.SIGINT)  # py-spy writes its samples when interrupted
        self.proc.wait(timeout=60)

    def top(self, n: int = 15) -> str:
        """The frames holding most samples, with (inclusive) and without (self) what they call."""
        import collections
        import re

        own, inclusive, total = collections.Counter(), collections.Counter(), 0
        for line in self.out.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames, count = stack.split(";"), int(count)
            total += count
            own[frames[-1]] += count
            for frame in {re.sub(r":\d+\)", ")", f) for f in frames}:
                inclusive[frame] += count
        if not total:
            return "  (no samples)"
        lines = [f"  {total} samples; self (where the time is spent):"]
        lines += [f"    {100 * c / total:5.1f}%  {f[:110]}" for f, c in own.most_common(n)]
        lines.append("  inclusive (the project's and Streamlit's calls):")
        lines += [f"    {100 * c / total:5.1f}%  {f[:110]}" for f, c in inclusive.most_common()
                  if re.search(r"\((peel|app|force|streamlit/(elements|runtime/(caching|scriptrunner)))", f)][:n]
        return "\n".join(lines)


def report(rows: list[dict], server: str = "one process") -> str:
    busy = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"load against {server}: {PAGE} page, one load and {CHANGES} changes of the {WIDGET_LABEL} filter per "
             f"session (from request to the chart's message); {os.cpu_count()} CPUs, load average now {busy}",
             f"  {'sessions':>8} {'load p50':>9} {'load p95':>9} {'change p50':>11} {'change p95':>11} "
             f"{'whole run p95':>14} {'requests':>9} {'errors':>7} {'server RSS':>11} {'server CPU/request':>19}"]
    for r in rows:
        lines.append(f"  {r['sessions']:>8} {r['load_p50']:>8.2f}s {r['load_p95']:>8.2f}s {r['change_p50']:>10.2f}s "
                     f"{r['change_p95']:>10.2f}s {r['finished_p95']:>13.2f}s {r['requests']:>9} "
                     f"{len(r['errors']):>7} {r['rss_mib']:>7.0f} MiB "
                     f"{r['cpu_per_request'] * 1000:>15.0f} ms")
        lines += [f"    {e}" for e in r["errors"][:5]]
    return "\n".join(lines)


def _sessions_at_once(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of sessions") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} sessions: give at least 1")
    return count


def check_url(url: str) -> str | None:
    """Why url cannot be benchmarked (None when it can): it must be http(s) on a loopback address, and listening."""
    parsed = urlparse(url)
    if parsed.scheme != "http" or not parsed.hostname:
        return f"--url {url!r} is not an http:// address: give it with its scheme, e.g. http://127.0.0.1:8501"
    if parsed.hostname not in LOOPBACK:
        return f"--url {url!r}: the load benchmark only runs against a loopback address ({', '.join(sorted(LOOPBACK))})"
    try:
        port = parsed.port or 80
    except ValueError:
        return f"--url {url!r} has no valid port"
    try:
        socket.create_connection((parsed.hostname, port), timeout=5).close()
    except OSError as exc:
        return f"nothing answers at {url} ({exc.strerror or exc}): start the app there, or leave out --url"
    return None


def failed(rows: list[dict]) -> str | None:
    """A sentence when any session failed (None when every one succeeded)."""
    errors = sum(len(r["errors"]) for r in rows)
    if errors:
        total = sum(r["sessions"] for r in rows)
        return f"{errors} session(s) failed out of {total}: the figures above are not a measurement"
    return None


def main(argv=None) -> int:
    """Exit 0 when every session got its charts; 1 when any failed or no server answers; 2 for arguments that
    make no sense (argparse's exit, with its message)."""
    p = argparse.ArgumentParser(prog="python -m peel bench load", description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="a running server on a loopback address (default: start one process, then "
                                 f"`make serve` with {SERVE_WORKERS} workers, on 127.0.0.1)")
    p.add_argument("--pid", type=int, action="append", help="the running server's process id, to report its RSS "
                                                            "and CPU (repeat for each worker)")
    p.add_argument("--serve-state", type=Path, help="a running `python -m peel.serve`'s state.json (in its --run-dir): "
                                                    "its workers' and HAProxy's pids, read as they change")
    p.add_argument("--sessions", type=_sessions_at_once, action="append",
                   help="sessions at once (repeat; default 25, 50, 100)")
    p.add_argument("--only", choices=["one", "serve"], help="without --url: only one process, or only `make serve`")
    p.add_argument("--profile", action="store_true", help="sample the one process with py-spy while it is under "
                                                          "load and print where its time goes")
    args = p.parse_args(argv)
    counts = tuple(args.sessions or SESSION_COUNTS)
    if args.url:
        problem = check_url(args.url)
        if problem:
            print(f"bench load: {problem}", file=sys.stderr)
            return 1
        pids = (lambda: served_pids(args.serve_state.parent)) if args.serve_state else \
            (lambda: args.pid) if args.pid else None
        rows = run(args.url.rstrip("/"), counts, pids)
        print(report(rows, "the server at " + args.url))
        return _verdict([rows])
    measured = []
    from peel.bench.browser import serve_server, streamlit_server

    if args.only != "serve":
        with streamlit_server(ROOT / "app.py") as url:
            pid = _server_pid(url)
            if args.profile and pid:
                import tempfile

                with tempfile.TemporaryDirectory() as tmp:
                    with Profile(pid, Path(tmp) / "samples.txt") as profile:
                        rows = run(url, counts, lambda: [pid])
                    measured.append(rows)
                    print(report(rows, "one process (make run), sampled by py-spy"))
                    print(f"py-spy profile of the one process under that load\n{profile.top()}", flush=True)
            else:
                measured.append(run(url, counts, (lambda: [pid]) if pid else None))
                print(report(measured[-1], "one process (make run)"), flush=True)
    if args.only != "one":
        with serve_server(SERVE_WORKERS) as (url, run_dir):
            measured.append(run(url, counts, lambda: served_pids(run_dir)))
            print(report(measured[-1], f"make serve, {SERVE_WORKERS} workers behind HAProxy"), flush=True)
    return _verdict(measured)


def _verdict(measured: list[list[dict]]) -> int:
    """1 (with a sentence) when any session of any run failed, else 0."""
    problem = failed([row for rows in measured for row in rows])
    if problem:
        print(f"bench load: {problem}", file=sys.stderr)
        return 1
    return 0


def _server_pid(url: str) -> int | None:
    """The pid of the streamlit process listening on url's port (the one streamlit_server started)."""
    port = urlparse(url).port
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd and proc.name != str(os.getpid()):
            return int(proc.name)
    return None


if __name__ == "__main__":
    sys.exit(main())
