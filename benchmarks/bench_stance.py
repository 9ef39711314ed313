"""Stance on FNC-1 dev splits, claim-disjoint and body-disjoint: FNC score, macro-F1, per-class F1, speed, load, ARC.

usage: python benchmarks/bench_stance.py [--split claim|body|both] [--model DIR ...] [--data ../shared/data/fnc1]
                                         [--arc ../shared/data/arc] [--arc-train]
Reads ../shared at run time (third-party data never enters the repository); prints figures, exits 0.
Each split is scored by a model trained without its dev pairs: the shipped model for the split its meta.json names
(seed and share from there too), a --model DIR whose meta.json names the other split, or else one trained here (minutes).
The claim-disjoint dev holds whole claim groups out (unseen claims, as the official test); its line "unseen bodies too"
keeps only the dev pairs whose body was not trained on either. The body-disjoint dev shares most claims with training.
The official FNC test is scored when --data holds competition_test_stances.csv and competition_test_bodies.csv.
--arc-train also trains FNC+ARC on the shipped split in-process (minutes) and reports it beside the FNC-only model.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # speed is reported for one core

from retold.stance.fnc import fnc_score
from retold.stance.model import DEFAULT_DIR, StanceModel, load
from retold.stance.train import SPLITS, load_pairs, train_model, unseen_bodies

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGETS = ("targets (issue 17, claim-disjoint dev): FNC >= 88%, macro-F1 >= 0.75, disagree F1 >= 0.55; ARC dev from an "
           "FNC+ARC model >= 75%; >= 300 pairs/s batched on one core; load < 1 s")


def official_scorer(rows: list, labels: list[str]) -> str:
    """Run ../shared/eval/score_fnc.py on the same predictions, to confirm our scoring agrees with it."""
    with tempfile.TemporaryDirectory() as tmp:
        gold, pred = Path(tmp) / "gold.csv", Path(tmp) / "pred.csv"
        for path, column in ((gold, [r[3] for r in rows]), (pred, labels)):
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["Headline", "Body ID", "Stance"])
                writer.writerows([r[0], r[1], label] for r, label in zip(rows, column))
        done = subprocess.run([sys.executable, str(SHARED / "eval" / "score_fnc.py"), str(gold), str(pred)],
                              capture_output=True, text=True, check=True)
        return done.stdout.strip()


def report(name: str, model: StanceModel, rows: list, check: bool = False) -> list[str]:
    """Print the score line of model on rows (and the shared scorer's, with check); returns the labels."""
    labels = model.labels(model.predict_proba([(r[0], r[2]) for r in rows]))
    print(f"{name:<46} ({len(rows):>5} pairs) {fnc_score([r[3] for r in rows], labels).line()}")
    if check:
        print(f"{'  ../shared/eval/score_fnc.py, same predictions':<46} ({len(rows):>5} pairs) {official_scorer(rows, labels)}")
    return labels


def speed(model: StanceModel, rows: list) -> None:
    """Pairs per second on one core: bodies shared across claims (as in FNC), and every pair with its own body."""
    sample = rows[:3000]
    start = time.perf_counter()
    model.predict_proba([(r[0], r[2]) for r in sample])
    cached = len(sample) / (time.perf_counter() - start)
    start = time.perf_counter()
    for r in sample[:1000]:
        model.predict_proba([(r[0], r[2])])
    single = 1000 / (time.perf_counter() - start)
    print(f"speed: {cached:.0f} pairs/s batched (each body prepared once), {single:.0f} pairs/s one pair per call (body prepared every time)")


def model_for(split: str, models: dict[str, tuple[StanceModel, str]], seed: int, train: list) -> tuple[StanceModel, str]:
    """A model trained without this split's dev pairs, and where it came from."""
    if split not in models:
        start = time.time()
        model = train_model(train, seed, log=open(os.devnull, "w"), split=split)
        models[split] = (model, f"trained here in {time.time() - start:.0f} s")
    return models[split]


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "fnc1")
    parser.add_argument("--arc", type=Path, default=SHARED / "data" / "arc")
    parser.add_argument("--model", type=Path, action="append", default=[],
                        help="a model directory (default: the shipped one); repeat to give one per split")
    parser.add_argument("--split", choices=[*sorted(SPLITS), "both"], default="both", help="which dev split(s) to score")
    parser.add_argument("--arc-train", action="store_true", help="also train FNC+ARC and report it (minutes)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (it is provided beside the repository, never inside it)")
        return 0
    models: dict[str, tuple[StanceModel, str]] = {}
    metas = []
    for directory in args.model or [DEFAULT_DIR]:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        start = time.perf_counter()
        model = load(directory)
        load_s = time.perf_counter() - start
        size = sum(p.stat().st_size for p in directory.iterdir()) / 1e6
        print(f"model {directory} ({size:.1f} MB, split by {meta.get('split', 'body')}), loaded in {load_s:.2f} s")
        models.setdefault(meta.get("split", "body"), (model, "shipped model" if directory == DEFAULT_DIR else str(directory)))
        metas.append(meta)
    shipped = metas[0]  # the first model: its seed and share define both splits, and it gives speed, test and ARC
    first = models[shipped.get("split", "body")][0]
    print(TARGETS)
    fnc_rows = load_pairs(args.data, "train_stances.csv", "train_bodies.csv")
    splits = sorted(SPLITS) if args.split == "both" else [args.split]
    for split in sorted(splits, key=lambda s: s != shipped.get("split", "body")):  # the first model's split first
        train, dev = SPLITS[split](fnc_rows, shipped["dev_fraction"], shipped["seed"])
        model, origin = model_for(split, models, shipped["seed"], train)
        report(f"FNC dev, {split}-disjoint ({origin})", model, dev, check=True)
        if split == "claim":
            report("  of it, unseen bodies too", model, unseen_bodies(train, dev))
    official = args.data / "competition_test_stances.csv", args.data / "competition_test_bodies.csv"
    if all(path.exists() for path in official):
        test = load_pairs(args.data, official[0].name, official[1].name)
        report("FNC official test (first model)", first, test, check=True)
    else:
        print(f"FNC official test: not in {args.data} (competition_test_*.csv are held out by the project)")
    speed(first, SPLITS[shipped.get("split", "body")](fnc_rows, shipped["dev_fraction"], shipped["seed"])[1])
    if not args.arc.exists():
        return 0
    split = shipped.get("split", "body")
    arc_rows = load_pairs(args.arc, "arc_stances_train.csv", "arc_bodies.csv", "arc:")
    arc_train, arc_dev = SPLITS[split](arc_rows, shipped["dev_fraction"], shipped["seed"])
    report(f"ARC dev, {split}-disjoint, FNC-only model", first, arc_dev)
    report("ARC all, FNC-only model", first, arc_rows)
    if args.arc_train:
        fnc_train, fnc_dev = SPLITS[split](fnc_rows, shipped["dev_fraction"], shipped["seed"])
        both = train_model(fnc_train + arc_train, shipped["seed"], log=open(os.devnull, "w"), split=split)
        report(f"FNC dev, {split}-disjoint, FNC+ARC model", both, fnc_dev)
        report(f"ARC dev, {split}-disjoint, FNC+ARC model", both, arc_dev)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
