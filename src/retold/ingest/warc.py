"""WARC inputs: each HTML page fetched with status 200 becomes an article; a broken archive keeps what was read."""
from __future__ import annotations

import gzip
from collections.abc import Iterator

from retold.errors import Rejection
from retold.ingest.checks import MAX_FILE_BYTES
from retold.ingest.html import article_from_html_bytes
from retold.model import Article

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc_file(path: str) -> Iterator[Article | Rejection]:
    """One Article or Rejection per HTML record (source "path#record-N", N counting every record from 1)."""
    # imported here: warcio takes a fifth of a second to import, and only a crawl's records need it
    from warcio.archiveiterator import ArchiveIterator

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, possibly through a GzipFile wrapper
    except OSError as error:
        yield Rejection(path, f"cannot read the file: {error.strerror or error}", "unreadable")
        return
    with stream:
        # Python's gzip notices a member cut short, where warcio's own decompression returns the short data silently
        compressed = stream.peek(2)[:2] == b"\x1f\x8b"
        reader = _CountingReader(gzip.GzipFile(fileobj=stream, mode="rb") if compressed else stream)
        archive = ArchiveIterator(reader)
        records = iter(archive)
        number = 0
        pages = 0
        while True:
            # Only reading the archive is guarded: a failure there means the WARC is truncated or corrupt, and
            # everything read before it stays valid. Extraction runs outside, so its bugs are not blamed on the file.
            try:
                record = next(records, None)
                if record is None:
                    break
                number += 1
                if not record.format.startswith("warc"):
                    # warcio reads almost anything as an ARC record: a .warc file must hold WARC records
                    raise ValueError(f"record {number} is not a WARC record")
                if record.rec_headers.get_header("Content-Length") is None:
                    # every WARC record declares its length; without one the headers were cut off
                    raise EOFError(f"record {number} has no Content-Length")
                page = _html_payload(record)
                _check_complete(record)
            except Exception as error:  # warcio raises zlib, EOF, ValueError and its own ArchiveLoadFailed
                yield _malformed(path, number, pages, error)
                return
            if page is None:
                continue
            pages += 1
            url, data, charset = page
            source = f"{path}#record-{number}"
            if len(data) > MAX_FILE_BYTES:
                yield Rejection(source, f"page too large: over {MAX_FILE_BYTES // (1024 * 1024)} MB", "too_large")
                continue
            yield article_from_html_bytes(source, data, url=url, charset=charset)
        # warcio ends quietly where a record's headers are cut off: anything left unparsed means the file is damaged
        if reader.truncated or archive.offset < reader.count:
            detail = reader.truncated or f"{reader.count - archive.offset} bytes after the last complete record"
            yield _malformed(path, number, pages, EOFError(detail))
            return
    if pages == 0:
        yield Rejection(path, f"no HTML page with HTTP status 200 among its {number} WARC records", "no_article")


class _CountingReader:
    """The file as warcio reads it: counts the bytes delivered, and turns a cut-short gzip stream into an end and a flag."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.count = 0
        self.truncated: str | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            # read1 returns what one step decompressed: a plain read would lose it all when a later step fails
            data = self.stream.read1(size) if hasattr(self.stream, "read1") else self.stream.read(size)
        except EOFError as error:
            # warcio takes EOFError for a clean end of the archive: keep what came before, remember the damage
            self.truncated = str(error) or "the file ends inside a gzip member"
            return b""
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.count


def _html_payload(record) -> tuple[str | None, bytes, str | None] | None:
    """(target URI, decoded HTTP body, declared charset) of an HTML response with status 200, else None."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    media_type, _, parameters = content_type.partition(";")
    if media_type.strip().lower() not in HTML_TYPES:
        return None
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    # content_stream() undoes chunked transfer and gzip/deflate content encoding
    data = record.content_stream().read(MAX_FILE_BYTES + 1)
    return record.rec_headers.get_header("WARC-Target-URI"), data, charset


def _check_complete(record) -> None:
    """Raise when the file ended before the record's declared Content-Length (warcio returns the short record)."""
    raw = record.raw_stream
    while raw.read(65536):
        pass  # the rest of a payload not read, or too large to keep
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        raise EOFError(f"record {record.rec_headers.get_header('WARC-Record-ID') or ''} ends {missing} bytes early")


def _malformed(path: str, number: int, pages: int, error: Exception) -> Rejection:
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    if number == 0:
        return Rejection(path, f"not a readable WARC file: {detail}", "malformed")
    return Rejection(
        path, f"truncated or corrupt WARC: stopped in or after record {number} ({pages} page{'' if pages == 1 else 's'} read before it): {detail}", "malformed"
    )
