"""Drafts from the learned taggers: cue spans, then the source and content words tagged around each cue."""
from __future__ import annotations

from retold.analyze.attribution.draft import Draft, Range, doc_text, inside, overlaps, union
from retold.analyze.attribution.features import DocFeatures, cue_sequences
from retold.analyze.attribution.lexicon import (
    ACTION_VERBS,
    DEED_VERBS,
    OBJECT_CONTENT_VERBS,
    QUOTE_ONLY_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
)
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
        content = _passive_object(cue_span.root, _without_listener(cue_span.root, content))
        if speaker is not None and _is_listener(cue_span.root, speaker):
            speaker, speaker_token = None, None
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


# verbs whose object or passive subject is who was told, not what was said ("told reporters that ...")
LISTENER_VERBS = frozenset("tell inform assure warn remind brief advise ask promise notify".split())


def _listeners(verb) -> list:
    """The hearer of a verb of telling: its object before a clause ('told reporters the town ...') or, in the
    passive, its subject ('The Herald was told that ...')."""
    if verb.lemma_.lower() not in LISTENER_VERBS and not _passive(verb):
        return []
    clause = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis") and c.i > verb.i]
    if not clause:
        return []
    return [c for c in verb.children if c.i < clause[0].left_edge.i and (
        c.dep_ in ("dobj", "dative") and c.i > verb.i and verb.lemma_.lower() in LISTENER_VERBS or c.dep_ == "nsubjpass")]


def _passive(verb) -> bool:
    return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)


def _without_listener(verb, content: Range) -> Range:
    """A content that begins with who was told gives them up: what was said is the clause after them."""
    for listener in _listeners(verb):
        first, last = listener.left_edge, listener.right_edge
        if content[0] <= first.idx < content[1] and last.idx + len(last) < content[1]:
            start = max(last.idx + len(last), verb.idx + len(verb) if listener.i < verb.i else 0)
            text = doc_text(verb.doc)
            while start < content[1] and (text[start].isspace() or text[start] in ",:"):
                start += 1
            # "was told by a nurse that ...": the agent is the speaker, never the content
            agents = [c for c in verb.children if c.dep_ == "agent" and c.idx >= start]
            for agent in agents:
                if agent.idx == start or not text[start : agent.idx].strip():
                    start = agent.right_edge.idx + len(agent.right_edge)
                    while start < content[1] and (text[start].isspace() or text[start] in ",:"):
                        start += 1
            content = (start, content[1])
    return content


def _passive_object(verb, content: Range) -> Range:
    """'This version was refuted by witnesses, who said ...': the passive subject of a verb whose object is what was
    said (deny, refute, confirm) is the content, and the content stops there rather than running over the cue."""
    if not _passive(verb) or verb.lemma_.lower() not in OBJECT_CONTENT_VERBS or content[1] <= verb.idx:
        return content
    if any(c.dep_ in CLAUSAL for c in verb.children):
        return content
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i]
    if not subjects:
        return content
    first = min([verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")], key=lambda t: t.i)
    words = [t for t in subjects[0].subtree if not t.is_punct and t.i < first.i]  # not a clause hung on it after
    return (words[0].idx, words[-1].idx + len(words[-1])) if words else content


def _is_listener(verb, speaker: Range) -> bool:
    return any(overlaps(speaker, (t.left_edge.idx, t.right_edge.idx + len(t.right_edge))) for t in _listeners(verb))


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


CLAUSAL = frozenset(("ccomp", "xcomp", "csubj", "parataxis"))
NOT_SPEAKERS = frozenset(("DATE", "TIME"))  # "Monday saw ...": a day is the scene, never the one who speaks
MENACING_VERBS = frozenset(("threaten", "menace"))  # with a weapon, a deed; with a clause, words
DEMONSTRATIVES = frozenset("this that these those".split())  # never "it": an organisation can say things


def says_something(draft: Draft) -> bool:
    """Whether a tagged cue reads as attribution. PolNeAR, the tagger's teacher, marks attitudes as well as speech
    ("attacked her opponent", "has been critical of"), so only plain deeds and empty readings are refused: an
    institutional deed with no clause or noun of saying ("sued the paper", "voted against the plan"); a noun of saying
    with nothing said ("made his announcement"); a verb outside the speech lexicon that nobody is named as using
    ("Thank you for coming"), or that a first or second person does without a clause ("you see", "we went"); a verb
    that in PolNeAR's training articles almost never heads a cue ("broke that agreement", "fled to Orsk"); 'continue'
    and the like away from a quote ("continued to edit the posts"); a verb of saying that needs a clause used with a
    weapon instead ("threatened him with a rifle"); and a verb outside the speech lexicon whose subject is a
    demonstrative ("this may not even have been about ...")."""
    verb = draft.cue_token
    if verb is None:
        return True
    if verb.pos_ == "VERB" and verb.lemma_.lower() in DEED_VERBS and not _speech_noun_object(verb) \
            and not any(c.dep_ in CLAUSAL for c in verb.children):
        # "sued the paper", "voted against a “no deal” exit", "the strike, which was approved by X: “...”": a deed,
        # even beside a quote; "issued a statement" is not refused
        return False
    if draft.mode in ("direct", "mixed"):
        return True
    if any(t.lemma_.lower() in SPEECH_NOUNS and t.pos_ == "NOUN" for t in _cue_words(draft)):
        # "had an ominous warning about": the noun of saying is the cue, when it is given what was said
        return draft.content is not None
    if verb.pos_ not in ("VERB", "AUX"):
        return True
    lemma = verb.lemma_.lower()
    if draft.speaker is None and lemma not in SPEECH_VERBS:
        return False  # "Thank you for coming", "is known for": nobody is named as saying anything
    has_clause = any(c.dep_ in CLAUSAL for c in verb.children)
    if lemma in ACTION_VERBS and not has_clause:
        return False
    if lemma in QUOTE_ONLY_VERBS and not any(t.pos_ == "VERB" and t.i != verb.i for t in _cue_words(draft)):
        # "Twitter continued to edit the posts": alone, 'continue' says something only next to a quote ("went on to
        # discuss" has its verb of saying in the cue)
        return False
    if lemma not in SPEECH_VERBS and not has_clause and _person_subject(draft):
        return False  # "you see", "we went there": a first or second person doing something, not saying it
    if lemma in MENACING_VERBS and not has_clause and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        return False
    subject = draft.speaker_token
    return not (lemma not in SPEECH_VERBS and subject is not None and subject.lower_ in DEMONSTRATIVES)


FIRST_SECOND = frozenset("i we you".split())


def _cue_words(draft: Draft) -> list:
    """The tokens of a draft's cue (none when it has no cue or cue token)."""
    if draft.cue is None or draft.cue_token is None:
        return []
    span = draft.cue_token.doc.char_span(*draft.cue, alignment_mode="expand")
    return list(span) if span is not None else [draft.cue_token]


def _speech_noun_object(verb) -> bool:
    """'issued a statement', 'signed a letter of protest': the verb delivers a noun of saying."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS for c in verb.children)


def _person_subject(draft: Draft) -> bool:
    """Whether the draft's speaker is a bare first or second person pronoun."""
    token = draft.speaker_token
    return token is not None and token.pos_ == "PRON" and token.lower_ in FIRST_SECOND


def drop_scene_speaker(draft: Draft, text: str) -> None:
    """A speaker that is a date or time ("Monday saw ...") or has no word in it ("—") is nobody."""
    token = draft.speaker_token
    if not draft.speaker:
        return
    if token is not None and token.ent_type_ in NOT_SPEAKERS and token.pos_ in ("PROPN", "NOUN") \
            or not any(c.isalnum() for c in text[draft.speaker[0] : draft.speaker[1]]):
        draft.speaker, draft.speaker_token = None, None


def drop_passive_subject(draft: Draft) -> None:
    """The subject of a passive cue is who was spoken to or of, never the speaker ("I was posted to the wing",
    "the leader is appointed by the Queen"): a speaker inside it is dropped (the agent, "by X", may speak)."""
    verb, token = draft.cue_token, draft.speaker_token
    if verb is None or token is None or not _passive(verb):
        return
    for subject in (c for c in verb.children if c.dep_ == "nsubjpass"):
        if subject.left_edge.i <= token.i <= subject.right_edge.i:
            draft.speaker, draft.speaker_token = None, None
            return
