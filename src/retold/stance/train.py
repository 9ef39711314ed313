"""Train the stance model: python -m retold.stance.train --data ../shared/data/fnc1 --out src/retold/models/stance/."""
from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retold.stance.features import FEATURE_NAMES, RELATED_FEATURES, STOPWORDS, Vocabulary, pair_features, prepare_body, tokens
from retold.stance.fnc import LABELS, fnc_score, read_bodies, read_stances
from retold.stance.model import RELATED_LABELS, StanceModel, save

if TYPE_CHECKING:  # imported by fit, which alone needs it
    import lightgbm

SEED = 20170601
Pair = tuple[str, str, str]  # headline, body text, gold label


def load_pairs(data_dir: Path, stances: str, bodies: str, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(headline, body id, body text, label) for every row; body ids get a prefix so corpora do not collide."""
    body_text = read_bodies(data_dir / bodies)
    table = read_stances(data_dir / stances)
    return [(r["Headline"], prefix + r["Body ID"], body_text[r["Body ID"]], r["Stance"].strip().lower()) for r in table.rows]


def split_by_body(rows: list, fraction: float, seed: int = SEED) -> tuple[list, list]:
    """Hold out a share of Body IDs (the official FNC test has only unseen bodies)."""
    ids = sorted({r[1] for r in rows})
    rng = np.random.default_rng(seed)
    held = set(np.asarray(ids, dtype=object)[rng.permutation(len(ids))[: int(round(fraction * len(ids)))]])
    return [r for r in rows if r[1] not in held], [r for r in rows if r[1] in held]


def claim_groups(rows: list) -> dict[str, int]:
    """Group number of every headline ('h:' + text) and body ('b:' + id): connected components over the related pairs.

    A claim and every body that takes a stance on it share a group, and so does every other claim those bodies discuss;
    an item with no related pair is a group of its own. Numbered in sorted order of each group's first key, so the
    numbering depends only on the data."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for headline, body_id, _, label in rows:
        a, b = root("h:" + headline), root("b:" + body_id)
        if label != "unrelated" and a != b:
            parent[max(a, b)] = min(a, b)
    roots = {key: root(key) for key in sorted(parent)}
    number = {r: i for i, r in enumerate(sorted(set(roots.values())))}
    return {key: number[r] for key, r in roots.items()}


def split_by_claim(rows: list, fraction: float, seed: int = SEED) -> tuple[list, list]:
    """Hold out whole claim groups (the official FNC test has unseen claims as well as unseen bodies).

    Dev takes every pair whose headline is in a held group (about `fraction` of the pairs, ~72 % unrelated as in FNC);
    train takes the pairs whose headline and body are both outside them. The pairs of a kept headline with a held body
    (all unrelated) go to neither: dev bodies stay unseen. Dev's unrelated pairs may bring a training body, never a
    training claim."""
    if fraction <= 0:
        return list(rows), []
    group = claim_groups(rows)
    pairs_per_group = Counter(group["h:" + r[0]] for r in rows)
    order = np.random.default_rng(seed).permutation(len(pairs_per_group))
    held: set[int] = set()
    taken = 0
    for g in order.tolist():
        if taken >= fraction * len(rows):
            break
        held.add(g)
        taken += pairs_per_group[g]
    train = [r for r in rows if group["h:" + r[0]] not in held and group["b:" + r[1]] not in held]
    return train, [r for r in rows if group["h:" + r[0]] in held]


SPLITS = {"body": split_by_body, "claim": split_by_claim}


def unseen_bodies(train: list, dev: list) -> list:
    """The dev pairs whose body never occurs in train (for a claim split: the pairs with neither side seen)."""
    seen = {r[1] for r in train}
    return [r for r in dev if r[1] not in seen]


def build_vocabulary(rows: list, n_head: int = 150, n_body: int = 400) -> Vocabulary:
    """IDF over distinct headlines and bodies; the cue words the related stage reads, chosen by chi-squared."""
    docs = [set(tokens(t)) for t in {r[0] for r in rows} | {r[2] for r in rows}]
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    idf = {w: round(math.log((n + 1) / (c + 1)) + 1.0, 4) for w, c in sorted(df.items()) if c >= 2}  # sorted: byte-identical rebuilds
    related = [r for r in rows if r[3] != "unrelated"]
    return Vocabulary(idf, round(math.log(n + 1) + 1.0, 4),
                      _chi2_words([(set(tokens(r[0])), r[3]) for r in related], n_head, 10),
                      _chi2_words([(set(tokens(r[2])), r[3]) for r in related], n_body, 20))


def _chi2_words(items: list[tuple[set[str], str]], k: int, min_df: int) -> list[str]:
    classes = Counter(label for _, label in items)
    total = len(items)
    by_word: dict[str, Counter] = {}
    for words, label in items:
        for w in words - STOPWORDS:
            by_word.setdefault(w, Counter())[label] += 1
    scores = []
    for w, counts in by_word.items():
        df = sum(counts.values())
        if df < min_df or w.isdigit():
            continue
        chi2 = 0.0
        for label, n_class in classes.items():
            for observed, expected in ((counts[label], df * n_class / total), (n_class - counts[label], (total - df) * n_class / total)):
                chi2 += (observed - expected) ** 2 / expected if expected else 0.0
        scores.append((chi2, w))
    return [w for _, w in sorted(scores, reverse=True)[:k]]


def featurize(rows: list, vocab: Vocabulary) -> np.ndarray:
    """Feature matrix for rows, preparing each body once."""
    cache = {}
    out = []
    for headline, body_id, body, _ in rows:
        if body_id not in cache:
            cache[body_id] = prepare_body(body, vocab)
        out.append(pair_features(headline, cache[body_id], vocab))
    return np.vstack(out)


def fit(rows: list, seed: int = SEED, log=sys.stderr) -> tuple[Vocabulary, lightgbm.Booster, lightgbm.Booster]:
    """Train both stages on rows; returns (vocab, related booster, stance booster)."""
    import lightgbm

    start = time.time()
    vocab = build_vocabulary(rows)
    x = featurize(rows, vocab)
    y = np.array([r[3] for r in rows])
    print(f"features {x.shape} in {time.time() - start:.0f}s", file=log)
    common = {"seed": seed, "deterministic": True, "force_row_wise": True, "num_threads": 2, "verbose": -1}
    is_related = (y != "unrelated").astype(int)
    related = lightgbm.train(
        {**common, "objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20},
        lightgbm.Dataset(x[:, :RELATED_FEATURES], is_related, feature_name=FEATURE_NAMES[:RELATED_FEATURES]), num_boost_round=300)
    mask = is_related == 1
    ys = np.array([RELATED_LABELS.index(label) for label in y[mask]])
    # Balanced class weights, doubled for `disagree` (2 % of pairs): without them it is never predicted.
    counts = np.bincount(ys, minlength=3)
    weights = (len(ys) / (3.0 * counts) * np.array([1.0, 2.0, 1.0]))[ys]
    names = FEATURE_NAMES + [f"head_w_{w}" for w in vocab.head_words] + [f"body_w_{w}" for w in vocab.body_words]
    stance = lightgbm.train(
        {**common, "objective": "multiclass", "num_class": 3, "learning_rate": 0.05, "num_leaves": 31,
         "min_data_in_leaf": 10, "feature_fraction": 0.5, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0},
        lightgbm.Dataset(x[mask], ys, weight=weights, feature_name=[n.replace("'", "_") for n in names]), num_boost_round=400)
    print(f"trained in {time.time() - start:.0f}s", file=log)
    return vocab, related, stance


def train_model(rows: list, seed: int = SEED, log=sys.stderr, split: str = "body") -> StanceModel:
    """Tune the disagree bias on a held-out part of rows (split the way dev is), then fit on all rows."""
    inner_train, inner_val = SPLITS[split](rows, 0.2, seed + 1)
    model = StanceModel(*fit(inner_train, seed, log))
    probs = model.predict_proba([(r[0], r[2]) for r in inner_val])
    gold = [r[3] for r in inner_val]
    scores = []
    for bias in BIAS_GRID:
        model.disagree_bias = bias
        scores.append(fnc_score(gold, model.labels(probs)).macro_f1)
    # the best inner macro-F1, the bias nearest 1 among equals (the rule the shipped files were trained with)
    best = max(zip(scores, (-abs(bias - 1.0) for bias in BIAS_GRID), BIAS_GRID))[2]
    curve = " ".join(f"{bias:g}:{score:.3f}" for bias, score in zip(BIAS_GRID, scores))
    print(f"disagree bias {best} (inner macro-F1 by bias {curve})", file=log)
    return StanceModel(*fit(rows, seed, log), disagree_bias=best)


BIAS_GRID = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)


def evaluate(model: StanceModel, rows: list) -> str:
    """Score line on rows with gold labels."""
    probs = model.predict_proba([(r[0], r[2]) for r in rows])
    return fnc_score([r[3] for r in rows], model.labels(probs)).line()


def main(argv: list[str] | None = None) -> int:
    """Train, report on the held-out pairs, save."""
    parser = argparse.ArgumentParser(prog="python -m retold.stance.train", description=__doc__)
    parser.add_argument("--data", required=True, type=Path, help="FNC-1 directory (train_stances.csv, train_bodies.csv)")
    parser.add_argument("--out", required=True, type=Path, help="model directory to write")
    parser.add_argument("--arc", type=Path, help="also train on ARC (arc_stances_train.csv, arc_bodies.csv), its own dev held out alike")
    parser.add_argument("--split", choices=sorted(SPLITS), default="body",
                        help="hold out Body IDs (default: the shipped model) or whole claim groups (unseen claims and "
                             "bodies, as the official test: the benchmark's second split)")
    parser.add_argument("--dev-fraction", type=float, default=0.2, help="share of pairs held out for the dev report (0: train on all)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    split = SPLITS[args.split]
    train, dev = split(load_pairs(args.data, "train_stances.csv", "train_bodies.csv"), args.dev_fraction, args.seed)
    if args.arc:
        arc_train, arc_dev = split(load_pairs(args.arc, "arc_stances_train.csv", "arc_bodies.csv", "arc:"), args.dev_fraction, args.seed)
        train += arc_train
    model = train_model(train, args.seed, split=args.split)
    if dev:
        print(f"FNC dev, {args.split}-disjoint ({len(dev)} pairs): {evaluate(model, dev)}", file=sys.stderr)
    if args.arc and arc_dev:
        print(f"ARC dev, {args.split}-disjoint ({len(arc_dev)} pairs): {evaluate(model, arc_dev)}", file=sys.stderr)
    card = {"seed": args.seed, "split": args.split, "dev_fraction": args.dev_fraction, "arc": bool(args.arc),
            "labels": list(LABELS), "train_pairs": len(train)}
    save(args.out, model, card)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def dev_split(data_dir: Path, meta: dict) -> tuple[list, list]:
    """The FNC train and dev pairs a model's meta.json says it was split by (models before the claim split: by body)."""
    split = SPLITS[meta.get("split", "body")]
    return split(load_pairs(data_dir, "train_stances.csv", "train_bodies.csv"), meta["dev_fraction"], meta["seed"])


if __name__ == "__main__":
    raise SystemExit(main())
