"""`retold checkworthy FILE [--out PRED.tsv]`: score every sentence of a CheckThat TSV or a plain-text file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retold.checkworthy.model import WEIGHTS_FILE, CheckworthyModel, load_model
from retold.checkworthy.transformer import MODEL_DIR as TRANSFORMER_DIR
from retold.checkworthy.transformer import TransformerModel
from retold.checkworthy.tsv import positive_scores, read_sentences, write_predictions
from retold.errors import EXIT_OK, RetoldError, UsageError


def add_checkworthy_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold checkworthy`."""
    command = subparsers.add_parser("checkworthy", help="score how check-worthy each sentence of a file is")
    command.add_argument("file", type=Path, metavar="FILE", help="CheckThat TSV (Sentence_id, Text, optional class_label) or plain text, one sentence a line")
    command.add_argument("--out", type=Path, metavar="PRED.tsv", help="write Sentence_id, score, label here instead of stdout")
    command.add_argument("--model", type=Path, metavar="DIR",
                         help="a model folder written by `retold train checkworthy` or `checkworthy-linear` (default: the shipped transformer)")
    command.add_argument("--fast", action="store_true",
                         help="the linear model `retold analyze` uses (about 20x faster, less accurate) instead of the transformer")
    command.set_defaults(handler=run_checkworthy)


def run_checkworthy(args: argparse.Namespace) -> int:
    """Write predictions; with gold labels in the input, print positive-class precision, recall and F1 on stderr."""
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    rows = read_sentences(args.file)  # before the model loads: a bad file is refused in a moment
    if not rows:
        raise RetoldError(f"{args.file}: no sentences to score (a header and no rows)")
    model = choose_model(args.model, args.fast)
    scores = model.score([r.text for r in rows])
    labels = model.label(scores)
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as out:
            write_predictions(out, rows, scores, labels)
    else:
        write_predictions(sys.stdout, rows, scores, labels)
    gold = [r.gold for r in rows]
    if rows and all(g is not None for g in gold):
        precision, recall, f1 = positive_scores(gold, labels)  # type: ignore[arg-type]  # all gold labels checked present
        print(f"check-worthy (Yes) over {len(rows)} sentences: P {precision:.3f} R {recall:.3f} F1 {f1:.3f} (threshold {model.threshold})", file=sys.stderr)
    return EXIT_OK


def choose_model(folder: Path | None, fast: bool) -> CheckworthyModel | TransformerModel:
    """The model a folder holds (linear or transformer), else the shipped transformer, or the linear one with --fast."""
    if folder is not None:
        if fast:
            raise UsageError("--fast and --model: give one (--model picks the model itself)")
        return load_model(folder) if (folder / WEIGHTS_FILE).exists() else TransformerModel.load(folder)
    if fast or not (TRANSFORMER_DIR / "model.onnx").exists():
        return load_model()
    return TransformerModel.load()
