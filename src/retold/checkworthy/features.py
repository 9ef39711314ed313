"""Sentence features for check-worthiness: word and character n-grams (TF-IDF) and hand-built cues; numpy only."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

_WORD = re.compile(r"\b\w+\b")  # single characters count: "I" marks opinions, "3" a number
_SPACES = re.compile(r"\s+")
WORD_ORDERS = (1, 2)
CHAR_ORDERS = (2, 5)


def word_ngrams(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams."""
    tokens = _WORD.findall(text.lower())
    grams = list(tokens)
    for n in range(2, WORD_ORDERS[1] + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_ngrams(text: str) -> list[str]:
    """Lower-cased character n-grams inside space-padded words (so they never span two words)."""
    low, high = CHAR_ORDERS
    grams: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


TAG_ORDER = 3


def tag_ngrams(doc) -> list[str]:
    """N-grams (up to TAG_ORDER) over a spaCy Doc's fine POS tags, its entity labels, and its dependency+POS labels.

    Syntax generalises beyond the words seen in training: a past-tense verb with a CARDINAL object reads like a
    checkable statement whatever the topic (ClaimBuster's own features were POS tags and entity types).
    """
    sequences = (
        [t.tag_ for t in doc],
        [f"ENT_{e.label_}" for e in doc.ents],
        [f"DEP_{t.dep_}_{t.pos_}" for t in doc],
    )
    grams: list[str] = []
    for sequence in sequences:
        for n in range(1, TAG_ORDER + 1):
            grams.extend(" ".join(sequence[i : i + n]) for i in range(len(sequence) - n + 1))
    return grams


# Cues the literature on check-worthiness names: numbers and statistics, named things, comparisons are
# checkable; first-person intentions, opinions, hedges and questions usually are not.
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s*(?:%|percent\b|per cent\b)", re.I)
_MONEY = re.compile(r"[$£€]\s*\d|\d\s*(?:million|billion|trillion|dollars)\b", re.I)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NUMBER_WORD = re.compile(r"\b(?:half|twice|double[ds]?|triple[ds]?|dozens?|hundreds?|thousands?|millions?|billions?|trillions?)\b", re.I)
_STATISTIC = re.compile(
    r"\b(?:rate|average|percent|tax(?:es)?|jobs?|deficit|debt|budget|unemploy\w*|inflation|income|wages?|spending|"
    r"increase[sd]?|decrease[sd]?|cut|raised?|grew|fell|rose|dropped|record|since|last year|per year)\b",
    re.I,
)
_COMPARATIVE = re.compile(r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|most|least|highest|lowest|largest|than|only)\b", re.I)
_OPINION = re.compile(
    r"\b(?:I think|I believe|I feel|I want|I hope|I will|I'll|I'm going to|we will|we'll|we're going to|we must|"
    r"we need|let me|in my opinion|thank you)\b",
    re.I,
)
_HEDGE = re.compile(r"\b(?:maybe|perhaps|might|may|could|probably|possibly|seems?|likely)\b", re.I)
_CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")
_QUESTION = re.compile(r"\?\s*$")

CUE_NAMES = (
    "has_digit", "percent", "money", "year", "number_word", "statistic_words", "comparatives",
    "opinion", "hedge", "capitalised", "question", "length", "short",
)


def cue_vector(text: str) -> list[float]:
    """The hand-built cues of one sentence, each scaled into [0, 1]."""
    words = len(text.split())
    return [
        float(bool(_DIGIT.search(text))),
        float(bool(_PERCENT.search(text))),
        float(bool(_MONEY.search(text))),
        float(bool(_YEAR.search(text))),
        float(bool(_NUMBER_WORD.search(text))),
        min(len(_STATISTIC.findall(text)), 4) / 4,
        min(len(_COMPARATIVE.findall(text)), 3) / 3,
        float(bool(_OPINION.search(text))),
        float(bool(_HEDGE.search(text))),
        min(len(_CAPITALISED.findall(text)), 5) / 5,
        float(bool(_QUESTION.search(text))),
        min(words, 60) / 60,
        float(words < 6),
    ]


@dataclass(frozen=True)
class Vocabulary:
    """N-gram -> column, with the inverse document frequency of each column."""

    index: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, documents: Iterable[list[str]], min_df: int, max_features: int) -> "Vocabulary":
        """Keep the max_features most frequent n-grams seen in at least min_df documents; smoothed idf."""
        df: Counter[str] = Counter()
        count = 0
        for grams in documents:
            df.update(set(grams))
            count += 1
        kept = sorted((g for g, c in df.items() if c >= min_df), key=lambda g: (-df[g], g))[:max_features]
        kept.sort()
        idf = np.array([math.log((1 + count) / (1 + df[g])) + 1.0 for g in kept], dtype=np.float64)
        return cls({g: i for i, g in enumerate(kept)}, idf)

    def terms(self) -> list[str]:
        """The n-grams in column order."""
        return sorted(self.index, key=self.index.__getitem__)

    def weigh(self, grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Columns and L2-normalised sublinear TF-IDF values of one document."""
        counts = Counter(i for i in map(self.index.get, grams) if i is not None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[columns]
        return columns, values / np.linalg.norm(values)


def featurize(
    texts: Sequence[str], words: Vocabulary, chars: Vocabulary, tags: Vocabulary, tag_grams: Sequence[list[str]], cue_scale: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """CSR parts (data, indices, indptr, width) of [word | char | tag TF-IDF | cues * cue_scale] for each text."""
    data: list[np.ndarray] = []
    indices: list[np.ndarray] = []
    indptr = [0]
    char_offset = len(words.index)
    tag_offset = char_offset + len(chars.index)
    cue_offset = tag_offset + len(tags.index)
    cue_columns = np.arange(cue_offset, cue_offset + len(CUE_NAMES), dtype=np.int64)
    for text, grams in zip(texts, tag_grams, strict=True):
        word_columns, word_values = words.weigh(word_ngrams(text))
        char_columns, char_values = chars.weigh(char_ngrams(text))
        tag_columns, tag_values = tags.weigh(grams)
        cues = np.asarray(cue_vector(text), dtype=np.float64) * cue_scale
        indices.append(np.concatenate([word_columns, char_columns + char_offset, tag_columns + tag_offset, cue_columns]))
        data.append(np.concatenate([word_values, char_values, tag_values, cues]))
        indptr.append(indptr[-1] + len(indices[-1]))
    width = cue_offset + len(CUE_NAMES)
    if not texts:
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.asarray(indptr, dtype=np.int64), width
    return np.concatenate(data), np.concatenate(indices), np.asarray(indptr, dtype=np.int64), width
