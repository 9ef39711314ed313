"""A page per speaker: everything one source said across the store, their figures over time, and where other articles
contradict or change it; and the list of speakers, most quoted first. Each page has its .json twin."""
from __future__ import annotations

import json
import math
import threading
from typing import Any

from fastapi import FastAPI, Path, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from retold.intervals import interval_label
from retold.web.graphics import interval_chart
from retold.web.pages import (
    article_ref,
    drift_model,
    span_href,
    stated_of_member,
    story_href,
)
from retold.web.queries import finite
from retold.web.schemas import ArticleRef, ConflictSide, SpanRef, StoryDrift

PER_PAGE = 100  # speakers per page of the list: a store of 300 articles quotes some 1,500 sources
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
JSON_TYPE = "application/json"
HTML_TYPE = "text/html; charset=utf-8"


class SpeakerSummary(BaseModel):
    """One row of the speakers list."""

    key: str
    name: str  # the name most articles use
    names: list[str]  # every name taken to be this source, most quoted first
    articles: int  # articles quoting them
    href: str


class SpeakerList(BaseModel):
    """The speakers of the store, most quoted first, one page of them."""

    total: int
    page: int
    pages: int
    speakers: list[SpeakerSummary]


class SpeakerQuote(SpanRef):
    """Words an article credits to the speaker (`href` opens the article with them highlighted)."""

    record: str
    named_as: str | None  # the speaker's words in that article ("Col. Dillon")
    mode: str | None
    polarity: str | None
    story_id: str | None


class SpeakerFigure(SpanRef):
    """A number an article gives in the speaker's words."""

    record: str
    interval: str
    low: float | None
    high: float | None
    counted: str | None
    unit: str | None


class SpeakerConflict(BaseModel):
    """A conflict between articles with the speaker's words on one side."""

    id: str
    story_id: str | None
    story_href: str | None
    kind: str | None
    theirs: ConflictSide
    other: ConflictSide
    explanation: str | None


class SpeakerDrift(BaseModel):
    """A drift touching the speaker's words: `changed` when a later article retold them differently, `departs` when
    the speaker's words in a later article depart from an earlier report."""

    role: str
    drift: StoryDrift


class SpeakerDetail(BaseModel):
    """Everything the speaker page shows."""

    key: str
    name: str
    names: list[str]
    articles: list[ArticleRef]
    quotes: list[SpeakerQuote]
    figures: list[SpeakerFigure]
    conflicts: list[SpeakerConflict]
    drifts: list[SpeakerDrift]


def speaker_groups(cursor) -> list[Any]:
    """The store's sources, most quoted first (`retold.link.speakers.group_speakers` over every attribution)."""
    from retold.link.speakers import (
        group_speakers,  # loads spaCy's word lists: only when a speaker page is asked for
    )

    quoted: dict[str, set[str]] = {}
    for name, kind, article_id in cursor.execute(
            "SELECT speaker, speaker_kind, article_id FROM attributions WHERE speaker IS NOT NULL").fetchall():
        if kind != "pronoun":
            quoted.setdefault(name, set()).add(article_id)
    return group_speakers(quoted)


class SpeakerIndex:
    """Sources by key, and by the key of each of their names (a link from an article names the speaker as it is written)."""

    def __init__(self, groups: list[Any]) -> None:
        from retold.link.speakers import speaker_key  # spaCy's word lists, as in speaker_groups

        self.groups = groups
        self.by_key = {group.key: group for group in groups}
        self.by_name: dict[str, Any] = {}
        for group in groups:  # most quoted first: a name two sources share leads to the more quoted
            for name in group.names:
                self.by_name.setdefault(speaker_key(name), group)

    def find(self, key: str):
        return self.by_key.get(key) or self.by_name.get(key)


def speakers_model(index: SpeakerIndex, page: int) -> SpeakerList:
    """One page of the speakers list."""
    pages = max(1, math.ceil(len(index.groups) / PER_PAGE))
    page = min(max(1, page), pages)
    rows = index.groups[(page - 1) * PER_PAGE: page * PER_PAGE]
    return SpeakerList(total=len(index.groups), page=page, pages=pages, speakers=[
        SpeakerSummary(key=g.key, name=g.name, names=g.names, articles=len(g.articles), href=f"/speaker/{g.key}") for g in rows])


def speaker_model(cursor, group) -> SpeakerDetail:
    """The speaker page's model: their quotes, figures, and the conflicts and drifts that touch their words."""
    names = list(group.names)
    quotes_rows = _dicts(cursor.execute(
        """SELECT article_id, id, speaker, speaker_text, mode, polarity, content_start, content_end, content_text
           FROM attributions WHERE list_contains($1, speaker) AND coalesce(speaker_kind, '') <> 'pronoun'""", [names]))
    ids = sorted({row["article_id"] for row in quotes_rows})
    articles = {row["id"]: row for row in _dicts(cursor.execute(
        """SELECT id, coalesce(url, source) AS name, title, outlet, published FROM articles WHERE list_contains($1, id)""", [ids]))}
    stories = dict(cursor.execute("SELECT article_id, story_id FROM story_articles WHERE list_contains($1, article_id)", [ids]).fetchall())
    when = {article_id: (row["published"] or "9999", row["id"]) for article_id, row in articles.items()}
    quotes_rows.sort(key=lambda r: (when.get(r["article_id"], ("9999", "")), r["content_start"] or 0))
    quotes = [SpeakerQuote(
        article_id=r["article_id"], start=r["content_start"], end=r["content_end"], text=r["content_text"],
        href=span_href(r["article_id"], r["content_start"], r["content_end"]), record=r["id"], named_as=r["speaker_text"],
        mode=r["mode"], polarity=r["polarity"], story_id=stories.get(r["article_id"]),
    ) for r in quotes_rows if r["content_text"]]
    said = {(r["article_id"], r["id"]) for r in quotes_rows}
    figures = []
    for row in _dicts(cursor.execute(
            """SELECT article_id, id, start_char, end_char, text, low, high, low_inclusive, high_inclusive, kind, unit, counted,
                      hedges FROM quantities WHERE list_contains($1, article_id) AND attribution IS NOT NULL
                      AND list_contains($2, article_id || ' ' || attribution)""",
            [ids, [f"{a} {r}" for a, r in said]])):
        stated = stated_of_member({"quantity": row})
        figures.append(SpeakerFigure(
            article_id=row["article_id"], start=row["start_char"], end=row["end_char"], text=row["text"],
            href=span_href(row["article_id"], row["start_char"], row["end_char"]), record=row["id"],
            interval=interval_label(stated) if stated else "", low=finite(row["low"]), high=finite(row["high"]),
            counted=row["counted"], unit=row["unit"]))
    figures.sort(key=lambda f: (when.get(f.article_id, ("9999", "")), f.counted or "", f.start or 0))
    records = said | {(f.article_id, f.record) for f in figures}
    spans = [(q.article_id, q.start, q.end) for q in quotes] + [(f.article_id, f.start, f.end) for f in figures]

    def theirs(article_id: str, record: str | None, speaker: str | None, start: int | None, end: int | None) -> bool:
        if (article_id, record) in records or _within(spans, article_id, start, end):
            return True
        return speaker in names and article_id in articles  # the link stage wrote the name as the article gave it

    conflicts = []
    for row in _dicts(cursor.execute(
            "SELECT * FROM cross_conflicts WHERE list_contains($1, a_article) OR list_contains($1, b_article) ORDER BY id", [ids])):
        for mine, other in (("a", "b"), ("b", "a")):
            if theirs(row[f"{mine}_article"], row[f"{mine}_record"], row[f"{mine}_speaker"], row[f"{mine}_start"], row[f"{mine}_end"]):
                conflicts.append(SpeakerConflict(id=row["id"], story_id=row["story_id"], kind=row["kind"],
                                                 story_href=story_href(row["story_id"]) if row["story_id"] else None,
                                                 theirs=_side(row, mine),
                                                 other=_side(row, other), explanation=row["explanation"]))
                break
    drifts = []
    for row in _dicts(cursor.execute(
            "SELECT * FROM drifts WHERE list_contains($1, article_id) OR list_contains($1, origin_article) ORDER BY id", [ids])):
        if _within(spans, row["origin_article"], row["origin_start"], row["origin_end"]):
            drifts.append(SpeakerDrift(role="changed", drift=drift_model(row)))
        elif _within(spans, row["article_id"], row["start_char"], row["end_char"]):
            drifts.append(SpeakerDrift(role="departs", drift=drift_model(row)))
    named = set(ids) | {c.other.article_id for c in conflicts}
    named |= {ref.article_id for d in drifts for ref in (d.drift.origin, d.drift.later)}
    extra = sorted(named - set(articles))
    if extra:
        articles.update({row["id"]: row for row in _dicts(cursor.execute(
            "SELECT id, coalesce(url, source) AS name, title, outlet, published FROM articles WHERE list_contains($1, id)", [extra]))})
    ordered = sorted(articles.values(), key=lambda a: (a["published"] or "9999", a["id"]))
    return SpeakerDetail(key=group.key, name=group.name, names=names, articles=[article_ref(a) for a in ordered],
                         quotes=quotes, figures=figures, conflicts=conflicts, drifts=drifts)


def figure_charts(model: SpeakerDetail) -> list[Any]:
    """One chart per counted thing the speaker gave a figure for on more than one occasion, most figures first."""
    articles = [{"id": a.id, "outlet": a.outlet, "title": a.title, "name": a.name, "published": a.published}
                for a in model.articles]
    hrefs = {a.id: a.href for a in model.articles}
    by_counted: dict[str, list[dict[str, Any]]] = {}
    for figure in model.figures:
        by_counted.setdefault(figure.counted or figure.unit or "figures", []).append(
            {"article_id": figure.article_id, "low": figure.low, "high": figure.high, "label": figure.interval,
             "text": figure.text, "start_char": figure.start, "end_char": figure.end})
    charts = [chart for counted, members in by_counted.items() if len(members) > 1
              and (chart := interval_chart(counted, members, articles, hrefs)) is not None]
    return sorted(charts, key=lambda chart: (-len(chart.bars), chart.counted))


def register(app: FastAPI) -> None:
    """Add /speakers, /speaker/{key} and their .json twins to the app."""
    built, render = app.state.built, app.state.render
    cached: dict[str, Any] = {}
    lock = threading.Lock()

    def index_of(cursor) -> SpeakerIndex:
        # worked out once per version of the store file: every speaker page and the list read it
        generation = getattr(getattr(app.state, "store", None), "generation", 0)
        with lock:
            if cached.get("generation") != generation or "index" not in cached:
                cached.update(generation=generation, index=SpeakerIndex(speaker_groups(cursor)))
            return cached["index"]

    def list_pages(kind: str, page: int):
        def build(cursor) -> tuple[int, bytes, str]:
            model = speakers_model(index_of(cursor), page)
            if kind == "json":
                return 200, model.model_dump_json().encode(), JSON_TYPE
            return 200, render("web_speakers.html.j2", page=model, title="Speakers").encode(), HTML_TYPE
        return build

    def detail_pages(kind: str, key: str):
        def build(cursor) -> tuple[int, bytes, str]:
            group = index_of(cursor).find(key)
            if group is None:
                return _missing(kind, f"no speaker {key}", render)
            model = speaker_model(cursor, group)
            if kind == "json":
                return 200, model.model_dump_json().encode(), JSON_TYPE
            labels = {a.id: a.label for a in model.articles}
            published = {a.id: a.published for a in model.articles}
            html = render("web_speaker.html.j2", speaker=model, labels=labels, published=published, charts=figure_charts(model),
                          title=model.name)
            return 200, html.encode(), HTML_TYPE
        return build

    @app.get("/speakers", response_class=HTMLResponse, summary="Speakers (HTML)", tags=["pages"])
    def speakers_page(page: int = Query(1, ge=1, le=100000)):
        return built(("speakers", page), list_pages("html", page))

    @app.get("/speakers.json", response_model=SpeakerList, summary="Speakers, most quoted first", tags=["json"])
    def speakers_json(page: int = Query(1, ge=1, le=100000)):
        return built(("speakers.json", page), list_pages("json", page))

    @app.get("/speaker/{key}.json", response_model=SpeakerDetail, summary="One speaker", tags=["json"],
             responses={404: {"description": "no such speaker"}})
    def speaker_json(key: str = Path(pattern=KEY_PATTERN, max_length=80)):
        return built(("speaker.json", key), detail_pages("json", key))

    @app.get("/speaker/{key}", response_class=HTMLResponse, summary="One speaker (HTML)", tags=["pages"],
             responses={404: {"description": "no such speaker"}})
    def speaker_page(key: str = Path(pattern=KEY_PATTERN, max_length=80)):
        return built(("speaker", key), detail_pages("html", key))


def _within(spans: list[tuple[str, int | None, int | None]], article_id: str, start: int | None, end: int | None) -> bool:
    """Whether a stretch of an article overlaps one of the speaker's quotes or figures there."""
    if start is None or end is None:
        return False
    return any(a == article_id and s is not None and e is not None and s < end and start < e for a, s, e in spans)


def _side(row: dict[str, Any], letter: str) -> ConflictSide:
    article_id, start, end = row[f"{letter}_article"], row[f"{letter}_start"], row[f"{letter}_end"]
    return ConflictSide(
        article_id=article_id, start=start, end=end, text=row[f"{letter}_text"], href=span_href(article_id, start, end),
        record=row[f"{letter}_record"], speaker=row[f"{letter}_speaker"], low=finite(row[f"{letter}_low"]),
        high=finite(row[f"{letter}_high"]), hedges=list(row[f"{letter}_hedges"] or []), polarity=row[f"{letter}_polarity"])


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _missing(kind: str, message: str, render) -> tuple[int, bytes, str]:
    if kind == "json":
        return 404, json.dumps({"detail": message}).encode(), JSON_TYPE
    return 404, render("web_error.html.j2", message=message, title="Not found").encode(), HTML_TYPE



def credited_wires(cursor, article_ids: list[str]) -> dict[str, list[str]]:
    """Article id -> the news agencies it credits (`retold.link.provenance.WIRES`): two copies of one wire story are one
    origin of the claims they carry."""
    # the link stage's list; its module (and spaCy's word lists) loads with the first story page, not at start
    from retold.link.provenance import WIRES

    if not article_ids:
        return {}
    found: dict[str, list[str]] = {}
    for article_id, name in cursor.execute(
            """SELECT DISTINCT article_id, name FROM sources WHERE kind = 'outlet' AND list_contains($1, article_id)
               AND list_contains($2, name) ORDER BY article_id, name""", [article_ids, list(WIRES)]).fetchall():
        found.setdefault(article_id, []).append(name)
    return found
