"""Collect drafts from every finder, join quotes to their speakers, settle nesting and polarity, build records."""
from __future__ import annotations

import bisect

from retold.analyze import speakers
from retold.analyze.attribution import learned
from retold.analyze.attribution.draft import Draft, Range, inside, overlaps, token_range, union
from retold.analyze.attribution.features import doc_features
from retold.analyze.attribution.frames import (
    according_to,
    as_far_as,
    colon_tags,
    dash_tags,
    paragraph_colon_tags,
    speech_nouns,
)
from retold.analyze.attribution.lexicon import (
    ACTION_VERBS,
    DEED_VERBS,
    DELIVERY_VERBS,
    DENIAL_VERBS,
    INSISTING_VERBS,
    NEGATIVE_DETERMINERS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
)
from retold.analyze.attribution.quotes import Quote, find_quotes, with_marks
from retold.analyze.attribution.roles import cue_tokens, find_speaker_token, phrase
from retold.analyze.attribution.table import token_table
from retold.analyze.attribution.verbs import is_cue_verb, quotes_near, verb_draft
from retold.analyze.doc_cache import share_text
from retold.analyze.sentences import paragraph_starts, sentence_at
from retold.model import Article, Attribution, Speaker

MIN_QUOTE_WORDS = 4  # shorter quoted bits are scare quotes or titles, not speech
CARRY_PARAGRAPHS = 2  # a tagless quote takes the speaker of an attribution at most this many paragraphs back


CUE_THRESHOLD = 0.5  # marginal probability for a word to be tagged part of a cue


def find_drafts(text: str, doc) -> list[Draft]:
    """Every attribution draft in a parsed text, in text order."""
    quotes = find_quotes(text)
    share_text(doc, text)
    turns = paragraph_colon_tags(text, doc)
    framed: list[Draft] = turns + dash_tags(text, quotes, doc)
    by_rule: list[Draft] = []
    sents = list(doc.sents)  # Doc.sents walks the whole document on every call
    table = token_table(doc)
    # the finders below look at a sentence only when it holds a word they start from (most sentences hold none)
    starts = [sent.start for sent in sents]
    lower, lemma, pos = table.lower, table.lemma, table.pos
    according = _sentences_with(starts, [i for i, word in enumerate(lower) if word == "according"])
    colons = _sentences_with(starts, [i for i, word in enumerate(lower) if word == ":"])
    nouns = _sentences_with(starts, [i for i, word in enumerate(lemma) if word in SPEECH_NOUNS and pos[i] == "NOUN"])
    verbs = _sentences_with(starts, [i for i, word in enumerate(lemma) if word in SPEECH_VERBS and pos[i] == "VERB"])
    for number, sent in enumerate(sents):
        if number in according:
            framed += according_to(sent)
        framed += as_far_as(sent, text)
        if number in nouns:
            framed += speech_nouns(sent)
        if number in colons:
            framed += [d for d in colon_tags(sent, text) if not any(overlaps(d.cue, t.cue) for t in turns)]
        near = quotes_near(quotes, sent) if number in verbs else []
        for i in verbs.get(number, ()):
            token = doc[i]
            if is_cue_verb(token):
                draft = verb_draft(token, near, sent=sent)
                if draft is not None:
                    draft.notes["sentence"] = (sent.start_char, sent.end_char)
                    by_rule.append(draft)
    tagged = learned.learned_drafts(doc_features(doc, quotes, table), sents, CUE_THRESHOLD)
    _fill_from_rules(tagged, by_rule)
    for draft in tagged:
        learned.drop_scene_speaker(draft, text)
        learned.drop_passive_subject(draft)
    tagged = [d for d in tagged if learned.says_something(d)]
    picked = [d for d in tagged if "picked_in" in d.notes]
    drafts = _merge(framed, [d for d in tagged if "picked_in" not in d.notes])
    drafts = [d for d in drafts if d.speaker or d.content]  # a tagged cue with neither speaker nor content is dropped
    # a lexicon verb the tagger missed counts when it has a subject and a clause; the tagger's reading of a sentence
    # stands, so such a verb fills in only where it found no cue, or where it introduces a nested quote (PolNeAR, the
    # tagger's teacher, seldom marks speech inside quotes)
    by_rule = [d for d in by_rule if _confident_rule(d)
               and (d.notes.get("nested_quote") or not any(k.cue and inside(k.cue, d.notes["sentence"]) for k in drafts))]
    drafts = _merge(drafts, by_rule)
    # a near-miss verb counts only with both a speaker and a content (one alone: 1 right in 3), and only where no
    # other finder put a cue in its sentence
    drafts += [d for d in picked if d.speaker and d.content
               and not any(k.cue and inside(k.cue, d.notes["picked_in"]) for k in drafts)]
    drafts += _tagless_quotes(text, sents, quotes, drafts)
    drafts.sort(key=lambda d: (d.anchor, -(d.extent[1] - d.extent[0])))
    for draft in drafts:
        draft.polarity = polarity(draft, doc)
        if draft.content:
            draft.content = with_marks(draft.content, quotes, text)
            draft.parts = tuple(with_marks(p, quotes, text) for p in draft.parts)
    return drafts


def _sentences_with(starts: list[int], indices: list[int]) -> dict[int, list[int]]:
    """Sentence number -> the given token indices in it (starts: each sentence's first token index)."""
    found: dict[int, list[int]] = {}
    for i in indices:
        found.setdefault(bisect.bisect_right(starts, i) - 1, []).append(i)
    return found


def _confident_rule(draft: Draft) -> bool:
    """A lexicon verb the tagger missed that still attributes: a named third-party subject with a that-clause,
    or a speaker introducing a nested single-quoted quotation."""
    verb = draft.cue_token
    if not (draft.speaker and draft.content):
        return False
    if draft.notes.get("nested_quote"):
        return True
    if draft.notes.get("in_quote") or draft.speaker_token is None or draft.speaker_token.lower_ in FIRST_SECOND:
        return False
    if verb.lemma_.lower() in REVEALING_VERBS and draft.speaker_token.pos_ == "PROPN" and any(  # type: ignore[union-attr]
            c.dep_ == "dobj" and c.pos_ == "NOUN" for c in verb.children):  # type: ignore[union-attr]
        return True  # "The Gazette has uncovered details of a secret pact": the noun phrase is what it reports
    # every draft that reaches this check was made from a cue token
    return any(c.dep_ == "ccomp" and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children) for c in verb.children)  # type: ignore[union-attr]


FIRST_SECOND = frozenset("i we you me us".split())
# verbs whose object is a finding they make public: a named subject with one attributes without a that-clause
REVEALING_VERBS = frozenset("uncover reveal disclose expose report confirm deny".split())


def _merge(kept: list[Draft], extra: list[Draft]) -> list[Draft]:
    """Add drafts whose cue overlaps none already kept (earlier finders win)."""
    merged = list(kept)
    for draft in extra:
        if draft.cue and any(k.cue and overlaps(k.cue, draft.cue) for k in merged):
            continue
        merged.append(draft)
    return merged


def _fill_from_rules(tagged: list[Draft], by_rule: list[Draft]) -> None:
    """Where the tagger found a cue but no speaker or content, take the parse rules' reading of the same cue."""
    for draft in tagged:
        if draft.speaker and draft.content:
            continue
        twin = next((r for r in by_rule if r.cue and overlaps(r.cue, draft.cue)), None)
        if twin is None:
            _speaker_from_parse(draft)
            continue
        if draft.speaker is None and twin.speaker:
            draft.speaker, draft.speaker_token = twin.speaker, twin.speaker_token
        if draft.content is None and twin.content:
            draft.content, draft.parts, draft.mode = twin.content, twin.parts, twin.mode


def _speaker_from_parse(draft: Draft) -> None:
    """A tagged cue verb outside the lexicon with no tagged source: its subject, or the subject it shares
    ("..., comparing X to Y" takes the main verb's subject)."""
    verb = draft.cue_token
    if draft.speaker is not None or draft.content is None:
        return  # a cue with neither is dropped anyway; a subject alone would keep a doubtful cue alive
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return
    token = find_speaker_token(verb)
    if token is None:
        return
    speaker = phrase(token, stop_at_comma=True)
    if draft.content and overlaps(speaker, draft.content) or draft.cue and overlaps(speaker, draft.cue):
        return
    draft.speaker, draft.speaker_token = speaker, token


def _tagless_quotes(text: str, sents: list, quotes: list[Quote], drafts: list[Draft]) -> list[Draft]:
    """Quotes no cue claims: a speech-act noun just before introduces them, else they continue the last speaker."""
    starts = paragraph_starts(text)
    added: list[Draft] = []
    for quote in quotes:
        if quote.level != 0 or quote.words(text) < MIN_QUOTE_WORDS:
            continue
        span = (quote.start, quote.end)
        if any(overlaps(span, d.content) and not (d.cue and inside(d.cue, span)) for d in drafts + added):
            continue
        earlier = [d for d in drafts + added if d.extent[1] <= quote.outer_start + 1]
        previous = max(earlier, key=lambda d: d.extent[1]) if earlier else None
        if previous and previous.mode in ("direct", "mixed") and _same_paragraph(starts, previous.extent[1], quote.start) \
                and previous.content and previous.cue and previous.cue[0] >= previous.content[1]:
            # “A,” says X. “B.” -- the cue splits one quote in two
            previous.parts = (previous.parts or (previous.content,)) + (span,)
            previous.content = union(previous.content, span)
            continue
        introduced = _speech_act_before(sents, quote) or _clause_before(text, sents, quote)
        twin = next((d for d in drafts if introduced and d.cue and overlaps(d.cue, introduced.cue)), None)
        if twin is not None:
            # "X defended his decision, “...”": the quote goes on from what the cue already holds
            twin.content, twin.mode = union(twin.content, span), "mixed" if twin.content else "direct"
            twin.parts = ()
            continue
        if introduced is not None:
            introduced.content = span
            added.append(introduced)
            continue
        if previous and _paragraph_of(starts, quote.start) - _paragraph_of(starts, previous.extent[1]) <= CARRY_PARAGRAPHS \
                and (previous.speaker or previous.carried):
            source = previous.carried or previous
            added.append(Draft(cue=None, speaker=None, content=span, mode="direct", carried=source,
                               speaker_token=source.speaker_token, confidence=0.7))
    return added


def _speech_act_before(sents: list, quote: Quote) -> Draft | None:
    """'X had an ominous warning ...' followed by the quote: the noun of saying is the cue."""
    previous = [s for s in sents if s.end_char <= quote.outer_start and quote.outer_start - s.end_char <= 4]
    if not previous:
        return None
    sent = previous[-1]
    for token in sent:
        noun = token.lemma_.lower()
        if token.pos_ == "NOUN" and noun in SPEECH_NOUNS and token.dep_ == "dobj" and token.head.lemma_.lower() in DELIVERY_VERBS:
            verb = token.head
            speaker_token = find_speaker_token(verb)
            if speaker_token is None:
                continue
            cue = token_range(cue_tokens(verb) + [token])
            return Draft(cue=cue, speaker=phrase(speaker_token, stop_at_comma=True), content=None, mode="direct",
                         speaker_token=speaker_token, cue_token=token)
    return None


def _clause_before(text: str, sents: list, quote: Quote) -> Draft | None:
    """'Senator X spoke on the radio, “...”': a quote opening after a comma or colon, in a sentence whose main verb
    and its subject come before it, is that subject's, not the last speaker's."""
    sent = next((s for s in sents if s.start_char < quote.outer_start < s.end_char), None)
    if sent is None or not text[sent.start_char : quote.outer_start].rstrip().endswith((",", ":")):
        return None
    verb = sent.root
    if verb.pos_ != "VERB" or verb.idx >= quote.outer_start or verb.lemma_.lower() in DEED_VERBS | ACTION_VERBS:
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.idx < verb.idx]
    if not subjects or not subjects[0].is_alpha or subjects[0].pos_ not in ("PROPN", "NOUN", "PRON") \
            or subjects[0].pos_ == "PRON" and subjects[0].lower_ not in ("he", "she"):
        return None  # "I'm like, “...”", "it makes you think, “...”": a person telling what others say or think
    between = [t for t in sent if verb.i < t.i and t.idx < quote.outer_start]
    if any(t.dep_ in ("relcl", "ccomp", "acl", "xcomp") or t.is_quote for t in between):
        return None  # "friends who are like, “...”": the quote belongs to a clause inside the sentence
    speaker = phrase(subjects[0], stop_at_comma=True)
    if speaker[1] > verb.idx:  # a parse that hangs the quote on the subject: the name ends at its head
        speaker = token_range(sent.doc[subjects[0].left_edge.i : subjects[0].i + 1])
    return Draft(cue=token_range(cue_tokens(verb)), speaker=speaker, content=None, mode="direct",
                 speaker_token=subjects[0], cue_token=verb, confidence=0.7)


def _paragraph_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _same_paragraph(starts: list[int], a: int, b: int) -> bool:
    return _paragraph_of(starts, a) == _paragraph_of(starts, b)


def polarity(draft: Draft, doc) -> str:
    """deny for denial cues, and for negative existentials that are insisted on or framed ('maintain that no deal')."""
    if draft.polarity == "deny":
        return "deny"
    lemma = draft.cue_token.lemma_.lower() if draft.cue_token is not None else ""
    if draft.cue_token is not None and draft.cue_token.dep_ != "xcomp":
        # a tagged cue heads on its first verb ("continue to maintain"): the verb of saying ends the xcomp chain
        chain = [c for c in draft.cue_token.children if c.dep_ == "xcomp" and draft.cue and c.idx < draft.cue[1]]
        if chain:
            lemma = chain[0].lemma_.lower()
    if lemma in DENIAL_VERBS:
        return "deny"
    if draft.content is None or draft.cue is None:
        return "assert"
    span = doc.char_span(*draft.content, alignment_mode="expand")
    if span is None or not len(span):
        return "assert"
    root = span.root
    existential = any(c.dep_ == "expl" for c in root.children)
    insisted = lemma in INSISTING_VERBS and lemma != "say" or draft.cue_token is None
    if _negative_argument(root) and (existential or insisted):
        return "deny"
    return "assert"


def _negative_argument(root) -> bool:
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass", "attr", "dobj"):
            if child.lower_ in NEGATIVE_DETERMINERS or any(g.dep_ == "det" and g.lower_ in NEGATIVE_DETERMINERS for g in child.children):
                return True
        if child.dep_ == "neg" and child.lower_ == "never":
            return True
    return False


def clear_of(drafts: list[Draft], furniture: list[Range], text: str) -> list[Draft]:
    """The drafts with datelines and page headers cut out: a cue there is no attribution, a speaker there is nobody,
    and a content running through one keeps only its side nearest the cue ("JEDDAH — ..., officials said")."""
    if not furniture:
        return drafts
    kept = []
    for draft in drafts:
        if draft.cue and any(overlaps(draft.cue, r) for r in furniture):
            continue  # "News ID:" is not a speaker's colon
        if draft.speaker and any(overlaps(draft.speaker, r) for r in furniture):
            draft.speaker = _clear(draft.speaker, furniture, text, draft.cue)
            token = draft.speaker_token
            if draft.speaker is None or token is not None and not inside((token.idx, token.idx + len(token.text)), draft.speaker):
                draft.speaker, draft.speaker_token = None, None
        if draft.content and any(overlaps(draft.content, r) for r in furniture):
            draft.content = _clear(draft.content, furniture, text, draft.cue)
            draft.parts = tuple(p for p in (_clear(p, furniture, text, draft.cue) for p in draft.parts) if p)
        if draft.speaker or draft.content or draft.carried is not None:
            kept.append(draft)
    return kept


def keep_reported_speech_in_its_paragraph(drafts: list[Draft], breaks: list[Range], text: str) -> list[Draft]:
    """Reported (indirect) speech ends where its paragraph ends: a headline's cue never takes the subheading or the
    lede below it as what was said. A direct quote may run on over paragraphs, each opening with its quotation mark."""
    if not breaks:
        return drafts
    for draft in drafts:
        if draft.content and draft.mode == "indirect" and any(overlaps(draft.content, r) for r in breaks):
            draft.content = _clear(draft.content, breaks, text, draft.cue or draft.speaker)
            pieces = (_clear(p, breaks, text, draft.cue or draft.speaker) for p in draft.parts)
            draft.parts = tuple(p for p in pieces if p and draft.content and overlaps(p, draft.content))
    return [d for d in drafts if d.speaker or d.content or d.carried is not None]


def _clear(span: Range, furniture: list[Range], text: str, cue: Range | None) -> Range | None:
    """The piece of `span` outside every furniture range that lies nearest the cue (the longest without one), trimmed."""
    pieces, start = [], span[0]
    for low, high in sorted(furniture):
        if low < span[1] and start < high:
            pieces.append((start, max(start, low)))
            start = max(start, high)
    pieces.append((start, span[1]))
    pieces = [p for p in (_trim(text, *p) for p in pieces) if p]
    if not pieces:
        return None
    if cue is None:
        return max(pieces, key=lambda p: p[1] - p[0])
    return min(pieces, key=lambda p: max(cue[0] - p[1], p[0] - cue[1], 0))


def _trim(text: str, start: int, end: int) -> Range | None:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def to_records(article: Article, drafts: list[Draft]) -> list[Attribution]:
    """Number the drafts, name their speakers and mark nesting."""
    names = speakers.name_speakers(article, drafts)
    ids = {id(d): f"A{n}" for n, d in enumerate(drafts, 1)}
    records = []
    quoting = [d for d in drafts if d.content and d.mode in ("direct", "mixed")]
    for draft in drafts:
        extent = draft.extent
        outer = [d for d in quoting if d is not draft and inside(extent, d.content) and inside(draft.cue, d.content)]
        # outer holds only drafts with content (see quoting), a narrowing mypy cannot follow into the lambda
        nested = ids[id(min(outer, key=lambda d: d.content[1] - d.content[0]))] if outer else None  # type: ignore[index]
        name, kind = names[id(draft)]
        name, kind = draft.notes.get("speaker_name", (name, kind))  # a first person named by persons.resolve_persons
        speaker = Speaker(article.span(*draft.speaker) if draft.speaker else None, name, kind) if name else None
        anchor = draft.cue or draft.content
        sentence = sentence_at(article.sentences, anchor[0]) if anchor else None
        records.append(Attribution(
            id=ids[id(draft)],
            mode=draft.mode,  # type: ignore[arg-type]
            polarity=draft.polarity,  # type: ignore[arg-type]
            speaker=speaker,
            cue=article.span(*draft.cue) if draft.cue else None,
            content=article.span(*draft.content) if draft.content else None,
            sentence=sentence.id if sentence else None,
            content_parts=tuple(article.span(*p) for p in draft.parts),
            nested_in=nested,
            confidence=draft.confidence,
        ))
    return records
