"""Sentence features for check-worthiness: word and character n-grams (TF-IDF) and hand-built cues; numpy only."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

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


def tag_keys(doc) -> list[tuple[str, ...]]:
    """N-grams (up to TAG_ORDER), as tuples, over a spaCy Doc's or Span's fine POS tags, entity labels, and dependency+POS labels.

    Syntax generalises beyond the words seen in training: a past-tense verb with a CARDINAL object reads like a
    checkable statement whatever the topic (ClaimBuster's own features were POS tags and entity types).
    """
    tokens = list(doc)
    sequences = (
        [t.tag_ for t in tokens],
        [f"ENT_{e.label_}" for e in doc.ents],
        [f"DEP_{t.dep_}_{t.pos_}" for t in tokens],
    )
    keys: list[tuple[str, ...]] = []
    for sequence in sequences:
        # tuples, not joined strings: the lookup at inference then costs no string building
        keys.extend((a,) for a in sequence)
        keys.extend(zip(sequence, sequence[1:]))
        keys.extend(zip(sequence, sequence[1:], sequence[2:]))
    return keys


def tag_ngrams(doc) -> list[str]:
    """The tag_keys of a Doc or Span as space-joined strings (the vocabulary's spelling)."""
    return [" ".join(key) for key in tag_keys(doc)]


@dataclass(frozen=True)
class TagParse:
    """What the tag block reads of a parsed Doc or Span: per token (TAG, DEP, POS) string hashes, and entity labels."""

    array: np.ndarray  # shape (tokens, 3), uint64 hashes in `strings`
    entities: list[str]
    strings: object  # the spaCy StringStore the hashes resolve in


def tag_parse(span, doc_arrays: dict | None = None) -> TagParse:
    """The TagParse of a Doc or Span; doc_arrays caches each Doc's array when many Spans of one Doc are read."""
    from spacy.attrs import DEP, POS, TAG

    doc = span.doc if hasattr(span, "doc") else span
    if span is doc:
        doc_arrays = None  # a whole Doc is read once: nothing to share (and a cache would keep every Doc alive)
    cached = None if doc_arrays is None else doc_arrays.get(id(doc))
    if cached is None or cached[0] is not doc:
        # Span.ents walks every entity of the Doc on each call: read them once per Doc and slice. The entry holds
        # the Doc itself, so its id cannot pass to another Doc while the entry lives
        entities = [(e.start, e.end, e.label_) for e in doc.ents]
        cached = (doc, doc.to_array([TAG, DEP, POS]).reshape(-1, 3), entities)
        if doc_arrays is not None:
            doc_arrays[id(doc)] = cached
    _, array, entities = cached
    start, end = (span.start, span.end) if span is not doc else (0, len(doc))
    labels = [label for first, last, label in entities if first >= start and last <= end]
    return TagParse(array[start:end], labels, doc.vocab.strings)


class TagIndex:
    """The tag vocabulary compiled for numpy: every n-gram one integer code, found by binary search, no strings built."""

    def __init__(self, tags: Vocabulary):
        # every n-gram's parts in one list (not a list per n-gram: tens of thousands of objects for the collector to
        # walk on a cold start's first article), then every code at once with numpy
        parts = " ".join(tags.index).split(" ") if tags.index else []
        self.symbols = {p: i for i, p in enumerate(sorted(set(parts)), start=1)}
        self.base = len(self.symbols) + 1  # symbol 0 is one the vocabulary never saw, so no n-gram holding it matches
        lengths = np.fromiter((g.count(" ") + 1 for g in tags.index), dtype=np.int64, count=len(tags.index))
        flat = np.fromiter(map(self.symbols.__getitem__, parts), dtype=np.int64, count=len(parts))
        starts = np.cumsum(lengths) - lengths
        codes = lengths.copy()  # the order leads, so a unigram and a bigram never share a code
        for k in range(int(lengths.max(initial=0))):
            longer = lengths > k
            codes[longer] = codes[longer] * self.base + flat[starts[longer] + k]
        columns = np.fromiter(tags.index.values(), dtype=np.int64, count=len(tags.index))
        order = np.argsort(codes)
        self.codes, self.columns = codes[order], columns[order]

    def _lookup(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = np.searchsorted(self.codes, codes)
        found[found == len(self.codes)] = 0
        hit = (self.codes[found] == codes) if len(self.codes) else np.zeros(len(codes), dtype=bool)
        return hit, self.columns[found[hit]] if len(self.codes) else np.zeros(0, dtype=np.int64)

    def _symbols(self, hashes: np.ndarray, strings, spell) -> np.ndarray:
        # few distinct labels in a batch: resolve each once, then spread them back with numpy
        unique, inverse = np.unique(hashes, axis=0, return_inverse=True)
        table = np.array([self.symbols.get(spell(strings, u), 0) for u in unique], dtype=np.int64)
        return table[inverse.reshape(-1)] if len(unique) else np.zeros(0, dtype=np.int64)

    def columns_of(self, parses: Sequence[TagParse]) -> tuple[np.ndarray, np.ndarray]:
        """(rows, columns) of every tag n-gram of each parse found in the vocabulary, n-grams never crossing parses."""
        found_rows: list[np.ndarray] = []
        found_columns: list[np.ndarray] = []
        lengths = np.fromiter((len(p.array) for p in parses), dtype=np.int64, count=len(parses))
        rows = np.repeat(np.arange(len(parses), dtype=np.int64), lengths)
        if len(rows):
            array = np.concatenate([p.array for p in parses])
            strings = parses[0].strings
            tags = self._symbols(array[:, 0], strings, lambda s, h: s[int(h)])
            deps = self._symbols(array[:, 1:], strings, lambda s, h: f"DEP_{s[int(h[0])]}_{s[int(h[1])]}")
            for sequence in (tags, deps):
                self._grams(sequence, rows, found_rows, found_columns)
        entity_lists = [[self.symbols.get(f"ENT_{label}", 0) for label in p.entities] for p in parses]
        entity_rows = np.repeat(np.arange(len(parses), dtype=np.int64), [len(e) for e in entity_lists])
        self._grams(np.fromiter(chain.from_iterable(entity_lists), dtype=np.int64, count=len(entity_rows)), entity_rows, found_rows, found_columns)
        if not found_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(found_rows), np.concatenate(found_columns)

    def _grams(self, symbols: np.ndarray, rows: np.ndarray, found_rows: list, found_columns: list) -> None:
        for order in range(1, TAG_ORDER + 1):
            count = len(symbols) - order + 1
            if count <= 0:
                break
            codes = np.full(count, order, dtype=np.int64)
            for k in range(order):
                codes = codes * self.base + symbols[k : k + count]
            same = rows[:count] == rows[order - 1 : order - 1 + count]
            hit, columns = self._lookup(codes[same])
            found_rows.append(rows[:count][same][hit])
            found_columns.append(columns)


# Cues the literature on check-worthiness names: numbers and statistics, named things, comparisons are
# checkable; first-person intentions, opinions, hedges and questions usually are not.
# The case-blind patterns run on the lower-cased text without re.IGNORECASE: the same matches, at a fraction of the cost
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s*(?:%|percent\b|per cent\b)")
_MONEY = re.compile(r"[$£€]\s*\d|\d\s*(?:million|billion|trillion|dollars)\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NUMBER_WORD = re.compile(r"\b(?:half|twice|double[ds]?|triple[ds]?|dozens?|hundreds?|thousands?|millions?|billions?|trillions?)\b")
_STATISTIC = re.compile(
    r"\b(?:rate|average|percent|tax(?:es)?|jobs?|deficit|debt|budget|unemploy\w*|inflation|income|wages?|spending|"
    r"increase[sd]?|decrease[sd]?|cut|raised?|grew|fell|rose|dropped|record|since|last year|per year)\b"
)
_COMPARATIVE = re.compile(r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|most|least|highest|lowest|largest|than|only)\b")
_OPINION = re.compile(
    r"\b(?:i think|i believe|i feel|i want|i hope|i will|i'll|i'm going to|we will|we'll|we're going to|we must|"
    r"we need|let me|in my opinion|thank you)\b"
)
_HEDGE = re.compile(r"\b(?:maybe|perhaps|might|may|could|probably|possibly|seems?|likely)\b")
_CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")
_QUESTION = re.compile(r"\?\s*$")

CUE_NAMES = (
    "has_digit", "percent", "money", "year", "number_word", "statistic_words", "comparatives",
    "opinion", "hedge", "capitalised", "question", "length", "short",
)


def cue_vector(text: str) -> list[float]:
    """The hand-built cues of one sentence, each scaled into [0, 1]."""
    words = len(text.split())
    low = text.lower() if text.isascii() else None
    if low is None:  # outside ASCII, lower() can change lengths and word boundaries: match case-blind on the text itself
        return _cue_vector_unicode(text, words)
    return [
        float(bool(_DIGIT.search(text))),
        float(bool(_PERCENT.search(low))),
        float(bool(_MONEY.search(low))),
        float(bool(_YEAR.search(text))),
        float(bool(_NUMBER_WORD.search(low))),
        min(len(_STATISTIC.findall(low)), 4) / 4,
        min(len(_COMPARATIVE.findall(low)), 3) / 3,
        float(bool(_OPINION.search(low))),
        float(bool(_HEDGE.search(low))),
        min(len(_CAPITALISED.findall(text)), 5) / 5,
        float(bool(_QUESTION.search(text))),
        min(words, 60) / 60,
        float(words < 6),
    ]


_CASE_BLIND = {pattern: re.compile(pattern.pattern, re.I) for pattern in (_PERCENT, _MONEY, _NUMBER_WORD, _STATISTIC, _COMPARATIVE, _OPINION, _HEDGE)}


def _cue_vector_unicode(text: str, words: int) -> list[float]:
    blind = _CASE_BLIND
    return [
        float(bool(_DIGIT.search(text))),
        float(bool(blind[_PERCENT].search(text))),
        float(bool(blind[_MONEY].search(text))),
        float(bool(_YEAR.search(text))),
        float(bool(blind[_NUMBER_WORD].search(text))),
        min(len(blind[_STATISTIC].findall(text)), 4) / 4,
        min(len(blind[_COMPARATIVE].findall(text)), 3) / 3,
        float(bool(blind[_OPINION].search(text))),
        float(bool(blind[_HEDGE].search(text))),
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
    def fit(cls, documents: Iterable[list[str]], min_df: int, max_features: int) -> Vocabulary:
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
        rows, columns, values = tfidf_block([[i for i in map(self.index.get, grams) if i is not None]], self.idf)
        return columns, values


def tfidf_block(columns: Sequence[list[int]], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """COO rows, columns and values of the L2-normalised sublinear TF-IDF of each row's list of n-gram columns."""
    lengths = np.fromiter(map(len, columns), dtype=np.int64, count=len(columns))
    flat = np.fromiter(chain.from_iterable(columns), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(columns), dtype=np.int64), lengths)
    return tfidf_coo(rows, flat, idf, len(columns))


def tfidf_coo(rows: np.ndarray, flat: np.ndarray, idf: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """COO rows, columns and values of the L2-normalised sublinear TF-IDF of n-gram occurrences (row, column), count rows."""
    width = max(len(idf), 1)
    # np.unique on row * width + column counts each n-gram once per row and sorts by row, then column
    keys, counts = np.unique(rows * width + flat, return_counts=True)
    rows, flat = keys // width, keys % width
    values = (1.0 + np.log(counts)) * idf[flat]
    norms = np.sqrt(np.bincount(rows, values * values, minlength=count))
    return rows, flat, values / norms[rows]


class _CharCache:
    """Each word's character n-gram columns, computed once per vocabulary: words repeat, n-gram building is the cost."""

    LIMIT = 200_000  # bounded, so a long run over many texts cannot grow it without end

    def __init__(self, chars: Vocabulary):
        self.index = chars.index
        self.columns: dict[str, list[int]] = {}

    def __call__(self, text: str) -> list[int]:
        found: list[int] = []
        for word in text.lower().split():
            columns = self.columns.get(word)
            if columns is None:
                if len(self.columns) >= self.LIMIT:
                    self.columns.clear()
                columns = [i for i in map(self.index.get, char_ngrams(word)) if i is not None]
                self.columns[word] = columns
            found.extend(columns)
        return found


def _word_columns(text: str, index: dict[str, int]) -> list[int]:
    # looked up as the vocabulary spells them: an index keyed by tuples would cost 40,000 tuples on a cold start
    tokens = _WORD.findall(text.lower())
    found = [i for i in map(index.get, tokens) if i is not None]
    found.extend(i for i in map(index.get, map(" ".join, zip(tokens, tokens[1:]))) if i is not None)
    return found


def featurize(
    texts: Sequence[str], words: Vocabulary, chars: Vocabulary, tags: Vocabulary, parses: Sequence[TagParse], cue_scale: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """COO parts (rows, columns, values, width) of [word | char | tag TF-IDF | cues * cue_scale]; parses: tag_parse of each text."""
    char_cache = chars.__dict__.get("_char_cache")
    if char_cache is None:
        char_cache = _CharCache(chars)
        object.__setattr__(chars, "_char_cache", char_cache)
    tag_index: TagIndex | None = tags.__dict__.get("_tag_index")
    if tag_index is None:
        tag_index = TagIndex(tags)
        object.__setattr__(tags, "_tag_index", tag_index)
    blocks = (
        (tfidf_block([_word_columns(t, words.index) for t in texts], words.idf), 0),
        (tfidf_block([char_cache(t) for t in texts], chars.idf), len(words.index)),
        (tfidf_coo(*tag_index.columns_of(parses), tags.idf, len(texts)), len(words.index) + len(chars.index)),
    )
    cue_offset = len(words.index) + len(chars.index) + len(tags.index)
    cues = np.asarray([cue_vector(t) for t in texts], dtype=np.float64).reshape(len(texts), len(CUE_NAMES)) * cue_scale
    cue_rows, cue_columns = np.nonzero(np.ones_like(cues))
    rows = np.concatenate([b[0] for b, _ in blocks] + [cue_rows])
    columns = np.concatenate([b[1] + offset for b, offset in blocks] + [cue_columns + cue_offset])
    values = np.concatenate([b[2] for b, _ in blocks] + [cues.ravel()])
    return rows, columns, values, cue_offset + len(CUE_NAMES)
