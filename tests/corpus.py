"""The extraction corpus: every document the extractor is measured on, with the grades it states.

The five seeds (../shared/seeds, read at test time) and made-up documents (tests/extract_docs, each
labelled MADE-UP TEST DATA), some also drawn as PDFs in the run. tests/test_extract_corpus.py scores
peel.reports.extract against it; `python -m tests.corpus DIR` writes it to DIR (write) for
`python -m peel bench extract --corpus DIR`, which scores it the same way (peel.bench.extract_bench).
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from peel.bench.extract_bench import MANIFEST, Score
from peel.bench.extract_bench import score as bench_score
from peel.reports.reading import Document, read_bytes
from tests.pdfs import pdf_from_text, pdf_grade_columns, pdf_table
from tests.seeds import seed_text

DOCS = Path(__file__).parent / "extract_docs"
RI = "Requires improvement"
MADE_UP = "MADE-UP TEST DATA - not a real document; written to test the extractor."


@dataclass(frozen=True)
class Doc:
    source: str  # "seed:003", "text:<file in extract_docs>", "pdf:<file>" (drawn as a PDF), "columns:<key>",
    # "table:<key>" (a table drawn by fpdf's table(), TABLES)
    force: str
    cycle: str
    grades: dict  # area -> grade, every grade the document states for force and cycle
    carried: dict = field(default_factory=dict)  # area -> cycle it was awarded in, for carried-over grades
    options: dict = field(default_factory=dict)  # force/cycle given to extract, as a user would

    @property
    def name(self) -> str:
        kind, _, name = self.source.partition(":")
        return f"{name} (PDF)" if kind in ("pdf", "columns", "table") else ("seed " + name if kind == "seed" else name)

    def document(self) -> Document:
        """The document as the extractor gets it (a PDF read back through peel.reports.reading)."""
        filename, data = self.file()
        if filename.endswith(".pdf"):
            return read_bytes(data, filename)
        return Document(self.name, data.decode("utf-8"), "text")

    def file(self) -> tuple[str, bytes]:
        """The document as a file: (name, bytes), a PDF drawn here where the document is one."""
        kind, _, name = self.source.partition(":")
        if kind == "seed":
            return f"seed_{name}.txt", seed_text(name).encode("utf-8")
        if kind == "columns":
            title, columns = COLUMN_TABLES[name]
            return name + ".pdf", pdf_grade_columns(title, columns)
        if kind == "table":
            return name + ".pdf", pdf_table(**TABLES[name])
        text = (DOCS / name).read_text(encoding="utf-8")
        assert text.startswith("MADE-UP TEST DATA"), name
        return (name + ".pdf", pdf_from_text(text)) if kind == "pdf" else (name, text.encode("utf-8"))


COLUMN_TABLES = {
    "merseyside_wrapped_2021": ([MADE_UP, "Merseyside Police PEEL 2021/22: the grades in the report"], {
        "Outstanding": ["Developing a positive workplace"],
        "Good": ["Preventing crime and anti-social behaviour", "Disrupting serious organised crime",
                 "Recording data about crime"],
        "Adequate": ["Responding to the public", "Managing offenders and suspects", "Treatment of the public"],
        "Requires improvement": ["Investigating crime", "Protecting vulnerable people",
                                 "Providing a service to victims of crime"],
        "Inadequate": ["Good use of resources"],
    }),
}

# Tables drawn as word processors draw them; pypdf's layout text of each jumbles the cells (headings centred
# over columns of uneven width, cells wrapping over up to three lines and centred in their row, so the lines
# of different cells interleave), and the grades are read from the words' positions.
TABLES = {
    "centred_headings_2021": dict(  # ruled, wide line spacing: only the rules tell one cell from the next
        title=[MADE_UP, "Kent Police PEEL 2021/22: the grades in the report"],
        rows=[["Outstanding", "Good", "Adequate", RI, "Inadequate"],
              ["", "Preventing crime and anti-social behaviour", "Responding to the public", "Investigating crime",
               "Good use of resources"],
              ["Recording data about crime", "Treatment of the public", "Managing offenders and suspects",
               "Protecting vulnerable people", ""],
              ["", "Disrupting serious organised crime", "Developing a positive workplace",
               "Providing a service to victims of crime", ""]],
        col_widths=(20, 40, 26, 44, 22), heading_size=11),
    "tight_columns_2023": dict(  # no rules, close columns, 'Requires' above 'improvement' in its heading
        title=[MADE_UP, "Hampshire and Isle of Wight Constabulary: PEEL 2023-25 grades"],
        rows=[["Outstanding", "Good", "Adequate", RI, "Inadequate"],
              ["", "Preventing crime", "Responding to the public", "Investigating crime",
               "Leadership and force management"],
              ["", "Police powers and public treatment", "Managing offenders and suspects",
               "Protecting vulnerable people", ""],
              ["", "", "Developing a positive workplace", "", ""]],
        col_widths=(20, 24, 26, 21, 22), width_mm=130, borders="NONE", line_height=4, padding=1),
    "grade_column_2021": dict(  # an area column wrapping beside a grade column that wraps too
        title=[MADE_UP, "Police and crime panel, 12 May 2022", "Sussex Police PEEL 2021/22 inspection: grades"],
        rows=[["Area inspected", "Grade"], ["Preventing crime and anti-social behaviour", "Good"],
              ["Responding to the public", RI], ["Investigating crime", "Adequate"],
              ["Protecting vulnerable people", "Good"], ["Managing offenders and suspects", "Inadequate"],
              ["Developing a positive workplace", "Outstanding"], ["Good use of resources", "Adequate"]],
        col_widths=(45, 22), width_mm=67, heading_align="LEFT"),
}

SEED_000 = {"Effectiveness": "Good", "Efficiency": "Good", "Legitimacy": "Good",
            "Protecting vulnerable people": RI, "Planning for the future": "Outstanding",
            "Treating the public with fairness and respect": "Good",
            "Ensuring the workforce behaves ethically and lawfully": RI,
            "Treating the workforce with fairness and respect": "Good"}
SEED_003 = {"Preventing crime and anti-social behaviour": "Good", "Recording data about crime": "Good",
            "Treatment of the public": "Good", "Disrupting serious organised crime": "Good",
            "Good use of resources": "Good", "Responding to the public": "Adequate",
            "Managing offenders and suspects": "Adequate", "Developing a positive workplace": "Adequate",
            "Investigating crime": RI, "Providing a service to victims of crime": RI,
            "Protecting vulnerable people": RI}
PILLARS_2017 = {"Effectiveness": "Good", "Preventing crime and tackling anti-social behaviour": "Good",
                "Investigating crime and reducing re-offending": RI,
                "Protecting vulnerable people and supporting victims": "Good",
                "Tackling serious and organised crime": "Good", "Efficiency": "Good",
                "Understanding demand": "Good", "Use of resources to manage demand": "Outstanding",
                "Planning for future demand": "Good", "Legitimacy": RI,
                "Treating the public with fairness and respect": "Good",
                "Ensuring the workforce behaves ethically and lawfully": RI,
                "Treating the workforce with fairness and respect": "Good"}
NEWS_2023 = {"Responding to the public": RI, "Investigating crime": "Good", "Protecting vulnerable people": "Good",
             "Managing offenders and suspects": "Adequate", "Leadership and force management": "Adequate",
             "Preventing crime": "Adequate"}
BULLETS_2023 = {"Investigating crime": "Inadequate", "Protecting vulnerable people": "Inadequate",
                "Preventing crime": "Adequate", "Responding to the public": "Adequate",
                "Managing offenders and suspects": "Adequate", "Leadership and force management": "Adequate",
                "Police powers and public treatment": "Good", "Developing a positive workplace": RI,
                "Recording data about crime": RI}
COORDINATED_2023 = {"Investigating crime": "Adequate", "Protecting vulnerable people": "Adequate",
                    "Managing offenders and suspects": "Adequate", "Responding to the public": RI,
                    "Preventing crime": RI, "Developing a positive workplace": RI,
                    "Leadership and force management": "Good"}

CORPUS = [
    Doc("seed:000", "West Midlands", "2018/19", SEED_000),
    Doc("seed:001", "West Midlands", "2017", {
        "Legitimacy": RI, "Treating the public with fairness and respect": "Good",
        "Ensuring the workforce behaves ethically and lawfully": RI,
        "Treating the workforce with fairness and respect": RI}),
    Doc("seed:002", "West Midlands", "2016", {
        "Effectiveness": "Good", "Protecting vulnerable people and supporting victims": RI,
        "Efficiency": "Outstanding"}, options={"cycle": "2016"}),
    Doc("seed:003", "West Midlands", "2021/22", SEED_003),
    Doc("seed:004", "West Mercia", "2021/22", {
        "Preventing crime and anti-social behaviour": "Good", "Treatment of the public": "Adequate",
        "Protecting vulnerable people": "Adequate", "Managing offenders and suspects": "Adequate",
        "Developing a positive workplace": "Adequate", "Investigating crime": RI,
        "Responding to the public": RI, "Good use of resources": RI}),
    Doc("text:pipe_list_2023.txt", "Kent", "2023-25", {
        "Investigating crime": RI, "Preventing crime": "Good", "Responding to the public": "Adequate",
        "Police powers and public treatment": "Outstanding", "Leadership and force management": "Inadequate"}),
    Doc("text:sentences_2021.txt", "Durham", "2021/22", {
        "Managing offenders and suspects": "Adequate", "Preventing crime and anti-social behaviour": "Good",
        "Investigating crime": "Adequate", "Protecting vulnerable people": RI,
        "Responding to the public": "Outstanding"}),
    Doc("text:extent_2016.txt", "Thames Valley", "2016", {
        "Effectiveness": "Good", "Efficiency": "Outstanding", "Legitimacy": RI}),
    Doc("text:markdown_grade_columns_2023.md", "Avon and Somerset", "2023-25", {
        "Preventing crime": "Good", "Leadership and force management": "Good", "Investigating crime": "Adequate",
        "Managing offenders and suspects": "Adequate", "Responding to the public": RI,
        "Protecting vulnerable people": "Adequate"}),
    Doc("text:transposed_2017.txt", "Dyfed-Powys", "2017", {
        "Effectiveness": "Good", "Efficiency": RI, "Legitimacy": "Good",
        "Preventing crime and tackling anti-social behaviour": "Good",
        "Tackling serious and organised crime": "Good"}),
    Doc("text:conflict_2021.txt", "Essex", "2021/22", {"Preventing crime and anti-social behaviour": "Good"}),
    Doc("text:news_story_2023.txt", "Surrey", "2023-25", NEWS_2023),
    Doc("text:bullets_2023.txt", "Cleveland", "2023-25", BULLETS_2023),
    Doc("text:wrapped_table_2021.txt", "Lancashire", "2021/22", {
        "Preventing crime and anti-social behaviour": "Good", "Recording data about crime": "Good",
        "Responding to the public": "Adequate", "Managing offenders and suspects": "Adequate",
        "Developing a positive workplace": "Adequate", "Investigating crime": RI,
        "Protecting vulnerable people": RI, "Providing a service to victims of crime": RI}),
    Doc("text:coordinated_2023.txt", "Norfolk", "2023-25", COORDINATED_2023),
    Doc("text:plain_forms_2021.txt", "Suffolk", "2021/22", {
        "Responding to the public": RI, "Investigating crime": "Good", "Protecting vulnerable people": "Good",
        "Managing offenders and suspects": RI, "Good use of resources": "Adequate",
        "Recording data about crime": "Outstanding", "Preventing crime and anti-social behaviour": "Good"}),
    Doc("text:grade_rows_2023.txt", "Gwent", "2023-25", {
        "Preventing crime": "Good", "Investigating crime": "Adequate", "Protecting vulnerable people": RI,
        "Responding to the public": "Inadequate", "Leadership and force management": "Good",
        "Managing offenders and suspects": "Adequate"}),
    Doc("text:pillar_summary_2017.txt", "Northumbria", "2017", PILLARS_2017),
    Doc("text:carried_over_2023.txt", "Staffordshire", "2023-25", {
        "Investigating crime": RI, "Preventing crime": "Good", "Recording data about crime": "Good",
        "Protecting vulnerable people": "Adequate", "Responding to the public": "Inadequate"},
        carried={"Recording data about crime": "2021/22", "Protecting vulnerable people": "2021/22"}),
    Doc("text:pcc_release_2023.txt", "Cheshire", "2023-25", {
        "Police powers and public treatment": "Good", "Developing a positive workplace": "Good",
        "Leadership and force management": "Good", "Investigating crime": RI,
        "Responding to the public": "Adequate"}),
    Doc("text:questions_2018.txt", "Hertfordshire", "2018/19", {
        "Effectiveness": "Good", "Efficiency": "Good", "Legitimacy": "Good", "Protecting vulnerable people": "Good",
        "Meeting current demand": RI, "Planning for the future": "Outstanding",
        "Treating the public with fairness and respect": "Good"}),
    Doc("text:questions_2015.txt", "Cumbria", "2015", {
        "Preventing crime and tackling anti-social behaviour": "Good",
        "Investigating crime and reducing re-offending": RI,
        "Protecting vulnerable people and supporting victims": "Inadequate",
        "Tackling serious and organised crime": "Good"}),
    Doc("columns:merseyside_wrapped_2021", "Merseyside", "2021/22", {
        "Developing a positive workplace": "Outstanding", "Preventing crime and anti-social behaviour": "Good",
        "Disrupting serious organised crime": "Good", "Recording data about crime": "Good",
        "Responding to the public": "Adequate", "Managing offenders and suspects": "Adequate",
        "Treatment of the public": "Adequate", "Investigating crime": RI, "Protecting vulnerable people": RI,
        "Providing a service to victims of crime": RI, "Good use of resources": "Inadequate"}),
    Doc("table:centred_headings_2021", "Kent", "2021/22", {
        "Preventing crime and anti-social behaviour": "Good", "Treatment of the public": "Good",
        "Disrupting serious organised crime": "Good", "Recording data about crime": "Outstanding",
        "Responding to the public": "Adequate", "Managing offenders and suspects": "Adequate",
        "Developing a positive workplace": "Adequate", "Investigating crime": RI, "Protecting vulnerable people": RI,
        "Providing a service to victims of crime": RI, "Good use of resources": "Inadequate"}),
    Doc("table:tight_columns_2023", "Hampshire", "2023-25", {
        "Preventing crime": "Good", "Police powers and public treatment": "Good",
        "Responding to the public": "Adequate", "Managing offenders and suspects": "Adequate",
        "Developing a positive workplace": "Adequate", "Investigating crime": RI, "Protecting vulnerable people": RI,
        "Leadership and force management": "Inadequate"}),
    Doc("table:grade_column_2021", "Sussex", "2021/22", {
        "Preventing crime and anti-social behaviour": "Good", "Responding to the public": RI,
        "Investigating crime": "Adequate", "Protecting vulnerable people": "Good",
        "Managing offenders and suspects": "Inadequate", "Developing a positive workplace": "Outstanding",
        "Good use of resources": "Adequate"}),
    Doc("pdf:pillar_summary_2017.txt", "Northumbria", "2017", PILLARS_2017),
    Doc("pdf:news_story_2023.txt", "Surrey", "2023-25", NEWS_2023),
    Doc("pdf:bullets_2023.txt", "Cleveland", "2023-25", BULLETS_2023),
    Doc("pdf:coordinated_2023.txt", "Norfolk", "2023-25", COORDINATED_2023),
]


def score(extract, corpus=CORPUS) -> Score:
    """Run extract(document, **options) over the corpus and compare with what each document states."""
    return bench_score(extract, corpus)


def write(folder: Path) -> Path:
    """The corpus on disk for `python -m peel bench extract --corpus DIR`: each document as the file a user
    would have (text, or the PDF drawn here) and corpus.json with the grades it states."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for k, doc in enumerate(CORPUS):
        filename, data = doc.file()
        filename = f"{k:02d}_{filename}"
        (folder / filename).write_bytes(data)
        entries.append({"name": doc.name, "file": filename, "force": doc.force, "cycle": doc.cycle,
                        "grades": doc.grades, "carried": doc.carried, "options": doc.options})
    (folder / MANIFEST).write_text(json.dumps(entries, indent=1), encoding="utf-8")
    return folder


if __name__ == "__main__":  # python -m tests.corpus DIR
    print(f"wrote the extraction corpus (made-up test data and the seeds) to {write(Path(sys.argv[1]))}")
