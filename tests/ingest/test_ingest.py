"""Readers: every input kind becomes an Article with the right text and metadata (texts written for these tests)."""
from __future__ import annotations

import gzip
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retold.errors import Rejection
from retold.ingest import read_inputs
from retold.model import Article

STORY = (
    "The regional water board said on Tuesday that repairs to the old dam would cost about 40 million euros. "
    "Engineers told reporters that the work could take three years, and residents said they had not been consulted."
)
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Dam repairs | Valley Herald</title>
<meta property="og:site_name" content="Valley Herald"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://herald.example/news/dam-repairs"></head><body>
<nav><a href="https://herald.example/sport">Sport</a> <a href="https://herald.example/weather">Weather</a></nav>
<article><h1>Dam repairs will cost more than planned</h1>
<p>The regional water board said on Tuesday that repairs to the old dam would cost about 40 million euros,
according to <a href="https://board.example/report.pdf">a report it published</a> this week.</p>
<p>Engineers told the <a href="/local/news">local paper</a> that the work could take three years, and residents
said they had not been consulted about the plans. <a href="mailto:desk@herald.example">Write to us</a>.</p>
<p>The board denied that the dam was unsafe. "There is no danger to anyone living below it," a spokesman said.</p>
</article><footer><a href="https://herald.example/privacy">Privacy</a></footer></body></html>"""


def only(items):
    """The single item a reader yielded."""
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_txt_text_is_the_file_decoded_exactly(tmp_path):
    raw = ("Café owners said on Monday that the new rules were unfair.\r\n\r\n  The mayor said he would "
           "review them “within weeks”, and that 12 shops had complained.\r\n\n").encode()
    path = tmp_path / "story.txt"
    path.write_bytes(raw)
    article = only(read_inputs([str(path)]))
    assert isinstance(article, Article)
    assert article.text == raw.decode("utf-8")  # CRLF, leading spaces and the trailing newlines all kept
    assert article.source == str(path) and article.language == "en" and article.title is None


def test_txt_keeps_a_byte_order_mark_so_offsets_match_the_file(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    article = only(read_inputs([str(path)]))
    assert article.text == "\ufeff" + STORY


def test_html_gives_text_metadata_and_article_links(tmp_path):
    path = tmp_path / "dam.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only(read_inputs([str(path)]))
    assert isinstance(article, Article), article
    assert "repairs to the old dam would cost about 40 million euros" in article.text
    assert "](" not in article.text and "Privacy" not in article.text  # no markdown links, no footer
    assert article.title == "Dam repairs will cost more than planned"
    assert article.outlet == "Valley Herald" and article.author == "Jane Roe"
    assert article.published == "2024-03-05"
    assert article.url == "https://herald.example/news/dam-repairs"
    links = {link.url: link.text for link in article.links}
    # links come from the article body: the report and the relative link resolved against the page URL
    assert links == {
        "https://board.example/report.pdf": "a report it published",
        "https://herald.example/local/news": "local paper",
    }


def test_html_without_a_page_url_keeps_only_absolute_links(tmp_path):
    path = tmp_path / "dam.htm"
    path.write_text(PAGE.replace('<link rel="canonical" href="https://herald.example/news/dam-repairs">', ""), encoding="utf-8")
    article = only(read_inputs([str(path)]))
    assert [link.url for link in article.links] == ["https://board.example/report.pdf"]


def test_html_declared_legacy_charset_is_honoured(tmp_path):
    path = tmp_path / "legacy.html"
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("a spokesman", "a spokesman for the café")
    path.write_bytes(page.encode("cp1252"))
    article = only(read_inputs([str(path)]))
    assert "spokesman for the café" in article.text


def test_jsonl_one_article_per_line_with_metadata(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        {"text": STORY, "url": "https://a.example/1", "title": "Dam", "outlet": "A", "published": "2024-03-05", "author": "R"},
        {"text": STORY.replace("Tuesday", "Wednesday")},
    ]
    path.write_text(json.dumps(rows[0]) + "\n\n" + json.dumps(rows[1]) + "\n", encoding="utf-8")
    first, second = read_inputs([str(path)])
    assert (first.source, first.text, first.url, first.title, first.outlet, first.published, first.author) == (
        f"{path}:1", STORY, "https://a.example/1", "Dam", "A", "2024-03-05", "R")
    assert second.source == f"{path}:3" and "Wednesday" in second.text and second.url is None


def write_warc(path, pages, *, compress=True):
    """A small WARC: a warcinfo record, then for each (uri, status, content type, body) a request and a response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "retold tests"}))
        for uri, status, content_type, body in pages:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "herald.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def warc_pages():
    return [
        ("https://herald.example/a", "200 OK", "text/html; charset=utf-8", PAGE.encode("utf-8")),
        ("https://herald.example/missing", "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
        ("https://herald.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("https://herald.example/b", "200 OK", "text/html", PAGE.replace("Tuesday", "Friday").encode("utf-8")),
    ]


@pytest.mark.parametrize("name, compress", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_gives_each_html_200_response(tmp_path, name, compress):
    path = tmp_path / name
    write_warc(path, warc_pages(), compress=compress)
    items = list(read_inputs([str(path)]))
    assert all(isinstance(item, Article) for item in items), items
    assert [item.url for item in items] == ["https://herald.example/a", "https://herald.example/b"]
    # records count from 1: warcinfo, then request/response pairs
    assert [item.source for item in items] == [f"{path}#record-3", f"{path}#record-9"]
    assert "Friday" in items[1].text and items[0].outlet == "Valley Herald"


def test_directory_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "c.HTML").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(STORY, encoding="utf-8")
    sources = [item.source for item in read_inputs([str(tmp_path)])]
    assert sources == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt"), str(tmp_path / "c.HTML")]


def test_stdin_is_text_or_html():
    text = only(read_inputs(["-"], stdin=io.BytesIO(STORY.encode("utf-8") + b"\n")))
    assert text.text == STORY + "\n" and text.source == "<stdin>"
    page = only(read_inputs(["-"], stdin=io.BytesIO(PAGE.encode("utf-8"))))
    assert page.outlet == "Valley Herald" and "<p>" not in page.text


def test_an_explicit_file_of_another_extension_is_sniffed(tmp_path):
    (tmp_path / "notes.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "page.php").write_text(PAGE, encoding="utf-8")
    notes, page = read_inputs([str(tmp_path / "notes.md"), str(tmp_path / "page.php")])
    assert notes.text == STORY and page.outlet == "Valley Herald"


def test_outlet_and_published_override_the_input(tmp_path):
    path = tmp_path / "dam.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only(read_inputs([str(path)], outlet="Wire Service", published="2024-01-01"))
    assert (article.outlet, article.published, article.author) == ("Wire Service", "2024-01-01", "Jane Roe")


def test_reading_is_lazy_and_in_the_order_given(tmp_path):
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    first.write_text(STORY, encoding="utf-8")
    items = read_inputs([str(second), str(first), str(second)])
    # nothing is read until asked for: the second file can appear between two items
    assert isinstance(next(items), Rejection)
    second.write_text(STORY.replace("Tuesday", "Sunday"), encoding="utf-8")
    assert next(items).source == str(first)
    assert "Sunday" in next(items).text


class Pages(BaseHTTPRequestHandler):
    """Routes for the URL tests: an article, a text, a 404, and two oversize responses."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        if self.path == "/article":
            self._send(200, "text/html; charset=utf-8", PAGE.encode("utf-8"))
        elif self.path == "/plain":
            self._send(200, "text/plain; charset=utf-8", STORY.encode("utf-8"))
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/agent":
            self._send(200, "text/plain", f"{STORY} The request came from {self.headers['User-Agent']}.".encode())
        elif self.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()  # the reader must refuse from the header without waiting for a body
        elif self.path == "/big-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"word " * 20000 + b"</p>\n"
            try:
                for _ in range(11 * 1024 * 1024 // len(chunk) + 2):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        else:
            self._send(404, "text/html", b"<html><body>not here</body></html>")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass  # keep test output quiet


@pytest.fixture(scope="module")
def server():
    """A local HTTP server on 127.0.0.1 (a random free port), serving `Pages` from a thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page_is_fetched_and_extracted(server):
    article = only(read_inputs([f"{server}/article"]))
    assert isinstance(article, Article), article
    assert article.source == f"{server}/article" and article.outlet == "Valley Herald"
    assert "40 million euros" in article.text


def test_url_plain_text_redirect_and_user_agent(server):
    from retold import __version__

    plain, redirected, agent = read_inputs([f"{server}/plain", f"{server}/redirect", f"{server}/agent"])
    assert plain.text == STORY and plain.url == f"{server}/plain"
    assert redirected.url == f"{server}/article" and redirected.source == f"{server}/redirect"
    assert f"retold/{__version__}" in agent.text


def test_gzip_html_record_in_a_warc_is_decoded(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "encoded.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
        body = io.BytesIO(gzip.compress(PAGE.encode("utf-8")))
        writer.write_record(writer.create_warc_record("https://herald.example/z", "response", payload=body, http_headers=headers))
    article = only(read_inputs([str(path)]))
    assert "40 million euros" in article.text


def test_jsonl_links_are_kept_when_given(tmp_path):
    path = tmp_path / "links.jsonl"
    record = {
        "text": "The council said on Monday that the bridge would reopen next week after repairs to its deck were finished.",
        "links": ["https://example.org/a", {"url": "https://example.org/b", "text": "the report"}, "javascript:alert(1)", 7],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = list(read_inputs([str(path)]))
    assert [(link.url, link.text) for link in article.links] == [("https://example.org/a", ""), ("https://example.org/b", "the report")]
