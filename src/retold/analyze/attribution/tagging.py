"""The learned taggers: cue words per sentence, then source and content words around each cue (python-crfsuite)."""
from __future__ import annotations

import functools
from pathlib import Path

from retold.analyze.attribution.draft import Range
from retold.analyze.attribution.features import cue_sequence, role_sequence
from retold.analyze.attribution.quotes import Quote
from retold.analyze.attribution.verbs import verb_draft

MODELS = Path(__file__).resolve().parents[2] / "models"
CUE_MODEL = MODELS / "attribution_cues.crfsuite"
ROLE_MODEL = MODELS / "attribution_roles.crfsuite"


@functools.lru_cache(maxsize=4)
def tagger(path: Path):
    """A read-only crfsuite tagger, opened once per process; None when the model file is not shipped."""
    if not path.exists():
        return None
    import pycrfsuite

    model = pycrfsuite.Tagger()
    model.open(str(path))
    return model


def window(sent) -> range:
    """The tokens a cue's source and content are looked for in: its sentence."""
    return range(sent.start, sent.end)


def rule_roles(doc, cue: tuple[int, int], quotes: list[Quote], sent) -> dict[int, str]:
    """What the parse rules say the source (S) and content (C) of a cue are, as a feature for the tagger."""
    head = doc[cue[0] : cue[1]].root
    if head.pos_ != "VERB":
        return {}
    draft = verb_draft(head, quotes, strict=False, sent=sent)
    if draft is None:
        return {}
    roles: dict[int, str] = {}
    for label, char_range in (("C", draft.content), ("S", draft.speaker)):
        if char_range:
            span = doc.char_span(*char_range, alignment_mode="expand")
            if span is not None:
                for i in range(max(span.start, sent.start), min(span.end, sent.end)):
                    roles[i] = label
    return roles


def tag_cues(sent, rows: list[list[str]], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """Cue token ranges [start, end) in a sentence, each with its mean probability of being a cue word.

    A token is a cue word when the tagger's marginal probability of B or I reaches `threshold`; a B starts a new cue."""
    model = tagger(CUE_MODEL)
    if model is None:
        return []
    labels = model.tag(cue_sequence(sent, rows))
    if "B" not in labels and "I" not in labels:
        return []  # most sentences: no cue on the best path, so the marginals need not be read
    found: list[tuple[int, int, float]] = []
    start, total = None, 0.0
    for offset in range(sent.end - sent.start + 1):
        if offset < sent.end - sent.start:
            begin, inner = model.marginal("B", offset), model.marginal("I", offset)
            is_cue = begin + inner >= threshold
        else:
            begin = inner = 0.0
            is_cue = False
        if start is not None and (not is_cue or begin > inner):
            found.append((sent.start + start, sent.start + offset, total / (offset - start)))
            start = None
        if is_cue and start is None:
            start, total = offset, 0.0
        if is_cue:
            total += begin + inner
    return found


SENTENCE_THRESHOLD = 0.3  # marginal of B for the best verb of a sentence the tagger left without a cue


def best_candidate(sent) -> list[tuple[int, int, float]]:
    """For a sentence tag_cues just found no cue in: the verb most likely to begin one, when its marginal is close
    enough (most sentences that attribute have exactly one cue, so the best near-miss is often it)."""
    model = tagger(CUE_MODEL)
    if model is None or SENTENCE_THRESHOLD >= 1:
        return []
    best, where = 0.0, -1
    for offset, token in enumerate(sent):
        if token.pos_ == "VERB":
            score = model.marginal("B", offset)
            if score > best:
                best, where = score, offset
    if best < SENTENCE_THRESHOLD:
        return []
    return [(sent.start + where, sent.start + where + 1, best)]


def tag_roles(doc, cue: tuple[int, int], rows: list[list[str]], quotes: list[Quote], sent) -> tuple[list[Range], list[Range]]:
    """Token runs [start, end) tagged source and content around one cue."""
    model = tagger(ROLE_MODEL)
    tokens = [doc[i] for i in window(sent)]
    labels = model.tag(role_sequence(tokens, cue, rows, rule_roles(doc, cue, quotes, sent)))
    runs: dict[str, list[Range]] = {"S": [], "C": []}
    current, start = "O", 0
    for offset, label in enumerate(labels + ["O"]):
        if label != current:
            if current in runs:
                runs[current].append((tokens[start].i, tokens[offset - 1].i + 1))
            current, start = label, offset
    return runs["S"], runs["C"]
