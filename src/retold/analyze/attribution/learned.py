"""Drafts from the learned taggers: cue spans, then the source and content words tagged around each cue."""
from __future__ import annotations

from retold.analyze.attribution.draft import Draft, Range, inside, overlaps, union
from retold.analyze.attribution.features import DocFeatures, cue_sequences
from retold.analyze.attribution.quotes import Quote
from retold.analyze.attribution.tagging import tag_cues, tag_roles
from retold.analyze.attribution.verbs import quotes_near


def learned_drafts(features: DocFeatures, sents: list, threshold: float = 0.5) -> list[Draft]:
    """One draft per tagged cue, in text order (sents: the Doc's sentences)."""
    doc, quotes = features.doc, features.quotes
    drafts = []
    sequences = cue_sequences(features, [(sent.start, sent.end) for sent in sents])
    for sent, sequence in zip(sents, sequences):
        reading = tag_cues(sequence, sent.start, features.table.pos, threshold)
        picked = not reading.cues
        found = reading.near_miss if picked else reading.cues
        near = quotes_near(quotes, sent) if found else []  # a cue's words and quotes lie in or by its sentence
        for begin, end, probability in found:
            sources, contents = tag_roles(features, (begin, end), sent)
            draft = _draft(doc, (begin, end), probability, sources, contents, near)
            if picked:
                draft.notes["picked_in"] = (sent.start_char, sent.end_char)
            drafts.append(draft)
    return drafts


def _draft(doc, cue: Range, probability: float, sources: list[Range], contents: list[Range], quotes: list[Quote]) -> Draft:
    cue_span = doc[cue[0] : cue[1]]
    speaker_token, speaker = None, None
    if sources:
        nearest = min(sources, key=lambda r: min(abs(r[0] - cue[1]), abs(cue[0] - r[1])))
        span = doc[nearest[0] : nearest[1]]
        speaker_token, speaker = span.root, _chars(span)
    content: Range | None = None
    parts: tuple[Range, ...] = ()
    pieces = [_chars(doc[a:b]) for a, b in contents]
    cue_chars = _chars(cue_span)
    quoted = [(q.start, q.end) for q in quotes if q.level == 0 and any(overlaps((q.start, q.end), p) for p in pieces)
              and not inside(cue_chars, (q.start, q.end))] if pieces else []
    if quoted:
        # words beside the tag ("says X, the city engineer") are not what X said when the quote is
        quote_side = quoted[0][0] < cue_chars[0]
        pieces = [p for p in pieces if any(overlaps(p, q) for q in quoted) or (p[0] < cue_chars[0]) == quote_side]
    if pieces:
        content = union(*pieces)
        parts = tuple(pieces) if len(pieces) > 1 else ()
    mode = "indirect"
    touched = [q for q in quotes if q.level == 0 and overlaps((q.start, q.end), content)
               and not inside(cue_chars, (q.start, q.end))] if content else []
    if touched:
        assert content is not None  # a quote is touched only when there is content
        quoted_span = union(*[(q.start, q.end) for q in touched])
        assert quoted_span is not None  # the union of at least one range
        if inside(content, quoted_span) or _mostly_inside(content, quoted_span):
            content, parts, mode = quoted_span, (), "direct"
        else:
            mode = "mixed"
    return Draft(cue=_chars(cue_span), speaker=speaker, content=content, mode=mode, parts=parts,
                 speaker_token=speaker_token, cue_token=cue_span.root, confidence=probability)


def _mostly_inside(content: Range, quoted: Range) -> bool:
    shared = min(content[1], quoted[1]) - max(content[0], quoted[0])
    return shared >= 0.8 * (content[1] - content[0])


def _chars(span) -> Range:
    return span.start_char, span.end_char
