"""JSON Lines inputs: one article per line, read line by line so a large file never sits in memory."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from retold.dates import read_published
from retold.errors import Rejection
from retold.ingest.checks import HEAD_BYTES, MAX_FILE_BYTES, check_text, describe_encoding_error, detect_binary, excerpt
from retold.ingest.metadata import fill_metadata
from retold.model import Article, Link

FIELDS = ("url", "title", "outlet", "published", "author")
# json.loads joins an escaped surrogate pair into one character: any surrogate left in a string is a lone half
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def read_jsonl_file(path: str) -> Iterator[Article | Rejection]:
    """One Article or Rejection per non-blank line; source is "path:LINE" (lines count from 1)."""
    try:
        stream = open(path, "rb")
    except OSError as error:
        yield Rejection(path, f"cannot read the file: {error.strerror or error}", "unreadable")
        return
    with stream:
        number = 0
        documents = 0
        while True:
            try:
                line = stream.readline(MAX_FILE_BYTES + 1)
            except OSError as error:
                yield Rejection(f"{path}:{number + 1}", f"cannot read the file: {error.strerror or error}", "unreadable")
                return
            if not line:
                if documents == 0:
                    yield Rejection(path, "empty: no JSON lines", "empty")
                return
            number += 1
            source = f"{path}:{number}"
            if number == 1:
                kind = detect_binary(line[:HEAD_BYTES] + stream.peek(HEAD_BYTES)[: max(0, HEAD_BYTES - len(line))])
                if kind is not None:  # a compressed .jsonl.gz renamed, say: one reason, not one per garbled "line"
                    yield Rejection(path, f"not a text file: this is {kind}", "binary")
                    return
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]  # a byte-order mark is not part of the JSON
            documents += 1 if line.strip() else 0
            if len(line) > MAX_FILE_BYTES and not line.endswith(b"\n"):
                _skip_rest_of_line(stream)
                yield Rejection(source, f"line too long: over {MAX_FILE_BYTES // (1024 * 1024)} MB for one article", "too_large")
                continue
            if not line.strip():
                continue  # blank lines (a trailing newline, spacing) hold no article
            yield article_from_json_line(source, line)


def article_from_json_line(source: str, line: bytes) -> Article | Rejection:
    """An Article from one JSON object with a "text" field, or a Rejection for this line only."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return Rejection(source, describe_encoding_error(line, error.start), "encoding")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        return Rejection(source, f"not valid JSON: {error.msg} at column {error.colno}", "malformed")
    except (ValueError, RecursionError) as error:  # an integer of thousands of digits; arrays nested thousands deep
        return Rejection(source, f"not usable JSON: {excerpt(str(error)) or type(error).__name__}", "malformed")
    if not isinstance(record, dict):
        return Rejection(source, f"expected a JSON object with a \"text\" field, got a {type(record).__name__}", "malformed")
    text = replace_surrogates(record.get("text"))
    if not isinstance(text, str):
        problem = "has no \"text\" field" if text is None else f"has a \"text\" that is a {type(text).__name__}, not a string"
        return Rejection(source, f"the object {problem}", "malformed")
    metadata: dict[str, Any] = {}
    for name in FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            value = str(value)  # a numeric date or id is still worth keeping, as written
        metadata[name] = replace_surrogates(value) or None
    if metadata["published"] is not None:
        # a value that is no date ("not a date", "yesterday") would be sorted and shown as one: drop it, keep the
        # article, and let fill_metadata look for the date in the text as for an input that gave none
        metadata["published"] = read_published(metadata["published"])
    rejection = check_text(source, text)
    if rejection:
        return rejection
    return fill_metadata(Article(text=text, source=source, language="en", links=_links(record.get("links")), **metadata))


def _links(value) -> tuple[Link, ...]:
    """Outbound links as a list of URLs or of {"url", "text"} objects; anything else is ignored, not fatal."""
    links = []
    for item in value if isinstance(value, list) else ():
        url, text = (item, "") if isinstance(item, str) else (item.get("url"), item.get("text") or "") if isinstance(item, dict) else (None, "")
        if isinstance(url, str) and urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc:
            links.append(Link(url=replace_surrogates(url), text=replace_surrogates(str(text))))
    return tuple(links)


def replace_surrogates(value):
    """A string with each lone surrogate replaced by U+FFFD; any other value as it is."""
    # JSON may escape half a UTF-16 pair ("\ud800"); Python keeps it as a lone surrogate, which UTF-8 cannot encode,
    # so hashing or storing the article would fail far from here. One code point for one keeps every offset.
    return LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _skip_rest_of_line(stream) -> None:
    while True:
        chunk = stream.readline(1024 * 1024)
        if not chunk or chunk.endswith(b"\n"):
            return
