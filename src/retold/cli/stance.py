"""The `stance` subcommand: FNC-1 files in, predictions out; or one claim against articles."""
from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext

import numpy as np
from tqdm import tqdm

from retold.errors import EXIT_INPUT_FAILED, EXIT_OK, Rejection, UsageError
from retold.ingest import read_inputs
from retold.stance.fnc import LABELS, fnc_score, gold_labels, read_bodies, read_stances, write_predictions
from retold.stance.model import load


def add_stance_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold stance`."""
    stance = subparsers.add_parser(
        "stance", help="does each article agree with, dispute, discuss or ignore a claim (FNC-1 files or --claim)")
    stance.add_argument("articles", nargs="*", metavar="ARTICLE", help="with --claim: article files, directories or URLs")
    stance.add_argument("--claim", metavar="TEXT", help="the claim to compare each ARTICLE with")
    stance.add_argument("--headlines", metavar="STANCES.csv", help="FNC-1 stances file: Headline, Body ID, optional Stance")
    stance.add_argument("--bodies", metavar="BODIES.csv", help="FNC-1 bodies file: Body ID, articleBody")
    stance.add_argument("--out", metavar="PRED.csv", help="where to write the predictions (default: stdout)")
    stance.add_argument("--model", metavar="DIR", help="a model directory (default: the shipped model)")
    stance.set_defaults(handler=stance_command)


def stance_command(args: argparse.Namespace) -> int:
    """Dispatch to the FNC-file or the ad hoc form."""
    if args.claim is not None:
        if args.headlines or args.bodies:
            raise UsageError("use either --claim with ARTICLE paths or --headlines with --bodies, not both")
        if not args.articles:
            raise UsageError("--claim needs at least one ARTICLE")
        return claim_command(args.claim, args.articles, args.model)
    if not (args.headlines and args.bodies):
        raise UsageError("give --headlines and --bodies (FNC-1 CSV files), or --claim TEXT ARTICLE...")
    if args.articles:
        raise UsageError("ARTICLE paths go with --claim")
    return fnc_command(args.headlines, args.bodies, args.out, args.model)


def _progress(total: int):
    # a bar only for a person watching; logs and pipes stay clean
    if not sys.stderr.isatty():
        return nullcontext(None)
    return tqdm(total=total, unit="pair", file=sys.stderr)


def fnc_command(headlines: str, bodies: str, out_path: str | None, model_dir: str | None) -> int:
    """Predict every row of an FNC-1 stances file; score it on stderr when gold labels are present."""
    table = read_stances(headlines)
    texts = read_bodies(bodies)
    unknown = sorted({row["Body ID"] for row in table.rows} - texts.keys())
    if unknown:
        raise UsageError(f"{headlines}: Body ID(s) not in {bodies}: {', '.join(unknown[:5])}")
    model = load(model_dir)
    prepared = {}
    chunks = []
    with _progress(len(table.rows)) as bar:
        for start in range(0, len(table.rows), 512):
            pairs = []
            for row in table.rows[start:start + 512]:
                body_id = row["Body ID"]
                if body_id not in prepared:
                    prepared[body_id] = model.prepare(texts[body_id])
                pairs.append((row["Headline"], prepared[body_id]))
            chunks.append(model.predict_prepared(pairs))
            if bar is not None:
                bar.update(len(pairs))
    probabilities = np.vstack(chunks) if chunks else np.zeros((0, 4))
    labels = model.labels(probabilities)
    with (open(out_path, "w", encoding="utf-8", newline="") if out_path else nullcontext(sys.stdout)) as out:
        write_predictions(out, table, labels, probabilities)
    gold = gold_labels(table)
    if gold is not None:
        print(fnc_score(gold, labels).line(), file=sys.stderr)
    return EXIT_OK


def claim_command(claim: str, paths: list[str], model_dir: str | None) -> int:
    """Print each article's stance toward one claim, with probabilities."""
    model = load(model_dir)
    failed = 0
    for item in read_inputs(paths):
        if isinstance(item, Rejection):
            print(f"retold: skipped {item.source}: {item.reason}", file=sys.stderr)
            failed += 1
            continue
        probabilities = model.predict_proba([(claim, item.text)])
        label = model.labels(probabilities)[0]
        shown = "  ".join(f"{name} {p:.2f}" for name, p in zip(LABELS, probabilities[0]))
        print(f"{item.source}\t{label}\t{shown}")
    return EXIT_INPUT_FAILED if failed else EXIT_OK
