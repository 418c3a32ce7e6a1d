"""The chart builders, called without Streamlit: titles, axis titles, legends, the scale-change note, colours,
and missing grades drawn as missing."""

from peel.figures import charts, grids
from peel.db import queries


def notes(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


def legend_names(fig) -> set[str]:
    return {t.name for t in fig.data if t.showlegend is not False and t.name}


def cells(con, **params):
    return queries.run(con, "coverage_cells", **{"theme": [], "force": [], "region": [], "cycle": [],
                                                 "mapping": "midpoint", **params})


def grid_texts(fig) -> dict[tuple[str, str], str]:
    """{(row label, column label): cell text} of a grade grid."""
    heat = fig.data[0]
    xs, ys = list(fig.layout.xaxis.ticktext), list(fig.layout.yaxis.ticktext)
    return {(ys[i].replace("<b>", "").replace("</b>", "").replace("<br>", " "), xs[j]): heat.text[i][j]
            for i in range(len(ys)) for j in range(len(xs))}


def test_force_history_shows_every_cycle_pillars_above_their_themes(con):
    fig = grids.force_history(cells(con, force=["Kent"]), queries.run(con, "themes"), "Kent")
    assert fig.layout.title.text == "Kent: every PEEL grade, 2014 to 2025-27"
    assert list(fig.layout.xaxis.ticktext) == ["2014", "2015", "2016", "2017", "2018/19", "2021/22", "2023-25",
                                               "2025-27"]
    rows = [r.replace("<b>", "").replace("</b>", "").replace("<br>", " ") for r in fig.layout.yaxis.ticktext]
    assert rows[:2] == ["EFFECTIVENESS (pillar)", "Preventing crime and anti-social behaviour"]
    assert rows.index("LEGITIMACY (pillar)") < rows.index("Treatment of the public")
    text = grid_texts(fig)
    # Kent's Outstanding legitimacy 2015 to 2018/19 is in the same view as its 2023-25 themes
    assert [text[("LEGITIMACY (pillar)", c)] for c in ("2015", "2016", "2017", "2018/19")] == ["Outstanding"] * 4
    assert text[("Investigating crime", "2023-25")] == "Requires<br>improvement"
    assert text[("Managing offenders and suspects", "2023-25")] == "? unknown"  # a gap, never a grade
    assert text[("LEGITIMACY (pillar)", "2023-25")] == ""  # that cycle had no such pillar: blank
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert "not directly comparable" in fig.layout.title.subtitle.text
    assert {"Outstanding", "Good", "Unknown (no grade found yet)"} <= legend_names(fig)


def test_kents_history_marks_both_breaks_hmicfrs_declares(con):
    """2018/19 | 2021/22 (four grades to five) and 2021/22 | 2023-25 (more weight on outcomes), from data/breaks.csv:
    a dashed line between each pair of columns and what changed in the note; none between comparable cycles."""
    fig = grids.force_history(cells(con, force=["Kent"]), queries.run(con, "themes"), "Kent")
    columns = list(fig.layout.xaxis.ticktext)
    dashed = sorted(s.x0 for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash")
    assert dashed == [columns.index("2018/19") + 0.5, columns.index("2021/22") + 0.5]
    note = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "2018/19 | 2021/22: scale changed from 4 grades to 5" in note
    assert "2021/22 | 2023-25: more weight on outcomes" in note
    phone = grids.force_history(cells(con, force=["Kent"]), queries.run(con, "themes"), "Kent", compact=True)
    assert len([s for s in phone.layout.shapes if s.type == "line" and s.line.dash == "dash"]) == 2


def test_overview_bars_mark_both_breaks_and_the_gap_only_where_years_are_missing(con):
    theme = "Preventing crime and anti-social behaviour"
    fig = charts.grade_shares(queries.run(con, "overview_shares", theme=[theme]), theme)
    dashed = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(dashed) == 2 and len(bands) == 1  # 2020 had no PEEL grades; 2022/23 did not fall between cycles
    assert "more weight on outcomes" in notes(fig).replace("<br>", " ")


def test_grid_tells_unknown_not_graded_and_carried_over_apart():
    import pandas as pd
    made_up = pd.DataFrame({  # MADE-UP cells, one of each kind
        "force": ["A"] * 5, "cycle": ["2016", "2017", "2018/19", "2021/22", "2023-25"],
        "status": ["graded", "graded", "not graded", "unknown", "not inspected"],
        "grade": ["Good", "Good", None, None, None], "carried_over": [False, True, False, False, False],
        "awarded_in": [None, "2016", None, None, None], "area": ["x"] * 5, "source_url": ["u"] * 5,
        "not_graded_reason": [None, None, "fieldwork not carried out", None, None]})
    fig = grids.grade_grid(made_up, rows="force", columns="cycle", row_order=["A"],
                           column_order=made_up["cycle"].tolist(), title="t", x_title="x", y_title="y")
    texts = list(fig.data[0].text[0])
    assert texts == ["Good", "Good*<br>from 2016", "not graded", "? unknown", "not<br>inspected"]
    assert len(set(fig.data[0].z[0])) == 5  # five different fills
    frames = [s.line.color for s in fig.layout.shapes if s.type == "rect"]
    assert frames == [charts.GRADE_COLOURS["Good"], charts.OUTLINE]  # the grade's colour, ruled at 3:1
    assert "carried over from 2016" in fig.data[0].customdata[0][1]
    assert "fieldwork not carried out" in fig.data[0].customdata[0][2]
    assert "Good* (hollow): carried over from the cycle named" in legend_names(fig)
    phone = grids.grade_grid(made_up, rows="force", columns="cycle", row_order=["A"],
                             column_order=made_up["cycle"].tolist(), title="t", x_title="x", y_title="y",
                             compact=True)
    assert list(phone.data[0].text[0]) == ["Good", "G*", "n/g", "?", "n/i"]


def test_peers_grid_names_each_force_with_its_latest_grade_never_none(con):
    south_east = ["Hampshire", "Kent", "Surrey", "Sussex", "Thames Valley"]
    latest = queries.run(con, "peer_latest", force=south_east)
    fig = grids.peers_grid(latest, "Kent", south_east)
    assert list(fig.layout.yaxis.ticktext)[0] == "<b>Kent</b>"
    assert [t.replace("<b>", "").replace("</b>", "") for t in fig.layout.yaxis.ticktext] == \
        ["Kent", "Hampshire", "Surrey", "Sussex", "Thames Valley"]
    text = grid_texts(fig)
    assert text[("Kent", "Investigating")] == "Requires<br>improvement"  # 2023-25, Kent's latest cycle
    assert "Legitimacy" not in fig.layout.xaxis.ticktext  # a pillar last graded in 2018/19 is not 'latest'
    assert all(v and "None" not in v and "nan" not in v for v in text.values())
    phone = grids.peers_grid(latest, "Kent", south_east, compact=True)
    assert list(phone.layout.xaxis.ticktext)[0] == "<b>Kent</b>" or list(phone.layout.xaxis.ticktext)[0] == "Kent"


def test_west_midlands_peers_grid_leads_with_2023_25_naming_what_is_known_and_counting_what_is_not(con):
    """West Midlands' 2023-25 inspection gave three Inadequate grades (counted, not named here) and no Good: its
    peers grid shows 2023-25 (every cell unknown), never its 2021/22 Goods, and counts what is not named."""
    region = ["West Midlands", "Staffordshire", "Warwickshire", "West Mercia"]
    latest = queries.run(con, "peer_latest", force=region)
    assert set(latest["cycle"]) == {"2023-25"}
    fig = grids.peers_grid(latest, "West Midlands", region)
    assert "(2023-25)" in fig.layout.title.text
    row = {k[1]: v for k, v in grid_texts(fig).items() if k[0] == "West Midlands"}
    assert set(row.values()) == {"? unknown"}
    assert "Good" not in " ".join(row.values())
    note = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "West Midlands 8 (2 Adequate, 3 Requires improvement, 3 Inadequate)" in note


def test_region_grid_has_every_theme_of_one_cycle(con):
    c = cells(con, region=["South East"], cycle=["2023-25"])
    fig = grids.region_grid(c, "2023-25", charts.force_order(c, "name"))
    assert fig.layout.title.text == "2023-25: each force's grade on every pillar and theme"
    assert "Investigating" in fig.layout.xaxis.ticktext and len(fig.layout.yaxis.ticktext) == 5


def test_theme_grid_colours_and_missing_cells(con):
    c = cells(con, theme=["Investigating crime"])
    fig = grids.theme_grid(c, "Investigating crime", charts.force_order(c, "latest"))
    assert fig.layout.title.text and fig.layout.xaxis.title.text == "PEEL inspection cycle"
    assert fig.layout.yaxis.title.text == "Force" and len(fig.layout.yaxis.ticktext) == 43
    assert "not directly comparable" in fig.layout.title.subtitle.text
    assert "Unknown (no grade found yet)" in legend_names(fig)
    heat = fig.data[0]
    assert "? unknown" in {v for row in heat.text for v in row}
    colours = {c for _, c in heat.colorscale}
    assert charts.MISSING_FILL["Unknown"] in colours and set(charts.GRADE_COLOURS.values()) <= colours


def test_force_order_by_latest_puts_best_first_and_ungraded_last(con):
    wales = cells(con, theme=["Legitimacy"], region=["Wales"])
    order = charts.force_order(wales, "latest")
    latest = wales.drop_duplicates("force").set_index("force")["latest_position"]
    assert list(latest[order]) == sorted(latest, reverse=True)
    assert charts.force_order(wales, "name") == sorted(order)


def test_transition_heatmap_counts_match_the_list(con):
    movers = queries.run(con, "movers", theme=["Investigating crime"], from_cycle="2018/19", to_cycle="2023-25",
                         mapping="midpoint")
    matrix = charts.transition_matrix(movers)
    assert matrix.values.sum() == len(movers)
    fig = charts.transition_heatmap(movers, "2018/19", "2023-25", "Investigating crime")
    assert fig.layout.xaxis.title.text == "Grade in 2023-25" and fig.layout.yaxis.title.text == "Grade in 2018/19"
    # 2018/19 -> 2023-25 crosses both breaks: no cell is called improved or declined, and the note says why
    assert {"moved across the break", "same position across the break"} <= legend_names(fig)
    assert not {"improved", "declined"} & legend_names(fig)
    assert "not directly comparable" in notes(fig).replace("<br>", " ")
    same = queries.run(con, "movers", theme=["Investigating crime"], from_cycle="2017", to_cycle="2018/19",
                       mapping="midpoint")
    assert {"improved", "held", "declined"} <= legend_names(charts.transition_heatmap(same, "2017", "2018/19", "x"))


def test_coverage_heatmap(con):
    fig = charts.coverage_heatmap(queries.run(con, "coverage_summary"), queries.run(con, "cycles"))
    assert fig.layout.title.text.startswith("Coverage") and fig.layout.yaxis.title.text == "Pillar or theme"
    # both breaks dashed; their two lines stand a column apart, so the chart's summary (shown under it) says
    # what they mark rather than two notes over the lines
    assert len([s for s in fig.layout.shapes if s.line.dash == "dash"]) == 2
    assert "not directly comparable" in fig.layout.meta["summary"]


def test_overview_bars_read_in_greyscale_each_grade_its_own_pattern(con):
    """Printed in black and white, the bars still tell the grades apart: every category has its own pattern."""
    shares = queries.run(con, "overview_shares", theme=["Preventing crime and anti-social behaviour"])
    fig = charts.grade_shares(shares, "Preventing crime and anti-social behaviour")
    patterns = {bar.name: bar.marker.pattern.shape or "" for bar in fig.data if bar.type == "bar"}
    assert {"Good", "Requires improvement", "Unknown", "Not inspected"} <= set(patterns)
    assert len(set(patterns.values())) == len(patterns)  # no two categories share a pattern
    assert "not directly comparable" in notes(fig)


def test_overview_bars_count_not_inspected_apart_from_unknown(con):
    """2017: HMICFRS did not inspect 11 forces on preventing crime; they are not 'no grade found yet'."""
    shares = queries.run(con, "overview_shares", theme=["Preventing crime and anti-social behaviour"])
    in_2017 = shares[shares["cycle"] == "2017"].set_index("category")["forces"]
    assert in_2017["Not inspected"] == 11
    assert in_2017.sum() == 43


def test_overview_bars_on_a_phone_keep_every_cycle_and_a_wrapped_title_and_note(con):
    shares = queries.run(con, "overview_shares", theme=["Investigating crime"])
    fig = charts.grade_shares(shares, "Investigating crime", compact=True)
    assert list(fig.layout.xaxis.ticktext)[-2:] == ["21/22", "23-25"]
    assert fig.layout.xaxis.tickangle == 0
    assert all(len(line) <= 40 for line in fig.layout.title.text.split("<br>"))
    assert list(fig.layout.xaxis.ticktext)[0] == "’14"
    note = fig.layout.title.subtitle.text  # under the title, inside the screen: not over the bars
    assert "not directly comparable" in note.replace("<br>", " ")
    assert all(len(line) <= 64 for line in note.split("<br>"))


def test_force_history_on_a_phone_labels_every_cycle_level_and_explains_its_marks(con):
    """The 2025-27 column has its label (short, level, so nothing runs off the right edge), and the key under
    the grid explains G*, ? and n/i."""
    fig = grids.force_history(cells(con, force=["Kent"]), queries.run(con, "themes"), "Kent", compact=True)
    assert list(fig.layout.xaxis.ticktext) == ["2014", "2015", "2016", "2017", "18/19", "21/22", "23-25", "25-27"]
    assert fig.layout.xaxis.tickangle == 0
    key = " ".join(legend_names(fig))
    assert "G*" in key and "carried over" in key and "? = unknown" in key and "n/i = not inspected" in key
    assert "G*" in {t for row in fig.data[0].text for t in row}
    assert fig.layout.margin.b >= 18 * 6  # room under the grid for the whole key


def test_full_size_grid_asks_for_a_width_its_labels_read_at(con):
    """In a desktop window narrower than this, the page scrolls the grid sideways rather than squeeze it."""
    fig = grids.force_history(cells(con, force=["Kent"]), queries.run(con, "themes"), "Kent")
    assert fig.layout.meta["min_width"] >= 8 * 80
    assert not grids.force_history(cells(con, force=["Kent"]), queries.run(con, "themes"), "Kent",
                                   compact=True).layout.meta["min_width"]


def test_hover_shows_source_addresses_without_a_stray_question_mark_and_as_text(con):
    fig = grids.force_history(cells(con, force=["Avon and Somerset"]), queries.run(con, "themes"),
                              "Avon and Somerset")
    hovers = [h for row in fig.data[0].customdata for h in row if h]
    assert any("peel-2016/avon-and-somerset/" in h for h in hovers)
    assert not any("/?" in h for h in hovers)
    made_up = cells(con, force=["Kent"], cycle=["2023-25"]).head(1).assign(
        area="<a href='http://evil.example'>x</a>", source_url="https://example.org/a?", source_title=None)
    hover = grids.hover_text(made_up).iat[0]
    assert "<a " not in hover and "&lt;a href" in hover and hover.endswith("example.org/a")


def test_table_links_show_addresses_without_a_stray_question_mark(con):
    import re

    from peel.dashboard import widgets

    stored = con.execute("SELECT DISTINCT source_url FROM grades WHERE source_url LIKE 'http%?'").fetchall()
    urls = [u for (u,) in stored]
    assert urls  # the data keeps them as stored
    shown = [re.match(widgets.LINK_TEXT, u).group(1) for u in urls]
    assert not any(s.endswith("?") for s in shown)
    assert re.match(widgets.LINK_TEXT, "https://www.example.org/a/b/?").group(1) == "example.org/a/b"


def test_region_grid_on_a_phone_slants_theme_names_so_they_do_not_overlap(con):
    fig = grids.region_grid(cells(con, region=["South East"], cycle=["2023-25"]), "2023-25",
                            ["Hampshire", "Kent", "Surrey", "Sussex", "Thames Valley"], compact=True)
    assert fig.layout.xaxis.tickangle == -90  # turned a quarter: no two names overlap
    assert fig.layout.margin.t > 100  # room for the slanted names above the grid


def test_coverage_counts_carried_over_and_not_inspected_cells(con):
    """Effectiveness questions in 2017: some forces' prevention was not inspected; the coverage says so."""
    summary = queries.run(con, "coverage_summary")
    row = summary[(summary["cycle"] == "2017")
                  & (summary["theme"] == "Preventing crime and anti-social behaviour")].iloc[0]
    assert row["not_inspected"] > 0 and row["carried_over"] > 0
    assert row["graded"] + row["not_graded"] + row["not_inspected"] + row["unknown"] == row["forces"] == 43
    fig = charts.coverage_heatmap(summary, queries.run(con, "cycles"))
    assert "not inspected: %{customdata[3]}" in fig.data[0].hovertemplate
