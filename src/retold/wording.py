"""Words of a span as prose quotes them: without the quotation marks that already enclose all of it."""
from __future__ import annotations

import re

# a pair of quotation marks enclosing a whole span (a direct quote's content carries its own marks)
_ENCLOSED = re.compile(r"^\s*(?:“(?P<a>.*)”|\"(?P<b>.*)\"|‘(?P<c>.*)’|''(?P<d>.*)'')\s*$", re.S)


def unquoted(text: str) -> str:
    """The words of a span without the quotation marks that enclose all of it, for prose that adds its own “…”."""
    match = _ENCLOSED.match(text)
    if match is None:
        return text
    inner = next(group for group in match.groups() if group is not None)
    # “A” and “B”: two quotes side by side are not one enclosed span
    return text if re.search(r"[”\"’]", inner) and re.search(r"[“\"‘]", inner) else inner


SENTENCE_LIMIT = 160  # characters of a whole sentence quoted in an explanation


def excerpt(text: str, limit: int = 70) -> str:
    """A span's words on one line, without the quotation marks enclosing all of it, cut to `limit` with an ellipsis."""
    text = " ".join(unquoted(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


def title_case(text: str) -> bool:
    """Words in title case ("Why There Is No God", "Chocolate Still Won't Help"): most of them capitalised, a title
    or headline whose names cannot be told from its other words, and whose negation is no one's statement."""
    words = _WORD.findall(text)
    return len(words) > 1 and sum(w[0].isupper() for w in words) > len(words) // 2
