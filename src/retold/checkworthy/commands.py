"""`retold checkworthy FILE [--out PRED.tsv]`: score every sentence of a CheckThat TSV or a plain-text file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retold.checkworthy.model import load_model
from retold.checkworthy.tsv import positive_scores, read_sentences, write_predictions
from retold.errors import UsageError


def add_checkworthy_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold checkworthy`."""
    command = subparsers.add_parser("checkworthy", help="score how check-worthy each sentence of a file is")
    command.add_argument("file", type=Path, metavar="FILE", help="CheckThat TSV (Sentence_id, Text, optional class_label) or plain text, one sentence a line")
    command.add_argument("--out", type=Path, metavar="PRED.tsv", help="write Sentence_id, score, label here instead of stdout")
    command.add_argument("--model", type=Path, metavar="DIR", help="a model folder written by retold.checkworthy.train (default: the shipped one)")
    command.set_defaults(handler=run_checkworthy)


def run_checkworthy(args: argparse.Namespace) -> int:
    """Write predictions; with gold labels in the input, print positive-class precision, recall and F1 on stderr."""
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    model = load_model(args.model)
    rows = read_sentences(args.file)
    scores = model.score([r.text for r in rows])
    labels = model.label(scores)
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as out:
            write_predictions(out, rows, scores, labels)
    else:
        write_predictions(sys.stdout, rows, scores, labels)
    gold = [r.gold for r in rows]
    if rows and all(g is not None for g in gold):
        precision, recall, f1 = positive_scores(gold, labels)
        print(f"check-worthy (Yes) over {len(rows)} sentences: P {precision:.3f} R {recall:.3f} F1 {f1:.3f} (threshold {model.threshold})", file=sys.stderr)
    return 0
