"""Train the check-worthiness model: python -m retold.checkworthy.train --data ../shared/data/checkthat --out src/retold/models/checkworthy/"""
from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retold.analyze.parsing import load_spacy
from retold.checkworthy.features import TagParse, Vocabulary, char_ngrams, featurize, tag_keys, tag_parse, word_ngrams
from retold.checkworthy.model import CheckworthyModel
from retold.checkworthy.tsv import positive_scores, read_sentences

SEED = 13
TRAIN_FILE = "CT24_checkworthy_english_train.tsv"
DEV_FILE = "CT24_checkworthy_english_dev.tsv"
WORD_MIN_DF, WORD_MAX = 2, 40_000
CHAR_MIN_DF, CHAR_MAX = 3, 60_000
TAG_MIN_DF, TAG_MAX = 3, 40_000
CUE_SCALE = 1.0
C_GRID = (1.0, 2.0, 4.0)
HELD_OUT = 0.2


def _sklearn():
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError as error:  # training only: retold itself never needs scikit-learn
        raise SystemExit("training needs scikit-learn: pip install 'retold[bench]'") from error
    return csr_matrix, LogisticRegression


def fit(texts: Sequence[str], tag_grams: Sequence[list[tuple[str, ...]]], parses: Sequence[TagParse], labels: np.ndarray,
        c: float, threshold: float = 0.5) -> CheckworthyModel:
    """Vocabularies and a class-balanced logistic regression fitted on texts (tag_grams: their tag_keys; parses: their
    tag_parse, which the model reads as it does at run time)."""
    csr_matrix, LogisticRegression = _sklearn()
    words = Vocabulary.fit((word_ngrams(t) for t in texts), WORD_MIN_DF, WORD_MAX)
    chars = Vocabulary.fit((char_ngrams(t) for t in texts), CHAR_MIN_DF, CHAR_MAX)
    tags = Vocabulary.fit(([" ".join(k) for k in keys] for keys in tag_grams), TAG_MIN_DF, TAG_MAX)
    rows, columns, values, width = featurize(texts, words, chars, tags, parses, CUE_SCALE)
    matrix = csr_matrix((values, (rows, columns)), shape=(len(texts), width))
    # balanced weights: the Yes class is a quarter of the data, and F1 of Yes is what is judged
    regression = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
    regression.fit(matrix, labels)
    return CheckworthyModel(words, chars, tags, regression.coef_[0].copy(), float(regression.intercept_[0]), CUE_SCALE, threshold, {})


def best_threshold(gold: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """(F1, threshold) maximising F1 of the positive class; thresholds on a 0.005 grid so they stay stable."""
    best = (0.0, 0.5)
    for threshold in np.arange(0.05, 0.95, 0.005):
        predicted = ["Yes" if s >= threshold else "No" for s in scores]
        f1 = positive_scores(["Yes" if g else "No" for g in gold], predicted)[2]
        if f1 > best[0] + 1e-12:
            best = (f1, round(float(threshold), 3))
    return best


def split(count: int, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stratified (fit, held-out) row indices, fixed by SEED."""
    rng = np.random.default_rng(SEED)
    held: list[int] = []
    for value in (0, 1):
        rows = np.flatnonzero(labels == value)
        rng.shuffle(rows)
        held.extend(rows[: int(round(len(rows) * HELD_OUT))].tolist())
    held_mask = np.zeros(count, dtype=bool)
    held_mask[held] = True
    return np.flatnonzero(~held_mask), np.flatnonzero(held_mask)


def main(argv: Sequence[str] | None = None) -> int:
    """Choose C and the threshold on a held-out fifth of train, refit on all of train, save, report dev."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="folder with the CheckThat 2024 English TSVs")
    parser.add_argument("--out", type=Path, required=True, help="folder to write vocabulary.json and weights.npz to")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = read_sentences(args.data / TRAIN_FILE)
    texts = [r.text for r in rows]
    labels = np.array([r.gold == "Yes" for r in rows], dtype=int)
    docs = list(load_spacy().pipe(texts, batch_size=256))
    tag_grams = [tag_keys(doc) for doc in docs]
    parses = [tag_parse(doc) for doc in docs]
    fit_rows, held_rows = split(len(rows), labels)
    fit_texts = [texts[i] for i in fit_rows]
    held_texts = [texts[i] for i in held_rows]
    choice = (-1.0, 0.5, C_GRID[0])
    for c in C_GRID:
        candidate = fit(fit_texts, [tag_grams[i] for i in fit_rows], [parses[i] for i in fit_rows], labels[fit_rows], c)
        scores = candidate.score_parsed(held_texts, [parses[i] for i in held_rows])
        f1, threshold = best_threshold(labels[held_rows], scores)
        print(f"C {c}: held-out F1 {f1:.3f} at threshold {threshold}")
        if f1 > choice[0]:
            choice = (f1, threshold, c)
    held_f1, threshold, c = choice
    model = fit(texts, tag_grams, parses, labels, c, threshold)
    card = {
        "data": f"CheckThat 2024 English train ({len(rows)} sentences)",
        "C": c, "threshold": threshold, "held_out_f1": round(held_f1, 4), "seed": SEED,
        "word_ngrams": len(model.words.index), "char_ngrams": len(model.chars.index), "tag_ngrams": len(model.tags.index),
    }
    dev_path = args.data / DEV_FILE
    if dev_path.exists():
        dev = read_sentences(dev_path)
        predicted = model.label(model.score([r.text for r in dev]))
        precision, recall, f1 = positive_scores([r.gold or "No" for r in dev], predicted)
        card["dev"] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
        print(f"dev: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    model = CheckworthyModel(model.words, model.chars, model.tags, model.weights, model.bias, model.cue_scale, threshold, card)
    model.save(args.out)
    print(f"C {c}, threshold {threshold}; saved to {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
