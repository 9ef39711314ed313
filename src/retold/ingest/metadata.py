"""Metadata a page gives about itself when its input gave none: outlet from the URL's host, title from a headline line,
publication date from page headers and datelines. Only fills what is missing; never overrides what the input said."""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from retold.analyze.datelines import published_dates
from retold.analyze.outlets import outlet_name
from retold.model import Article

HOST_PREFIX = re.compile(r"^(?:www\d*|m|amp|mobile)\.")  # the same site seen from a phone, an AMP cache or "www"
HEADLINE_MAX_CHARS = 150
HEADLINE_MAX_WORDS = 25
HEAD_CHARS = 1500  # a publication date is read near the top of the text, where bylines and datelines stand


def fill_metadata(article: Article) -> Article:
    """The article with outlet, title and published filled from its URL and text where they are missing."""
    if article.outlet is None and article.url:
        article.outlet = outlet_from_url(article.url)
    if article.title is None:
        article.title = headline_of(article.text)
    if article.published is None:
        article.published = published_from_text(article.text)
    return article


def outlet_from_url(url: str) -> str | None:
    """A readable outlet name from a web address: a known outlet's name ("bbc.co.uk" -> "BBC"), else its host
    without "www.", "m." or "amp."; None for a file path, an IP address or a host without a domain."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    while HOST_PREFIX.match(host) and host.count(".") > 1:
        host = HOST_PREFIX.sub("", host, count=1)
    if "." not in host:
        return None  # localhost, an intranet name: not an outlet anyone would recognise
    return outlet_name(host) or host


def headline_of(text: str) -> str | None:
    """The first non-empty line of a plain text when it reads as a headline: short, more than one word, capitalised,
    not ending like a sentence (a final period, comma or colon), and followed by more text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    line, _, rest = stripped.partition("\n")
    line = " ".join(line.split())
    words = line.split()
    if not rest.strip() or not 1 < len(words) <= HEADLINE_MAX_WORDS or len(line) > HEADLINE_MAX_CHARS:
        return None
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘") or line[-1] in ".,;:…":
        return None
    if published_dates(line, len(line)):
        return None  # "Friday, January 4, 2019" or "Published 3 March 2026": a page header, not a headline
    return line


def published_from_text(text: str) -> str | None:
    """The earliest full date (ISO) that the page headers and datelines near the top of the text give, or None."""
    dates = published_dates(text, HEAD_CHARS)
    return min(dates) if dates else None
