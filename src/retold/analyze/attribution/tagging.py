"""The learned taggers: cue words per sentence, then source and content words around each cue (python-crfsuite)."""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retold.analyze.attribution.draft import Range
from retold.analyze.attribution.features import DocFeatures, role_sequence
from retold.analyze.attribution.quotes import Quote
from retold.analyze.attribution.verbs import quotes_near, verb_draft
from retold.model_files import MODELS, require

CUE_MODEL = MODELS / "attribution_cues.crfsuite"
ROLE_MODEL = MODELS / "attribution_roles.crfsuite"
SENTENCE_THRESHOLD = 0.3  # marginal of B for the best verb of a sentence the tagger left without a cue

# a cue token range [start, end) with its mean probability of being a cue word
TaggedCue = tuple[int, int, float]


@functools.lru_cache(maxsize=4)
def tagger(path: Path):
    """A read-only crfsuite tagger, opened once per process; MissingModel when the shipped file is absent."""
    require(path)
    import pycrfsuite

    model = pycrfsuite.Tagger()
    model.open(str(path))
    return model


def window(sent) -> range:
    """The tokens a cue's source and content are looked for in: its sentence."""
    return range(sent.start, sent.end)


def rule_roles(doc, head, quotes: list[Quote], sent) -> dict[int, str]:
    """What the parse rules say the source (S) and content (C) of a cue (head = its root token) are, as a feature
    for the tagger."""
    if head.pos_ != "VERB":
        return {}
    draft = verb_draft(head, quotes_near(quotes, sent), strict=False, sent=sent)
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


def role_features(features: DocFeatures, cue: tuple[int, int], sent) -> list[list[str]]:
    """The source/content tagger's input for one cue token range [start, end): its sentence's words."""
    head = features.doc[cue[0] : cue[1]].root
    roles = rule_roles(features.doc, head, features.quotes, sent)
    return role_sequence(features, window(sent), cue, head.i, roles)


@dataclass(frozen=True)
class CueReading:
    """What the cue tagger read in one sentence, all from one tag() call: the cues it tagged and, where it tagged
    none, the near miss (at most one verb)."""

    cues: list[TaggedCue]
    near_miss: list[TaggedCue]


def tag_cues(sequence: list[Sequence[str]], start: int, pos: Sequence[str], threshold: float = 0.5) -> CueReading:
    """The cues of a sentence (its cue_sequences features; start = its first token's index; pos: the Doc's
    part-of-speech column), or its near miss when there are none.

    The tagger holds the marginals of the last sequence it tagged, and it is shared by the whole process: every
    marginal is read here, before this call returns."""
    model = tagger(CUE_MODEL)
    labels = model.tag(sequence)
    # most sentences have no cue on the best path, and then the cue marginals need not be read
    cues = _cues(model, len(sequence), start, threshold) if "B" in labels or "I" in labels else []
    return CueReading(cues, [] if cues else _near_miss(model, pos, start, start + len(sequence)))


def _cues(model, length: int, start: int, threshold: float) -> list[TaggedCue]:
    """A token is a cue word when the marginal probability of B or I reaches `threshold`; a B starts a new cue."""
    found: list[TaggedCue] = []
    begun, total = None, 0.0
    for offset in range(length + 1):
        if offset < length:
            begin, inner = model.marginal("B", offset), model.marginal("I", offset)
            is_cue = begin + inner >= threshold
        else:
            begin = inner = 0.0
            is_cue = False
        if begun is not None and (not is_cue or begin > inner):
            found.append((start + begun, start + offset, total / (offset - begun)))
            begun = None
        if is_cue and begun is None:
            begun, total = offset, 0.0
        if is_cue:
            total += begin + inner
    return found


def _near_miss(model, pos: Sequence[str], start: int, end: int) -> list[TaggedCue]:
    """For a sentence [start, end) the model just tagged without a cue: the verb most likely to begin one, when its
    marginal is close enough (most sentences that attribute have exactly one cue, so the best near miss is often it)."""
    best, where = 0.0, -1
    for i in range(start, end):
        if pos[i] == "VERB":
            score = model.marginal("B", i - start)
            if score > best:
                best, where = score, i
    if best < SENTENCE_THRESHOLD:
        return []
    return [(where, where + 1, best)]


def tag_roles(features: DocFeatures, cue: tuple[int, int], sent) -> tuple[list[Range], list[Range]]:
    """Token runs [start, end) tagged source and content around one cue."""
    model = tagger(ROLE_MODEL)
    labels = model.tag(role_features(features, cue, sent))
    runs: dict[str, list[Range]] = {"S": [], "C": []}
    first = sent.start
    current, start = "O", 0
    for offset, label in enumerate(labels + ["O"]):
        if label != current:
            if current in runs:
                runs[current].append((first + start, first + offset))
            current, start = label, offset
    return runs["S"], runs["C"]
