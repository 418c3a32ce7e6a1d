"""Every caveat and note PEEL Explorer shows or publishes, in one place: the dashboard's pages, the charts and
grids, the report card and the data package take their words from here. Plain text unless a name says
Markdown; each caller adds its own emphasis. Imports nothing, so every folder (peel/db included) may use it.

The 2021 caveat is written once, from the break it describes (ScaleBreak: the cycle that ended the old scale,
the one that began the new, and the later break HMICFRS also names). Today the break is the default below;
once data/cycles.csv records where comparability breaks, the database can build a ScaleBreak from those rows
and pass it to scale_change() and scale_change_headline(), and every copy follows.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleBreak:
    """A point where HMICFRS says grades either side cannot be compared directly."""

    year: str = "2021"
    last_before: str = "2018/19"  # the last cycle graded on the old scale
    first_after: str = "2021/22"  # the first cycle graded on the new one
    grades_before: int = 4  # how many grades the old scale had
    grades_after: int = 5
    added: str = "Adequate between Good and Requires improvement"
    also: str = "nor 2023-25 with 2021/22"  # a further break HMICFRS names, or ""


SCALE_BREAK = ScaleBreak()
_WORDS = {3: "three", 4: "four", 5: "five", 6: "six"}


def scale_change_headline(b: ScaleBreak = SCALE_BREAK) -> str:
    return f"Grades before and after {b.year} are not directly comparable."


def scale_change(b: ScaleBreak = SCALE_BREAK) -> str:
    """The caveat itself: what changed and what HMICFRS says follows from it."""
    also = f" ({b.also})" if b.also else ""
    return (f"Until {b.last_before} HMICFRS used {_WORDS[b.grades_before]} grades; from {b.first_after} it "
            f"uses {_WORDS[b.grades_after]}, adding {b.added}, and it says grades from {b.first_after} on cannot "
            f"be compared directly with earlier ones{also}. A fall from Good to Adequate is not necessarily a "
            "fall in performance.")


def scale_change_note(b: ScaleBreak = SCALE_BREAK) -> str:
    """The caveat as a chart's one-line note beside the dashed line at the change."""
    return (f"Scale changed from {b.grades_before} grades to {b.grades_after} ({b.added.split()[0]} added): "
            "HMICFRS says grades either side are not directly comparable")


SCALE_CHANGE_HEADLINE = scale_change_headline()
SCALE_CHANGE = scale_change()
SCALE_CHANGE_NOTE = scale_change_note()
ACROSS_THE_CHANGE = ("Movers and sorts across the change use a harmonised position under the mapping chosen in "
                     "the sidebar.")
CAVEAT_MARKDOWN = f"**{SCALE_CHANGE_HEADLINE}** {SCALE_CHANGE} {ACROSS_THE_CHANGE}"  # the pages' info box
GAP_NOTE = "no PEEL<br>grades<br>(2020)"  # a chart's note over the year without a PEEL cycle (Plotly text)

MISSING_NOTE = ("*Unknown* means no grade has been found in a source yet; *not graded* means HMICFRS did not "
                "grade it; *not inspected* means HMICFRS says it did not inspect the question that cycle and "
                "states no grade. None of them is drawn as a grade.")  # Markdown
HARMONISED_HELP = ("Where the grade sits on one axis across both scales: 4 = Outstanding, 3 = Good, "
                   "1 = Inadequate; Adequate goes where the sidebar's mapping puts it.")
MAPPING_SWITCH_NOTE = "Only *Adequate* moves: the other grades keep their place. See Methodology and coverage."

# A grade a user proposed from a document and an editor accepted (origin 'user'): its mark, which reads in
# greyscale, in grid cells, the card and tables, and what the mark means.
USER_MARK = "†"
USER_MARK_MEANS = ("† added by a user from a document and accepted by an editor (not one of PEEL Explorer's own "
                   "sources)")


def user_grade_line(accepted_by: object, accepted_at: object) -> str:
    """What a user grade's hover or table says of it (plain text)."""
    when = str(accepted_at or "")[:10]
    return f"{USER_MARK} added by a user from a document; accepted by {accepted_by or 'an editor'}" + \
        (f" on {when}" if when else "")


# The report card (HTML-escaped by the card).
CARD_ACROSS_THE_CHANGE = (f"These cycles are either side of the {SCALE_BREAK.year} scale change: moves compare "
                          "harmonised positions under the mapping in use, which HMICFRS does not endorse.")
CARD_CELLS_NOTE = ("A hollow cell marked * is a grade HMICFRS carried over from an earlier cycle; unknown means no "
                   f"grade has been found in a source yet, and is not a finding. {USER_MARK_MEANS}.")

# The data package's caveats (datapackage.json), the first of them the 2021 caveat.
PACKAGE_CAVEATS = (
    SCALE_CHANGE,
    "harmonised (in grades and coverage) places every grade on one axis under the default mapping "
    "(midpoint: Adequate halfway between Good and Requires improvement); mappings holds the alternatives. "
    "It is PEEL Explorer's choice, not HMICFRS's.",
    "No grade is inferred. A cell with no grade found is 'unknown' in coverage (missing, not a finding); "
    "'not graded' and 'not inspected' are stated by a source. counts and count_check show grades a "
    "source counted but that are not yet named; they never fill a grade.",
    "A carried-over grade (carried_over true) is HMICFRS keeping an earlier cycle's judgment for a "
    "question it did not re-inspect: it sits in the cycle that stated it, with awarded_in the cycle it "
    "was awarded in.",
    "origin 'user' marks a grade a user proposed from a document and an editor accepted (accepted_by, "
    "accepted_at, document and document_hash say who, when and from what); its source_kind is always "
    "'document'. Every other grade is curated from the sources cited.",
    "tier_rank is a position on the grade's own scale (Requires improvement is 3 of 4 before 2021, 4 of 5 "
    "after): compare harmonised, not tier_rank, across the change.",
)
NO_DATABASE_TO_PACKAGE = ("The whole dataset cannot be downloaded: there is no database file to package ({name} is "
                          "missing from the data folder). Build it with `python -m peel build`.")  # Markdown
