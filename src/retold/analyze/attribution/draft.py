"""A found attribution before ids and speaker names are assigned: character ranges and token anchors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from retold.analyze.doc_cache import doc_cache

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not with the records
    from spacy.tokens import Token

Range = tuple[int, int]


@dataclass
class Draft:
    """One attribution in the making; ranges are [start, end) code points into the article text."""

    cue: Range | None
    speaker: Range | None
    content: Range | None
    mode: str = "indirect"
    polarity: str = "assert"
    parts: tuple[Range, ...] = ()
    speaker_token: Token | None = None  # the spaCy token heading the speaker phrase, for kind and number
    carried: Draft | None = None  # a continuation quote takes its speaker from this draft
    confidence: float = 1.0
    cue_token: Token | None = None
    notes: dict = field(default_factory=dict)

    @property
    def anchor(self) -> int:
        """Where the attribution begins in the text, for ordering."""
        return min(r[0] for r in (self.cue, self.speaker, self.content) if r)

    @property
    def extent(self) -> Range:
        ranges = [r for r in (self.cue, self.speaker, self.content) if r]
        return min(r[0] for r in ranges), max(r[1] for r in ranges)


def doc_text(doc) -> str:
    """The Doc's text, built once and kept in its DocCache: Doc.text joins every token on each call."""
    cache = doc_cache(doc)
    if cache.text is None:
        cache.text = doc.text
    return cache.text


def token_range(tokens) -> Range:
    """The character range from the first to the last of some tokens."""
    tokens = sorted(tokens, key=lambda t: t.i)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def union(*ranges: Range | None) -> Range | None:
    present = [r for r in ranges if r]
    if not present:
        return None
    return min(r[0] for r in present), max(r[1] for r in present)


def overlaps(a: Range | None, b: Range | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def inside(inner: Range | None, outer: Range | None) -> bool:
    return bool(inner and outer and outer[0] <= inner[0] and inner[1] <= outer[1])
