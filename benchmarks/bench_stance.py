"""Stance on the body-disjoint FNC-1 dev split: FNC score, macro-F1, per-class F1, speed, load time, ARC cross-domain.

usage: python benchmarks/bench_stance.py [--data ../shared/data/fnc1] [--arc ../shared/data/arc] [--model DIR] [--arc-train]
Reads ../shared at run time (third-party data never enters the repository); prints figures, exits 0.
The dev split is the one the shipped model was trained without (seed and share from its meta.json).
--arc-train also trains FNC+ARC in-process (a few minutes) and reports it beside the FNC-only model.
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
from retold.stance.train import load_pairs, split_by_body, train_model

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGETS = "targets: FNC >= 86%, macro-F1 >= 0.72, disagree F1 >= 0.50, >= 500 pairs/s on one core, load < 1 s"


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


def report(name: str, model: StanceModel, rows: list) -> list[str]:
    """Print the score line of model on rows; returns the labels."""
    labels = model.labels(model.predict_proba([(r[0], r[2]) for r in rows]))
    print(f"{name:<34} ({len(rows):>5} pairs) {fnc_score([r[3] for r in rows], labels).line()}")
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


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "fnc1")
    parser.add_argument("--arc", type=Path, default=SHARED / "data" / "arc")
    parser.add_argument("--model", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--arc-train", action="store_true", help="also train FNC+ARC and report it (minutes)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (it is provided beside the repository, never inside it)")
        return 0
    meta = json.loads((args.model / "meta.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    model = load(args.model)
    load_s = time.perf_counter() - start
    size = sum(p.stat().st_size for p in args.model.iterdir()) / 1e6
    print(f"model {args.model} ({size:.1f} MB), loaded in {load_s:.2f} s; {TARGETS}")
    fnc_train, fnc_dev = split_by_body(load_pairs(args.data, "train_stances.csv", "train_bodies.csv"), meta["dev_fraction"], meta["seed"])
    labels = report("FNC dev, body-disjoint", model, fnc_dev)
    print(f"{'official scorer, same predictions':<34} ({len(fnc_dev):>5} pairs) {official_scorer(fnc_dev, labels)}")
    speed(model, fnc_dev)
    if not args.arc.exists():
        return 0
    arc_rows = load_pairs(args.arc, "arc_stances_train.csv", "arc_bodies.csv", "arc:")
    arc_train, arc_dev = split_by_body(arc_rows, meta["dev_fraction"], meta["seed"])
    report("ARC dev, FNC-only model", model, arc_dev)
    report("ARC all, FNC-only model", model, arc_rows)
    if args.arc_train:
        both = train_model(fnc_train + arc_train, meta["seed"], log=open(os.devnull, "w"))
        report("FNC dev, FNC+ARC model", both, fnc_dev)
        report("ARC dev, FNC+ARC model", both, arc_dev)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
