"""MADE-UP hostile PDFs, built as raw bytes in the test run: a decompression bomb and a document of
thousands of pages sharing one content stream."""
import zlib


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of objects (numbered from 1; object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, flate: bool = False) -> bytes:
    body = zlib.compress(data, 9) if flate else data
    return (b"<< /Length %d%s >>\nstream\n" % (len(body), b" /Filter /FlateDecode" if flate else b"")
            + body + b"\nendstream")


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pages_sharing_one_stream(pages: int, text: bytes = b"The force was rated good at x") -> bytes:
    """pages pages whose /Contents is the same stream."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    content = b"BT /F1 12 Tf 72 712 Td (" + text + b") Tj ET\n"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               FONT, _stream(content * 200, flate=True)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return _pdf(objects)


def flate_bomb(inflated: int = 120_000_000) -> bytes:
    """One page whose content stream is ~120 KB compressed and inflates to 120 MB."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", FONT,
                 _stream(b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n" + b" " * inflated, flate=True),
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 3 0 R >> >> >>"])
