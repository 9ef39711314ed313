"""The link stages in order: near-duplicate pairs -> stories -> per story: provenance, claims, conflicts, drift."""
from __future__ import annotations

from typing import Sequence

from retold.link.model import LinkResult
from retold.model import Article


def link_articles(articles: Sequence[Article]) -> LinkResult:
    """Run every cross-article stage over analysed articles; each stage's output is the next one's declared input."""
    from retold.link.duplicates import find_duplicate_pairs
    from retold.link.stories import cluster_stories
    from retold.link.trace import trace_story

    pairs = find_duplicate_pairs(articles)
    stories = cluster_stories(articles, pairs)
    result = LinkResult(pairs=list(pairs), stories=list(stories))
    by_id = {article.id: article for article in articles}
    for story in stories:
        if len(story.articles) < 2:
            continue  # a story of one article has no retelling to trace
        members = {article_id: by_id[article_id] for article_id in story.articles}
        story_pairs = [pair for pair in pairs if pair.a in members and pair.b in members]
        edges, groups, conflicts, drifts = trace_story(story, members, story_pairs)
        result.edges.extend(edges)
        result.groups.extend(groups)
        result.conflicts.extend(conflicts)
        result.drifts.extend(drifts)
    return result
