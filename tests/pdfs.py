"""PDFs made in the test run with fpdf2 (core font only), so no PDF is kept in the repository."""
from fpdf import FPDF, FontFace

COLUMN_MM = 52
INDENT_MM = 6  # per four leading spaces


def _latin1(text: str) -> str:
    """What the core font can draw: curly quotes and dashes made plain, anything else outside Latin-1 as '?'."""
    plain = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-"}))
    return plain.encode("latin-1", "replace").decode("latin-1")


def _pdf(orientation: str = "landscape") -> FPDF:
    pdf = FPDF(orientation=orientation)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    return pdf


def pdf_from_text(text: str) -> bytes:
    """A PDF of text: each line a paragraph (leading spaces drawn as an indent); a tab-separated line drawn
    as a table row, one cell per column, each column starting clear of the widest cell before it."""
    pdf = _pdf()
    lines = [_latin1(line) for line in text.splitlines()]
    starts = [10.0]
    for line in lines:
        for k, cell in enumerate(line.split("\t")[:-1] if "\t" in line else []):
            while len(starts) <= k + 1:
                starts.append(starts[-1] + COLUMN_MM)
            width = pdf.get_string_width(cell.strip()) + _indent(cell if k == 0 else "") + 4
            starts[k + 1] = max(starts[k + 1], starts[k] + width)
    for line in lines:
        indent = _indent(line)
        if "\t" in line:
            for k, cell in enumerate(line.split("\t")):
                pdf.set_x(starts[k] + (indent if k == 0 else 0))
                pdf.cell(COLUMN_MM, 5, cell.strip())
            pdf.ln(5)
        else:
            pdf.set_x(10 + indent)
            pdf.multi_cell(270 - indent, 5, line.lstrip(" ") or " ")
    return bytes(pdf.output())


def _indent(line: str) -> float:
    return INDENT_MM * ((len(line) - len(line.lstrip(" "))) // 4)


def pdf_grade_columns(title: list[str], columns: dict[str, list[str]], width_mm: float = 34) -> bytes:
    """A PDF with a grade table as reports draw it: a column per grade, each area a cell under its grade,
    cells narrow enough that long area names wrap onto two or three lines."""
    pdf = _pdf("portrait")
    pdf.set_font("helvetica", size=9)
    for line in title:
        pdf.multi_cell(0, 5, _latin1(line) or " ", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 4
    for k, grade in enumerate(columns):
        pdf.set_xy(10 + (width_mm + 2) * k, top)
        pdf.multi_cell(width_mm, 5, grade)
    body = top + 10
    bottom = body
    for k, cells in enumerate(columns.values()):
        y = body
        for cell in cells:
            pdf.set_xy(10 + (width_mm + 2) * k, y)
            pdf.multi_cell(width_mm, 5, _latin1(cell))
            y = pdf.get_y() + 2
        bottom = max(bottom, y)
    pdf.set_xy(10, bottom + 6)
    pdf.multi_cell(0, 5, "The panel is asked to note the grades.")
    return bytes(pdf.output())


def pdf_table(title: list[str], rows: list[list[str]], col_widths: tuple, width_mm: float | None = None,
              heading_size: float | None = None, heading_align: str = "CENTER", borders: str = "ALL",
              line_height: float | None = None, padding: float | None = None, page_before: str = "") -> bytes:
    """A PDF with a table drawn by fpdf's table(): the first row the headings (bold, centred over their
    columns unless heading_align says otherwise), cells wrapping onto as many lines as their column's width
    needs and centred in their row's height, as word processors draw them. page_before: a page of prose first."""
    pdf = _pdf("portrait")
    pdf.set_font("helvetica", size=9)
    if page_before:
        pdf.multi_cell(0, 5, _latin1(page_before), new_x="LMARGIN", new_y="NEXT")
        pdf.add_page()
    for line in title:
        pdf.multi_cell(0, 5, _latin1(line) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    options = {"padding": padding} if padding is not None else {}
    with pdf.table(col_widths=col_widths, width=width_mm, align="LEFT", text_align="LEFT", v_align="MIDDLE",
                   borders_layout=borders, line_height=line_height, **options,
                   headings_style=FontFace(emphasis="BOLD", size_pt=heading_size)) as table:
        for k, cells in enumerate(rows):
            row = table.row()
            for cell in cells:
                row.cell(_latin1(cell), align=heading_align if k == 0 else None)
    pdf.ln(6)
    pdf.multi_cell(0, 5, "The panel is asked to note the grades.")
    return bytes(pdf.output())


def pdf_without_text() -> bytes:
    """A PDF whose page holds only a drawing, like a scan: no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())
