"""Attribution: who said what. Cue words, their speakers and contents, quotes, frames and denials -> Attribution records."""
from __future__ import annotations

import re

from retold.analyze.attribution.assemble import clear_of, find_drafts, keep_reported_speech_in_its_paragraph, to_records
from retold.analyze.attribution.persons import resolve_persons
from retold.analyze.datelines import skipped_ranges
from retold.model import Article

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def run(article: Article, doc) -> dict[str, list]:
    """The attributions of an article, ids A1, A2, ... in text order."""
    drafts = clear_of(find_drafts(article.text, doc), skipped_ranges(article.text), article.text)
    breaks = [(m.start(), m.end()) for m in PARAGRAPH_BREAK.finditer(article.text)]
    drafts = keep_reported_speech_in_its_paragraph(drafts, breaks, article.text)
    drafts = resolve_persons(drafts, article.text)
    return {"attributions": to_records(article, drafts)}
