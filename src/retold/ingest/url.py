"""http(s) inputs: fetch one page within a time budget and a size cap, then read it as HTML (or as text when it is text)."""
from __future__ import annotations

import functools
import http.client
import io
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from retold.errors import Rejection
from retold.ingest.checks import excerpt, looks_like_html
from retold.ingest.html import article_from_html_bytes
from retold.ingest.text import article_from_text_bytes
from retold.model import Article
from retold.version import __version__

# Two budgets, because a socket timeout alone is restarted by every byte: a server that trickles one byte a second
# would never time out. TIMEOUT_SECONDS bounds each wait (connecting, or one read) so a dead server is noticed soon;
# DOWNLOAD_SECONDS bounds the whole fetch (redirects, headers and body together) so a slow one cannot stall a batch.
# 20 s is what a browser-like client tolerates for a silent server; 60 s lets a 10 MB page arrive over a link of
# about 1.5 Mbit/s, far slower than any news site, while a batch of URLs still cannot hang for more than a minute each.
TIMEOUT_SECONDS = 20
DOWNLOAD_SECONDS = 60
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
CHUNK_BYTES = 64 * 1024  # the body is read in pieces so the deadline is checked while it arrives
DEADLINE_PASSED = "the download's deadline passed"  # raised wherever the deadline stops a fetch, however it is wrapped


def is_url(path: str) -> bool:
    """True for an http:// or https:// address."""
    return path.lower().startswith(("http://", "https://"))


def read_url(url: str) -> Article | Rejection:
    """Fetch a page (following redirects) and read it; any network problem, non-200 status or slow download is a Rejection."""
    request = urllib.request.Request(url, headers={"User-Agent": f"retold/{__version__}", "Accept": "text/html, text/plain;q=0.9"})
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    try:
        with _opener(deadline).open(request, timeout=TIMEOUT_SECONDS) as response:
            if response.status != 200:
                return Rejection(url, f"fetch failed: HTTP {response.status} {excerpt(response.reason)}", "fetch")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                return _too_large(url, int(declared))
            data = _read_body(response, deadline)
            if len(data) > MAX_RESPONSE_BYTES:
                return _too_large(url, None)
            final_url = response.geturl()
            media_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        # OSError covers socket, TLS and timeout errors; ValueError a malformed address or a certificate for another host
        return Rejection(url, f"fetch failed: {_describe(error, deadline)}", "fetch")
    if media_type in ("text/html", "application/xhtml+xml") or looks_like_html(data[:4096]):
        return article_from_html_bytes(url, data, url=final_url, charset=charset)
    # plain text (and anything else: the text checks name a PDF or an image for what it is)
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "us-ascii", "ascii"):
        try:
            data = data.decode(charset).encode("utf-8")  # the server said what it is: no need to guess
        except (LookupError, UnicodeDecodeError):
            pass  # let the UTF-8 check report the bytes
    return article_from_text_bytes(url, data, url=final_url)


def _read_body(response, deadline: float) -> bytes:
    """Up to MAX_RESPONSE_BYTES + 1 bytes of the body, or TimeoutError once the download's deadline has passed."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_RESPONSE_BYTES:
        if time.monotonic() >= deadline:
            raise TimeoutError(DEADLINE_PASSED)
        chunk = response.read(min(CHUNK_BYTES, MAX_RESPONSE_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _describe(error: BaseException, deadline: float) -> str:
    """One line for a failed fetch; what the server sent is escaped and cut, never printed raw."""
    if time.monotonic() >= deadline or DEADLINE_PASSED in str(error):
        return f"download took longer than {DOWNLOAD_SECONDS:g} s (the limit for one page)"
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {excerpt(str(error.reason))}"
    if isinstance(error, urllib.error.URLError):
        return excerpt(str(error.reason))
    if isinstance(error, http.client.BadStatusLine) and not isinstance(error, ConnectionError):
        # http.client sets .line on every BadStatusLine; typeshed does not declare it
        return f"the server did not answer in HTTP (it sent “{excerpt(str(error.line).rstrip())}”)"  # type: ignore[attr-defined]
    if isinstance(error, TimeoutError):
        return f"the server sent nothing for {TIMEOUT_SECONDS:g} s"
    return f"{type(error).__name__}: {excerpt(str(error)) or 'no details'}"


def _too_large(url: str, size: int | None) -> Rejection:
    limit = f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB"
    said = f"{size / (1024 * 1024):.1f} MB" if size else f"over {limit}"
    return Rejection(url, f"response too large: {said}, the limit is {limit}", "too_large")


def _opener(deadline: float) -> urllib.request.OpenerDirector:
    """urllib's usual opener (proxies, redirects), whose connections never read past `deadline`."""
    return urllib.request.build_opener(_DeadlineHTTPHandler(deadline), _DeadlineHTTPSHandler(deadline), _RefuseFTPHandler())


class _DeadlineReader(io.RawIOBase):
    """A socket's byte stream whose every read waits at most TIMEOUT_SECONDS, and not at all past the deadline."""

    def __init__(self, sock, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)  # the socket's own stream: it keeps the socket open while read
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(DEADLINE_PASSED)
        wait = min(TIMEOUT_SECONDS, left)
        self._sock.settimeout(wait)
        try:
            return self._raw.readinto(buffer)
        except TimeoutError:
            if wait < TIMEOUT_SECONDS:
                raise TimeoutError(DEADLINE_PASSED) from None  # the wait was cut short by the deadline, not the server
            raise

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    """A connected socket (plain or TLS) whose reads, through makefile() as http.client does them, keep the deadline."""

    def __init__(self, sock, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb", *args, **kwargs):
        # http.client reads the status line, headers and body only through makefile("rb")
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


if TYPE_CHECKING:  # the mixin's methods use HTTPConnection's; at run time it stays a plain class
    _ConnectionBase = http.client.HTTPConnection
else:
    _ConnectionBase = object


class _DeadlineConnection(_ConnectionBase):
    """Mixed into an http.client connection: connect within the time left, then read through a _DeadlineSocket."""

    def __init__(self, *args, deadline: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def connect(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(DEADLINE_PASSED)
        self.timeout = min(self.timeout, left) if isinstance(self.timeout, (int, float)) else left
        super().connect()  # for https this includes the TLS handshake, bounded per read by the timeout above
        self.sock = _DeadlineSocket(self.sock, self.deadline)


class _DeadlineHTTPConnection(_DeadlineConnection, http.client.HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(functools.partial(_DeadlineHTTPConnection, deadline=self.deadline), req)


class _RefuseFTPHandler(urllib.request.FTPHandler):
    # urllib follows a redirect to ftp://, where neither the deadline nor the page checks apply: a page is http(s)
    def ftp_open(self, req):
        raise urllib.error.URLError(f"redirected to {excerpt(req.full_url)}, which is not an http(s) address")


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(functools.partial(_DeadlineHTTPSConnection, deadline=self.deadline), req, context=self._context)
