"""Provenance inside a story: which article draws on which, from citations, shared text and publication order."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence
from urllib.parse import urlparse

from retold.link.alignment import outlet_mentioned
from retold.link.model import DuplicatePair, ProvenanceEdge
from retold.model import Article

SHINGLE = 5  # words per shingle: long enough that shared shingles mean copied text, not common phrases
REPOST_CONTAINMENT, REPOST_SIMILARITY = 0.8, 0.6
PARTIAL_CONTAINMENT = 0.25  # a quarter of the later article's shingles copied is a large shared passage
# A summary and a partial copy can share as much text: a summary stitches the source's short phrases into fewer
# sentences, a partial copy lifts whole sentences and passages. So what tells them apart is how much of the later text
# lies in long verbatim runs, not how much it shares.
SUMMARY_LENGTH = 0.6  # a summary has under this share of its source's words
LONG_RUN = 10  # words: a run this long copied word for word is a lifted sentence, not a phrase kept in a condensed one
SUMMARY_VERBATIM = 0.4  # a summary has under this share of its words in long runs (a partial copy's passages: more)
MAX_PARENTS = 3
WORDS = re.compile(r"\w+")


def words_of(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens."""
    return tuple(w.lower() for w in WORDS.findall(text))


def shingles(text: str | Sequence[str]) -> frozenset[tuple[str, ...]]:
    """Overlapping runs of SHINGLE lower-cased words (of a text, or of its words)."""
    words = words_of(text) if isinstance(text, str) else tuple(text)
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1)))


def verbatim_share(words: Sequence[str], earlier: frozenset[tuple[str, ...]], long_run: int = LONG_RUN) -> float:
    """Share of `words` inside runs of at least `long_run` words found word for word in the earlier text's shingles.

    A run is a chain of consecutive shared shingles, so two short phrases that merely meet do not make a long one."""
    covered = 0
    chain = 0  # consecutive shared shingles ending at the current position
    for i in range(len(words) - SHINGLE + 1):
        if tuple(words[i : i + SHINGLE]) in earlier:
            chain += 1
            continue
        if chain and chain + SHINGLE - 1 >= long_run:
            covered += chain + SHINGLE - 1
        chain = 0
    if chain and chain + SHINGLE - 1 >= long_run:
        covered += chain + SHINGLE - 1
    return covered / len(words) if words else 0.0


def publication_order(articles: Sequence[Article]) -> list[Article]:
    """Articles from earliest to latest; on the same date an article that names another comes after it, then by id."""
    by_date = sorted(articles, key=lambda a: (a.published or "~", a.id))
    ordered: list[Article] = []
    index = 0
    while index < len(by_date):
        same = [a for a in by_date if (a.published or "~") == (by_date[index].published or "~")]
        index += len(same)
        while same:
            # the first (by id) that cites none of the others still waiting goes next
            free = [a for a in same if not any(b is not a and _citation(a, b) for b in same)]
            chosen = (free or same)[0]
            ordered.append(chosen)
            same.remove(chosen)
    return ordered


@dataclass(frozen=True)
class _Candidate:
    source: Article
    citation: str | None
    containment: float
    similarity: float
    pair: DuplicatePair | None
    length_ratio: float  # the later article's words over the earlier one's
    verbatim: float  # share of the later article's words in long verbatim runs of the earlier one

    @property
    def score(self) -> float:
        return (3.0 if self.citation else 0.0) + 2.0 * self.containment + self.similarity


def find_provenance(
    story: str, articles: Sequence[Article], pairs: Sequence[DuplicatePair] = (), shared_facts: Mapping[tuple[str, str], int] | None = None
) -> list[ProvenanceEdge]:
    """Edges from each article's best earlier sources to it; an article with none is original reporting (a root)."""
    ordered = publication_order(articles)
    words = {a.id: words_of(a.text) for a in ordered}
    texts = {a.id: (words[a.id], shingles(words[a.id])) for a in ordered}
    by_pair = {frozenset((p.a, p.b)): p for p in pairs}
    ancestors: dict[str, set[str]] = {}
    edges: list[ProvenanceEdge] = []
    for position, target in enumerate(ordered):
        candidates = []
        for source in ordered[:position]:
            candidate = _candidate(source, target, texts, by_pair.get(frozenset((source.id, target.id))))
            if candidate is not None:
                candidates.append(candidate)
        candidates.sort(key=lambda c: (-c.score, c.source.published or "", c.source.id))
        chosen: list[_Candidate] = []
        for candidate in candidates:
            # shared text with the grandparent is explained by the parent: no second edge unless it is named too
            redundant = any(candidate.source.id in ancestors[c.source.id] for c in chosen)
            if redundant and not candidate.citation:
                continue
            chosen.append(candidate)
            if len(chosen) == MAX_PARENTS:
                break
        ancestors[target.id] = {c.source.id for c in chosen} | {a for c in chosen for a in ancestors[c.source.id]}
        for candidate in chosen:
            facts = (shared_facts or {}).get((candidate.source.id, target.id), 0)
            edges.append(_edge(story, candidate, target, facts))
    return edges


def _candidate(source: Article, target: Article, texts, pair: DuplicatePair | None) -> _Candidate | None:
    citation = _citation(target, source)
    (my_words, mine), (their_words, theirs) = texts[target.id], texts[source.id]
    shared = len(mine & theirs)
    containment = shared / len(mine) if mine else 0.0
    similarity = shared / len(mine | theirs) if mine or theirs else 0.0
    if pair is not None:
        containment, similarity = max(containment, pair.containment), max(similarity, pair.similarity)
    if not citation and containment < PARTIAL_CONTAINMENT and pair is None:
        return None
    ratio = len(my_words) / len(their_words) if their_words else 0.0
    return _Candidate(source, citation, containment, similarity, pair, ratio, verbatim_share(my_words, theirs))


def _citation(later: Article, earlier: Article) -> str | None:
    """The sentence where `later` names `earlier`'s outlet or links to its page, quoted."""
    if earlier.outlet and later.outlet and earlier.outlet.lower() == later.outlet.lower():
        return None  # an outlet naming itself is a byline, not a citation
    for link in later.links:
        if earlier.url and _same_page(link.url, earlier.url):
            return f"links to {earlier.url}" + (f" (“{link.text}”)" if link.text else "")
    if earlier.url and earlier.url in later.text:
        return f"gives the address {earlier.url}"
    mention = outlet_mentioned(earlier.outlet, later.text)
    if mention is None:
        return None
    sentence = _sentence_around(later, mention.start())
    return f"names {earlier.outlet}: “{sentence}”"


def _same_page(a: str, b: str) -> bool:
    pa, pb = urlparse(a), urlparse(b)
    return (pa.hostname or "").removeprefix("www.") == (pb.hostname or "").removeprefix("www.") and pa.path.rstrip("/") == pb.path.rstrip("/")


def _sentence_around(article: Article, offset: int, limit: int = 120) -> str:
    for sentence in article.sentences:
        if sentence.span.start <= offset < sentence.span.end:
            text = " ".join(sentence.span.text.split())
            return text if len(text) <= limit else text[: limit - 1] + "…"
    start = article.text.rfind("\n", 0, offset) + 1
    end = article.text.find("\n", offset)
    return " ".join(article.text[start : end if end >= 0 else None].split())[:limit]


def _edge(story: str, candidate: _Candidate, target: Article, shared_facts: int) -> ProvenanceEdge:
    kind = _kind(candidate, shared_facts)
    reasons = []
    if candidate.citation:
        reasons.append(candidate.citation)
    if candidate.containment >= PARTIAL_CONTAINMENT or candidate.pair is not None:
        reasons.append(f"{candidate.containment:.0%} of its 5-word runs appear in the earlier article")
    if kind in ("summary", "partial"):
        reasons.append(
            f"{candidate.length_ratio:.0%} as long, {candidate.verbatim:.0%} of its words in verbatim runs of {LONG_RUN} or more"
        )
    if shared_facts:
        reasons.append(f"repeats {shared_facts} of its figures")
    reasons.append(f"published {target.published or 'undated'}, after {candidate.source.published or 'undated'}")
    confidence = min(1.0, round(0.4 + 0.4 * bool(candidate.citation) + candidate.containment * 0.6, 3))
    return ProvenanceEdge(story, candidate.source.id, target.id, kind, "; ".join(reasons), confidence)


def _kind(candidate: _Candidate, shared_facts: int) -> str:
    """repost, summary, partial or citation; a near-duplicate pair's kind counts as evidence, not as the answer."""
    condensed = candidate.length_ratio < SUMMARY_LENGTH and candidate.verbatim < SUMMARY_VERBATIM
    if candidate.containment >= REPOST_CONTAINMENT and candidate.similarity >= REPOST_SIMILARITY:
        return "repost"
    if candidate.pair is not None and candidate.pair.kind == "repost":
        return "repost"
    if condensed and shared_facts:
        return "summary"  # its source's figures in far fewer words, phrases kept but no sentence lifted whole
    if candidate.containment >= PARTIAL_CONTAINMENT or (candidate.pair is not None and candidate.pair.kind == "partial"):
        return "partial"
    if candidate.citation and shared_facts:
        return "summary"
    if candidate.citation:
        return "citation"
    return candidate.pair.kind if candidate.pair else "partial"
