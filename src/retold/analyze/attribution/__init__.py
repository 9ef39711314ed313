"""Attribution: who said what. Cue words, their speakers and contents, quotes, frames and denials -> Attribution records."""
from __future__ import annotations

from retold.analyze.attribution.assemble import find_drafts, to_records
from retold.model import Article


def run(article: Article, doc) -> dict[str, list]:
    """The attributions of an article, ids A1, A2, ... in text order."""
    drafts = find_drafts(article.text, doc)
    return {"attributions": to_records(article, drafts)}
