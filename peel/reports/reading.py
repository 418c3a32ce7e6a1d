"""Turn a report (a text file or a PDF) into text, refusing what cannot be read with a message a person can act on."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: far more than any PEEL report or panel paper
PDF_MAGIC = b"%PDF-"


class UnreadableDocument(ValueError):
    """The document cannot be read as text; the message says why and what to do."""


@dataclass
class Document:
    name: str  # the file name, or "pasted text"
    text: str
    kind: str  # "text" or "pdf"


def _size_message(name: str, size: int) -> str:
    return (f"{name} is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit; "
            "a PEEL report is far smaller, so this is probably not one (or paste the relevant pages as text)")


def read_path(path: Path) -> Document:
    """Read a file from disk, checking its size before loading it."""
    path = Path(path)
    if not path.exists():
        raise UnreadableDocument(f"{path}: no such file")
    if not path.is_file():
        raise UnreadableDocument(f"{path}: not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableDocument(_size_message(path.name, size))
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(data: bytes, name: str) -> Document:
    """The text of a document given as bytes: a PDF (by its signature) or UTF-8/cp1252 text."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(_size_message(name, len(data)))
    if not data.strip():
        raise UnreadableDocument(f"{name} is empty")
    if data.lstrip()[:5] == PDF_MAGIC:
        return Document(name, _pdf_text(data, name), "pdf")
    return Document(name, _decode(data, name), "text")


def from_text(text: str, name: str = "pasted text") -> Document:
    """Pasted text, checked like a file."""
    return read_bytes((text or "").encode("utf-8"), name)


def _decode(data: bytes, name: str) -> str:
    junk = f"{name} is not a text or PDF file (it looks like binary data); upload a PDF or a plain text file"
    if b"\x00" in data:
        raise UnreadableDocument(junk)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableDocument(junk) from None
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > max(8, len(text) // 100):
        raise UnreadableDocument(junk)
    return text


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(f"{name} is a password-protected PDF; save an unprotected copy or paste its text")
        pages = [_page_text(page) for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(f"{name} looks like a PDF but cannot be read ({exc}); "
                                 "try saving it again or paste its text") from None
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(f"{name} is a PDF with no text layer (a scan or images of pages), so there is no "
                                 "text to read grades from; run it through OCR first or paste the text")
    return text


def _page_text(page) -> str:
    """A page's text with its layout kept (table columns stay apart), or plain text if layout fails."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode gives up on some fonts; plain text is still worth having
        return page.extract_text() or ""
