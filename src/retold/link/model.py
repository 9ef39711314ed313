"""Records of the cross-article stages: near-duplicate pairs, stories, provenance edges, claim groups, conflicts, drifts,
stances.

Articles are named by `Article.id` (a content hash); a place in another article is an ArticleSpan.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NamedTuple

PairKind = Literal["repost", "partial", "summary"]
EdgeKind = Literal["repost", "partial", "summary", "citation"]
DriftType = Literal[
    "NUMBER_CHANGED", "RANGE_COLLAPSED", "AGGREGATED", "HEDGE_DROPPED", "HEDGE_ADDED", "HEDGE_CHANGED",
    "ATTRIBUTION_LOST", "ATTRIBUTION_CHANGED", "CATEGORY_CHANGED", "SCOPE_CHANGED", "NEW_CLAIM",
]
DRIFT_TYPES: tuple[str, ...] = DriftType.__args__  # type: ignore[attr-defined]
StanceLabel = Literal["agree", "disagree", "discuss", "unrelated"]
STANCE_LABELS: tuple[str, ...] = StanceLabel.__args__  # type: ignore[attr-defined]  # the order of the probabilities


@dataclass(frozen=True)
class ArticleSpan:
    """A range of code points in one article's text, named by the article's id."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DuplicatePair:
    """Two articles sharing text: `a` published no later than `b` when dates are known."""

    a: str
    b: str
    kind: PairKind
    similarity: float  # estimated Jaccard similarity of word shingles
    containment: float  # share of the shorter article's shingles found in the other
    evidence: str


@dataclass(frozen=True)
class Story:
    """Articles about the same event."""

    id: str
    label: str
    articles: tuple[str, ...]
    start: str | None = None  # earliest publication date (ISO) among its articles
    end: str | None = None
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvenanceEdge:
    """`target` draws on `source` (the earlier article), with the evidence for it."""

    story: str
    source: str
    target: str
    kind: EdgeKind
    evidence: str
    confidence: float = 1.0


@dataclass(frozen=True)
class ClaimMember:
    """One article's version of an aligned claim."""

    article: str
    record: str  # the quantity, attribution or claim id in that article
    span: ArticleSpan
    speaker: str
    low: float | None = None
    high: float | None = None
    hedges: tuple[str, ...] = ()
    polarity: str = "assert"


@dataclass(frozen=True)
class ClaimGroup:
    """Claims in a story about the same counted category or the same proposition."""

    id: str
    story: str
    kind: Literal["quantity", "proposition"]
    key: str  # the counted category ('fighter') or the proposition's key words ('deal')
    members: tuple[ClaimMember, ...]


@dataclass(frozen=True)
class CrossConflict:
    """Two articles of a story disagree: disjoint numbers, a denial against an assertion, a claim credited differently,
    two culprits named for what happened, two days given for it, or none of a thing against some."""

    id: str
    story: str
    kind: Literal["numeric", "denial", "speaker", "cause", "date", "degree"]
    a: ClaimMember
    b: ClaimMember
    explanation: str


@dataclass(frozen=True)
class Drift:
    """How a later article's words depart from the earlier article's words they retell."""

    id: str
    story: str
    span: ArticleSpan  # in the later article
    origin: ArticleSpan  # in the earlier article it departs from
    types: tuple[str, ...]
    counted: str | None
    explanation: str

    def __post_init__(self) -> None:
        unknown = [t for t in self.types if t not in DRIFT_TYPES]
        if unknown or not self.types:
            raise ValueError(f"drift {self.id}: unknown or missing types {unknown or self.types}")


@dataclass(frozen=True)
class Stance:
    """An article's stance toward the claim of an aligned claim group of its story, with the stance model's probabilities."""

    story: str
    group: str
    article: str
    label: StanceLabel
    claim: ArticleSpan  # the words the stance is toward: the sentence of the group's earliest member
    agree: float
    disagree: float
    discuss: float
    unrelated: float

    def __post_init__(self) -> None:
        if self.label not in STANCE_LABELS:
            raise ValueError(f"stance of {self.article} toward {self.group}: unknown label {self.label!r}")


class StoryTrace(NamedTuple):
    """What tracing one story finds: its provenance edges, aligned claim groups, conflicts, drifts and stances."""

    edges: list[ProvenanceEdge]
    groups: list[ClaimGroup]
    conflicts: list[CrossConflict]
    drifts: list[Drift]
    stances: list[Stance]


@dataclass
class LinkResult:
    """Everything the cross-article stages found in one run."""

    pairs: list[DuplicatePair] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    edges: list[ProvenanceEdge] = field(default_factory=list)
    groups: list[ClaimGroup] = field(default_factory=list)
    conflicts: list[CrossConflict] = field(default_factory=list)
    drifts: list[Drift] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        names = ("pairs", "stories", "edges", "groups", "conflicts", "drifts", "stances")
        return {name: [asdict(record) for record in getattr(self, name)] for name in names}
