"""What the terminal and HTML reports both show, computed once: intervals as text, speakers of records, safe links."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# format_interval is re-exported: both reports take their interval text from here
from retold.analyze.categories import format_interval as format_interval
from retold.analyze.voices import AUTHOR
from retold.model import URL_LIMIT, Article, Attribution, Claim, Quantity, was_cut

SAFE_SCHEMES = ("http", "https")


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
    return speaker_name(attribution) if attribution else AUTHOR


def claims_by_score(article: Article) -> list[Claim]:
    """Claims, most check-worthy first; ties keep their order in the text."""
    return sorted(article.claims, key=lambda c: (-c.score, c.span.start))


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link, else None: javascript:, data:, odd strings and cut URLs never become hrefs."""
    if not url or was_cut(url, URL_LIMIT):
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
