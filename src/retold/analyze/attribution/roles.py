"""Speaker and content of a cue word, read off the dependency parse."""
from __future__ import annotations

from retold.analyze.attribution.draft import Range, token_range
from retold.analyze.attribution.lexicon import OBJECT_CONTENT_VERBS

CLAUSES = ("ccomp", "xcomp", "csubj", "parataxis")
RELATIVE = frozenset("who which that whom".split())
EDGE_JUNK = frozenset(["punct", "cc", "advmod", "mark"])
OBJECT_TAIL = frozenset("of about for as on over with that against".split())


def cue_top(verb):
    """The verb that carries the subject: 'continue to maintain' climbs to 'continue'."""
    top = verb
    while top.dep_ == "xcomp" and top.head.pos_ in ("VERB", "AUX") and top.head.i < top.i:
        top = top.head
    return top


def cue_tokens(verb) -> list:
    """The cue's words: auxiliaries, negation and the climbed chain down to the verb, plus a particle."""
    top = cue_top(verb)
    tokens = [t for t in top.children if t.dep_ in ("aux", "auxpass", "neg") and t.i < top.i and top.i - t.i <= 3]
    tokens += [t for t in top.doc[top.i : verb.i + 1]]
    tokens += [t for t in verb.children if t.dep_ == "prt" and t.i == verb.i + 1]
    # keep the run contiguous from the first auxiliary next to the verb
    tokens = sorted(set(tokens), key=lambda t: t.i)
    while len(tokens) > 1 and tokens[1].i - tokens[0].i > 1:
        tokens = tokens[1:]
    return tokens


def phrase(token, stop_at_comma: bool = False) -> Range:
    """A noun phrase's range: its subtree, trimmed of edge punctuation and parentheticals."""
    words = list(token.subtree)
    if stop_at_comma:
        # "X, who ..., said": keep the name, drop the relative or appositive after the first comma
        cut = [t for t in words if t.i > token.i and t.text == "," ]
        if cut:
            words = [t for t in words if t.i < cut[0].i]
    while len(words) > 1 and (words[0].dep_ in EDGE_JUNK or words[0].is_punct):
        words = words[1:]
    while len(words) > 1 and (words[-1].dep_ in EDGE_JUNK or words[-1].is_punct):
        words = words[:-1]
    return token_range(words)


def find_speaker_token(verb):
    """The token heading the speaker of a cue verb, or None."""
    token = _speaker_token(verb)
    if token is not None and token.lower_ in ("he", "she", "they") and _in_relative_clause(verb):
        # "X escaped to Idlib, where he ... had a warning": the pronoun is the main clause's subject
        subjects = [c for c in sentence_root(verb).children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]
        if subjects and (subjects[0].tag_ in ("NNS", "NNPS")) == (token.lower_ == "they"):
            return subjects[0]
    return token


def sentence_root(token):
    """The root of a token's sentence (Token.sent walks the whole document; this walks up the tree)."""
    while token.head.i != token.i:
        token = token.head
    return token


def _in_relative_clause(verb) -> bool:
    node = verb
    while node.dep_ in ("conj", "xcomp") and node.head is not node:
        node = node.head
    return node.dep_ == "relcl"


def _speaker_token(verb):
    top = cue_top(verb)
    for candidate in (top, verb):
        subjects = [c for c in candidate.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE and top.dep_ == "relcl":
                return top.head
            return subject
        agents = [g for c in candidate.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents:
            return agents[0]
    # "..., saying that": a participle or conjoined verb shares its head's subject
    if top.dep_ in ("conj", "advcl", "xcomp") and top.head.pos_ in ("VERB", "AUX"):
        head = top.head
        if top.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.pos_ in ("VERB", "AUX"):
            # "X described how the attack unfolded, stating ...": the participle is the describer's, not the clause's
            head = head.head
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and (top.dep_ == "conj" or top.tag_ == "VBG"):
            return subjects[0]
    if top.dep_ == "acl" and top.head.pos_ in ("NOUN", "PROPN"):
        return top.head
    return None


def find_content(verb, speaker_token, any_object: bool = False) -> tuple[Range | None, object]:
    """The content range of a cue verb and the token heading it (None when the parse gives no complement)."""
    clauses = [c for c in verb.children if c.dep_ in CLAUSES and c is not speaker_token]
    if verb.dep_ == "parataxis" or (verb.dep_ == "ccomp" and verb.i > verb.head.i and _is_tag(verb)):
        # "The deal is off, officials said": the tag hangs off the content's verb
        head = verb.head
        words = [t for t in head.subtree if not _in_subtree(t, verb)]
        words = _strip_edges(words)
        if words:
            return token_range(words), head
    if clauses:
        words = [t for c in clauses for t in c.subtree]
        return _range(_strip_edges(words)), clauses[0]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd") and c is not speaker_token]
    if objects and (any_object or verb.lemma_ in OBJECT_CONTENT_VERBS):
        words = list(objects[0].subtree)
        words += [t for c in verb.children if c.dep_ == "prep" and c.i > objects[0].i and c.lower_ in OBJECT_TAIL
                  for t in c.subtree]
        return _range(_strip_edges(words)), objects[0]
    preps = [c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.lower_ in ("about", "of", "on")]
    if preps and (any_object or verb.lemma_ in OBJECT_CONTENT_VERBS):
        return _range(_strip_edges(list(preps[0].subtree))), preps[0]
    return None, None


def _range(words: list) -> Range | None:
    return token_range(words) if words else None


def _is_tag(verb) -> bool:
    return any(c.dep_ in ("nsubj",) for c in verb.children) and not any(c.dep_ in CLAUSES for c in verb.children)


def _in_subtree(token, root) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def _strip_edges(words: list) -> list:
    words = sorted(words, key=lambda t: t.i)
    while words and (words[0].is_punct or words[0].is_space or words[0].dep_ == "cc"):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].is_space):
        words = words[:-1]
    return words
