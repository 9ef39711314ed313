"""`retold train attribution|stance|checkworthy`: rebuild a shipped model from its data (by hand, never in CI)."""
from __future__ import annotations

import argparse
import importlib

# each model's training module: all take --data and --out and keep their own further options
TRAINERS = {
    "attribution": ("retold.train.attribution", "../shared/data/polnear/train", "src/retold/models/"),
    "stance": ("retold.stance.train", "../shared/data/fnc1", "src/retold/models/stance/"),
    # `retold checkworthy`'s default: the fine-tuned transformer (needs `pip install 'retold[train]'`; ~1 h on 2 CPU cores)
    "checkworthy": ("retold.checkworthy.finetune", "../shared/data/checkthat", "src/retold/models/checkworthy_minilm/"),
    # the linear model `retold analyze` scores claims with (and `retold checkworthy --fast`)
    "checkworthy-linear": ("retold.checkworthy.train", "../shared/data/checkthat", "src/retold/models/checkworthy/"),
}


def add_train_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold train MODEL --data DIR --out DIR [options of that trainer]`."""
    train = subparsers.add_parser("train", help="rebuild a shipped model (attribution, stance, checkworthy, checkworthy-linear) from its data")
    train.add_argument("model", choices=sorted(TRAINERS), help="which model")
    train.add_argument("--data", help="the training data (default: the corpus in ../shared the shipped model used)")
    train.add_argument("--out", help="where the model files go (default: the package's model folder)")
    train.add_argument("options", nargs=argparse.REMAINDER, help="further options of that model's trainer")
    train.set_defaults(handler=run_train)


def run_train(args: argparse.Namespace) -> int:
    """Call the model's own training entry point with the same fixed seeds as the shipped files."""
    module, data, out = TRAINERS[args.model]
    # by name, when asked: a trainer needs scikit-learn, torch or spaCy, which the other commands never load
    trainer = importlib.import_module(module)
    return int(trainer.main(["--data", args.data or data, "--out", args.out or out, *args.options]) or 0)
