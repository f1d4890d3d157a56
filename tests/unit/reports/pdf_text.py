"""Read the text of a PDF in tests: with pypdf when installed, else from the raw content streams.

The fallback understands only what the board paper writes with the core Helvetica font: Flate
streams holding ``(...) Tj`` strings.
"""

from __future__ import annotations

import io
import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)")


def pdf_text(data: bytes) -> str:
    """All the text of the PDF ``data``, with every run of whitespace (line breaks in wrapped
    table cells included) turned into one space."""
    try:
        import pypdf
    except ImportError:
        return " ".join(_raw_text(data).split())
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _raw_text(data: bytes) -> str:
    pieces = []
    for match in _STREAM.finditer(data):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            content = match.group(1)
        for string in _STRING.findall(content):
            pieces.append(re.sub(rb"\\(.)", rb"\1", string).decode("latin-1"))
    return " ".join(pieces)
