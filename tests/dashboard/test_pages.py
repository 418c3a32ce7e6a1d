"""Every dashboard page run with Streamlit's AppTest: its default state, a state from URL parameters, and bad
parameters (a friendly note, never an exception). Pages run on their own, as AppTest.switch_page would run them;
the sidebar's mapping switch is tested through app.py."""
import io
import re

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from peel.paths import ROOT

WELSH_FORCES = {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}


@pytest.fixture
def downloads(monkeypatch):
    """The CSV text each download button serves when clicked, in the order the buttons were drawn."""
    given: dict[int, str] = {}
    real = st.download_button

    def recording(label, data, *args, **kwargs):
        given[len(given)] = data() if callable(data) else data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    return given


def open_page(script: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run(timeout=30)
    assert not at.exception, [e.value for e in at.exception]
    return at


def warnings(at: AppTest) -> str:
    """The warnings' text as a person reads it (URL values are Markdown-escaped: see peel.dashboard.text)."""
    return re.sub(r"\\(.)", r"\1", " ".join(w.value for w in at.warning)).replace("\u2060", "")


def chart_titles(at: AppTest) -> list[str]:
    import json
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def table_with(at: AppTest, *columns: str, view: str | None = None) -> pd.DataFrame:
    """The first table shown with these columns. A chart's table is looked for in its Table tab (view: that
    chart's tabs; None: any not found on the page, and in the page's closed expanders), opened as a person
    would (only what is in view is drawn), and put back afterwards."""
    def first() -> pd.DataFrame | None:
        return next((f.value for f in at.dataframe if all(c in f.value.columns for c in columns)), None)

    found = None if view else first()
    if found is None:
        keys = [str(k) for k in list(at.session_state.keys())]
        tabs = [view] if view else [k[len("tabs-"):] for k in keys if k.startswith("tabs-")]
        closed = [] if view else [k for k in keys if k.startswith("open-")]
        for key in closed:
            at.session_state[key] = True
        pick_tabs(at, tabs, "Table")
        found = first()
        for key in closed:
            at.session_state[key] = False
        pick_tabs(at, tabs, "Chart")
    assert found is not None, f"no table with columns {columns}"
    return found


def pick_tabs(at: AppTest, views: list[str], tab: str) -> None:
    """Pick tab ("Chart" or "Table") of each chart named in views, and rerun."""
    for view in views:
        at.session_state[f"tabs-{view}"] = tab
    at.run(timeout=30)
    assert not at.exception, [e.value for e in at.exception]


def read_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


# Overview

def test_overview_default_shows_headline_chart_and_caveat():
    at = open_page("pages/overview.py")
    assert at.title[0].value == "Overview"
    assert at.selectbox[0].value == "Investigating crime"
    assert {m.label for m in at.metric} >= {"Good or Outstanding", "Adequate", "No grade found"}
    assert all(m.value.endswith("of 43") for m in at.metric)
    assert chart_titles(at) == ["Investigating crime: share of the forces at each grade, by PEEL cycle"]
    assert any("not directly comparable" in i.value for i in at.info)
    assert at.query_params["theme"] == "Investigating crime"


def test_overview_headline_number_opens_the_list_of_its_forces_with_sources(downloads):
    at = open_page("pages/overview.py")  # Investigating crime, latest 2023-25
    number = next(m.value for m in at.metric if m.label == "Requires improvement or Inadequate")
    at.button(key="overview.open.Requires improvement or Inadequate").click().run()
    assert at.query_params["list"] == "Requires improvement or Inadequate" and at.query_params["in"] == "2023-25"
    forces = table_with(at, "force", "grade", "report_url")
    assert f"{len(forces)} of 43" == number
    assert set(forces["grade"]) <= {"Requires improvement", "Inadequate"}
    listed = "force,region,cycle,grade,area,awarded_in,source_kind,source_url,source_title,report_url"
    csv = read_csv(next(t for t in reversed(downloads.values()) if t.lstrip("\ufeff").splitlines()[0] == listed))
    assert csv["force"].tolist() == forces["force"].tolist() and (csv["source_url"] != "").all()


def test_overview_list_from_a_link_names_forces_never_none():
    at = open_page("pages/overview.py", theme="Investigating crime", list="No grade found", **{"in": "2023-25"})
    forces = table_with(at, "force", "grade", "report_url")
    assert len(forces) and set(forces["grade"]) <= {"Unknown", "Not graded", "Not inspected"}


def test_overview_counts_say_how_many_grades_releases_counted_without_naming():
    at = open_page("pages/overview.py")  # Investigating crime, latest 2023-25
    text = " ".join(c.value for c in at.caption)
    assert "In 2023-25 releases counted" in text and "7 Inadequate)" in text


def test_overview_inadequate_list_says_which_grades_are_counted_but_not_named(downloads):
    at = open_page("pages/overview.py", theme="Investigating crime", list="Inadequate", **{"in": "2023-25"})
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "7 more Inadequate grades in 2023-25 were counted by a release but are not named" in text
    assert "Lincolnshire 3, West Midlands 3, Gloucestershire 1" in text
    assert "does not say which pillar or theme" in text
    labels = [b.proto.label for b in at.get("download_button")]
    counted = read_csv(downloads[labels.index("Download the 7 counted but not named, by force, as CSV")])
    assert dict(zip(counted["force"], counted["unnamed"].astype(int))) == \
        {"Lincolnshire": 3, "West Midlands": 3, "Gloucestershire": 1}


def test_overview_from_url_reads_the_pillar_case_insensitively():
    at = open_page("pages/overview.py", theme="legitimacy")
    assert at.selectbox[0].value == "Legitimacy"
    assert at.subheader[0].value == "In 2018/19, the latest cycle to grade it"
    shares = table_with(at, "grade", "share_pct")
    assert set(shares["cycle"]) == {"2015", "2016", "2017", "2018/19"}


def test_overview_bad_theme_gets_a_note_and_the_default():
    at = open_page("pages/overview.py", theme="Vibes", mapping="nonsense")
    assert "“Vibes”" in warnings(at) and "“nonsense”" in warnings(at)
    assert at.selectbox[0].value == "Investigating crime"


def test_sidebar_mapping_switch_is_in_the_url_and_moves_adequate():
    at = open_page("app.py", mapping="adequate_as_good")
    switch = at.sidebar.radio[0]
    assert switch.value == "adequate_as_good"
    assert switch.options == ["Adequate halfway between Good and Requires improvement", "Adequate counted with Good",
                              "Adequate counted with Requires improvement"]
    assert "sit at Good or above" in " ".join(m.value for m in at.markdown)
    # (AppTest reruns a multipage app's page without app.py, so each state is a fresh first run.)
    default = open_page("app.py")
    assert default.sidebar.radio[0].value == "midpoint" and default.query_params["mapping"] == "midpoint"
    assert "sit at Good or above" not in " ".join(m.value for m in default.markdown)


# Force

def test_force_default_state():
    at = open_page("pages/force.py")
    assert at.selectbox[0].value == "Avon and Somerset"
    assert chart_titles(at)[0] == "Avon and Somerset: every PEEL grade, 2014 to 2025-27"
    assert len(table_with(at, "area", "source_url", "notes")) > 0


def test_force_kent_whole_history_pillars_and_themes_in_one_view():
    at = open_page("pages/force.py", force="Kent")
    history = table_with(at, "theme", "status", "not_graded_reason")
    assert {"Legitimacy", "Investigating crime", "Leadership"} <= set(history["theme"])
    assert set(history["cycle"]) == {"2014", "2015", "2016", "2017", "2018/19", "2021/22", "2023-25", "2025-27"}
    legitimacy = history[history["theme"] == "Legitimacy"].set_index("cycle")["grade"]
    assert legitimacy["2015"] == "Outstanding"


def test_force_kent_says_which_grades_are_counted_but_not_named():
    at = open_page("pages/force.py", force="Kent")
    text = " ".join(m.value for m in at.markdown)
    assert "In 2023-25, 3 more Good and 2 more Adequate grades were awarded but are not named yet" in text
    assert "(add_report)" in text


def test_force_peers_are_the_region_forces_with_latest_grades_never_none():
    at = open_page("pages/force.py", force="Kent")
    peers = table_with(at, "force", "theme", "grade", "cycle", view="peers")
    assert set(peers["force"]) == {"Kent", "Hampshire", "Surrey", "Sussex", "Thames Valley"}
    assert peers["grade"].notna().all() and not peers["grade"].isin(["None", ""]).any()
    kent = peers[peers["force"] == "Kent"].set_index("theme")
    assert (kent.at["Investigating crime", "grade"], kent.at["Investigating crime", "cycle"]) == \
        ("Requires improvement", "2023-25")
    assert set(peers["cycle"]) == {"2023-25"}  # every force's latest cycle, never an older grade in its place


def test_force_page_leads_with_the_latest_cycle_counting_what_is_not_named():
    at = open_page("pages/force.py", force="West Midlands")
    text = " ".join(m.value for m in at.markdown)
    assert ("2023-25 is the latest cycle: 0 grades named, 9 of 9 pillar and theme cells unknown; 8 more counted by "
            "a release but not named (2 Adequate, 3 Requires improvement, 3 Inadequate)") in text


def test_force_peers_the_user_picks_are_in_the_link():
    at = open_page("pages/force.py", force="Kent", peers="chosen", peer=["Essex", "West Midlands"])
    peers = table_with(at, "force", "theme", "grade", "cycle", view="peers")
    assert set(peers["force"]) == {"Kent", "Essex", "West Midlands"}


def test_force_west_midlands_legitimacy_reads_good_ri_good(downloads):
    at = open_page("pages/force.py", force="West Midlands")
    grades = table_with(at, "area", "grade", "notes")
    legitimacy = grades[(grades["area"] == "Legitimacy")].set_index("cycle")["grade"]
    assert legitimacy[["2016", "2017", "2018/19"]].tolist() == ["Good", "Requires improvement", "Good"]
    csv = read_csv(next(t for t in downloads.values() if isinstance(t, str) and "source_title" in t.splitlines()[0]
                        and "level" in t.splitlines()[0]))
    assert csv.set_index(["area", "cycle"]).loc[("Legitimacy", "2017"), "grade"] == "Requires improvement"
    assert (csv["source_url"] != "").all()


def test_force_page_offers_the_report_card_as_pdf_and_png(downloads):
    import pypdf

    at = open_page("pages/force.py", force="West Midlands")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Report card (PDF, one A4 page)" in labels and "Report card (PNG, one A4 page)" in labels
    pdf = downloads[labels.index("Report card (PDF, one A4 page)")]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and "West Midlands PEEL report card" in reader.pages[0].extract_text()
    assert downloads[labels.index("Report card (PNG, one A4 page)")][:8] == b"\x89PNG\r\n\x1a\n"


def test_force_notes_name_documents_by_title_not_file_name():
    at = open_page("pages/force.py", force="West Midlands")
    notes = " ".join(table_with(at, "area", "grade", "notes")["notes"].dropna())
    assert "also stated in" in notes and ".txt" not in notes


def test_force_follows_the_mapping_in_the_url():
    at = open_page("pages/force.py", force="West Midlands", mapping="adequate_as_good")
    grades = table_with(at, "area", "harmonised", "notes")
    adequate = grades[grades["grade"] == "Adequate"]
    assert len(adequate) and (adequate["harmonised"] == 3.0).all()


def test_force_bad_parameters_get_a_note():
    at = open_page("pages/force.py", force="Gotham City", peers="everyone")
    assert "“Gotham City”" in warnings(at) and "“everyone”" in warnings(at)
    assert at.selectbox[0].value == "Avon and Somerset"


# Compare

def test_compare_default_grid_has_every_force():
    at = open_page("pages/compare.py")
    cells = table_with(at, "force", "cycle", "status")
    assert cells["force"].nunique() == 43
    assert chart_titles(at) == ["Investigating crime: each force's grade in each PEEL cycle"]
    assert "force?force=" in " ".join(m.value for m in at.markdown)


def test_compare_region_and_sort_from_url_and_link_to_the_force_page():
    at = open_page("pages/compare.py", theme="Legitimacy", region="Wales", sort="latest")
    cells = table_with(at, "force", "cycle", "status")
    assert set(cells["force"]) == WELSH_FORCES
    assert at.radio[1].value == "latest"
    assert at.selectbox[1].options[-1] in WELSH_FORCES
    link = next(m.value for m in at.markdown if "across every cycle" in m.value)
    assert "(force?force=" in link


def test_compare_a_region_on_every_theme_in_one_cycle():
    at = open_page("pages/compare.py", view="cycle", cycle="2023-25", region="South East")
    cells = table_with(at, "force", "cycle", "status")
    assert set(cells["cycle"]) == {"2023-25"}
    assert set(cells["force"]) == {"Hampshire", "Kent", "Surrey", "Sussex", "Thames Valley"}
    assert {"Investigating crime", "Protecting vulnerable people", "Leadership"} <= set(cells["theme"])
    assert chart_titles(at) == ["2023-25: each force's grade on every pillar and theme"]
    assert cells["grade"].notna().all()  # a missing grade says why, never blank


def test_compare_bad_parameters_get_a_note():
    at = open_page("pages/compare.py", region="Atlantis", sort="shoe size")
    assert "“Atlantis”" in warnings(at) and "“shoe size”" in warnings(at)
    assert table_with(at, "force", "status")["force"].nunique() == 43


# Movers

def test_movers_default_compares_the_latest_pair_hmicfrs_says_compare_directly():
    """2021/22 -> 2023-25 and 2018/19 -> 2021/22 cross breaks (data/breaks.csv): the default is 2017 -> 2018/19."""
    at = open_page("pages/movers.py")
    assert [s.value for s in at.selectbox[1:3]] == ["2017", "2018/19"]
    assert {m.label for m in at.metric} == {"Improved", "Held", "Declined", "No comparison"}
    assert sum(int(m.value.split()[0]) for m in at.metric) == 43
    assert any("not directly comparable" in i.value for i in at.info)
    assert not at.warning


def test_movers_across_a_break_never_says_improved_or_declined_and_its_list_says_what_it_compares():
    at = open_page("pages/movers.py", theme="Investigating crime", **{"from": "2021/22", "to": "2023-25"})
    assert {m.label for m in at.metric} == {"Moved across the break", "Same position across the break",
                                            "No comparison"}
    assert "more weight on outcomes" in warnings(at) and "not directly comparable" in warnings(at)
    movers = table_with(at, "movement", "from_grade")
    assert not movers["movement"].isin(["improved", "declined", "held"]).any()
    moved = movers[movers["movement"] == "moved across the break"]
    assert len(moved) > 0 and moved["report_url"].str.startswith("https://hmicfrs.").sum() > len(moved) / 2
    # the download carries both cycles and the mapping on every row
    assert (movers["from_cycle"] == "2021/22").all() and (movers["to_cycle"] == "2023-25").all()
    assert (movers["mapping"] == "midpoint").all()


def test_movers_from_url_west_midlands_legitimacy_declined_in_2017():
    at = open_page("pages/movers.py", theme="Legitimacy", **{"from": "2016", "to": "2017"})
    movers = table_with(at, "movement", "from_grade")
    wm = movers.set_index("force").loc["West Midlands"]
    assert (wm["from_grade"], wm["to_grade"], wm["movement"]) == ("Good", "Requires improvement", "declined")
    assert not at.warning  # same scale: no straddle warning


def test_movers_calls_a_question_not_inspected_what_force_and_overview_call_it():
    at = open_page("pages/movers.py", theme="Preventing crime and anti-social behaviour",
                   **{"from": "2014", "to": "2017"})
    movers = table_with(at, "movement", "from_grade").set_index("force")
    not_inspected = sorted(movers.index[movers["to_grade"] == "Not inspected"])
    assert len(not_inspected) == 11 and {"Kent", "Cumbria", "Surrey"} <= set(not_inspected)
    assert (movers.loc[not_inspected, "movement"] == "no comparison").all()


def test_movers_across_the_scale_change_warns_and_depends_on_the_mapping():
    params = {"theme": "Investigating crime", "from": "2018/19", "to": "2021/22"}
    midpoint = open_page("pages/movers.py", **params)
    assert "4 grades to 5" in warnings(midpoint) and "particularly from good to adequate" in warnings(midpoint)
    as_good = open_page("pages/movers.py", mapping="adequate_as_good", **params)
    same = {at: next(m.value for m in at.metric if m.label == "Same position across the break")
            for at in (midpoint, as_good)}
    assert same[midpoint] != same[as_good]  # Good -> Adequate keeps its place only when Adequate counts as Good


def test_movers_on_leadership_explains_there_is_no_move_yet():
    at = open_page("pages/movers.py", theme="Leadership")
    assert "Leadership* has grades found in only 2023-25" in " ".join(i.value for i in at.info)
    assert at.selectbox[0].value == "Investigating crime"
    assert not at.warning
    assert "Leadership" not in at.selectbox[0].options  # a theme with one graded cycle offers no move


def test_movers_link_with_cycles_reversed_shows_them_in_order():
    at = open_page("pages/movers.py", theme="Protecting vulnerable people", **{"from": "2023-25", "to": "2021/22"})
    assert [s.value for s in at.selectbox[1:3]] == ["2021/22", "2023-25"]
    assert "not in the data" not in warnings(at)
    assert "other way round" in " ".join(i.value for i in at.info)


def test_movers_bad_parameters_get_a_note():
    at = open_page("pages/movers.py", theme="Legitimacy", **{"from": "1999", "to": "2030"})
    assert "“1999”" in warnings(at) and "“2030”" in warnings(at)
    assert not at.exception


# Data

def test_data_default_shows_every_grade_with_facet_counts(con):
    at = open_page("pages/data.py")
    rows = table_with(at, "force", "grade", "source_url")
    assert len(rows) == con.execute("SELECT count(*) FROM grades").fetchone()[0]
    kent = con.execute("SELECT count(*) FROM grades WHERE force = 'Kent'").fetchone()[0]
    assert f"Kent ({kent})" in at.multiselect[0].options


def test_data_filtered_to_wales_has_only_welsh_forces_and_the_download_matches(downloads):
    at = open_page("pages/data.py", region="Wales")
    rows = table_with(at, "force", "grade", "source_url")
    assert set(rows["force"]) == WELSH_FORCES and set(rows["region"]) == {"Wales"}
    csv = read_csv(downloads[0])
    assert len(csv) == len(rows)
    assert csv["force"].tolist() == rows["force"].tolist() and csv["grade"].tolist() == rows["grade"].tolist()
    assert (csv["source_url"] != "").all()
    assert at.get("download_button")[0].proto.label == f"Download these {len(rows)} rows as CSV"


def test_data_offers_the_whole_dataset_as_a_data_package(downloads, con):
    import json
    import zipfile

    at = open_page("pages/data.py")
    labels = [b.proto.label for b in at.get("download_button")]
    archive = zipfile.ZipFile(io.BytesIO(downloads[labels.index("Download the whole dataset (.zip)")]))
    descriptor = json.loads(archive.read("peel-explorer-grades/datapackage.json"))
    grades = next(r for r in descriptor["resources"] if r["name"] == "grades")
    assert grades["rows"] == con.execute("SELECT count(*) FROM grades").fetchone()[0]
    assert f"Data version {descriptor['version']}" in " ".join(c.value for c in at.caption)


def test_data_inadequate_2023_25_says_7_more_are_counted_but_not_named_and_by_whom(downloads):
    at = open_page("pages/data.py", cycle="2023-25", grade="Inadequate")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert ("7 more Inadequate grades in 2023-25 were counted by a release but are not named, so they are not in "
            "this list: Lincolnshire 3, West Midlands 3, Gloucestershire 1.") in text
    labels = [b.proto.label for b in at.get("download_button")]
    counted = read_csv(downloads[labels.index("Download the 7 counted but not named, by force, as CSV")])
    assert set(counted["cycle"]) == {"2023-25"} and set(counted["grade"]) == {"Inadequate"}
    assert counted["sources"].str.startswith("http").all()


def test_data_text_search_and_several_filters_from_url():
    at = open_page("pages/data.py", q="VICTIM", cycle="2021/22", grade="Requires improvement")
    rows = table_with(at, "force", "grade", "area")
    assert len(rows) > 0
    assert rows["area"].str.lower().str.contains("victim").all()
    assert set(rows["cycle"]) == {"2021/22"} and set(rows["grade"]) == {"Requires improvement"}
    assert at.text_input[0].value == "VICTIM"


def test_data_filters_on_the_kind_of_source_and_the_csv_says_it(con, downloads):
    """A journalist keeps only grades read from the inspectorate's own pages for 2023-25: few are left."""
    at = open_page("pages/data.py", cycle="2023-25", source_kind="HMICFRS")
    rows = table_with(at, "force", "grade", "source_kind")
    held = con.execute("SELECT count(*) FROM grades WHERE cycle = '2023-25' AND source_kind = 'HMICFRS'").fetchone()[0]
    assert len(rows) == held and set(rows["source_kind"]) == {"HMICFRS"}
    news = con.execute("SELECT count(*) FROM grades WHERE cycle = '2023-25' AND source_kind = ?",
                       ["news or other"]).fetchone()[0]
    assert f"news or other ({news})" in at.multiselect[5].options
    csv = read_csv(downloads[0])
    assert set(csv["source_kind"]) == {"HMICFRS"} and "report_url" in csv.columns


def test_data_table_leads_with_the_force_its_grade_and_source_and_keeps_the_force_in_view():
    """On a phone the table scrolls sideways: the force stays pinned and the grade is on the first screen."""
    at = open_page("pages/data.py", force="Kent")
    shown = next(d for d in at.dataframe if "source_kind" in d.value.columns)
    assert list(shown.proto.column_order)[:6] == ["force", "grade", "cycle", "area", "source_kind", "source_url"]
    assert "tier_rank" not in shown.proto.column_order


def test_data_bad_parameters_get_a_note():
    at = open_page("pages/data.py", region="Atlantis", grade="Superb")
    assert "“Atlantis”" in warnings(at) and "“Superb”" in warnings(at)
    assert at.multiselect[1].value == [] and at.multiselect[4].value == []


# Methodology and coverage

def test_methodology_default_shows_mapping_lineage_coverage_counts_and_sources():
    at = open_page("pages/methodology.py")
    mappings = table_with(at, "mapping", "in_force")
    assert mappings.set_index("mapping")["in_force"].to_dict() == {
        "midpoint": True, "adequate_as_good": False, "adequate_as_ri": False}
    assert len(table_with(at, "theme", "area", "aliases")) >= 60
    assert len(table_with(at, "graded", "not_graded", "unknown")) > 0
    assert "unnamed" in table_with(at, "stated", "named", "unnamed").columns
    assert len(table_with(at, "source_url", "grades")) > 10
    assert chart_titles(at) == ["Coverage: forces with a grade found, by cycle and pillar or theme"]


def test_methodology_mapping_from_url_and_bad_mapping():
    at = open_page("pages/methodology.py", mapping="adequate_as_ri")
    assert table_with(at, "mapping", "in_force").set_index("mapping").at["adequate_as_ri", "in_force"]
    bad = open_page("pages/methodology.py", mapping="adequate_as_outstanding")
    assert "“adequate_as_outstanding”" in warnings(bad)


# Every page

HOSTILE = "[click me](https://evil.example)**Official** ![x](https://evil.example/x.png) :red[alert]"


@pytest.mark.parametrize("script, key", [
    ("pages/overview.py", "theme"), ("pages/force.py", "force"), ("pages/compare.py", "theme"),
    ("pages/movers.py", "theme"), ("pages/data.py", "region"), ("pages/methodology.py", "mapping")])
def test_a_link_with_markdown_in_it_is_echoed_as_plain_text_on_every_page(script, key):
    """A pasted link cannot put a link, an image or styled text into the page: its value shows as typed."""
    at = open_page(script, **{key: HOSTILE})
    raw = " ".join(w.value for w in at.warning)
    assert HOSTILE in warnings(at).replace("\u2060", "")  # a person reads exactly what the link said
    assert "](https://evil" not in raw and "**Official**" not in raw and ":red[" not in raw


def test_overview_counts_not_inspected_forces_as_their_own_bar_and_lists_them():
    at = open_page("pages/overview.py", theme="Preventing crime and anti-social behaviour", list="Not inspected",
                   **{"in": "2017"})
    shares = table_with(at, "share_pct")
    assert shares[(shares["cycle"] == "2017") & (shares["grade"] == "Not inspected")]["forces"].tolist() == [11]
    forces = table_with(at, "force", "grade")
    assert len(forces) == 11 and set(forces["grade"]) == {"Not inspected"}


def test_a_chart_and_its_table_draw_only_the_tab_in_view_and_the_tab_stays_chosen_for_another_force():
    """A new filter redraws only what a person sees; someone reading the Table keeps the Table."""
    at = open_page("pages/force.py", force="Kent")
    assert chart_titles(at)[0].startswith("Kent: every PEEL grade")
    assert not any("not_graded_reason" in f.value.columns for f in at.dataframe)  # the history's table: not drawn
    pick_tabs(at, ["history"], "Table")
    assert not any(t.startswith("Kent: every PEEL grade") for t in chart_titles(at))
    history = table_with(at, "theme", "status", "not_graded_reason")
    assert set(history["theme"]) >= {"Legitimacy", "Investigating crime"}
    at.selectbox(key="force.force").set_value("Essex").run(timeout=30)
    assert at.session_state["tabs-history"] == "Table"
    assert not any(t.startswith("Essex: every PEEL grade") for t in chart_titles(at))
    assert "Essex" in " ".join(s.value for s in at.subheader)


def test_force_every_grade_opens_on_request_with_its_count_and_sources():
    """The list of every grade is one click away (its count in the label) and drawn only when opened."""
    at = open_page("pages/force.py", force="West Midlands")
    label = at.expander[0].label
    assert label.startswith("The ") and "grades as awarded" in label
    assert not any("notes" in f.value.columns for f in at.dataframe)
    at.session_state["open-grades"] = True
    at.run(timeout=30)
    grades = table_with(at, "area", "grade", "source_url", "notes")
    assert label.startswith(f"The {len(grades)} grades")
    legitimacy = grades[grades["area"] == "Legitimacy"].set_index("cycle")["grade"]
    assert [legitimacy[c] for c in ("2016", "2017", "2018/19")] == ["Good", "Requires improvement", "Good"]
    assert (grades["source_url"].notna() | (grades["source_url_document"] != "")).all()  # a link or a document
    # and no cell says "None": a cell without a value is empty
    assert not grades.astype("string").isin(["None", "nan", "<NA>"]).any().any()
    assert grades["source_url_document"].notna().all()  # shown empty, not as "None"
