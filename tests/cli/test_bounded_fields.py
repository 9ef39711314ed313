"""Hostile metadata stays bounded: a 2 MB title and a 1 MB url are cut where the Article is built, no page, twin or
export repeats them per mention, the web app's page cache is bounded in bytes, and `serve` binds before it speaks."""
from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from retold.cli import main
from retold.ingest.jsonl import article_from_json_line
from retold.model import (
    AUTHOR_LIMIT,
    CUT,
    OUTLET_LIMIT,
    TITLE_LIMIT,
    URL_LIMIT,
    Article,
    Link,
    article_from_json,
    was_cut,
)
from retold.report.views import safe_url
from retold.web.cache import ENTRY_OVERHEAD, PageCache

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install -e .")
from fastapi.testclient import TestClient  # noqa: E402

from retold.cli.serve import address_of, listen  # noqa: E402
from retold.web.app import create_app  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_STORY = REPO / "examples" / "story" / "story.jsonl"
# an address by IP: no outlet is read from it, so the article is named by its title wherever it is mentioned
HOSTILE_URL = "https://192.0.2.7/news/" + "a" * 1_000_000
HOSTILE_TITLE_WORDS = "Halvard spillway gives way: far more residents displaced than the county admits "


def hostile_title() -> str:
    return (HOSTILE_TITLE_WORDS * (2_000_000 // len(HOSTILE_TITLE_WORDS) + 1))[:2_000_000]


def test_a_2mb_title_and_1mb_url_in_a_jsonl_line_give_an_article_within_the_limits():
    record = {"text": "The spillway gave way on Monday. Officials said 40 homes were flooded.", "title": hostile_title(),
              "url": HOSTILE_URL, "outlet": "O" * 1_000_000, "author": "A" * 1_000_000}
    article = article_from_json_line("hostile.jsonl:1", json.dumps(record).encode())
    assert isinstance(article, Article)
    assert len(article.title) == TITLE_LIMIT and article.title.endswith(CUT) and article.title.startswith("Halvard spillway")
    assert len(article.url) == URL_LIMIT and was_cut(article.url, URL_LIMIT)
    assert len(article.outlet) == OUTLET_LIMIT and len(article.author) == AUTHOR_LIMIT
    # a cut url is no address: it is never made a link, wherever it is shown
    assert safe_url(article.url) is None and safe_url("https://192.0.2.7/news/a") is not None
    # what readers set after building the record is bounded too, and a record read back keeps its bounds
    article.title = "T" * 10_000
    assert len(article.title) == TITLE_LIMIT
    assert article_from_json(article.to_json()).to_json() == article.to_json()
    data = article.to_json()
    data["article"]["title"] = "T" * 10_000  # a record stored before the limits existed
    assert len(article_from_json(data).title) == TITLE_LIMIT
    assert len(Link(HOSTILE_URL, "x" * 10_000).url) == URL_LIMIT


def test_values_within_the_limits_are_kept_whole():
    title = "T" * TITLE_LIMIT
    article = Article(text="Some text.", title=title, url="https://example.org/" + "u" * (URL_LIMIT - 20))
    assert article.title == title and not was_cut(article.title, TITLE_LIMIT)
    assert len(article.url) == URL_LIMIT and not was_cut(article.url, URL_LIMIT) and safe_url(article.url)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """The example story with one retelling (Valley Wire's) given a 2 MB title, a 1 MB url and no outlet."""
    folder = tmp_path_factory.mktemp("hostile")
    lines = []
    for line in EXAMPLE_STORY.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("outlet") == "Valley Wire":
            record.update(title=hostile_title(), url=HOSTILE_URL)
            del record["outlet"]
        lines.append(json.dumps(record))
    source = folder / "story.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "hostile.duckdb"
    assert main(["ingest", str(source), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    return db


@pytest.fixture(scope="module")
def hostile(hostile_db) -> dict:
    client = TestClient(create_app(str(hostile_db)))
    stories = client.get("/stories.json").json()["stories"]
    story = client.get(max(stories, key=lambda s: s["articles"])["href"] + ".json").json()
    (wire,) = [a for a in story["articles"] if (a["name"] or "").startswith("https://192.0.2.7/")]
    return {"client": client, "story": story, "wire": wire}


def mentions_of(story: dict, article_id: str) -> int:
    """How often a story's twin mentions an article: claim members, conflict sides and drift ends."""
    refs = [m for g in story["claim_groups"] for m in g["members"]]
    refs += [side for c in story["conflicts"] for side in (c["a"], c["b"])]
    refs += [end for d in story["drifts"] for end in (d["origin"], d["later"])]
    return sum(ref["article_id"] == article_id for ref in refs)


def test_the_story_page_and_its_twin_name_the_hostile_article_once_not_per_mention(hostile):
    client, story, wire = hostile["client"], hostile["story"], hostile["wire"]
    assert len(wire["title"]) == TITLE_LIMIT and len(wire["name"]) == URL_LIMIT and wire["outlet"] is None
    assert mentions_of(story, wire["id"]) >= 4  # else naming per mention would not show
    cut_title, cut_url = wire["title"][:-1], wire["name"][:-1]
    twin = client.get(f"/story/{story['id']}.json").text
    assert twin.count(cut_title) == 1 and twin.count(cut_url) == 1  # in `articles`, nowhere else
    page = client.get(f"/story/{story['id']}").text
    assert page.count(cut_title) <= 1 and cut_url not in page  # the timeline shows the title; mentions show a short label
    assert len(twin.encode()) < 60_000 and len(page.encode()) < 150_000


def test_the_article_page_shows_a_cut_url_as_text_not_a_link(hostile):
    client, wire = hostile["client"], hostile["wire"]
    page = client.get(f"/article/{wire['id']}").text
    assert 'href="https://192.0.2.7' not in page and '<span class="unsafe-url"' in page
    assert len(page.encode()) < 100_000
    twin = client.get(f"/article/{wire['id']}.json").json()
    assert len(json.dumps(twin).encode()) < 150_000 and twin["analysis"]["article"]["url"] == wire["name"]


def test_the_claimreview_export_of_the_story_stays_small(hostile, hostile_db, capsys):
    client, story, wire = hostile["client"], hostile["story"], hostile["wire"]
    web = client.get(story["claimreview_href"])
    assert web.status_code == 200 and len(web.content) < 200_000
    assert main(["export", "--db", str(hostile_db), "--format", "claimreview"]) == 0
    exported = capsys.readouterr().out
    drafts = json.loads(exported)
    # each draft names the article it appears in (a ClaimReview stands alone), with bounded fields: a few KB at most
    assert drafts and len(exported.encode()) < 10_000 * len(drafts)
    assert all(len(d["itemReviewed"]["appearance"][0].get("headline") or "") <= TITLE_LIMIT for d in drafts)
    assert any(d["retold:claim"]["article_id"] == wire["id"] for d in drafts)


def test_the_page_cache_stays_within_its_bytes_over_every_page(hostile_db):
    bound = 40_000
    client = TestClient(create_app(str(hostile_db), cache_bytes=bound))
    story = client.get(client.get("/stories.json").json()["stories"][0]["href"] + ".json").json()
    paths = [f"/story/{story['id']}", story["claimreview_href"]]
    paths += [path for a in story["articles"] for path in (a["href"], a["href"] + ".json")]
    for path in paths * 2:
        assert client.get(path).status_code == 200
        assert client.app.state.cache.size <= bound


def page(size: int) -> tuple[int, bytes, str]:
    return 200, b"x" * size, "text/html"


def test_the_page_cache_evicts_the_least_recently_used_by_bytes_and_keeps_no_page_too_large():
    cache = PageCache(max_bytes=3 * (1000 + ENTRY_OVERHEAD), max_page_bytes=2000)
    for key in "abc":
        cache.put(key, page(1000))
    assert len(cache) == 3 and cache.size == 3 * (1000 + ENTRY_OVERHEAD)
    assert cache.get("a") is not None  # a is now the most recently used: b goes first
    cache.put("d", page(1000))
    assert "b" not in cache and all(key in cache for key in "acd")
    cache.put("e", page(1900))  # nearly two small pages: the two least recently used (c, then a) make room
    assert "c" not in cache and "a" not in cache and "d" in cache and "e" in cache
    assert cache.size == 1000 + 1900 + 2 * ENTRY_OVERHEAD <= cache.max_bytes
    cache.put("huge", page(2001))  # over the per-page limit: served, never kept
    assert "huge" not in cache and cache.get("huge") is None
    cache.put("d", page(10))  # a page kept again under its key replaces the old one and its bytes
    assert cache.get("d") == page(10) and cache.size == 10 + 1900 + 2 * ENTRY_OVERHEAD


def test_serve_on_a_busy_port_exits_1_in_one_line_and_never_says_serving(tmp_path, capsys, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("uvicorn started on a busy port"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", str(tmp_path / "missing.duckdb"), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert f"port {port} is in use" in err and re.search(r"try --port \d+", err) and "serving" not in err


def test_serve_on_port_0_says_the_port_it_listens_on(hostile_db, capsys, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    assert main(["serve", "--db", str(hostile_db), "--port", "0"]) == 0
    said = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", capsys.readouterr().err)
    assert said and int(said.group(1)) != 0 and int(said.group(1)) == calls[-1]["port"] and calls[-1]["fd"] is not None


def test_listen_binds_before_serving_and_reports_the_real_address():
    listener = listen("127.0.0.1", 0)
    try:
        port = listener.getsockname()[1]
        assert port != 0 and address_of(listener) == f"http://127.0.0.1:{port}/"
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass  # already accepting: nothing can take the port between the bind and the server
    finally:
        listener.close()
