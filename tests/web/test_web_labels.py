"""What people read on the web pages says things in words: no stemmed keys, voice codes, hedge codes or record ids in
prose; chart legends name outlets; axis labels do not collide; provenance evidence is on the page; the article view has
a switch per kind of highlight, in the app and in the standalone report."""
from __future__ import annotations

import re
from importlib import resources

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi: pip install -e .")
import itertools

from fastapi.testclient import TestClient

from retold.link.model import (
    ArticleSpan,
    ClaimGroup,
    ClaimMember,
    CrossConflict,
    LinkResult,
    ProvenanceEdge,
    Story,
)
from retold.model import Article, Attribution, Hedge, Quantity, Source, Span, Speaker
from retold.report import render_html
from retold.report.html import TOGGLES
from retold.store import open_for_writing, write_article, write_link_result
from retold.web.app import create_app
from retold.web.graphics import DATE_LABEL_W, interval_chart, outlet_name

STORY = "story-flood"
STEMMED = "away flood floor swept"
EVIDENCE = "shares 2 passages word for word, the longest 20 words"


def _attribution(text: str, id_: str, speaker: tuple[str, str, str] | None, said: str, nested_in: str | None = None) -> Attribution:
    content = text.index(said)
    who = None
    if speaker:
        words, name, kind = speaker
        start = text.index(words)
        who = Speaker(Span.of(text, start, start + len(words)), name, kind)
    return Attribution(id=id_, mode="indirect", polarity="assert", speaker=who, cue=None,
                       content=Span.of(text, content, content + len(said)), nested_in=nested_in)


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> dict:
    text = ("The Ledger reported that as many as 300 residents were displaced. Officials said the flood swept away cars. "
            "Someone said the levee broke.")
    ledger = Article(text=text, source="ledger.txt", outlet="The Ledger", published="2025-04-14", title="Flood")
    said = "as many as 300 residents were displaced"
    ledger.attributions += [
        _attribution(text, "A1", ("The Ledger", "The Ledger", "outlet"), said),
        _attribution(text, "A2", ("Officials", "Officials", "group"), "the flood swept away cars"),
        _attribution(text, "A3", None, "the levee broke"),
        _attribution(text, "A4", ("Officials", "Officials", "group"), "swept away cars", nested_in="A2"),
    ]
    start = text.index("as many as 300 residents")
    hedge = Span.of(text, start, start + len("as many as"))
    ledger.quantities.append(Quantity(
        id="Q1", span=Span.of(text, start, start + len("as many as 300 residents")),
        number=Span.of(text, start + len("as many as "), start + len("as many as 300")), low=None, high=300,
        low_inclusive=True, high_inclusive=True, kind="upper_bound", unit=None, counted="resident",
        hedges=(Hedge(hedge, "upper_bound"),), attribution="A1"))
    copy_text = "As the Ledger said, as many as 300 residents were displaced. The flood swept away cars."
    wire = Article(text=copy_text, source="https://wire.example.org/2025/flood", url="https://wire.example.org/2025/flood",
                   published="2025-04-15")
    wire.sources.append(Source("outlet", "Reuters"))
    members = (
        ClaimMember(ledger.id, "A1", ArticleSpan(ledger.id, text.index(said), text.index(said) + len(said), said),
                    "outlet:The Ledger", None, 300, ("upper_bound",)),
        ClaimMember(wire.id, "A1", ArticleSpan(wire.id, 20, 59, copy_text[20:59]), "own", None, 300, ("upper_bound",)),
    )
    flood = (ClaimMember(ledger.id, "A2", ArticleSpan(ledger.id, text.index("the flood"), text.index("the flood") + 25,
                                                      text[text.index("the flood"):text.index("the flood") + 25]), "Officials"),
             ClaimMember(wire.id, "S2", ArticleSpan(wire.id, 60, 86, copy_text[60:86]), "own"))
    result = LinkResult(
        stories=[Story(STORY, "flood residents", (ledger.id, wire.id), "2025-04-14", "2025-04-15")],
        edges=[ProvenanceEdge(STORY, ledger.id, wire.id, "partial", f"names The Ledger; {EVIDENCE}", 0.8)],
        groups=[ClaimGroup(f"{STORY}:G1", STORY, "proposition", "displac resident", members),
                ClaimGroup(f"{STORY}:G2", STORY, "proposition", STEMMED, flood)],
        conflicts=[CrossConflict(f"{STORY}:C1", STORY, "numeric", members[0], members[1],
                                 "“as many as 300” against “300”: both count “resident” (displace) and the intervals do "
                                 "not overlap; credited to outlet:The Ledger in one article and to own in the other")],
    )
    path = tmp_path_factory.mktemp("labels") / "labels.duckdb"
    connection = open_for_writing(str(path))
    assert write_article(connection, ledger) and write_article(connection, wire)
    write_link_result(connection, result)
    connection.close()
    client = TestClient(create_app(str(path)))
    return {"client": client, "ledger": ledger, "wire": wire}


def _prose(html: str) -> str:
    """What a reader sees: the page without tags, attributes and the hover titles of the SVG drawings."""
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_story_page_shows_no_internal_labels(stored):
    html = stored["client"].get(f"/story/{STORY}").text
    prose = _prose(html)
    for leak in ("upper_bound", "outlet:", STEMMED, "displac resident", "(displace)", " own "):
        assert leak not in prose, leak
    assert "at most" in prose and "the article itself" in prose  # the hedge and the voice, in words
    # a proposition group is headed by its earliest member's own words
    assert "as many as 300 residents were displaced" in prose and "the flood swept away cars" in prose


def test_the_story_json_keeps_the_internal_labels(stored):
    story = stored["client"].get(f"/story/{STORY}.json").json()
    keys = {g["key"] for g in story["claim_groups"]}
    assert STEMMED in keys  # the twin is for programs: the link stage's key stays as it is
    assert any(m["speaker"] == "outlet:The Ledger" and m["hedges"] == ["upper_bound"] for g in story["claim_groups"] for m in g["members"])


def test_each_claim_group_says_how_many_independent_origins_carry_it(stored):
    client = stored["client"]
    story = client.get(f"/story/{STORY}.json").json()
    group = story["claim_groups"][0]
    # the wire article copies the Ledger (a provenance edge): two articles, one origin
    assert [o["articles"] for o in group["origins"]] == [[stored["ledger"].id, stored["wire"].id]]
    assert group["origins"][0]["copied"] and group["origins"][0]["members"] == [0, 1]
    assert "carried by 2 articles from 1 independent origin" in _prose(client.get(f"/story/{STORY}").text)


def test_provenance_evidence_is_visible_words_not_only_a_hover(stored):
    prose = _prose(stored["client"].get(f"/story/{STORY}").text)
    assert EVIDENCE in prose and "copies passages of" in prose


def test_chart_legends_name_the_outlet_or_the_host_never_a_url():
    assert outlet_name({"id": "x", "outlet": "The Ledger", "name": "https://ledger.example/a"}) == "The Ledger"
    assert outlet_name({"id": "x", "outlet": None, "url": "https://www.wire.example.org/2025/flood"}) == "wire.example.org"
    articles = [{"id": "a", "outlet": None, "name": "https://wire.example.org/2025/flood", "published": "2025-04-15"}]
    members = [{"article_id": "a", "low": 3, "high": 3, "start_char": 0, "end_char": 1}]
    chart = interval_chart("home", members, articles, {"a": "/article/a"})
    assert [name for name, _ in chart.legend] == ["wire.example.org"]


def test_date_labels_under_a_crowded_chart_do_not_overlap():
    articles = [{"id": f"a{day}", "outlet": f"Outlet {day}", "published": f"2025-04-{day:02d}"} for day in range(1, 21)]
    members = [{"article_id": a["id"], "low": day, "high": day, "start_char": 0, "end_char": 1}
               for day, a in enumerate(articles, start=1)]
    chart = interval_chart("home", members, articles, {a["id"]: f"/article/{a['id']}" for a in articles})
    xs = [x for x, _ in chart.dates]
    assert 1 < len(xs) < 20 and all(b - a >= DATE_LABEL_W for a, b in itertools.pairwise(xs))
    big = [{"article_id": "a1", "low": 5, "high": 5, "start_char": 0, "end_char": 1},
           {"article_id": "a2", "low": 2_000_000, "high": 2_000_000, "start_char": 0, "end_char": 1}]
    ticks = [label for _, label in interval_chart("dollar", big, articles, {a["id"]: "/a" for a in articles}).ticks]
    assert all(len(label) <= 5 for label in ticks)  # "1M", not "1,000,000" spilling left of the axis


def test_the_article_page_speaks_in_words(stored):
    html = stored["client"].get(f"/article/{stored['ledger'].id}").text
    prose = _prose(html)
    assert "upper_bound" not in html  # not even in a highlight's hover text
    assert "inside A2" not in prose and "quoted within another statement" in prose
    assert "not named" in prose and not re.search(r"<td>\s*<span class=\"speaker-name\">—", html)


def test_the_article_page_has_a_switch_per_kind_of_highlight(stored):
    html = stored["client"].get(f"/article/{stored['ledger'].id}").text
    kinds = [kind for kind, _ in TOGGLES]
    assert kinds == ["speaker", "cue", "content", "quantity", "hedge", "conflict"]
    for kind in kinds:
        switch = re.search(rf'<input type="checkbox" class="toggle toggle-{kind}" id="([^"]+)" checked', html)
        assert switch, kind
        assert f'<label class="toggle-label" for="{switch.group(1)}">' in html
    # the switches come before the text they govern: the CSS reaches the text with the sibling selector `~`
    assert html.index("toggle-conflict") < html.index('<div class="article-text">')
    css = resources.files("retold.report").joinpath("templates", "report.css").read_text()
    for kind in kinds:
        assert f".toggle-{kind}:not(:checked) ~ .article-text .m.{kind}" in css, kind
    assert "<script>" not in html  # no inline script: the switches work without one


def test_the_standalone_report_has_the_same_switches(stored):
    page = render_html([stored["ledger"]])
    for kind, _ in TOGGLES:
        assert f'class="toggle toggle-{kind}"' in page
    assert ".toggle-hedge:not(:checked)" in page  # its CSS is inlined with the page
    assert 'class="speaker-link"' not in page  # no server, no speaker pages to link to
