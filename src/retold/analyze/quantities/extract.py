"""Turn mentions into Quantity records: hedges and their effect on the interval, anaphoric counted nouns, links."""
from __future__ import annotations

import bisect
import dataclasses

from retold.analyze.datelines import skipped_ranges
from retold.analyze.quantities import hedges as hedge_lexicon
from retold.analyze.quantities.counted import find_generic_noun
from retold.analyze.quantities.frame import in_written_rate, read_frame
from retold.analyze.quantities.mentions import OTHERS, Context, Mention, find_numbers, find_vague
from retold.analyze.quantities.units import DURATIONS
from retold.model import Article, Attribution, Hedge, Quantity


def find_mentions(article: Article, doc) -> list[Mention]:
    """Every quantity mention in the article, in text order, without overlaps."""
    starts = [s.span.start for s in article.sentences] or [0]
    context = Context(article.text, doc, starts)
    numeric = find_numbers(context)
    taken = [(m.number_start, m.number_end) for m in numeric]
    furniture = skipped_ranges(article.text)  # "News ID: 12345" and datelines count nothing
    mentions = sorted((m for m in numeric + find_vague(context, taken)
                       if not any(low < m.number_end and m.number_start < high for low, high in furniture)),
                      key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.number_start < kept[-1].end and kept[-1].number_start < mention.number_end:
            continue
        kept.append(mention)
    for mention in kept:
        if mention.counted is not None and _cut_at_the_end(article.text, mention.counted.end):
            # a page excerpt that stops mid-word ("hundreds of displac"): the last word may be any word's beginning
            mention.counted, mention.end = None, mention.number_end
            if not mention.measured:
                mention.unit = None
    _others_as_antecedent(context, kept)
    for mention in kept:
        _apply_hedges(context, mention)
        mention.frame = read_frame(context.tokens, mention.number_start, mention.number_end)
        if not mention.frame.modifier and in_written_rate(article.text, mention.number_start, mention.end):
            mention.frame = dataclasses.replace(mention.frame, modifier=True)
    _resolve_anaphora(context, kept)
    return kept


def _others_as_antecedent(context: Context, mentions: list[Mention]) -> None:
    """"Others" counts what its sentence counted before it: people ("12 killed and several others injured") make it a
    bare count of people, which its verb names; with no count before it, the others are people too. Others of another
    thing ("three cars burned and two others") keep their own word."""
    for index, mention in enumerate(mentions):
        if mention.counted is None or mention.counted.unit != OTHERS:
            continue
        floor = context.sentence_floor(mention.start)
        before = [m for m in mentions[:index] if m.start >= floor and m.unit not in (None, OTHERS)]
        if not before or before[-1].unit == "person":
            mention.counted, mention.unit, mention.end = None, None, mention.number_end


def _cut_at_the_end(text: str, end: int) -> bool:
    """Whether the text stops right after `end` with no closing punctuation: its last word may be cut short."""
    return end >= len(text.rstrip()) and text.rstrip()[-1:].isalnum()


def _apply_hedges(context: Context, mention: Mention) -> None:
    """Find the hedges around a mention and narrow or open its interval accordingly."""
    text = context.text
    floor = context.sentence_floor(mention.number_start)
    before = hedge_lexicon.find_hedges_before(text, mention.start, floor)
    after = hedge_lexicon.hedge_after(text, mention.end if mention.counted is None else mention.number_end)
    if after is None and mention.end != mention.number_end:
        after = hedge_lexicon.hedge_after(text, mention.end)
    found = [(s, e, hedge_lexicon.BEFORE[p]) for s, e, p in before if p in hedge_lexicon.BEFORE]
    if after is not None:
        found.append((after[0], after[1], hedge_lexicon.AFTER[after[2]]))
    for start, end, (hedge_type, bound, inclusive) in found:
        if bound is not None and mention.kind == "range":
            continue  # "over 3 to 4 days": before a range "over" is the preposition, and a range is already bounded
        mention.hedges.append((start, end, hedge_type))
        if bound == "high":
            value = mention.high if mention.high is not None else mention.low
            mention.low, mention.high, mention.high_inclusive = None, value, inclusive
            mention.low_inclusive = False
            if mention.kind != "proportion":
                mention.kind = "upper_bound"
        elif bound == "low":
            value = mention.low if mention.low is not None else mention.high
            mention.low, mention.high, mention.low_inclusive = value, None, inclusive
            mention.high_inclusive = False
            if mention.kind != "proportion":
                mention.kind = "lower_bound"
    if mention.hedges:
        mention.start = min(mention.start, min(start for start, _, _ in mention.hedges))
    if after is not None and after[1] > mention.end:
        mention.end = after[1]


def _countable(mention: Mention) -> bool:
    """A mention counts things (people, trucks) rather than measuring (km, USD) or dividing (proportions)."""
    return (mention.counted is not None and not mention.measured and mention.kind != "proportion"
            and mention.unit not in DURATIONS and not mention.frame.modifier)


def _resolve_anaphora(context: Context, mentions: list[Mention]) -> None:
    """A generic or missing counted noun takes counted and unit from the latest earlier countable quantity."""
    latest: Mention | None = None
    sentence_of_latest = -1
    for mention in mentions:
        if mention.counted is None and not mention.measured and mention.kind != "proportion":
            floor = context.sentence_floor(mention.number_start)
            generic = find_generic_noun(context.text, mention.start, floor)
            sentence = bisect.bisect_right(context.sentence_starts, mention.number_start)
            # a counted noun never comes from another sentence unless a generic noun ("the numbers") points back to it
            if latest is not None and (generic is not None or sentence == sentence_of_latest):
                assert latest.counted is not None  # only a countable mention, one with a counted noun, becomes latest
                mention.inherited = (latest.counted.text, latest.unit, generic)
                mention.unit = latest.unit
                if mention.frame.predicate is None and generic is not None:
                    # "the numbers were much higher, perhaps 4000": a figure for the same things is about the same event
                    mention.frame = dataclasses.replace(mention.frame, predicate=latest.frame.predicate)
        elif _countable(mention):
            latest = mention
            sentence_of_latest = bisect.bisect_right(context.sentence_starts, mention.number_start)


def _attribution_of(attributions: list[Attribution], start: int, end: int) -> str | None:
    """The innermost attribution whose content (or one of its parts) holds the range."""
    best, best_size = None, None
    for attribution in attributions:
        parts = [attribution.content, *attribution.content_parts]
        for part in parts:
            if part is not None and part.start <= start and end <= part.end:
                size = part.end - part.start
                if best_size is None or size < best_size:
                    best, best_size = attribution.id, size
    return best


def to_records(article: Article, mentions: list[Mention]) -> list[Quantity]:
    """Quantity records numbered Q1, Q2... in text order, linked to their sentence and attribution."""
    starts = [s.span.start for s in article.sentences]
    records: list[Quantity] = []
    for number, mention in enumerate(mentions, start=1):
        counted_text, counted_span = None, None
        if mention.counted is not None:
            counted_text = mention.counted.text
            counted_span = article.span(mention.counted.start, mention.counted.end)
        elif mention.inherited is not None:
            counted_text, _, generic = mention.inherited
            if generic is not None:
                counted_span = article.span(*generic)
        index = bisect.bisect_right(starts, mention.number_start) - 1
        sentence = article.sentences[index].id if index >= 0 and mention.number_start < article.sentences[index].span.end else None
        records.append(
            Quantity(
                id=f"Q{number}",
                span=article.span(mention.start, mention.end),
                number=article.span(mention.number_start, mention.number_end),
                low=None if mention.low is None else float(mention.low),
                high=None if mention.high is None else float(mention.high),
                low_inclusive=mention.low_inclusive if mention.low is not None else False,
                high_inclusive=mention.high_inclusive if mention.high is not None else False,
                kind=mention.kind,
                unit=mention.unit,
                counted=counted_text,
                hedges=tuple(Hedge(article.span(s, e), t) for s, e, t in sorted(mention.hedges)),
                counted_span=counted_span,
                attribution=_attribution_of(article.attributions, mention.number_start, mention.number_end),
                sentence=sentence,
                predicate=mention.frame.predicate,
                period=mention.frame.period,
                change=mention.frame.change,
                modifier=mention.frame.modifier,
                scope_of=mention.frame.scope_of,
            )
        )
    return records


def run(article: Article, doc) -> dict[str, list]:
    """The quantities layer: every number and vague amount in the article as an interval record."""
    return {"quantities": to_records(article, find_mentions(article, doc))}
