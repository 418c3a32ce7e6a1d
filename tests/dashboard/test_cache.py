"""The dashboard's shared caches (peel.dashboard.cache): bounded, one data version at a time, one computation
per key however many sessions ask at once."""
import threading
import time

from peel.dashboard import cache


def counting(max_entries=3):
    calls = []

    @cache.shared(max_entries)
    def square(version, n):
        calls.append((version, n))
        return n * n

    return square, calls


def test_a_new_data_version_drops_every_entry_of_the_old_one():
    square, calls = counting()
    cache.serve("v1")
    assert [square("v1", n) for n in (1, 2, 2)] == [1, 4, 4]
    assert len(square.cache) == 2 and len(calls) == 2
    cache.serve("v2")  # a rebuilt database is served: the old entries go before anyone asks again
    assert len(square.cache) == 0
    assert square("v2", 2) == 4 and calls[-1] == ("v2", 2)


def test_a_run_still_on_the_old_version_is_answered_but_nothing_of_it_is_kept():
    square, calls = counting()
    cache.serve("v1")
    square("v1", 1)
    cache.serve("v2")
    assert square("v1", 3) == 9  # a page run that began before the rebuild finishes
    assert len(square.cache) == 0
    square("v2", 3)
    assert square.cache.version == "v2" and len(square.cache) == 1


def test_each_cache_keeps_at_most_its_bound_dropping_the_least_recently_used():
    square, calls = counting(max_entries=3)
    cache.serve("v1")
    for n in (1, 2, 3):
        square("v1", n)
    square("v1", 1)  # used again: 2 is now the least recent
    square("v1", 4)
    assert len(square.cache) == 3
    calls.clear()
    square("v1", 1), square("v1", 3), square("v1", 4)
    assert calls == []
    square("v1", 2)
    assert calls == [("v1", 2)]


def test_sessions_asking_for_the_same_value_at_once_compute_it_once():
    calls = []

    @cache.shared(8)
    def slow(version, n):
        calls.append(n)
        time.sleep(0.2)
        return n

    cache.serve("v1")
    start = threading.Barrier(10)
    results = []

    def ask():
        start.wait()
        results.append(slow("v1", 7))

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == [7] * 10 and calls == [7]


def test_after_a_rebuild_the_app_holds_only_the_new_databases_entries(data_copy, monkeypatch):
    """A publication rebuilds the database: the next page run empties every cache of the old version (a worker's
    memory does not grow with each publication), and what it shows comes from the new file."""
    from streamlit.testing.v1 import AppTest

    from peel.db.build import build
    from peel.paths import ROOT

    monkeypatch.setenv("PEEL_DATA_DIR", str(data_copy))
    build(data_copy, data_copy / "peel.duckdb")
    at = AppTest.from_file(str(ROOT / "pages" / "force.py"), default_timeout=60)
    at.run()
    assert not at.exception
    old = cache.served_version()
    filled = {c.name for c in cache.caches() if len(c) and c.version == old}
    assert {"peel.dashboard.data._cached_run", "peel.dashboard.cache._cached_figure"} <= filled

    build(data_copy, data_copy / "peel.duckdb")  # a new file, as Add a report or `make data` writes it
    at.run()
    assert not at.exception
    new = cache.served_version()
    assert new != old
    assert all(c.version == new or len(c) == 0 for c in cache.caches())
    assert [c.name for c in cache.caches() if c.version == old and len(c)] == []
