"""Checks every input passes before it becomes an Article: size, binary content, encoding, emptiness, language."""
from __future__ import annotations

import codecs
import re

from retold.analyze.budget import MAX_ARTICLE_CHARS as MAX_CHARS  # one article's limit, refused here before it is read on
from retold.errors import Rejection
from retold.ingest.language import describe_non_english

MAX_FILE_BYTES = 20 * 1024 * 1024  # a single document larger than this is not an article
HEAD_BYTES = 8192  # enough of the opening bytes to recognise a file type

# Opening bytes of file types people mistake for articles, with what to call them in the reason.
MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (or a .docx/.xlsx/.odt/.epub document, which are zip files)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office 97-2003 document (.doc/.xls/.ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
# bytes that never occur in text: C0 controls other than tab, newlines, form feed and escape
CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})


def reject_large_file(source: str, size: int, *, exact: bool = True) -> Rejection | None:
    """A Rejection when a single-document input is over the byte limit, decided before reading it whole."""
    if size > MAX_FILE_BYTES:
        said = _megabytes(size) if exact else f"over {_megabytes(MAX_FILE_BYTES)}"
        return Rejection(source, f"file too large: {said}, the limit for one article is {_megabytes(MAX_FILE_BYTES)}", "too_large")
    return None


def detect_binary(head: bytes) -> str | None:
    """What binary type the opening bytes look like ("a PDF file"), or None for text."""
    for magic, name in MAGIC:
        if head.startswith(magic):
            # "MZ" and "BZh" are also how ordinary words can start: demand non-text bytes as well
            if magic in (b"MZ", b"BZh") and not _mostly_control(head):
                continue
            return name
    if head[4:12] in (b"ftypheic", b"ftypmif1") or head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "an image"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        return None  # UTF-16 text: reported as an encoding problem, with the fix
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    if _mostly_control(head):
        return "binary data (mostly non-text bytes)"
    return None


def decode_text(source: str, data: bytes) -> str | Rejection:
    """The bytes as strict UTF-8 text, or a Rejection: a binary type, UTF-16, or the offset of the first bad byte."""
    head = data[:HEAD_BYTES]
    kind = detect_binary(head)
    if kind is not None:
        return Rejection(source, f"not a text file: this is {kind}", "binary")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        # UTF-16 without a byte-order mark is valid UTF-8 full of NULs: catch it before decoding
        return Rejection(source, describe_encoding_error(data, 0), "encoding")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Rejection(source, describe_encoding_error(data, error.start), "encoding")


def decode_table(source: str, data: bytes) -> str | Rejection:
    """A table or list file (CSV, TSV, lines) as text without its byte-order mark: UTF-8, or UTF-16 when a mark says
    so; a Rejection as decode_text gives it otherwise (a binary type, UTF-16 without a mark, the first bad byte)."""
    # Spreadsheet programs save "Unicode text" as UTF-16 with a mark: the mark names the byte order, so reading it
    # is safe. An article is never decoded this way: its offsets are counted in the file's own UTF-8 text.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            return Rejection(source, f"not valid UTF-16 at byte {error.start} (it starts like UTF-16): save it as UTF-8", "encoding")
    text = decode_text(source, data)
    return strip_bom(text) if isinstance(text, str) else text


def describe_encoding_error(data: bytes, offset: int) -> str:
    """One line: where the data stops being UTF-8, what it probably is, and how to convert it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data[:HEAD_BYTES]):
        encoding = "utf-16"
        offset = 0
    else:
        encoding = guess_legacy_encoding(data)
    return (
        f"not valid UTF-8 at byte {offset}; it looks like {encoding}: "
        f"convert it to UTF-8, e.g. iconv -f {encoding} -t utf-8 FILE > FILE.utf8"
    )


def guess_legacy_encoding(data: bytes) -> str:
    """The likely legacy encoding of non-UTF-8 bytes, as an iconv name (cp1252 when in doubt)."""
    sample = data[:65536]
    if _looks_western(sample):
        return "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:  # the guess only decorates a reason: never let it turn a rejection into a crash
        best = None
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        return codecs.lookup(best.encoding).name
    return "cp1252" if _decodes(sample, "cp1252") else "latin-1"


def _looks_western(sample: bytes) -> bool:
    """True for mostly-ASCII text whose few other bytes are cp1252 accented letters and typographic punctuation."""
    # charset-normalizer guesses short Western texts wrongly (cp775, mac_roman...); this is the common case, decided
    # first. Cyrillic or Greek in a single-byte code page is mostly high bytes, so it fails the share test.
    high = sum(1 for byte in sample if byte >= 0x80)
    letters = sum(1 for byte in sample if 0x41 <= (byte | 0x20) <= 0x7A or byte >= 0x80)
    if not high or high > 0.3 * letters or not _decodes(sample, "cp1252"):
        return False
    decoded = [ch for ch in sample.decode("cp1252") if ord(ch) >= 0x80]
    plausible = sum(1 for ch in decoded if ch.isalpha() or ch in "‘’“”–—…€•°£§©®«»·")
    return plausible >= 0.9 * len(decoded)


def strip_bom(text: str) -> str:
    """The text without a leading byte-order mark (for inputs whose text is extracted, not analysed as is)."""
    return text[1:] if text.startswith("\ufeff") else text


def check_text(source: str, text: str) -> Rejection | None:
    """A Rejection when a decoded text is empty, too long or not English; None when it can be analysed."""
    if not text.strip() or not strip_bom(text).strip():
        return Rejection(source, "empty: no text, or only whitespace", "empty")
    if len(text) > MAX_CHARS:
        return Rejection(
            source, f"text too long: {len(text):,} characters, the limit is {MAX_CHARS:,} (one article at a time)", "too_large"
        )
    reason = describe_non_english(text)
    if reason:
        return Rejection(source, reason, "not_english")
    return None


def excerpt(text: str, limit: int = 100) -> str:
    """Text from outside (a server's bytes, an error message) safe for a one-line reason: unprintable characters
    escaped, cut to `limit` characters."""
    # control characters could move the cursor or recolour the terminal the reason is printed on
    safe = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return safe if len(safe) <= limit else safe[:limit] + "…"


def looks_like_html(head: bytes) -> bool:
    """True when the opening bytes of an input of unknown type look like an HTML page."""
    start = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return True
    return start.startswith(b"<") and re.search(rb"<(html|head|body|title|meta|p|div|article)[\s>]", start) is not None


def _mostly_control(head: bytes) -> bool:
    if not head:
        return False
    return len(head) - len(head.translate(None, CONTROL_BYTES)) > 0.1 * len(head)


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL after (or before) every character."""
    sample = head[:512]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even) or (
        even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd)
    )


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
