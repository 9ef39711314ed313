"""Incremental linking: stories whose trace inputs did not change keep their stored results; the rest are traced again.

A story's trace depends only on its id, its articles and the duplicate pairs among them (`trace_story` is a pure
function of those), so a fingerprint of exactly these inputs says when stored results are still the ones a full
link would compute. The corpus-wide stages (pairs, stories) still run over every article: a new article can change
boilerplate shingles, document frequencies and therefore any story's membership.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from retold.link.model import DuplicatePair, LinkResult, Story
from retold.link.stages import find_stories, pairs_by_story, trace_stories
from retold.model import Article
from retold.version import __version__


@dataclass
class IncrementalLink:
    """A link run's results: every pair and story, the traced records of the stories traced again, and what was kept."""

    result: LinkResult
    kept: frozenset[str]  # story ids whose stored edges, groups, conflicts, drifts and stances stay as they are
    fingerprints: dict[str, str] = field(default_factory=dict)  # story id -> fingerprint, for every traced story
    traced: int = 0
    articles: tuple[str, ...] = ()  # ids of the articles linked: the store records them as linked with the results


def story_fingerprint(story: Story, pairs: Sequence[DuplicatePair]) -> str:
    """A digest of everything `trace_story` reads: the story id, its article ids and its pairs (and retold's version)."""
    # the version is part of it: an upgraded retold may trace differently, so its first link traces everything again
    payload = [__version__, story.id, sorted(story.articles),
               [[p.a, p.b, p.kind, p.similarity, p.containment, p.evidence] for p in pairs]]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def link_incrementally(articles: Sequence[Article], previous: Mapping[str, str] | None = None) -> IncrementalLink:
    """Link the articles, tracing only stories whose fingerprint is not in `previous` (story id -> fingerprint)."""
    previous = previous or {}
    pairs, stories = find_stories(articles)
    grouped = pairs_by_story(stories, pairs)
    traceable = [story for story in stories if len(story.articles) >= 2]
    fingerprints = {story.id: story_fingerprint(story, grouped.get(story.id, [])) for story in traceable}
    kept = frozenset(story_id for story_id, digest in fingerprints.items() if previous.get(story_id) == digest)
    traced = trace_stories(stories, {article.id: article for article in articles}, pairs, skip=kept)
    result = LinkResult(pairs=pairs, stories=stories, edges=traced.edges, groups=traced.groups,
                        conflicts=traced.conflicts, drifts=traced.drifts, stances=traced.stances)
    return IncrementalLink(result, kept, fingerprints, len(traceable) - len(kept), tuple(article.id for article in articles))
