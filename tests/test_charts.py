"""The chart builders, called without Streamlit: titles, axis titles, legends, the scale-change note, colours,
and missing grades drawn as missing."""
import pytest

from peel.dashboard import charts
from peel.db import queries


def notes(fig) -> str:
    return " ".join(a.text or "" for a in fig.layout.annotations)


def legend_names(fig) -> set[str]:
    return {t.name for t in fig.data if t.showlegend is not False and t.name}


@pytest.fixture(scope="module")
def wm_cells(con):
    return queries.run(con, "coverage_cells", theme=[], force=["West Midlands"], region=[], mapping="midpoint")


def test_grade_shares_has_titles_gap_and_scale_change_note(con):
    shares = queries.run(con, "overview_shares", theme=["Investigating crime"])
    fig = charts.grade_shares(shares, "Investigating crime")
    assert fig.layout.title.text.startswith("Investigating crime")
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert "not directly comparable" in notes(fig) and "no PEEL" in notes(fig)
    xs = sorted({x for t in fig.data for x in t.x})
    assert xs[xs.index(2018.5) + 1] == 2021.5  # a visible gap: the years without a cycle keep their width
    assert list(fig.layout.xaxis.ticktext) == ["2014", "2015", "2016", "2017", "2018/19", "2021/22", "2023-25"]
    assert {"Good", "Unknown"} <= legend_names(fig)
    unknown = next(t for t in fig.data if t.name == "Unknown")
    assert unknown.marker.pattern.shape and unknown.marker.color not in charts.GRADE_COLOURS.values()


def test_pillar_shares_have_no_scale_change_note(con):
    fig = charts.grade_shares(queries.run(con, "overview_shares", theme=["Legitimacy"]), "Legitimacy")
    assert "not directly comparable" not in notes(fig)


def test_force_trajectory_plots_only_graded_cells_with_tier_name_ticks(con, wm_cells):
    positions = queries.run(con, "grade_positions", mapping="midpoint")
    pillars = wm_cells[wm_cells["theme_kind"] == "pillar"]
    fig = charts.force_trajectory(pillars, positions, "West Midlands")
    assert fig.layout.title.text == "West Midlands: grade in each PEEL cycle, by pillar and theme"
    assert fig.layout.yaxis.title.text == "Grade" and fig.layout.xaxis.title.text == "PEEL inspection cycle"
    assert list(fig.layout.yaxis.ticktext) == ["Inadequate", "Requires improvement", "Adequate", "Good",
                                               "Outstanding"]
    legitimacy = next(t for t in fig.data if t.name == "Legitimacy" and t.mode == "markers")
    got = {c[0]: c[1] for c in legitimacy.customdata}
    assert [got[c] for c in ("2016", "2017", "2018/19")] == ["Good", "Requires improvement", "Good"]
    assert list(legitimacy.y) == [3.0 if g == "Good" else 2.0 for g in got.values()]


def test_force_trajectory_marks_the_scale_change_and_leaves_unknowns_out(con, wm_cells):
    positions = queries.run(con, "grade_positions", mapping="adequate_as_ri")
    themes = wm_cells[wm_cells["theme_kind"] == "theme"]
    fig = charts.force_trajectory(themes, positions, "West Midlands")
    assert "not directly comparable" in notes(fig)
    assert "Adequate / Requires improvement" in fig.layout.yaxis.ticktext
    points = sum(x is not None for t in fig.data if t.mode == "markers" for x in t.x)  # legend swatches: None
    assert points == (themes["status"] == "graded").sum()


def test_grade_heatmap_colours_and_missing_cells(con):
    cells = queries.run(con, "coverage_cells", theme=["Investigating crime"], force=[], region=[],
                        mapping="midpoint")
    order = charts.force_order(cells, "latest")
    fig = charts.grade_heatmap(cells, "Investigating crime", order)
    assert fig.layout.title.text and fig.layout.xaxis.title.text == "PEEL inspection cycle"
    assert fig.layout.yaxis.title.text == "Force"
    assert "not directly comparable" in notes(fig)
    assert "Unknown" in legend_names(fig)
    heat = fig.data[0]
    assert "? unknown" in {v for row in heat.text for v in row}
    colours = {c for _, c in heat.colorscale}
    assert charts.MISSING_FILL["Unknown"] in colours and set(charts.GRADE_COLOURS.values()) <= colours
    assert len(set(charts.GRADE_COLOURS.values()) | set(charts.MISSING_FILL.values())) == 7


def test_force_order_by_latest_puts_best_first_and_ungraded_last(con):
    cells = queries.run(con, "coverage_cells", theme=["Legitimacy"], force=[], region=["Wales"],
                        mapping="midpoint")
    order = charts.force_order(cells, "latest")
    latest = cells.drop_duplicates("force").set_index("force")["latest_position"]
    assert list(latest[order]) == sorted(latest, reverse=True)
    assert charts.force_order(cells, "name") == sorted(order)


def test_transition_heatmap_counts_match_the_list(con):
    movers = queries.run(con, "movers", theme=["Investigating crime"], from_cycle="2018/19", to_cycle="2023-25",
                         mapping="midpoint")
    matrix = charts.transition_matrix(movers)
    assert matrix.values.sum() == len(movers)
    fig = charts.transition_heatmap(movers, "2018/19", "2023-25", "Investigating crime")
    assert fig.layout.xaxis.title.text == "Grade in 2023-25" and fig.layout.yaxis.title.text == "Grade in 2018/19"
    assert {"improved", "held", "declined"} <= legend_names(fig)


def test_coverage_heatmap(con):
    fig = charts.coverage_heatmap(queries.run(con, "coverage_summary"), queries.run(con, "cycles"))
    assert fig.layout.title.text.startswith("Coverage") and fig.layout.yaxis.title.text == "Pillar or theme"
    assert "not directly comparable" in notes(fig)
