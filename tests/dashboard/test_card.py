"""A force's report card, as a panel member prints it: one A4 portrait page (PDF) and a PNG, whose text says
what the Force page says (West Midlands legitimacy Good, Requires improvement, Good; Kent's unnamed grades),
made by `python -m peel card` and by the Force page. Drawn by the system Chromium (kaleido and headless)."""
import shutil
import struct
import subprocess
import sys

import pypdf
import pytest

from peel.figures import card
from peel.paths import ROOT

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (make chromium)")
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def card_of(con, tmp_path_factory):
    """card_of(force): the card of a force as PDF and PNG, from one drawn page (drawn once per force)."""
    drawn = {}

    def make(force):
        if force not in drawn:
            out = tmp_path_factory.mktemp("card")
            page = card.page(con, force)
            pdf, png = card.write(page, out / "card.pdf"), card.write(page, out / "card.png")
            raw = pypdf.PdfReader(pdf).pages[0].extract_text()
            drawn[force] = force, pdf, png, " ".join(raw.split()), raw
        return drawn[force]
    return make


@pytest.fixture(params=["West Midlands", "Kent"])
def made(request, card_of):
    return card_of(request.param)


def test_the_card_is_one_a4_portrait_page_and_a_png(made):
    force, pdf, png, text, _ = made
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4_POINTS[0]) < 2 and abs(float(box.height) - A4_POINTS[1]) < 2
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert abs(height / width - 297 / 210) < 0.01 and width >= 1500  # A4 proportions, print resolution
    assert f"{force} PEEL report card" in text
    # every section is on the page (nothing pushed off the bottom)
    for part in ("the latest cycle: each pillar and theme", "Every grade, 2014 to", "Known but not yet named",
                 "Mapping in use", "Grades are not directly comparable between 2018/19 and 2021/22 or 2021/22 and "
                 "2023-25", "Open Government Licence v3.0"):
        assert part in text, part


def test_the_card_names_the_data_version_and_the_mapping(made, con):
    _, _, _, text, _ = made
    content_hash = con.execute("SELECT content_hash FROM build_info").fetchone()[0]
    assert f"data version {content_hash[:12]}" in text
    assert "midpoint: Adequate halfway between Good and Requires improvement" in text


def test_west_midlands_card_reads_as_the_force_page(card_of, con):
    force, _, _, text, raw = card_of("West Midlands")
    # The history grid on the card is the Force page's figure: legitimacy 2016 Good, 2017 RI, 2018/19 Good.
    history = card.figures(card.gather(con, force))[0][0]
    heat = history.data[0]
    rows = [t.replace("<b>", "").replace("</b>", "") for t in history.layout.yaxis.ticktext]
    cycles = list(history.layout.xaxis.ticktext)
    legitimacy = heat.text[rows.index("LEGITIMACY (pillar)")]
    assert [legitimacy[cycles.index(c)] for c in ("2016", "2017", "2018/19")] == \
        ["Good", "Req. impr.", "Good"]  # one line a printed cell: two were clipped
    # and the PDF carries it as text (vector, not a picture): effectiveness and legitimacy both read so
    grid = raw.split("Every grade, 2014 to")[1]
    assert grid.splitlines().count("Good Good Req. impr. Good") == 2
    # the card leads with 2023-25, West Midlands' latest cycle: nothing named, 9 unknown, 8 counted; the 2021/22
    # grades before it are greyed in their own column, the pillars' 2018/19 grades under "Older grades"
    assert text.index("2023-25, the latest cycle: each pillar and theme") < text.index("Older grades")
    assert ("2023-25 is the latest cycle: 0 grades named, 9 of 9 pillar and theme cells unknown; 8 more counted by "
            "a release but not named (2 Adequate, 3 Requires improvement, 3 Inadequate)") in text
    assert "Investigating crime Unknown (no grade found) Requires improvement, 2021/22" in text
    assert "Legitimacy Good, 2018/19" in text.split("Older grades")[1]
    assert "What moved, 2018/19 to 2021/22" in text
    # 2018/19 -> 2021/22 crosses a break HMICFRS declares: not "declined", and the card links the force's report
    assert "Investigating crime: Good → Requires improvement (moved across the break)" in text
    assert "(declined)" not in text and "(improved)" not in text
    assert "hmicfrs.justiceinspectorates.gov.uk/peel-reports/west-midlands-2021-22" in text.replace(" ", "")
    assert "West Midlands beside the other West Midlands forces in 2023-25" in text
    for other in ("Staffordshire", "Warwickshire", "West Mercia"):
        assert other in text


def test_kent_card_counts_the_grades_not_yet_named(card_of, con):
    force, _, _, text, raw = card_of("Kent")
    unnamed = con.execute("""SELECT cycle, grade, unnamed FROM count_check
                             WHERE force = 'Kent' AND unnamed > 0 ORDER BY cycle""").fetchall()
    assert ("2023-25", "Good", 3) in unnamed
    assert "2023-25: 3 more Good and 2 more Adequate" in text
    assert "Serious and organised crime Good (carried over from 2017), 2018/19" in text
    assert "Kent beside the other South East forces in 2023-25" in text


def test_the_command_line_writes_a_card_and_refuses_what_it_cannot_make(built_db, tmp_path):
    bad = subprocess.run([sys.executable, "-m", "peel", "card", "--force", "Gotham", "--out", str(tmp_path / "c.pdf"),
                          "--db", str(built_db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown force 'Gotham'" in bad.stderr  # as export names an unknown value
    jpg = subprocess.run([sys.executable, "-m", "peel", "card", "--force", "Kent", "--out", str(tmp_path / "c.jpg"),
                          "--db", str(built_db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert jpg.returncode == 1 and ".pdf or .png" in jpg.stderr
    done = subprocess.run([sys.executable, "-m", "peel", "card", "--force", "kent", "--mapping", "adequate_as_ri",
                           "--out", str(tmp_path / "kent.pdf"), "--db", str(built_db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = " ".join(pypdf.PdfReader(tmp_path / "kent.pdf").pages[0].extract_text().split())
    assert "adequate_as_ri" in text and len(pypdf.PdfReader(tmp_path / "kent.pdf").pages) == 1
    assert "Kent PEEL report card" in text and "wrote" in done.stdout and "the Kent report card" in done.stdout
