"""Drafts from the learned taggers: cue spans, then the source and content words tagged around each cue."""
from __future__ import annotations

from retold.analyze.attribution.draft import Draft, Range, doc_text, inside, overlaps, union
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
            draft = _draft(doc, (begin, end), probability, sources, contents, near, (sent.start_char, sent.end_char))
            if picked:
                draft.notes["picked_in"] = (sent.start_char, sent.end_char)
            drafts.append(draft)
    return drafts


def _draft(doc, cue: Range, probability: float, sources: list[Range], contents: list[Range], quotes: list[Quote],
           sentence: Range) -> Draft:
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
    if content is not None:
        content = _whole_clause(doc, content, cue_chars)
    touched = [q for q in quotes if q.level == 0 and overlaps((q.start, q.end), content)
               and not inside(cue_chars, (q.start, q.end))] if content else []
    if touched:
        assert content is not None  # a quote is touched only when there is content
        quoted_span = union(*[(q.start, q.end) for q in touched])
        assert quoted_span is not None  # the union of at least one range
        lead = _fragment_lead(doc, content, touched[0], cue_chars, sentence)
        if lead is not None:
            content, mode = (lead, max(content[1], quoted_span[1])), "mixed"
        elif inside(content, quoted_span) or _mostly_inside(content, quoted_span) and not _leads_into(doc, content, touched[0]):
            content, parts, mode = quoted_span, (), "direct"
        else:
            mode = "mixed"
    return Draft(cue=_chars(cue_span), speaker=speaker, content=content, mode=mode, parts=parts,
                 speaker_token=speaker_token, cue_token=cue_span.root, confidence=probability)


def _fragment_lead(doc, content: Range, quote: Quote, cue: Range, sentence: Range) -> int | None:
    """Where the content of a quoted fragment begins when the tagger took the quote alone: a quote opening in lower case
    continues its clause, and the clause is what was said (he said the plan "is dead"; the plan "is dead," he said)."""
    text = doc_text(doc)
    if not text[quote.start : quote.start + 1].islower() or any(c.isalnum() for c in text[content[0] : quote.outer_start]):
        return None
    if cue[1] <= quote.outer_start:  # the clause runs from the cue to the quote
        start = cue[1]
        while start < quote.outer_start and (text[start].isspace() or text[start] in ",:"):
            start += 1
    elif quote.outer_end <= cue[0]:  # the tag follows: the clause opens the sentence
        start = sentence[0]
    else:
        return None
    return start if start < quote.outer_start and any(c.isalnum() for c in text[start : quote.outer_start]) else None


MAX_CLAUSE_TAIL = 8  # words of its clause the tagger may leave off a content's end before the clause is taken whole


def _whole_clause(doc, content: Range, cue: Range) -> Range:
    """A content whose last words the tagger dropped, given back the rest of its clause ("... when the market
    recovered"): a token tagger stops a word early where a parse sees the clause run on."""
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None or not len(span):
        return content
    edge = span.root.right_edge
    tail = doc[span.end : edge.i + 1]
    if not 0 < len(tail) <= MAX_CLAUSE_TAIL or any(t.is_punct or t.is_space for t in tail):
        return content
    if content[1] <= cue[0] < tail[-1].idx + len(tail[-1]):
        return content  # the clause runs on over the cue itself ("X is, he said, ..."): the tagger stopped for it
    return content[0], tail[-1].idx + len(tail[-1])


def _leads_into(doc, content: Range, quote: Quote) -> bool:
    """Whether the content's own words run into a quote that continues their clause (Clinton "is the only one"):
    a quote opening in lower case is a fragment, and the words before it are part of what was said."""
    text = doc_text(doc)
    lead = text[content[0] : quote.outer_start]
    return any(c.isalnum() for c in lead) and text[quote.start : quote.start + 1].islower()


def _mostly_inside(content: Range, quoted: Range) -> bool:
    shared = min(content[1], quoted[1]) - max(content[0], quoted[0])
    return shared >= 0.8 * (content[1] - content[0])


def _chars(span) -> Range:
    return span.start_char, span.end_char
