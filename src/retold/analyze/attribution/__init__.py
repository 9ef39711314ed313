"""Attribution: who said what. Cue words, their speakers and contents, quotes, frames and denials -> Attribution records."""
from __future__ import annotations

from retold.analyze.attribution.assemble import clear_of, find_drafts, to_records
from retold.analyze.datelines import skipped_ranges
from retold.model import Article


def run(article: Article, doc) -> dict[str, list]:
    """The attributions of an article, ids A1, A2, ... in text order."""
    drafts = clear_of(find_drafts(article.text, doc), skipped_ranges(article.text), article.text)
    return {"attributions": to_records(article, drafts)}
