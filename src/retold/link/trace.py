"""Trace one story: provenance, claim alignment, cross-article conflicts, drift and stances, as one pure function."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from retold.link.alignment import StoryVoices, align_claims, key_words, nominal, proposition_claims, quantity_claims
from retold.link.crossconflicts import find_cross_conflicts
from retold.link.culprits import StoryCulprits
from retold.link.drift import find_drifts
from retold.link.model import DuplicatePair, Story, StoryTrace
from retold.link.provenance import find_provenance
from retold.link.stances import StancePredictor, find_stances
from retold.model import Article


def trace_story(
    story: Story, articles: Mapping[str, Article], pairs: Sequence[DuplicatePair] = (), stance_model: StancePredictor | None = None
) -> StoryTrace:
    """Provenance edges, aligned claim groups, cross-article conflicts, drifts and stances of one story's analysed articles.

    The stances come from `stance_model`, by default the shipped model (loaded once per process)."""
    members = [articles[i] for i in sorted(set(story.articles)) if i in articles]
    by_id = {a.id: a for a in members}
    voices = StoryVoices(tuple(sorted({a.outlet for a in members if a.outlet})))
    quantities = {a.id: quantity_claims(a, voices) for a in members}
    propositions = {a.id: proposition_claims(a, voices) for a in members}
    shared = _shared_facts(quantities)
    ids = set(by_id)
    edges = find_provenance(story.id, members, [p for p in pairs if p.a in ids and p.b in ids], shared)
    groups = align_claims(story.id, quantities, propositions)
    outlet_words = frozenset(w for outlet in voices.outlets for w in key_words(outlet))
    culprits = StoryCulprits.of(by_id, voices)
    conflicts = find_cross_conflicts(story.id, by_id, groups, propositions, outlet_words, culprits)
    drifts = find_drifts(story.id, by_id, edges, quantities, propositions, culprits)
    stances = find_stances(story.id, by_id, groups, stance_model)
    return StoryTrace(edges, groups, conflicts, drifts, stances)


def _shared_facts(quantities) -> dict[tuple[str, str], int]:
    """For each ordered pair of articles, how many of the second's figures the first gives too (same category and figure)."""
    shared: dict[tuple[str, str], int] = {}
    for source, earlier in quantities.items():
        for target, later in quantities.items():
            if source == target:
                continue
            count = sum(1 for q in later if any(q.same_category(e) and nominal(q.quantity) == nominal(e.quantity) for e in earlier))
            if count:
                shared[(source, target)] = count
    return shared
