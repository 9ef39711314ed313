"""Drift along provenance edges: how each later article's figures and attributions depart from the words they retell.

Drift is measured against what the source said in the words the later text retells (link/retelling.py), not against
every figure of a linked article; a figure the later text presents as an update ("has since risen to 31") is news,
not drift.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from retold.analyze.categories import comparable_interval, format_interval
from retold.analyze.quantities.frame import FAMILY_NAMES
from retold.analyze.quantities.units import DURATIONS
from retold.link.alignment import (
    OWN,
    PropositionClaim,
    QuantityClaim,
    article_span,
    credited,
    key_words,
    nominal,
    overlap,
    same_proposition,
    same_speaker,
    sentence_of,
)
from retold.link.blame import made_fact
from retold.link.culprits import StoryCulprits
from retold.link.eventdates import changed_days
from retold.link.model import Drift, ProvenanceEdge
from retold.link.retelling import (
    SentenceWords,
    event_words,
    is_update,
    one_period,
    other_places,
    retells_whole,
    retold_sentence,
    same_event,
)
from retold.model import Article, Quantity
from retold.wording import unquoted

RETOLD_FIGURES = 0.5  # share of a later text's counted figures retelling a parent's that makes it a retelling of it
MAX_SUMMANDS = 3  # "50 trucks and 13 buses" -> "63 vehicles": sums of more figures than this are coincidences
# how a figure is bounded, in words: "at least 500" and "about 500" give one number but not one claim
BOUND_WORDS = {"lower_bound": "a lower bound", "upper_bound": "an upper bound", "point": "a figure", "range": "a range"}


@dataclass(frozen=True)
class _Parent:
    """A source of a later article, and whether the later text retells it as a whole (see retells_whole)."""

    source: str
    whole: bool


@dataclass(frozen=True)
class _Found:
    """One drift before it is numbered: the later and earlier quantity (or span), its types and explanation."""

    target: str
    span: tuple[int, int]
    source: str
    origin: tuple[int, int]
    types: tuple[str, ...]
    counted: str | None
    explanation: str


def find_drifts(
    story: str,
    articles: Mapping[str, Article],
    edges: Sequence[ProvenanceEdge],
    quantities: Mapping[str, list[QuantityClaim]],
    propositions: Mapping[str, list[PropositionClaim]],
    culprits: StoryCulprits | None = None,
) -> list[Drift]:
    """Typed drifts of each later article against the words of its parents it retells; in a text that retells a
    parent as a whole, a figure no ancestor gave is a NEW_CLAIM; and, given the story's `culprits`, who did it stated as
    fact where the first report credited it to a source."""
    parents: dict[str, list[_Parent]] = {}
    for edge in edges:
        parents.setdefault(edge.target, []).append(_Parent(edge.source, retells_whole(edge, articles)))
    sources = {target: [p.source for p in line] for target, line in parents.items()}
    words = SentenceWords(articles)
    found: list[_Found] = []
    for target, line in parents.items():
        ancestors = _ancestors(target, sources)
        # a figure presented as a later update departs from the source on purpose: it is news, not drift
        later = [c for c in quantities.get(target, []) if not is_update(c, articles[target])]
        departures = [[_departure(claim, parent, quantities, words) for parent in line] for claim in later]
        retellings = [p.source for i, p in enumerate(line) if p.whole and _retells_figures(later, [row[i] for row in departures])]
        for claim, row in zip(later, departures):
            found.extend(_quantity_drift(claim, row, retellings, ancestors, articles, quantities))
        found.extend(_attribution_drifts(target, line, articles, propositions, quantities, words))
    found.extend(_first_report_drifts(articles, quantities, words, {(f.target, f.span) for f in found}))
    if culprits is not None:
        found.extend(_Found(m.stated.article, (m.stated.span.start, m.stated.span.end), m.origin.article,
                            (m.origin.sentence.span.start, m.origin.sentence.span.end), ("ATTRIBUTION_LOST",), None, m.explanation)
                     for m in made_fact(articles, culprits))
        found.extend(_Found(odd.article, (odd.span.start, odd.span.end), first.article, (first.span.start, first.span.end),
                            ("NUMBER_CHANGED",), None, explanation)
                     for odd, first, explanation in changed_days(articles, culprits.known.places))
    found.sort(key=lambda f: (f.target, f.span, f.source))
    drifts = []
    for index, item in enumerate(found, 1):
        target_article, source_article = articles[item.target], articles[item.source]
        drifts.append(Drift(
            f"{story}:D{index}", story, article_span(item.target, target_article.span(*item.span)),
            article_span(item.source, source_article.span(*item.origin)), item.types, item.counted, item.explanation,
        ))
    return drifts


def _first_report_drifts(articles: Mapping[str, Article], quantities, words: SentenceWords, done: set) -> list[_Found]:
    """Figures retold without a traced parent, against the story's first report of the same figure by a named source.

    Most retellings of a toll do not copy the first report's words, so no provenance edge reaches them; the fact still
    has an origin: the earliest article (by publication date) crediting that figure of that event to a source. A later
    figure of the same event and quantity (same predicate, period and scope; an interval that meets the origin's) departs
    from it when it states the figure as fact (ATTRIBUTION_LOST), or, still credited to that same source, retells it with
    another bound, number, hedge or counted noun. Another source giving an agreeing figure is corroboration, not drift."""
    found: list[_Found] = []
    credited_claims = [c for claims in quantities.values() for c in claims if credited(c.voice) and _first_report_kind(c)]
    for target, claims in quantities.items():
        for claim in claims:
            if (target, (claim.quantity.span.start, claim.quantity.span.end)) in done or not _first_report_kind(claim):
                continue
            if is_update(claim, articles[target]):
                continue
            lost = claim.voice == OWN
            origins = [c for c in credited_claims if c.article != target and _before(articles[c.article], articles[target], lost)
                       and _same_figure_of_one_event(claim, c, articles, words)]
            if not origins:
                continue
            if not lost and not any(same_speaker(claim.voice, c.voice) for c in origins):
                continue  # another source giving an agreeing figure: corroboration, not a retelling
            candidates = origins if lost else [c for c in origins if same_speaker(claim.voice, c.voice)]
            # the earliest day's reports; among them the one this figure departs from least (as along provenance)
            first_day = min((articles[c.article].published or "9999")[:10] for c in candidates)
            candidates = [c for c in candidates if (articles[c.article].published or "9999")[:10] == first_day]
            compared = {id(c): _compare(claim, c) for c in candidates}
            origin = min(candidates, key=lambda c: (len(compared[id(c)].types) + (not claim.same_category(c)), -claim.context(c),
                                                    c.article, c.quantity.span.start))
            departure = compared[id(origin)]
            types = list(departure.types)
            explanation = departure.explanation
            if not claim.same_category(origin):
                types.insert(0, "CATEGORY_CHANGED")
                counted = f"“{claim.label}” where the first report counted “{origin.label}”"
                # the same figure with another counted noun has no other departure to explain: the figures lead
                explanation = f"{explanation}; {counted}" if explanation else (
                    f"“{_quote(origin.quantity.span.text)}” → “{_quote(claim.quantity.span.text)}”: {counted}")
            if types:
                outlet = articles[origin.article].outlet or "an earlier article"
                found.append(_Found(departure.target, departure.span, departure.source, departure.origin, tuple(types), claim.label,
                                    f"against the story's first report ({outlet}): {explanation}"))
    return found


def _first_report_kind(claim: QuantityClaim) -> bool:
    """A figure that can have a first report: a count of one of the known kinds of event (killed, injured, evacuated...)."""
    quantity = claim.quantity
    return claim.category is not None and quantity.predicate in FAMILY_NAMES and quantity.kind != "proportion" and not quantity.modifier


def _before(source: Article, target: Article, same_day: bool) -> bool:
    """Whether `source` is known to come first: published earlier, or (`same_day`) on the same day.

    A figure stated as fact on the day a source was credited with it has lost that credit whoever printed first; two
    credited retellings of one day cannot be told apart in time, so neither is the other's origin."""
    if not source.published or not target.published:
        return not target.published and bool(source.published)  # an undated page comes after any dated report
    mine, theirs = source.published[:10], target.published[:10]
    return mine < theirs or (same_day and mine == theirs)


def _same_figure_of_one_event(claim: QuantityClaim, origin: QuantityClaim, articles: Mapping[str, Article], words: SentenceWords) -> bool:
    """One figure of one event in two articles: counts of one predicate and period whose intervals meet, in sentences
    sharing a word of what happened.

    Looser than the test two disjoint figures must pass to conflict (retelling.same_fact): independent reports of one
    toll word it their own way ("a blast at a Gaza City hospital", "an explosion in the Gaza Strip"), and a figure
    that agrees with the first report's is far more likely its retelling than another event's count. A place given
    on one side only ("killed at the hospital") narrows nothing the other side said."""
    later, earlier = claim.quantity, origin.quantity
    if later.predicate != earlier.predicate or later.change or earlier.change:
        return False
    if later.scope_of and earlier.scope_of and later.scope_of != earlier.scope_of:
        return False
    if not one_period(articles[claim.article], later, articles[origin.article], earlier):
        return False
    if other_places(words.of(claim.article, claim.sentence), words.of(origin.article, origin.sentence)):
        return False
    if not event_words(articles[claim.article], later, words) & event_words(articles[origin.article], earlier, words):
        return False
    low1, high1 = comparable_interval(claim.quantity)
    low2, high2 = comparable_interval(origin.quantity)
    if low1 is None or low2 is None:
        return False
    return low1 <= (high2 if high2 is not None else low2 * 2) and low2 <= (high1 if high1 is not None else low1 * 2)


def _ancestors(article: str, parents: Mapping[str, list[str]]) -> list[str]:
    seen: list[str] = []
    todo = list(parents.get(article, []))
    while todo:
        current = todo.pop(0)
        if current not in seen:
            seen.append(current)
            todo.extend(parents.get(current, []))
    return seen


def _departure(claim: QuantityClaim, parent: _Parent, quantities, words: SentenceWords) -> _Found | None:
    """How one later figure departs from the parent's figure it retells (no types when it repeats it), or None."""
    earlier = [c for c in quantities.get(parent.source, []) if _retold(claim, c, parent.whole, words)]
    origin = _origin(claim, earlier)
    if origin is not None:
        return _compare(claim, origin)
    summed = _aggregate(claim, quantities.get(parent.source, []), parent.whole, words)
    if summed is not None:
        return summed
    return _category_change(claim, earlier)


def _retells_figures(later: list[QuantityClaim], departures: list[_Found | None]) -> bool:
    """Whether most of the later text's figures retell the parent's: a retelling of it, not a report citing it once."""
    counted = [d for claim, d in zip(later, departures) if claim.category is not None]
    return bool(counted) and sum(1 for d in counted if d is not None) >= RETOLD_FIGURES * len(counted)


def _quantity_drift(claim: QuantityClaim, departures: list[_Found | None], retellings: list[str], ancestors, articles, quantities) -> list[_Found]:
    """The drift of one later figure against its best origin among the parents (the one it departs from least)."""
    options = [d for d in departures if d is not None]
    if options:
        best = min(options, key=lambda f: len(f.types))
        return [best] if best.types else []
    # NEW_CLAIM only in a text retelling its source as a whole (it names or reposts it, and most of its figures are
    # the source's): an article that reuses some passages, or cites a source for one point, reports its own news around
    # them, and its own figures are not claims the source failed to make
    if claim.category is None or not retellings or any(_origin(claim, quantities.get(a, [])) for a in ancestors):
        return []
    if claim.quantity.kind == "vague" and claim.quantity.unit in DURATIONS:
        return []  # "a few weeks", "several days": a manner of telling time, no figure a source failed to give
    source = retellings[0]
    origin = _closest_sentence(claim, articles[source])
    quantity = claim.quantity
    explanation = f"“{_quote(quantity.span.text)}” ({format_interval(quantity)}, counting {claim.label}): no earlier article in its line gives this figure"
    return [_Found(claim.article, (quantity.span.start, quantity.span.end), source, origin, ("NEW_CLAIM",), claim.label, explanation)]


def _retold(claim: QuantityClaim, candidate: QuantityClaim, whole: bool, words: SentenceWords) -> bool:
    """Whether the later figure's sentence retells the earlier figure's: the only place a figure can drift from another.

    Two figures of one category anywhere in two linked articles are not one claim retold: a follow-up reports new
    figures beside a reused paragraph, and interviews on one template give different answers. The later sentence must
    repeat the earlier one's content words, or, in a text retelling the source as a whole, state the same fact."""
    if retold_sentence(words.of(claim.article, claim.sentence), words.of(candidate.article, candidate.sentence), whole):
        return True
    return whole and same_event(claim, candidate, words)


def _origin(claim: QuantityClaim, earlier: list[QuantityClaim]) -> QuantityClaim | None:
    """The earlier quantity this one retells: same category, and the same figure or a similar clause."""
    best, best_key = None, None
    for candidate in earlier:
        if not claim.same_category(candidate):
            continue
        same_figure = nominal(candidate.quantity) == nominal(claim.quantity)
        context = claim.context(candidate)
        if not same_figure and context == 0:
            continue  # same kind of thing counted, but said of something else ("missing" against "died")
        key = (context + (1.0 if same_figure else 0.0), -candidate.quantity.span.start)
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


def _compare(claim: QuantityClaim, origin: QuantityClaim) -> _Found:
    later, earlier = claim.quantity, origin.quantity
    types: list[str] = []
    notes: list[str] = []
    if _is_whole(later) != _is_whole(earlier):
        types.append("SCOPE_CHANGED")
        notes.append("a whole (all/none) where the source counted some" if _is_whole(later) else "a count where the source spoke of the whole")
    elif earlier.kind == "range" and later.kind == "point" and _within(later.low, earlier):
        types.append("RANGE_COLLAPSED")
        notes.append(f"the range {format_interval(earlier)} became {format_interval(later)}")
    elif nominal(later) != nominal(earlier):
        types.append("NUMBER_CHANGED")
        notes.append(f"{format_interval(earlier)} became {format_interval(later)}")
    elif earlier.kind != later.kind and {earlier.kind, later.kind} <= set(BOUND_WORDS):
        types.append("NUMBER_CHANGED")  # "at least 500" -> "about 500": the same number, no longer the same claim
        notes.append(f"{BOUND_WORDS[earlier.kind]} became {BOUND_WORDS[later.kind]} ({format_interval(earlier)} → {format_interval(later)})")
    hedge_type = _hedge_change(earlier, later)
    if hedge_type:
        types.append(hedge_type)
        notes.append(_hedge_note(hedge_type, earlier, later))
    attribution = _attribution_change(origin.voice, claim.voice)
    if attribution:
        types.append(attribution)
        notes.append(_attribution_note(attribution, origin.voice, claim.voice))
    explanation = f"“{_quote(earlier.span.text)}” → “{_quote(later.span.text)}”: " + "; ".join(notes) if notes else ""
    return _Found(
        claim.article, (later.span.start, later.span.end), origin.article, (earlier.span.start, earlier.span.end),
        tuple(types), claim.label, explanation,
    )


def _aggregate(claim: QuantityClaim, earlier: list[QuantityClaim], whole: bool, words: SentenceWords) -> _Found | None:
    """Several earlier figures of a sentence this one retells, summed ('28 cars and 11 tractors' -> '39 vehicles')."""
    value = nominal(claim.quantity)
    if claim.quantity.kind != "point" or value[0] is None or claim.category is None:
        return None  # only counts add up to a wider count: "75 mph (120 km/h)" is one speed in two units, not 195
    by_sentence: dict[int, list[QuantityClaim]] = {}
    for candidate in earlier:
        if candidate.quantity.kind == "point" and candidate.quantity.low is not None and candidate.category is not None:
            by_sentence.setdefault(candidate.sentence.start, []).append(candidate)
    later = words.of(claim.article, claim.sentence)
    for group in by_sentence.values():
        # a sum is read only where the sentence is retold: figures of other sentences add up by chance
        if not retold_sentence(later, words.of(group[0].article, group[0].sentence), whole):
            continue
        for size in range(2, min(MAX_SUMMANDS, len(group)) + 1):
            for parts in combinations(group, size):
                # every candidate kept above has a low bound, a narrowing mypy cannot follow
                if sum(p.quantity.low for p in parts) != value[0] or len({p.label for p in parts}) < size:  # type: ignore[misc]
                    continue
                start, end = min(p.quantity.span.start for p in parts), max(p.quantity.span.end for p in parts)
                summands = " + ".join(f"“{_quote(p.quantity.span.text)}”" for p in parts)
                types = ["AGGREGATED"]
                notes = [f"{summands} summed into “{_quote(claim.quantity.span.text)}”"]
                attribution = _attribution_change(parts[0].voice, claim.voice)
                if attribution:
                    types.append(attribution)
                    notes.append(_attribution_note(attribution, parts[0].voice, claim.voice))
                return _Found(claim.article, (claim.quantity.span.start, claim.quantity.span.end), parts[0].article,
                              (start, end), tuple(types), claim.label, "; ".join(notes))
    return None


def _category_change(claim: QuantityClaim, earlier: list[QuantityClaim]) -> _Found | None:
    """The same figure said of another category, in a clause about the same thing ('300 residents' -> '300 workers')."""
    value = nominal(claim.quantity)
    if value[0] is None:
        return None
    matches = [c for c in earlier if nominal(c.quantity) == value and c.category is not None and claim.context(c) > 0]
    if claim.category is None or not matches:
        return None
    origin = max(matches, key=lambda c: (claim.context(c), -c.quantity.span.start))
    found = _compare(claim, origin)
    note = f"the same figure now counts “{claim.label}” where the source counted “{origin.label}”"
    explanation = f"“{_quote(origin.quantity.span.text)}” → “{_quote(claim.quantity.span.text)}”: {note}"
    if found.types:
        explanation += "; " + found.explanation.split(": ", 1)[1]
    return _Found(found.target, found.span, found.source, found.origin, ("CATEGORY_CHANGED", *found.types), claim.label, explanation)


def _attribution_drifts(target, parents: list[_Parent], articles, propositions, quantities, words) -> list[_Found]:
    """Statements credited to another speaker than in the source, or stated as fact what the source attributed."""
    found = []
    covered = [c.quantity.span for c in quantities.get(target, [])]
    for claim in propositions.get(target, []):
        if claim.polarity != "assert" or any(claim.span.contains(span) for span in covered):
            continue  # a statement carrying a figure drifts through its figure
        later = words.of(target, sentence_of(articles[target], claim.span))
        for parent in parents:
            source = parent.source
            # the same statement in a sentence that retells the source's: shared names alone make no retelling
            matches = [
                p for p in propositions.get(source, []) if p.polarity == "assert" and same_proposition(claim, p)
                and retold_sentence(later, words.of(source, sentence_of(articles[source], p.span)), parent.whole)
            ]
            if not matches:
                continue
            origin = max(matches, key=lambda p: overlap(claim.words, p.words))
            kind = _attribution_change(origin.voice, claim.voice)
            if kind != "ATTRIBUTION_CHANGED":
                break  # agreeing with one parent is enough
            explanation = f"“{_quote(origin.span.text)}” → “{_quote(claim.span.text)}”: {_attribution_note(kind, origin.voice, claim.voice)}"
            found.append(_Found(target, (claim.span.start, claim.span.end), source, (origin.span.start, origin.span.end),
                                (kind,), None, explanation))
            break
    return found


def _attribution_change(earlier: str, later: str) -> str | None:
    """ATTRIBUTION_LOST when a named source's words become the article's own; ATTRIBUTION_CHANGED for another speaker."""
    if earlier == OWN:
        return None  # the source's own reporting may be credited to it, or retold plainly
    if later == OWN:
        return "ATTRIBUTION_LOST"
    if later.startswith("outlet:") or earlier.startswith("outlet:"):
        return None  # crediting the outlet that carried the words keeps them attributed
    return None if same_speaker(earlier, later) else "ATTRIBUTION_CHANGED"


def _attribution_note(kind: str, earlier: str, later: str) -> str:
    if kind == "ATTRIBUTION_LOST":
        return f"stated as fact; the source credited it to {earlier}"
    return f"credited to {later}; the source credited it to {earlier}"


def _hedge_change(earlier: Quantity, later: Quantity) -> str | None:
    before, after = {h.type for h in earlier.hedges}, {h.type for h in later.hedges}
    if before == after:
        return None
    if not after:
        return "HEDGE_DROPPED"
    if not before:
        return "HEDGE_ADDED"
    return "HEDGE_CHANGED"


def _hedge_note(kind: str, earlier: Quantity, later: Quantity) -> str:
    before = ", ".join(f"“{h.span.text}”" for h in earlier.hedges)
    after = ", ".join(f"“{h.span.text}”" for h in later.hedges)
    return {"HEDGE_DROPPED": f"the hedge {before} is gone", "HEDGE_ADDED": f"the hedge {after} is new"}.get(kind, f"the hedge {before} became {after}")


def _is_whole(quantity: Quantity) -> bool:
    return quantity.kind == "proportion" and quantity.low == quantity.high and quantity.low in (0.0, 1.0)


def _within(value: float | None, quantity: Quantity) -> bool:
    return value is not None and quantity.low is not None and quantity.high is not None and quantity.low <= value <= quantity.high


def _closest_sentence(claim: QuantityClaim, article: Article) -> tuple[int, int]:
    """The earlier article's sentence nearest in words to the new claim's, as the place it departs from."""
    words = key_words(claim.sentence.text)
    best = max(article.sentences, key=lambda s: (overlap(words, key_words(s.span.text)), -s.span.start), default=None)
    if best is None:
        return 0, min(len(article.text), 1)
    return best.span.start, best.span.end


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(unquoted(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
