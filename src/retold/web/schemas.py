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
    speaker_href: str | None = None  # the speaker's page, when the speaker is a named source
    kind: str | None = None  # the quantity's kind: a "proportion" (all of the families) is no count to chart


class ClaimOrigin(BaseModel):
    """Members of a claim group that are one independent origin: one article, copies of it, one wire's or one outlet's."""

    members: list[int]  # positions in the group's `members`
    articles: list[str]
    wires: list[str]  # agencies two or more of its articles credit
    outlets: list[str]  # outlets that published two or more of its articles
    copied: bool  # joined along provenance edges (repost, partial copy, summary, citation)


class ClaimGroup(BaseModel):
    """Claims the link stage aligned: the same counted category (kind quantity) or the same proposition."""

    id: str
    kind: str | None
    key: str | None  # the link stage's key: a counted category, or a proposition's stemmed key words
    outlets: int
    members: list[ClaimMember]
    label: str = ""  # what a reader is shown for the group: the counted thing, or its earliest member's words
    origins: list[ClaimOrigin] = []  # the independent origins among its articles


class ConflictSide(SpanRef):
    """One side of a conflict between articles."""

    record: str | None
    speaker: str | None
    low: float | None
    high: float | None
    hedges: list[str]
    polarity: str | None
    speaker_href: str | None = None  # the speaker's page, when the speaker is a named source


class FindingReview(BaseModel):
    """A reader's verdict on a conflict or drift (`retold.store.reviews`), kept beside the store."""

    verdict: str  # confirmed | dismissed
    note: str
    reviewer: str | None
    updated_at: str


class StoryConflict(BaseModel):
    """Two articles of the story that contradict each other."""

    id: str
    kind: str | None
    a: ConflictSide
    b: ConflictSide
    explanation: str | None
    finding_id: str = ""  # stable across re-ingest and re-link: what a review is kept under
    review: FindingReview | None = None


class StoryDrift(BaseModel):
    """How a claim changed from an earlier article to a later one."""

    id: str
    types: list[str]
    counted: str | None
    explanation: str | None
    origin: SpanRef
    later: SpanRef
    finding_id: str = ""  # stable across re-ingest and re-link: what a review is kept under
    review: FindingReview | None = None


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
    conflicts_href: str = ""  # the paged, filterable list of the story's conflicts (the page shows the first 100)
    drifts_href: str = ""
    hide: str | None = None  # "dismissed" on /story/{id}?hide=dismissed
    hidden: int = 0  # conflicts and drifts left out by ?hide=dismissed


class Reappearance(BaseModel):
    """A claim of this article and where the same claim appears in the story's other articles."""

    group_id: str
    kind: str | None
    key: str | None
    here: SpanRef
    elsewhere: list[SpanRef]


class ArticleConflict(BaseModel):
    """A conflict within one article (its record is in `analysis`), as a review names it."""

    id: str
    kind: str | None
    anchor: str  # the HTML id of its card on the article page
    finding_id: str
    review: FindingReview | None = None


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
    conflicts: list[ArticleConflict] = []  # the conflicts within the article, with their reviews
    hide: str | None = None  # "dismissed" on /article/{id}?hide=dismissed
    hidden: int = 0  # conflicts and drifts left out by ?hide=dismissed
