"""Turn a report (a text file or a PDF) into text, refusing what cannot be read with a message a person can act on.

Reading a PDF has budgets: at most MAX_PAGES pages and MAX_SECONDS of work, in a child process (so a PDF
crafted to take minutes, or a stream that inflates to gigabytes, costs neither the app's CPU nor its memory,
and other people's pages keep running), with every pypdf error caught at its base class. The text of the
last few documents read is kept, so a page rerun does not read the same upload again.

A PDF's grade tables are also read from its words' positions (peel.reports.pdf_tables), in the same child
and within the same budgets, where the layout text would jumble their columns; a page's text stays pypdf's.
"""
from __future__ import annotations

import bisect
import codecs
import hashlib
import io
import json
import re
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from peel.db.files import reason, shown
from peel.paths import ROOT

# 50 MB: far more than any PEEL report or panel paper (a few MB); the upload limit in .streamlit/config.toml
# (server.maxUploadSize) is the same number of MB
MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500  # a PEEL report is 40 to 150 pages; a panel's papers for a meeting rarely pass 300
MAX_SECONDS = 60  # reading a 150-page report takes a few seconds
MAX_MEMORY = 1024 * 1024 * 1024  # the child's address space: a decompression bomb stops here
PDF_MAGIC = b"%PDF-"
# Tests made on an upload's bytes without copying them: a 40 MB upload's copies (stripped, every other byte)
# stayed in the server's memory after it was read (glibc keeps freed blocks of that size for reuse).
_BLANK = re.compile(rb"\s*").fullmatch
_PDF_START = re.compile(rb"\s*" + re.escape(PDF_MAGIC)).match
UTF16_SAMPLE = 64 * 1024  # bytes looked at to tell UTF-16 without a byte-order mark
_KEPT = 8  # documents whose text is kept for reruns
_kept: OrderedDict[tuple[str, str], dict] = OrderedDict()
_kept_lock = threading.Lock()
_CONTROLS = [chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"]


class UnreadableDocument(ValueError):
    """The document cannot be read as text; the message says why and what to do."""


@dataclass
class Document:
    name: str  # the file name, or "pasted text"
    text: str
    kind: str  # "text" or "pdf"
    pages: list = field(default_factory=list)  # a PDF's pages: the 1-based line of the text each starts on
    tables: list = field(default_factory=list)  # a PDF's grade tables read by position (pdf_tables.read)

    def where(self, line: int) -> str:
        """Where line (1-based) of the text is for the person holding the document: 'line 14' in a text,
        'page 2, line 14' in a PDF (counting the lines with text on them from the top of the page)."""
        if not self.pages:
            return f"line {line}"
        page = max(0, bisect.bisect_right(self.pages, line) - 1)
        lines = self._lines[self.pages[page] - 1:line]
        return f"page {page + 1}, line {max(1, sum(1 for ln in lines if ln.strip()))}"

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.split("\n")


def _size_message(name: str, size: int) -> str:
    return (f"{name} is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit; "
            "a PEEL report is far smaller, so this is probably not one (or paste the relevant pages as text)")


def read_path(path: Path) -> Document:
    """Read a file from disk, checking its size before loading it."""
    path = Path(path)
    try:
        if not path.exists():
            raise UnreadableDocument(f"{shown(path)}: no such file")
        if not path.is_file():
            raise UnreadableDocument(f"{shown(path)}: not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableDocument(_size_message(shown(path.name), size))
        data = path.read_bytes()
    except OSError as exc:  # a name too long for the file system, no permission, a loop of links
        raise UnreadableDocument(f"{shown(path)}: cannot be read: {reason(exc)}") from None
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> Document:
    """The text of a document given as bytes: a PDF (by its signature) or text (see _decode). Its name, as
    shown and kept, has control characters written out and a very long one cut short (peel.db.files.shown)."""
    name = shown(name)
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(_size_message(name, len(data)))
    if _BLANK(data):
        raise UnreadableDocument(f"{name} is empty")
    if _PDF_START(data):
        read = _pdf_read(data, name)
        return Document(name, read["text"], "pdf", read["pages"], read["tables"])
    return Document(name, _decode(data, name), "text")


def from_text(text: str, name: str = "pasted text") -> Document:
    """Pasted text, checked like a file."""
    return read_bytes((text or "").encode("utf-8"), name)


UTF_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no byte-order mark, told by its zero bytes (in its first UTF16_SAMPLE bytes): every other
    byte of mostly-ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:UTF16_SAMPLE]
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) > len(zeros) * 0.6:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _decode(data: bytes, name: str) -> str:
    """Text in UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 (as Windows Notepad saves
    "Unicode"; told by the mark, or UTF-16 by its zero bytes), else cp1252."""
    junk = f"{name} is not a text or PDF file (it looks like binary data); upload a PDF or a plain text file"
    text = None
    for bom, codec in UTF_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise UnreadableDocument(junk) from None
            break
    if text is None:
        text = _utf16_without_bom(data)
    if text is None:
        if b"\x00" in data:
            raise UnreadableDocument(junk)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise UnreadableDocument(junk) from None
    if "\x00" in text:
        raise UnreadableDocument(junk)
    if not text.strip():
        raise UnreadableDocument(f"{name} is empty")
    control = sum(map(text.count, _CONTROLS))
    if control > max(8, len(text) // 100):
        raise UnreadableDocument(junk)
    return text


def _pdf_read(data: bytes, name: str) -> dict:
    """A PDF read in a child process within the page, time and memory budgets: {"text", "pages", "tables"}."""
    key = (hashlib.sha256(data).hexdigest(), name)
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    output = in_child("peel.reports.reading", name, data)
    try:
        answer = json.loads(output)
    except ValueError:  # the child ran out of memory or crashed
        answer = {"error": f"{name} needs more memory to read than a report could (over "
                           f"{MAX_MEMORY // 1024 // 1024} MB), so reading stopped; paste its text instead"}
    if "error" in answer:
        raise UnreadableDocument(answer["error"])
    with _kept_lock:
        _kept[key] = answer
        while len(_kept) > _KEPT:
            _kept.popitem(last=False)
    return answer


def in_child(module: str, name: str, data: bytes) -> bytes:
    """`python -m module name` given data on stdin, within the budgets (MAX_SECONDS; the child limits its
    memory with limit_memory()): its stdout. Past the time budget, UnreadableDocument saying so."""
    try:
        done = subprocess.run([sys.executable, "-m", module, name], input=data, cwd=ROOT, capture_output=True,
                              timeout=MAX_SECONDS)
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(f"{name} took over {MAX_SECONDS} s to read, so reading stopped (a PEEL report "
                                 "takes a few seconds); upload the report itself or paste the pages that state "
                                 "its grades") from None
    return done.stdout


def limit_memory() -> None:
    """In a child reading a document: at most MAX_MEMORY of address space (a decompression bomb stops here)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))


def pdf_read_here(data: bytes, name: str) -> dict:
    """A PDF read in this process, at most MAX_PAGES pages (what the child process runs): its text, the line
    each page starts on and the grade tables read by position."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(f"{name} is a password-protected PDF; save an unprotected copy or paste its text")
        if len(reader.pages) > MAX_PAGES:
            raise UnreadableDocument(f"{name} has {len(reader.pages)} pages, over the {MAX_PAGES}-page limit; "
                                     "a PEEL report is far shorter, so upload the report itself or paste its text")
        pages = [_page_text(page).replace("\r\n", "\n").replace("\r", "\n") for page in reader.pages]
    except UnreadableDocument:
        raise
    except (LimitReachedError, MemoryError, RecursionError):
        raise UnreadableDocument(f"{name} holds data that would expand far beyond any report (a damaged file or "
                                 "a 'decompression bomb'), so reading stopped; paste its text instead") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, ZeroDivisionError):
        raise UnreadableDocument(f"{name} looks like a PDF but cannot be read (it is damaged or uses features "
                                 "the reader does not know); try saving it again or paste its text") from None
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(f"{name} is a PDF with no text layer (a scan or images of pages), so there is no "
                                 "text to read grades from; run it through OCR first or paste the text")
    starts = [1]
    for page in pages[:-1]:
        starts.append(starts[-1] + page.count("\n") + 1)
    return {"text": text, "pages": starts, "tables": _tables(data, pages, starts, started)}


def _tables(data: bytes, pages: list[str], starts: list[int], started: float) -> list:
    """The grade tables read by position, stopping in time for the whole read to keep within MAX_SECONDS;
    none when pdfplumber cannot read the file (its text still serves)."""
    from peel.reports import pdf_tables

    try:
        return pdf_tables.read(data, pages, starts, deadline=started + 0.75 * MAX_SECONDS)
    except Exception:  # pypdf read the text; a table read by position is a bonus
        return []


def _page_text(page) -> str:
    """A page's text with its layout kept (table columns stay apart), or plain text if layout fails."""
    from pypdf.errors import LimitReachedError

    try:
        return page.extract_text(extraction_mode="layout") or ""
    except (LimitReachedError, MemoryError):
        raise
    except Exception:  # pypdf's layout mode gives up on some fonts; plain text is still worth having
        return page.extract_text() or ""


def _child(name: str) -> int:
    """python -m peel.reports.reading NAME: a PDF on stdin; {"text", "pages", "tables"} or {"error": ...} as JSON
    on stdout."""
    limit_memory()
    data = sys.stdin.buffer.read()
    try:
        answer = pdf_read_here(data, name)
    except UnreadableDocument as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": f"{name} needs more memory to read than a report could, so reading stopped; "
                           "paste its text instead"}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
