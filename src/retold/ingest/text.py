"""Plain-text inputs: the analysed text is the file's decoded text exactly, so offsets point into the file."""
from __future__ import annotations

import os

from retold.errors import Rejection
from retold.ingest.checks import MAX_FILE_BYTES, check_text, decode_text, reject_large_file
from retold.ingest.metadata import fill_metadata
from retold.model import Article


def read_document_bytes(path: str) -> bytes | Rejection:
    """All bytes of a one-article file, or a Rejection when it cannot be read or is too large (decided from its size)."""
    try:
        size = os.stat(path).st_size
        too_large = reject_large_file(path, size)
        if too_large:
            return too_large
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return Rejection(path, f"cannot read the file: {error.strerror or error}", "unreadable")
    # the size can change between stat and read (a pipe, a growing file): check what was actually read
    return reject_large_file(path, len(data), exact=False) or data


def article_from_text_bytes(source: str, data: bytes, *, url: str | None = None) -> Article | Rejection:
    """An Article whose text is `data` decoded as UTF-8 with nothing changed, or a Rejection."""
    text = decode_text(source, data)
    if isinstance(text, Rejection):
        return text
    # Kept exactly, byte-order mark included: offsets are code points of bytes.decode("utf-8"), the file as written
    # (a BOM is one code point; removing it would shift every offset by one against the file).
    rejection = check_text(source, text)
    if rejection:
        return rejection
    return fill_metadata(Article(text=text, source=source, url=url, language="en"))


def read_text_file(path: str) -> Article | Rejection:
    """Read a .txt file as one article."""
    data = read_document_bytes(path)
    if isinstance(data, Rejection):
        return data
    return article_from_text_bytes(path, data)
