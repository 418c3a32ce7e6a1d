"""WCAG 2.2 AA for what the charts draw, computed from the palette the figures use (imported, never copied):
text in every cell at 4.5:1, axis text at 4.5:1, fills where colour carries meaning at 3:1 against the page or
outlined at 3:1, and grades that keep their order in greyscale."""
import pytest

from peel.db import queries
from peel.figures import charts, grids
from peel.figures.charts import contrast, GRADE_COLOURS, GRADES, INK, OUTLINE, PAGE

CELL_FILLS = {**grids.FILLS}  # every fill a grid cell can have: the grades, the missing kinds, carried over


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#0072B2", "#444444") == contrast("#444444", "#0072B2")


@pytest.mark.parametrize("kind", CELL_FILLS)
def test_cell_text_reads_at_4_5_to_1_on_every_fill(kind):
    assert contrast(INK, CELL_FILLS[kind]) >= 4.5, (kind, CELL_FILLS[kind])


def test_grades_are_ordered_in_lightness_and_distinct_in_greyscale():
    """Outstanding palest to Inadequate darkest, each a visible step darker than the one before."""
    lum = [charts.luminance(GRADE_COLOURS[g]) for g in GRADES]
    assert lum == sorted(lum, reverse=True)
    assert all(contrast(GRADE_COLOURS[a], GRADE_COLOURS[b]) >= 1.15 for a, b in zip(GRADES, GRADES[1:]))
    # and none is the grey of a missing cell
    for fill in charts.MISSING_FILL.values():
        assert all(contrast(fill, c) >= 1.1 for c in GRADE_COLOURS.values())


def test_a_pale_fill_where_colour_carries_meaning_has_a_3_to_1_outline(con):
    assert contrast(OUTLINE, PAGE) >= 3
    shares = queries.run(con, "overview_shares", theme=["Legitimacy"])
    bars = [t for t in charts.grade_shares(shares, "Legitimacy").data if t.type == "bar" and t.name in GRADES]
    assert bars
    for bar in bars:
        if contrast(bar.marker.color, PAGE) < 3:
            assert contrast(bar.marker.line.color, PAGE) >= 3 and bar.marker.line.width >= 1, bar.name
        assert contrast(bar.textfont.color, bar.marker.color) >= 4.5, bar.name
    key = grids._legend(list(GRADES), compact=False)
    assert all(contrast(t["marker"]["line"]["color"], PAGE) >= 3 for t in key)


def test_move_and_coverage_cells_keep_their_numbers_readable():
    # Plotly writes white on the dark movement fills and its dark grey #444 on the pale one
    improved, held, declined = charts.MOVEMENT_COLOURS.values()
    assert contrast("#FFFFFF", improved) >= 4.5 and contrast("#FFFFFF", declined) >= 4.5
    assert contrast("#444444", held) >= 4.5
    assert contrast(improved, PAGE) >= 3 and contrast(declined, PAGE) >= 3
    assert all(contrast(INK, colour) >= 4.5 for _, colour in charts.COVERAGE_SCALE)


def test_axis_labels_and_titles_read_at_4_5_to_1(con):
    themes = queries.run(con, "themes")
    cells = queries.run(con, "coverage_cells", theme=[], force=["Kent"], region=[], cycle=[], mapping="midpoint")
    fig = grids.force_history(cells, themes, "Kent")
    assert contrast(fig.layout.font.color, PAGE) >= 4.5
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        for colour in (axis.tickfont.color, axis.title.font.color):
            assert colour is None or contrast(colour, PAGE) >= 4.5
    assert contrast(charts.FONT["color"], PAGE) >= 4.5
