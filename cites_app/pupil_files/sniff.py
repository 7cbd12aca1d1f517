"""Look at a file's bytes to tell what it is, whatever its extension says.

Also decides the text encoding of CSV files (UTF-8 with or without BOM, UTF-16 as written by
Excel's « Texte Unicode », Windows-1252 / Latin-1) and their separator.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections import Counter
from pathlib import Path
from typing import Literal

ContentKind = Literal["empty", "zip", "ole", "xml", "text", "binary"]

HEAD_SIZE = 8192
_CHUNK = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_NAMES = {
    b"%PDF": "un document PDF",
    b"\x89PNG": "une image PNG",
    b"\xff\xd8\xff": "une image JPEG",
    b"GIF8": "une image GIF",
    b"Rar!": "une archive RAR",
    b"7z\xbc\xaf": "une archive 7-Zip",
    b"\x1f\x8b": "une archive gzip",
    b"MZ": "un programme",
}

# Signatures no pupil list starts with (« MZ » could be a CSV starting with a surname).
_UNMISTAKABLE = tuple(magic for magic in _BINARY_NAMES if magic != b"MZ")

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,  # truncated or not a zip
    zlib.error,  # corrupted compressed data
    EOFError,  # member cut short
    RuntimeError,  # encrypted member, unsupported zip version or compression
    KeyError,  # member listed but absent
    ValueError,
    OSError,
)
"""What opening or reading a damaged archive from outside can raise."""


class UnreadableText(Exception):  # noqa: N818 - a condition, not a programming error
    """The bytes are neither UTF-8, UTF-16 nor Windows-1252."""


def read_head(path: Path) -> bytes:
    """First bytes of the file (enough to recognise its kind)."""
    with path.open("rb") as stream:
        return stream.read(HEAD_SIZE)


def _utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def content_kind(head: bytes) -> ContentKind:
    """What the first bytes say the file is."""
    stripped = head.removeprefix(codecs.BOM_UTF8).strip()
    kind: ContentKind
    if not stripped or stripped in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        kind = "empty"
    elif head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        kind = "zip"
    elif head.startswith(_OLE_MAGIC):
        kind = "ole"
    elif stripped.startswith(b"<"):
        kind = "xml"
    elif head.startswith(_UNMISTAKABLE):  # a small PDF may hold no control byte in its head
        kind = "binary"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        kind = "text"
    elif b"\x00" in head:
        kind = "text" if _utf16_without_bom(head) else "binary"
    else:
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
        kind = "binary" if controls > len(head) // 100 + 2 else "text"
    return kind


def describe_binary(head: bytes) -> str:
    """French name of a known binary format (« un document PDF »), else « un fichier binaire »."""
    for magic, name in _BINARY_NAMES.items():
        if head.startswith(magic):
            return name
    return "un fichier binaire"


def detect_encoding(path: Path, head: bytes) -> str:
    """The Python codec to read this text file with; raises `UnreadableText`.

    Decides on the whole file, read by chunks: a Windows-1252 « é » on row 150,000 must not
    be found only after 149,999 rows were read as UTF-8.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return utf16
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableText


_QUOTED = re.compile(r'"[^"]*"')


def sniff_delimiter(sample: str) -> str:
    """The separator of a CSV sample: « ; » (French Excel), tab, « , » or « | ».

    The winner is the character found the same number of times on the most lines (quoted
    text ignored); ties go to « ; », the French default.
    """
    lines = [_QUOTED.sub("", line) for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ";", 0
    for candidate in (";", "\t", ",", "|"):
        counts = Counter(line.count(candidate) for line in lines)
        counts.pop(0, None)
        if not counts:
            continue
        _, lines_agreeing = counts.most_common(1)[0]
        if lines_agreeing > best_score:
            best, best_score = candidate, lines_agreeing
    return best
