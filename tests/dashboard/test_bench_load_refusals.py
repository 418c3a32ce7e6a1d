"""`python -m peel bench load` fails when its figures would mean nothing (issue 24): arguments that make no sense
are refused by name (exit 2), an address without a scheme or with nothing listening is a sentence (exit 1), and
a run where sessions failed exits 1 saying how many, never 0."""
import socket
import threading

import pytest

from peel.bench import load


@pytest.mark.parametrize("value, message", [("0", "0 sessions: give at least 1"), ("-5", "-5 sessions"),
                                            ("many", "'many' is not a whole number")])
def test_a_number_of_sessions_that_makes_no_sense_is_refused(capsys, value, message):
    with pytest.raises(SystemExit) as stopped:
        load.main(["--sessions", value, "--url", "http://127.0.0.1:1"])
    assert stopped.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("url, message", [
    ("127.0.0.1:8501", "is not an http:// address"),
    ("http://example.org", "only runs against a loopback address"),
    ("http://127.0.0.1:1", "nothing answers at http://127.0.0.1:1"),
])
def test_an_address_it_cannot_use_is_a_sentence(capsys, url, message):
    assert load.main(["--url", url, "--sessions", "1"]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.fixture
def hangs_up():
    """A made-up server on 127.0.0.1 that accepts a connection and closes it at once: no session can succeed."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def test_failed_sessions_fail_the_run(capsys, hangs_up):
    assert load.main(["--url", hangs_up, "--sessions", "2"]) == 1
    captured = capsys.readouterr()
    assert "2 session(s) failed out of 2" in captured.err
    assert "session 0:" in captured.out  # the report still lists what went wrong
