"""Stage 7 of story finding: stories that are one storyline (an event, its reveal, its denials, a retraction years on)
joined when an edge links them and their protagonists or all their pairs agree; and the cosine every stage scores with."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

from retold.link.events import TOLD_APART_SIZE, NameTally, different_subjects
from retold.link.rarity import zipf

# A storyline (an event, its reveal, its denials, a retraction years on) can split into stories whose words differ
# while their protagonists do not: two stories joined by an edge are one when a rare name (Zipf below this: a surname,
# an obscure institute, not a country or a party) is held by at least half the articles of each, and they are this
# similar on average over all their pairs. Different events of one kind (two primaries) share common names only.
RARE_NAME_ZIPF = 2.5
STORYLINE_SIMILARITY = 0.15
# Linked stories of 3+ articles this similar over all pairs are one, rare name or not: a sparse graph splits a large
# story (34 and 5 reports of one abduction). (FNC-1, ECB+ dev: 0.25 of 0.15-0.3; 0.2 joined two events of one subject.)
JOIN_SIMILARITY = 0.25


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def rare_names(vector: dict[str, float]) -> set[str]:
    """The names among a vector's features that are rare in general English."""
    return {key for key in vector if key[0] == "e" and zipf(key[2:]) < RARE_NAME_ZIPF}


def join_storylines(
    groups: list[list[int]], vectors: Sequence[dict[str, float]], edges: Collection[tuple[int, int]], threshold: float = STORYLINE_SIMILARITY
) -> list[list[int]]:
    """Stage 7: stories joined by an edge that hold one rare name in at least half their articles each and are similar
    enough over all their pairs (or, of 3+ articles each, JOIN_SIMILARITY without one), and lead with the same names,
    become one story; the most similar pair first, until none is left.

    A story is keyed by its first article; after a merge only the merged story's pairs are scored again."""
    members = {group[0]: list(group) for group in (sorted(g) for g in groups) if group}
    story_of = {i: key for key, group in members.items() for i in group}
    held = {key: _held_names(group, vectors) for key, group in members.items()}
    tallies = {key: NameTally.of(vectors[i] for i in group) for key, group in members.items()}
    linked: dict[int, set[int]] = defaultdict(set)
    for a, b in edges:
        if story_of[a] != story_of[b]:
            linked[story_of[a]].add(story_of[b])
            linked[story_of[b]].add(story_of[a])

    def score(a: int, b: int) -> float | None:
        needed = threshold if held[a] & held[b] else JOIN_SIMILARITY if min(len(members[a]), len(members[b])) >= TOLD_APART_SIZE else None
        if needed is None or different_subjects(tallies[a], tallies[b]):
            return None
        average = sum(cosine(vectors[x], vectors[y]) for x in members[a] for y in members[b]) / (len(members[a]) * len(members[b]))
        return average if average >= needed else None

    scores = {}
    for a in sorted(linked):
        for b in sorted(linked[a]):
            if a < b and (found := score(a, b)) is not None:
                scores[(a, b)] = found
    while scores:
        (a, b), _ = max(scores.items(), key=lambda item: (item[1], -item[0][0], -item[0][1]))
        members[a] = members[a] + members.pop(b)  # a < b: the merged story keeps the smaller key
        for i in members[a]:
            story_of[i] = a
        held[a] = _held_names(members[a], vectors)
        del held[b]
        tallies[a] = tallies[a].absorb(tallies.pop(b))
        neighbours = (linked.pop(a) | linked.pop(b)) - {a, b}
        for other in neighbours:
            linked[other] -= {a, b}
            linked[other].add(a)
        linked[a] = neighbours
        scores = {pair: value for pair, value in scores.items() if a not in pair and b not in pair}
        for other in sorted(neighbours):
            pair = (min(a, other), max(a, other))
            if (found := score(*pair)) is not None:
                scores[pair] = found
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


def _held_names(group: Sequence[int], vectors: Sequence[dict[str, float]]) -> set[str]:
    """The rare names held by at least half of a story's articles."""
    counts = Counter(name for i in group for name in rare_names(vectors[i]))
    return {name for name, count in counts.items() if 2 * count >= len(group)}
