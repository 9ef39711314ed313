"""The Article and its stand-off annotation records: every record is a checked code-point range into Article.text."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from retold.intervals import compared_interval, interval_label, stated_of

SCHEMA = "retold.article/1"

AttributionMode = Literal["direct", "indirect", "mixed", "implicit"]
Polarity = Literal["assert", "deny"]
QuantityKind = Literal["point", "range", "lower_bound", "upper_bound", "vague", "proportion"]
HedgeType = Literal["approximator", "upper_bound", "lower_bound", "epistemic", "minimiser"]
ClaimType = Literal["quantity", "event", "quote", "denial", "prediction", "opinion", "question"]
ConflictKind = Literal["numeric", "denial", "scope"]
SourceKind = Literal["outlet", "person", "organisation", "link"]

# What an input says about itself is bounded where every reader meets it, the Article record: a hostile 2 MB title would
# otherwise be stored, repeated wherever the article is named and kept in the web app's cache. Each limit sits well
# above real values; nothing needs the full value (the article id hashes the text, the outlet is read from the url's
# host, and a DNS name stops at 253 characters).
TITLE_LIMIT = 300  # headlines run to about 120 characters; room for a kicker or subtitle glued on
OUTLET_LIMIT = 120  # "The Brannock Ledger", "Agence France-Presse": names, not sentences
AUTHOR_LIMIT = 200  # a byline of several names with their roles
URL_LIMIT = 2048  # the longest URL the sitemap protocol and common browsers and servers reliably accept
PUBLISHED_LIMIT = 64  # an ISO date with time and zone is 25 characters; a date as written stays readable
METADATA_LIMITS = {"title": TITLE_LIMIT, "outlet": OUTLET_LIMIT, "author": AUTHOR_LIMIT, "url": URL_LIMIT,
                   "published": PUBLISHED_LIMIT}
CUT = "…"  # ends a value that was cut, which is then exactly its limit long


def bound(value: str | None, limit: int) -> str | None:
    """The value when it fits in `limit` characters, else its first `limit - 1` characters and "…"."""
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1] + CUT


def was_cut(value: str | None, limit: int) -> bool:
    """Whether `bound` cut this value: a cut url is no address, so it must never become a link."""
    return value is not None and len(value) == limit and value.endswith(CUT)


def said_words(attribution: Attribution) -> str:
    """What a reader is shown as said: the content's parts joined by " … " when it has parts (“A,” says X, “B.”
    shows the two quotes, not the tag between them), else the content."""
    if attribution.content_parts:
        return " … ".join(part.text for part in attribution.content_parts)
    return attribution.content.text if attribution.content else ""


class SpanError(ValueError):
    """A record points outside its article's text, or its text does not match the range."""


@dataclass(frozen=True)
class Span:
    """A range [start, end) of code points in an article's text, with the text it covers."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end) or len(self.text) != self.end - self.start:
            raise SpanError(f"bad span {self.start}-{self.end} for {self.text!r}")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build a span over `text`, checking the range lies inside it."""
        if not (0 <= start <= end <= len(text)):
            raise SpanError(f"span {start}-{end} outside a text of {len(text)} code points")
        return cls(start, end, text[start:end])

    def overlaps(self, other: Span) -> bool:
        """True when the two ranges share at least one code point."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        """True when `other` lies inside this span."""
        return self.start <= other.start and other.end <= self.end

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Sentence:
    id: str
    span: Span
    paragraph: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.span.to_json(), "paragraph": self.paragraph}


@dataclass(frozen=True)
class Entity:
    span: Span
    label: str

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "label": self.label}


@dataclass(frozen=True)
class Speaker:
    """Who an attribution credits: the words used here, and the name shared by every mention of that source."""

    span: Span | None
    name: str
    kind: str = "unknown"  # person | organisation | group | outlet | pronoun | author | unknown

    def to_json(self) -> dict[str, Any]:
        base = self.span.to_json() if self.span else {"text": None, "start": None, "end": None}
        return {**base, "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class Attribution:
    id: str
    mode: AttributionMode
    polarity: Polarity
    speaker: Speaker | None
    cue: Span | None
    content: Span | None
    sentence: str | None = None
    content_parts: tuple[Span, ...] = ()
    nested_in: str | None = None
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mode": self.mode,
            "polarity": self.polarity,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "cue": self.cue.to_json() if self.cue else None,
            "content": self.content.to_json() if self.content else None,
            "content_parts": [p.to_json() for p in self.content_parts],
            "sentence": self.sentence,
            "nested_in": self.nested_in,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Hedge:
    span: Span
    type: HedgeType

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "type": self.type}


@dataclass(frozen=True)
class Quantity:
    """A number or vague amount as an interval, with the unit, what is counted and the hedges around it."""

    id: str
    span: Span  # the whole mention, e.g. "only a few dozen ISIS fighters"
    number: Span  # the number words, e.g. "a few dozen"
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    kind: QuantityKind
    unit: str | None
    counted: str | None
    hedges: tuple[Hedge, ...] = ()
    counted_span: Span | None = None
    attribution: str | None = None
    sentence: str | None = None
    # what the figure is about (quantities/frame.py): only figures with the same frame can be rival counts
    predicate: str | None = None  # the event it is an argument of, normalised: "killed", "injured", "expect"
    period: str | None = None  # a year or date its clause is tied to: "2018", "march 3", "last year"
    change: bool = False  # presented as a change or update: "rose to 31", "up from 12", "twelve more"
    modifier: bool = False  # measures a noun rather than counting it: "ten-storey building", "per 100,000 people"
    scope_of: str | None = None  # the words that make it a subset: "of the trucks", "of them", "in greece"

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise SpanError(f"quantity {self.id}: low {self.low} above high {self.high}")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.span.to_json(),
            "number": self.number.to_json(),
            "low": self.low,
            "high": self.high,
            "low_inclusive": self.low_inclusive,
            "high_inclusive": self.high_inclusive,
            "kind": self.kind,
            "unit": self.unit,
            "counted": self.counted,
            "counted_span": self.counted_span.to_json() if self.counted_span else None,
            "hedges": [h.to_json() for h in self.hedges],
            "attribution": self.attribution,
            "sentence": self.sentence,
            "predicate": self.predicate,
            "period": self.period,
            "change": self.change,
            "modifier": self.modifier,
            "scope_of": self.scope_of,
            "compared": self.compared_json(),
        }

    def compared_json(self) -> dict[str, Any]:
        """The interval conflicts and drift compare, and the text every report shows for it."""
        stated = stated_of(self)
        compared = compared_interval(stated)
        return {"low": compared.low, "high": compared.high, "low_inclusive": compared.low_inclusive,
                "high_inclusive": compared.high_inclusive, "text": interval_label(stated)}


@dataclass(frozen=True)
class Claim:
    """A check-worthy statement: who makes it (a named source or the article's own voice), its type and score."""

    id: str
    type: ClaimType
    span: Span
    speaker: str  # a speaker name, or "author" for the article's own voice
    attribution: str | None
    score: float
    hedges: tuple[Hedge, ...] = ()
    cues: tuple[Span, ...] = ()  # the words that made it an opinion, prediction, denial...
    quantities: tuple[str, ...] = ()
    sentence: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            **self.span.to_json(),
            "speaker": self.speaker,
            "attribution": self.attribution,
            "score": round(self.score, 3),
            "hedges": [h.to_json() for h in self.hedges],
            "cues": [c.to_json() for c in self.cues],
            "quantities": list(self.quantities),
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class ConflictSide:
    span: Span
    speaker: str
    record: str | None = None  # id of the quantity, attribution or claim it comes from

    def to_json(self) -> dict[str, Any]:
        return {**self.span.to_json(), "speaker": self.speaker, "record": self.record}


@dataclass(frozen=True)
class Conflict:
    id: str
    kind: ConflictKind
    a: ConflictSide
    b: ConflictSide
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "a": self.a.to_json(), "b": self.b.to_json(), "explanation": self.explanation}


@dataclass(frozen=True)
class Source:
    """An outlet, person or link the article relies on; `retelling` marks the outlet it presents itself as retelling."""

    kind: SourceKind
    name: str
    mentions: tuple[Span, ...] = ()
    url: str | None = None
    retelling: bool = False
    evidence: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "url": self.url,
            "retelling": self.retelling,
            "mentions": [m.to_json() for m in self.mentions],
            "evidence": self.evidence.to_json() if self.evidence else None,
        }


@dataclass(frozen=True)
class Link:
    """An outbound link kept from HTML: its anchor text and target (both bounded, as an article's own metadata is)."""

    url: str
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", bound(self.url, URL_LIMIT))
        object.__setattr__(self, "text", bound(self.text, TITLE_LIMIT))

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "text": self.text}


@dataclass
class Article:
    """One article: its text, where it came from (metadata cut to METADATA_LIMITS), and (once analysed) its records."""

    text: str
    source: str = "<text>"
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    links: tuple[Link, ...] = ()
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    analyser: dict[str, Any] = field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        # every assignment, not only __init__: readers fill and override metadata after building the record
        limit = METADATA_LIMITS.get(name)
        if limit is not None and isinstance(value, str):
            value = bound(value, limit)
        super().__setattr__(name, value)

    @property
    def id(self) -> str:
        """A content hash of the text: the same text is the same article wherever it came from."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def span(self, start: int, end: int) -> Span:
        """A checked span of this article's text."""
        return Span.of(self.text, start, end)

    def check(self) -> None:
        """Raise SpanError if any record's text does not match the article at its offsets."""
        for span in _all_spans(self):
            if span.end > len(self.text) or self.text[span.start : span.end] != span.text:
                raise SpanError(f"span {span.start}-{span.end} {span.text!r} does not match the article text")

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": {
                "id": self.id,
                "source": self.source,
                "title": self.title,
                "outlet": self.outlet,
                "published": self.published,
                "author": self.author,
                "url": self.url,
                "language": self.language,
                "links": [link.to_json() for link in self.links],
                "text": self.text,
            },
            "sentences": [s.to_json() for s in self.sentences],
            "entities": [e.to_json() for e in self.entities],
            "attributions": [a.to_json() for a in self.attributions],
            "quantities": [q.to_json() for q in self.quantities],
            "claims": [c.to_json() for c in self.claims],
            "conflicts": [c.to_json() for c in self.conflicts],
            "sources": [s.to_json() for s in self.sources],
            "analyser": self.analyser,
        }


def _all_spans(article: Article):
    for s in article.sentences:
        yield s.span
    for e in article.entities:
        yield e.span
    for a in article.attributions:
        for span in (a.speaker.span if a.speaker else None, a.cue, a.content, *a.content_parts):
            if span:
                yield span
    for q in article.quantities:
        yield q.span
        yield q.number
        if q.counted_span:
            yield q.counted_span
        for h in q.hedges:
            yield h.span
    for c in article.claims:
        yield c.span
        yield from c.cues
        for h in c.hedges:
            yield h.span
    for k in article.conflicts:
        yield k.a.span
        yield k.b.span
    for src in article.sources:
        yield from src.mentions
        if src.evidence:
            yield src.evidence


def article_from_json(data: dict[str, Any]) -> Article:
    """Rebuild an analysed Article from its `retold.article/1` JSON; every span is checked against the text again."""
    meta = data["article"]
    text = meta["text"]

    def span(obj: dict[str, Any] | None) -> Span | None:
        if not obj or obj.get("start") is None:
            return None
        built = Span.of(text, obj["start"], obj["end"])
        if obj.get("text") is not None and obj["text"] != built.text:
            raise SpanError(f"span {obj['start']}-{obj['end']} says {obj['text']!r} but the text there is {built.text!r}")
        return built

    def required(obj: dict[str, Any]) -> Span:
        # a record's own span, which the writer always stores; as before, its presence is not checked again here
        return cast(Span, span(obj))

    def hedges(items) -> tuple[Hedge, ...]:
        return tuple(Hedge(required(h), h["type"]) for h in items or ())

    def speaker(obj) -> Speaker | None:
        return Speaker(span(obj), obj.get("name") or "", obj.get("kind", "unknown")) if obj else None

    article = Article(
        text=text,
        source=meta.get("source") or "<text>",
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        published=meta.get("published"),
        author=meta.get("author"),
        url=meta.get("url"),
        language=meta.get("language"),
        links=tuple(Link(link["url"], link.get("text", "")) for link in meta.get("links", ())),
        analyser=data.get("analyser", {}),
    )
    article.sentences = [Sentence(s["id"], required(s), s.get("paragraph", 1)) for s in data.get("sentences", ())]
    article.entities = [Entity(required(e), e["label"]) for e in data.get("entities", ())]
    article.attributions = [
        Attribution(
            id=a["id"], mode=a["mode"], polarity=a["polarity"], speaker=speaker(a.get("speaker")), cue=span(a.get("cue")),
            content=span(a.get("content")), sentence=a.get("sentence"),
            content_parts=tuple(required(p) for p in a.get("content_parts", ())), nested_in=a.get("nested_in"),
            confidence=a.get("confidence", 1.0),
        )
        for a in data.get("attributions", ())
    ]
    article.quantities = [
        Quantity(
            id=q["id"], span=required(q), number=required(q["number"]), low=q["low"], high=q["high"],
            low_inclusive=q["low_inclusive"], high_inclusive=q["high_inclusive"], kind=q["kind"], unit=q.get("unit"),
            counted=q.get("counted"), hedges=hedges(q.get("hedges")), counted_span=span(q.get("counted_span")),
            attribution=q.get("attribution"), sentence=q.get("sentence"), predicate=q.get("predicate"),
            period=q.get("period"), change=q.get("change", False), modifier=q.get("modifier", False),
            scope_of=q.get("scope_of"),
        )
        for q in data.get("quantities", ())
    ]
    article.claims = [
        Claim(
            id=c["id"], type=c["type"], span=required(c), speaker=c["speaker"], attribution=c.get("attribution"),
            score=c.get("score", 0.0), hedges=hedges(c.get("hedges")), cues=tuple(required(s) for s in c.get("cues", ())),
            quantities=tuple(c.get("quantities", ())), sentence=c.get("sentence"),
        )
        for c in data.get("claims", ())
    ]
    article.conflicts = [
        Conflict(
            k["id"], k["kind"],
            ConflictSide(required(k["a"]), k["a"]["speaker"], k["a"].get("record")),
            ConflictSide(required(k["b"]), k["b"]["speaker"], k["b"].get("record")),
            k["explanation"],
        )
        for k in data.get("conflicts", ())
    ]
    article.sources = [
        Source(
            kind=s["kind"], name=s["name"], mentions=tuple(required(m) for m in s.get("mentions", ())), url=s.get("url"),
            retelling=s.get("retelling", False), evidence=span(s.get("evidence")),
        )
        for s in data.get("sources", ())
    ]
    return article
