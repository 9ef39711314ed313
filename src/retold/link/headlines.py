"""Claim grouping for short texts (headlines): the story machinery over key terms alone."""
from __future__ import annotations

from collections.abc import Sequence

from retold.link.stories import StorySettings, distinct_articles, group_articles
from retold.model import Article

# Headlines share few words, so a lower merge threshold than for articles. No named entities: the cheap ones
# (capitalised words) cannot tell a name from a Title Case headline, and spaCy would be slow for little gain.
# Tuned on the Emergent headlines.
HEADLINE_SETTINGS = StorySettings(merge_threshold=0.08, neighbours=12, posting_cap=80)


def group_headlines(headlines: Sequence[str], settings: StorySettings = HEADLINE_SETTINGS) -> list[int]:
    """A group label per headline: headlines about the same claim share a label (labels count from 0)."""
    articles = [Article(text=headline) for headline in headlines]
    kept = distinct_articles(articles)
    groups, _, _ = group_articles(kept, (), settings)
    label_of = {kept[i].id: label for label, group in enumerate(groups) for i in group}
    return [label_of[article.id] for article in articles]
