"""Load the shipped check-worthiness model and score sentences with numpy alone (no scikit-learn at run time)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from retold.checkworthy.features import CUE_NAMES, TagParse, Vocabulary, featurize, tag_parse
from retold.errors import RetoldError
from retold.model_files import MODELS, require

MODEL_DIR = MODELS / "checkworthy"
VOCABULARY_FILE = "vocabulary.json"
WEIGHTS_FILE = "weights.npz"
SHIPPED_FILES = (MODEL_DIR / VOCABULARY_FILE, MODEL_DIR / WEIGHTS_FILE)


@dataclass(frozen=True)
class CheckworthyModel:
    """A logistic regression over TF-IDF n-grams (words, characters, spaCy tags) and cues; threshold tuned on held-out train."""

    words: Vocabulary
    chars: Vocabulary
    tags: Vocabulary
    weights: np.ndarray  # one per column of featurize(): words, then chars, then cues
    bias: float
    cue_scale: float
    threshold: float
    card: dict

    def score(self, texts: Sequence[str], docs: Sequence | None = None) -> np.ndarray:
        """Probability that each sentence is check-worthy; docs are the texts' spaCy Docs (or Spans) when the caller has them."""
        if docs is None:
            docs = _spacy().pipe(texts, batch_size=256)
        arrays: dict = {}  # many Spans of one Doc share its token array
        return self.score_parsed(texts, [tag_parse(doc, arrays) for doc in docs])

    def score_parsed(self, texts: Sequence[str], parses: Sequence[TagParse]) -> np.ndarray:
        """Probability that each sentence is check-worthy, given the tag_parse of its spaCy Doc or Span; one vectorised pass."""
        rows, columns, values, _ = featurize(texts, self.words, self.chars, self.tags, parses, self.cue_scale)
        sums = np.bincount(rows, values * self.weights[columns], minlength=len(texts))
        return 1.0 / (1.0 + np.exp(-(sums + self.bias)))

    def label(self, scores: np.ndarray) -> list[str]:
        """Yes/No at the tuned threshold."""
        return ["Yes" if s >= self.threshold else "No" for s in scores]

    def save(self, directory: Path) -> None:
        """Write vocabulary.json (n-grams, threshold, card) and weights.npz (idf, weights) into directory."""
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": "retold.checkworthy/2",
            "words": self.words.terms(),
            "chars": self.chars.terms(),
            "tags": self.tags.terms(),
            "cues": list(CUE_NAMES),
            "cue_scale": self.cue_scale,
            "threshold": self.threshold,
            "bias": self.bias,
            "card": self.card,
        }
        (directory / VOCABULARY_FILE).write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        # float32 halves the file; the scores move by ~1e-6, far below any threshold decision that matters
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            word_idf=self.words.idf.astype(np.float32),
            char_idf=self.chars.idf.astype(np.float32),
            tag_idf=self.tags.idf.astype(np.float32),
            weights=self.weights.astype(np.float32),
        )


def load_model(directory: Path | str | None = None) -> CheckworthyModel:
    """Read a model written by CheckworthyModel.save (the shipped one by default)."""
    if directory is None:
        require(*SHIPPED_FILES)  # a shipped file is reinstalled, not rebuilt
    directory = Path(directory) if directory is not None else MODEL_DIR
    try:
        meta = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        arrays = np.load(directory / WEIGHTS_FILE)
    except FileNotFoundError as error:
        raise RetoldError(f"no check-worthiness model in {directory}; build it with 'python -m retold.checkworthy.train'") from error
    if meta.get("format") != "retold.checkworthy/2" or meta.get("cues") != list(CUE_NAMES):
        raise RetoldError(f"the check-worthiness model in {directory} was built by another version of retold; retrain it")
    words = Vocabulary(dict(zip(meta["words"], range(len(meta["words"])))), arrays["word_idf"].astype(np.float64))
    chars = Vocabulary(dict(zip(meta["chars"], range(len(meta["chars"])))), arrays["char_idf"].astype(np.float64))
    tags = Vocabulary(dict(zip(meta["tags"], range(len(meta["tags"])))), arrays["tag_idf"].astype(np.float64))
    return CheckworthyModel(
        words, chars, tags, arrays["weights"].astype(np.float64), float(meta["bias"]), float(meta["cue_scale"]),
        float(meta["threshold"]), meta.get("card", {}),
    )


@lru_cache(maxsize=1)
def _spacy():
    # the pinned spaCy pipeline is read-only; loading it once per process only saves time
    # imported here: retold.analyze.parsing imports spaCy, which `retold checkworthy` with the transformer never needs
    from retold.analyze.parsing import load_spacy

    return load_spacy()


@lru_cache(maxsize=1)
def _shipped_model() -> CheckworthyModel:
    # the shipped model is read-only package data, so caching it cannot make output depend on earlier input
    return load_model()


def score_sentences(texts: list[str], docs: Sequence | None = None) -> list[float]:
    """Check-worthiness in [0, 1] of each sentence, by the shipped model; pass the sentences' spaCy Docs if you have them."""
    if not texts:
        return []
    return [float(s) for s in _shipped_model().score(texts, docs)]
