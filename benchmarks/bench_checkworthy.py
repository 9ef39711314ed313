"""Check-worthiness on CheckThat 2024 English dev: the shipped models beside a TF-IDF + logistic regression baseline.

The fine-tuned transformer (`retold checkworthy`'s default) and the linear model (`retold analyze`, `--fast`).
usage: python benchmarks/bench_checkworthy.py [--data ../shared/data/checkthat] [--model DIR] [--transformer DIR]
Reads ../shared at run time (third-party data never enters the repository); prints figures, exits 0.
The baseline needs scikit-learn (pip install 'retold[bench]'); the shipped model does not.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from retold.analyze.pipeline import load_spacy
from retold.checkworthy.model import MODEL_DIR, load_model
from retold.checkworthy.train import DEV_FILE, SEED, TRAIN_FILE, best_threshold, split
from retold.checkworthy.transformer import MODEL_DIR as TRANSFORMER_DIR
from retold.checkworthy.transformer import TransformerModel
from retold.checkworthy.tsv import positive_scores, read_sentences, write_predictions

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGET = 0.88


def baseline(train_texts: list[str], train_labels: np.ndarray, dev_texts: list[str]) -> tuple[np.ndarray, float]:
    """Word uni+bigram TF-IDF + logistic regression (scikit-learn defaults); threshold tuned on the same held-out train fifth."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    def build():
        return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=2000, random_state=SEED))

    fit_rows, held_rows = split(len(train_texts), train_labels)
    tuning = build().fit([train_texts[i] for i in fit_rows], train_labels[fit_rows])
    _, threshold = best_threshold(train_labels[held_rows], tuning.predict_proba([train_texts[i] for i in held_rows])[:, 1])
    final = build().fit(train_texts, train_labels)
    return final.predict_proba(dev_texts)[:, 1], threshold


def row(name: str, gold: list[str], predicted: list[str]) -> str:
    precision, recall, f1 = positive_scores(gold, predicted)
    return f"{name:<34} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}"


def bootstrap(gold: list[str], first: list[str], second: list[str], rounds: int = 2000) -> str:
    """The difference of positive-class F1 between two label lists, its 95% interval and how often the first wins."""
    y = np.array([g == "Yes" for g in gold])
    a = np.array([p == "Yes" for p in first])
    b = np.array([p == "Yes" for p in second])

    def f1(predicted: np.ndarray, truth: np.ndarray) -> float:
        return 2 * float((predicted & truth).sum()) / max(float(predicted.sum() + truth.sum()), 1.0)

    rng = np.random.default_rng(SEED)
    diffs = []
    for _ in range(rounds):
        k = rng.integers(0, len(y), len(y))
        diffs.append(f1(a[k], y[k]) - f1(b[k], y[k]))
    low, high = np.percentile(diffs, [2.5, 97.5])
    return f"{f1(a, y) - f1(b, y):+.3f} (95% interval {low:+.3f} to {high:+.3f}; first better in {np.mean(np.array(diffs) > 0):.0%})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "checkthat")
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="the linear model's folder")
    parser.add_argument("--transformer", type=Path, default=TRANSFORMER_DIR, help="the transformer's folder")
    args = parser.parse_args()
    if not (args.data / DEV_FILE).exists():
        print(f"skipped: {args.data / DEV_FILE} is absent (../shared holds the CheckThat data)")
        return 0
    started = time.perf_counter()
    model = load_model(args.model)
    load_s = time.perf_counter() - started
    dev = read_sentences(args.data / DEV_FILE)
    texts = [r.text for r in dev]
    gold = [r.gold or "No" for r in dev]

    model.score(texts[:10])  # loads spaCy, which the timing below should not count
    started = time.perf_counter()
    scores = model.score(texts)
    rate = len(texts) / (time.perf_counter() - started)
    docs = list(load_spacy().pipe(texts))
    started = time.perf_counter()
    model.score(texts, docs)
    docs_rate = len(texts) / (time.perf_counter() - started)
    labels = model.label(scores)
    size = sum(p.stat().st_size for p in args.model.iterdir() if p.is_file())

    started = time.perf_counter()
    transformer = TransformerModel.load(args.transformer)
    transformer_load_s = time.perf_counter() - started
    transformer.score(texts[:20])
    started = time.perf_counter()
    transformer_scores = transformer.score(texts)
    transformer_rate = len(texts) / (time.perf_counter() - started)
    transformer_labels = transformer.label(transformer_scores)
    transformer_size = sum(p.stat().st_size for p in args.transformer.iterdir() if p.is_file())

    print(f"CheckThat 2024 English dev: {len(dev)} sentences, {gold.count('Yes')} check-worthy")
    print(row(f"retold transformer (threshold {transformer.threshold})", gold, transformer_labels))
    print(row("retold transformer at threshold 0.5", gold, ["Yes" if s >= 0.5 else "No" for s in transformer_scores]))
    print(row(f"retold linear (threshold {model.threshold})", gold, labels))
    print(row("retold linear at threshold 0.5", gold, ["Yes" if s >= 0.5 else "No" for s in scores]))
    try:
        train = read_sentences(args.data / TRAIN_FILE)
        train_labels = np.array([r.gold == "Yes" for r in train], dtype=int)
        base_scores, base_threshold = baseline([r.text for r in train], train_labels, texts)
        print(row(f"TF-IDF + LR (threshold {base_threshold})", gold, ["Yes" if s >= base_threshold else "No" for s in base_scores]))
        print(row("TF-IDF + LR at threshold 0.5", gold, ["Yes" if s >= 0.5 else "No" for s in base_scores]))
    except ImportError:
        print("TF-IDF + LR baseline skipped: pip install 'retold[bench]' for scikit-learn")
    print(f"paired bootstrap (2,000 resamples of dev): transformer F1 - linear F1 = {bootstrap(gold, transformer_labels, labels)}")
    best = max(positive_scores(gold, transformer_labels)[2], positive_scores(gold, labels)[2])
    print(f"target F1 >= {TARGET}: {'met' if best >= TARGET else 'NOT met'}")
    print(f"transformer: {transformer_size / 1e6:.1f} MB, loads in {transformer_load_s:.2f} s; one core: {transformer_rate:,.0f} sentences/s")
    print(f"linear: {size / 1e6:.2f} MB, loads in {load_s:.2f} s (spaCy apart); one core: {rate:,.0f} sentences/s "
          f"from text (spaCy parse included), {docs_rate:,.0f} sentences/s given spaCy Docs")

    # the shared scorer must agree with what `retold checkworthy` prints
    scorer = SHARED / "eval" / "score_checkworthy.py"
    if scorer.exists():
        with tempfile.TemporaryDirectory() as folder:
            predictions = Path(folder) / "pred.tsv"
            with predictions.open("w", encoding="utf-8") as out:
                write_predictions(out, dev, transformer_scores, transformer_labels)
            result = subprocess.run([sys.executable, str(scorer), str(args.data / DEV_FILE), str(predictions), str(TARGET)], capture_output=True, text=True)
            print(f"shared scorer (transformer): {result.stdout.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
