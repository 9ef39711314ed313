"""Speed of `retold analyze` against spaCy's own pipeline on the same Wikinews texts, in the same process.

Prints words/s for spaCy alone (the package's pipeline as spacy.load gives it), for retold's parse alone (the same
annotations, its attribute ruler and lemmatizer run from lookup tables: retold.analyze.parsing) and for the full
analysis, their ratio (target >= 0.8), the components' time as a share of spaCy's parse, peak memory of this
process (target <= 1.5 GB), and the wall time of one `retold analyze` command on one article, model load included
(target < 2 s; the median of three runs, as a shared machine's load comes and goes, after one run that byte-compiles
the modules into a cache of its own, as an installed retold has them even where PYTHONDONTWRITEBYTECODE is set).
usage: python benchmarks/bench_speed.py [--limit N] [--repeat R]
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIKINEWS = REPO.parent / "shared" / "data" / "wikinews"


def load_texts(limit: int | None) -> list[str]:
    csv.field_size_limit(10**9)
    texts: list[str] = []
    for path in sorted(WIKINEWS.glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts.extend(row["text"] for row in csv.DictReader(handle) if row.get("text", "").strip())
    return texts[:limit] if limit else texts


def best_words_per_second(functions: list, texts: list[str], repeat: int) -> list[float]:
    """Best of `repeat` runs of each function, interleaved so neither gains from running later (warm caches)."""
    words = sum(len(t.split()) for t in texts)
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            started = time.perf_counter()
            function(texts)
            best[index] = min(best[index], time.perf_counter() - started)
    return [words / seconds for seconds in best]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not WIKINEWS.exists():
        print(f"skipped: {WIKINEWS} is absent")
        return 0
    import spacy

    from retold.analyze.pipeline import SPACY_MODEL, default_pipeline
    from retold.model import Article
    from retold.run.partition import process_partition

    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    pipeline = default_pipeline()
    # the baseline is the package's pipeline exactly as spaCy loads it (retold's own runs its two rule steps from
    # lookup tables, retold.analyze.parsing: the same annotations, less time)
    nlp = spacy.load(SPACY_MODEL)
    batch = pipeline.config.batch_size

    def spacy_alone(batch_texts):
        for _ in nlp.pipe(batch_texts, batch_size=batch):
            pass

    def retold_parse(batch_texts):
        for _ in pipeline.nlp.pipe(batch_texts, batch_size=batch):
            pass

    def retold_full(batch_texts):
        # the path `retold analyze` takes: chunks through the per-partition function
        articles = (Article(text=t, source=f"wikinews-{i}") for i, t in enumerate(batch_texts))
        failed = [r for r in process_partition(articles, pipeline) if not isinstance(r, Article)]
        if failed:
            raise SystemExit(f"analysis failed on {len(failed)} texts: {failed[0]}")

    spacy_alone(texts[:5])  # warm up every path before timing
    retold_parse(texts[:5])
    retold_full(texts[:5])
    base, parse_only, full = best_words_per_second([spacy_alone, retold_parse, retold_full], texts, args.repeat)
    # the high-water mark of the two real paths, before the measurement below holds every parsed document at once
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the components alone, on documents parsed once: what retold adds to the parse, free of machine noise in the ratio
    docs = list(nlp.pipe(texts, batch_size=batch))
    started = time.perf_counter()
    for i, (text, doc) in enumerate(zip(texts, docs)):
        pipeline.run_components(Article(text=text, source=f"wikinews-{i}"), doc)
    components = time.perf_counter() - started
    parse = words / base
    print(f"Wikinews: {len(texts)} articles, {words} words, best of {args.repeat}")
    print(f"spaCy pipeline alone : {base:8.0f} words/s")
    print(f"retold's parse alone : {parse_only:8.0f} words/s (the same annotations; ratio {parse_only / base:.2f})")
    print(f"retold analyze       : {full:8.0f} words/s")
    print(f"ratio retold/spaCy   : {full / base:8.2f}  (target >= 0.80)")
    print(f"components alone     : {components:8.1f} s = {components / parse:.0%} of spaCy's parse time ({parse:.1f} s): "
          f"ratio {parse / (parse + components):.2f} from these with spaCy's own parse")
    print(f"peak memory          : {peak_mb:8.0f} MB (target <= 1536)")

    example = REPO / "examples" / "port-delmar-fire.txt"
    retold = REPO / ".venv" / "bin" / "retold"
    # the installed command where the checkout has one, else this interpreter's retold (a checkout without .venv)
    command = [str(retold)] if retold.exists() else [sys.executable, "-m", "retold"]
    command += ["analyze", str(example), "--json"]
    walls, codes = [], set()
    with tempfile.TemporaryDirectory(prefix="retold-bytecode-") as bytecode:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = bytecode  # compiled once by the untimed first run, never written into the checkout
        for run in range(4):
            started = time.perf_counter()
            codes.add(subprocess.run(command, capture_output=True, text=True, env=env).returncode)
            if run:
                walls.append(time.perf_counter() - started)
    wall = sorted(walls)[1]
    print(f"one article, one command, model load included: {wall:.2f} s, median of 3 (target < 2 s; exit {max(codes)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
