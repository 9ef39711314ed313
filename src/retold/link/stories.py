"""Stories: articles about the same event, from shared named entities, key terms, dates and near-duplicate pairs.

Stages, each a pure function over plain records: features per article (a map), document frequencies (a count by
feature, smoothed towards general English: `retold.link.rarity`), TF-IDF vectors (a map), blocking keys (each
article's strongest features that are neither unique nor too common; an inverted index with capped posting lists),
candidate neighbours scored within blocks, an average-linkage merge over the sparse similarity graph (stories that lead
with different names stay apart: `events.different_subjects`), then storylines: stories joined by an edge and one
rare name. Nothing compares all pairs of articles; the storyline stage compares all pairs of two stories that are
linked already.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from retold.analyze.outlets import outlet_name
from retold.link.duplicates import cited_keys, citing_keys, normalise_name
from retold.link.events import EventAnchor, NameTally, different_events, different_subjects, event_anchor
from retold.link.model import DuplicatePair, Story
from retold.link.rarity import PRIOR_ARTICLES, document_share
from retold.link.storylines import cosine, join_storylines
from retold.model import Article

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
ENTITY_WEIGHT = 1.5  # a shared name says more about the event than a shared word
BLOCK_KEYS = 20  # each article is blocked under its strongest features only
POSTING_CAP = 40  # a feature in more articles than this names a topic, not an event: no block
NEIGHBOURS = 12  # exact similarity is computed for this many best-scored candidates per article
VECTOR_FEATURES = 150  # vectors keep their strongest features: enough for cosine, bounded memory
YEAR_SHARE = 0.05  # the prior share of news articles naming a given year (wordfreq folds all digits together)
BLOCK_SCORE_MIN = 0.02  # the dot product over shared blocking keys (a lower bound of the cosine) worth checking
LINK_MIN = 0.08  # weaker edges are dropped before merging
MERGE_THRESHOLD = 0.10  # average similarity at which two clusters are one story (tuned on ECB+ dev)
DATE_WINDOW_DAYS = 7  # articles further apart than this have their similarity scaled down by window / gap
PAIR_SIMILARITY = {"repost": 1.0, "partial": 0.9, "summary": 0.6}
DIFFERENT_EVENT = 0.0  # two leads reporting other days in other places: shared words say "same kind", not "same event"
# An article that names another's outlet (or links to it) and shares one of its strongest names draws on it, even
# when its own words differ (a denial in business press, a translation): its edge to the cited article is at least this.
CITATION_SIMILARITY = 0.3
CITATION_CAP = 200  # articles under one cited key; beyond this the outlet is cited for everything, not for one event
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d{4}")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are around as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours out over own said same say says she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself told according tuesday monday wednesday
    thursday friday saturday sunday week year years yesterday today new one two three people time last first like
    get got make made may might must well back even still many much way since per cent percent mr mrs ms""".split()
)


# the last word of a news outlet's name ("the Harrow Gazette"); known outlets by name come from `analyze.outlets`
OUTLET_HEADS = frozenset(
    "gazette times post news herald ledger journal tribune telegraph express chronicle courier guardian observer mirror wire "
    "dispatch bulletin inquirer examiner daily weekly press standard sentinel monitor".split()
)


@dataclass(frozen=True)
class StorySettings:
    """The knobs of story clustering; the defaults are tuned for news articles."""

    entity_weight: float = ENTITY_WEIGHT
    merge_threshold: float = MERGE_THRESHOLD
    neighbours: int = NEIGHBOURS
    block_keys: int = BLOCK_KEYS
    posting_cap: int = POSTING_CAP


@dataclass(frozen=True)
class Features:
    """One article's countable features: 'e:' named entities, 'o:' outlets named, 't:' key terms, 'y:' years."""

    article: str
    counts: dict[str, int]
    surfaces: dict[str, str]  # entity key -> the words used, for labels


def _stem(word: str) -> str:
    """A crude plural strip, enough to match 'suspects' with 'suspect' without a lemmatiser."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_outlet_name(name: str, key: str) -> bool:
    """A name (and its normalised key) that is a known outlet ('Reuters', 'the BBC') or reads as one ('Harrow Gazette')."""
    words = key.split()
    return len(words) > 1 and words[-1] in OUTLET_HEADS or outlet_name(name) is not None


def extract_features(article: Article) -> Features:
    """Stage 1: entity, term and year counts of one article (a map).

    A named outlet is counted as 'o:' (a possible citation, see `mentioned_keys`), never as an event's name or words:
    who reported says nothing about what happened, and two pieces that both name one newspaper are not one story."""
    counts: Counter[str] = Counter()
    surfaces: dict[str, str] = {}
    outlet_spans = []
    for entity in article.entities:
        if entity.label not in ENTITY_LABELS:
            continue
        key = normalise_name(entity.span.text)
        if not key or key in _STOPWORDS:
            continue
        if is_outlet_name(entity.span.text, key):
            counts["o:" + key] += 1
            outlet_spans.append((entity.span.start, entity.span.end))
            continue
        counts["e:" + key] += 1
        surfaces.setdefault("e:" + key, entity.span.text.strip())
        if entity.label == "PERSON" and " " in key:
            # later mentions use the surname alone
            counts["e:" + key.rsplit(" ", 1)[1]] += 1
            surfaces.setdefault("e:" + key.rsplit(" ", 1)[1], entity.span.text.strip())
    for match in _WORD.finditer(article.text):
        token = match.group()
        if any(start <= match.start() < end for start, end in outlet_spans):
            continue
        if token.isdigit():
            if 1900 <= int(token) <= 2100:
                counts["y:" + token] += 1
            continue
        word = token.lower()
        if len(word) < 3 or word in _STOPWORDS:
            continue
        counts["t:" + _stem(word)] += 1
    return Features(article.id, dict(counts), surfaces)


def document_frequencies(features: Sequence[Features]) -> Counter[str]:
    """Stage 2: in how many articles each feature occurs (a count by feature)."""
    return Counter(key for feature in features for key in feature.counts)


def inverse_document_frequency(key: str, frequency: int, n: int) -> float:
    """-log of the share of articles holding a feature: the corpus's count smoothed towards general English.

    Thirty retellings of one event all say "hospital" and "Gaza"; their own counts alone would weigh page furniture
    over the event's defining words (see `retold.link.rarity`)."""
    if key[0] == "y":
        share = (frequency + PRIOR_ARTICLES * YEAR_SHARE) / (n + PRIOR_ARTICLES)
    else:
        share = document_share(key[2:], frequency, n)
    return -math.log(min(1.0, share))


def tfidf_vector(feature: Features, frequencies: Counter[str], n: int, entity_weight: float = ENTITY_WEIGHT, size: int = VECTOR_FEATURES) -> dict[str, float]:
    """Stage 3: a unit TF-IDF vector (sublinear tf) over the article's strongest features."""
    weights = {}
    for key, count in feature.counts.items():
        if key[0] == "o":
            continue  # an outlet named is a citation (see `citation_edges`), not part of what the story is about
        idf = inverse_document_frequency(key, frequencies[key], n)
        weights[key] = (1.0 + math.log(count)) * idf * (entity_weight if key[0] == "e" else 1.0)
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {key: w / norm for key, w in top}


def blocking_keys(vector: dict[str, float], frequencies: Counter[str], count: int = BLOCK_KEYS, cap: int = POSTING_CAP) -> list[str]:
    """Stage 4: the article's strongest features shared with at least one other article and by at most `cap`."""
    keys = [key for key in vector if 2 <= frequencies[key] <= cap]
    return sorted(keys, key=lambda k: (-vector[k], k))[:count]


def _days_between(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def date_factor(a: str | None, b: str | None, window: int = DATE_WINDOW_DAYS) -> float:
    """1 within the window; window / gap beyond it; 1 when a date is unknown."""
    gap = _days_between(a, b)
    return 1.0 if gap is None or gap <= window else window / gap


def pair_similarity(a: dict[str, float], b: dict[str, float], published: tuple[str | None, str | None], anchors: tuple[str | None, str | None]) -> float:
    """Cosine scaled by the date gap, and by DIFFERENT_EVENT when the two leads report events on other days in other
    places (`retold.link.events`); anchors travel as `EventAnchor.key()` strings."""
    similarity = cosine(a, b) * date_factor(*published)
    if different_events(EventAnchor.from_key(anchors[0]), EventAnchor.from_key(anchors[1])):
        similarity *= DIFFERENT_EVENT
    return similarity


def similarity_edges(
    articles: Sequence[Article], vectors: Sequence[dict[str, float]], keys: Sequence[list[str]], neighbours: int = NEIGHBOURS,
    anchors: Sequence[str] | None = None,
) -> dict[tuple[int, int], float]:
    """Stage 5: candidate pairs from shared blocks, each article's best-scored candidates verified by cosine."""
    anchors = anchors if anchors is not None else [""] * len(articles)
    postings: dict[str, list[int]] = defaultdict(list)
    for position, article_keys in enumerate(keys):
        for key in article_keys:
            postings[key].append(position)
    edges: dict[tuple[int, int], float] = {}
    for position, article_keys in enumerate(keys):
        scores: dict[int, float] = defaultdict(float)
        vector = vectors[position]
        for key in article_keys:
            weight = vector[key]
            for other in postings[key]:
                if other != position:
                    scores[other] += weight * vectors[other].get(key, 0.0)
        for other in best_neighbours(scores, neighbours):
            pair = (position, other) if position < other else (other, position)
            if pair in edges:
                continue
            similarity = pair_similarity(vector, vectors[other], (articles[position].published, articles[other].published),
                                         (anchors[position], anchors[other]))
            if similarity >= LINK_MIN:
                edges[pair] = similarity
    return edges


def best_neighbours(scores: dict[int, float], neighbours: int = NEIGHBOURS) -> list[int]:
    """An article's best-scored candidates worth checking (a score of at least BLOCK_SCORE_MIN), best first, the
    earlier position first on a tie (the local run and the Spark run both call this)."""
    best = heapq.nsmallest(neighbours, ((-score, other) for other, score in scores.items() if score >= BLOCK_SCORE_MIN))
    return [other for _, other in best]


def mentioned_keys(feature: Features) -> set[str]:
    """The cited keys an article's named entities could be: 'outlet:' plus each entity's or outlet name's key."""
    return {"outlet:" + key[2:] for key in feature.counts if key[0] in "eo"}


def citation_similarity(
    citing: dict[str, float], citing_published: str | None, cited: dict[str, float], cited_published: str | None, key: str
) -> float | None:
    """How similar a citing article is to one its key names, or None when it cannot draw on it.

    The cited article must not be later, and the two must share a named entity among both vectors' strongest features
    other than the cited outlet's own name, and be as similar as a kept edge (LINK_MIN)."""
    if citing_published and cited_published and cited_published[:10] > citing_published[:10]:
        return None
    outlet = "e:" + key.split(":", 1)[1] if key.startswith("outlet:") else None
    if not any(name[0] == "e" and name != outlet and name in cited for name in citing):
        return None
    similarity = cosine(citing, cited) * date_factor(citing_published, cited_published)
    return similarity if similarity >= LINK_MIN else None


def cited_article(
    citing: int, candidates: Sequence[int], key: str, published: Sequence[str | None], vectors: Sequence[dict[str, float]]
) -> tuple[int, float] | None:
    """Of the articles under a key the citing article names, the one it draws on (the most similar, earliest position on
    a tie) and the edge to it, lifted to CITATION_SIMILARITY."""
    best: tuple[float, int] | None = None
    for other in candidates:
        if other == citing:
            continue
        similarity = citation_similarity(vectors[citing], published[citing], vectors[other], published[other], key)
        if similarity is not None and (best is None or (-similarity, other) < (-best[0], best[1])):
            best = (similarity, other)
    return None if best is None else (best[1], max(best[0], CITATION_SIMILARITY))


def citation_edges(
    articles: Sequence[Article], features: Sequence[Features], vectors: Sequence[dict[str, float]], cap: int = CITATION_CAP
) -> dict[tuple[int, int], float]:
    """Stage 5b: each article joined to the article it cites under each key (an outlet it names or links, a url), sorted by pair.

    An outlet is cited by entity mention ("a report by The Brannock Ledger") as well as by the sources the analysis
    found; the article's own outlet and url are never a citation."""
    by_key: dict[str, list[int]] = defaultdict(list)
    own: list[set[str]] = []
    for position, article in enumerate(articles):
        keys = cited_keys(article)
        own.append(keys)
        for key in keys:
            by_key[key].append(position)
    published = [article.published for article in articles]
    edges: dict[tuple[int, int], float] = {}
    for position, article in enumerate(articles):
        for key in sorted((citing_keys(article) | mentioned_keys(features[position])) - own[position]):
            candidates = by_key.get(key, [])
            if not candidates or len(candidates) > cap:
                continue
            found = cited_article(position, candidates, key, published, vectors)
            if found is not None:
                other, similarity = found
                pair = (min(position, other), max(position, other))
                # cited both ways or under two keys: cosine may differ in the last bit by direction, so keep the larger
                edges[pair] = max(edges.get(pair, 0.0), similarity)
    return dict(sorted(edges.items()))


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def merge_average_linkage(n: int, edges: dict[tuple[int, int], float], forced: Sequence[tuple[int, int]], threshold: float = MERGE_THRESHOLD,
                          vectors: Sequence[dict[str, float]] | None = None) -> list[list[int]]:
    """Stage 6: average-linkage merging over a sparse graph (a missing edge counts as 0); forced pairs start merged.
    Given the articles' vectors, two clusters that lead with different names stay apart (`events.different_subjects`)."""
    parent = list(range(n))
    for left, right in forced:
        a, b = _find(parent, left), _find(parent, right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[_find(parent, i)].append(i)
    tallies = {key: NameTally.of(vectors[i] for i in group) for key, group in members.items()} if vectors is not None else {}
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for (left, right), similarity in edges.items():
        a, b = _find(parent, left), _find(parent, right)
        if a != b:
            sums[a][b] = sums[a].get(b, 0.0) + similarity
            sums[b][a] = sums[b].get(a, 0.0) + similarity
    heap = [(-total / (len(members[a]) * len(members[b])), a, b) for a in sums for b, total in sums[a].items() if a < b]
    heapq.heapify(heap)
    next_id = n
    while heap:
        negative, a, b = heapq.heappop(heap)
        if -negative < threshold:
            break
        if a not in members or b not in members:
            continue  # one side was merged already; its entry is stale
        if tallies and different_subjects(tallies[a], tallies[b]):
            continue  # dropped: a later merge of either side is weighed afresh
        merged_id, next_id = next_id, next_id + 1
        members[merged_id] = members.pop(a) + members.pop(b)
        if tallies:
            tallies[merged_id] = tallies.pop(a).absorb(tallies.pop(b))
        merged_sums: dict[int, float] = {}
        for side in (a, b):
            for other, total in sums.pop(side, {}).items():
                if other in (a, b):
                    continue
                merged_sums[other] = merged_sums.get(other, 0.0) + total
                sums[other].pop(side, None)
        for other, total in merged_sums.items():
            sums[other][merged_id] = total
            heapq.heappush(heap, (-total / (len(members[merged_id]) * len(members[other])), min(other, merged_id), max(other, merged_id)))
        sums[merged_id] = merged_sums
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


def story_groups(
    n: int, edges: dict[tuple[int, int], float], pairs: Iterable[tuple[tuple[int, int], str]],
    citations: Iterable[tuple[tuple[int, int], float]], anchors: Sequence[str | None], vectors: Sequence[dict[str, float]],
    settings: StorySettings = StorySettings(),
) -> list[list[int]]:
    """Stages 6 and 7 over `n` articles (all of them locally, one connected component on Spark): the near-duplicate
    pairs ((x, y), kind) and citation edges ((x, y), similarity) added to the similarity `edges`, then merged by
    average linkage and joined into storylines. Edges are added in the order given: the merge sums them in that order.

    A repost forces its two articles together; another pair or a citation lifts the edge to at least its similarity."""
    forced = []
    for edge, kind in pairs:
        if different_events(EventAnchor.from_key(anchors[edge[0]]), EventAnchor.from_key(anchors[edge[1]])):
            continue  # text shared by reports of two events is background (a delegate rule, a storm scale), not a retelling
        if kind == "repost":
            forced.append(edge)
        else:
            edges[edge] = max(edges.get(edge, 0.0), PAIR_SIMILARITY[kind])
    for edge, similarity in citations:
        edges[edge] = max(edges.get(edge, 0.0), similarity)
    groups = merge_average_linkage(n, edges, forced, settings.merge_threshold, vectors)
    return join_storylines(groups, vectors, [*edges, *forced])


def describe_story(articles: Sequence[Article], group: list[int], features: Sequence[Features], vectors: Sequence[dict[str, float]]) -> Story:
    """A story record: id from its earliest article, label from its strongest entities and terms, its time span."""
    ordered = sorted(group, key=lambda i: (articles[i].published or "~", articles[i].id))
    weights: Counter[str] = Counter()
    for i in group:
        weights.update(vectors[i])
    top = [key for key, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))]
    names = [key for key in top if key[0] == "e"][:3]
    words = [key for key in top if key[0] == "t"][:2]
    surface: dict[str, str] = {}
    for i in group:
        for key, text in features[i].surfaces.items():
            surface.setdefault(key, text)
    label = ", ".join([surface.get(k, k[2:]) for k in names] + [k[2:] for k in words])
    dates = sorted(articles[i].published for i in group if articles[i].published)  # type: ignore[type-var]  # dated ones only
    story_id = "story-" + hashlib.sha256(articles[ordered[0]].id.encode()).hexdigest()[:12]
    ids = tuple(articles[i].id for i in ordered)
    return Story(story_id, label, ids, dates[0] if dates else None, dates[-1] if dates else None, tuple(k[2:] for k in top[:8]))


def group_articles(
    articles: Sequence[Article], pairs: Sequence[DuplicatePair] = (), settings: StorySettings = StorySettings()
) -> tuple[list[list[int]], list[Features], list[dict[str, float]]]:
    """Positions of articles grouped into stories (articles must have distinct ids), with their features and vectors."""
    features = [extract_features(article) for article in articles]
    frequencies = document_frequencies(features)
    vectors = [tfidf_vector(feature, frequencies, len(articles), settings.entity_weight) for feature in features]
    keys = [blocking_keys(vector, frequencies, settings.block_keys, settings.posting_cap) for vector in vectors]
    anchors = [event_anchor(article).key() for article in articles]
    edges = similarity_edges(articles, vectors, keys, settings.neighbours, anchors)
    position = {article.id: i for i, article in enumerate(articles)}
    positioned = [((min(position[pair.a], position[pair.b]), max(position[pair.a], position[pair.b])), pair.kind)
                  for pair in pairs if pair.a in position and pair.b in position]
    citations = citation_edges(articles, features, vectors).items()
    return story_groups(len(articles), edges, positioned, citations, anchors, vectors, settings), features, vectors


def distinct_articles(articles: Sequence[Article]) -> list[Article]:
    """The articles with the same text kept once, first occurrence first."""
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    return list(unique.values())


def cluster_stories(
    articles: Sequence[Article], pairs: Sequence[DuplicatePair] = (), settings: StorySettings = StorySettings()
) -> list[Story]:
    """Group the articles into stories (every article in exactly one), sorted by start date then id."""
    kept = distinct_articles(articles)
    groups, features, vectors = group_articles(kept, pairs, settings)
    stories = [describe_story(kept, group, features, vectors) for group in groups]
    return sorted(stories, key=lambda s: (s.start or "~", s.id))
