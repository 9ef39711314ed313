"""What the terminal and HTML reports both show, computed once: intervals as text, speakers of records, safe links."""
from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

from retold.model import Article, Attribution, Claim, Quantity

SAFE_SCHEMES = ("http", "https")
AUTHOR_VOICE = "author"


def format_number(value: float) -> str:
    """A number as a reader writes it: no trailing '.0', no exponent for everyday sizes."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_interval(quantity: Quantity) -> str:
    """The interval of a quantity as a short label: '24–60', '≤ 4000', '> 100', '= 6', or '?' when unknown."""
    low, high = quantity.low, quantity.high
    if low is None and high is None:
        return "?"
    if low is not None and high is not None:
        if low == high:
            return f"= {format_number(low)}"
        if quantity.low_inclusive and quantity.high_inclusive:
            return f"{format_number(low)}–{format_number(high)}"
        # a half-open range is rare; spell out both bounds rather than use bracket notation
        above = "≥" if quantity.low_inclusive else ">"
        below = "≤" if quantity.high_inclusive else "<"
        return f"{above} {format_number(low)}, {below} {format_number(high)}"
    if low is not None:
        return f"{'≥' if quantity.low_inclusive else '>'} {format_number(low)}"
    return f"{'≤' if quantity.high_inclusive else '<'} {format_number(high)}"  # type: ignore[arg-type]


def shorten(text: str | None, width: int = 120) -> str:
    """One line of at most `width` characters, cut at a word boundary with an ellipsis."""
    if not text:
        return ""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def speaker_name(attribution: Attribution) -> str:
    """The name an attribution credits, or a dash when the component found none."""
    return attribution.speaker.name if attribution.speaker else "—"


def attribution_index(article: Article) -> dict[str, Attribution]:
    """Attributions by id, for records that point at one."""
    return {a.id: a for a in article.attributions}


def quantity_speaker(quantity: Quantity, attributions: dict[str, Attribution]) -> str:
    """Who gave a number: the speaker of its attribution, or the article's own voice."""
    attribution = attributions.get(quantity.attribution or "")
    return speaker_name(attribution) if attribution else AUTHOR_VOICE


def claims_by_score(article: Article) -> list[Claim]:
    """Claims, most check-worthy first; ties keep their order in the text."""
    return sorted(article.claims, key=lambda c: (-c.score, c.span.start))


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None: javascript:, data: and odd strings never become hrefs."""
    if not url:
        return None
    # browsers drop tabs, newlines and leading control characters before reading the scheme: refuse them outright
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def anchor_id(article_number: int, record_id: str) -> str:
    """An HTML id for a record that stays unique when several articles share a page and uses only safe characters."""
    return f"a{article_number}-" + re.sub(r"[^A-Za-z0-9_-]", "_", record_id)


def title_line(article: Article) -> str:
    """The article's title, or where it came from when it has none."""
    return article.title or article.source or article.id
