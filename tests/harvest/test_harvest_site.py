"""python -m peel harvest against MADE-UP sites served on 127.0.0.1 (tests/madeup_site.py): never the network.

A held-out site drawn from a seed no test has used before, in every layout, is read with at least 95% of its
stated grades, no wrong grade and no grade it does not state; conflicts with held grades are flagged; data/
is untouched; requests are spaced by --delay; a second run revalidates from the cache. A site with the faults
of a real one (redirect, 503 then 200, 404, timeout, robots.txt, huge page, unreadable layout, PDF-only page)
is read to the end, each fault reported.
"""
from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

import pytest

from peel.cli import main
from peel.db import queries
from peel.paths import DATA_DIR
from peel.reports.wording import NOT_A_GRADE
from tests.fixtures.madeup_site import Response, Server, make_site
from tests.fixtures.pdfs import pdf_grade_columns

DELAY = 0.05
FORCES = ["Kent", "Norfolk", "Hampshire", "Metropolitan Police Service", "Dyfed-Powys", "Cleveland", "Surrey",
          "North Wales", "Avon and Somerset", "West Midlands", "City of London", "Lincolnshire"]
USED_SEEDS = {7}  # the fault site's


def data_fingerprint() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA_DIR.iterdir())
            if p.is_file() and not p.name.endswith(".lock")}


def harvest(capsys, server: Server, tmp_path: Path, db: Path, *options: str) -> tuple[str, list[dict]]:
    out = tmp_path / "review.csv"
    code = main(["harvest", "--site", server.url, "--out", str(out), "--cache", str(tmp_path / "cache"),
                 "--delay", str(DELAY), "--timeout", "0.5", "--db", str(db), *options])
    printed = capsys.readouterr().out
    assert code == 0, printed
    with open(out, newline="", encoding="utf-8-sig") as fh:
        return printed, list(csv.DictReader(fh))


@pytest.fixture
def held_out(tmp_path):
    seed = random.SystemRandom().randrange(10**6, 10**9)
    assert seed not in USED_SEEDS
    rng = random.Random(seed)
    forces = rng.sample(FORCES, 2)
    site = make_site(seed, forces)
    server = Server(site)
    yield seed, forces, site, server
    server.stop()


def test_a_held_out_site_is_read_right_and_politely(held_out, tmp_path, capsys, built_db, con):
    seed, forces, site, server = held_out
    before = data_fingerprint()
    options = [o for f in forces for o in ("--force", f)]
    printed, rows = harvest(capsys, server, tmp_path, built_db, *options)
    context = f"seed {seed}, forces {forces}\n{printed}"

    read = {(r["force"], r["cycle"], r["area"]): r for r in rows if r["status"] != "unknown area"}
    right = [k for k, grade in site.truth.items() if k in read and read[k]["grade"] == grade]
    assert len(right) >= 0.95 * len(site.truth), context
    wrong = {k: (site.truth[k], read[k]["grade"]) for k in read
             if k in site.truth and read[k]["grade"] != site.truth[k]}
    assert wrong == {}, context
    unstated = [k for k in read if k not in site.truth]
    assert unstated == [], context

    # each row compared with the grade held in the database
    held = {(r["force"], r["cycle"], r["area"]): r["grade"]
            for r in queries.run(con, "harvest_held_grades").to_dict("records")}
    held.update({(r["force"], r["cycle"], r["area"]): r["status"]  # not graded, not inspected
                 for r in queries.run(con, "harvest_held_not_graded").to_dict("records")})
    conflicts = [r for r in rows if r["status"] == "conflicts" and r["grade"] != NOT_A_GRADE]
    assert conflicts, context  # random grades against real ones: some differ
    for r in conflicts:
        assert r["held_grade"] == held[(r["force"], r["cycle"], r["area"])] != r["grade"]
    for r in rows:
        if r["status"] == "agrees":
            assert held[(r["force"], r["cycle"], r["area"])] == r["grade"]
        if r["status"] == "new":
            assert (r["force"], r["cycle"], r["area"]) not in held
    assert data_fingerprint() == before

    assert all(headers.get("user-agent", "").startswith("PEEL-Explorer-harvest/") for _, _, headers, _ in site.log)
    assert not [path for _, path, _, _ in site.log if path.endswith(".pdf")]  # every page read in full
    # at least --delay between two requests to the host, from the server's own log
    times = sorted(t for t, *_ in site.log)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= DELAY * 0.98, f"closest requests {min(gaps):.4f} s apart"

    # a second run asks with the cached ETag and is answered 304: almost nothing downloaded again
    first = len(site.log)
    full_before = sum(1 for _, _, _, status in site.log if status == 200)
    printed_again, rows_again = harvest(capsys, server, tmp_path, built_db, *options)
    second = site.log[first:]
    conditional = [e for e in second if "if-none-match" in e[2]]
    full_again = sum(1 for _, _, _, status in second if status == 200)
    assert len(conditional) >= 0.9 * full_before, printed_again
    assert full_again <= 0.05 * full_before, printed_again
    assert "revalidated: 304" in printed_again
    assert sorted(map(sorted, (r.items() for r in rows_again))) == sorted(map(sorted, (r.items() for r in rows)))


FAULT_FORCES = ["Kent", "Norfolk"]
FAULT_CYCLES = ["2017", "2021/22", "2023-25", "2025-27"]


@pytest.fixture
def fault_site():
    """The made-up site with the faults of a real one, at fixed addresses."""
    site = make_site(7, FAULT_FORCES, FAULT_CYCLES)
    for path in [p for p in site.pages if "2025-2" in p]:
        del site.pages[path]  # 2025-27 not published: 404 at every address
    # a redirect: the page moved
    site.pages["/peel-reports/kent-2021-22/full/"] = site.pages.pop("/peel-reports/kent-2021-22/")
    site.pages["/peel-reports/kent-2021-22/"] = Response(301, b"",
                                                         headers={"Location": "/peel-reports/kent-2021-22/full/"})
    # busy once (503 with Retry-After), then the page
    site.pages["/peel-reports/kent-2023-25/"].first_status = 503
    # slower than --timeout
    site.pages["/peel-assessments/peel-2017/kent/legitimacy/"].sleep = 1.5
    drop_truth(site, "Kent", "2017", ["Treating the public with fairness and respect",
                                      "Ensuring the workforce behaves ethically and lawfully",
                                      "Treating the workforce with fairness and respect"])
    # robots.txt keeps the harvester off a page
    site.robots = "User-agent: *\nDisallow: /peel-assessments/peel-2017/kent/efficiency/\n"
    drop_truth(site, "Kent", "2017", ["Understanding demand", "Use of resources to manage demand",
                                      "Planning for future demand"])
    # a huge page
    site.pages["/peel-assessments/peel-2017/norfolk/effectiveness/"] = Response(
        body=b"<html><body><p>MADE-UP huge page</p>" + b"<p>padding</p>" * 500_000 + b"</body></html>")
    drop_truth(site, "Norfolk", "2017", ["Preventing crime and tackling anti-social behaviour",
                                         "Investigating crime and reducing re-offending",
                                         "Protecting vulnerable people and supporting victims",
                                         "Tackling serious and organised crime"])
    # a layout nothing reads: grades only as pictures
    site.pages["/peel-assessments/peel-2017/norfolk/legitimacy/"] = Response(body=(
        b"<html><head><title>MADE-UP unreadable layout</title></head><body><main><h1>Norfolk legitimacy (made-up)</h1>"
        b"<div class='judgment'><img src='/g/good.png' alt=''><span>Treating the public with fairness and respect"
        b"</span></div></main></body></html>"))
    drop_truth(site, "Norfolk", "2017", ["Treating the public with fairness and respect",
                                         "Ensuring the workforce behaves ethically and lawfully",
                                         "Treating the workforce with fairness and respect"])
    # a wording that names no area: listed as `unknown area`, not dropped
    page = site.pages["/peel-reports/norfolk-2023-2025/"]
    page.body = page.body.replace(b"</main>", b"<h2>More judgments</h2><table><tr><td>Made-up area of policing</td>"
                                  b"<td>Good</td></tr></table></main>")
    # a page that states no grade but links its report PDF
    pdf_grades = {"Outstanding": [], "Good": ["Investigating crime", "Protecting vulnerable people"],
                  "Adequate": ["Responding to the public"], "Requires improvement": ["Treatment of the public"],
                  "Inadequate": []}
    pdf = pdf_grade_columns(["MADE-UP TEST DATA - not a real report", "Norfolk Constabulary PEEL 2021/22"], pdf_grades)
    site.pages["/peel-reports/norfolk-2021-22/"] = Response(body=(
        b"<html><head><title>PEEL 2021/22 Norfolk (made-up)</title></head><body><main><h1>Norfolk PEEL 2021/22 "
        b"(made-up)</h1><p>We make graded judgments in four of these eleven areas. We found the force to be good at "
        b"investigating crime. Read how the force was graded in the full report.</p>"
        b"<p><a href='/peel-reports/norfolk-2021-22/report.pdf'>Download the report (PDF)</a></p></main></body></html>"
    ))
    site.pages["/peel-reports/norfolk-2021-22/report.pdf"] = Response(body=pdf, content_type="application/pdf")
    for key in [k for k in site.truth if k[:2] == ("Norfolk", "2021/22")]:
        del site.truth[key]
    for grade, areas in pdf_grades.items():
        for area in areas:
            site.truth[("Norfolk", "2021/22", area)] = grade
    server = Server(site)
    yield site, server
    server.stop()


def drop_truth(site, force, cycle, areas):
    """The questions of a pillar page the harvester cannot read are not expected (its pillar grade is also on
    the force's page, so it still is)."""
    for area in areas:
        site.truth.pop((force, cycle, area), None)


def test_the_faults_of_a_real_site_are_reported_and_the_run_goes_on(fault_site, tmp_path, capsys, built_db):
    site, server = fault_site
    before = data_fingerprint()
    printed, rows = harvest(capsys, server, tmp_path, built_db, "--force", "Kent", "--force", "Norfolk",
                            *(o for c in FAULT_CYCLES for o in ("--cycle", c)))
    print(printed)
    requested = [path for _, path, _, _ in site.log]
    assert "/peel-assessments/peel-2017/kent/efficiency/" not in requested  # robots.txt
    assert "disallowed by robots.txt" in printed
    assert "/peel-reports/kent-2021-22/full/" in requested  # the redirect followed
    kent_2021 = [r for r in rows if r["force"] == "Kent" and r["cycle"] == "2021/22"]
    assert kent_2021 and all(r["source_url"].endswith("/peel-reports/kent-2021-22/full/") for r in kent_2021)
    assert requested.count("/peel-reports/kent-2023-25/") == 2  # 503, then retried after Retry-After
    assert any(r["cycle"] == "2023-25" and r["force"] == "Kent" for r in rows)
    assert "timed out after 0.5 s" in printed
    assert "too large" in printed
    assert "HTTP 404" in printed and "Kent 2025-27 report" in printed
    assert "Norfolk 2017 legitimacy" in printed.split("nothing readable")[1]  # the unreadable layout, listed
    pdf_rows = {r["area"]: r["grade"] for r in rows if r["force"] == "Norfolk" and r["cycle"] == "2021/22"}
    assert pdf_rows == {"Investigating crime": "Good", "Protecting vulnerable people": "Good",
                        "Responding to the public": "Adequate", "Treatment of the public": "Requires improvement"}
    assert "report PDFs read (their page stated fewer grades than it gives): 1" in printed
    unknown = [(r["force"], r["cycle"], r["area"], r["grade"]) for r in rows if r["status"] == "unknown area"]
    assert unknown == [("Norfolk", "2023-25", "Made-up area of policing", "Good")]
    read = {(r["force"], r["cycle"], r["area"]): r["grade"] for r in rows if r["status"] != "unknown area"}
    assert {k: g for k, g in read.items() if site.truth.get(k) != g} == {}
    assert len([k for k in site.truth if k in read]) >= 0.95 * len(site.truth)
    assert data_fingerprint() == before
