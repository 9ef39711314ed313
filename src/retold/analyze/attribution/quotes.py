"""Quotation spans found from the marks, tolerant of unbalanced, straight and curly marks."""
from __future__ import annotations

import re
from dataclasses import dataclass

from retold.analyze.sentences import paragraph_starts

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘‹"
CLOSE_SINGLE = "’›"
WORD = re.compile(r"\w+")
# every character the pairing below acts on; the rest of a paragraph is skipped over
MARKS = re.compile("[" + re.escape(OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE) + "]")


@dataclass(frozen=True)
class Quote:
    """The words between a pair of quote marks (marks excluded); a missing mark is None."""

    start: int
    end: int
    opening: int | None
    closing: int | None
    level: int  # 0 for a double-quoted passage, 1 for a single-quoted one

    @property
    def outer_start(self) -> int:
        return self.opening if self.opening is not None else self.start

    @property
    def outer_end(self) -> int:
        return self.closing + 1 if self.closing is not None else self.end

    def words(self, text: str) -> int:
        return len(WORD.findall(text[self.start : self.end]))


def find_quotes(text: str) -> list[Quote]:
    """Double- and single-quoted passages of every paragraph, in text order."""
    # two apostrophes stand for a straight double mark in some archives (''like this''); a space keeps the length,
    # so every offset still points into the original text
    if "''" in text:
        text = text.replace("''", '" ')
    starts = paragraph_starts(text) + [len(text)]
    quotes: list[Quote] = []
    for begin, end in zip(starts, starts[1:]):
        quotes.extend(_paragraph_quotes(text, begin, end))
    return sorted(quotes, key=lambda q: (q.start, -q.end))


def _paragraph_quotes(text: str, begin: int, end: int) -> list[Quote]:
    end = _trim_end(text, begin, end)
    found: list[Quote] = []
    opened: int | None = None
    single: int | None = None
    last_close = begin
    for mark in MARKS.finditer(text, begin, end):
        position = mark.start()
        char = text[position]
        if char in OPEN_DOUBLE or (char in STRAIGHT_DOUBLE and opened is None):
            if opened is not None:  # a new opening mark before a closing one: the first quote ran to here
                found.append(_make(text, opened + 1, position, opened, None, 0))
            opened, single = position, None
        elif char in CLOSE_DOUBLE or char in STRAIGHT_DOUBLE:
            # a closing mark with no opening one: the quote began at the paragraph (or last quote's) end
            start = opened + 1 if opened is not None else _skip_space(text, last_close, position)
            if single is not None:  # a single quote left open is closed by the double mark
                found.append(_make(text, single + 1, position, single, position, 1))
            found.append(_make(text, start, position, opened, position, 0))
            opened, single, last_close = None, None, position + 1
        elif char in OPEN_SINGLE and _starts_word(text, position):
            single = position
        elif char in CLOSE_SINGLE and single is not None and not _between_letters(text, position):
            found.append(_make(text, single + 1, position, single, position, 1 if opened is not None else 0))
            single = None
    if opened is not None:  # unclosed at the paragraph's end: news style for a quote that goes on
        found.append(_make(text, opened + 1, end, opened, None, 0))
    return [q for q in found if q.end > q.start]


def _make(text: str, start: int, end: int, opening: int | None, closing: int | None, level: int) -> Quote:
    start = _skip_space(text, start, end)
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quote(start, end, opening, closing, level)


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trim_end(text: str, begin: int, end: int) -> int:
    while end > begin and text[end - 1].isspace():
        end -= 1
    return end


def _starts_word(text: str, position: int) -> bool:
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return not before.isalnum() and (after.isalnum() or after in "…\"“")


def _between_letters(text: str, position: int) -> bool:
    # didn’t, ISIS’ own: an apostrophe, not a closing mark
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return before.isalpha() and after.isalpha()


def with_marks(span: tuple[int, int], quotes: list[Quote], text: str) -> tuple[int, int]:
    """A content range widened to the marks of a quote it begins or ends with, and the punctuation inside them:
    “We will win.” and “X,” he said keep their marks (PolNeAR's convention, and what a reader copies as the quote)."""
    start, end = span
    # inner quotes first, so “He said ‘no.’” grows to the single mark and then to the double one
    for quote in sorted(quotes, key=lambda q: q.outer_end - q.outer_start):
        # only a content holding the quote's words whole takes its marks: a turn inside a quote ("HARLOW: ...") or a
        # nested quote ends where the outer quote ends, but is no more the outer quote than it begins with it
        holds_start = start <= quote.start or _only_punctuation(text[quote.start : start])
        holds_end = end >= quote.end or _only_punctuation(text[end : quote.end])
        if not (quote.start < end and start < quote.end and holds_start and holds_end):
            continue
        if quote.opening is not None:
            start = min(start, quote.opening)
        end = max(end, _after_closing(text, quote))
    return start, end


def _only_punctuation(gap: str) -> bool:
    return not any(c.isalnum() for c in gap)


def _after_closing(text: str, quote: Quote) -> int:
    """Just past a quote's closing mark (both apostrophes of a doubled one), or its last word when it has none."""
    if quote.closing is None:
        return quote.end
    return quote.closing + (2 if text.startswith("''", quote.closing) else 1)
