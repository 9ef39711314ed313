"""Attributions cued by a verb of saying or believing, and the quotes that belong to them."""
from __future__ import annotations

from retold.analyze.attribution.draft import Draft, doc_text, inside, overlaps, token_range, union
from retold.analyze.attribution.lexicon import CLAUSE_ONLY_VERBS, QUOTE_ONLY_VERBS, SPEECH_VERBS
from retold.analyze.attribution.quotes import Quote
from retold.analyze.attribution.roles import CLAUSES, cue_tokens, find_content, find_speaker_token, phrase


def is_cue_verb(token) -> bool:
    """A verb of saying or believing used as a cue (clause-only verbs need a clause or a quote)."""
    if token.pos_ not in ("VERB",) or token.lemma_.lower() not in SPEECH_VERBS:
        return False
    if token.dep_ in ("amod", "compound") or token.tag_ == "VBN" and token.dep_ == "acl":
        return False
    return True


def verb_draft(verb, quotes: list[Quote], strict: bool = True, sent=None) -> Draft | None:
    """A draft for a cue verb: its speaker from the subject, its content from the complement or an adjacent quote.

    strict: apply the lexicon's conditions (a learned cue tagger has already decided the verb is a cue).
    quotes: the article's, or only those near the verb's sentence (quotes_near): the draft is the same."""
    speaker_token = find_speaker_token(verb)
    content, _ = find_content(verb, speaker_token, any_object=not strict)
    has_clause = any(c.dep_ in CLAUSES for c in verb.children) or verb.dep_ in ("parataxis",)
    cue = token_range(cue_tokens(verb))
    quote = adjacent_quote(verb, cue, content, quotes, sent if sent is not None else verb.sent)
    if strict and verb.lemma_.lower() in CLAUSE_ONLY_VERBS and not has_clause and quote is None:
        return None
    if strict and verb.lemma_.lower() in QUOTE_ONLY_VERBS and quote is None:
        return None
    if quote is not None:
        quote_range = (quote.start, quote.end)
        content = quote_range if content is None or inside(content, quote_range) else union(content, quote_range)
    if content is None and speaker_token is None:
        return None
    speaker = phrase(speaker_token, stop_at_comma=True) if speaker_token is not None else None
    if speaker and content and overlaps(speaker, content):
        speaker = None if inside(speaker, content) else speaker
    mode = "indirect"
    if quote is not None:
        mode = "direct" if content == (quote.start, quote.end) else "mixed"
    elif content and any(inside((q.start, q.end), content) and q.level == 0 and q.words(doc_text(verb.doc)) >= 3 for q in quotes):
        mode = "mixed"
    draft = Draft(cue=cue, speaker=speaker, content=content, mode=mode, speaker_token=speaker_token, cue_token=verb)
    draft.notes["in_quote"] = any(q.level == 0 and q.start <= cue[0] < q.end for q in quotes)
    draft.notes["nested_quote"] = quote is not None and quote.level == 1
    return draft


def quotes_near(quotes: list[Quote], sent) -> list[Quote]:
    """The quotes that touch a sentence or lie within a few characters of it: all a cue verb in it can reach."""
    start, end = sent.start_char - 4, sent.end_char + 4
    return [q for q in quotes if q.outer_end >= start and q.outer_start <= end]


def adjacent_quote(verb, cue, content, quotes: list[Quote], sent) -> Quote | None:
    """The quote a cue introduces or closes: one its content falls in, or one right before or after its clause."""
    text = doc_text(verb.doc)
    # every test below needs the quote to touch the sentence or lie within a few characters of it
    quotes = quotes_near(quotes, sent)
    home = next((q for q in quotes if q.level == 0 and q.start <= cue[0] < q.end), None)
    # inside a quote, a cue points at the single-quoted passages nested in it
    candidates = [q for q in quotes if (q.level == 1 and home and inside((q.start, q.end), (home.start, home.end)))
                  or (home is None and q.level == 0)]
    candidates = [q for q in candidates if not (q.start <= cue[0] < q.end)]
    if content:
        hits = [q for q in candidates if overlaps((q.start, q.end), content)]
        if hits:
            return max(hits, key=lambda q: q.end - q.start)
    clause_start = min(t.left_edge.idx for t in [verb] + [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")])
    clause_end = sent.end_char
    for quote in candidates:
        gap_before = text[quote.outer_end : clause_start] if quote.outer_end <= clause_start else None
        if gap_before is not None and len(gap_before) <= 3 and not gap_before.strip(" ,—–-"):
            return quote
        gap_after = text[cue[1] : quote.outer_start] if cue[1] <= quote.outer_start else None
        if gap_after is not None and quote.outer_start < clause_end + 3 and len(gap_after.strip(" ,:")) <= 0:
            return quote
        # "He said:" and the quote opens the next sentence
        if gap_after is not None and text[cue[1]:sent.end_char].rstrip().endswith(":") and quote.outer_start - sent.end_char <= 3:
            return quote
    return None
