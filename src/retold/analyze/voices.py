"""Whose voice a stretch of text is in: the attribution whose content holds it, or the article's own (the author)."""
from __future__ import annotations

from retold.model import Article, Attribution, Span

AUTHOR = "author"


def attribution_at(article: Article, span: Span) -> Attribution | None:
    """The innermost attribution asserting the words in `span` (a denial's content is what its speaker rejects)."""
    best: Attribution | None = None
    for attribution in article.attributions:
        if attribution.polarity == "deny":
            continue
        parts = attribution.content_parts or ((attribution.content,) if attribution.content else ())
        if any(part.contains(span) for part in parts) or (attribution.content and attribution.content.contains(span)):
            width = attribution.content.end - attribution.content.start if attribution.content else 10**9
            if best is None or (best.content and width < best.content.end - best.content.start):
                best = attribution
    return best


def speaker_name(attribution: Attribution | None) -> str:
    """The normalised speaker of an attribution, or the author's voice for none."""
    if attribution is None or attribution.speaker is None:
        return AUTHOR
    return attribution.speaker.name or AUTHOR


def voice_at(article: Article, span: Span, attribution_id: str | None = None) -> tuple[str, str | None]:
    """(speaker name, attribution id) for the words in `span`, or for the attribution a record already names."""
    known = {a.id: a for a in article.attributions}
    attribution = known.get(attribution_id) if attribution_id else attribution_at(article, span)
    return speaker_name(attribution), attribution.id if attribution else None


def direct_quote_spans(article: Article) -> list[Span]:
    """Contents of direct quotations: words that are the speaker's own, not the author's."""
    return [a.content for a in article.attributions if a.mode == "direct" and a.content]
