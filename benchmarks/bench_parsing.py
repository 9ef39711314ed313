"""retold's parse against spaCy's own: the same annotations on every token, and the time of each step.

    python benchmarks/bench_parsing.py [--limit N]

Parses the Wikinews articles and the PolNeAR dev texts of ../shared/data with the package's pipeline as spacy.load
gives it and with retold's (load_spacy: the attribute ruler and lemmatizer run from lookup tables,
retold.analyze.parsing), compares tag, part of speech, morphology, lemma, dependency and head of every token
(target: no difference), and prints each step's seconds under both.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "benchmarks"))


def step_seconds(nlp, texts: list[str], batch: int) -> dict[str, float]:
    """Seconds of each step of the pipeline over the texts (tokenizer included)."""
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds = {"tokenizer": time.perf_counter() - started}
    for name, step in nlp.pipeline:
        started = time.perf_counter()
        docs = list(step.pipe(docs, batch_size=batch)) if hasattr(step, "pipe") else [step(doc) for doc in docs]
        seconds[name] = time.perf_counter() - started
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="at most this many texts of each corpus")
    args = parser.parse_args()
    if not (SHARED / "data" / "wikinews").exists():
        print(f"skipped: {SHARED / 'data' / 'wikinews'} is absent")
        return 0
    import spacy
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    from bench_speed import load_texts
    from retold.analyze.parsing import with_paragraph_breaks
    from retold.analyze.pipeline import SPACY_MODEL, load_spacy

    texts = load_texts(args.limit)
    polnear = sorted((SHARED / "data" / "polnear" / "dev").glob("**/*.txt"))[: args.limit]
    texts += [path.read_text(encoding="utf-8") for path in polnear]
    own, ours = with_paragraph_breaks(spacy.load(SPACY_MODEL)), load_spacy()  # only the twins differ
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    tokens = differing_tokens = differing_docs = 0
    for theirs, mine in zip(own.pipe(texts, batch_size=16), ours.pipe(texts, batch_size=16)):
        tokens += len(theirs)
        if not len(theirs):
            continue
        rows = int((theirs.to_array(columns) != mine.to_array(columns)).any(axis=1).sum())
        differing_tokens += rows
        differing_docs += bool(rows)
    print(f"{len(texts)} texts (Wikinews {len(texts) - len(polnear)}, PolNeAR dev {len(polnear)}), {tokens} tokens")
    print(f"tokens whose tag, POS, morphology, lemma, dependency or head differ: {differing_tokens} in {differing_docs} texts (target 0)")
    sample = texts[:150]
    step_seconds(own, sample[:5], 16), step_seconds(ours, sample[:5], 16)  # warm up
    theirs_s, ours_s = step_seconds(own, sample, 16), step_seconds(ours, sample, 16)
    print(f"step seconds on {len(sample)} texts      spaCy's own   retold's")
    for name in theirs_s:
        print(f"  {name:<24} {theirs_s[name]:10.2f} {ours_s[name]:10.2f}")
    total_theirs, total_ours = sum(theirs_s.values()), sum(ours_s.values())
    print(f"  {'all':<24} {total_theirs:10.2f} {total_ours:10.2f}   ({total_ours / total_theirs:.2f} of spaCy's time)")
    return 1 if differing_tokens else 0


if __name__ == "__main__":
    sys.exit(main())
