"""The HTML report: one self-contained page; Python builds plain view records, Jinja2 (autoescaped) writes every tag."""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from jinja2 import Environment, PackageLoader, StrictUndefined

from retold.model import Article, Span, said_words
from retold.report.terminal import THE_ARTICLE
from retold.report.terminal import voice as voice_of
from retold.report.views import (
    anchor_id,
    attribution_index,
    claims_by_score,
    format_interval,
    quantity_speaker,
    safe_url,
    shorten,
    speaker_name,
    title_line,
)

TOP_CLAIMS = 10
TOP_CONFLICTS = 3  # the rest fold away so the annotated text stays near the top
# when several highlights cover the same text, the link goes to the narrowest; on a tie, to the earlier kind here
KIND_ORDER = ("hedge", "quantity", "cue", "speaker", "conflict", "content", "focus")
FOCUS = "focus"  # the stretch a link asked to see (the web app's ?span=): highlighted, with the anchor focus-text
# the page may not run scripts, load anything, or post anywhere; only its own inline styles apply
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
# the kinds a reader can switch on and off in the text, in the order of the switches: (kind, words on the switch)
TOGGLES = (("speaker", "speakers"), ("cue", "cues"), ("content", "what was said"), ("quantity", "numbers"),
           ("hedge", "hedges"), ("conflict", "conflicts"))
# internal labels of records and how pages say them (the JSON keeps the labels)
NOT_NAMED = "not named"
LABEL_WORDS = {
    "point": "one figure", "range": "a range", "lower_bound": "at least", "upper_bound": "at most", "vague": "a vague amount",
    "proportion": "a share", "approximator": "about", "epistemic": "uncertain", "minimiser": "only",
    "direct": "direct quote", "indirect": "reported speech", "mixed": "partly quoted", "implicit": "implied",
}
_COUNTED_AS = re.compile(r"both count “([^”]*)” \([^)]*\)")
# "own" where an explanation names a voice: "credited to own in one article", "and to own in the other", "own denies it"
_OWN_VOICE = re.compile(r"(?<=credited to )own\b|(?<=and to )own\b|^own(?= denies)")


@dataclass(frozen=True)
class Mark:
    """One highlight: a range of the text, its kind (a CSS class), the record it links to and its hover text."""

    start: int
    end: int
    kind: str
    target: str
    detail: str


@dataclass(frozen=True)
class Segment:
    """A stretch of text between two boundaries, covered by the same set of highlights."""

    text: str
    classes: tuple[str, ...] = ()
    target: str | None = None
    title: str = ""
    anchors: tuple[str, ...] = ()


@dataclass
class ArticleView:
    """Everything the article template shows, with anchors resolved and intervals formatted."""

    number: int
    anchor: str
    article: Article
    title: str
    segments: list[Segment]
    attributions: list[dict] = field(default_factory=list)
    speakers: list[tuple[str, int]] = field(default_factory=list)
    quantities: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    top_claims: int = TOP_CLAIMS
    conflicts: list[dict] = field(default_factory=list)
    top_conflicts: int = TOP_CONFLICTS
    sources: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    url: str | None = None
    focused: bool = False  # a passage is highlighted as the one a link pointed to
    toggles: tuple[tuple[str, str], ...] = TOGGLES
    speaker_links: dict[str, str] = field(default_factory=dict)  # speaker name -> their page (the web app gives them)


def render_html(articles: list[Article]) -> str:
    """One self-contained HTML page (no scripts, nothing loaded from elsewhere) showing each analysed article."""
    views = [build_article_view(article, number) for number, article in enumerate(articles, start=1)]
    version = next((a.analyser.get("retold") for a in articles if a.analyser.get("retold")), None)
    page = template_environment().get_template("page.html.j2")
    return page.render(views=views, csp=CONTENT_SECURITY_POLICY, version=version)


@functools.lru_cache(maxsize=1)
def template_environment() -> Environment:
    """The Jinja2 environment for report templates; the web app includes article.html.j2 through the same loader."""
    environment = Environment(
        loader=PackageLoader("retold.report", "templates"),
        autoescape=True,  # every template, whatever its file name: article text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # the records keep their internal labels (the JSON twins and exports show them); pages say them in words
    environment.filters.update(voice=voice_words, label=label_words, explained=explanation_words)
    return environment


def voice_words(voice: str | None) -> str:
    """Who speaks, as a reader says it: as the terminal says it (report.terminal.voice), and 'not named' for nobody."""
    return voice_of(voice) or NOT_NAMED


def label_words(label: str | None) -> str:
    """A kind of figure or hedge in words: 'upper_bound' -> 'at most'; an unknown label loses its underscores."""
    if not label:
        return ""
    return LABEL_WORDS.get(label, label.replace("_", " "))


def explanation_words(text: str | None) -> str:
    """An explanation of the link stage without its internal names: voices in words, no predicate tags."""
    if not text:
        return ""
    text = _COUNTED_AS.sub(r"both count “\1”", text)  # "(miss)": the normalised verb, not words a reader knows
    text = re.sub(r"\boutlet:", "", text)
    return _OWN_VOICE.sub(THE_ARTICLE, text)


def build_article_view(article: Article, number: int = 1, focus: tuple[int, int] | None = None,
                       speaker_href: Callable[[str | None, str | None], str | None] | None = None) -> ArticleView:
    """The view of one article; `number` keeps anchors unique when a page shows several; `focus` highlights a range;
    `speaker_href(name, kind)` gives a speaker's page, where the page showing the view has them."""

    def anchor(record_id: str) -> str:
        return anchor_id(number, record_id)

    attributions = attribution_index(article)
    marks = _marks(article, anchor)
    focused = focus_within(article, focus)
    if focused:
        assert focus is not None  # focus_within is false without one
        marks.append(Mark(focus[0], focus[1], FOCUS, FOCUS, "The passage the link pointed to"))
    anchors = _text_anchors(article, marks, anchor)
    view = ArticleView(
        number=number,
        anchor=f"article-{number}",
        article=article,
        title=title_line(article),
        segments=split_into_segments(article.text, marks, anchors),
        url=safe_url(article.url),
        focused=focused,
    )
    counts: dict[str, int] = defaultdict(int)

    def link(name: str | None, kind: str | None = None) -> str | None:
        href = speaker_href(name, kind) if speaker_href and name else None
        if href:
            assert name is not None  # a speaker's page is asked for only by name
            view.speaker_links[name] = href
        return href

    for record in sorted(article.attributions, key=_attribution_start):
        counts[speaker_name(record)] += 1
        content = said_words(record)
        view.attributions.append(
            {
                "record": record,
                "anchor": anchor(record.id),
                "speaker": speaker_name(record),
                "speaker_kind": record.speaker.kind if record.speaker else "",
                "speaker_href": link(record.speaker.name, record.speaker.kind) if record.speaker else None,
                "content": content,
                "nested_in": anchor(record.nested_in) if record.nested_in else None,
            }
        )
    view.speakers = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for quantity in sorted(article.quantities, key=lambda q: q.span.start):
        view.quantities.append(
            {
                "record": quantity,
                "anchor": anchor(quantity.id),
                "interval": format_interval(quantity),
                "speaker": quantity_speaker(quantity, attributions),
                "speaker_href": _speaker_href_of(attributions.get(quantity.attribution or ""), link),
                "attribution": anchor(quantity.attribution) if quantity.attribution in attributions else None,
            }
        )
    for claim in claims_by_score(article):
        view.claims.append(
            {"record": claim, "anchor": anchor(claim.id), "percent": round(max(0.0, min(1.0, claim.score)) * 100),
             "speaker_href": _speaker_href_of(attributions.get(claim.attribution or ""), link)}
        )
    for conflict in article.conflicts:
        view.conflicts.append({"record": conflict, "anchor": anchor(conflict.id)})
    for source in article.sources:
        evidence = shorten(source.evidence.text, 200) if source.evidence else ""
        view.sources.append({"record": source, "href": safe_url(source.url), "evidence": evidence})
    known = {source.url for source in article.sources if source.url}
    for outbound in article.links:
        if outbound.url not in known:
            view.links.append({"text": outbound.text, "url": outbound.url, "href": safe_url(outbound.url)})
    return view


def focus_within(article: Article, focus: tuple[int, int] | None) -> bool:
    """Whether a passage asked for (START-END) is a non-empty range inside the article's text."""
    return focus is not None and 0 <= focus[0] < focus[1] <= len(article.text)


def split_into_segments(text: str, marks: list[Mark], anchors: dict[int, list[str]]) -> list[Segment]:
    """Cut the text at every highlight boundary; each piece carries the classes of all highlights covering it."""
    boundaries = {0, len(text)}
    starting: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        if 0 <= mark.start < mark.end <= len(text):
            boundaries.update((mark.start, mark.end))
            starting[mark.start].append(mark)
    boundaries.update(position for position in anchors if 0 <= position <= len(text))
    ordered = sorted(boundaries)
    segments: list[Segment] = []
    active: list[Mark] = []
    for low, high in pairwise(ordered):
        # every start and end is a boundary, so a mark active at `low` covers the whole piece up to `high`
        active = [mark for mark in active if mark.end > low] + starting.get(low, [])
        segments.append(_segment(text[low:high], active, tuple(anchors.get(low, ()))))
    if anchors.get(len(text)):  # a record that starts at the very end still needs its anchor
        segments.append(Segment("", anchors=tuple(anchors[len(text)])))
    return segments


def _segment(text: str, covering: list[Mark], anchors: tuple[str, ...]) -> Segment:
    if not covering:
        return Segment(text, anchors=anchors)
    kinds = {mark.kind for mark in covering}
    classes = [kind for kind in KIND_ORDER if kind in kinds]
    if sum(mark.kind == "content" for mark in covering) > 1:
        classes.append("nested")  # a quote inside a quote gets a deeper shade
    innermost = min(covering, key=lambda m: (m.end - m.start, KIND_ORDER.index(m.kind)))
    details = list(dict.fromkeys(mark.detail for mark in sorted(covering, key=lambda m: KIND_ORDER.index(m.kind))))
    return Segment(text, tuple(classes), innermost.target, "\n".join(details), anchors)


def _marks(article: Article, anchor) -> list[Mark]:
    marks: list[Mark] = []
    seen: set[tuple[int, int, str]] = set()

    def add(span: Span | None, kind: str, target: str, detail: str) -> None:
        if span is None or span.start >= span.end or (span.start, span.end, kind) in seen:
            return
        seen.add((span.start, span.end, kind))
        marks.append(Mark(span.start, span.end, kind, target, detail))

    attributions = attribution_index(article)
    for record in article.attributions:
        who = speaker_name(record) if record.speaker else "an unnamed speaker"
        how = f"{record.mode}, {'denies' if record.polarity == 'deny' else 'asserts'}"
        if record.speaker:
            add(record.speaker.span, "speaker", anchor(record.id), f"Speaker: {who} ({record.speaker.kind}) · {record.id}")
        add(record.cue, "cue", anchor(record.id), f"Cue of {who}'s {how} statement · {record.id}")
        for part in record.content_parts or ((record.content,) if record.content else ()):
            add(part, "content", anchor(record.id), f"What {who} said ({how}) · {record.id}")
    for quantity in article.quantities:
        unit = f" {quantity.unit}" if quantity.unit else ""
        counted = f" of {quantity.counted}" if quantity.counted else ""
        speaker = quantity_speaker(quantity, attributions)
        detail = (f"Number: {format_interval(quantity)}{unit}{counted} · {label_words(quantity.kind)} · "
                  f"given by {voice_words(speaker)} · {quantity.id}")
        add(quantity.span, "quantity", anchor(quantity.id), detail)
        for hedge in quantity.hedges:
            add(hedge.span, "hedge", anchor(quantity.id), f"Hedge ({label_words(hedge.type)}) on {quantity.id}")
    for claim in article.claims:
        for hedge in claim.hedges:
            add(hedge.span, "hedge", anchor(claim.id), f"Hedge ({label_words(hedge.type)}) on claim {claim.id}")
    for conflict in article.conflicts:
        for side, other in ((conflict.a, conflict.b), (conflict.b, conflict.a)):
            detail = f"Conflict ({conflict.kind}): {voice_words(side.speaker)} vs {voice_words(other.speaker)} · {conflict.id}"
            add(side.span, "conflict", anchor(conflict.id), detail)
    return marks


def _text_anchors(article: Article, marks: list[Mark], anchor) -> dict[int, list[str]]:
    """Where each record first appears in the text, so its table row can link back to it."""
    first: dict[str, int] = {}
    for mark in marks:
        first[mark.target] = min(first.get(mark.target, mark.start), mark.start)
    for claim in article.claims:
        first.setdefault(anchor(claim.id), claim.span.start)
    for conflict in article.conflicts:
        first[anchor(conflict.id) + "-a"] = conflict.a.span.start
        first[anchor(conflict.id) + "-b"] = conflict.b.span.start
    anchors: dict[int, list[str]] = defaultdict(list)
    for target, position in sorted(first.items(), key=lambda item: item[1]):
        anchors[position].append(f"{target}-text")
    return anchors


def _speaker_href_of(attribution, link) -> str | None:
    """The page of the speaker of a record's attribution, when it has one."""
    if attribution is None or attribution.speaker is None:
        return None
    return link(attribution.speaker.name, attribution.speaker.kind)


def _attribution_start(record) -> int:
    spans = [s for s in (record.content, record.cue, record.speaker.span if record.speaker else None) if s]
    return min((s.start for s in spans), default=0)
