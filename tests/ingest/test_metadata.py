"""Metadata read from the page when the input gave none: outlet from the URL's host, headline, publication date."""
from __future__ import annotations

import json

from retold.ingest import read_file, read_inputs
from retold.ingest.metadata import headline_of, outlet_from_url, published_from_text

BODY = "The harbour council of Velmora voted on Monday to close the old pier, officials said.\n"


def test_outlet_from_the_url_host_without_www_m_or_amp():
    assert outlet_from_url("https://www.velmora-post.example/news/pier") == "velmora-post.example"
    assert outlet_from_url("http://m.velmora-post.example/x") == "velmora-post.example"
    assert outlet_from_url("https://amp.velmora-post.example/x") == "velmora-post.example"
    assert outlet_from_url("https://www.reuters.com/world/x") == "Reuters"  # a known outlet by its own name


def test_no_outlet_from_a_file_path_or_a_bare_host():
    assert outlet_from_url("/data/articles/pier.txt") is None
    assert outlet_from_url("http://localhost:8000/pier") is None
    assert outlet_from_url("http://10.0.0.7/pier") is None


def test_txt_file_first_line_headline_becomes_the_title_and_no_outlet(tmp_path):
    path = tmp_path / "pier.txt"
    path.write_text("Velmora votes to close its old pier\n\n" + BODY, encoding="utf-8")
    (article,) = read_file(str(path))
    assert article.title == "Velmora votes to close its old pier"
    assert article.outlet is None and article.published is None


def test_a_first_line_that_is_a_sentence_is_not_a_title():
    assert headline_of(BODY + "\nMore text.") is None
    assert headline_of("Velmora votes to close its old pier") is None  # nothing follows: the line is the article
    assert headline_of("Friday, March 6, 2026\n\n" + BODY) is None


def test_jsonl_line_without_outlet_or_title(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [{"text": "Pier closes in Velmora\n\n" + BODY, "url": "https://www.velmora-post.example/pier"},
             {"text": BODY + "More follows."}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    first, second = read_file(str(path))
    assert (first.outlet, first.title) == ("velmora-post.example", "Pier closes in Velmora")
    assert (second.outlet, second.title) == (None, None)  # never "batch.jsonl:2"


def test_jsonl_metadata_given_is_never_overridden(tmp_path):
    path = tmp_path / "batch.jsonl"
    line = {"text": "Published 3 March 2026\n\n" + BODY, "url": "https://www.velmora-post.example/pier",
            "outlet": "The Velmora Post", "title": "Pier to close", "published": "2026-03-04"}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (article,) = read_file(str(path))
    assert (article.outlet, article.title, article.published) == ("The Velmora Post", "Pier to close", "2026-03-04")


def test_published_line_gives_the_date():
    assert published_from_text("Pier to close\nPublished 3 March 2026\n\n" + BODY) == "2026-03-03"


def test_earliest_of_published_and_updated_and_dateline():
    text = "Updated: 5 March 2026, 10:40 AM\nPublished: Tue 3 Mar 2026\nVELMORA, March 4, 2026 (Coastwire) — " + BODY
    assert published_from_text(text) == "2026-03-03"


def test_news_id_header_and_leading_iso_date_give_the_date():
    assert published_from_text("News ID: 48213 Publish Date: 2026-03-03 09:15\n\n" + BODY) == "2026-03-03"
    assert published_from_text(" date 2026-03-03 " + BODY) == "2026-03-03"


def test_relative_and_yearless_dates_give_no_publication_date():
    assert published_from_text("VELMORA, March 3 (Coastwire) — The council met on Tuesday.\n") is None
    assert published_from_text(BODY) is None


def test_command_line_metadata_still_wins(tmp_path):
    path = tmp_path / "pier.txt"
    path.write_text("Published 3 March 2026\n\n" + BODY, encoding="utf-8")
    (article,) = read_inputs([str(path)], outlet="The Velmora Post", published="2026-03-09")
    assert (article.outlet, article.published) == ("The Velmora Post", "2026-03-09")
