"""Words/s of the Python API's `retold.analyze_many` against spaCy's `nlp.pipe` on the Wikinews texts (target >= 0.8).

    python benchmarks/bench_api.py [--limit N] [--repeat R] [--batch-size B]

The baseline is the spaCy package retold loads, as spacy.load gives it, with every component enabled: retold's parse
runs the same components (its attribute ruler and lemmatizer from lookup tables, the same annotations:
retold.analyze.parsing). Both parse B texts together; retold then runs its components on each. Exits 1 below target.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

TARGET = 0.8


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most this many articles")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of each")
    parser.add_argument("--batch-size", type=int, default=None, help="texts parsed together (default: retold's, 16)")
    args = parser.parse_args()
    from bench_speed import WIKINEWS, best_words_per_second, load_texts

    if not WIKINEWS.exists():
        print(f"skipped: {WIKINEWS} is absent (the Wikinews texts live in ../shared, never in the repository)")
        return 0
    import spacy

    import retold
    from retold.analyze.pipeline import SPACY_MODEL, default_pipeline

    texts = load_texts(args.limit)
    batch = args.batch_size or default_pipeline().config.batch_size
    nlp = spacy.load(SPACY_MODEL)  # the same package; disabled components: none, as in retold's parse

    def spacy_pipe(batch_texts: list[str]) -> None:
        for _ in nlp.pipe(batch_texts, batch_size=batch):
            pass

    def retold_many(batch_texts: list[str]) -> None:
        for _ in retold.analyze_many(batch_texts, batch_size=batch):
            pass

    spacy_pipe(texts[:5])  # load and warm both before timing
    retold_many(texts[:5])
    base, api = best_words_per_second([spacy_pipe, retold_many], texts, args.repeat)
    words = sum(len(t.split()) for t in texts)
    print(f"Wikinews: {len(texts)} articles, {words} words, batch {batch}, best of {args.repeat}")
    print(f"spaCy nlp.pipe        : {base:8.0f} words/s")
    print(f"retold.analyze_many   : {api:8.0f} words/s")
    print(f"ratio                 : {api / base:8.2f}  (target >= {TARGET})")
    return 0 if api / base >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
