"""HTML inputs: trafilatura finds the article text, its metadata and the links inside it, in one parse."""
from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin, urlsplit

from retold.errors import Rejection
from retold.ingest.checks import HEAD_BYTES, check_text, describe_encoding_error, detect_binary, strip_bom
from retold.ingest.metadata import fill_metadata
from retold.ingest.text import read_document_bytes
from retold.model import Article, Link

MIN_ARTICLE_WORDS = 5  # fewer words than this is a cookie banner or a caption, not an article
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read_html_file(path: str) -> Article | Rejection:
    """Read an .html/.htm file as one article."""
    data = read_document_bytes(path)
    if isinstance(data, Rejection):
        return data
    return article_from_html_bytes(path, data)


def article_from_html_bytes(
    source: str, data: bytes, *, url: str | None = None, charset: str | None = None
) -> Article | Rejection:
    """Decode an HTML page (declared charset, else UTF-8) and extract its article."""
    kind = detect_binary(data[:HEAD_BYTES])
    if kind is not None:
        return Rejection(source, f"not an HTML page: this is {kind}", "binary")
    html = decode_html(source, data, charset)
    if isinstance(html, Rejection):
        return html
    return article_from_html(source, html, url=url)


def decode_html(source: str, data: bytes, charset: str | None = None) -> str | Rejection:
    """The page as text: the charset from HTTP or a <meta> tag when one is declared, strict UTF-8 otherwise."""
    declared = charset or _meta_charset(data[:4096])
    encoding = _known_codec(declared) if declared else None
    if encoding and encoding not in ("utf-8", "utf-8-sig", "ascii"):
        # browsers read a declared latin-1 as cp1252, its superset: pages written on Windows rely on that
        candidates = ("cp1252", encoding) if encoding == "iso8859-1" else (encoding,)
        for candidate in candidates:
            try:
                return strip_bom(data.decode(candidate))
            except UnicodeDecodeError as error:
                offset = error.start
        return Rejection(source, f"not valid {declared} (the charset the page declares) at byte {offset}", "encoding")
    try:
        return strip_bom(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return Rejection(source, describe_encoding_error(data, error.start), "encoding")


def article_from_html(source: str, html: str, *, url: str | None = None) -> Article | Rejection:
    """Extract the main text, title, outlet, author, date and outbound links of an HTML page."""
    # imported here: trafilatura takes a noticeable part of a second to import, and a text-only run never needs it
    import trafilatura
    from lxml import etree
    from trafilatura.xml import xmltotxt

    if not html.strip():
        return Rejection(source, "empty: no text, or only whitespace", "empty")
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_links=True,  # keeps <ref target=...> in the body: links come from the article, not the menus
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,  # trafilatura's cache is process-global: output must not depend on what came before
    )
    body = getattr(document, "body", None) if document is not None else None
    if body is None:
        return Rejection(source, f"no article text found in the HTML ({len(html):,} characters of markup)", "no_article")
    # a body is found only on trafilatura's Document (a dict or None has no .body)
    assert document is not None and not isinstance(document, dict)
    base = url or document.url
    links = _links(body, base)
    # the links are read; drop the <ref> tags so the text is plain prose, not markdown [anchor](url)
    etree.strip_tags(body, "ref")
    # trafilatura ends each block with one newline; a blank line makes each block a paragraph, as in .txt input
    text = "\n\n".join(line for line in xmltotxt(body, False).split("\n") if line.strip())
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        found = f"{words} word{'' if words == 1 else 's'} of main content in {len(html):,} characters of markup"
        return Rejection(source, f"no article text found in the HTML: {found}", "no_article")
    rejection = check_text(source, text)
    if rejection:
        return rejection
    return fill_metadata(Article(
        text=text,
        source=source,
        title=document.title or None,
        outlet=document.sitename or None,
        published=document.date or None,
        author=document.author or None,
        url=base or None,
        language="en",
        links=links,
    ))


def _links(body, base: str | None) -> tuple[Link, ...]:
    """Absolute http(s) links in the article body with their anchor text, first occurrence of each target."""
    links: dict[str, Link] = {}
    for ref in body.iter("ref"):
        target = (ref.get("target") or "").strip()
        if base and target and not urlsplit(target).scheme:
            target = urljoin(base, target)
        if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).netloc:
            continue  # mailto:, javascript:, fragments and relative links with no page URL to resolve them
        if target not in links:
            links[target] = Link(url=target, text=" ".join("".join(ref.itertext()).split()))
    return tuple(links.values())


def _meta_charset(head: bytes) -> str | None:
    match = META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None  # an unknown declared charset: fall back to UTF-8, which most such pages really are
