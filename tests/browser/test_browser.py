"""What a person sees: the real app in headless Chromium (Debian's package, driven by Playwright).

Each page opens without an error and draws; changing a filter changes the chart and the table; the CSV a
person downloads holds the rows shown. Screenshots of every page go to screenshots/ (git-ignored).
`make test` installs Chromium when it is missing, so a missing browser fails these tests rather than
skipping them.
"""
import csv
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from peel.bench.browser import chromium, choose, streamlit_server, wait_for_chart, wait_for_chart_title, wait_until_idle
from peel.paths import ROOT

SCREENSHOTS = ROOT / "screenshots"
CHART, TABLE = "chart", "[data-testid=stDataFrame] canvas >> visible=true"
PAGES = {  # name: (URL path, what the page shows first once it has drawn)
    "overview": ("/", CHART),
    "force": ("/force?force=West+Midlands", CHART),
    "compare": ("/compare", CHART),
    "movers": ("/movers", CHART),
    "data": ("/data", TABLE),
    "methodology": ("/methodology", TABLE),
    "add_report": ("/add_report", "[data-testid=stFileUploader]"),
}


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


def open_page(page, url, shows: str = CHART):
    """Open url and wait until it has drawn what it shows first (a chart, a table or an input)."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1", timeout=60_000)
    if shows == CHART:
        wait_for_chart(page, 60_000)
    else:
        page.wait_for_selector(shows, state="visible", timeout=60_000)
        wait_until_idle(page, 60_000)


def download_csv(page, label_start: str) -> list[dict]:
    with page.expect_download() as caught:
        page.locator("[data-testid=stDownloadButton] button").filter(has_text=label_start).first.click()
    raw = Path(caught.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a CSV download starts with the UTF-8 byte-order mark (Excel)"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def nav_labels(page) -> list[str]:
    return [t.strip().split("\n")[-1] for t in
            page.eval_on_selector_all("[data-testid=stSidebarNavLink]", "els => els.map(e => e.innerText)")]


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
         "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                       "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_at_phone_width_fits_and_is_screenshotted(phone, app_url, name):
    """At 390 x 844 nothing is wider than the screen: no chart, table or title clipped or scrolling sideways."""
    path, shows = PAGES[name]
    open_page(phone, app_url + path, shows)
    assert phone.locator("[data-testid=stException]").count() == 0
    too_wide = phone.eval_on_selector_all(
        "[data-testid=stMainBlockContainer] .js-plotly-plot .main-svg, [data-testid=stMainBlockContainer] h1",
        "els => els.filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length")
    assert too_wide == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)


def test_fresh_overview_link_opens_without_page_not_found(page, app_url):
    page.goto(app_url + "/overview?theme=Legitimacy")
    wait_for_chart(page, 60_000)
    wait_for_chart_title(page, "Legitimacy: share")
    assert page.get_by_text("Page not found").count() == 0
    assert "/overview" in page.url


def test_no_deploy_button_for_users(page, app_url):
    open_page(page, app_url + "/")
    assert page.get_by_role("button", name="Deploy").count() == 0


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_draws_and_is_screenshotted(page, app_url, name):
    path, shows = PAGES[name]
    open_page(page, app_url + path, shows)
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Methodology and coverage" in nav_labels(page)  # the app's navigation, not the file names
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_force_page_filter_changes_chart_table_and_csv(page, app_url):
    open_page(page, app_url + "/force?force=Kent")
    wait_for_chart_title(page, "Kent: every PEEL grade")
    kent = download_csv(page, "grades of Kent")
    assert {r["force"] for r in kent} == {"Kent"}

    choose(page, "Force", "West Midlands")
    wait_for_chart_title(page, "West Midlands: every PEEL grade")
    wait_until_idle(page)
    assert "force=West+Midlands" in page.url  # the view is in the link
    page.locator("[data-testid=stDownloadButton] button").filter(has_text="grades of West Midlands").wait_for()
    rows = download_csv(page, "grades of West Midlands")
    assert {r["force"] for r in rows} == {"West Midlands"} and len(rows) != len(kent)
    legitimacy = {r["cycle"]: r["grade"] for r in rows if r["area"] == "Legitimacy"}
    assert [legitimacy[c] for c in ("2016", "2017", "2018/19")] == ["Good", "Requires improvement", "Good"]
    assert all(r["source_url"] for r in rows)


def test_data_page_region_filter_and_csv_of_exactly_the_rows_shown(page, app_url):
    open_page(page, app_url + "/data", TABLE)
    everything = download_csv(page, "Download these")
    page.locator("[data-testid=stMultiSelect]").filter(has_text="Region").first.click()
    page.keyboard.type("Wales")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('region=Wales')", timeout=30_000)
    # Streamlit keeps the stale button on screen for a moment: wait until only the updated one is left.
    page.wait_for_function(
        "n => { const b = [...document.querySelectorAll('[data-testid=stDownloadButton] button')]"
        ".filter(e => e.innerText.includes('Download these'));"
        " return b.length === 1 && !b[0].innerText.includes(`these ${n} rows`); }",
        arg=len(everything), timeout=30_000)
    wait_until_idle(page)
    label = page.locator("[data-testid=stDownloadButton] button").filter(has_text="Download these").inner_text()
    rows = download_csv(page, "Download these")
    assert 0 < len(rows) < len(everything)
    assert {r["region"] for r in rows} == {"Wales"}
    assert f"Download these {len(rows)} rows" in label
    assert {r["force"] for r in rows} <= {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}


def test_pasted_link_reopens_the_same_view(page, app_url):
    open_page(page, app_url + "/compare?theme=Legitimacy&region=Wales&sort=latest")
    wait_for_chart_title(page, "Legitimacy: each force")
    ticks = page.eval_on_selector_all(".js-plotly-plot .ytick text", "els => els.map(e => e.textContent)")
    assert set(ticks) == {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}


def test_overview_theme_change_redraws_the_chart(page, app_url):
    open_page(page, app_url + "/")
    wait_for_chart_title(page, "Investigating crime: share")
    choose(page, "Pillar or theme", "Legitimacy")
    wait_for_chart_title(page, "Legitimacy: share")
    assert "theme=Legitimacy" in page.url


def test_bad_link_gets_a_note_not_a_traceback(page, app_url):
    open_page(page, app_url + "/force?force=Gotham+City")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_text("Gotham City").count() > 0


@pytest.mark.parametrize("width, height", [(1400, 1000), (390, 844)])
def test_add_report_lists_unread_lines_and_reads_again_for_another_cycle(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        open_page(page, app_url + "/add_report", "[data-testid=stFileUploader]")
        page.locator("textarea").first.fill("MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nPreventing crime: Good\n"
                                            "The force was rated adequate at the thing we call the new area.\n")
        page.locator("textarea").first.press("Control+Enter")
        page.get_by_text("1 grade(s) read from pasted text").wait_for(timeout=60_000)
        page.get_by_text("1 line(s) of the document mention a grade but were not read").click()
        page.get_by_text("Turn a line into a grade").wait_for(timeout=30_000)
        wait_until_idle(page)
        unread = page.locator("[data-testid=stExpander] [data-testid=stDataFrame]").first
        unread.wait_for(state="visible", timeout=30_000)
        assert page.locator("[data-testid=stException]").count() == 0
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"add_report_unread_{width}.png"), full_page=True)
        choose(page, "PEEL cycle", "2021/22")
        page.get_by_text("Read again for Kent 2021/22").wait_for(timeout=60_000)
        page.get_by_text("1 grade(s) read from pasted text").wait_for(timeout=30_000)  # not an emptied table
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()


# Hostile text (issue 12, 3): a link, an image, emphasis and Streamlit's own markup fed through every page's
# URL parameters, a document's text and an uploaded file's name must show as the characters typed.
TRAP = "127.0.0.1:9"  # a closed loopback port: nothing is ever fetched from it
PAYLOAD = (f"[click me](http://{TRAP}/link) ![trap](http://{TRAP}/img.png) **Official notice** _urgent_ "
           f":red[alert] <http://{TRAP}/angle> http://{TRAP}/bare")
PARAMS = ("force", "show", "theme", "region", "sort", "from", "to", "cycle", "grade", "peer", "peers", "view",
          "name", "mapping", "source_kind")
HOSTILE_PAGES = ("/", "/force", "/compare", "/movers", "/data", "/methodology")


def assert_nothing_injected(page, fetched):
    main = "[data-testid=stMain]"
    links = page.eval_on_selector_all(f"{main} a", "els => els.map(e => new URL(e.href).host + ' ' + e.innerText)")
    assert not [link for link in links if link.startswith(TRAP) or "click me" in link or "trap" in link], links
    assert page.locator(f"{main} img[src*='{TRAP}'], {main} img[alt=trap]").count() == 0
    styled = page.eval_on_selector_all(f"{main} strong, {main} em, {main} b, {main} i, {main} span[class*=color], "
                                       f"{main} [style*=color]", "els => els.map(e => e.innerText)")
    assert not [s for s in styled if "Official notice" in s or "urgent" in s or s.strip() == "alert"], styled
    headings = page.eval_on_selector_all(f"{main} h1, {main} h2, {main} h3, {main} h4",
                                         "els => els.map(e => e.innerText.trim())")
    assert not [h for h in headings if h.startswith(("Official notice", "**Official", "[click"))], headings
    assert not [u for u in fetched if TRAP in u], fetched


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_url_parameters_show_as_plain_text(page, app_url, path):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    query = "&".join(f"{key}={quote(PAYLOAD)}" for key in PARAMS)
    page.goto(f"{app_url}{path}?{query}")
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1", timeout=60_000)
    page.locator("[data-testid=stAlert]").filter(has_text="Official notice").first.wait_for(timeout=60_000)
    wait_until_idle(page, 60_000)
    assert page.locator("[data-testid=stException]").count() == 0
    shown = page.locator("[data-testid=stAlert]").filter(has_text="This link asked for").first.inner_text()
    shown = shown.replace("\u2060", "")  # the invisible word joiner that stops autolinks
    assert f"[click me](http://{TRAP}/link)" in shown and "**Official notice**" in shown  # literally
    assert_nothing_injected(page, fetched)


def test_a_document_and_its_file_name_show_as_plain_text(page, app_url):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    open_page(page, app_url + "/add_report", "[data-testid=stFileUploader]")
    text = (f"MADE-UP TEST DATA\nKent Police: PEEL 2023-25\nInvestigating crime: Good\n"
            f"{PAYLOAD}: Good\n")
    name = "**Official notice** [click me](report) ![trap](x.png) _urgent_.txt"
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": text.encode("utf-8")})
    page.locator("h3").filter(has_text="read from").first.wait_for(timeout=60_000)
    wait_until_idle(page, 60_000)
    assert page.locator("[data-testid=stException]").count() == 0
    heading = page.locator("h3").filter(has_text="read from").first.inner_text()
    assert "**Official notice** [click me](report)" in heading
    assert page.locator("[data-testid=stAlert]").filter(has_text="Official notice").count() > 0  # the document line
    assert_nothing_injected(page, fetched)


def test_the_load_benchmark_client_speaks_streamlits_protocol(app_url):
    """Two sessions of `python -m peel bench load` against the served app: every load and filter change
    gets its force's chart (the client checks the chart is the force it asked for), without errors."""
    from peel.bench import load

    row, = load.run(app_url, counts=(2,))
    assert row["errors"] == [] and row["requests"] == 2 * (1 + load.CHANGES)
    assert 0 < row["load_p50"] <= row["load_p95"] < load.TIMEOUT


def test_force_grid_on_a_phone_shows_every_cycle_inside_the_screen(phone, app_url):
    """Kent's whole history at 390 px: all eight cycles labelled, the 2025-27 column inside the screen."""
    open_page(phone, app_url + "/force?force=Kent")
    wait_for_chart_title(phone, "Kent: every PEEL grade")
    ticks = phone.eval_on_selector_all(
        ".js-plotly-plot .xtick text",
        "els => els.map(e => [e.textContent, e.getBoundingClientRect().left, e.getBoundingClientRect().right])")
    assert [t[0] for t in ticks[:8]] == ["2014", "2015", "2016", "2017", "18/19", "21/22", "23-25", "25-27"]
    assert all(left >= 0 and right <= 390 for _, left, right in ticks[:8])
    assert all(a[2] <= b[1] for a, b in zip(ticks[:7], ticks[1:8]))  # no two labels overlap
    key = phone.eval_on_selector_all(".js-plotly-plot .legendtext", "els => els.map(e => e.textContent)")
    assert any("G*" in k for k in key) and any(k.startswith("? =") for k in key)


def test_force_grid_in_a_narrow_desktop_window_scrolls_inside_its_box(browser, app_url):
    """A 390-px desktop window (no phone user agent) gets the full grid at a width its labels read at,
    scrolling sideways inside the chart's box; the page itself does not scroll sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, app_url + "/force?force=Kent")
        wait_for_chart_title(page, "Kent: every PEEL grade")
        box = page.locator("[class*=st-key-wide-] >> visible=true").first
        widths = box.evaluate("e => [e.scrollWidth, e.clientWidth, "
                              "e.querySelector('.main-svg').getBoundingClientRect().width]")
        assert widths[2] >= 800 and widths[0] > widths[1]
        assert page.evaluate("document.documentElement.scrollWidth") <= 391
        ticks = page.eval_on_selector_all(".js-plotly-plot .xtick text",
                                          "els => els.map(e => e.getBoundingClientRect())")
        assert all(a["right"] <= b["left"] for a, b in zip(ticks[:7], ticks[1:8]))  # full labels, not overlapping
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "narrow-force.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_charts_are_drawn_once_with_their_labels_inside_and_the_cells_given_the_width(browser, app_url, device):
    """Each chart's margins already hold its labels, so Plotly draws it once (automargin would redraw the
    whole chart to make room); on a phone the cells keep most of the width, not an empty axis-title strip."""
    context = browser.new_context(**(PHONE if device == "phone" else {"viewport": {"width": 1400, "height": 1000}}))
    page = context.new_page()
    try:
        for path in ("/force?force=Kent", "/compare", "/compare?view=cycle&region=South+East", "/"):
            open_page(page, app_url + path)
            for title, pushed, plot_share in page.eval_on_selector_all(".js-plotly-plot", """gds => gds.map(gd => {
                    const size = gd._fullLayout._size, margin = gd.layout.margin;
                    return [gd.layout.title.text, ['l', 'r', 't', 'b'].filter(k => Math.round(size[k]) > margin[k]),
                            size.w / gd._fullLayout.width]; })"""):
                assert pushed == [], f"{path}: {title} needed more room on {pushed}"
                if device == "phone" and "peers" not in title:
                    assert plot_share >= 0.6, f"{path}: {title} gives its cells {plot_share:.0%} of the width"
    finally:
        context.close()


def test_peers_on_a_phone_name_every_force_without_overlap(phone, app_url):
    """Kent beside the other South East forces at 390 px: each force's name is inside the screen and clear of
    its neighbours ("Thames Valley" wraps rather than running into "Sussex")."""
    open_page(phone, app_url + "/force?force=Kent")
    wait_for_chart_title(phone, "Kent and its peers")
    peers = phone.locator(".js-plotly-plot").filter(has_text="Kent and its peers").first
    ticks = peers.evaluate("gd => [...gd.querySelectorAll('.xtick text')].map(e => "
                           "[e.textContent, e.getBoundingClientRect().left, e.getBoundingClientRect().right])")
    assert [t[0] for t in ticks] == ["Kent", "Hampshire", "Surrey", "Sussex", "ThamesValley"]
    assert all(left >= 0 and right <= 390 for _, left, right in ticks)
    assert all(a[2] <= b[1] for a, b in zip(ticks, ticks[1:])), ticks


# Every text a page draws, measured where the browser put it: Plotly's SVG text (titles, ticks, cell text,
# legend, notes) and the page's own labels, buttons, metrics and captions. A problem is text overlapping other
# text, running out of its chart or its heatmap cell (or a carried-over cell's frame), cut off by its box, off
# the screen, or under Plotly's toolbar.
TEXT_PROBLEMS = """() => {
  const problems = [], px = 1.5;
  const shown = e => { const s = getComputedStyle(e); return s.display !== 'none' && s.visibility !== 'hidden'
                       && +s.opacity !== 0 && e.getBoundingClientRect().width > 0; };
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > px
                            && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > px;
  const outside = (r, box, slack = 1) => r.left < box.left - slack || r.right > box.right + slack
                                         || r.top < box.top - slack || r.bottom > box.bottom + slack;
  for (const gd of document.querySelectorAll('[data-testid=stMainBlockContainer] .js-plotly-plot')) {
    const name = (gd.layout.title && gd.layout.title.text || 'chart').replace(/<br>/g, ' ').slice(0, 50);
    const svg = gd.querySelector('.main-svg').getBoundingClientRect();
    const texts = [...gd.querySelectorAll('svg text')].filter(t => t.textContent.trim() && !t.closest('.hoverlayer')
                                                                 && shown(t));
    const boxes = texts.map(t => ({s: t.textContent.trim(), r: t.getBoundingClientRect(), t}));
    for (const b of boxes) if (outside(b.r, svg)) problems.push(`${name}: "${b.s}" runs out of the chart`);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i].r, boxes[j].r)) problems.push(`${name}: "${boxes[i].s}" overlaps "${boxes[j].s}"`);
    const bar = gd.querySelector('.modebar');  // shown on hover: where it would be, even while hidden
    if (bar) {
      const r = bar.getBoundingClientRect();
      for (const b of boxes) if (r.width && overlap(r, b.r)) problems.push(`${name}: the toolbar covers "${b.s}"`);
    }
    // heatmap cell text inside its cell, and inside a carried-over cell's frame
    const full = gd._fullLayout;
    const frames = [...gd.querySelectorAll('.shapelayer path')]
                   .filter(p => parseFloat(getComputedStyle(p).strokeWidth) >= 2.9).map(p => p.getBoundingClientRect());
    for (const trace of gd._fullData.filter(t => t.type === 'heatmap' && t.texttemplate)) {
      const xa = full['xaxis' + (trace.xaxis || 'x').slice(1)], ya = full['yaxis' + (trace.yaxis || 'y').slice(1)];
      const cellW = xa._length / Math.abs(xa.range[1] - xa.range[0]) - (trace.xgap || 0);
      const cellH = ya._length / Math.abs(ya.range[1] - ya.range[0]) - (trace.ygap || 0);
      for (const b of boxes.filter(b => b.t.closest('.hm') || b.t.closest('.heatmaplayer'))) {
        if (b.r.width > cellW + 1 || b.r.height > cellH + 1)
          problems.push(`${name}: "${b.s}" (${Math.round(b.r.width)}x${Math.round(b.r.height)}) overflows its `
                        + `${Math.round(cellW)}x${Math.round(cellH)} cell`);
        const cx = (b.r.left + b.r.right) / 2, cy = (b.r.top + b.r.bottom) / 2;
        for (const f of frames)
          if (cx > f.left && cx < f.right && cy > f.top && cy < f.bottom && outside(b.r, f, 0))
            problems.push(`${name}: "${b.s}" spills out of its frame`);
      }
    }
  }
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const selector = 'h1, h2, h3, p, label, button, [data-testid=stMetricValue], [data-testid=stMetricLabel], '
                   + '[data-testid=stCaptionContainer], [data-testid=stWidgetLabel], a';
  for (const e of main.querySelectorAll(selector)) {
    if (!shown(e) || e.closest('.js-plotly-plot') || e.closest('[data-testid=stDataFrame]')) continue;
    const r = e.getBoundingClientRect(), s = e.innerText.trim().slice(0, 50);
    if (!s) continue;
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
        && !e.closest('[class*=st-key-wide-]'))
      problems.push(`"${s}" is cut off by its box`);
    if (r.right > window.innerWidth + 1 && !e.closest('[class*=st-key-wide-]'))
      problems.push(`"${s}" runs off the screen`);
  }
  return problems;
}"""
LAYOUT_PAGES = {**PAGES, "compare-cycle": ("/compare?view=cycle&region=South+East", CHART),
                "compare-all": ("/compare?region=All+forces", CHART), "force-kent": ("/force?force=Kent", CHART),
                "methodology-coverage": ("/methodology", TABLE)}


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", LAYOUT_PAGES)
def test_no_text_overlaps_or_is_clipped(browser, app_url, device, name):
    """At 1400 x 1000 and on a 390 x 844 phone: no two texts overlap, no cell text leaves its cell or frame, no
    label is cut off or off the screen, and Plotly's toolbar covers nothing (a phone has none). Screenshots
    of each go to screenshots/layout-DEVICE-NAME.png."""
    context = browser.new_context(**(PHONE if device == "phone" else {"viewport": {"width": 1400, "height": 1000}}))
    page = context.new_page()
    try:
        path, shows = LAYOUT_PAGES[name]
        open_page(page, app_url + path, shows)
        if "coverage" in name:
            page.get_by_role("tab", name="Coverage").click()
            wait_for_chart(page, 60_000)
        if device == "phone":
            assert page.locator(".js-plotly-plot .modebar").count() == 0
        problems = page.evaluate(TEXT_PROBLEMS)
        SCREENSHOTS.mkdir(exist_ok=True)  # the whole page: the window made as tall as what scrolls inside it
        tall = page.evaluate("Math.max(...[...document.querySelectorAll('section, [data-testid=stMain]')]"
                             ".map(e => e.scrollHeight))")
        page.set_viewport_size({"width": page.viewport_size["width"], "height": min(int(tall) + 40, 12_000)})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SCREENSHOTS / f"layout-{device}-{name}.png"), full_page=True)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_each_page_its_own_title_clean_control_names_and_named_charts(browser, app_url, device):
    """The browser tab names the page; a button or link is named by its words alone (no icon name such as
    "list" read out before them); every chart drawn has its name and a one-sentence summary as text."""
    context = browser.new_context(**(PHONE if device == "phone" else {"viewport": {"width": 1400, "height": 1000}}))
    page = context.new_page()
    titles = {}
    try:
        for name, (path, shows) in PAGES.items():
            open_page(page, app_url + path, shows)
            titles[name] = page.title()
            assert titles[name].endswith("· PEEL Explorer")
            leaked = page.eval_on_selector_all(
                "[data-testid=stMain] button, [data-testid=stMain] a, [data-testid=stSidebar] a",
                "els => els.filter(e => e.querySelector('[data-testid=stIconMaterial]')"
                " && !e.getAttribute('aria-label') && !e.closest('[data-testid=stFileUploader]'))"  # Streamlit's own
                ".map(e => e.innerText.replace(/\\n/g, ' '))")
            assert leaked == [], f"{name}: icon names read out in {leaked}"
            charts = page.locator("[data-testid=stMain] .js-plotly-plot").count()
            summaries = page.get_by_text("Chart: ").count()
            assert summaries >= charts, f"{name}: {charts} charts, {summaries} summaries"
            if name == "overview":
                assert page.get_by_role("button", name="List these").count() + \
                    page.get_by_role("button", name="List this force").count() >= 1
        assert len(set(titles.values())) == len(PAGES), titles
    finally:
        context.close()


def test_on_a_phone_the_mapping_switch_is_on_the_page(phone, app_url):
    """The notes say "change it in the sidebar"; a phone's sidebar starts closed, so the switch is on the page."""
    open_page(phone, app_url + "/force?force=Kent")
    phone.get_by_text("The sidebar's mapping switch").click()
    option = phone.get_by_text("Adequate counted with Good")
    for _ in range(3):  # a click while the expander is still opening can be lost: the person clicks again
        option.click()
        try:  # the rerun the click starts writes the choice into the link
            phone.wait_for_url("**mapping=adequate_as_good**", timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    wait_until_idle(phone, 60_000)
    assert "mapping=adequate_as_good" in phone.url


def test_compare_with_keeps_its_choice_when_the_force_changes(page, app_url):
    open_page(page, app_url + "/force?force=Kent")
    page.get_by_text("Forces I choose").click()
    wait_until_idle(page, 60_000)
    choose(page, "Force", "Dorset")
    wait_until_idle(page, 60_000)
    wait_for_chart_title(page, "Dorset and its peers")
    assert "peers=chosen" in page.url and page.get_by_text("Peer forces").count() == 1
