"""Conflicts between articles of a story: disjoint figures, a denial against an assertion, one claim credited twice."""
from __future__ import annotations

from itertools import combinations
from typing import Mapping, Sequence

from retold.analyze.categories import comparable_interval, format_interval
from retold.analyze.conflicts import MIN_GAP_RATIO
from retold.link.alignment import (
    MIN_SHARED, OWN, PropositionClaim, article_span, is_negated, key_words, overlap, proposition_member, same_speaker,
)
from retold.link.model import ClaimGroup, ClaimMember, CrossConflict
from retold.model import Article

# a denial meets an assertion when this share of the denial's key words is asserted elsewhere
DENIAL_MATCH = 0.4


def find_cross_conflicts(
    story: str,
    articles: Mapping[str, Article],
    groups: Sequence[ClaimGroup],
    propositions: Mapping[str, list[PropositionClaim]],
    outlet_words: frozenset[str] = frozenset(),
) -> list[CrossConflict]:
    """Numeric and speaker conflicts within aligned groups, and denials against assertions in other articles."""
    found: list[CrossConflict] = []
    # quantity ids are numbered within each article: key them by article too
    quantities = {(article.id, q.id): q for article in articles.values() for q in article.quantities}
    for group in groups:
        if group.kind == "quantity":
            found.extend(_numeric(story, group, quantities))
        found.extend(_speaker(story, group))
    found.extend(_denials(story, articles, propositions, outlet_words))
    found.sort(key=lambda c: (c.kind, c.a.article, c.a.span.start, c.b.article, c.b.span.start))
    # a pair of figures can meet in more than one group: report each pair of places once, whichever side is first
    unique: dict[tuple, CrossConflict] = {}
    for conflict in found:
        sides = frozenset(((conflict.a.article, conflict.a.span.start, conflict.a.span.end), (conflict.b.article, conflict.b.span.start, conflict.b.span.end)))
        unique.setdefault((conflict.kind, sides), conflict)
    found = list(unique.values())
    return [CrossConflict(f"{story}:C{i}", c.story, c.kind, c.a, c.b, c.explanation) for i, c in enumerate(found, 1)]


def _numeric(story: str, group: ClaimGroup, quantities) -> list[CrossConflict]:
    conflicts = []
    by_article: dict[str, list[ClaimMember]] = {}
    for member in group.members:
        by_article.setdefault(member.article, []).append(member)
    for a, b in combinations(group.members, 2):
        if a.article == b.article:
            continue
        qa, qb = quantities.get((a.article, a.record)), quantities.get((b.article, b.record))
        if qa is None or qb is None or "proportion" in (qa.kind, qb.kind) or not _disjoint(qa, qb):
            continue
        # when each article also reports the other's figure, they agree on who says what: no conflict between them
        if _carries(by_article[a.article], qb, quantities) and _carries(by_article[b.article], qa, quantities):
            continue
        explanation = (
            f"“{a.span.text}” ({format_interval(qa)}) against “{b.span.text}” ({format_interval(qb)}): "
            f"both count “{group.key}” and the intervals do not overlap"
        )
        conflicts.append(CrossConflict("", story, "numeric", a, b, explanation))
    return conflicts


def _disjoint(qa, qb) -> bool:
    low1, high1 = comparable_interval(qa)
    low2, high2 = comparable_interval(qb)
    if high1 is not None and low2 is not None and low2 > high1 * MIN_GAP_RATIO:
        return True
    return high2 is not None and low1 is not None and low1 > high2 * MIN_GAP_RATIO


def _carries(members: list[ClaimMember], other, quantities) -> bool:
    return any(not _disjoint(quantities[(m.article, m.record)], other) for m in members if (m.article, m.record) in quantities)


def _speaker(story: str, group: ClaimGroup) -> list[CrossConflict]:
    """The same statement credited to two different named speakers in two articles."""
    conflicts = []
    for a, b in combinations(group.members, 2):
        if a.article == b.article or a.polarity != b.polarity or not _named(a.speaker) or not _named(b.speaker):
            continue
        if group.kind == "quantity" and (a.low, a.high) != (b.low, b.high):
            continue  # different figures are a numeric matter, not a question of who said it
        if same_speaker(a.speaker, b.speaker):
            continue
        explanation = f"“{a.span.text}” is credited to {a.speaker} in one article and to {b.speaker} in the other"
        conflicts.append(CrossConflict("", story, "speaker", a, b, explanation))
    return conflicts


def _named(speaker: str) -> bool:
    return speaker != OWN and not speaker.startswith("outlet:")


def _denials(story, articles, propositions, outlet_words) -> list[CrossConflict]:
    """Each denial against the best-matching unnegated statement of every other article.

    A speaker who denies the same thing twice in one article (the reported denial and the quote that backs it) meets
    each asserting sentence once: with the speaker's own quoted words where they match, else the reported denial
    that shares most of its words."""
    # a dict keeps a key where it was first put, so the conflicts come out in the order they were first found
    best_of: dict[tuple, tuple[tuple[bool, float], CrossConflict]] = {}
    for article_id, claims in propositions.items():
        for denial in (c for c in claims if c.polarity == "deny"):
            for other_id, other in articles.items():
                if other_id == article_id:
                    continue
                best = _asserted(denial, other, propositions.get(other_id, []), outlet_words)
                if best is None:
                    continue
                member, words, score = best
                explanation = f"{_who(denial.voice)} denies it (“{_short(denial.span.text)}”); the other article states it (“{_short(member.span.text)}”), sharing {', '.join(sorted(words))}"
                conflict = CrossConflict("", story, "denial", member, proposition_member(denial), explanation)
                key = (article_id, _speaker_key(denial.voice), other_id, member.record)
                rank = (denial.attribution.mode in ("direct", "mixed"), score)
                if key not in best_of or rank > best_of[key][0]:
                    best_of[key] = (rank, conflict)
    return [conflict for _, conflict in best_of.values()]


def _speaker_key(voice: str) -> str:
    """A speaker as a key: within one article every mention of a source already carries the same normalised name."""
    return " ".join(voice.lower().split())


def _asserted(denial: PropositionClaim, article: Article, claims: list[PropositionClaim], outlet_words) -> tuple[ClaimMember, frozenset[str], float] | None:
    """The sentence of `article` that asserts most of what the denial denies, unnegated (with the shared words and
    their overlap score), or None."""
    best, best_score, best_words = None, 0.0, frozenset()
    denied_spans = [c.span for c in claims if c.polarity == "deny"]
    for sentence in article.sentences:
        text = sentence.span.text
        if text.rstrip().endswith("?") or is_negated(text) or any(s.overlaps(sentence.span) for s in denied_spans):
            continue
        if " ".join(denial.span.text.split()) in " ".join(text.split()):
            continue
        words = key_words(text) - outlet_words
        shared = denial.words & words
        score = overlap(denial.words, words)
        if len(shared) >= MIN_SHARED and score >= DENIAL_MATCH and score > best_score:
            best, best_score, best_words = sentence, score, shared
    if best is None:
        return None
    voice = next((c.voice for c in claims if c.span.overlaps(best.span)), OWN)
    if same_speaker(voice, denial.voice) and voice != OWN:
        return None  # one speaker repeated in two articles is not a denial against an assertion
    member = ClaimMember(article.id, best.id, article_span(article.id, best.span), voice)
    return member, best_words, best_score


def _who(voice: str) -> str:
    return "the article itself" if voice == OWN else voice.removeprefix("outlet:")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
