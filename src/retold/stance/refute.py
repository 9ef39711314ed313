"""Refuting features: denials, negations and polarity flips near the claim's key terms in the body; numbers that clash."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

# Multi-word denials: single cue words miss "not true", "no evidence", "never happened".
DENIAL_PHRASES = tuple(
    tuple(p.split()) for p in (
        "not true", "no evidence", "no truth", "not real", "no proof", "no basis", "no such", "not the case",
        "never happened", "did not happen", "didn't happen", "turned out", "in fact", "there is no", "there was no",
        "has not been", "have not been", "made up", "fake news", "set the record straight", "is a hoax", "was a hoax",
        "is fake", "was fake", "are fake", "is false", "was false", "not actually", "no plans", "has denied",
        "have denied", "denied reports", "denied that", "photoshopped", "doctored", "not genuine", "debunked",
    )
)
# Word pairs whose swap flips a claim: the headline says one, the body near the claim says the other.
_ANTONYM_PAIRS = (
    ("alive", "dead"), ("alive", "died"), ("real", "fake"), ("true", "false"), ("true", "hoax"), ("confirmed", "denied"),
    ("confirms", "denies"), ("won", "lost"), ("win", "lose"), ("found", "missing"), ("guilty", "innocent"),
    ("arrested", "released"), ("open", "closed"), ("increase", "decrease"), ("rise", "fall"), ("accepts", "rejects"),
    ("accepted", "rejected"), ("approved", "rejected"), ("survived", "killed"), ("safe", "killed"),
    ("married", "divorced"), ("resigns", "stays"), ("ban", "allow"), ("banned", "allowed"), ("legal", "illegal"),
)
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

REFUTE_FEATURE_NAMES = [
    "key_neg_window", "key_refute_window", "key_hedge_window", "key_refute_hits",
    "claim_sentences", "claim_sent_refute", "claim_sent_negation", "claim_sent_hedge", "claim_sent_support",
    "max_sim_refute_sentence", "max_sim_negation_sentence", "lead_refute", "first_refute",
    "body_denial_rate", "near_denials", "claim_sent_denials", "antonym_flip", "body_numbers", "numbers_clash",
    "head_refute_x_body_refute",
]


@dataclass
class BodyCues:
    """Per-body cue positions, counted once: prefix sums for window queries, phrase hits per sentence."""

    positions: dict[str, list[int]]
    prefix: list[list[int]]  # per lexicon (refute, negation, hedge): count of cue words in words[:i]
    sentence_flags: list[tuple[bool, bool, bool, bool]]  # refute, negation, hedge, support per sentence
    sentence_denials: list[int]
    denials: int


# phrases by their first word: a body's words are looked up once each, not once per phrase
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in DENIAL_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def phrase_hits(words: list[str]) -> int:
    """How many multi-word denials (DENIAL_PHRASES) words holds."""
    hits = 0
    for i, word in enumerate(words):
        for phrase in _PHRASES_BY_FIRST.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                hits += 1
    return hits


def prepare_cues(words: list[str], sentence_words: list[list[str]], lexicons: tuple[frozenset[str], ...]) -> BodyCues:
    """Index the body's cue words once."""
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        positions.setdefault(word, []).append(i)
    bits = _lexicon_bits(lexicons[:4])
    # one dictionary lookup per word gives its lexicons as bits; numpy does the sums and the per-sentence ORs
    masks = np.fromiter((bits.get(w, 0) for w in words), dtype=np.int64, count=len(words))
    prefix = [np.concatenate(([0], np.cumsum((masks >> k) & 1))).tolist() for k in range(3)]
    lengths = [len(s) for s in sentence_words]
    flat = np.fromiter((bits.get(w, 0) for s in sentence_words for w in s), dtype=np.int64, count=sum(lengths))
    flags = []
    offset = 0
    for length in lengths:
        ored = int(np.bitwise_or.reduce(flat[offset:offset + length])) if length else 0
        flags.append(tuple(bool(ored >> k & 1) for k in range(4)))
        offset += length
    denials = [phrase_hits(s) for s in sentence_words]
    return BodyCues(positions, prefix, flags, denials, sum(denials))  # type: ignore[arg-type]


@functools.cache
def _lexicon_bits(lexicons: tuple[frozenset[str], ...]) -> dict[str, int]:
    """word -> bit k set when the word is in lexicons[k]; built once per set of lexicons (they are constants)."""
    found: dict[str, int] = {}
    for k, lexicon in enumerate(lexicons):
        for word in lexicon:
            found[word] = found.get(word, 0) | (1 << k)
    return found


def refute_features(key_terms: list[str], content_set: set[str], sentence_sims: list[float], sentence_words: list[list[str]],
                    near: list[str], cues: BodyCues, n_words: int, head_refute: float, body_refute_rate: float,
                    head_numbers: set[str], body_numbers: set[str]) -> list[float]:
    """Features in REFUTE_FEATURE_NAMES order."""
    windows = (5, 8, 8)
    hits = [0, 0, 0]
    occurrences = 0
    for term in key_terms:
        for i in cues.positions.get(term, ())[:20]:  # a capped sample: long bodies repeat names
            occurrences += 1
            for k, width in enumerate(windows):
                sums = cues.prefix[k]
                if sums[min(n_words, i + width + 1)] - sums[max(0, i - width)] > 0:
                    hits[k] += 1
    shares = [h / occurrences if occurrences else -1.0 for h in hits]
    # sentences that carry the claim: at least half of its key terms
    need = max(1, math.ceil(len(key_terms) / 2))
    claim_idx = [j for j, s in enumerate(sentence_words) if sum(t in s for t in key_terms) >= need] if key_terms else []
    n_claim = len(claim_idx)
    claim_flags = [sum(cues.sentence_flags[j][k] for j in claim_idx) / n_claim if n_claim else -1.0 for k in range(4)]
    max_sim = [max((sim for sim, f in zip(sentence_sims, cues.sentence_flags) if f[k]), default=0.0) for k in (0, 1)]
    lead_refute = float(sum(f[0] for f in cues.sentence_flags[:2]))
    first_refute = float(cues.sentence_flags[0][0]) if cues.sentence_flags else 0.0
    near_set = set(near)
    flip = float(any(ANTONYMS.get(w, frozenset()) & near_set and w not in near_set for w in content_set))
    clash = float(bool(head_numbers) and bool(body_numbers) and not (head_numbers & body_numbers))
    return [
        *shares, math.log1p(hits[1]),
        float(n_claim), *claim_flags,
        *max_sim, lead_refute, first_refute,
        1000.0 * cues.denials / max(n_words, 1), float(phrase_hits(near)),
        float(sum(cues.sentence_denials[j] for j in claim_idx)), flip,
        math.log1p(len(body_numbers)), clash,
        head_refute * body_refute_rate,
    ]
