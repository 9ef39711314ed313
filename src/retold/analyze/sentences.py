"""Sentences (trimmed of surrounding whitespace, numbered by paragraph) and named entities from the spaCy Doc."""
from __future__ import annotations

import bisect
import re

from retold.analyze.datelines import skipped_ranges
from retold.model import Article, Entity, Sentence

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_starts(text: str) -> list[int]:
    """Offsets at which each paragraph begins (a blank line separates paragraphs)."""
    return [0] + [m.end() for m in PARAGRAPH_BREAK.finditer(text)]


def find_sentences(article: Article, doc) -> list[Sentence]:
    """spaCy's sentences, split again at paragraph breaks and trimmed, numbered S1, S2, ..."""
    text = article.text
    starts = paragraph_starts(text)
    furniture = skipped_ranges(text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        # a sentence never crosses a blank line: headlines and bylines are their own sentences
        pieces = _split_at_breaks(text, sent.start_char, sent.end_char)
        for start, end in pieces:
            start = _past_furniture(text, start, end, furniture)
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            paragraph = bisect.bisect_right(starts, start)
            sentences.append(Sentence(f"S{len(sentences) + 1}", article.span(start, end), paragraph))
    return sentences


def _past_furniture(text: str, start: int, end: int, furniture: list[tuple[int, int]]) -> int:
    """The first offset at or after `start` that is neither space nor a dateline or page header opening the sentence."""
    moved = True
    while moved:
        moved = False
        while start < end and text[start].isspace():
            start += 1
        for low, high in furniture:
            if low <= start < high and start < end:
                start, moved = min(high, end), True
    return start


def _split_at_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, cursor = [], start
    for match in PARAGRAPH_BREAK.finditer(text, start, end):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, end))
    return pieces


def find_entities(article: Article, doc) -> list[Entity]:
    """spaCy's named entities as checked spans."""
    return [Entity(article.span(e.start_char, e.end_char), e.label_) for e in doc.ents]


def run(article: Article, doc) -> dict[str, list]:
    return {"sentences": find_sentences(article, doc), "entities": find_entities(article, doc)}


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing a code-point offset, if any."""
    # sentences are in text order: a binary search by start, without building a list of starts at every call
    index = bisect.bisect_right(sentences, offset, key=lambda s: s.span.start) - 1
    if index >= 0 and offset < sentences[index].span.end:
        return sentences[index]
    return None
