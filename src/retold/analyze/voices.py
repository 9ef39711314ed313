"""Whose voice a stretch of text is in: the attribution whose content holds it, or the article's own (the author)."""
from __future__ import annotations

import re

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
    """(speaker name, attribution id) for the words in `span`, or for the attribution a record already names; a figure
    outside any attribution with a named speaker whose own phrase names its source ("the Hamas toll of 500") is that
    source's."""
    known = {a.id: a for a in article.attributions}
    attribution = known.get(attribution_id) if attribution_id else attribution_at(article, span)
    if attribution is None or attribution.speaker is None:
        owner = figure_owner(article.text, span.start)
        if owner:
            return owner, None
    return speaker_name(attribution), attribution.id if attribution else None


# "the Hamas toll of 500", "the ministry's figure of 471", "the UN's estimate of 300": the figure is the named one's
FIGURE_OWNER = re.compile(
    r"\b(?P<owner>[A-Z][\w.-]*(?:[ -][A-Z][\w.-]*){0,3})(?:['’]s)?[ -](?:(?:death|casualty|injury)[ -])?"
    r"(?:toll|figure|count|tally|estimate|number)s?[ ]+(?:of|at)[ ]+(?:about |around |some |nearly |more than |over )?$"
)
OWNER_NOT = frozenset("The A An This That Its Their His Her Our Official Initial Final Latest Earlier New".split())


# "the health ministry put the death toll at 500", "a European official estimated the number at 50": who estimates
ESTIMATE_OWNER = re.compile(
    r"(?:^|[,;:.!?]\s+|\n)(?:(?:and|but|while|whereas)\s+)?(?P<owner>[^,;:.!?\n]{3,80}?)\s+"
    r"(?:put|puts|placed|places|estimated|estimates|set|sets)\s+(?:the|its|their)\s+(?:(?:death|casualty|injury)\s+)?"
    r"(?:toll|number|figure|count|tally)\s+at\s+(?:about |around |some |nearly |more than |over |at least )?$"
)
OWNER_PRONOUNS = frozenset("it they he she we i you this that and but while whereas".split())


def figure_owner(text: str, start: int) -> str | None:
    """Who a figure's own phrase credits it to ("the Hamas toll of 500" -> Hamas; "the health ministry put the toll
    at 500" -> health ministry), or None."""
    match = FIGURE_OWNER.search(text, max(0, start - 80), start)
    if match is not None:
        words = [w for w in match.group("owner").split() if w not in OWNER_NOT]
        return " ".join(words) or None
    match = ESTIMATE_OWNER.search(text, max(0, start - 160), start)
    if match is None:
        return None
    words = match.group("owner").split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words or all(w.lower() in OWNER_PRONOUNS for w in words):
        return None
    return " ".join(words)



def direct_quote_spans(article: Article) -> list[Span]:
    """Contents of direct quotations: words that are the speaker's own, not the author's."""
    return [a.content for a in article.attributions if a.mode == "direct" and a.content]
