"""PDFs made in the test run with fpdf2 (core font only), so no PDF is kept in the repository."""
from fpdf import FPDF

COLUMN_MM = 52


def _latin1(text: str) -> str:
    """What the core font can draw: curly quotes and dashes made plain, anything else outside Latin-1 as '?'."""
    plain = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-"}))
    return plain.encode("latin-1", "replace").decode("latin-1")


def pdf_from_text(text: str) -> bytes:
    """A PDF of text: each line a paragraph; a tab-separated line drawn as a table row, one cell per column."""
    pdf = FPDF(orientation="landscape")
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    for line in text.splitlines():
        line = _latin1(line)
        if "\t" in line:
            for k, cell in enumerate(line.split("\t")):
                pdf.set_x(10 + COLUMN_MM * k)
                pdf.cell(COLUMN_MM, 5, cell.strip())
            pdf.ln(5)
        else:
            pdf.set_x(10)
            pdf.multi_cell(270, 5, line or " ")
    return bytes(pdf.output())


def pdf_without_text() -> bytes:
    """A PDF whose page holds only a drawing, like a scan: no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())
