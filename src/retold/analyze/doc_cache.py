"""What the components read once per parsed Doc and share: kept on the Doc under one key, each a function of the Doc alone."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retold.analyze.attribution.table import TokenTable

# the one Doc.user_data key retold writes; spaCy keeps user_data with the Doc, so the cache dies with it
USER_DATA_KEY = "retold"


@dataclass
class DocCache:
    """Values read from one Doc on first use, each the same whoever reads it first, so no component depends on which ran first."""

    length: int  # tokens in the Doc the values were read from
    text: str | None = None  # Doc.text, which joins every token on each call
    table: TokenTable | None = None  # the token columns, which every Token attribute read would rebuild


def doc_cache(doc) -> DocCache:
    """The Doc's cache, created empty on first use."""
    cache = doc.user_data.get(USER_DATA_KEY)
    # Doc.copy and Doc.from_docs carry user_data over: a cache read from a Doc of another length is not this Doc's
    if not isinstance(cache, DocCache) or cache.length != len(doc):
        cache = doc.user_data[USER_DATA_KEY] = DocCache(len(doc))
    return cache


def share_text(doc, text: str) -> None:
    """Keep `text` as the Doc's text when the Doc was parsed from it (it ends where `text` ends): the same string
    Doc.text would build by joining every token, which costs a few percent of attribution's time."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        cache = doc_cache(doc)
        if cache.text is None:
            cache.text = text
