"""Link speed: every link stage (link_articles), and duplicates and stories alone, on 10k, 20k and 40k synthetic articles from real news sentences.

    python benchmarks/bench_link_scale.py [--shared ../shared] [--sizes 10000,20000,40000]

Synthetic articles: each belongs to a synthetic story (4-8 articles sharing two key sentences and a few names); its
other sentences are drawn from a pool of real news sentences (Wikinews, the FNC-1 training bodies and the PolNeAR
articles in ../shared/data: 54,200 distinct sentences of 8-40 words) and made the article's own: every name in them
is recast from the article's own cast (random pairings of the words of the pool's names, the same within an
article), every number redrawn, and half of the words swapped for random corpus words, all from one seeded RNG. So
two unrelated articles share a passage about as rarely at 160k articles as at 10k: with a fixed pool and a lighter
touch (the Wikinews sentences alone, a third of the words swapped) the chance overlaps grew with n (MinHash candidate
pairs per article 1.9 at 10k, 3.3 at 40k), which real news does not do to that degree; now 1.37 at 10k and 40k and
1.50 at 160k, most of them from the planted stories' shared sentences. 3% of the articles are reposts (10-30% of
words changed) of another. Entities come from a capitalised-word heuristic rather than spaCy. Each size runs in a
fresh process so its peak memory (ru_maxrss, articles included) is its own. Targets: time grows no faster than n^1.15 (fitted exponent printed), 40k under 300 s,
peak memory under 4 GB.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from retold.link.duplicates import find_duplicate_pairs
from retold.link.stages import link_articles
from retold.link.stories import cluster_stories
from retold.model import Article, Entity

REPO = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_DIGITS = re.compile(r"\d+")


def news_texts(shared: Path) -> list[str]:
    """The news texts of ../shared/data, in a fixed order: Wikinews, then FNC-1's training bodies, then PolNeAR's articles."""
    csv.field_size_limit(10**8)
    texts = []
    for path in sorted((shared / "data" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    bodies = shared / "data" / "fnc1" / "train_bodies.csv"
    if bodies.exists():
        with bodies.open(encoding="utf-8") as handle:
            texts += [row["articleBody"] for row in csv.DictReader(handle)]
    texts += [path.read_text(encoding="utf-8") for path in sorted((shared / "data" / "polnear").glob("*/text/*.txt"))]
    return texts


def sentence_pool(shared: Path) -> list[str]:
    """The distinct sentences of 8 to 40 words of the news texts, Wikinews first."""
    pool: dict[str, None] = {}
    for text in news_texts(shared):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            sentence = " ".join(sentence.split())
            if 8 <= len(sentence.split()) <= 40:
                pool.setdefault(sentence, None)
    return list(pool)


def swap_words(sentence: str, rate: float, vocabulary: list[str], rng: random.Random) -> str:
    return " ".join(rng.choice(vocabulary) if rng.random() < rate else w for w in sentence.split())


def capitalised_entities(article: Article) -> list[Entity]:
    """Cheap entities for synthetic data: capitalised word runs inside a sentence."""
    return [Entity(article.span(m.start(), m.end()), "ORG") for m in _NAME.finditer(article.text)]


BODY_SWAP = 0.5  # share of a drawn sentence's words swapped for random corpus words


def own_sentence(sentence: str, cast: dict[str, str], name_words: list[str], vocabulary: list[str], rng: random.Random) -> str:
    """A pool sentence made one article's own: its names recast (the same name the same way within the article), its
    numbers redrawn, half its words swapped."""

    def recast(match: re.Match) -> str:
        name = match.group(0)
        if name not in cast:
            cast[name] = " ".join(rng.choice(name_words) for _ in range(max(2, name.count(" ") + 1)))
        return cast[name]

    sentence = _NAME.sub(recast, sentence)
    sentence = _DIGITS.sub(lambda m: str(rng.randrange(10 ** len(m.group(0)))), sentence)
    return swap_words(sentence, BODY_SWAP, vocabulary, rng)


def synthetic_articles(n: int, pool: list[str], seed: int = 1) -> tuple[list[Article], int]:
    """n synthetic articles and the number of planted reposts among them."""
    rng = random.Random(seed)
    vocabulary = [w for s in pool[:5000] for w in s.split()]
    names = sorted({m.group(0) for s in pool for m in _NAME.finditer(s)})
    name_words = sorted({word for name in names for word in name.split()})
    texts: list[str] = []
    reposts = 0
    while len(texts) < n:
        story_sentences = [swap_words(rng.choice(pool), 0.2, vocabulary, rng) for _ in range(2)]
        story_names = rng.sample(names, 3)
        for _ in range(rng.randint(4, 8)):
            if texts and rng.random() < 0.03:
                original = rng.choice(texts[-50:])
                texts.append(swap_words(original, rng.uniform(0.1, 0.3), vocabulary, rng))
                reposts += 1
                continue
            cast: dict[str, str] = {}
            body = [own_sentence(rng.choice(pool), cast, name_words, vocabulary, rng) for _ in range(rng.randint(8, 16))]
            body[rng.randrange(len(body))] += f" {rng.choice(story_names)} and {rng.choice(story_names)} were named."
            for sentence in story_sentences:
                body.insert(rng.randrange(len(body) + 1), sentence)
            texts.append("\n\n".join(" ".join(body[i : i + 3]) for i in range(0, len(body), 3)))
    articles = []
    for number, text in enumerate(texts[:n]):
        article = Article(text=f"Synthetic report {number}.\n\n{text}", published=f"2020-{1 + number % 12:02d}-{1 + number % 28:02d}")
        article.entities = capitalised_entities(article)
        articles.append(article)
    return articles, reposts


def run_one(n: int, shared: Path) -> dict:
    """Build n articles, then time the link stages; report seconds and peak memory of this process."""
    articles, planted = synthetic_articles(n, sentence_pool(shared))
    started = time.perf_counter()
    pairs = find_duplicate_pairs(articles)
    found = time.perf_counter()
    stories = cluster_stories(articles, pairs)
    clustered = time.perf_counter()
    # then everything `retold link` does, every stage in order, timed as one
    result = link_articles(articles)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "pairs_s": found - started, "stories_s": clustered - found, "total_s": done - clustered, "peak_mb": peak_mb,
            "pairs": len(pairs), "reposts": sum(p.kind == "repost" for p in pairs), "planted": planted, "stories": len(stories),
            "drifts": len(result.drifts)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sizes", default="10000,20000,40000")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.shared / "data" / "wikinews").exists():
        print(f"skipped: {args.shared} has no data/wikinews")
        return 0
    if args.one:
        print(json.dumps(run_one(args.one, args.shared)))
        return 0
    print("synthetic articles: each in a planted story of 4-8 articles sharing two key sentences and three names; its other "
          "sentences drawn from real news sentences (Wikinews, FNC-1 bodies, PolNeAR) and made its own: names recast, numbers "
          "redrawn, half the words swapped (seeded); 3% reposts of another article")
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        child = subprocess.run([sys.executable, __file__, "--shared", str(args.shared), "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(child.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"n={r['n']:>6}: all link stages {r['total_s']:6.1f}s (alone: pairs {r['pairs_s']:.1f}s, stories {r['stories_s']:.1f}s), peak {r['peak_mb']:.0f} MB; "
              f"{r['pairs']} pairs ({r['reposts']} reposts, {r['planted']} planted), {r['stories']} stories")
    ok = all(r["peak_mb"] < 4096 for r in results)
    if len(results) >= 2:
        xs = [math.log(r["n"]) for r in results]
        ys = [math.log(r["total_s"]) for r in results]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        exponent = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
        print(f"fitted exponent: time ~ n^{exponent:.2f} (target <= 1.15)")
        ok &= exponent <= 1.15
    largest = results[-1]
    print(f"largest: {largest['n']} articles in {largest['total_s']:.0f}s (target < 300s at 40k), peak {largest['peak_mb']:.0f} MB (target < 4096 MB)")
    return 0 if ok and largest["total_s"] < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
