"""http(s) inputs: fetch one page with a timeout and a size cap, then read it as HTML (or as text when it is text)."""
from __future__ import annotations

import urllib.error
import urllib.request

from retold.errors import Rejection
from retold.ingest.checks import looks_like_html
from retold.ingest.html import article_from_html_bytes
from retold.ingest.text import article_from_text_bytes
from retold.model import Article

TIMEOUT_SECONDS = 20
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


def is_url(path: str) -> bool:
    """True for an http:// or https:// address."""
    return path.lower().startswith(("http://", "https://"))


def read_url(url: str) -> Article | Rejection:
    """Fetch a page (following redirects) and read it; any network problem or non-200 status is a Rejection."""
    from retold import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"retold/{__version__}", "Accept": "text/html, text/plain;q=0.9"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            if response.status != 200:
                return Rejection(url, f"fetch failed: HTTP {response.status} {response.reason}", "fetch")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                return _too_large(url, int(declared))
            data = response.read(MAX_RESPONSE_BYTES + 1)
            if len(data) > MAX_RESPONSE_BYTES:
                return _too_large(url, None)
            final_url = response.geturl()
            media_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        return Rejection(url, f"fetch failed: HTTP {error.code} {error.reason}", "fetch")
    except urllib.error.URLError as error:
        return Rejection(url, f"fetch failed: {error.reason}", "fetch")
    except (OSError, ValueError) as error:  # timeouts, resets, and malformed addresses urllib refuses
        return Rejection(url, f"fetch failed: {error or type(error).__name__}", "fetch")
    if media_type in ("text/html", "application/xhtml+xml") or looks_like_html(data[:4096]):
        return article_from_html_bytes(url, data, url=final_url, charset=charset)
    # plain text (and anything else: the text checks name a PDF or an image for what it is)
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "us-ascii", "ascii"):
        try:
            data = data.decode(charset).encode("utf-8")  # the server said what it is: no need to guess
        except (LookupError, UnicodeDecodeError):
            pass  # let the UTF-8 check report the bytes
    return article_from_text_bytes(url, data, url=final_url)


def _too_large(url: str, size: int | None) -> Rejection:
    limit = f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB"
    said = f"{size / (1024 * 1024):.1f} MB" if size else f"over {limit}"
    return Rejection(url, f"response too large: {said}, the limit is {limit}", "too_large")
