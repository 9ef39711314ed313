"""Near-duplicates: MinHash signatures over word shingles, LSH band buckets, candidate pairs, verified and classed pairs.

Each stage is a pure function over plain records so it can run as a DataFrame operation: signatures are a map over
articles, band keys are the blocking keys (a groupBy), candidate pairs come from each bucket, verification is a map
over pairs joined with their shingle sets.

Shingles are 2-word: a repost with 40% of its words changed at random keeps about a third of its 2-word shingles
(Jaccard ~0.2) but under a tenth of its 5-word shingles, which MinHash cannot tell from chance overlap.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from retold.link.model import DuplicatePair
from retold.model import Article

SHINGLE_SIZE = 2
NUM_PERM = 128
BAND_ROWS = 2  # 64 bands of 2 rows: a pair with Jaccard 0.2 shares a bucket with probability 0.93, at 0.05 with 0.15
SEED = 7
CHUNK_SHINGLES = 200  # articles are signed in runs of this many shingles, so a copied passage collides on its own
BUCKET_CAP = 64  # a bucket this large is boilerplate, not one story's copies: pair its members with its first few only
BOILERPLATE_SHARE = 0.01  # a shingle in more than this share of the articles (at least 20, at most 100) is boilerplate
BOILERPLATE_ARTICLES = 100
# Classing thresholds on 2-word shingles, boilerplate removed (measured on Wikinews with planted edits: unrelated
# articles stay under Jaccard 0.04 / containment 0.15 at the 99th percentile; 40%-edited copies keep Jaccard >= 0.18).
REPOST_JACCARD = 0.15
REPOST_LENGTH_RATIO = 0.6  # a repost is about as long as its original; a much shorter copy shares a passage
PARTIAL_CONTAINMENT = 0.2
WINDOW_SHINGLES = 40
WINDOW_ECHO = 0.1  # a window with under a tenth of its shingles in the other article is its own text
REPOST_COVERAGE = 0.7  # a repost echoes the other article in nearly all its windows (boilerplate aside)
SUMMARY_CONTAINMENT = 0.03
SUMMARY_SHARED_FACTS = 2

_WORD = re.compile(r"\w+")
_STOPWORDS = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been being it its this that these those "
    "he she they we you i his her their our your has have had not no said says will would can could may might do does "
    "did than then there here which who whom whose what when where why how all any some such into over under about".split()
)


@dataclass(frozen=True)
class Shingled:
    """One article's shingles: the exact set (for verification) and the order they come in (for chunking)."""

    article: str
    index: int  # position in the input, the order used when dates are unknown
    sequence: tuple[int, ...]  # distinct shingles in text order
    shingles: frozenset[int]


@dataclass(frozen=True)
class Signature:
    """MinHash values of one chunk of one article's shingles."""

    position: int  # the article's position in the input
    chunk: int
    hashes: np.ndarray


def words_of(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return [w.lower() for w in _WORD.findall(text)]


def shingle_sequence(text: str, size: int = SHINGLE_SIZE) -> tuple[int, ...]:
    """Hashed word shingles in text order, each once; shingles made only of function words are skipped."""
    words = words_of(text)
    if len(words) < size:
        return (zlib.crc32(" ".join(words).encode("utf-8")),) if words else ()
    seen: dict[int, None] = {}
    for i in range(len(words) - size + 1):
        gram = words[i : i + size]
        if all(w in _STOPWORDS for w in gram):
            continue  # 'of the' says nothing about copying
        seen.setdefault(zlib.crc32(" ".join(gram).encode("utf-8")), None)
    return tuple(seen)


def shingles_of(text: str, size: int = SHINGLE_SIZE) -> frozenset[int]:
    """The set of hashed word shingles of a text."""
    return frozenset(shingle_sequence(text, size))


def shingle_articles(articles: Sequence[Article]) -> list[Shingled]:
    """Stage 1: each article's shingles (a map)."""
    out = []
    for index, article in enumerate(articles):
        sequence = shingle_sequence(article.text)
        out.append(Shingled(article.id, index, sequence, frozenset(sequence)))
    return out


def chunks_of(sequence: tuple[int, ...], size: int = CHUNK_SHINGLES) -> list[tuple[int, ...]]:
    """Consecutive runs of about `size` shingles; a short tail joins the previous run."""
    if len(sequence) <= size * 3 // 2:
        return [sequence] if sequence else []
    chunks = [sequence[i : i + size] for i in range(0, len(sequence), size)]
    if len(chunks[-1]) < size // 2:
        tail = chunks.pop()
        chunks[-1] = chunks[-1] + tail
    return chunks


def _identity(value: int) -> int:
    return value


def compute_signatures(shingled: Sequence[Shingled], num_perm: int = NUM_PERM) -> list[Signature]:
    """Stage 2: a MinHash signature per chunk of each article (a flat map).

    Chunks let a passage copied into a much longer article still collide: a whole-article Jaccard cannot see it."""
    template = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_identity, scheme="affine32")
    signatures = []
    for position, item in enumerate(shingled):
        for number, chunk in enumerate(chunks_of(item.sequence)):
            minhash = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_identity, permutations=template.permutations, scheme="affine32")
            minhash.update_batch(list(chunk))
            signatures.append(Signature(position, number, minhash.hashvalues.astype(np.uint32)))
    return signatures


def band_keys(signatures: Sequence[Signature], rows: int = BAND_ROWS) -> tuple[np.ndarray, np.ndarray]:
    """Stage 3: the blocking keys, one per band of each signature (band number in the high bits), and their articles."""
    if not signatures:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    matrix = np.stack([s.hashes for s in signatures]).astype(np.uint64)  # (signatures, num_perm)
    bands = matrix.shape[1] // rows
    keys = np.zeros((len(signatures), bands), dtype=np.uint64)
    for row in range(rows):
        # an odd multiplier mixes the rows of a band into one 32-bit key
        keys = (keys * np.uint64(0x9E3779B1) + matrix[:, row::rows][:, :bands]) & np.uint64(0xFFFFFFFF)
    keys |= np.arange(bands, dtype=np.uint64)[None, :] << np.uint64(32)
    positions = np.repeat(np.array([s.position for s in signatures], dtype=np.int64), bands)
    return keys.ravel(), positions


def candidate_pairs(keys: np.ndarray, positions: np.ndarray, cap: int = BUCKET_CAP) -> set[tuple[int, int]]:
    """Stage 4: pairs of articles sharing a bucket (a groupBy on the key); an oversized bucket pairs its members
    with its first `cap` only, since a key shared that widely is boilerplate rather than one text's copies."""
    order = np.lexsort((positions, keys))
    keys, positions = keys[order], positions[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    pairs: set[tuple[int, int]] = set()
    for start, end in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
        pairs.update(pairs_in_bucket(list(dict.fromkeys(positions[start:end].tolist())), cap))
    return pairs


def pairs_in_bucket(members: Sequence[int], cap: int = BUCKET_CAP) -> Iterator[tuple[int, int]]:
    """The candidate pairs of one bucket's members (distinct, in position order): each of the first `cap` with every
    later member (the local run and the Spark run both call this)."""
    for i, left in enumerate(members[:cap]):
        for right in members[i + 1 :]:
            yield left, right


def boilerplate_shingles(shingled: Sequence[Shingled], share: float = BOILERPLATE_SHARE) -> frozenset[int]:
    """Shingles found in too many articles to say anything about copying (a count by shingle).

    The limit stops growing at BOILERPLATE_ARTICLES so that chance collisions on common phrases stay bounded as the
    corpus grows; a text copied more often than that loses its shared shingles (a known blind spot)."""
    limit = boilerplate_limit(len(shingled), share)
    counts = Counter(s for item in shingled for s in item.shingles)
    return frozenset(s for s, n in counts.items() if n > limit)


def boilerplate_limit(articles: int, share: float = BOILERPLATE_SHARE) -> int:
    """In how many of `articles` articles a shingle may be found before it counts as boilerplate."""
    return max(20, min(BOILERPLATE_ARTICLES, int(share * articles)))


def strip_boilerplate(shingled: Sequence[Shingled], ignore: frozenset[int]) -> list[Shingled]:
    """Each article's shingles without the boilerplate ones (a map)."""
    if not ignore:
        return list(shingled)
    out = []
    for item in shingled:
        sequence = tuple(s for s in item.sequence if s not in ignore)
        out.append(Shingled(item.article, item.index, sequence, frozenset(sequence)))
    return out


def overlap(a: frozenset[int], b: frozenset[int], ignore: frozenset[int] = frozenset()) -> tuple[float, float]:
    """Jaccard and containment (share of the smaller set found in the other) of two shingle sets."""
    if ignore:
        a, b = a - ignore, b - ignore
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b))


def covered_share(sequence: Sequence[int], other: frozenset[int], window: int = WINDOW_SHINGLES) -> float:
    """Share of an article's windows of shingles that the other article echoes at all.

    Edits to a repost are scattered, so every window keeps some shared shingles; a partial copy has whole windows of
    its own text."""
    windows = [sequence[i : i + window] for i in range(0, len(sequence), window)]
    if len(windows) > 1 and len(windows[-1]) < window // 2:
        tail = windows.pop()
        windows[-1] = tuple(windows[-1]) + tuple(tail)
    if not windows:
        return 0.0
    echoed = sum(1 for w in windows if sum(1 for s in w if s in other) >= WINDOW_ECHO * len(w))
    return echoed / len(windows)


def class_overlap(jaccard: float, containment: float, size_ratio: float, coverage: float) -> str | None:
    """`repost`, `partial` or None from text overlap alone."""
    if jaccard >= REPOST_JACCARD and size_ratio >= REPOST_LENGTH_RATIO and coverage >= REPOST_COVERAGE:
        return "repost"
    if containment >= PARTIAL_CONTAINMENT:
        return "partial"
    return None


def earlier_first(left: Article, right: Article, left_index: int, right_index: int) -> bool:
    """True when `left` comes first: by publication date when both are known, else by input order."""
    if left.published and right.published and left.published != right.published:
        return left.published < right.published
    return left_index < right_index


def _overlap_words(jaccard: float, containment: float) -> str:
    """A pair's overlap as a reader can take it: both figures count two-word phrases, the very common ones aside."""
    return (f"{containment:.0%} of the shorter text's two-word phrases appear in the other "
            f"({jaccard:.0%} of all the phrases of the two, leaving out phrases found in many articles)")


def verify_pairs(
    articles: Sequence[Article], shingled: Sequence[Shingled], pairs: Iterable[tuple[int, int]]
) -> list[DuplicatePair]:
    """Stage 4: exact overlap of each candidate pair; keep and class the ones that share text."""
    found = []
    for left, right in sorted(pairs):
        a_sig, b_sig = shingled[left], shingled[right]
        if a_sig.article == b_sig.article:
            continue  # the same text twice is one article
        jaccard, containment = overlap(a_sig.shingles, b_sig.shingles)
        sizes = sorted((len(a_sig.shingles), len(b_sig.shingles)))
        ratio = sizes[0] / sizes[1] if sizes[1] else 0.0
        coverage = 0.0
        if jaccard >= REPOST_JACCARD and ratio >= REPOST_LENGTH_RATIO:
            coverage = min(covered_share(a_sig.sequence, b_sig.shingles), covered_share(b_sig.sequence, a_sig.shingles))
        kind = class_overlap(jaccard, containment, ratio, coverage)
        if kind is None:
            continue
        first, second = (left, right) if earlier_first(articles[left], articles[right], left, right) else (right, left)
        found.append(DuplicatePair(articles[first].id, articles[second].id, kind, round(jaccard, 4), round(containment, 4), _overlap_words(jaccard, containment)))  # type: ignore[arg-type]
    return found


CITATION_CAP = 200  # articles of one outlet checked against an article that cites it; beyond this the key is too vague
_FACT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


def normalise_name(name: str) -> str:
    """An outlet or entity name as a key: lower case, no leading 'the', no possessive, single spaces."""
    name = re.sub(r"['’]s\b", "", name.lower()).strip()
    name = re.sub(r"^the\s+", "", name)
    return " ".join(_WORD.findall(name))


def normalise_url(url: str) -> str:
    """A URL as a key: no scheme, no 'www.', no query or fragment, no trailing slash."""
    url = re.sub(r"^[a-z]+://", "", url.strip().lower())
    url = re.sub(r"^www\.", "", url)
    return re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/")


def cited_keys(article: Article) -> set[str]:
    """Keys under which other articles may cite this one: its outlet and its url."""
    keys = set()
    if article.outlet and normalise_name(article.outlet):
        keys.add("outlet:" + normalise_name(article.outlet))
    for url in (article.url, article.source):
        if url and "/" in url:
            keys.add("url:" + normalise_url(url))
    return keys


def citing_keys(article: Article) -> set[str]:
    """Keys this article cites: the outlets and links among its sources, and its outbound links."""
    keys = set()
    for source in article.sources:
        if source.kind == "outlet" and normalise_name(source.name):
            keys.add("outlet:" + normalise_name(source.name))
        if source.url:
            keys.add("url:" + normalise_url(source.url))
    for link in article.links:
        keys.add("url:" + normalise_url(link.url))
    return keys


def facts_of(article: Article) -> set[str]:
    """Named entities and quantity values an article states: what a summary keeps of its original."""
    facts = {"entity:" + normalise_name(e.span.text) for e in article.entities if e.label in _FACT_LABELS}
    facts |= {f"quantity:{q.low}:{q.high}:{q.unit}" for q in article.quantities if q.low is not None or q.high is not None}
    return facts


def find_summary_pairs(
    articles: Sequence[Article], shingled: Sequence[Shingled], known: set[tuple[int, int]]
) -> list[DuplicatePair]:
    """Pairs where the later article cites the earlier one's outlet or url and shares its facts and some text."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(articles):
        for key in cited_keys(article):
            by_key[key].append(position)
    found = []
    seen: set[tuple[int, int]] = set()
    for later, article in enumerate(articles):
        for key in sorted(citing_keys(article)):
            cited = by_key.get(key, [])
            if len(cited) > CITATION_CAP:
                continue
            for earlier in cited:
                pair = (min(earlier, later), max(earlier, later))
                if earlier == later or pair in known or pair in seen:
                    continue
                seen.add(pair)
                facts = (facts_of(articles[earlier]), facts_of(article))
                summary = summary_pair(articles[earlier], article, (earlier, later), key, facts, (shingled[earlier].shingles, shingled[later].shingles))
                if summary is not None:
                    found.append(summary)
    return found


def summary_pair(
    earlier, later, positions: tuple[int, int], key: str, facts: tuple[set[str], set[str]], shingles: tuple[frozenset[int], frozenset[int]]
) -> DuplicatePair | None:
    """One citing pair checked (the local and the Spark run both call this): the cited article came first, and the two
    share facts and some text. `earlier` and `later` need only an id and a publication date."""
    if not earlier_first(earlier, later, *positions) and earlier.published:
        return None  # a citation of an article published later cannot be its summary
    shared = facts[0] & facts[1]
    jaccard, containment = overlap(*shingles)
    if len(shared) < SUMMARY_SHARED_FACTS or containment < SUMMARY_CONTAINMENT:
        return None
    named = ", ".join(sorted(f.split(":", 1)[1] for f in shared)[:4])
    evidence = (f"cites {key.split(':', 1)[1]}; both give {named} ({len(shared)} names and figures in common); "
                + _overlap_words(jaccard, containment))
    return DuplicatePair(earlier.id, later.id, "summary", round(jaccard, 4), round(containment, 4), evidence)


def find_duplicate_pairs(articles: Sequence[Article]) -> list[DuplicatePair]:
    """Reposts, partial copies and citing summaries among the articles, each pair once, earlier article first."""
    shingled = shingle_articles(articles)
    shingled = strip_boilerplate(shingled, boilerplate_shingles(shingled))
    keys, positions = band_keys(compute_signatures(shingled))
    candidates = candidate_pairs(keys, positions)
    pairs = verify_pairs(articles, shingled, candidates)
    order = {article.id: i for i, article in enumerate(articles)}
    known = {tuple(sorted((order[p.a], order[p.b]))) for p in pairs}
    pairs += find_summary_pairs(articles, shingled, known)  # type: ignore[arg-type]
    unique: dict[tuple[str, str], DuplicatePair] = {}
    for pair in pairs:
        unique.setdefault(tuple(sorted((pair.a, pair.b))), pair)  # type: ignore[arg-type]
    return sorted(unique.values(), key=lambda p: (p.a, p.b))
