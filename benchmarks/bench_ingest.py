"""Ingest throughput: `retold ingest --workers 1` against `--workers 2` on Wikinews articles, end to end as a user runs it.

Usage: python benchmarks/bench_ingest.py [--articles 200] [--workers 1 2]
Reads ../shared/data/wikinews/*.csv (url,date,title,text) at run time; the texts never enter the repository.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIKINEWS = REPO.parent / "shared" / "data" / "wikinews"


def write_corpus(folder: Path, count: int) -> tuple[Path, int]:
    """The first `count` Wikinews articles as one JSON Lines file; returns it and its word count."""
    csv.field_size_limit(sys.maxsize)
    path = folder / "wikinews.jsonl"
    words = 0
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for source in sorted(WIKINEWS.glob("*.csv")):
            with source.open(encoding="utf-8", newline="") as stream:
                for row in csv.DictReader(stream):
                    text = (row.get("text") or "").strip()
                    if len(text.split()) < 50:
                        continue
                    record = {"url": row["url"], "title": row["title"], "published": row["date"], "text": text}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    words += len(text.split())
                    written += 1
                    if written == count:
                        return path, words
    return path, words


def run_ingest(corpus: Path, workers: int, folder: Path) -> tuple[float, str]:
    """Wall-clock seconds of one fresh `retold ingest` (start-up and model loading included) and its summary line."""
    db = folder / f"bench-{workers}.duckdb"
    started = time.perf_counter()
    result = subprocess.run(
        # --no-link: this measures the analysis into the store; the link stage is one process and measured on its own
        [sys.executable, "-m", "retold", "ingest", str(corpus), "--db", str(db), "--workers", str(workers), "--no-link"],
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    summary = next((line for line in result.stderr.splitlines() if " ingested, " in line), "")
    if result.returncode not in (0, 1):
        raise SystemExit(f"retold ingest failed: {result.stderr.strip()}")
    return seconds, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if not WIKINEWS.exists():
        raise SystemExit(f"{WIKINEWS} is absent: the benchmark reads Wikinews from ../shared at run time")
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        corpus, words = write_corpus(folder, args.articles)
        count = sum(1 for _ in corpus.open(encoding="utf-8"))
        print(f"ingest throughput on {count} Wikinews articles ({words} words), wall clock including start-up")
        rates = {}
        for workers in args.workers:
            # other processes on the machine take cores from the parallel run: say how busy it was
            busy = os.getloadavg()[0]
            seconds, summary = run_ingest(corpus, workers, folder)
            ingested = int(m.group(1)) if (m := re.search(r"(\d+) ingested", summary)) else count
            rates[workers] = ingested / seconds
            print(f"  --workers {workers}: {seconds:6.1f} s  {ingested / seconds:6.2f} articles/s  {words / seconds:8.0f} words/s"
                  f"   (load average before: {busy:.2f})")
        if 1 in rates and len(rates) > 1:
            for workers, rate in rates.items():
                if workers != 1:
                    print(f"  speed-up --workers {workers} / --workers 1: {rate / rates[1]:.2f}x (target >= 1.7x for 2)")


if __name__ == "__main__":
    main()
