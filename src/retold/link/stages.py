"""The link stages in order: near-duplicate pairs -> stories -> per story: provenance, claims, conflicts, drift, stances."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from retold.link.model import DuplicatePair, LinkResult, Story
from retold.model import Article


def find_stories(articles: Sequence[Article]) -> tuple[list[DuplicatePair], list[Story]]:
    """The corpus-wide stages: near-duplicate pairs, then the stories they and the articles' features make."""
    # here, not above: datasketch (MinHash) imports SciPy, a second that `retold --help` or `retold stories` never needs
    from retold.link.duplicates import find_duplicate_pairs
    from retold.link.stories import cluster_stories

    pairs = find_duplicate_pairs(articles)
    return list(pairs), list(cluster_stories(articles, pairs))


def pairs_by_story(stories: Sequence[Story], pairs: Sequence[DuplicatePair]) -> dict[str, list[DuplicatePair]]:
    """Story id -> the pairs with both articles in that story, in the order of `pairs` (a join on the story key)."""
    story_of = {article_id: story.id for story in stories for article_id in story.articles}
    out: dict[str, list[DuplicatePair]] = defaultdict(list)
    for pair in pairs:
        story = story_of.get(pair.a)
        if story is not None and story_of.get(pair.b) == story:
            out[story].append(pair)
    return out


def trace_stories(
    stories: Sequence[Story], by_id: Mapping[str, Article], pairs: Sequence[DuplicatePair], skip: Collection[str] = frozenset()
) -> LinkResult:
    """Trace every story of two articles or more, except those in `skip`; only the traced records (edges to stances) are set."""
    # here, not above: the trace stages load spaCy's vocabulary, which reading and grouping stories never needs
    from retold.link import trace

    result = LinkResult()
    grouped = pairs_by_story(stories, pairs)
    for story in stories:
        if len(story.articles) < 2 or story.id in skip:
            continue  # a story of one article has no retelling to trace; a skipped one keeps its stored results
        members = {article_id: by_id[article_id] for article_id in story.articles}
        traced = trace.trace_story(story, members, grouped.get(story.id, []))
        result.edges.extend(traced.edges)
        result.groups.extend(traced.groups)
        result.conflicts.extend(traced.conflicts)
        result.drifts.extend(traced.drifts)
        result.stances.extend(traced.stances)
    return result


def link_articles(articles: Sequence[Article]) -> LinkResult:
    """Run every cross-article stage over analysed articles; each stage's output is the next one's declared input."""
    pairs, stories = find_stories(articles)
    traced = trace_stories(stories, {article.id: article for article in articles}, pairs)
    return LinkResult(pairs=pairs, stories=stories, edges=traced.edges, groups=traced.groups,
                      conflicts=traced.conflicts, drifts=traced.drifts, stances=traced.stances)
