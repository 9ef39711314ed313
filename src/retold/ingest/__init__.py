"""Readers: turn files, directories, stdin and URLs into Articles, or Rejections with a one-line reason; never analyse."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from retold.errors import Rejection
from retold.ingest.checks import (
    MAX_FILE_BYTES,
    excerpt,
    looks_like_html,
    reject_large_file,
)
from retold.ingest.html import article_from_html_bytes, read_html_file
from retold.ingest.jsonl import read_jsonl_file
from retold.ingest.text import (
    article_from_text_bytes,
    read_document_bytes,
    read_text_file,
)
from retold.ingest.url import is_url, read_url
from retold.ingest.warc import read_warc_file
from retold.model import Article

STDIN = "-"
STDIN_SOURCE = "<stdin>"
EXTENSIONS = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")
SKIPPED_EXAMPLES = 5


@dataclass
class Skipped:
    """The files a folder walk passed over because their type is not an article's (README.md, notes.json)."""

    count: int = 0
    examples: list[str] = field(default_factory=list)  # the first few, to name them; a huge folder keeps only these

    def add(self, path: str) -> None:
        self.count += 1
        if len(self.examples) < SKIPPED_EXAMPLES:
            self.examples.append(path)

    def summary(self) -> str:
        """'skipped 2 files that are not articles (README.md, PLANTED.json)'; names as found, to be made printable."""
        names = ", ".join(os.path.basename(path) for path in self.examples) + (", ..." if self.count > len(self.examples) else "")
        what = "1 file that is not an article" if self.count == 1 else f"{self.count} files that are not articles"
        return f"skipped {what} ({names})"


def read_inputs(
    paths: Sequence[str],
    *,
    outlet: str | None = None,
    published: str | None = None,
    stdin: BinaryIO | None = None,
    skipped: Skipped | None = None,
) -> Iterator[Article | Rejection]:
    """Yield one Article or Rejection per input document, lazily, in the order given (directories sorted).

    A folder's files of a type that is not an article's are passed over and counted in `skipped`; a file named
    explicitly is always read."""
    for path in paths:
        path = os.fspath(path)
        source = STDIN_SOURCE if path == STDIN else path
        yield from override_metadata(guard_reader(source, _read_one(path, stdin, skipped)), outlet, published)


def guard_reader(source: str, items: Iterator[Article | Rejection]) -> Iterator[Article | Rejection]:
    """The items a reader yields; if it raises, a Rejection for `source` after them instead of a crash."""
    # A reader's own bug, or a library failing on hostile bytes, must cost one input and not the batch: what a
    # multi-document reader (JSONL, WARC) yielded before the failure was already passed on and stays valid.
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except Exception as error:
        if os.environ.get("RETOLD_DEBUG"):
            raise  # the traceback is what a developer chasing the bug needs
        after = f" after {count} document{'' if count == 1 else 's'}" if count else ""
        detail = f"{type(error).__name__}: {excerpt(str(error)) or 'no details'}"
        yield Rejection(source, f"reading failed{after}: {detail} (a bug in retold: RETOLD_DEBUG=1 shows where)", "unreadable")


def override_metadata(items: Iterable[Article | Rejection], outlet: str | None, published: str | None) -> Iterator[Article | Rejection]:
    """The items with the outlet and date the caller gave, where given: they win over what a page says about itself."""
    for item in items:
        if isinstance(item, Article):
            if outlet is not None:
                item.outlet = outlet
            if published is not None:
                item.published = published
        yield item


def _read_one(path: str, stdin: BinaryIO | None, skipped: Skipped | None) -> Iterator[Article | Rejection]:
    if path == STDIN:
        yield read_stdin(stdin if stdin is not None else sys.stdin.buffer)
    elif is_url(path):
        yield read_url(path)
    elif os.path.isdir(path):
        yield from read_directory(path, skipped)
    elif not os.path.exists(path):
        yield Rejection(path, "no such file or directory", "unreadable")
    else:
        yield from read_file(path, explicit=True)


def read_file(path: str, *, explicit: bool = False) -> Iterator[Article | Rejection]:
    """Read one file by its extension; a file named explicitly with another extension is read as text or HTML."""
    return guard_reader(path, _read_file(path, explicit))


def _read_file(path: str, explicit: bool) -> Iterator[Article | Rejection]:
    kind = file_kind(path)
    if kind == "txt":
        yield read_text_file(path)
    elif kind == "html":
        yield read_html_file(path)
    elif kind == "jsonl":
        yield from read_jsonl_file(path)
    elif kind == "warc":
        yield from read_warc_file(path)
    elif explicit:
        # the user named this file: look at it rather than refuse it for its name (notes.md, article, page.php)
        data = read_document_bytes(path)
        if isinstance(data, Rejection):
            yield data
        elif looks_like_html(data[:4096]):
            yield article_from_html_bytes(path, data)
        else:
            yield article_from_text_bytes(path, data)
    else:
        yield Rejection(path, f"unsupported file type (retold reads {', '.join(EXTENSIONS)})", "unsupported")


def read_directory(path: str, skipped: Skipped | None = None) -> Iterator[Article | Rejection]:
    """Every non-hidden article file under a directory, recursively, in sorted order; one bad file never stops the rest.

    Files of other types (a README, a data file next to the articles) are no failure: they are counted in `skipped`."""
    for found in list_article_files(path, skipped):
        if isinstance(found, Rejection):
            yield found
        else:
            yield from read_file(found)


def list_article_files(path: str, skipped: Skipped | None = None) -> Iterator[str | Rejection]:
    """The paths of the article files under a directory, recursively, in sorted order, hidden entries left out (the
    folder walk of both executors); a directory that cannot be listed is a Rejection in its place.

    Files of other types (a README, a data file next to the articles) are no failure: they are counted in `skipped`."""
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(path, f"cannot list the directory: {error.strerror or error}", "unreadable")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # .git, .DS_Store, editor swap files: never articles
        child = os.path.join(path, entry.name)
        try:
            is_directory = entry.is_dir()
        except OSError:
            is_directory = False
        if is_directory:
            if not entry.is_symlink():  # following links could loop forever
                yield from list_article_files(child, skipped)
        elif file_kind(child) is None:
            if skipped is not None:
                skipped.add(child)
        else:
            yield child


def read_stdin(stream: BinaryIO) -> Article | Rejection:
    """Standard input as one article: HTML when it looks like a page, text otherwise."""
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return Rejection(STDIN_SOURCE, f"cannot read standard input: {error.strerror or error}", "unreadable")
    if isinstance(data, str):  # a text stream was passed where bytes were expected: accept it rather than crash
        data = data.encode("utf-8")
    too_large = reject_large_file(STDIN_SOURCE, len(data), exact=False)
    if too_large:
        return too_large
    if looks_like_html(data[:4096]):
        return article_from_html_bytes(STDIN_SOURCE, data)
    return article_from_text_bytes(STDIN_SOURCE, data)


def file_kind(path: str) -> str | None:
    """"txt", "html", "jsonl" or "warc" from a file's extension (case-insensitive), else None."""
    name = path.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".jsonl"):
        return "jsonl"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".txt"):
        return "txt"
    return None


__all__ = ["EXTENSIONS", "Skipped", "file_kind", "list_article_files", "read_directory", "read_file", "read_inputs", "read_stdin", "read_url"]
