"""Pair features for stance: TF-IDF similarity, n-gram overlap, cue words near the claim, numbers and names that match or clash."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from retold.stance.refute import REFUTE_FEATURE_NAMES, BodyCues, prepare_cues, refute_features

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][a-zA-Z]+\b")

STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those "
    "he she they we you i his her their our your my me him them us has have had do does did will would can could should "
    "may might must shall so than then there here what which who whom whose when where why how all any both each few more "
    "most other some such only own same too very just also into over after before about up down out off again further once "
    "s t said says".split()
)
# Cue lexicons: the published FNC systems' refuting and hedging lists, extended by hand.
REFUTE = frozenset(
    "fake fraud hoax hoaxes false falsely deny denies denied denial debunk debunked debunks bogus prank pranks retract "
    "retracted retraction misleading untrue incorrect wrong rumor rumors rumour rumours baseless fabricated satire satirical "
    "refute refuted refutes dismiss dismissed dismisses contrary myth nonsense lie lies lied scam doubt doubts doubtful "
    "unfounded spoof parody erroneous mistaken disputed dispute disputes".split()
)
NEGATION = frozenset("not no never none nothing neither nor nobody without isn't wasn't aren't weren't doesn't didn't don't can't couldn't won't wouldn't hasn't haven't hadn't".split())
HEDGE = frozenset(
    "reportedly allegedly alleged apparently claim claims claimed claiming according purportedly purported unconfirmed "
    "unverified rumored rumoured suggests suggested may might could possibly possible perhaps report reports reported "
    "appears appear seems seem believed supposedly speculation speculate unclear likely unknown if whether".split()
)
SUPPORT = frozenset(
    "confirmed confirms confirm confirmation revealed reveals official officially announced announces indeed actually true "
    "verified evidence proof shows showed footage photos video statement released".split()
)
LEXICONS = (REFUTE, NEGATION, HEDGE, SUPPORT)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _TOKEN.findall(text.lower())


def sentences(text: str) -> list[str]:
    """Rough sentence split: enough to find the sentence that talks about the claim."""
    return [part for part in _SENTENCE_END.split(text) if part and part.strip()]


def _char_grams(words: list[str], n: int = 5) -> set[str]:
    grams: set[str] = set()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


@dataclass
class Vocabulary:
    """What the features need from training: IDF weights and the word lists the related-pair stage reads."""

    idf: dict[str, float]
    default_idf: float
    head_words: list[str] = field(default_factory=list)
    body_words: list[str] = field(default_factory=list)

    def vector(self, words: list[str]) -> dict[str, float]:
        """L2-normalised TF-IDF vector of a token list, as a dict."""
        counts: dict[str, int] = {}
        for word in words:
            if word not in STOPWORDS:
                counts[word] = counts.get(word, 0) + 1
        vec = {w: (1.0 + math.log(c)) * self.idf.get(w, self.default_idf) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def to_json(self) -> dict:
        """JSON-ready form."""
        return {"idf": self.idf, "default_idf": self.default_idf, "head_words": self.head_words, "body_words": self.body_words}

    @classmethod
    def from_json(cls, data: dict) -> Vocabulary:
        """Inverse of to_json."""
        return cls(data["idf"], data["default_idf"], data["head_words"], data["body_words"])


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


@dataclass
class Body:
    """An article body prepared once, however many claims are compared with it."""

    words: list[str]
    word_set: set[str]
    bigrams: set[tuple[str, str]]
    grams: set[str]
    vector: dict[str, float]
    lead_vector: dict[str, float]
    lead_set: set[str]
    sentence_words: list[list[str]]
    sentence_vectors: list[dict[str, float]]
    numbers: set[str]
    names: set[str]
    counts: dict[str, int]
    lexicon_rates: list[float]
    cues: BodyCues


def prepare_body(text: str, vocab: Vocabulary) -> Body:
    """Tokenise and vectorise a body once."""
    words = tokens(text)
    sents = sentences(text) or [text]
    sentence_words = [tokens(s) for s in sents]
    lead = [w for s in sentence_words[:3] for w in s]
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    n = max(len(words), 1)
    return Body(
        words=words,
        word_set=set(words),
        bigrams=set(zip(words, words[1:])),
        grams=_char_grams([w for w in words if w not in STOPWORDS]),
        vector=vocab.vector(words),
        lead_vector=vocab.vector(lead),
        lead_set=set(lead),
        sentence_words=sentence_words,
        sentence_vectors=[vocab.vector(s) for s in sentence_words],
        numbers=set(_NUMBER.findall(text)),
        names={m.lower() for m in _NAME.findall(text)},
        counts=counts,
        lexicon_rates=[100.0 * sum(counts.get(w, 0) for w in lex) / n for lex in LEXICONS],
        cues=prepare_cues(words, sentence_words, LEXICONS),
    )


def _lexicon_counts(words: list[str]) -> list[float]:
    return [float(sum(w in lex for w in words)) for lex in LEXICONS]


def pair_features(headline: str, body: Body, vocab: Vocabulary) -> np.ndarray:
    """Dense feature vector of one (headline, body) pair; names in FEATURE_NAMES order, then vocabulary words."""
    head_words = tokens(headline)
    content = [w for w in head_words if w not in STOPWORDS] or head_words or [""]
    content_set = set(content)
    hvec = vocab.vector(head_words)
    sentence_sims = [_dot(hvec, s) for s in body.sentence_vectors]
    sims = sorted(sentence_sims, reverse=True) or [0.0]
    best = int(np.argmax(sentence_sims)) if sentence_sims else 0
    # cue words weighted by how closely their sentence matches the claim: a denial of something else counts little
    weighted_lex = [sum(sim * sum(w in lex for w in words) for sim, words in zip(sentence_sims, body.sentence_words)) for lex in LEXICONS]
    # The sentences that talk about the claim carry the stance; cue words there count more than anywhere else.
    near = [w for s in body.sentence_words[max(0, best - 1):best + 2] for w in s]
    top_words = body.sentence_words[best] if body.sentence_words else []
    head_bigrams = set(zip(head_words, head_words[1:]))
    head_grams = _char_grams(content)
    idf_total = sum(vocab.idf.get(w, vocab.default_idf) for w in content_set) or 1.0
    idf_hit = sum(vocab.idf.get(w, vocab.default_idf) for w in content_set if w in body.word_set)
    head_numbers = set(_NUMBER.findall(headline))
    head_names = {m.lower() for m in _NAME.findall(headline)[1:]}  # the first capital may just start the headline
    n_body = max(len(body.words), 1)
    head_lex = _lexicon_counts(head_words)
    near_lex = _lexicon_counts(near)
    top_lex = _lexicon_counts(top_words)
    overlap = sum(w in body.word_set for w in content_set) / len(content_set)
    base = [
        _dot(hvec, body.vector),
        _dot(hvec, body.lead_vector),
        sims[0],
        float(np.mean(sims[:3])),
        overlap,
        sum(w in body.lead_set for w in content_set) / len(content_set),
        sum(b in body.bigrams for b in head_bigrams) / max(len(head_bigrams), 1),
        len(head_grams & body.grams) / max(len(head_grams), 1),
        len(content_set & body.word_set) / max(len(content_set | body.word_set), 1),
        100.0 * sum(body.counts.get(w, 0) for w in content_set) / n_body,
        idf_hit / idf_total,
        float(len(head_words)),
        math.log1p(len(body.words)),
        float(len(head_numbers)),
        sum(x in body.numbers for x in head_numbers) / len(head_numbers) if head_numbers else -1.0,
        float(len(head_names)),
        sum(x in body.names for x in head_names) / len(head_names) if head_names else -1.0,
        float("?" in headline),
        float(best) / max(len(body.sentence_words), 1),
        *head_lex,
        *near_lex,
        *top_lex,
        *body.lexicon_rates,
        # polarity: a refuting headline against a refuting body agrees, so the parity matters, not the counts
        float((head_lex[0] + head_lex[1]) % 2 == (near_lex[0] + near_lex[1]) % 2),
        *weighted_lex,
    ]
    # the claim's rarest words: a denial or negation next to them is about the claim
    key_terms = sorted(content_set, key=lambda w: (-vocab.idf.get(w, vocab.default_idf), w))[:5]
    base += refute_features(key_terms, content_set, sentence_sims, body.sentence_words, near, body.cues, len(body.words),
                            head_lex[0], body.lexicon_rates[0], head_numbers, body.numbers)
    head_present = [float(w in content_set) for w in vocab.head_words]
    body_rates = [100.0 * body.counts.get(w, 0) / n_body for w in vocab.body_words]
    return np.asarray(base + head_present + body_rates, dtype=np.float32)


FEATURE_NAMES = [
    "cos_body", "cos_lead", "cos_best_sentence", "cos_top3", "overlap", "overlap_lead", "bigram_overlap", "char5_overlap",
    "jaccard", "head_term_rate", "idf_overlap", "head_len", "log_body_len", "head_numbers", "numbers_found",
    "head_names", "names_found", "question", "best_sentence_position",
    *(f"head_{n}" for n in ("refute", "negation", "hedge", "support")),
    *(f"near_{n}" for n in ("refute", "negation", "hedge", "support")),
    *(f"top_{n}" for n in ("refute", "negation", "hedge", "support")),
    *(f"body_{n}_rate" for n in ("refute", "negation", "hedge", "support")),
    "polarity_parity",
    *(f"weighted_{n}" for n in ("refute", "negation", "hedge", "support")),
    *REFUTE_FEATURE_NAMES,
]
# The related/unrelated stage reads only the similarity features: cheap, and all it needs.
RELATED_FEATURES = 19
