"""A body that quotes a claim word for word, with no denial around the quote, does not dispute it.

The learnt model reads cue words anywhere near the claim's terms: an article that quotes an official's statement and then
reports someone else's denial of something else reads to it as `disagree`. Quoting a claim's own words is at least
reporting it, so unless the words around the quote refute or negate it, `disagree` is taken off (issue 17)."""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from retold.stance.features import NEGATION, REFUTE, Body, tokens
from retold.stance.refute import phrase_hits

# double quotation marks only: a single quote is also an apostrophe
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]+)[\"“”«»„]")
MIN_WORDS = 4  # a shorter run ("the company said") is a phrase, not a quotation
# a sentence after the quote that starts with one of these ("That was false.", "Not surprisingly, ..."), or names what was
# said in its first words ("The story turned out to be fake."), points back at the quote and is read with it
BACK_REFERENCE = frozenset("that this it which but yet however not".split())
SAID = frozenset("story claim claims report reports rumor rumors rumour rumours statement quote allegation remark".split())


def claim_passages(claim: str) -> list[list[str]]:
    """The word runs of the claim a verbatim copy carries: the whole claim, and each quoted passage of MIN_WORDS or more
    that holds at least half the claim's words (a quoted title in a claim is not a quotation of it)."""
    whole = tokens(claim)
    passages = [words for words in (tokens(m) for m in _QUOTED.findall(claim)) if len(words) >= max(MIN_WORDS, len(whole) / 2)]
    return passages + [whole] if len(whole) >= MIN_WORDS else passages


def _find(words: Sequence[str], run: Sequence[str]) -> int:
    """Start of the first occurrence of run in words, or -1."""
    n = len(run)
    for start in (i for i, word in enumerate(words) if word == run[0]):
        if list(words[start:start + n]) == list(run):
            return start
    return -1


def _points_back(sentence: Sequence[str]) -> bool:
    return bool(sentence) and (sentence[0] in BACK_REFERENCE or any(w in SAID for w in sentence[:3]))


def refuting_cues(words: Sequence[str]) -> int:
    """Refuting and negating words and multi-word denials ("not true", "no evidence") in words."""
    return sum(w in REFUTE or w in NEGATION for w in words) + phrase_hits(list(words))


def quotes_unrefuted(claim: str, body: Body) -> bool:
    """True when body carries a passage of claim verbatim and the sentences around it add no refutation or negation.

    Around = the sentences the passage spans, the sentence before, and the sentence after when it points back at the
    quote; the claim's own words are left out, and cues the claim itself carries outside the passage (its framing) are
    allowed as many times as it has them."""
    # most pairs fail on the body's bigram set: the sentences are joined and scanned only for a possible copy
    passages = [p for p in claim_passages(claim) if all(pair in body.bigrams for pair in zip(p, p[1:]))]
    words = [w for sentence in body.sentence_words for w in sentence] if passages else []
    for passage in passages:
        start = _find(words, passage)
        if start < 0:
            continue
        end = start + len(passage)
        bounds = np.cumsum([0] + [len(s) for s in body.sentence_words])  # sentence k spans words[bounds[k]:bounds[k + 1]]
        first = int(np.searchsorted(bounds, start, side="right")) - 1
        last = int(np.searchsorted(bounds, end - 1, side="right")) - 1
        lo, hi = max(0, first - 1), last + 1
        if hi < len(body.sentence_words) and _points_back(body.sentence_words[hi]):
            hi += 1
        around = list(words[bounds[lo]:start]) + list(words[end:bounds[hi]])
        framing = tokens(claim)
        framing_start = _find(framing, passage)
        framing = framing[:framing_start] + framing[framing_start + len(passage):]
        return refuting_cues(around) <= refuting_cues(framing)
    return False


def lift_disagree(probabilities: np.ndarray, quoted: Sequence[bool]) -> np.ndarray:
    """Move P(disagree) of the quoted rows to discuss: quoting a claim reports it, whether or not the body endorses it."""
    out = probabilities.copy()
    rows = np.flatnonzero(np.asarray(quoted, dtype=bool))
    out[rows, 2] += out[rows, 1]
    out[rows, 1] = 0.0
    return out
