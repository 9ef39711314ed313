"""The JSON twins of the pages, as pydantic models: they are the OpenAPI schema and what the templates read."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class StorySummary(BaseModel):
    """One row of the stories list."""

    id: str
    title: str  # the original reporting's title (or first sentence): the story's heading
    label: str | None  # the story's key terms
    start_date: str | None
    end_date: str | None
    articles: int
    outlets: int
    outlet_names: list[str]
    conflicts: int
    drifts: int
    href: str


class StoryList(BaseModel):
    """The stories whose text matches the query (all of them for an empty query)."""

    query: str
    total: int
    stories: list[StorySummary]


class ArticleRef(BaseModel):
    """An article a page names: its fields once, here; every mention elsewhere on the page gives only its id."""

    id: str
    label: str  # how the page names it at each mention: its outlet, else its title, else where it came from, shortened
    name: str | None
    title: str | None
    outlet: str | None
    published: str | None
    href: str
    drew_on: list[str] = []  # on a story page: the story's articles this one drew on


class ProvenanceEdge(BaseModel):
    """The target article drew on the source article: repost, summary, partial copy or citation."""

    source: str
    target: str
    kind: str
    evidence: str | None
    confidence: float | None


class SpanRef(BaseModel):
    """A stretch of one article's text, with a link that opens the article with it highlighted (the article is named
    once, in the page's `articles`)."""

    article_id: str
    start: int | None
    end: int | None
    text: str | None
    href: str


class ClaimMember(SpanRef):
    """One outlet's version of a grouped claim."""

    record: str | None
    speaker: str | None
    low: float | None
    high: float | None
    compared_low: float | None = None  # the interval conflicts and drift compare ("as high as 4,000": 2,000–4,000)
    compared_high: float | None = None
    interval: str
    hedges: list[str]
    polarity: str | None
    stance: str | None


class ClaimGroup(BaseModel):
    """Claims the link stage aligned: the same counted category (kind quantity) or the same proposition."""

    id: str
    kind: str | None
    key: str | None
    outlets: int
    members: list[ClaimMember]


class ConflictSide(SpanRef):
    """One side of a conflict between articles."""

    record: str | None
    speaker: str | None
    low: float | None
    high: float | None
    hedges: list[str]
    polarity: str | None


class StoryConflict(BaseModel):
    """Two articles of the story that contradict each other."""

    id: str
    kind: str | None
    a: ConflictSide
    b: ConflictSide
    explanation: str | None


class StoryDrift(BaseModel):
    """How a claim changed from an earlier article to a later one."""

    id: str
    types: list[str]
    counted: str | None
    explanation: str | None
    origin: SpanRef
    later: SpanRef


class StoryDetail(BaseModel):
    """Everything the story page shows."""

    id: str
    title: str
    label: str | None
    start_date: str | None
    end_date: str | None
    articles: list[ArticleRef]
    edges: list[ProvenanceEdge]
    claim_groups: list[ClaimGroup]
    conflicts: list[StoryConflict]
    drifts: list[StoryDrift]
    claimreview_href: str


class Reappearance(BaseModel):
    """A claim of this article and where the same claim appears in the story's other articles."""

    group_id: str
    kind: str | None
    key: str | None
    here: SpanRef
    elsewhere: list[SpanRef]


class ArticleDetail(BaseModel):
    """Everything the article page shows: the analysis (retold.article/1 JSON) and its place in the story."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    story_id: str | None
    story_href: str | None
    focus: list[int] | None
    analysis: dict[str, Any]
    articles: list[ArticleRef]  # every article the reappearances and drifts name, this one included
    reappearances: list[Reappearance]
    drifts: list[StoryDrift]
