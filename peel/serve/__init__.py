"""`make serve` (`python -m peel.serve`): several Streamlit workers behind HAProxy, each restarted when it dies.

The database is built once, before any worker starts (so N workers never race to build it). Each worker is
`streamlit run app.py` bound to 127.0.0.1 on a port of its own; HAProxy, from Debian's package, listens on
PORT and sends each reader to one worker for the whole visit (a cookie it inserts, so the websocket and any
upload reach the worker that holds the session), checks every worker's /_stcore/health, and sends the readers
of a worker that stops answering to another one (they see Streamlit reconnect; the page's state is in its URL,
so they keep their view). This process watches the workers and starts a new one on the same port when one
exits; HAProxy's health check puts it back in the rotation once it answers.

The balancer's configuration is deploy/haproxy.cfg.tmpl with the workers' addresses filled in, so the same file
serves several machines (`--remote HOST:PORT` adds another machine's workers; `--no-balancer` runs workers
only, for a machine behind another one's balancer): see the README, "Serving many readers".
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

from peel.editors import SIGN_IN_ENV
from peel.paths import ROOT

TEMPLATE = ROOT / "deploy" / "haproxy.cfg.tmpl"
CHECK_SECONDS = 0.5  # how often the supervisor looks at its children
QUICK_EXIT_SECONDS = 10.0  # a worker that dies sooner than this after starting waits before the next start
MAX_BACKOFF_SECONDS = 30.0


@dataclasses.dataclass
class Worker:
    """One `streamlit run app.py` on address:port."""

    name: str
    address: str
    port: int
    proc: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    quick_exits: int = 0  # exits in a row soon after starting: the next start waits longer
    not_before: float = 0.0

    @property
    def server_line(self) -> str:
        return f"    server {self.name} {self.address}:{self.port} cookie {self.name}"


def streamlit_command(address: str, port: int, script: Path = ROOT / "app.py") -> list[str]:
    """The command a worker runs: the same app `make run` serves, on address:port, without a file watcher."""
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
            "--server.address", address, "--server.port", str(port), "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false"]


def server_lines(workers: list[Worker], remote: list[str]) -> str:
    """HAProxy `server` lines: the local workers, then other machines' workers as HOST:PORT."""
    lines = [w.server_line for w in workers]
    for i, address in enumerate(remote, 1):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"--remote {address!r}: expected HOST:PORT")
        lines.append(f"    server r{i} {host}:{port} cookie r{i}")
    return "\n".join(lines)


PUBLISHING_ENV = "PEEL_PUBLISHING"  # "off": this machine's workers do not publish (another machine does)
PUBLISH_PATH = "/add_report"


def publishes_here() -> bool:
    """Whether this worker's Add a report may publish (write data/ and rebuild): yes unless the machine runs
    with --no-publishing, because another machine's data/ is the one written."""
    return os.environ.get(PUBLISHING_ENV, "on") != "off"


def publish_rule(publisher: str | None) -> str:
    """The HAProxy rule sending every fresh load of Add a report to the publishing worker (its cookie then
    keeps the reader there), or nothing when every worker may publish."""
    return f"    use-server {publisher} if {{ path_beg {PUBLISH_PATH} }}" if publisher else ""


def render_config(bind: str, servers: str, publisher: str | None = None, template: Path = TEMPLATE) -> str:
    """deploy/haproxy.cfg.tmpl with the balancer's address, the workers' server lines and the publishing rule
    filled in."""
    return Template(template.read_text(encoding="utf-8")).substitute(bind=bind, servers=servers,
                                                                     publish=publish_rule(publisher))


def _die_with_parent() -> None:
    """In a child, before exec: be sent SIGTERM when the supervisor dies, however it dies (Linux), so no worker
    outlives it holding its port."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def haproxy_path() -> str | None:
    for candidate in (shutil.which("haproxy"), "/usr/sbin/haproxy"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class Supervisor:
    """Starts the workers and HAProxy, restarts any that exits, and stops them all on SIGTERM or SIGINT."""

    def __init__(self, workers: list[Worker], *, bind: str | None, remote: list[str], run_dir: Path,
                 env: dict[str, str], publisher: str | None = None, log=print):
        self.workers, self.bind, self.remote, self.run_dir = workers, bind, remote, run_dir
        self.publisher = publisher
        self.env, self.log = env, log
        self.haproxy: subprocess.Popen | None = None
        self.stopping = False
        self.config = run_dir / "haproxy.cfg"

    # --- children -------------------------------------------------------------------------------------------
    def start_worker(self, worker: Worker) -> None:
        worker.proc = subprocess.Popen(streamlit_command(worker.address, worker.port), cwd=ROOT, env=self.env,
                                       stdin=subprocess.DEVNULL, start_new_session=True,
                                       preexec_fn=_die_with_parent)
        worker.started = time.monotonic()
        self.log(f"worker {worker.name} on {worker.address}:{worker.port} started (pid {worker.proc.pid})")

    def start_haproxy(self) -> None:
        binary = haproxy_path()
        if binary is None:
            raise RuntimeError("HAProxy is not installed: `make serve` installs Debian's haproxy package")
        self.config.write_text(render_config(self.bind, server_lines(self.workers, self.remote), self.publisher),
                               encoding="utf-8")
        check = subprocess.run([binary, "-c", "-q", "-f", str(self.config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"HAProxy refused {self.config}:\n{check.stdout}{check.stderr}")
        # -db: stay in the foreground, so this process sees it exit; -W: master-worker mode (hitless reloads
        # with SIGUSR2 after the configuration file changes).
        self.haproxy = subprocess.Popen([binary, "-W", "-db", "-f", str(self.config)], stdin=subprocess.DEVNULL,
                                        start_new_session=True, preexec_fn=_die_with_parent)
        self.log(f"HAProxy on {self.bind} (pid {self.haproxy.pid}), configuration {self.config}")

    def write_state(self) -> None:
        """run_dir/state.json: the pids and addresses, for the benchmark and the tests (and a curious admin)."""
        state = {"supervisor": os.getpid(), "haproxy": self.haproxy.pid if self.haproxy else None, "bind": self.bind,
                 "workers": [{"name": w.name, "address": w.address, "port": w.port, "restarts": w.restarts,
                              "pid": w.proc.pid if w.proc and w.proc.poll() is None else None} for w in self.workers]}
        tmp = self.run_dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        tmp.replace(self.run_dir / "state.json")

    def check_once(self) -> None:
        """Restart what has exited: a worker at once, or after a growing wait when it keeps dying on start."""
        now = time.monotonic()
        changed = False
        for w in self.workers:
            if w.proc is not None and w.proc.poll() is not None:
                code, lived = w.proc.returncode, now - w.started
                w.proc, w.restarts = None, w.restarts + 1
                w.quick_exits = w.quick_exits + 1 if lived < QUICK_EXIT_SECONDS else 0
                wait = min(MAX_BACKOFF_SECONDS, 2.0 ** (w.quick_exits - 1)) if w.quick_exits else 0.0
                w.not_before = now + wait
                self.log(f"worker {w.name} exited with status {code} after {lived:.0f} s; restarting"
                         + (f" in {wait:.0f} s" if wait else ""))
                changed = True
            if w.proc is None and now >= w.not_before:
                self.start_worker(w)
                changed = True
        if self.haproxy is not None and self.haproxy.poll() is not None:
            self.log(f"HAProxy exited with status {self.haproxy.returncode}; restarting")
            self.start_haproxy()
            changed = True
        if changed:
            self.write_state()

    def stop(self, *_args) -> None:
        self.stopping = True

    def run(self, until=None) -> int:
        """Start everything, then watch until SIGTERM/SIGINT (or until() is true); stop every child on the way out."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        try:
            for w in self.workers:
                self.start_worker(w)
            wait_until_answering(self.workers, timeout=120)
            if self.bind:
                self.start_haproxy()
            self.write_state()
            while not self.stopping and not (until and until()):
                time.sleep(CHECK_SECONDS)
                self.check_once()
        finally:
            self.shutdown()
        return 0

    def shutdown(self) -> None:
        children = [p for p in [self.haproxy, *(w.proc for w in self.workers)] if p is not None]
        for p in children:
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + 10
        for p in children:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.log("stopped")


def build_database() -> bool:
    """Build data/peel.duckdb (or $PEEL_DATA_DIR's) when missing or stale, once, before any worker starts.

    In a child process, so this supervisor stays small (it never loads DuckDB or pandas)."""
    return subprocess.run([sys.executable, "-m", "peel.serve.prepare"], cwd=ROOT).returncode == 0


def wait_until_answering(workers: list[Worker], timeout: float) -> None:
    """Wait (up to timeout) until every worker answers /_stcore/health, so the balancer starts with all of them
    in the rotation; one that does not answer by then joins when its health check passes."""
    import urllib.request

    deadline = time.monotonic() + timeout
    waiting = list(workers)
    while waiting and time.monotonic() < deadline:
        for w in list(waiting):
            try:
                with urllib.request.urlopen(f"http://{w.address}:{w.port}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        waiting.remove(w)
            except OSError:
                pass
        time.sleep(0.2)


def worker_env() -> dict[str, str]:
    """The workers' environment: one cookie secret for all of them (unless one is given), so the cookies a
    worker sets (Streamlit's XSRF token, which uploads must carry) are good on a restarted or other worker.
    Editors must sign in there: the workers listen on loopback, yet serve whoever reaches the balancer."""
    env = dict(os.environ)
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    env[SIGN_IN_ENV] = "required"  # the workers listen on loopback but serve whoever reaches the balancer
    return env


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m peel.serve", description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or os.cpu_count() or 1),
                   help="Streamlit workers on this machine (default $WORKERS, else the number of cores)")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8501),
                   help="the balancer's port (default $PORT, else 8501)")
    p.add_argument("--host", default="0.0.0.0", help="the balancer's address (default every interface)")
    p.add_argument("--worker-address", default="127.0.0.1",
                   help="the address workers bind to (default 127.0.0.1: only this machine's balancer reaches them)")
    p.add_argument("--worker-ports", default=None, metavar="PORT[,PORT...]",
                   help="the workers' ports: the first one (the others follow it) or one per worker "
                        "(default the balancer's port + 1, + 2, ...)")
    p.add_argument("--remote", action="append", default=[], metavar="HOST:PORT",
                   help="another machine's worker, added to the balancer (repeat for each)")
    p.add_argument("--no-balancer", action="store_true", help="workers only (a machine behind another's balancer)")
    p.add_argument("--publisher", metavar="SERVER",
                   help="the worker every fresh load of Add a report goes to (w1, or r1 for the first --remote; "
                        "default w1 when there are --remote workers, else none: any worker here may publish)")
    p.add_argument("--no-publishing", action="store_true",
                   help="this machine's workers do not publish: their Add a report page opens the publisher's")
    p.add_argument("--print-config", action="store_true", help="print the balancer's configuration and exit")
    p.add_argument("--run-dir", type=Path,
                   help="where the configuration and state.json go (default a new temporary folder)")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.workers < 0 or (args.workers == 0 and not args.remote):
        print("--workers must be at least 1 (or 0 with --remote)", file=sys.stderr)
        return 2
    ports = [int(p) for p in (args.worker_ports or str(args.port + 1)).split(",")]
    ports += [ports[-1] + i for i in range(1, args.workers - len(ports) + 1)]
    workers = [Worker(f"w{i + 1}", args.worker_address, ports[i]) for i in range(args.workers)]
    bind = None if args.no_balancer else f"{args.host}:{args.port}"
    publisher = args.publisher or ("w1" if args.remote and workers else None)
    if args.print_config:
        print(render_config(bind or f"{args.host}:{args.port}", server_lines(workers, args.remote), publisher))
        return 0
    if bind and haproxy_path() is None:
        print("HAProxy is not installed: `make serve` installs Debian's haproxy package", file=sys.stderr)
        return 1
    if not build_database():
        return 1
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="peel-serve-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    if args.run_dir is None:  # a folder of our own making goes when we stop
        import atexit

        atexit.register(shutil.rmtree, run_dir, ignore_errors=True)
    log = lambda message: print(f"peel.serve: {message}", flush=True)  # noqa: E731
    env = worker_env()
    if args.no_publishing:
        env[PUBLISHING_ENV] = "off"
    supervisor = Supervisor(workers, bind=bind, remote=args.remote, run_dir=run_dir, env=env, publisher=publisher,
                            log=log)
    if bind:
        log(f"serving on http://{args.host}:{args.port} with {len(workers)} worker(s)"
            + (f" and {len(args.remote)} on other machines" if args.remote else ""))
    return supervisor.run()
