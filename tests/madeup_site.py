"""A MADE-UP inspectorate site for the harvest tests: pages at HMICFRS's address patterns, every grade on them
drawn at random from a seed (none is a real grade), in every layout the harvester reads, with the noise real
pages carry (another force's grades, an earlier inspection's, grade words that grade nothing), plus the
faults a real site has. Served on 127.0.0.1 only by `serve` (a threaded http.server) that logs every request.

Every page says it is made up, in its title and first paragraph.
"""
from __future__ import annotations

import hashlib
import html
import random
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from peel.harvest import addresses
from peel.paths import DATA_DIR
from peel.reports.wording import NOT_A_GRADE, reference

MADE_UP = "MADE-UP TEST PAGE: not HMICFRS's; every grade on it was drawn at random for PEEL Explorer's tests."
REPORT_LAYOUTS = ("columns", "rows", "grade_rows", "headings", "grade_blocks", "definitions", "sentences")
LEGACY_LAYOUTS = ("question_headings", "grade_label", "heading_label", "rows", "definitions")
PILLAR_QUESTION = {"Effectiveness": "effective", "Efficiency": "efficient", "Legitimacy": "legitimate"}
LEAD = {"Outstanding": "outstanding", "Good": "good", "Adequate": "adequate",
        "Requires improvement": "requires improvement", "Inadequate": "inadequate"}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    first_status: int | None = None  # answered once before the real answer (a 503 with Retry-After)
    sleep: float = 0.0  # seconds to wait before answering (a page that times out)


@dataclass
class Site:
    pages: dict = field(default_factory=dict)  # path -> Response
    truth: dict = field(default_factory=dict)  # (force, cycle, area) -> grade or NOT_A_GRADE: every stated grade
    layouts: dict = field(default_factory=dict)  # path -> layout name
    unknown: set = field(default_factory=set)  # (force, cycle, wording) of wordings that name no area
    robots: str = "User-agent: *\nAllow: /\n"
    log: list = field(default_factory=list)  # (monotonic time, path, request headers, status)
    _answered: set = field(default_factory=set)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _label(rng, grade: str) -> str:
    """A grade as pages print it: as is, in capitals or lower case, 'Requires improvement' unbroken."""
    shown = rng.choice((grade, grade, grade.upper(), grade.lower()))
    return _esc(shown).replace(" ", "&nbsp;") if rng.random() < 0.3 else _esc(shown)


def _item(rng, wording: str) -> str:
    """An area as a list item or cell prints it: sometimes with a full stop or in lower case."""
    wording = rng.choice((wording, wording, wording.lower(), wording + "."))
    return _esc(wording)


def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{_esc(title)} (made-up)</title></head>"
            f"<body><header><nav><a href='/'>Home</a> <a href='/peel-reports/'>PEEL reports: Good, Adequate, "
            f"Inadequate explained</a></nav></header><main><p class='made-up'>{_esc(MADE_UP)}</p>{body}</main>"
            f"<aside><h2>Related</h2><p>Gotham Police was rated outstanding at investigating crime.</p></aside>"
            f"<footer>Made-up footer. Requires improvement is one of five grades.</footer></body></html>").encode()


class _Words:
    """Wordings of each area of a cycle that the area list (data/areas.csv) names it by: its name or an alias."""

    def __init__(self, ref, rng: random.Random):
        self.ref, self.rng = ref, rng

    def of(self, area: str, cycle: str) -> str:
        options = [area] + [p for p, a in self.ref.phrases.get(cycle, ()) if a == area and len(p) > 3]
        options = [w for w in options if self.ref.match_area(w, cycle) == area]
        word = self.rng.choice(options)
        return word[0].upper() + word[1:] if word != area else area


def _grade_table(rng, items: dict[str, str], scale, words, cycle) -> str:
    by_grade = {g: [a for a, x in items.items() if x == g] for g in scale}
    cells = []
    for g in scale:
        names = [words.of(a, cycle) for a in by_grade[g]]
        style = rng.choice(("br", "p", "ul"))
        if style == "br":
            cells.append("<td>" + "<br>".join(_item(rng, n) for n in names) + "</td>")
        elif style == "p":
            cells.append("<td>" + "".join(f"<p>{_item(rng, n)}</p>" for n in names) + "</td>")
        else:
            cells.append("<td><ul>" + "".join(f"<li>{_item(rng, n)}</li>" for n in names) + "</ul></td>")
    head = "".join(f"<th scope='col'>{_label(rng, g)}</th>" for g in scale)
    return f"<table class='judgments'><thead><tr>{head}</tr></thead><tbody><tr>{''.join(cells)}</tr></tbody></table>"


def _report_body(rng, layout: str, force: str, cycle: str, items: dict[str, str], not_graded: list[str],
                 scale, words, other_force: str) -> str:
    """The judgments part of a made-up report page in one layout, plus a not-graded area and noise."""
    graded = {a: g for a, g in items.items() if g != NOT_A_GRADE}
    parts = [f"<h1>PEEL {cycle}: {_esc(force)} (made-up)</h1>",
             "<p>The force has a good understanding of its demand, and its plans are adequate in places.</p>",
             f"<h2>Our judgments</h2><p>Our inspection assessed how good the force is in {len(items)} areas. "
             f"We make graded judgments in {len(graded)} of these {len(items)} areas.</p>"]
    if layout == "columns":
        parts.append(_grade_table(rng, graded, scale, words, cycle))
    elif layout == "rows":
        rows = "".join(f"<tr><td>{_item(rng, words.of(a, cycle))}</td><td>{_label(rng, g)}</td></tr>"
                       for a, g in graded.items())
        parts.append(f"<table><tr><th>Area of policing</th><th>Grade</th></tr>{rows}</table>")
    elif layout == "grade_rows":
        rows = "".join(f"<tr><th>{_esc(g)}</th><td>"
                       + "<br>".join(_esc(words.of(a, cycle)) for a in graded if graded[a] == g)
                       + "</td></tr>" for g in scale if g in graded.values())
        parts.append(f"<table>{rows}</table>")
    elif layout == "headings":
        for g in scale:
            names = [words.of(a, cycle) for a in graded if graded[a] == g]
            if names:
                parts.append(f"<h3>{_label(rng, g)}</h3><ul>" + "".join(f"<li>{_item(rng, n)}</li>" for n in names)
                             + "</ul>")
    elif layout == "grade_blocks":  # boxes side by side: a grade in bold over a list, no heading tag
        for g in scale:
            names = [words.of(a, cycle) for a in graded if graded[a] == g]
            if names:
                parts.append(f"<div class='judgment'><p class='judgment__grade'><strong>{_label(rng, g)}</strong></p>"
                             "<ul>" + "".join(f"<li>{_item(rng, n)}</li>" for n in names) + "</ul></div>")
    elif layout == "definitions":
        if rng.random() < 0.5:
            parts.append("<dl>" + "".join(f"<dt>{_esc(words.of(a, cycle))}</dt><dd>{_esc(g)}</dd>"
                                          for a, g in graded.items()) + "</dl>")
        else:
            parts.append("<dl>" + "".join(f"<dt>{_esc(g)}</dt><dd>" + "<br>".join(
                _esc(words.of(a, cycle)) for a in graded if graded[a] == g) + "</dd>"
                for g in scale if g in graded.values()) + "</dl>")
    elif layout == "sentences" and len(graded) > 1 and rng.random() < 0.4:  # one sentence, a grade per area
        said = [f"{LEAD[g]} at {words.of(a, cycle).lower()}" for a, g in graded.items()]
        parts.append(f"<p>We rated the force {_esc(', '.join(said[:-1]))} and {_esc(said[-1])}.</p>")
    elif layout == "sentences":
        for g in scale:
            names = [words.of(a, cycle).lower() for a in graded if graded[a] == g]
            if not names:
                continue
            listed = ", at ".join(names[:-1]) + (" and at " if len(names) > 1 else "") + names[-1]
            template = rng.choice(("We rated the force {g} at {l}.", "The force was graded as {g} at {l}.",
                                   "We found the force to be {g} at {l}.")
                                  + (("The force requires improvement in {l}.",) if g == "Requires improvement"
                                     else ()))
            listed = listed.replace(" at ", " in ") if template.endswith("in {l}.") else listed
            parts.append(f"<p>{_esc(template.format(g=LEAD[g], l=listed))}</p>")
    for area in not_graded:
        if rng.random() < 0.5:
            parts.append(f"<h3>{_esc(words.of(area, cycle))}</h3><p>We don't make a graded judgment in this area.</p>")
        else:
            parts.append(f"<p>We also inspected {_esc(words.of(area, cycle).lower())}. "
                         "We don't make a graded judgment in this area.</p>")
    # Noise: another force's grades, an earlier inspection's, grade words that grade nothing.
    other = dict(list(graded.items())[:3])
    flipped = {a: scale[(scale.index(g) + 1) % len(scale)] for a, g in other.items()}
    parts.append(f"<h2>How {_esc(other_force)} Police was graded in PEEL {cycle}</h2>"
                 + _grade_table(rng, flipped, scale, words, cycle))
    area, grade = next(iter(flipped.items()))
    parts.append(f"<h2>Summary</h2><p>In our previous inspection we rated the force {LEAD[grade]} at "
                 f"{_esc(words.of(area, cycle).lower())}.</p>"
                 "<p>Good work has been done; inadequate records remain.</p>")
    return "".join(parts)


def _legacy_body(rng, layout: str, force: str, cycle: str, title: str, items: dict[str, str], words, ref) -> str:
    """A made-up 2014 to 2018/19 page: each pillar and question a heading with its grade under it."""
    parts = [f"<h1>PEEL {cycle}: {_esc(title)} (made-up)</h1>", "<p>Published on a made-up date.</p>"]
    pillars = [a for a in items if a in PILLAR_QUESTION]
    if layout in ("rows", "definitions"):
        wording = {a: words.of(a, cycle) for a in items}
        if layout == "rows":
            parts.append("<table>" + "".join(f"<tr><td>{_esc(wording[a])}</td><td>{_esc(g)}</td></tr>"
                                             for a, g in items.items()) + "</table>")
        else:
            parts.append("<dl>" + "".join(f"<dt>{_esc(wording[a])}</dt><dd>{_esc(g)}</dd>"
                                          for a, g in items.items()) + "</dl>")
        return "".join(parts)
    for area, grade in items.items():
        if area in pillars:
            adjective = PILLAR_QUESTION[area]
            heading = rng.choice((f"How {adjective} is the force at keeping people safe and reducing crime?",
                                  area))
        else:
            w = words.of(area, cycle)
            heading = rng.choice((w, f"How well does the force deal with {w.lower()}?"))
        if layout == "question_headings":
            parts.append(f"<h2>{_esc(heading)}</h2><p class='grade'>{_label(rng, grade)}</p>")
        elif layout == "grade_label":
            parts.append(f"<h2>{_esc(heading)}</h2><p><strong>Grade:</strong> {_label(rng, grade)}</p>")
        else:
            heading = heading.rstrip("?")
            parts.append(f"<h2>{_esc(heading)}: {_esc(grade)}</h2>")
        parts.append("<p>The force has a good grasp of this; some of its work is outstanding.</p>")
    return "".join(parts)


def make_site(seed: int, forces: list[str], cycles: list[str] | None = None, data_dir: Path = DATA_DIR,
              layouts: tuple = REPORT_LAYOUTS) -> Site:
    """A made-up site for forces and cycles: every page at the address the harvester tries first."""
    rng = random.Random(seed)
    ref = reference(data_dir)
    words = _Words(ref, rng)
    site = Site()
    cycles = cycles or list(ref.cycles)
    targets = addresses.targets(data_dir, "", forces, cycles)
    for target in targets:
        cycle, force = target.cycle, target.force
        areas = list(ref.areas.get(cycle, ()))
        scale = list(ref.scale[cycle])
        if cycle == "2025-27" and rng.random() < 0.5:
            continue  # not inspected yet: every address answers 404
        path = target.urls[0]
        other_force = rng.choice([f for f in ref.forces if f != force and f.split()[0] not in force])
        if target.page == "report":
            not_graded = [rng.choice(areas)] if len(areas) > 3 and rng.random() < 0.6 else []
            items = {a: (NOT_A_GRADE if a in not_graded else rng.choice(scale)) for a in areas}
            layout = rng.choice(layouts)
            body = _report_body(rng, layout, force, cycle, items, not_graded, scale, words, other_force)
        else:
            pillar = target.page.capitalize()
            rows = ref_areas(data_dir, cycle)
            if target.page == "force":
                chosen = [a for a in areas if rows[a]["level"] == "pillar"] or areas
                if cycle == "2014":
                    chosen = areas
            else:
                chosen = [a for a in areas if a == pillar or rows[a]["pillar"] == pillar]
            items = {a: site.truth.get((force, cycle, a)) or rng.choice(scale) for a in chosen}
            layout = rng.choice(LEGACY_LAYOUTS)
            body = _legacy_body(rng, layout, force, cycle, f"{force} {target.page}", items, words, ref)
        site.pages[path] = Response(body=_page(f"PEEL {cycle} {force}", body))
        site.layouts[path] = layout
        for area, grade in items.items():
            site.truth[(force, cycle, area)] = grade
    return site


def ref_areas(data_dir: Path, cycle: str) -> dict:
    import csv

    with open(Path(data_dir) / "areas.csv", newline="", encoding="utf-8") as fh:
        return {r["area"]: r for r in csv.DictReader(fh) if r["cycle"] == cycle}


# -- the server ------------------------------------------------------------------------------------------------
def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet: the log is site.log
            pass

        def do_GET(self):  # noqa: N802
            self.arrived = time.monotonic()
            path = self.path.split("?")[0]
            headers = {k.lower(): v for k, v in self.headers.items()}
            if path == "/robots.txt":
                return self._send(path, headers, Response(body=site.robots.encode(), content_type="text/plain"))
            response = site.pages.get(path) or Response(404, b"<html><body>Made-up 404: no such page</body></html>")
            if response.sleep:
                time.sleep(response.sleep)
            if response.first_status and path not in site._answered:
                site._answered.add(path)
                return self._send(path, headers, Response(response.first_status, b"busy (made-up)",
                                                          headers={"Retry-After": "1"}))
            self._send(path, headers, response)

        def _send(self, path, headers, response: Response):
            etag = '"' + hashlib.sha256(response.body).hexdigest()[:16] + '"'
            status = response.status
            if status == 200 and headers.get("if-none-match") == etag:
                status = 304
            site.log.append((self.arrived, path, headers, status))
            try:
                self.send_response(status)
                for k, v in response.headers.items():
                    self.send_header(k, v)
                if response.status == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", formatdate(1_700_000_000, usegmt=True))
                if status == 304:
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that hung up (a timeout, the end of a run)
        pass


class Server:
    """The made-up site on 127.0.0.1 (a free port), in a thread; stop() shuts it down."""

    def __init__(self, site: Site):
        self.site = site
        self.httpd = _Quiet(("127.0.0.1", 0), _handler(site))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
