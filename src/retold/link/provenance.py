"""Provenance inside a story: which article draws on which, from citations, shared passages and publication order.

An edge needs evidence a reader can check: a citation (the later text names the earlier one's outlet or links its page)
or passages the two texts share word for word. Quoted speech, proper names and page furniture are common to texts that
never saw each other, so they count for nothing; a near-duplicate pair from the corpus-wide stage is a hint, never the
verdict.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import urlparse

from retold.link.alignment import outlet_mentioned
from retold.link.model import DuplicatePair, EdgeKind, ProvenanceEdge
from retold.model import Article

SHINGLE = 5  # words per shingle: runs of shared shingles are the shared passages
PASSAGE_WORDS = 8  # a shared run needs this many words besides names to count as a passage, not a stock phrase
LONG_PASSAGE_WORDS = 25  # one passage this long (names aside) is a partial copy on its own
SHARED_SENTENCE = 0.6  # a sentence with this share of its words inside passages is shared
SHARED_SENTENCES = 2  # ...and two shared sentences are a partial copy
EDITED_SENTENCE = 0.8  # ...or this share of its words, in order, repeating one sentence of the other (a figure changed)
EDIT_ANCHOR = 4  # words in a row two sentences must share before they are compared word by word
SENTENCE_WORDS = 5  # sentences shorter than this ("Yes.", a date line) are not counted either way
# A repost is the earlier text over again: most sentences of both texts shared. Interviews built on one question
# template share every question but none of the answers, and follow-ups reuse a background paragraph or two: on the
# Wikinews reports such pairs share at most about half of either text's sentences, while a repost with an added line or
# a trimmed ending shares 80% or more.
REPOST_SENTENCES = 0.7
FURNITURE_WORDS = 6  # a line this short (a date, "Advertisement", a caption) is page furniture, not running text
LONG_RUN = 10  # verbatim_share's default: a run this long copied word for word is a lifted sentence
MAX_PARENTS = 3
EXPLAINED = 0.8  # a second source whose shared words the chosen ones share too adds no evidence of its own
QUOTE_WORDS = 12  # words of the longest passage quoted as evidence
# news agencies whose copy many outlets carry: two texts crediting the same one are siblings, not copy and original
WIRES = ("Reuters", "Associated Press", "AFP", "Xinhua", "TASS")
WORDS = re.compile(r"\w+")
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]")
NOT_NAMES = frozenset(
    "i monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)


def words_of(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens."""
    return tuple(w.lower() for w in WORDS.findall(text))


def shingles(text: str | Sequence[str]) -> frozenset[tuple[str, ...]]:
    """Overlapping runs of SHINGLE lower-cased words (of a text, or of its words)."""
    words = words_of(text) if isinstance(text, str) else tuple(text)
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1)))


def _runs(words: Sequence[str | None], earlier: frozenset[tuple[str, ...]]) -> list[tuple[int, int]]:
    """(start, end) word ranges of `words` found word for word in the earlier text's shingles.

    A run is a chain of consecutive shared shingles, so two short phrases that merely meet do not make a long one;
    a None (a quoted or furniture word) breaks every run through it."""
    runs = []
    start = None
    for i in range(len(words) - SHINGLE + 1):
        gram = tuple(words[i : i + SHINGLE])
        if None not in gram and gram in earlier:
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i - 1 + SHINGLE))
            start = None
    if start is not None:
        runs.append((start, len(words)))
    return runs


def verbatim_share(words: Sequence[str], earlier: frozenset[tuple[str, ...]], long_run: int = LONG_RUN) -> float:
    """Share of `words` inside runs of at least `long_run` words found word for word in the earlier text's shingles."""
    covered = sum(end - start for start, end in _runs(words, earlier) if end - start >= long_run)
    return covered / len(words) if words else 0.0


@dataclass(frozen=True)
class _Text:
    """An article's words as the passage check reads them: quoted and furniture words are None, names flagged."""

    words: tuple[str | None, ...]
    offsets: tuple[tuple[int, int], ...]  # each word's place in the article text
    named: tuple[bool, ...]
    sentences: tuple[tuple[int, int], ...]  # word ranges of the sentences
    shingles: frozenset[tuple[str, ...]]


def _read(article: Article) -> _Text:
    """The words of `article` with quotations, page furniture and names marked."""
    text = article.text
    hidden = [False] * (len(text) + 1)
    for match in _QUOTED.finditer(text):
        hidden[match.start() : match.end()] = [True] * (match.end() - match.start())
    for line in re.finditer(r"[^\n]+", text):
        if len(WORDS.findall(line.group())) < FURNITURE_WORDS:
            hidden[line.start() : line.end()] = [True] * (line.end() - line.start())
    bounds = _sentence_bounds(article)
    for start, end in bounds:
        # an outlet's lines about itself (byline, newsletter, copyright) are its page furniture
        if outlet_mentioned(article.outlet, text[start:end]):
            hidden[start:end] = [True] * (end - start)
    matches = list(WORDS.finditer(text))
    sentences = []
    index = 0
    for _, end in bounds:
        first = index
        while index < len(matches) and matches[index].start() < end:
            index += 1
        if index > first:
            sentences.append((first, index))
    firsts = {first for first, _ in sentences}
    words, offsets, named = [], [], []
    for i, match in enumerate(matches):
        word = match.group()
        words.append(None if hidden[match.start()] else word.lower())
        offsets.append((match.start(), match.end()))
        # a capital not at a sentence's start marks a name, which texts about one event share without copying
        named.append(word[0].isupper() and i not in firsts and word.lower() not in NOT_NAMES)
    usable = [tuple(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))]
    # the filter keeps only shingles with no hidden word, a narrowing mypy cannot follow
    return _Text(tuple(words), tuple(offsets), tuple(named), tuple(sentences), frozenset(g for g in usable if None not in g))  # type: ignore[misc]


def _sentence_bounds(article: Article) -> list[tuple[int, int]]:
    if article.sentences:
        return sorted((s.span.start, s.span.end) for s in article.sentences)
    # an article not analysed (tests, raw input): sentence ends and line breaks
    bounds, start = [], 0
    for match in re.finditer(r"(?<=[.!?])\s+|\n+", article.text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(article.text)))
    return [(s, e) for s, e in bounds if e > s]


@dataclass(frozen=True)
class _Shared:
    """What one text shares with another: passages word for word, sentences with a word or two changed."""

    passages: tuple[tuple[int, int], ...]  # word ranges in this text, each at least PASSAGE_WORDS words besides names
    verbatim: int  # sentences of this text mostly inside passages
    edited: tuple[tuple[int, int, int], ...]  # (start, end, words changed) of sentences retold with a few words changed
    counted: int  # sentences of this text long enough to count
    longest: int  # words of the longest passage, names aside

    @property
    def covered(self) -> frozenset[int]:
        """Positions of this text's words in the shared passages and edited sentences."""
        spans = [(s, e) for s, e in self.passages] + [(s, e) for s, e, _ in self.edited]
        return frozenset(i for s, e in spans for i in range(s, e))

    @property
    def sentences(self) -> int:
        return self.verbatim + len(self.edited)

    @property
    def reuse(self) -> float:
        """Share of its sentences found in the other text, word for word or with a few words changed."""
        return self.sentences / self.counted if self.counted else 0.0

    @property
    def share(self) -> float:
        """Share of its sentences found word for word in the other text (an edited sentence is not a reposted one)."""
        return self.verbatim / self.counted if self.counted else 0.0


_NOTHING = _Shared((), 0, (), 0, 0)  # nothing shared


def _shared(text: _Text, other: _Text) -> _Shared:
    """The passages and sentences `text` shares with `other`, quotations, furniture and names aside."""
    passages = []
    for start, end in _runs(text.words, other.shingles):
        if sum(1 for i in range(start, end) if not text.named[i]) >= PASSAGE_WORDS:
            passages.append((start, end))
    inside = [False] * len(text.words)
    for start, end in passages:
        inside[start:end] = [True] * (end - start)
    verbatim = counted = 0
    edited = []
    for start, end in text.sentences:
        usable = [i for i in range(start, end) if text.words[i] is not None]
        if len(usable) < SENTENCE_WORDS:
            continue
        counted += 1
        if sum(1 for i in usable if inside[i]) >= SHARED_SENTENCE * len(usable):
            verbatim += 1
            continue
        changed = _edited_sentence(text, usable, other)
        if changed is not None:
            edited.append((start, end, changed))
    longest = max((sum(1 for i in range(s, e) if not text.named[i]) for s, e in passages), default=0)
    return _Shared(tuple(passages), verbatim, tuple(edited), counted, longest)


def _edited_sentence(text: _Text, usable: list[int], other: _Text) -> int | None:
    """How many words a sentence changes from a sentence of `other` it otherwise repeats in order, or None.

    "The coast guard said 21 people were taken to hospital" against "... said 12 people ...": one number changed is
    still a copied sentence, and the drift it carries is what a reader most needs to see."""
    mine = [text.words[i] for i in usable]
    content = sum(1 for i in usable if not text.named[i])
    if content < PASSAGE_WORDS:
        return None
    grams = {tuple(mine[i : i + EDIT_ANCHOR]) for i in range(len(mine) - EDIT_ANCHOR + 1)}
    for start, end in other.sentences:
        theirs = [w for w in other.words[start:end] if w is not None]
        if not any(tuple(theirs[i : i + EDIT_ANCHOR]) in grams for i in range(len(theirs) - EDIT_ANCHOR + 1)):
            continue
        blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
        kept = {usable[b.a + k] for b in blocks for k in range(b.size)}
        same = sum(1 for i in kept if not text.named[i])
        if same >= EDITED_SENTENCE * content and sum(b.size for b in blocks) >= EDITED_SENTENCE * len(theirs):
            return max(len(mine), len(theirs)) - sum(b.size for b in blocks)
    return None


@dataclass(frozen=True)
class _Candidate:
    source: Article
    citation: str | None
    later: _Shared  # what the later article shares with the source
    earlier: _Shared  # what the source shares with the later article
    pair: DuplicatePair | None

    @property
    def partial(self) -> bool:
        return self.later.sentences >= SHARED_SENTENCES or self.later.longest >= LONG_PASSAGE_WORDS

    @property
    def repost(self) -> bool:
        return self.partial and min(self.later.share, self.earlier.share) >= REPOST_SENTENCES

    @property
    def score(self) -> float:
        # the near-duplicate pair only breaks ties: the texts themselves decide
        hint = self.pair.similarity if self.pair else 0.0
        return (3.0 if self.citation else 0.0) + 2.0 * (self.later.reuse if self.partial else 0.0) + 0.1 * hint


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
            free = [a for a in same if not any(b is not a and citation_of(a, b) for b in same)]
            chosen = (free or same)[0]
            ordered.append(chosen)
            same.remove(chosen)
    return ordered


def find_provenance(
    story: str, articles: Sequence[Article], pairs: Sequence[DuplicatePair] = (), shared_facts: Mapping[tuple[str, str], int] | None = None
) -> list[ProvenanceEdge]:
    """Edges from each article's best earlier sources to it; an article with none is original reporting (a root).

    Every earlier article of the story is checked, so `pairs` (the near-duplicate stage's) only break ties."""
    ordered = publication_order(articles)
    texts = {a.id: _read(a) for a in ordered}
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
            # shared text with the grandparent is explained by the parent, and text a chosen source shares too (a
            # template, a background paragraph) by that source: no second edge unless it is named too
            redundant = any(candidate.source.id in ancestors[c.source.id] for c in chosen)
            explained = set().union(*(c.later.covered for c in chosen)) if chosen else set()
            repeated = len(candidate.later.covered & explained) >= EXPLAINED * len(candidate.later.covered)
            if (redundant or repeated) and not candidate.citation:
                continue
            chosen.append(candidate)
            if len(chosen) == MAX_PARENTS:
                break
        ancestors[target.id] = {c.source.id for c in chosen} | {a for c in chosen for a in ancestors[c.source.id]}
        for candidate in chosen:
            facts = (shared_facts or {}).get((candidate.source.id, target.id), 0)
            edges.append(_edge(story, candidate, target, texts[target.id], facts))
    return edges


def _candidate(source: Article, target: Article, texts: Mapping[str, _Text], pair: DuplicatePair | None) -> _Candidate | None:
    """The evidence that `target` draws on `source`, or None when there is none a reader could check."""
    citation = citation_of(target, source)
    later = _shared(texts[target.id], texts[source.id])
    earlier = _shared(texts[source.id], texts[target.id]) if later.passages else _NOTHING
    candidate = _Candidate(source, citation, later, earlier, pair)
    return candidate if citation or candidate.partial else None


def citation_of(later: Article, earlier: Article) -> str | None:
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
    """The sentence holding `offset`, cut to about `limit` characters around it so the named words stay in view."""
    bounds = next(((s.span.start, s.span.end) for s in article.sentences if s.span.start <= offset < s.span.end), None)
    if bounds is None:
        end = article.text.find("\n", offset)
        bounds = (article.text.rfind("\n", 0, offset) + 1, end if end >= 0 else len(article.text))
    start, end = bounds
    if end - start > limit:
        start = max(start, min(offset - limit // 3, end - limit))
        end = min(end, start + limit)
    text = " ".join(article.text[start:end].split())
    return ("…" if start > bounds[0] else "") + text + ("…" if end < bounds[1] else "")


def _wire_credits(article: Article) -> dict[str, str]:
    """Wire name -> the words crediting it ("(Reuters)", "The Associated Press reported"), for the wires the article names."""
    credits = {}
    for source in article.sources:
        if source.kind == "outlet" and source.name in WIRES and source.name not in credits:
            if source.evidence is not None:
                credits[source.name] = " ".join(source.evidence.text.split())  # a dateline: "GAZA CITY, Oct 17 (Reuters) -"
            elif source.mentions:
                credits[source.name] = _sentence_around(article, source.mentions[0].start, 90)
    return credits


def _reuse_words(shared: _Shared, text: _Text, article: Article) -> str:
    """The shared passages and edited sentences in words, each quoted from its start in the later article."""
    parts = []
    if shared.passages:
        start, end = max(shared.passages, key=lambda p: (sum(1 for i in range(*p) if not text.named[i]), -p[0]))
        count = "1 passage" if len(shared.passages) == 1 else f"{len(shared.passages)} passages"
        parts.append(f"shares {count} word for word, the longest {end - start} words: “{_quote(text, article, start, end)}”")
    if shared.edited:
        start, end, changed = shared.edited[0]
        count = "1 sentence" if len(shared.edited) == 1 else f"{len(shared.edited)} sentences"
        words = "1 word" if changed == 1 else f"{changed} words"
        parts.append(f"repeats {count} of it with a few words changed ({words} in “{_quote(text, article, start, end)}”)")
    return "; ".join(parts)


def _quote(text: _Text, article: Article, start: int, end: int) -> str:
    """The first QUOTE_WORDS words of a word range, as the article writes them."""
    last = min(end, start + QUOTE_WORDS) - 1
    quoted = " ".join(article.text[text.offsets[start][0] : text.offsets[last][1]].split())
    return quoted + ("…" if end - start > QUOTE_WORDS else "")


def _edge(story: str, candidate: _Candidate, target: Article, text: _Text, shared_facts: int) -> ProvenanceEdge:
    kind = _kind(candidate, shared_facts)
    reasons = []
    if candidate.citation:
        reasons.append(candidate.citation)
    wires = _wire_credits(candidate.source), _wire_credits(target)
    common = [w for w in WIRES if w in wires[0] and w in wires[1]]
    if kind == "repost":
        later, earlier = candidate.later, candidate.earlier
        opening = "the same text" if common else "repeats the earlier article"
        reasons.append(f"{opening}: {later.verbatim} of its {later.counted} sentences and {earlier.verbatim} of the earlier's "
                       f"{earlier.counted} are in passages shared word for word (quotations and names aside)")
    if kind in ("repost", "partial"):
        reasons.append(_reuse_words(candidate.later, text, target))
    if shared_facts and kind in ("summary", "citation"):
        reasons.append(f"gives {shared_facts} of the same figures" if shared_facts > 1 else "gives one of the same figures")
    confidence = 0.4 + 0.4 * bool(candidate.citation) + 0.6 * (candidate.later.reuse if kind in ("repost", "partial") else 0.0)
    if kind in ("repost", "partial") and common:
        # two copies of one agency story: which outlet ran it first says nothing about who copied whom
        credited = " and ".join(f"“{wires[0][w]}” / “{wires[1][w]}”" for w in common)
        reasons.insert(0, f"both carry the {' and '.join(common)} wire story ({credited}); neither copied the other")
        confidence = min(confidence, 0.5)
    elif kind in ("repost", "partial") and (wires[0] or wires[1]):
        side, credits = ("the earlier article", wires[0]) if wires[0] else ("this article", wires[1])
        wire = next(iter(credits))
        reasons.append(f"{side} credits {wire} (“{credits[wire]}”), so both may carry that wire story")
    reasons.append(_dates(candidate.source, target))
    return ProvenanceEdge(story, candidate.source.id, target.id, kind, "; ".join(reasons), min(1.0, round(confidence, 3)))


def _dates(earlier: Article, later: Article) -> str:
    """When the two appeared, in words: the order of an edge rests on it."""
    if later.published and later.published == earlier.published:
        return f"both published {later.published}"
    if later.published and earlier.published:
        return f"published {later.published}, after {earlier.published}"
    return f"published {later.published or 'undated'}, the earlier {earlier.published or 'undated'}"


def _kind(candidate: _Candidate, shared_facts: int) -> EdgeKind:
    """repost or partial from shared passages; summary or citation only when the later article names the earlier one."""
    if candidate.repost:
        return "repost"
    if candidate.partial:
        return "partial"
    return "summary" if shared_facts else "citation"
