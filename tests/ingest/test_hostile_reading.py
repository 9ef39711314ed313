"""Hostile inputs beside a good one: a bad URL, a slow server, a lone surrogate, a broken CSV, a non-date cost only
themselves; the good article's result is kept, and every failure is one line, never an internal error."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_ingest import STORY

from retold.cli import main
from retold.errors import Rejection, RetoldError
from retold.ingest import read_inputs
from retold.model import Article

pytestmark = pytest.mark.timeout(30)  # a regression here would hang on a socket: fail instead
TRICKLE_BYTES = 30  # at 0.2 s a byte the trickle ends after 6 s: a reader without a deadline fails, never hangs


def good_article(folder) -> str:
    path = folder / "good.txt"
    path.write_text(STORY, encoding="utf-8")
    return str(path)


def raw_server(answer: bytes):
    """A TCP server on 127.0.0.1 that answers every request with `answer` and hangs up: bytes that are not HTTP."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed at the end of the test
            with connection:
                connection.recv(65536)
                connection.sendall(answer)

    threading.Thread(target=serve, daemon=True).start()
    return listener


@pytest.fixture
def garbage_url():
    listener = raw_server(b"\x1b[31m\x00\xff\xfe not HTTP at all\r\n\r\n")
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/garbage"
    listener.close()


class Trickle(BaseHTTPRequestHandler):
    """Sends one byte every 0.2 s: of the status line and headers (/headers) or of the body (/body)."""

    def do_GET(self):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
        body = b"x" * TRICKLE_BYTES
        slow, fast = (head + body, b"") if self.path == "/headers" else (body, head)
        try:
            self.wfile.write(fast)
            for byte in slow:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader gave up, as it should
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def trickle_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# 1. one bad input never loses the batch

def test_a_server_that_answers_non_http_bytes_is_a_fetch_rejection_with_the_bytes_escaped(tmp_path, garbage_url):
    good = good_article(tmp_path)
    first, bad, last = read_inputs([good, garbage_url, good])
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(bad, Rejection) and bad.code == "fetch" and bad.source == garbage_url, bad
    assert "did not answer in HTTP" in bad.reason and "not HTTP at all" in bad.reason
    assert not any(ord(ch) < 32 for ch in bad.reason), bad.reason  # ESC and NUL are shown escaped, never sent raw
    assert "\\x1b" in bad.reason


def test_analyze_prints_the_good_article_beside_a_url_that_answers_garbage(tmp_path, garbage_url, capsys):
    good = good_article(tmp_path)
    assert main(["analyze", good, garbage_url, "--json"]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line.get("article", {}).get("source") for line in lines] == [good, None]
    assert lines[1]["error"]["code"] == "fetch" and lines[1]["error"]["source"] == garbage_url
    assert "internal error" not in captured.err and "\x1b" not in captured.err


def test_a_reader_that_raises_costs_its_input_only_and_keeps_what_it_yielded(tmp_path, monkeypatch):
    import retold.ingest.jsonl

    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps({"text": STORY, "title": title}) + "\n" for title in ("One", "Boom", "Three")), encoding="utf-8")
    real = retold.ingest.jsonl.fill_metadata

    def fill_metadata(article):
        if article.title == "Boom":
            raise KeyError("a bug in a reader")
        return real(article)

    monkeypatch.setattr(retold.ingest.jsonl, "fill_metadata", fill_metadata)
    monkeypatch.delenv("RETOLD_DEBUG", raising=False)
    items = list(read_inputs([str(path), good_article(tmp_path)]))
    assert [type(item).__name__ for item in items] == ["Article", "Rejection", "Article"], items
    assert items[0].title == "One" and items[2].source.endswith("good.txt")
    assert items[1].code == "unreadable" and items[1].source == str(path)
    assert "after 1 document" in items[1].reason and "KeyError" in items[1].reason


# 2. a slow server stops at the download's deadline, however it trickles

@pytest.mark.parametrize("slow_part", ["headers", "body"])
def test_a_url_that_trickles_stops_at_the_download_deadline(trickle_server, monkeypatch, slow_part):
    import retold.ingest.url

    monkeypatch.setattr(retold.ingest.url, "DOWNLOAD_SECONDS", 1)
    started = time.monotonic()
    (item,) = read_inputs([f"{trickle_server}/{slow_part}"])
    elapsed = time.monotonic() - started
    assert isinstance(item, Rejection) and item.code == "fetch", item
    assert "download took longer than 1 s" in item.reason
    assert elapsed < 3, elapsed  # the per-read timeout (20 s) never restarted the clock


# 3. a lone surrogate in JSON is replaced, and the article analyses

def test_lone_surrogates_in_a_jsonl_line_are_replaced_and_the_article_analyses(tmp_path, pipeline):
    path = tmp_path / "surrogate.jsonl"
    record = {"text": STORY.replace("dam", "dam \ud800", 1), "title": "Dam \udfff", "author": "\ud83d", "published": "2024-03-05"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")  # json.dumps writes them as \ud800 escapes
    (article,) = read_inputs([str(path)])
    assert isinstance(article, Article), article
    assert "dam \ufffd" in article.text and article.title == "Dam \ufffd" and article.author == "\ufffd"
    assert len(article.text) == len(record["text"])  # one code point for one: offsets are unchanged
    assert article.id  # hashing the text encodes it as UTF-8, which a lone surrogate made fail
    analysed = pipeline.analyze(article)
    json.dumps(analysed.to_json(), ensure_ascii=False).encode("utf-8")


# 4. a stances or bodies CSV in the wrong encoding or shape is one line, not an internal error

HEADER, ROW = "Headline,Body ID\n", "Café owners protest new rules,1\n"


@pytest.mark.parametrize("data", [
    (HEADER + ROW).encode("utf-8"),
    b"\xef\xbb\xbf" + (HEADER + ROW).encode("utf-8"),
    (HEADER + ROW).encode("utf-16"),  # with its byte-order mark, as spreadsheets save "Unicode text"
], ids=["utf-8", "utf-8-bom", "utf-16-bom"])
def test_stances_csv_in_utf8_with_or_without_bom_or_utf16_is_read(tmp_path, data):
    from retold.stance.fnc import read_stances

    path = tmp_path / "stances.csv"
    path.write_bytes(data)
    table = read_stances(path)
    assert table.fieldnames == ["Headline", "Body ID"] and table.rows == [{"Headline": "Café owners protest new rules", "Body ID": "1"}]


@pytest.mark.parametrize("data, said", [
    ((HEADER + ROW).encode("latin-1"), ["not valid UTF-8 at byte 20", "iconv"]),
    (HEADER.encode() + b"One headline,1\nA headline, with a comma,2\n", ["line 3 has 3 fields where the header has 2"]),
    (HEADER.encode() + b"One headline,1\n" + b"x" * 1_000_001 + b",2\n", ["line 3 is not valid CSV: field larger"]),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", ["PDF"]),
], ids=["latin-1", "ragged", "huge-field", "pdf"])
def test_a_bad_stances_csv_is_one_line_naming_the_place_and_the_fix(tmp_path, capsys, data, said):
    from retold.stance.fnc import read_stances

    stances, bodies = tmp_path / "stances.csv", tmp_path / "bodies.csv"
    stances.write_bytes(data)
    bodies.write_text("Body ID,articleBody\n1,\"Cafe owners said on Monday\nthat the rules were unfair.\"\n2,Text.\n", encoding="utf-8")
    with pytest.raises(RetoldError) as raised:
        read_stances(stances)
    assert all(words in str(raised.value) for words in said), raised.value
    assert main(["stance", "--headlines", str(stances), "--bodies", str(bodies)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err and str(stances) in err


def test_a_ragged_row_after_a_quoted_multiline_body_names_its_own_line(tmp_path):
    from retold.stance.fnc import read_bodies

    path = tmp_path / "bodies.csv"
    path.write_text('Body ID,articleBody\n1,"First line\nsecond line\nthird line"\n2\n', encoding="utf-8")
    with pytest.raises(RetoldError, match="line 5 has 1 field "):
        read_bodies(path)


# 5. checkworthy refuses what holds no sentences to score

@pytest.mark.parametrize("name, data, said", [
    ("empty.txt", b"\n  \n", "empty"),
    ("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "this is a PDF file"),
    ("sentences.csv", b"Sentence_id,Text\n1,The deficit tripled.\n", "looks like a CSV file"),
    ("sentences.txt", b"Sentence_id;Text;class_label\n1;The deficit tripled.;Yes\n", "looks like a CSV file"),
    ("header.tsv", b"Sentence_id\tText\n", "no sentences to score"),
    ("latin.txt", "Café owners said the rules were unfair.\n".encode("latin-1"), "not valid UTF-8 at byte 3"),
], ids=["empty", "pdf", "csv", "semicolons", "header-only", "latin-1"])
def test_checkworthy_refuses_a_file_with_no_sentences_in_one_line(tmp_path, capsys, name, data, said):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["checkworthy", str(path), "--fast"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured
    assert said in captured.err and "internal error" not in captured.err


# 6. a published value that is not a date is never stored as one

@pytest.mark.parametrize("given, kept", [
    ("not a date", None),
    ("yesterday", None),
    ("2024-02-30", None),
    ("0001-01-01", None),
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T10:00:00Z", "2024-03-05T10:00:00Z"),
    ("March 5, 2024", "2024-03-05"),
    (2024, "2024"),
])
def test_a_jsonl_published_value_is_kept_only_when_it_is_a_date(tmp_path, given, kept):
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"text": STORY, "published": given}) + "\n", encoding="utf-8")
    (article,) = read_inputs([str(path)])
    assert isinstance(article, Article) and article.published == kept


def test_when_the_given_date_is_dropped_the_page_date_is_found(tmp_path):
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"text": f"Published 3 March 2026\n\n{STORY}", "published": "not a date"}) + "\n", encoding="utf-8")
    (article,) = read_inputs([str(path)])
    assert article.published == "2026-03-03"


def test_a_published_flag_that_is_not_a_date_is_a_usage_error(tmp_path, capsys):
    assert main(["analyze", good_article(tmp_path), "--published", "not a date"]) == 2
    assert "not a date like" in capsys.readouterr().err
