"""The speaker pages over a store written in the test: names of one source merged, pronouns left out, their figures,
the conflicts and drifts touching their words, escaping, and the links to them from story and article pages."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install -e .")
from fastapi.testclient import TestClient

from retold.link.model import (
    ArticleSpan,
    ClaimGroup,
    ClaimMember,
    CrossConflict,
    Drift,
    LinkResult,
    Story,
)
from retold.link.speakers import group_speakers, one_source, speaker_key
from retold.model import Article, Attribution, Quantity, Span, Speaker
from retold.store import open_for_writing, write_article, write_link_result
from retold.web.app import create_app

STORY = "story-dam"


def _article(text: str, outlet: str, published: str, speakers: list[tuple[str, str, str, str]],
             figures: list[tuple[str, float, str]] = ()) -> Article:
    """An article whose attributions are (speaker words, speaker name, kind, words said), each found in the text."""
    article = Article(text=text, source=f"{outlet}.txt", outlet=outlet, published=published, title=f"{outlet} on the dam")
    for number, (words, name, kind, said) in enumerate(speakers, start=1):
        start = text.index(words)
        content = text.index(said)
        article.attributions.append(Attribution(
            id=f"A{number}", mode="indirect", polarity="assert",
            speaker=Speaker(Span.of(text, start, start + len(words)), name, kind),
            cue=None, content=Span.of(text, content, content + len(said))))
    for number, (words, value, attribution) in enumerate(figures, start=1):
        start = text.index(words)
        span = Span.of(text, start, start + len(words))
        article.quantities.append(Quantity(
            id=f"Q{number}", span=span, number=Span.of(text, start, start + len(words.split()[0])), low=value, high=value,
            low_inclusive=True, high_inclusive=True, kind="point", unit=None, counted="home", attribution=attribution))
    return article


def _span(article: Article, words: str) -> ArticleSpan:
    start = article.text.index(words)
    return ArticleSpan(article.id, start, start + len(words), words)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    ledger = _article("Col. Ryan Dillon said 40 homes were flooded by the dam.", "The Ledger", "2025-04-14",
                      [("Col. Ryan Dillon", "Col. Ryan Dillon", "person", "40 homes were flooded by the dam")],
                      [("40 homes", 40, "A1")])
    courier = _article("Coalition spokesman Col. Ryan Dillon said 60 homes were flooded. He said the gate failed.",
                       "Courier", "2025-04-15",
                       [("Coalition spokesman Col. Ryan Dillon", "coalition spokesman Col. Ryan Dillon", "person",
                         "60 homes were flooded"),
                        ("He", "he", "pronoun", "the gate failed")],
                       [("60 homes", 60, "A1")])
    gazette = _article("Dillon said the spillway held. Col. Ryan Smith said nothing was wrong. 25 homes were flooded.",
                       "Gazette", "2025-04-16",
                       [("Dillon", "Dillon", "person", "the spillway held"),
                        ("Col. Ryan Smith", "Col. Ryan Smith", "person", "nothing was wrong")],
                       [("25 homes", 25, None)])
    hostile = _article("<b>x</b> said the water was <i>safe</i>.", "Hostile Times", "2025-04-17",
                       [("<b>x</b>", "<b>x</b>", "person", "the water was <i>safe</i>")])
    return {"ledger": ledger, "courier": courier, "gazette": gazette, "hostile": hostile}


@pytest.fixture(scope="module")
def client(articles, tmp_path_factory) -> TestClient:
    ledger, courier, gazette = articles["ledger"], articles["courier"], articles["gazette"]
    path = tmp_path_factory.mktemp("speakers") / "speakers.duckdb"
    connection = open_for_writing(str(path))
    for article in articles.values():
        assert write_article(connection, article)
    theirs = ClaimMember(ledger.id, "Q1", _span(ledger, "40 homes"), "Col. Ryan Dillon", 40, 40)
    own = ClaimMember(gazette.id, "Q1", _span(gazette, "25 homes"), "own", 25, 25)
    result = LinkResult(
        stories=[Story(STORY, "dam homes", (ledger.id, courier.id, gazette.id), "2025-04-14", "2025-04-16"),
                 Story("story-hostile", "water", (articles["hostile"].id,), "2025-04-17", "2025-04-17")],
        groups=[ClaimGroup(f"{STORY}:G1", STORY, "quantity", "home", (theirs, own))],
        conflicts=[CrossConflict(f"{STORY}:C1", STORY, "numeric", theirs, own,
                                 "“40 homes” against “25 homes”: both count “home” (flood) and the intervals do not overlap")],
        drifts=[Drift(f"{STORY}:D1", STORY, _span(gazette, "25 homes"), _span(ledger, "40 homes"), ("NUMBER_CHANGED",), "home",
                      "“40 homes” → “25 homes”: = 40 became = 25")],
    )
    write_link_result(connection, result)
    connection.close()
    return TestClient(create_app(str(path)))


def test_obvious_variants_of_a_name_are_one_source_and_other_names_are_not():
    assert one_source("Dillon", "Col. Ryan Dillon") and one_source("Col. Ryan Dillon", "coalition spokesman Col. Ryan Dillon")
    assert not one_source("Col. Ryan Smith", "Col. Ryan Dillon")
    assert not one_source("the coalition", "coalition spokesman Col. Ryan Dillon")  # an organisation is not its spokesman
    assert not one_source("Most users", "Most candidates")  # words that open a sentence name no one
    groups = group_speakers({"Dillon": {"c"}, "Col. Ryan Dillon": {"a"}, "coalition spokesman Col. Ryan Dillon": {"b"},
                             "Col. Ryan Smith": {"c"}, "he": {"b"}, "which": {"a"}, "": {"a"}})
    assert [sorted(g.names) for g in groups] == [
        ["Col. Ryan Dillon", "Dillon", "coalition spokesman Col. Ryan Dillon"], ["Col. Ryan Smith"]]
    assert groups[0].articles == {"a", "b", "c"} and groups[0].key == speaker_key(groups[0].name)


def test_the_speakers_list_puts_the_most_quoted_first_and_leaves_out_pronouns(client):
    listing = client.get("/speakers.json").json()
    names = [s["name"] for s in listing["speakers"]]
    assert listing["speakers"][0]["articles"] == 3 and "Dillon" in listing["speakers"][0]["names"]
    assert "he" not in names and "Col. Ryan Smith" in names and listing["total"] == len(names)
    page = client.get("/speakers")
    assert page.status_code == 200 and listing["speakers"][0]["href"] in page.text


def test_a_speaker_page_gathers_every_variant_their_figures_and_what_contradicts_them(client, articles):
    listing = client.get("/speakers.json").json()["speakers"]
    dillon = listing[0]
    detail = client.get(dillon["href"] + ".json").json()
    assert {q["text"] for q in detail["quotes"]} == {"40 homes were flooded by the dam", "60 homes were flooded",
                                                     "the spillway held"}
    assert "the gate failed" not in {q["text"] for q in detail["quotes"]}  # "He" is not resolved to Dillon by the page
    dates = [next(a["published"] for a in detail["articles"] if a["id"] == q["article_id"]) for q in detail["quotes"]]
    assert dates == sorted(dates)
    assert [(f["low"], f["counted"]) for f in detail["figures"]] == [(40, "home"), (60, "home")]
    assert all(f["interval"] and f["href"].endswith("#focus-text") for f in detail["figures"])
    assert [c["other"]["article_id"] for c in detail["conflicts"]] == [articles["gazette"].id]
    assert [(d["role"], d["drift"]["later"]["article_id"]) for d in detail["drifts"]] == [("changed", articles["gazette"].id)]
    html = client.get(dillon["href"]).text
    ledger_quote = detail["quotes"][0]
    assert f'href="{ledger_quote["href"]}"' in html and "?span=" in ledger_quote["href"]
    assert html.count('class="chart"') == 1  # two figures for homes: one chart over time
    assert "both count “home” and" in html and "(flood)" not in html  # the predicate tag is left out of what people read


def test_any_variants_key_finds_the_same_speaker_and_an_unknown_key_is_404(client):
    first = client.get("/speaker/dillon.json").json()
    assert first["name"] in ("Col. Ryan Dillon", "Dillon") and "coalition spokesman Col. Ryan Dillon" in first["names"]
    assert client.get(f"/speaker/{speaker_key('coalition spokesman Col. Ryan Dillon')}.json").json()["key"] == first["key"]
    assert client.get("/speaker/nobody-at-all").status_code == 404
    assert client.get("/speaker/nobody-at-all.json").json() == {"detail": "no speaker nobody-at-all"}
    assert client.get("/speaker/..%2Fetc").status_code in (404, 422)


def test_a_speaker_named_with_markup_is_escaped(client):
    key = speaker_key("<b>x</b>")
    page = client.get(f"/speaker/{key}")
    assert page.status_code == 200
    assert "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text
    assert "<i>safe</i>" not in page.text and "&lt;i&gt;safe&lt;/i&gt;" in page.text
    listing = client.get("/speakers").text
    assert "<b>x</b>" not in listing and "&lt;b&gt;x&lt;/b&gt;" in listing


def test_story_and_article_pages_link_speaker_names_to_their_pages(client, articles):
    story = client.get(f"/story/{STORY}")
    links = set(re.findall(r'href="(/speaker/[^"]+)"', story.text))
    assert links and all(client.get(link).status_code == 200 for link in links)
    article = client.get(f"/article/{articles['courier'].id}").text
    linked = re.findall(r'<a class="speaker-link" href="(/speaker/[^"]+)">([^<]+)</a>', article)
    assert ("coalition spokesman Col. Ryan Dillon" in {name for _, name in linked})
    assert not any(name == "he" for _, name in linked)  # a pronoun has no page
    assert all(client.get(href).status_code == 200 for href, _ in linked)
