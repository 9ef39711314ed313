"""Train the attribution taggers on PolNeAR: python -m retold.train.attribution --data ../shared/data/polnear/train --out src/retold/models/"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import pycrfsuite
from spacy.tokens import DocBin

from retold.analyze.attribution.features import cue_sequences, doc_features
from retold.analyze.attribution.quotes import find_quotes
from retold.analyze.attribution.tagging import role_features, window
from retold.analyze.parsing import load_spacy
from retold.train.polnear import read_split

SEED = 13


def token_set(doc, pieces) -> set[int]:
    """Indices of the tokens a list of character ranges touches."""
    found: set[int] = set()
    for start, end in pieces:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return found


def examples(items, docs):
    """(cue sequences, cue labels), (role sequences, role labels) for every article."""
    cue_x, cue_y, role_x, role_y = [], [], [], []
    for (_, text, gold), doc in zip(items, docs):
        features = doc_features(doc, find_quotes(text))
        labels = ["O"] * len(doc)
        for attribution in gold:
            for start, end in attribution.cue:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                for i in range(span.start, span.end):
                    labels[i] = "B" if i == span.start else "I"
        sent_of = {}
        sents = list(doc.sents)
        for sent in sents:
            for i in range(sent.start, sent.end):
                sent_of[i] = sent
        sents = [sent for sent in sents if not all(t.is_space for t in sent)]
        cue_x.extend(cue_sequences(features, [(sent.start, sent.end) for sent in sents]))
        cue_y.extend(labels[sent.start : sent.end] for sent in sents)
        for attribution in gold:
            if not attribution.cue:
                continue
            start, end = attribution.cue[0]
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            cue = (span.start, span.end)
            sources, contents = token_set(doc, attribution.source), token_set(doc, attribution.content)
            sent = sent_of[cue[0]]
            role_x.append(role_features(features, cue, sent))
            role_y.append(["S" if i in sources else "C" if i in contents else "O" for i in window(sent)])
    return (cue_x, cue_y), (role_x, role_y)


def train(xs, ys, path: Path, c1: float, c2: float, iterations: int) -> None:
    """Fit one CRF with L-BFGS; L1 keeps the shipped file small."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True,
                        "feature.minfreq": 2})
    trainer.train(str(path))


def parse(items, cache: Path | None):
    """spaCy Docs for the articles, read from a DocBin cache when one is given and present."""
    nlp = load_spacy()
    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe((text for _, text, _ in items), batch_size=32))
    if cache is not None:
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR split directory (text/ and attributions/)")
    parser.add_argument("--out", type=Path, required=True, help="where the .crfsuite files go")
    parser.add_argument("--cache", type=Path, default=None, help="optional DocBin file to reuse spaCy parses")
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--only", choices=("cues", "roles"), default=None)
    parser.add_argument("--c1", type=float, default=0.3, help="L1 weight (larger: smaller model files)")
    parser.add_argument("--c2", type=float, default=0.3, help="L2 weight of the cue tagger (0.01 overfits: -1 F1 on dev)")
    parser.add_argument("--role-c2", type=float, default=0.01, help="L2 weight of the source/content tagger")
    args = parser.parse_args(argv)
    random.seed(SEED)
    started = time.perf_counter()
    items = read_split(args.data)
    docs = parse(items, args.cache)
    (cue_x, cue_y), (role_x, role_y) = examples(items, docs)
    print(f"{len(items)} articles: {len(cue_x)} sentences, {len(role_x)} cues ({time.perf_counter() - started:.0f} s)")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "cues"):
        train(cue_x, cue_y, args.out / "attribution_cues.crfsuite", c1=args.c1, c2=args.c2, iterations=args.iterations)
    if args.only in (None, "roles"):
        train(role_x, role_y, args.out / "attribution_roles.crfsuite", c1=0.3, c2=args.role_c2, iterations=args.iterations)
    print(f"trained in {time.perf_counter() - started:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
