"""`python -m peel bench`: measure build time, page reruns against a bare Streamlit page, query p95 and,
when Chromium is present, what a person waits for in a browser. Prints numbers; asserts nothing."""
from __future__ import annotations

import functools
import statistics
import tempfile
import time
from pathlib import Path

from peel.bench.stats import percentile
from peel.db import queries
from peel.db.build import build
from peel.paths import DATA_DIR, ROOT

PAGES_DIR = ROOT / "pages"
FLOOR = Path(__file__).resolve().parent / "floor_page.py"
# Browser timings: (page name, URL path, selectbox label, option chosen, text the chart title then shows)
BROWSER_PAGES = [
    ("floor (bare page)", None, "Series", "Bravo", "Floor chart: Bravo"),
    ("force", "/force?force=Kent", "Force", "West Midlands", "West Midlands: every PEEL grade"),
    ("overview", "/", "Pillar or theme", "Legitimacy", "Legitimacy"),
    ("compare", "/compare", "Pillar or theme", "Legitimacy", "Legitimacy"),
]
PICKERS = {"Force": "forces", "Pillar or theme": "themes"}  # the floor's ?picker= holding a page picker's options


@functools.cache  # read once: the floor's reruns then do no more than a bare page
def picker_options(picker: str) -> tuple[str, ...]:
    """The options of a page's picker (the forces, or the pillars and themes), for the floor page."""
    con = queries.connect()
    try:
        return tuple(queries.run(con, picker)["force" if picker == "forces" else "theme"])
    finally:
        con.close()


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def bench_build(rounds: int = 5) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            times.append(build(DATA_DIR, Path(tmp) / "peel.duckdb").seconds)
    return _median(times)


def _rerun_seconds(script: Path, rounds: int) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(script), default_timeout=120)
    app.run()
    if app.exception:
        raise RuntimeError(f"{script.name} raised: {app.exception[0].message}")
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - started)
    return _median(times)


def bench_pages(rounds: int = 5) -> tuple[float, dict[str, float], list[tuple[str, dict]]]:
    """Median AppTest rerun time of the floor and of each page; also every query call the pages made."""
    calls: list[tuple[str, dict]] = []
    original = queries.run

    def recording_run(con, name, **params):
        calls.append((name, params))
        return original(con, name, **params)

    floor = _rerun_seconds(FLOOR, rounds)
    queries.run = recording_run
    try:
        pages = {p.stem: _rerun_seconds(p, rounds) for p in sorted(PAGES_DIR.glob("*.py"))}
    finally:
        queries.run = original
    return floor, pages, calls


def bench_queries(calls: list[tuple[str, dict]], rounds: int = 30) -> dict[str, float]:
    """p95 milliseconds of each query, over the parameter sets the pages used."""
    unique = {}
    for name, params in calls:
        unique.setdefault((name, repr(sorted(params.items()))), (name, params))
    times: dict[str, list[float]] = {}
    con = queries.connect()
    try:
        for name, params in unique.values():
            for _ in range(rounds):
                started = time.perf_counter()
                queries.run(con, name, **params)
                times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    finally:
        con.close()
    return {name: percentile(samples, 0.95) for name, samples in sorted(times.items())}


def _browser_rounds(browser, url: str, label: str, option: str, title: str, rounds: int) -> tuple[float, ...]:
    """Medians over rounds (after one warm-up round, not counted) of: seconds to the first drawn chart; from a
    selectbox change (click, type option, Enter) to the redrawn chart; and of that, from Enter on."""
    from peel.bench.browser import type_choice, wait_for_chart, wait_for_chart_title

    first, change, after_choice = [], [], []
    for _ in range(rounds + 1):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        wait_for_chart(page, 60_000)
        first.append(time.perf_counter() - started)
        started = time.perf_counter()
        type_choice(page, label, option)
        chosen = time.perf_counter()
        page.keyboard.press("Enter")
        wait_for_chart_title(page, title, 60_000)
        change.append(time.perf_counter() - started)
        after_choice.append(time.perf_counter() - chosen)
        context.close()
    return _median(first[1:]), _median(change[1:]), _median(after_choice[1:])


def bench_browser(rounds: int = 5) -> dict[str, tuple[float, ...]]:
    """Per page: _browser_rounds' three medians, then the floor's filter change making the same choice from the
    same options."""
    from peel.bench.browser import chromium, streamlit_server

    results = {}
    with streamlit_server(FLOOR) as floor_url, streamlit_server(ROOT / "app.py") as app_url, chromium() as browser:
        for name, path, label, option, title in BROWSER_PAGES:
            if path is None:
                results[name] = (*_browser_rounds(browser, floor_url, label, option, title, rounds), None)
                continue
            same = _browser_rounds(browser, f"{floor_url}?picker={PICKERS[label]}", "Series", option,
                                   f"Floor chart: {option}", rounds)
            results[name] = (*_browser_rounds(browser, app_url + path, label, option, title, rounds), same[1])
    return results


def main() -> int:
    from peel.figures.static_export import chromium_path
    from peel.db.build import ensure_built

    ensure_built()
    print("PEEL Explorer benchmark (one run; medians unless stated)")
    print(f"build: {bench_build() * 1000:.0f} ms (python -m peel build, median of 5)")

    floor, pages, calls = bench_pages()
    print(f"\nAppTest rerun, median of 5 (floor = bare script with one Plotly chart: {floor * 1000:.0f} ms)")
    for name, seconds in pages.items():
        print(f"  {name:<14} {seconds * 1000:7.0f} ms  {seconds / floor:5.1f}x floor")

    print("\nquery p95 over 30 runs of each parameter set the pages used")
    for name, p95 in bench_queries(calls).items():
        print(f"  {name:<24} {p95:7.1f} ms")

    if chromium_path() is None:
        print("\nbrowser: skipped (Chromium not installed; `make bench` installs it)")
        return 0
    print("\nheadless Chromium, median of 5 after one warm-up: first chart drawn; filter change = selectbox "
          "click, type the option, Enter, to the redrawn chart; of that, Enter to the redrawn chart; and the "
          "filter change against the floor making the same choice from the same options")
    results = bench_browser()
    floor_first, floor_change, floor_after, _ = results["floor (bare page)"]
    for (name, (first, change, after, same)), option in zip(results.items(), (p[3] for p in BROWSER_PAGES)):
        line = (f"  {name:<18} first chart {first:5.2f} s ({first / floor_first:3.1f}x floor)   filter change "
                f"{change:5.2f} s ({change / floor_change:3.1f}x floor)   after Enter {after:4.2f} s "
                f"({after / floor_after:3.1f}x)")
        if same is not None:
            line += f"   floor choosing “{option}” from the same options: {same:4.2f} s, so {change / same:3.1f}x"
        print(line)
    return 0
