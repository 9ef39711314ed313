"""Bad inputs become Rejections with a one-line reason and a code; they never raise and never stop the rest."""
from __future__ import annotations

import gzip
import io
import json
import socket

import pytest
from test_ingest import PAGE, STORY, only, server, warc_pages, write_warc  # noqa: F401 - `server` is a fixture

from retold.errors import Rejection
from retold.ingest import Skipped, read_inputs
from retold.model import Article

FRENCH = (
    "Le conseil municipal a annoncé mardi que les travaux de rénovation du pont dureront au moins trois ans. "
    "Selon le maire, le coût total dépassera quarante millions d'euros, mais les habitants affirment qu'ils "
    "n'ont pas été consultés sur le projet."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag mitgeteilt, dass die Sanierung der alten Brücke mindestens drei Jahre dauern "
    "wird. Nach Angaben des Bürgermeisters werden die Kosten bei mehr als vierzig Millionen Euro liegen, doch die "
    "Anwohner sagen, sie seien nicht gefragt worden."
)
RUSSIAN = (
    "Городской совет во вторник сообщил, что ремонт старого моста займёт не менее трёх лет. По словам мэра, "
    "общая стоимость работ превысит сорок миллионов евро, однако жители утверждают, что с ними никто не советовался."
)


def rejected(path, data: bytes, code: str) -> Rejection:
    """Write `data` to `path`, read it, and check it is rejected with `code` and a one-line reason."""
    path.write_bytes(data)
    item = only(read_inputs([str(path)]))
    assert isinstance(item, Rejection), item
    assert item.code == code, item
    assert item.source == str(path) and "\n" not in item.reason and item.reason
    return item


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf  \n"])
def test_empty_and_whitespace_only(tmp_path, data):
    rejected(tmp_path / "empty.txt", data, "empty")


@pytest.mark.parametrize(
    "data, named",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (gzip.compress(STORY.encode("utf-8")), "gzip"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (STORY.encode("utf-8") + b"\x00\x00\x00" + STORY.encode("utf-8"), "NUL bytes"),
        (bytes(range(1, 9)) * 64, "non-text bytes"),
    ],
)
def test_binary_files_name_what_they_are(tmp_path, data, named):
    item = rejected(tmp_path / "article.txt", data, "binary")
    assert named in item.reason


def test_cp1252_gives_the_offset_the_encoding_and_the_fix(tmp_path):
    data = "Café owners said the “new” rules were unfair to them and that they would appeal.".encode("cp1252")
    item = rejected(tmp_path / "legacy.txt", data, "encoding")
    assert "byte 3" in item.reason and "cp1252" in item.reason and "iconv -f cp1252 -t utf-8" in item.reason


@pytest.mark.parametrize("bom", [b"\xff\xfe", b""])
def test_utf16_is_an_encoding_problem_not_binary(tmp_path, bom):
    item = rejected(tmp_path / "wide.txt", bom + STORY.encode("utf-16-le"), "encoding")
    assert "utf-16" in item.reason


def test_a_50_megabyte_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: instant to make, and full of NULs if it were read
    item = only(read_inputs([str(path)]))
    assert item.code == "too_large" and "50.0 MB" in item.reason and "20.0 MB" in item.reason


def test_text_over_a_million_characters_is_too_large(tmp_path):
    item = rejected(tmp_path / "long.txt", (STORY + "\n").encode("utf-8") * 5000, "too_large")
    assert "1,000,000" in item.reason


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><body><script>var x = 1;</script><div class='cookie'>Accept cookies</div></body></html>",
        "<html><body></body></html>",
    ],
)
def test_html_with_no_article(tmp_path, page):
    item = rejected(tmp_path / "page.html", page.encode("utf-8"), "no_article")
    assert "no article text" in item.reason


@pytest.mark.parametrize("text, named", [(FRENCH, "French"), (GERMAN, "German"), (RUSSIAN, "Cyrillic")])
def test_non_english_is_refused_naming_the_language_or_script(tmp_path, text, named):
    item = rejected(tmp_path / "foreign.txt", text.encode("utf-8"), "not_english")
    assert named in item.reason


@pytest.mark.parametrize("text, named", [("北京市政府周二表示，旧桥的维修工程将至少持续三年。", "CJK"), ("قال المجلس البلدي يوم الثلاثاء إن إصلاح الجسر سيستغرق ثلاث سنوات.", "Arabic")])
def test_other_scripts_are_named(tmp_path, text, named):
    item = rejected(tmp_path / "foreign.txt", text.encode("utf-8"), "not_english")
    assert named in item.reason


@pytest.mark.parametrize(
    "text",
    [
        STORY,
        "Grain exports rise 20 percent, ministry says",  # a headline: no English function word at all
        "Police said two men were arrested. Both were released on bail on Friday.",
        "Le Monde reported the figures on Monday. The ministry in Paris denied them.",  # French names, English text
    ],
)
def test_short_english_texts_pass(tmp_path, text):
    path = tmp_path / "short.txt"
    path.write_text(text, encoding="utf-8")
    assert isinstance(only(read_inputs([str(path)])), Article)


def test_html_in_french_is_not_english(tmp_path):
    path = tmp_path / "fr.html"
    path.write_text(f"<html><body><article><h1>Le pont</h1><p>{FRENCH}</p><p>{FRENCH}</p></article></body></html>", encoding="utf-8")
    assert only(read_inputs([str(path)])).code == "not_english"


def test_a_malformed_jsonl_line_rejects_that_line_only(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": STORY}),
        '{"text": "unterminated',
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": FRENCH}),
        json.dumps({"text": ""}),
        json.dumps({"text": STORY, "published": 2024}),
    ]
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n" + "Caf\xe9".encode("cp1252") + b"\n")
    items = list(read_inputs([str(path)]))
    assert [(item.source.rsplit(":", 1)[1], getattr(item, "code", "ok")) for item in items] == [
        ("1", "ok"), ("2", "malformed"), ("3", "malformed"), ("4", "malformed"),
        ("5", "not_english"), ("6", "empty"), ("7", "ok"), ("8", "encoding"),
    ]
    assert items[6].published == "2024"
    assert "column" in items[1].reason and '"text"' in items[3].reason


def test_a_truncated_warc_gz_keeps_the_pages_read_before_the_cut(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, warc_pages())
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 300])  # inside the last response record
    items = list(read_inputs([str(cut)]))
    assert isinstance(items[0], Article) and items[0].url == "https://herald.example/a"
    assert isinstance(items[-1], Rejection) and items[-1].code == "malformed", items
    assert len(items) == 2 and "truncated or corrupt" in items[-1].reason


def test_a_corrupt_warc_keeps_the_pages_before_the_damage(tmp_path):
    whole = tmp_path / "whole.warc"
    write_warc(whole, warc_pages(), compress=False)
    data = whole.read_bytes()
    damage = data.index(b"WARC/1.0", data.index(b"https://herald.example/logo.png"))
    broken = tmp_path / "broken.warc"
    broken.write_bytes(data[:damage] + b"GARBAGE NOT A RECORD\r\n\r\n" + data[damage + 8 :])
    items = list(read_inputs([str(broken)]))
    assert isinstance(items[0], Article) and items[-1].code == "malformed", items


def test_a_file_that_is_not_a_warc_and_one_without_pages(tmp_path):
    fake = tmp_path / "fake.warc"
    fake.write_text(STORY, encoding="utf-8")
    assert only(read_inputs([str(fake)])).code == "malformed"
    empty = tmp_path / "empty.warc.gz"
    write_warc(empty, warc_pages()[1:3])
    item = only(read_inputs([str(empty)]))
    assert item.code == "no_article" and "status 200" in item.reason


def test_one_bad_file_in_a_directory_does_not_stop_the_others(tmp_path):
    (tmp_path / "1-good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "2-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "3-legacy.txt").write_bytes("Café".encode("cp1252") + STORY.encode("ascii"))
    (tmp_path / "4-picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "5-good.html").write_text(PAGE, encoding="utf-8")
    skipped = Skipped()
    items = list(read_inputs([str(tmp_path)], skipped=skipped))
    # a .png in a folder is not an article: passed over and counted, where a .txt full of binary is a rejection
    assert [getattr(item, "code", "ok") for item in items] == ["ok", "binary", "encoding", "ok"]
    assert skipped.count == 1


def test_a_missing_path_is_a_rejection_not_an_error(tmp_path):
    items = list(read_inputs([str(tmp_path / "nowhere.txt"), str(tmp_path / "nowhere")]))
    assert [item.code for item in items] == ["unreadable", "unreadable"]


def test_stdin_rejections():
    assert only(read_inputs(["-"], stdin=io.BytesIO(b""))).code == "empty"
    assert only(read_inputs(["-"], stdin=io.BytesIO(b"%PDF-1.4\n"))).code == "binary"
    assert only(read_inputs(["-"], stdin=io.BytesIO(FRENCH.encode("utf-8")))).source == "<stdin>"


def test_url_non_200_oversize_and_unreachable(server):  # noqa: F811 - the `server` fixture imported above
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    urls = [f"{server}/missing", f"{server}/big-declared", f"{server}/big-streamed", f"http://127.0.0.1:{closed}/x"]
    items = list(read_inputs(urls))
    assert [item.code for item in items] == ["fetch", "too_large", "too_large", "fetch"], items
    assert "404" in items[0].reason and "50.0 MB" in items[1].reason and "10 MB" in items[2].reason


@pytest.mark.parametrize("compress", [True, False])
def test_a_warc_cut_anywhere_never_raises_and_a_cut_page_is_reported(tmp_path, compress):
    whole = tmp_path / "whole.warc"
    write_warc(whole, warc_pages(), compress=compress)
    data = whole.read_bytes()
    from warcio.archiveiterator import ArchiveIterator

    with open(whole, "rb") as stream:  # where the last record (the second page) starts and ends in the file
        archive = ArchiveIterator(stream)
        for _record in archive:
            last_page, last_length = archive.get_record_offset(), archive.get_record_length()
    cut = tmp_path / "cut.warc"
    for end in range(1, len(data), max(1, len(data) // 60)):
        cut.write_bytes(data[:end])
        items = list(read_inputs([str(cut)]))  # must not raise, wherever the cut falls
        assert items and all(isinstance(item, (Article, Rejection)) for item in items)
        if last_page + 10 < end < last_page + last_length - 30:  # inside the last page's record: the page is lost and the damage reported
            assert sum(isinstance(item, Article) for item in items) == 1 and items[-1].code == "malformed", (end, items)


def test_an_empty_or_compressed_jsonl_gives_one_reason(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    assert only(read_inputs([str(tmp_path / "empty.jsonl")])).code == "empty"
    packed = gzip.compress((json.dumps({"text": STORY}) + "\n").encode("utf-8") * 50)
    item = rejected(tmp_path / "packed.jsonl", packed, "binary")
    assert "gzip" in item.reason
