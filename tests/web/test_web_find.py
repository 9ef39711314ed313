"""Find in the web app: one search over stories, articles, speakers and claims; lists with filters, sorting, paging and
.json/.csv twins; a story with hundreds of conflicts shows the first ones and links to the paged list."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install -e .")
from fastapi.testclient import TestClient
from markupsafe import escape

from retold.cli import main
from retold.web.app import create_app
from retold.web.pages import STORY_ROWS

SCRIPT_TITLE = "<script>alert('find')</script> Quarry lake rescue"
FORMULA_TITLE = "=HYPERLINK(\"http://evil.example\",\"Quarry\") quarry report"
# three tellings of one invented event; the later ones change the numbers and drop the hedge
ARTICLES = [
    {"text": "Divers pulled 14 swimmers from the flooded Tarnow quarry lake on Saturday. Harbour master Ilse Varga said "
             "that about 30 people had been in the water when the quarry wall collapsed. The quarry company said the "
             "fence had been repaired in May. Rescuers searched the lake until midnight.\n",
     "title": SCRIPT_TITLE, "outlet": "The Tarnow Courier", "published": "2024-06-01", "url": "https://courier.example/quarry"},
    {"text": "Divers pulled 14 swimmers from the flooded Tarnow quarry lake on Saturday. Harbour master Ilse Varga said "
             "that 60 people had been in the water when the quarry wall collapsed. Rescuers searched the lake until "
             "midnight. Photographs showed a zeppelin-shaped balloon over the lake.\n",
     "title": "Sixty in the water at Tarnow quarry", "outlet": "Valley Evening Post", "published": "2024-06-02",
     "url": "https://post.example/quarry"},
    {"text": "Divers pulled 40 swimmers from the flooded Tarnow quarry lake. Harbour master Ilse Varga said that 60 "
             "people had been in the water. The quarry company said the fence had never been repaired.\n",
     "title": FORMULA_TITLE, "outlet": "Riverbend Daily", "published": "2024-06-03", "url": "https://riverbend.example/quarry"},
]
EXTRA_CONFLICTS = STORY_ROWS + 30  # so the story page must cut its list and the list must page


@pytest.fixture(scope="module")
def find_db(tmp_path_factory) -> Path:
    """Three articles of one story ingested, then the story given many more conflicts, as a big story has."""
    import duckdb

    folder = tmp_path_factory.mktemp("find")
    source = folder / "quarry.jsonl"
    source.write_text("".join(json.dumps(article) + "\n" for article in ARTICLES), encoding="utf-8")
    db = folder / "find.duckdb"
    assert main(["ingest", str(source), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    with duckdb.connect(str(db)) as connection:
        story_id = connection.execute(
            "SELECT story_id FROM story_articles GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        a, b = connection.execute("SELECT id FROM articles WHERE outlet IN ('The Tarnow Courier', 'Valley Evening Post') "
                                  "ORDER BY published").fetchall()
        for number in range(EXTRA_CONFLICTS):
            connection.execute(
                """INSERT INTO cross_conflicts (id, story_id, kind, a_article, a_start, a_end, a_text, a_speaker,
                   b_article, b_start, b_end, b_text, b_speaker, explanation)
                   VALUES (?, ?, 'numeric', ?, 0, 5, 'Divers', 'Ilse Varga', ?, 0, 5, 'Divers', 'author', ?)""",
                [f"Xextra{number:04d}", story_id, a[0], b[0], f"made-up conflict {number}"])
    return db


@pytest.fixture(scope="module")
def client(find_db) -> TestClient:
    return TestClient(create_app(str(find_db)))


@pytest.fixture(scope="module")
def story_id(client) -> str:
    return max(client.get("/stories.json").json()["stories"], key=lambda s: s["articles"])["id"]


def _group(results: dict, kind: str) -> dict:
    return next(group for group in results["groups"] if group["kind"] == kind)


def test_search_finds_a_speaker_a_claim_and_an_article_by_a_word_in_its_text(client):
    results = client.get("/search.json", params={"q": "varga"}).json()
    speakers = _group(results, "speaker")
    assert speakers["total"] >= 1 and any("Varga" in hit["title"] for hit in speakers["hits"])
    claims = _group(client.get("/search.json", params={"q": "fence REPAIRED"}).json(), "claim")
    assert claims["total"] >= 2 and all("fence" in hit["title"].lower() for hit in claims["hits"])
    assert all(re.fullmatch(r"/article/\w+\?span=\d+-\d+#focus-text", hit["href"]) for hit in claims["hits"])
    # "zeppelin" is only in the second article's text (not its title): the hit links to the sentence that holds it
    articles = _group(client.get("/search.json", params={"q": "zeppelin"}).json(), "article")
    assert articles["total"] == 1
    hit = articles["hits"][0]
    assert hit["title"] == "Sixty in the water at Tarnow quarry" and hit["snippet"]["match"].lower() == "zeppelin"
    start, end = map(int, re.search(r"span=(\d+)-(\d+)", hit["href"]).groups())
    text = client.get(f"/article/{hit['id']}.json").json()["analysis"]["article"]["text"]
    assert "zeppelin" in text[start:end] and text[start:end].startswith("Photographs")
    assert client.get("/search.json", params={"q": "varga zeppelinx"}).json()["total"] == 0  # every word must appear


def test_search_page_groups_hits_by_kind_with_counts_and_links(client):
    html = client.get("/search", params={"q": "quarry"}).text
    for label in ("Stories", "Articles", "Speakers", "Claims"):
        assert f'<h2 id="{label.lower()}">{label}' in html
    results = client.get("/search.json", params={"q": "quarry"}).json()
    for group in results["groups"]:
        assert f'{group["label"]} <span class="pill">{group["total"]}</span>' in html
        for hit in group["hits"]:
            assert f'href="{escape(hit["href"])}"' in html


def test_search_pages_one_kind_and_the_preview_links_to_it(client):
    preview = _group(client.get("/search.json", params={"q": "the"}).json(), "claim")
    assert preview["total"] > len(preview["hits"]) == 10 and preview["more_href"] == "/search?q=the&kind=claim"
    first = client.get("/search.json", params={"q": "the", "kind": "claim", "per_page": 3}).json()
    second = client.get("/search.json", params={"q": "the", "kind": "claim", "per_page": 3, "page": 2}).json()
    assert [g["kind"] for g in first["groups"]] == ["claim"] and len(first["groups"][0]["hits"]) == 3
    assert first["groups"][0]["total"] == preview["total"]
    assert first["next_href"] == "/search?q=the&kind=claim&page=2&per_page=3" and first["prev_href"] is None
    assert {h["id"] for h in first["groups"][0]["hits"]}.isdisjoint(h["id"] for h in second["groups"][0]["hits"])


def test_filters_narrow_every_list(client, story_id):
    everything = client.get("/articles.json").json()
    assert everything["total"] == 3
    assert client.get("/articles.json", params={"outlet": "Riverbend Daily"}).json()["total"] == 1
    assert client.get("/articles.json", params={"date_from": "2024-06-02"}).json()["total"] == 2
    assert client.get("/articles.json", params={"date_to": "2024-06-01", "q": "divers"}).json()["total"] == 1
    assert client.get("/articles.json", params={"q": "zeppelin"}).json()["rows"][0]["outlet"] == "Valley Evening Post"
    claims = client.get("/claims.json", params={"per_page": 500}).json()
    by_speaker = client.get("/claims.json", params={"speaker": "ilse varga", "per_page": 500}).json()
    assert 0 < by_speaker["total"] < claims["total"] and {r["speaker"] for r in by_speaker["rows"]} == {"Harbour master Ilse Varga"}
    quotes = client.get("/claims.json", params={"kind": by_speaker["rows"][0]["kind"], "per_page": 500}).json()
    assert {r["kind"] for r in quotes["rows"]} == {by_speaker["rows"][0]["kind"]} and quotes["total"] < claims["total"]
    conflicts = client.get("/conflicts.json", params={"story": story_id}).json()
    assert conflicts["total"] >= EXTRA_CONFLICTS
    assert client.get("/conflicts.json", params={"story": "story-nothing"}).json()["total"] == 0
    assert client.get("/conflicts.json", params={"outlet": "Riverbend Daily"}).json()["total"] < conflicts["total"]
    drifts = client.get("/drifts.json").json()
    assert drifts["total"] >= 1
    kind = drifts["rows"][0]["types"][0]
    typed = client.get("/drifts.json", params={"type": kind.lower()}).json()
    assert typed["total"] >= 1 and all(kind in row["types"] for row in typed["rows"])
    assert client.get("/drifts.json", params={"type": "NO_SUCH_TYPE"}).json()["total"] == 0


def test_sorting_orders_rows_and_ties_break_the_same_way_every_time(client):
    newest = client.get("/articles.json", params={"sort": "date", "order": "desc"}).json()["rows"]
    assert [r["published"] for r in newest] == ["2024-06-03", "2024-06-02", "2024-06-01"]
    words = [r["words"] for r in client.get("/articles.json", params={"sort": "words"}).json()["rows"]]
    assert words == sorted(words)
    scores = [r["score"] for r in client.get("/claims.json", params={"sort": "score", "order": "desc", "per_page": 500}).json()["rows"]]
    assert scores == sorted(scores, reverse=True)


def test_paging_gives_totals_and_next_and_previous_links(client, story_id):
    first = client.get("/conflicts.json", params={"story": story_id, "per_page": 50}).json()
    total = first["total"]
    assert first["pages"] == -(-total // 50) and len(first["rows"]) == 50 and first["prev_href"] is None
    assert first["next_href"] == f"/conflicts?story={story_id}&page=2"
    last = client.get("/conflicts.json", params={"story": story_id, "page": first["pages"]}).json()
    assert len(last["rows"]) == total - 50 * (first["pages"] - 1) and last["next_href"] is None
    seen = [row["id"] for page in range(1, first["pages"] + 1)
            for row in client.get("/conflicts.json", params={"story": story_id, "page": page}).json()["rows"]]
    assert len(seen) == len(set(seen)) == total
    html = client.get(first["next_href"]).text
    assert f"page 2 of {first['pages']}" in html and 'rel="prev"' in html


def test_json_twin_has_the_rows_of_the_html_page(client):
    params = {"sort": "speaker", "order": "desc", "per_page": 4, "page": 2}
    twin = client.get("/claims.json", params=params).json()
    html = client.get("/claims", params=params).text
    links = re.findall(r'<td class="said"><a href="([^"]+)">', html)
    assert links == [str(escape(row["href"])) for row in twin["rows"]] and len(links) == 4
    assert twin["href"] == "/claims?sort=speaker&order=desc&page=2&per_page=4"
    assert client.get(twin["href"]).text == html  # the view's own address gives the same page


def test_csv_has_a_header_row_and_one_row_per_item(client):
    response = client.get("/conflicts.csv", params={"per_page": 20})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:4] == ["id", "story_id", "story_title", "story_href"] and "a_text" in rows[0] and "b_outlet" in rows[0]
    assert len(rows) == 21
    empty = list(csv.reader(io.StringIO(client.get("/claims.csv", params={"speaker": "nobody at all"}).text)))
    assert len(empty) == 1 and "speaker" in empty[0]


def test_csv_cells_that_start_like_a_formula_are_defused(client):
    from retold.web.find import safe_cell

    rows = list(csv.DictReader(io.StringIO(client.get("/articles.csv").text)))
    titles = {row["title"] for row in rows}
    assert "'" + FORMULA_TITLE in titles and FORMULA_TITLE not in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert [safe_cell(value) for value in ("-1+1", "@SUM(A1)", "+x", "\tx", "plain", -3)] == ["'-1+1", "'@SUM(A1)", "'+x", "'\tx", "plain", -3]
    hits = list(csv.DictReader(io.StringIO(client.get("/search.csv", params={"q": "hyperlink"}).text)))
    assert hits and all(not row["title"].startswith("=") for row in hits)


def test_article_titles_are_escaped_in_search_and_lists(client):
    for url, params in (("/search", {"q": "alert"}), ("/articles", {}), ("/search", {"q": "<script>"})):
        html = client.get(url, params=params).text
        assert "<script>alert" not in html
    assert str(escape(SCRIPT_TITLE)) in client.get("/articles").text
    assert str(escape(SCRIPT_TITLE)) in client.get("/search", params={"q": "<script>"}).text


@pytest.mark.parametrize("url", [
    "/articles?page=0", "/articles?per_page=501", "/articles?sort=id;DROP", "/articles?order=sideways",
    "/claims.json?date_from=yesterday", "/conflicts.csv?story=../etc", "/drifts?type=1%3D1", "/search?kind=everything",
    "/search.json?q=" + "x" * 201, "/claims?page=abc", "/articles.json?date_to=2024-13-45x",
])
def test_bad_parameters_are_refused_with_a_4xx(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, url


def test_a_story_with_many_conflicts_shows_the_first_ones_and_links_to_the_list(client, story_id):
    story = client.get(f"/story/{story_id}.json").json()
    assert len(story["conflicts"]) > STORY_ROWS  # the twin keeps every row
    html = client.get(f"/story/{story_id}").text
    assert html.count('<div class="conflict-card"') == STORY_ROWS
    assert f'href="/conflicts?story={story_id}"' in html and story["conflicts_href"] == f"/conflicts?story={story_id}"
    # a list row links to its card on the story page only where the page shows that card
    ids = set(re.findall(r' id="([^"]+)"', html))
    rows = [row for page in (1, 2, 3) for row in
            client.get("/conflicts.json", params={"story": story_id, "page": page}).json()["rows"]]
    linked = [row for row in rows if row["href"]]
    assert len(linked) == STORY_ROWS and all(row["href"].split("#")[1] in ids for row in linked)


def test_the_search_index_is_read_again_for_a_new_version_of_the_store(find_db, tmp_path):
    import duckdb

    from retold.web.search import FindIndex

    before, after = tmp_path / "before.duckdb", tmp_path / "after.duckdb"
    shutil.copy(find_db, before)
    shutil.copy(find_db, after)
    with duckdb.connect(str(after)) as connection:
        connection.execute("UPDATE articles SET title = 'Kestrel over the quarry' WHERE outlet = 'Riverbend Daily'")
    index = FindIndex()
    with duckdb.connect(str(before), read_only=True) as old, duckdb.connect(str(after), read_only=True) as new:
        assert index.get(old, 1).matches("article", ["kestrel"]) == []
        assert index.get(new, 1).matches("article", ["kestrel"]) == []  # the same version: the index is kept
        assert len(index.get(new, 2).matches("article", ["kestrel"])) == 1
        index.reset()
        assert index.get(old, 2).matches("article", ["kestrel"]) == []


def test_a_speaker_hit_leads_to_that_speakers_claims(client):
    hit = _group(client.get("/search.json", params={"q": "ilse"}).json(), "speaker")["hits"][0]
    listed = client.get(hit["href"].replace("/claims?", "/claims.json?")).json()
    assert listed["total"] >= 3 and all("Ilse Varga" in row["speaker"] for row in listed["rows"])


def test_a_search_term_matches_at_the_start_of_a_word_only():
    from retold.web.search import find_word

    assert find_word("the cambridge bridge", "bridge") == len("the cambridge ")  # not inside "cambridge"
    assert find_word("homes were flooded", "flood") == len("homes were ")  # a word's start: "flood" finds "flooded"
    assert find_word("cambridge only", "bridge") == -1
    assert find_word("bridge at the start", "bridge") == 0
    assert find_word("a well-known case", "known") == len("a well-")  # after a hyphen is a word's start
    assert find_word("the ‘quoted’ word", "‘quoted") == len("the ")  # a term that starts with punctuation
