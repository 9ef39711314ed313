"""Reviews in the web app (in process): the form's POST, cross-site refusal, bounds, verdicts shown at once, hide=dismissed."""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install -e .")
from fastapi.testclient import TestClient

from retold.cli import main
from retold.store.handover import announce_writer
from retold.store.reviews import VERDICTS, load_reviews
from retold.web.app import create_app
from retold.web.cache import PageCache

REPO = Path(__file__).resolve().parents[2]
SAME_SITE = {"origin": "http://testserver"}
# an article of our own whose two figures for one count disagree: a conflict within the article
ONE_ARTICLE = (
    "Fire in Marrow Street warehouse\n\n"
    "The fire service said on Tuesday that 12 people were injured in the blaze at the Marrow Street warehouse. "
    "The city's mayor, Lena Okafor, said 40 people were injured in the blaze. Firefighters worked through the night "
    "to put out the flames, and the cause of the fire is not yet known, officials said.\n"
)


@pytest.fixture(scope="module")
def example_db(copy_of_example) -> Path:
    return copy_of_example("web-reviews")


@pytest.fixture
def db(example_db, tmp_path) -> Path:
    """A copy of the example store, so each test starts with no reviews."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(example_db, copy)
    return copy


@pytest.fixture
def client(db) -> TestClient:
    return TestClient(create_app(str(db)))


@pytest.fixture
def story(client) -> dict:
    stories = client.get("/stories.json").json()["stories"]
    return client.get(max(stories, key=lambda s: s["articles"])["href"] + ".json").json()


def _post(client, data: dict, headers: dict | None = SAME_SITE):
    return client.post("/review", data=data, headers=headers or {}, follow_redirects=False)


def _box(html: str, finding_id: str) -> str:
    """The review box of one finding on a page."""
    found = re.search(rf'<div class="review" id="{finding_id}">(.*?)</form>', html, re.DOTALL)
    assert found, finding_id
    return found.group(1)


def test_a_same_site_review_shows_at_once_on_the_cached_story_page_and_its_twin(client, story, db):
    href = f"/story/{story['id']}"
    drift = story["drifts"][0]
    assert drift["finding_id"].startswith("drift-") and drift["review"] is None
    assert "not reviewed" in _box(client.get(href).text, drift["finding_id"])  # the page is cached now
    saved = _post(client, {"finding": drift["finding_id"], "verdict": "confirmed", "note": "the county says 17", "back": href})
    assert saved.status_code == 303 and saved.headers["location"] == f"{href}#{drift['finding_id']}"
    box = _box(client.get(href).text, drift["finding_id"])
    assert 'class="verdict verdict-confirmed"' in box and "the county says 17" in box
    twin = client.get(f"{href}.json").json()
    assert next(d for d in twin["drifts"] if d["finding_id"] == drift["finding_id"])["review"]["verdict"] == "confirmed"
    assert all(c["finding_id"].startswith("conflict-") and c["review"] is None for c in twin["conflicts"])
    assert load_reviews(db)[drift["finding_id"]].note == "the county says 17"


@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"},
    {"origin": "null"},  # a sandboxed frame on another site
    {"origin": "null", "referer": "http://evil.example/page"},
    {"referer": "http://testserver.evil.example/story/x"},
    {},  # neither header: not a browser's form, and not provably ours
], ids=["other-origin", "null-origin", "null-origin-other-referer", "lookalike-referer", "no-headers"])
def test_a_review_posted_from_another_site_is_refused_403_and_not_saved(client, story, db, headers):
    refused = _post(client, {"finding": story["conflicts"][0]["finding_id"], "verdict": "dismissed"}, headers)
    assert refused.status_code == 403
    assert load_reviews(db) == {}


def test_a_review_with_only_a_same_site_referer_is_saved(client, story, db):
    finding = story["conflicts"][0]["finding_id"]
    saved = _post(client, {"finding": finding, "verdict": "dismissed"}, {"referer": f"http://testserver/story/{story['id']}"})
    assert saved.status_code == 303 and load_reviews(db)[finding].verdict == "dismissed"


@pytest.mark.parametrize("form, status, words", [
    ({"verdict": "maybe"}, 400, "choose one of confirmed, dismissed"),
    ({"verdict": "confirmed", "note": "x" * 2001}, 400, "at most 2,000"),
    ({"verdict": "confirmed", "finding": "story-1:C1"}, 400, "names no finding"),
    ({"verdict": "confirmed", "finding": "drift-" + "0" * 20}, 404, "no conflict or drift"),
], ids=["bad-verdict", "long-note", "row-id", "unknown-finding"])
def test_a_review_out_of_bounds_is_a_4xx_in_one_line_and_not_saved(client, story, db, form, status, words):
    data = {"finding": story["drifts"][0]["finding_id"], **form}
    answer = _post(client, data, {**SAME_SITE, "accept": "application/json"})
    assert answer.status_code == status and words in answer.json()["detail"] and "\n" not in answer.json()["detail"]
    page = _post(client, data)  # a browser's form gets the same refusal as a page
    assert page.status_code == status and words in page.text.replace("&#39;", "'")
    assert load_reviews(db) == {}


def test_a_review_is_saved_while_a_writer_has_the_store_and_shows_once_it_is_done(client, story, db):
    href = f"/story/{story['id']}"
    finding = story["drifts"][0]["finding_id"]
    with announce_writer(str(db)):  # as `retold ingest` does: the app lets go of the store and its pages wait
        assert client.get(f"{href}?hide=dismissed").status_code == 503
        saved = _post(client, {"finding": finding, "verdict": "dismissed", "back": href})
        assert saved.status_code == 303 and saved.headers["location"] == f"{href}#{finding}"
    assert load_reviews(db)[finding].verdict == "dismissed"
    assert "verdict-dismissed" in _box(client.get(href).text, finding)


def test_a_redirect_back_never_leaves_the_app(client, story):
    finding = story["drifts"][0]["finding_id"]
    saved = _post(client, {"finding": finding, "verdict": "confirmed", "back": "//evil.example/x"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/story/{story['id']}#{finding}"


def test_hide_dismissed_leaves_out_the_dismissed_findings_and_says_how_many(client, story):
    href = f"/story/{story['id']}"
    dismissed, kept = story["drifts"][0]["finding_id"], story["drifts"][1]["finding_id"]
    conflict = story["conflicts"][0]["finding_id"]
    for finding in (dismissed, conflict):
        assert _post(client, {"finding": finding, "verdict": "dismissed", "back": href}).status_code == 303
    assert _post(client, {"finding": kept, "verdict": "confirmed"}).status_code == 303
    everything = client.get(href).text
    assert f'id="{dismissed}"' in everything and f'href="{href}?hide=dismissed#conflicts"' in everything
    hidden = client.get(href, params={"hide": "dismissed"}).text
    assert f'id="{dismissed}"' not in hidden and f'id="{conflict}"' not in hidden and f'id="{kept}"' in hidden
    assert "2 dismissed findings hidden" in hidden and f'href="{href}#conflicts"' in hidden
    assert f'name="back" value="{href}?hide=dismissed"' in hidden  # a review saved there comes back to the same view
    twin = client.get(f"{href}.json", params={"hide": "dismissed"}).json()
    assert twin["hide"] == "dismissed" and twin["hidden"] == 2
    assert len(twin["drifts"]) == len(story["drifts"]) - 1 and len(twin["conflicts"]) == len(story["conflicts"]) - 1
    assert client.get(href, params={"hide": "confirmed"}).status_code == 422


def test_a_note_with_markup_is_shown_as_text_everywhere(client, story):
    href = f"/story/{story['id']}"
    finding = story["conflicts"][0]["finding_id"]
    note = "<script>alert('note')</script><b>bold</b>"
    assert _post(client, {"finding": finding, "verdict": "confirmed", "note": note, "reviewer": "<i>Ana</i>"}).status_code == 303
    for page in (client.get(href).text, client.get("/reviews").text):
        assert "<script>alert" not in page and "<b>bold</b>" not in page and "<i>Ana</i>" not in page
        assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    assert client.get("/reviews.json").json()["reviews"][0]["note"] == note


def test_the_review_form_offers_exactly_the_stored_verdicts(client, story):
    html = client.get(f"/story/{story['id']}").text
    box = _box(html, story["conflicts"][0]["finding_id"])
    assert tuple(re.findall(r'<option value="([^"]+)"', box)) == VERDICTS
    assert 'method="post" action="/review"' in box and "maxlength=\"2000\"" in box


def test_the_reviews_list_and_its_twin_say_where_each_finding_is_now(client, story):
    finding = story["drifts"][0]["finding_id"]
    assert client.get("/reviews.json").json()["total"] == 0
    assert _post(client, {"finding": finding, "verdict": "confirmed", "note": "checked"}).status_code == 303
    listing = client.get("/reviews.json").json()
    assert listing["counts"] == {"confirmed": 1, "dismissed": 0}
    row = listing["reviews"][0]
    assert row["finding_id"] == finding and row["found"] and row["href"] == f"/story/{story['id']}#{finding}"
    assert client.get("/reviews.json", params={"verdict": "dismissed"}).json()["reviews"] == []
    assert client.get("/reviews.json", params={"kind": "conflict"}).json()["reviews"] == []
    page = client.get("/reviews")
    assert page.status_code == 200 and f'href="/story/{story["id"]}#{finding}"' in page.text and "checked" in page.text


def test_the_story_claimreview_is_rated_once_a_conflict_is_confirmed(client, story):
    href = f"/story/{story['id']}/claimreview.json"
    assert all(d["reviewRating"]["ratingValue"] is None for d in client.get(href).json())  # cached now
    conflict = story["conflicts"][0]
    assert _post(client, {"finding": conflict["finding_id"], "verdict": "confirmed"}).status_code == 303
    rated = [d for d in client.get(href).json() if d["reviewRating"]["ratingValue"] is not None]
    assert {d["retold:claim"]["article_id"] for d in rated} == {conflict["a"]["article_id"], conflict["b"]["article_id"]}
    assert all(d["reviewRating"]["alternateName"] == "Contradicted by another report" for d in rated)


def test_the_article_page_reviews_its_own_conflicts_and_its_drifts(tmp_path):
    source = tmp_path / "marrow.txt"
    source.write_text(ONE_ARTICLE, encoding="utf-8")
    db = tmp_path / "one.duckdb"
    assert main(["ingest", str(source), "--db", str(db), "--workers", "1", "--no-progress", "--outlet", "The Marrow Post"]) == 0
    client = TestClient(create_app(str(db)))
    article_id = client.get("/stories.json").json()["stories"][0]
    article_id = client.get(f"{article_id['href']}.json").json()["articles"][0]["id"]
    href = f"/article/{article_id}"
    twin = client.get(f"{href}.json").json()
    conflict = twin["conflicts"][0]
    assert conflict["id"] == twin["analysis"]["conflicts"][0]["id"] and conflict["finding_id"].startswith("conflict-")
    box = _box(client.get(href).text, conflict["finding_id"])
    assert f'name="back" value="{href}"' in box
    saved = _post(client, {"finding": conflict["finding_id"], "verdict": "dismissed", "back": href})
    assert saved.headers["location"] == f"{href}#{conflict['finding_id']}"
    assert "verdict-dismissed" in _box(client.get(href).text, conflict["finding_id"])
    hidden = client.get(href, params={"hide": "dismissed"})
    assert f'id="{conflict["finding_id"]}"' not in hidden.text and f'id="{conflict["anchor"]}"' not in hidden.text
    assert re.search(r'<a class="m [^"]*\bconflict\b', client.get(href).text)  # highlighted in the text until hidden
    assert not re.search(r'<a class="m [^"]*\bconflict\b', hidden.text) and f'href="#{conflict["anchor"]}"' not in hidden.text
    assert client.get(f"{href}.json", params={"hide": "dismissed"}).json()["conflicts"] == []


def test_a_page_built_from_what_was_read_before_a_clear_is_not_kept():
    cache = PageCache(max_bytes=10_000, max_page_bytes=5_000)
    cache.put("kept", (200, b"x", "text/plain"))
    assert cache.get("story") is None  # this thread starts building the page (reading the old verdicts)
    assert cache.clear() == 1 and len(cache) == 0 and cache.size == 0  # meanwhile a review is saved
    cache.put("story", (200, b"the old verdict", "text/plain"))
    assert "story" not in cache
    assert cache.get("story") is None  # built again, after the clear: kept
    cache.put("story", (200, b"the new verdict", "text/plain"))
    assert cache.get("story") == (200, b"the new verdict", "text/plain")


CHROMIUM = os.environ.get("RETOLD_CHROMIUM", "/usr/bin/chromium")
ARTEFACTS = REPO / "out" / "test-artefacts" / "web"


def test_a_reader_reviews_a_drift_in_a_real_browser_and_hides_it(db):
    """The form works as a browser sends it (Origin under the app's referrer policy), with no script of its own."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: install it with 'apt-get install -y chromium'")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(base + "/")
            page.locator("a.story-link").first.click()
            card = page.locator(".drift-card").first
            finding = card.locator(".review").get_attribute("id")
            card.locator(".review summary").click()
            card.locator("select[name=verdict]").select_option("dismissed")
            card.locator("textarea[name=note]").fill("<script>window.__xss = 1</script> same count, other day")
            card.locator(".review button[type=submit]").click()
            page.wait_for_url(f"**#{finding}")
            box = page.locator(f"[id='{finding}']")
            assert box.locator(".verdict").inner_text() == "dismissed"
            assert "<script>window.__xss = 1</script>" in box.locator(".review-note").inner_text()
            assert page.evaluate("window.__xss") is None
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            page.locator(".drift-card").first.screenshot(path=str(ARTEFACTS / "review-saved.png"))
            page.locator("a", has_text="hide dismissed").click()
            assert "hide=dismissed" in page.url and page.locator(f"[id='{finding}']").count() == 0
            assert "1 dismissed finding hidden" in page.locator(".review-toggle").inner_text()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
