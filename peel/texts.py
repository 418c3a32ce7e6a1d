"""Every caveat and note PEEL Explorer shows or publishes, in one place: the dashboard's pages, the charts and
grids, the report card and the data package take their words from here. Plain text unless a name says
Markdown; each caller adds its own emphasis. Imports nothing, so every folder (peel/db included) may use it.

The comparability caveat is written from the breaks it describes: data/breaks.csv holds each point where
HMICFRS says grades either side cannot be compared directly (its words and page); peel.db.vocabulary.breaks()
reads them as Break rows and the callers pass them to the functions below, so every copy follows the data.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Break:
    """A point where HMICFRS says grades either side cannot be compared directly (a row of data/breaks.csv)."""

    from_cycle: str
    to_cycle: str
    label: str  # what changed, e.g. "scale changed from 4 grades to 5, adding Adequate"
    words: str  # HMICFRS's own words
    source_url: str


NOT_COMPARABLE = "not directly comparable"  # what a break means, beside the line that marks it


def _pairs(breaks) -> str:
    spans = [f"{b.from_cycle} and {b.to_cycle}" for b in breaks]
    return spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " or " + spans[-1]


def caveat_headline(breaks) -> str:
    """One sentence: where grades are not directly comparable."""
    return f"Grades are {NOT_COMPARABLE} between {_pairs(breaks)}." if breaks else ""


def caveat(breaks) -> str:
    """The caveat itself: each break, what changed and HMICFRS's words about it."""
    said = " ".join(f"Between {b.from_cycle} and {b.to_cycle} ({b.label}) HMICFRS says: “{b.words}”" for b in breaks)
    return (said + " A move across a break is not necessarily a change in performance unless the force's report "
            "says so.") if breaks else ""


def caveat_brief(breaks) -> str:
    """The caveat where room is short (the report card): what changed at each break, without the quotation."""
    said = "; ".join(f"between {b.from_cycle} and {b.to_cycle}, {b.label}" for b in breaks)
    return f"HMICFRS says so {said}." if breaks else ""


def break_note(breaks) -> str:
    """The breaks as a chart's one-line note beside the dashed lines that mark them."""
    lines = "; ".join(f"{b.from_cycle} | {b.to_cycle}: {b.label}" for b in breaks)
    return f"Dashed line: HMICFRS says grades either side are {NOT_COMPARABLE} ({lines})" if breaks else ""


ACROSS_THE_BREAK_NOTE = ("So no force is called improved or declined here: a different harmonised position is "
                         "'moved across the break', and each row links the force's HMICFRS report, which says "
                         "whether performance changed.")
ACROSS_THE_CHANGE = ("Movers and sorts across a break use a harmonised position under the mapping chosen in "
                     "the sidebar.")


def caveat_markdown(breaks) -> str:
    """The pages' info box."""
    return f"**{caveat_headline(breaks)}** {caveat(breaks)} {ACROSS_THE_CHANGE}"


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


# The sidebar, to a person st.login signed in whose account is not an editor here (Markdown).
SIGNED_IN_NOT_EDITOR = "Your account is signed in, but it is not an editor here: you can read and propose grades."
SIGNED_IN_UNVERIFIED = ("Your account is signed in, but its provider says its e-mail address is not verified, so it "
                        "is not an editor here: you can read and propose grades.")
SIGNED_IN_NO_LIST = ("Your account is signed in, but this server has no list of editors' e-mail addresses "
                     "(`[editors_oidc]` in its secrets file), so nobody signs in as an editor here yet.")

def user_grade_line(accepted_by: object, accepted_at: object) -> str:
    """What a user grade's hover or table says of it (plain text)."""
    when = str(accepted_at or "")[:10]
    return f"{USER_MARK} added by a user from a document; accepted by {accepted_by or 'an editor'}" + \
        (f" on {when}" if when else "")


def current_picture(row: dict) -> str:
    """A force's latest cycle in one sentence, from a row of queries/force_latest.sql: what it names, leaves
    unknown and counts without naming."""
    counted = (f"; {int(row['unnamed'])} more counted by a release but not named ({row['unnamed_grades']})"
               if row.get("unnamed") else "")
    named = int(row["named_grades"])
    return (f"{row['cycle']} is the latest cycle: {named} grade{'' if named == 1 else 's'} named, "
            f"{int(row['unknown_cells'])} of {int(row['cells'])} pillar and theme cells unknown{counted}.")


def unnamed_by_grade(rows) -> list[str]:
    """What a list of grades leaves out, one sentence per cycle and grade, from (cycle, grade, force, unnamed)
    rows of queries/unnamed_by_grade.sql: '7 more Inadequate grades in 2023-25 were counted by a release but are
    not named, so are not in this list: West Midlands 3, Lincolnshire 3, Gloucestershire 1.'"""
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for cycle, grade, force, unnamed in rows:
        groups.setdefault((cycle, grade), []).append((force, int(unnamed)))
    said = []
    for (cycle, grade), forces in groups.items():
        n = sum(u for _, u in forces)
        said.append(f"{n} more {grade} grade{'' if n == 1 else 's'} in {cycle} "
                    f"{'was' if n == 1 else 'were'} counted by a release but {'is' if n == 1 else 'are'} not "
                    f"named, so {'it is' if n == 1 else 'they are'} not in this list: "
                    + ", ".join(f"{f} {u}" for f, u in forces) + ".")
    return said


def unnamed_totals(cycle: str, rows) -> str:
    """Under counts of forces by grade in a cycle: how many grades a release counted there without naming them,
    by grade, from (grade, unnamed) rows in grade order; empty when none."""
    totals: dict[str, int] = {}
    for grade, unnamed in rows:
        totals[grade] = totals.get(grade, 0) + int(unnamed)
    if not totals:
        return ""
    n = sum(totals.values())
    return (f"In {cycle} releases counted {n} more grade{'' if n == 1 else 's'} without naming the area ("
            + ", ".join(f"{u} {g}" for g, u in totals.items()) + "), so these numbers may leave some out; each "
            "list below says which forces they are.")


UNNAMED_ANY_AREA = "A release's count does not say which pillar or theme a grade was for."


# The report card (HTML-escaped by the card).
CARD_ACROSS_THE_CHANGE = ("A break HMICFRS declares lies between these cycles: a move is placed by the mapping in use "
                          "(not HMICFRS's) and is no change in performance unless the force's report says so")
CARD_CELLS_NOTE = ("A hollow cell marked * is a grade HMICFRS carried over from an earlier cycle; unknown means no "
                   f"grade has been found in a source yet, and is not a finding. {USER_MARK_MEANS}.")

# The data package's caveats (datapackage.json), after the comparability caveat (package_caveats).
PACKAGE_CAVEATS = (
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


def package_caveats(breaks) -> tuple[str, ...]:
    """The data package's caveats, the comparability caveat (from the breaks) first."""
    return (caveat(breaks), *PACKAGE_CAVEATS)
