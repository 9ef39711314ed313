"""Check-worthy claims: one per voice in a sentence, typed, with its speaker, hedges and a check-worthiness score."""
from __future__ import annotations

import re
from dataclasses import replace

from retold.analyze.attribution.table import token_table
from retold.analyze.editorial import Marker, find_markers, find_scare_quotes
from retold.analyze.voices import AUTHOR, direct_quote_spans, speaker_name
from retold.checkworthy.model import score_sentences
from retold.model import Article, Attribution, Claim, ClaimType, Hedge, Quantity, Sentence, Span

# page furniture, not claims: link prompts, credits, sharing and subscription lines
BOILERPLATE = re.compile(
    r"^\s*(?:to read (?:the|this)|read (?:the|more|full)|click here|photo(?:graph)?s? (?:courtesy|by|credit)|image:|"
    r"(?:photo|image|picture) credit|follow us|subscribe|sign up|share (?:this|on)|copyright|©|all rights reserved|"
    r"related:|advertisement|continue reading)",
    re.I,
)
OPINION_KINDS = {"evaluative", "speculation", "interpretation", "emphasis", "scare_quote"}


def find_claims(article: Article, doc) -> list[Claim]:
    """Claims in text order: the attributed content of each source, and the author's own statements."""
    quotes = direct_quote_spans(article)
    found: list[Claim] = []
    for sentence in article.sentences:
        if BOILERPLATE.match(sentence.span.text):
            continue
        found.extend(_attributed_claims(article, sentence))
        author_claim = _author_claim(article, doc, sentence, quotes)
        if author_claim:
            found.append(author_claim)
    found.sort(key=lambda c: (c.span.start, c.span.end))
    scores = _model_scores(doc, found)
    return [replace(claim, id=f"C{i}", score=score) for i, (claim, score) in enumerate(zip(found, scores), 1)]


def _model_scores(doc, claims: list[Claim]) -> list[float]:
    """The shipped check-worthiness model's score of each claim's words, all claims of the article in one pass."""
    if not claims:
        return []
    # the model reads the parse retold already has, so scoring costs no second spaCy pass
    spans = [doc.char_span(c.span.start, c.span.end, alignment_mode="expand") for c in claims]
    spans = [s if s is not None else doc[0:0] for s in spans]
    return [round(s, 4) for s in score_sentences([c.span.text for c in claims], spans)]


def _attributed_claims(article: Article, sentence: Sentence) -> list[Claim]:
    claims = []
    for attribution in article.attributions:
        anchor = attribution.content or attribution.cue
        if anchor is None or not sentence.span.contains(Span(anchor.start, anchor.start, "")):
            continue
        span = attribution.content or sentence.span
        quantities = _quantities_in(article.quantities, span)
        claims.append(
            Claim(
                id="",
                type=_attributed_type(attribution, quantities),
                span=span,
                speaker=speaker_name(attribution),
                attribution=attribution.id,
                score=0.0,  # set by _model_scores once every claim of the article is known
                hedges=tuple(h for q in quantities for h in q.hedges),
                cues=tuple(s for s in (attribution.cue,) if s),
                quantities=tuple(q.id for q in quantities),
                sentence=sentence.id,
            )
        )
    return claims


def _attributed_type(attribution: Attribution, quantities: list[Quantity]) -> ClaimType:
    if attribution.polarity == "deny":
        return "denial"
    if attribution.mode in ("direct", "mixed"):
        return "quote"
    return "quantity" if quantities else "event"


def _author_claim(article: Article, doc, sentence: Sentence, quotes: list[Span]) -> Claim | None:
    """The author's voice in a sentence: what is left outside direct quotes, typed by its markers."""
    start, end = sentence.span.start, sentence.span.end
    tokens = doc.char_span(start, end, alignment_mode="expand")
    if tokens is None:
        return None
    markers = [m for m in find_markers(tokens, article.text) + find_scare_quotes(article.text, start, end) if not _in_any(m, quotes)]
    kinds = {m.kind for m in markers}
    claim_type: ClaimType | None = None
    if "question" in kinds:
        claim_type = "question"
    elif "prediction" in kinds:
        claim_type = "prediction"
    elif kinds & OPINION_KINDS:
        claim_type = "opinion"
    if claim_type is None:
        covered = [a for a in article.attributions if a.content and a.content.overlaps(sentence.span)]
        if covered or any(q.contains(sentence.span) for q in quotes):
            return None  # the sentence is a source's, and that source's claim is already recorded
        if not any(pos in ("VERB", "AUX") for pos in token_table(doc).pos[tokens.start : tokens.end]):
            return None
        quantities = _quantities_in(article.quantities, sentence.span)
        claim_type = "quantity" if quantities else "event"
    quantities = _quantities_in(article.quantities, sentence.span)
    cue_spans = tuple(article.span(m.start, m.end) for m in sorted(markers, key=lambda m: m.start))
    speculation = tuple(Hedge(article.span(m.start, m.end), "epistemic") for m in markers if m.kind == "speculation")
    return Claim(
        id="",
        type=claim_type,
        span=sentence.span,
        speaker=AUTHOR,
        attribution=None,
        score=0.0,  # set by _model_scores once every claim of the article is known
        hedges=speculation,
        cues=cue_spans,
        quantities=tuple(q.id for q in quantities),
        sentence=sentence.id,
    )


def _quantities_in(quantities: list[Quantity], span: Span) -> list[Quantity]:
    return [q for q in quantities if span.contains(q.number)]


def _in_any(marker: Marker, spans: list[Span]) -> bool:
    # a marker that starts inside a quotation is the speaker's wording (a closing mark may lie just outside it)
    return any(s.start <= marker.start < s.end for s in spans)


def run(article: Article, doc) -> dict[str, list]:
    return {"claims": find_claims(article, doc)}
