"""The store's lists (articles, claims, conflicts, drifts) filtered, sorted and paged in SQL.

Values reach SQL only as bound parameters; the ORDER BY expression comes from each list's fixed whitelist by name."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel

from retold.store.stories import story_titles
from retold.web.pages import STORY_ROWS, article_href, span_href, story_href
from retold.web.queries import finite

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_TERMS = 12


class Passage(BaseModel):
    """One side of a conflict or drift: the words, where they are, and the article they are in."""

    article_id: str | None
    outlet: str | None
    published: str | None
    speaker: str | None = None
    text: str | None
    start: int | None
    end: int | None
    href: str | None


class ArticleRow(BaseModel):
    """One article of the store."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    words: int | None
    url: str | None
    story_id: str | None
    story_title: str | None
    story_href: str | None
    href: str


class ClaimRow(BaseModel):
    """One claim an article makes (check-worthiness `score` from 0 to 1)."""

    id: str
    article_id: str
    kind: str | None
    speaker: str | None
    text: str | None
    hedges: list[str]
    score: float | None
    start: int | None
    end: int | None
    outlet: str | None
    published: str | None
    story_id: str | None
    story_title: str | None
    story_href: str | None
    href: str
    article_href: str


class ConflictRow(BaseModel):
    """Two articles of a story that contradict each other; `href` is its card on the story page."""

    id: str
    story_id: str | None
    story_title: str | None
    story_href: str | None
    kind: str | None
    explanation: str | None
    a: Passage
    b: Passage
    href: str | None


class DriftRow(BaseModel):
    """A claim that changed from an earlier article to a later one; `href` is its card on the story page."""

    id: str
    story_id: str | None
    story_title: str | None
    story_href: str | None
    types: list[str]
    counted: str | None
    explanation: str | None
    origin: Passage
    later: Passage
    href: str | None


Row = TypeVar("Row", bound=BaseModel)


class ListPage(BaseModel, Generic[Row]):
    """One page of a list: the filters and sort that made it (all in `href`), the total, links to the pages around it."""

    name: str
    filters: dict[str, str]
    sort: str
    order: str
    page: int
    per_page: int
    total: int
    pages: int
    href: str
    json_href: str
    csv_href: str
    prev_href: str | None
    next_href: str | None
    rows: list[Row]


@dataclass(frozen=True)
class ListQuery:
    """What a request asks of a list: filters given (name, value) in the list's order, sort, order and page."""

    name: str
    filters: tuple[tuple[str, str], ...]
    sort: str
    order: str  # asc | desc
    page: int
    per_page: int

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string's parameters, defaults left out so that one view has one address."""
        spec = LISTS[self.name]
        values: dict[str, Any] = dict(self.filters)
        values.update(sort=self.sort, order=self.order, page=self.page, per_page=self.per_page)
        values.update(changes)
        defaults = {"sort": spec.default_sort, "order": "asc", "page": 1, "per_page": PER_PAGE}
        return {key: value for key, value in values.items() if value not in ("", None) and defaults.get(key) != value}

    def href(self, suffix: str = "", **changes: Any) -> str:
        """This view's address (with `changes`), as HTML (no suffix), .json or .csv."""
        query = urlencode(self.params(**changes))
        return f"/{self.name}{suffix}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class ListSpec:
    """A list: its SELECT, the SQL condition of each filter (`?` bound to the filter's value), and its sort whitelist."""

    name: str
    select: str
    conditions: dict[str, str]
    sorts: dict[str, str]
    tiebreak: str
    default_sort: str
    row: Callable[[dict[str, Any], dict[str, str]], BaseModel]


def card_href(story_id: str | None, row_id: str, position: int) -> str | None:
    """A conflict's or drift's card on its story page (the anchor rule of the story page's ids); None for one past the
    first STORY_ROWS, which the story page does not show."""
    if not story_id or position >= STORY_ROWS:
        return None
    return f"{story_href(story_id)}#" + "".join(char if char.isalnum() or char in "-_" else "_" for char in row_id)


def _passage(row: dict[str, Any], prefix: str, article: str, start: str, end: str, speaker: bool = False) -> Passage:
    article_id = row[article]
    return Passage(article_id=article_id, outlet=row[f"{prefix}outlet"], published=row[f"{prefix}published"],
                   speaker=row.get(f"{prefix}speaker") if speaker else None, text=row[f"{prefix}text"], start=row[start],
                   end=row[end], href=span_href(article_id, row[start], row[end]) if article_id else None)


def _story(row: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    story_id = row["story_id"]
    return {"story_id": story_id, "story_title": titles.get(story_id) if story_id else None,
            "story_href": story_href(story_id) if story_id else None}


def _article_row(row: dict[str, Any], titles: dict[str, str]) -> ArticleRow:
    return ArticleRow(id=row["id"], title=row["title"], outlet=row["outlet"], published=row["published"], words=row["words"],
                      url=row["url"], href=article_href(row["id"]), **_story(row, titles))


def _claim_row(row: dict[str, Any], titles: dict[str, str]) -> ClaimRow:
    return ClaimRow(id=row["id"], article_id=row["article_id"], kind=row["kind"], speaker=row["speaker"], text=row["text"],
                    hedges=list(row["hedges"] or []), score=finite(row["score"]), start=row["start_char"], end=row["end_char"],
                    outlet=row["outlet"], published=row["published"], href=span_href(row["article_id"], row["start_char"], row["end_char"]),
                    article_href=article_href(row["article_id"]), **_story(row, titles))


def _conflict_row(row: dict[str, Any], titles: dict[str, str]) -> ConflictRow:
    return ConflictRow(id=row["id"], kind=row["kind"], explanation=row["explanation"],
                       a=_passage(row, "a_", "a_article", "a_start", "a_end", speaker=True),
                       b=_passage(row, "b_", "b_article", "b_start", "b_end", speaker=True),
                       href=card_href(row["story_id"], row["id"], row["position"]), **_story(row, titles))


def _drift_row(row: dict[str, Any], titles: dict[str, str]) -> DriftRow:
    return DriftRow(id=row["id"], types=list(row["types"] or []), counted=row["counted"], explanation=row["explanation"],
                    origin=_passage(row, "origin_", "origin_article", "origin_start", "origin_end"),
                    later=_passage(row, "", "article_id", "start_char", "end_char"),
                    href=card_href(row["story_id"], row["id"], row["position"]), **_story(row, titles))


# dates are ISO strings (a day, or a day and time): a prefix compares as the whole day, month or year
_FROM = "{0} >= ?"
_TO = "substr({0}, 1, length(?)) <= ?"

LISTS: dict[str, ListSpec] = {
    "articles": ListSpec(
        name="articles",
        select="""SELECT a.id, a.title, a.outlet, a.published, a.words, a.url, sa.story_id
                  FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id""",
        conditions={"q": "contains(lower(coalesce(a.title, '') || chr(10) || coalesce(a.text, '')), lower(?))",
                    "outlet": "a.outlet = ?", "story": "sa.story_id = ?",
                    "date_from": _FROM.format("a.published"), "date_to": _TO.format("a.published")},
        sorts={"date": "a.published", "outlet": "a.outlet", "title": "a.title", "words": "a.words"},
        tiebreak="a.id", default_sort="date", row=_article_row),
    "claims": ListSpec(
        name="claims",
        select="""SELECT c.id, c.article_id, c.type AS kind, c.speaker, c.text, c.hedges, c.score, c.start_char, c.end_char,
                         a.outlet, a.published, sa.story_id
                  FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN story_articles sa ON sa.article_id = c.article_id""",
        conditions={"q": "contains(lower(c.text), lower(?))", "kind": "c.type = ?", "speaker": "contains(lower(c.speaker), lower(?))",
                    "outlet": "a.outlet = ?", "story": "sa.story_id = ?",
                    "date_from": _FROM.format("a.published"), "date_to": _TO.format("a.published")},
        sorts={"date": "a.published", "outlet": "a.outlet", "speaker": "c.speaker", "kind": "c.type", "score": "c.score"},
        tiebreak="c.article_id, c.start_char, c.id", default_sort="date", row=_claim_row),
    "conflicts": ListSpec(
        name="conflicts",
        # position: where the story page, which shows its first STORY_ROWS by id, has the card
        select="""SELECT x.id, x.story_id, x.kind, x.explanation,
                         (SELECT count(*) FROM cross_conflicts y WHERE y.story_id = x.story_id AND y.id < x.id) AS position,
                         x.a_article, x.a_start, x.a_end, x.a_text, x.a_speaker, aa.outlet AS a_outlet, aa.published AS a_published,
                         x.b_article, x.b_start, x.b_end, x.b_text, x.b_speaker, ab.outlet AS b_outlet, ab.published AS b_published
                  FROM cross_conflicts x LEFT JOIN articles aa ON aa.id = x.a_article LEFT JOIN articles ab ON ab.id = x.b_article""",
        conditions={"q": "contains(lower(coalesce(x.a_text, '') || chr(10) || coalesce(x.b_text, '') || chr(10) || coalesce(x.explanation, '')), lower(?))",
                    "kind": "x.kind = ?", "speaker": "(contains(lower(x.a_speaker), lower(?)) OR contains(lower(x.b_speaker), lower(?)))",
                    "outlet": "(aa.outlet = ? OR ab.outlet = ?)", "story": "x.story_id = ?",
                    # a conflict's date is the later article's: the day the contradiction appeared
                    "date_from": _FROM.format("greatest(aa.published, ab.published)"),
                    "date_to": _TO.format("greatest(aa.published, ab.published)")},
        sorts={"date": "greatest(aa.published, ab.published)", "story": "x.story_id", "kind": "x.kind", "outlet": "aa.outlet"},
        tiebreak="x.story_id, x.id", default_sort="date", row=_conflict_row),
    "drifts": ListSpec(
        name="drifts",
        select="""SELECT d.id, d.story_id, d.types, d.counted, d.explanation,
                         (SELECT count(*) FROM drifts e WHERE e.story_id = d.story_id AND e.id < d.id) AS position,
                         d.origin_article, d.origin_start, d.origin_end, d.origin_text,
                         ao.outlet AS origin_outlet, ao.published AS origin_published,
                         d.article_id, d.start_char, d.end_char, d.text, al.outlet, al.published
                  FROM drifts d LEFT JOIN articles ao ON ao.id = d.origin_article LEFT JOIN articles al ON al.id = d.article_id""",
        conditions={"q": "contains(lower(coalesce(d.origin_text, '') || chr(10) || coalesce(d.text, '') || chr(10) || coalesce(d.explanation, '')), lower(?))",
                    "type": "list_contains(d.types, upper(?))", "outlet": "(ao.outlet = ? OR al.outlet = ?)",
                    "story": "d.story_id = ?",
                    "date_from": _FROM.format("al.published"), "date_to": _TO.format("al.published")},
        sorts={"date": "al.published", "story": "d.story_id", "type": "d.types[1]", "outlet": "al.outlet"},
        tiebreak="d.story_id, d.id", default_sort="date", row=_drift_row),
}

# what the filter form offers for a list's choice filters: (filter, SQL of the distinct values)
CHOICES: dict[str, list[tuple[str, str]]] = {
    "articles": [("outlet", "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")],
    "claims": [("kind", "SELECT DISTINCT type FROM claims WHERE type IS NOT NULL ORDER BY 1"),
               ("outlet", "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")],
    "conflicts": [("kind", "SELECT DISTINCT kind FROM cross_conflicts WHERE kind IS NOT NULL ORDER BY 1"),
                  ("outlet", "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")],
    "drifts": [("type", "SELECT DISTINCT unnest(types) FROM drifts ORDER BY 1"),
               ("outlet", "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")],
}


def where_clause(spec: ListSpec, filters: tuple[tuple[str, str], ...]) -> tuple[str, list[Any]]:
    """The WHERE clause and its bound values: every word of `q` must appear, every other filter must match."""
    parts: list[str] = []
    values: list[Any] = []
    for name, value in filters:
        condition = spec.conditions[name]
        words = value.split()[:MAX_TERMS] if name == "q" else [value]
        for word in words:
            parts.append(condition)
            values.extend([word] * condition.count("?"))
    return (" WHERE " + " AND ".join(parts) if parts else ""), values


def fetch_page(connection, query: ListQuery) -> ListPage:
    """One page of a list with its total, read with bound parameters."""
    spec = LISTS[query.name]
    where, values = where_clause(spec, query.filters)
    total = connection.execute(f"SELECT count(*) FROM ({spec.select}{where})", values).fetchone()[0]
    direction = "DESC" if query.order == "desc" else "ASC"
    order = f" ORDER BY {spec.sorts[query.sort]} {direction} NULLS LAST, {spec.tiebreak}"
    cursor = connection.execute(f"{spec.select}{where}{order} LIMIT ? OFFSET ?",
                                [*values, query.per_page, (query.page - 1) * query.per_page])
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    story_ids = sorted({row["story_id"] for row in rows if row.get("story_id")})
    titles = story_titles(connection, story_ids) if story_ids else {}
    pages = max(1, math.ceil(total / query.per_page))
    return ListPage(
        name=query.name, filters=dict(query.filters), sort=query.sort, order=query.order, page=query.page,
        per_page=query.per_page, total=total, pages=pages, href=query.href(), json_href=query.href(".json"),
        csv_href=query.href(".csv"), prev_href=query.href(page=min(query.page - 1, pages)) if query.page > 1 else None,
        next_href=query.href(page=query.page + 1) if query.page * query.per_page < total else None,
        rows=[spec.row(row, titles) for row in rows])


def choices(connection, name: str) -> dict[str, list[str]]:
    """Filter -> the values the store holds, for the list's drop-downs."""
    return {field: [str(row[0]) for row in connection.execute(sql).fetchall() if row[0] is not None]
            for field, sql in CHOICES.get(name, [])}
