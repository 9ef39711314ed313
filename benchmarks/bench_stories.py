"""Story clustering on ECB+ (sub-topic = story) and claim grouping on Emergent, each beside a TF-IDF baseline.

    python benchmarks/bench_stories.py [--shared ../shared] [--out DIR] [--cache FILE]

ECB+ documents are analysed with retold's pipeline (about a minute; --cache keeps the analysed articles as JSONL),
linked with find_duplicate_pairs + cluster_stories, scored here (B-cubed, ARI) and by ../shared/eval/score_stories.py
on the JSONL this script writes. The baseline is scikit-learn TF-IDF + average-linkage agglomerative clustering with
a cosine distance threshold (benchmarks only: the shipped code does not need scikit-learn).
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from math import comb
from pathlib import Path

from retold.link.duplicates import find_duplicate_pairs
from retold.link.headlines import group_headlines
from retold.link.stories import cluster_stories
from retold.model import Article, article_from_json

REPO = Path(__file__).resolve().parents[1]


def bcubed(gold: list, predicted: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (labels per item)."""
    gold_sets, pred_sets = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted)):
        gold_sets[g].add(i)
        pred_sets[p].add(i)
    n = len(gold)
    precision = sum(len(pred_sets[p] & gold_sets[g]) / len(pred_sets[p]) for g, p in zip(gold, predicted)) / n
    recall = sum(len(pred_sets[p] & gold_sets[g]) / len(gold_sets[g]) for g, p in zip(gold, predicted)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def adjusted_rand(gold: list, predicted: list) -> float:
    """Adjusted Rand index, computed as the scorer does."""
    cells, gold_sizes, pred_sizes = defaultdict(int), defaultdict(int), defaultdict(int)
    for g, p in zip(gold, predicted):
        cells[(g, p)] += 1
        gold_sizes[g] += 1
        pred_sizes[p] += 1
    s_ij = sum(comb(v, 2) for v in cells.values())
    s_a = sum(comb(v, 2) for v in gold_sizes.values())
    s_b = sum(comb(v, 2) for v in pred_sizes.values())
    expected = s_a * s_b / comb(len(gold), 2)
    return (s_ij - expected) / ((s_a + s_b) / 2 - expected)


def baseline_labels(texts: list[str], threshold: float) -> list[int]:
    """TF-IDF + average-linkage agglomerative clustering with a cosine distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold)
    return list(model.fit_predict(matrix))


def best_baseline(texts: list[str], gold: list) -> tuple[float, float, float]:
    """The baseline at its best threshold on this data (an upper bound for it): threshold, F1, ARI."""
    best = (0.0, -1.0, 0.0)
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        labels = baseline_labels(texts, threshold)
        f1 = bcubed(gold, labels)[2]
        if f1 > best[1]:
            best = (threshold, f1, adjusted_rand(gold, labels))
    return best


def analysed_ecb(path: Path, cache: Path | None) -> list[Article]:
    """ECB+ documents as analysed Articles (source = doc id), from the cache when it is there."""
    if cache and cache.exists():
        return [article_from_json(json.loads(line)) for line in cache.open(encoding="utf-8")]
    from retold.analyze.pipeline import default_pipeline

    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    results = default_pipeline().analyze_safely([Article(text=row["text"], source=row["doc_id"]) for row in rows])
    articles = [result for result in results if isinstance(result, Article)]
    if len(articles) != len(rows):
        print(f"warning: {len(rows) - len(articles)} ECB+ documents rejected by the pipeline")
    if cache:
        cache.write_text("".join(json.dumps(a.to_json()) + "\n" for a in articles), encoding="utf-8")
    return articles


def run_ecb(shared: Path, out: Path, cache: Path | None) -> float:
    """Cluster ECB+ into stories; print our figures, the reference scorer's and the baseline's. Returns our F1."""
    path = shared / "data" / "ecbplus" / "ecbplus_dev.jsonl"
    gold_of = {json.loads(line)["doc_id"]: json.loads(line)["subtopic"] for line in path.open(encoding="utf-8")}
    started = time.perf_counter()
    articles = analysed_ecb(path, cache)
    analysed = time.perf_counter()
    pairs = find_duplicate_pairs(articles)
    stories = cluster_stories(articles, pairs)
    linked = time.perf_counter()
    story_of = {article_id: story.id for story in stories for article_id in story.articles}
    docs = [a.source for a in articles]
    gold = [gold_of[d] for d in docs]
    predicted = [story_of[a.id] for a in articles]
    p, r, f1 = bcubed(gold, predicted)
    ari = adjusted_rand(gold, predicted)
    print(f"ECB+ retold:   B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}, ARI {ari:.3f}, {len(stories)} stories for {len(set(gold))} gold; "
          f"{len(pairs)} duplicate pairs; analyse {analysed - started:.0f}s, link {linked - analysed:.2f}s")
    predictions = out / "ecb_stories.jsonl"
    with predictions.open("w", encoding="utf-8") as handle:
        for doc, story in zip(docs, predicted):
            handle.write(json.dumps({"article": {"source": doc}, "story": story}) + "\n")
    scorer = subprocess.run([sys.executable, str(shared / "eval" / "score_stories.py"), str(path), str(predictions)], capture_output=True, text=True)
    print("ECB+ scorer:  ", scorer.stdout.strip())
    threshold, base_f1, base_ari = best_baseline([a.text for a in articles], gold)
    print(f"ECB+ baseline: B3 F1 {base_f1:.3f}, ARI {base_ari:.3f} (TF-IDF + average-linkage agglomerative, best distance threshold {threshold})")
    return f1


def run_emergent(shared: Path) -> float:
    """Group Emergent headlines under claims; print B-cubed and ARI beside the baseline. Returns our F1."""
    path = shared / "data" / "emergent" / "url-versions-2015-06-14-clean.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    headlines = [row["articleHeadline"] for row in rows]
    gold = [row["claimId"] for row in rows]
    started = time.perf_counter()
    labels = group_headlines(headlines)
    elapsed = time.perf_counter() - started
    p, r, f1 = bcubed(gold, labels)
    print(f"Emergent retold:   B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}, ARI {adjusted_rand(gold, labels):.3f}, "
          f"{len(set(labels))} groups for {len(set(gold))} claims, {len(headlines)} headlines, {elapsed:.2f}s")
    threshold, base_f1, base_ari = best_baseline(headlines, gold)
    print(f"Emergent baseline: B3 F1 {base_f1:.3f}, ARI {base_ari:.3f} (best distance threshold {threshold})")
    return f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=None, help="folder for the predictions JSONL (default: a temporary one)")
    parser.add_argument("--cache", type=Path, default=None, help="JSONL of analysed ECB+ articles, written on first run")
    parser.add_argument("--only", choices=("ecb", "emergent"), default=None)
    args = parser.parse_args()
    if not (args.shared / "data" / "ecbplus").exists():
        print(f"skipped: {args.shared} has no data/ecbplus (the corpora are never copied into the repository)")
        return 0
    out = args.out or Path(tempfile.mkdtemp(prefix="retold-stories-"))
    out.mkdir(parents=True, exist_ok=True)
    ok = True
    if args.only in (None, "ecb"):
        ok &= run_ecb(args.shared, out, args.cache) >= 0.90
    if args.only in (None, "emergent"):
        run_emergent(args.shared)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
