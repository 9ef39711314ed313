"""Reposts: Wikinews articles with planted edits, mixed with unrelated originals; recall and precision of pairs.

    python benchmarks/bench_reposts.py [--shared ../shared] [--seed 1]

Each planted repost copies one original with 10-40% of its words changed (replaced, dropped or doubled with
another word), paragraphs moved and boilerplate added; each planted partial copy takes 40-70% of one original's
paragraphs (edited at 0-20%) and wraps them in the text of an article left out of the corpus. Every original is used at most once, so the
gold pairs are exactly (original, its copy). Originals that already share text with each other are dropped first.
Target: recall >= 0.95 at precision >= 0.98 over repost/partial pairs. The baseline is datasketch's MinHashLSH
over 5-word shingles at threshold 0.5 (the textbook setting) in the same process.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from retold.link.duplicates import find_duplicate_pairs, overlap, shingles_of
from retold.model import Article

REPO = Path(__file__).resolve().parents[1]
# Boilerplate written for this benchmark: the kind of lines a reposting site adds.
BOILERPLATE = [
    "Subscribe to our newsletter to get the latest headlines delivered to your inbox every morning.",
    "Share this story with your friends and follow us on social media for breaking updates.",
    "Advertisement. Continue reading below.",
    "This article was automatically imported from a partner feed and may have been edited for length.",
    "Copyright notice: all rights reserved by the respective owners. Contact our editors with corrections.",
    "Related coverage: see our full section for more stories like this one.",
]


def read_wikinews(shared: Path) -> list[str]:
    """Wikinews article texts of at least 120 words."""
    csv.field_size_limit(10**8)
    texts = []
    for path in sorted((shared / "data" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            texts += [row["text"] for row in csv.DictReader(handle) if len(row["text"].split()) >= 120]
    return texts


def drop_overlapping(texts: list[str]) -> list[str]:
    """Keep originals that share no passage with an earlier kept one (the corpus has a few updated re-issues)."""
    kept: list[str] = []
    kept_sets: list[frozenset[int]] = []
    for text in texts:
        shingles = shingles_of(text, 3)
        if all(overlap(shingles, other)[1] < 0.1 for other in kept_sets):
            kept.append(text)
            kept_sets.append(shingles)
    return kept


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def edit_words(paragraph: str, rate: float, vocabulary: list[str], rng: random.Random) -> str:
    """Change `rate` of the words: a third replaced, a third dropped, a third followed by an inserted word."""
    out = []
    for word in paragraph.split():
        roll = rng.random()
        if roll < rate / 3:
            out.append(rng.choice(vocabulary))
        elif roll < 2 * rate / 3:
            continue
        elif roll < rate:
            out += [word, rng.choice(vocabulary)]
        else:
            out.append(word)
    return " ".join(out)


def make_repost(text: str, rate: float, vocabulary: list[str], rng: random.Random) -> str:
    """A repost: words changed at `rate`, some paragraphs moved, boilerplate at the top and bottom."""
    paragraphs = [edit_words(p, rate, vocabulary, rng) for p in paragraphs_of(text)]
    for _ in range(max(1, len(paragraphs) // 4)):
        if len(paragraphs) > 2:
            paragraphs.insert(rng.randrange(len(paragraphs)), paragraphs.pop(rng.randrange(len(paragraphs))))
    return "\n\n".join([rng.choice(BOILERPLATE)] + paragraphs + rng.sample(BOILERPLATE, 2))


def make_partial(text: str, host: str, vocabulary: list[str], rng: random.Random) -> str:
    """A partial copy: a run of 40-70% of `text`'s paragraphs, lightly edited, inside `host`'s text."""
    paragraphs = paragraphs_of(text)
    count = max(1, round(len(paragraphs) * rng.uniform(0.4, 0.7)))
    start = rng.randrange(len(paragraphs) - count + 1)
    passage = [edit_words(p, rng.uniform(0.0, 0.2), vocabulary, rng) for p in paragraphs[start : start + count]]
    host_paragraphs = paragraphs_of(host)
    cut = rng.randrange(len(host_paragraphs) + 1)
    return "\n\n".join(host_paragraphs[:cut] + passage + host_paragraphs[cut:] + [rng.choice(BOILERPLATE)])


def build_corpus(texts: list[str], seed: int) -> tuple[list[Article], set[frozenset[str]], dict[frozenset[str], str]]:
    """Originals plus planted copies; the gold pairs (as sets of two ids) and each gold pair's planted kind."""
    rng = random.Random(seed)
    vocabulary = [w for t in texts for w in t.split() if w.isalpha()]
    order = list(range(len(texts)))
    rng.shuffle(order)
    # a quarter reposted, an eighth partly copied, an eighth lending host text; the rest stay unrelated originals
    quarter, eighth = len(order) // 4, len(order) // 8
    repost_sources, partial_sources = order[:quarter], order[quarter : quarter + eighth]
    hosts = order[quarter + eighth : quarter + 2 * eighth]
    # hosts only lend their text to partial copies: they are not in the corpus, so each copy has one gold pair
    host_set = set(hosts)
    articles = [Article(text=t, source=f"original/{i}", published="2020-01-01") for i, t in enumerate(texts) if i not in host_set]
    position = {i: n for n, i in enumerate(i for i in range(len(texts)) if i not in host_set)}
    gold: set[frozenset[str]] = set()
    kinds: dict[frozenset[str], str] = {}
    for i in repost_sources:
        rate = rng.uniform(0.10, 0.40)
        copy = Article(text=make_repost(texts[i], rate, vocabulary, rng), source=f"repost/{i}/{rate:.2f}", published="2020-01-02")
        articles.append(copy)
        key = frozenset((articles[position[i]].id, copy.id))
        gold.add(key)
        kinds[key] = "repost"
    for n, i in enumerate(partial_sources):
        host = texts[hosts[n % len(hosts)]]
        copy = Article(text=make_partial(texts[i], host, vocabulary, rng), source=f"partial/{i}", published="2020-01-03")
        articles.append(copy)
        key = frozenset((articles[position[i]].id, copy.id))
        gold.add(key)
        kinds[key] = "partial"
    return articles, gold, kinds


def score(found: set[frozenset[str]], gold: set[frozenset[str]]) -> tuple[float, float]:
    correct = len(found & gold)
    return correct / len(found) if found else 1.0, correct / len(gold) if gold else 1.0


def baseline_pairs(articles: list[Article]) -> set[frozenset[str]]:
    """datasketch MinHashLSH over 5-word shingles, threshold 0.5."""
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = {}
    for article in articles:
        words = [w.lower() for w in re.findall(r"\w+", article.text)]
        sketch = MinHash(num_perm=128)
        sketch.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))])
        sketches[article.id] = sketch
        lsh.insert(article.id, sketch)
    return {frozenset((key, other)) for key, sketch in sketches.items() for other in lsh.query(sketch) if other != key}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="list false and missed pairs")
    args = parser.parse_args()
    if not (args.shared / "data" / "wikinews").exists():
        print(f"skipped: {args.shared} has no data/wikinews")
        return 0
    texts = drop_overlapping(read_wikinews(args.shared))
    articles, gold, kinds = build_corpus(texts, args.seed)
    started = time.perf_counter()
    pairs = find_duplicate_pairs(articles)
    elapsed = time.perf_counter() - started
    found = {frozenset((p.a, p.b)) for p in pairs if p.kind in ("repost", "partial")}
    precision, recall = score(found, gold)
    missed = [kinds[k] for k in gold - found]
    if "--verbose" in sys.argv:
        by_id = {a.id: a for a in articles}
        for p in pairs:
            if frozenset((p.a, p.b)) not in gold:
                print("false", p.kind, p.similarity, p.containment, by_id[p.a].source, by_id[p.b].source)
        for k in gold - found:
            a, b = (by_id[x] for x in k)
            print("missed", a.source, b.source, overlap(shingles_of(a.text), shingles_of(b.text)))
    kind_right = sum(1 for p in pairs if frozenset((p.a, p.b)) in kinds and kinds[frozenset((p.a, p.b))] == p.kind)
    print(f"Reposts: {len(articles) - len(gold)} originals + {len(gold)} planted copies ({sum(v == 'repost' for v in kinds.values())} reposts, "
          f"{sum(v == 'partial' for v in kinds.values())} partial), {len(articles)} articles")
    print(f"retold:   precision {precision:.3f} recall {recall:.3f} ({len(found)} pairs found, missed {len(missed)}: "
          f"{', '.join(sorted(set(missed))) or 'none'}; kind right for {kind_right}/{len(found & gold)}), {elapsed:.2f}s")
    base_precision, base_recall = score(baseline_pairs(articles), gold)
    print(f"baseline: precision {base_precision:.3f} recall {base_recall:.3f} (MinHashLSH, 5-word shingles, threshold 0.5)")
    return 0 if recall >= 0.95 and precision >= 0.98 else 1


if __name__ == "__main__":
    sys.exit(main())
