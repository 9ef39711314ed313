"""Real news, end to end: a near-null corpus, real retellings, real story groups, and a reader's audit.

    python benchmarks/bench_real.py [--shared ../shared] [--work DIR] [--only wikinews,retellings,fnc,ecb,audit]
                                    [--reuse] [--seed N]

Every corpus goes through the real path: its texts are written as JSON Lines (url, title, outlet, published), put into
a new store by `retold ingest`, and read back by `retold export` (the retellings are then scored by
../shared/eval/score_retellings.py). `--reuse` keeps the stores in --work and only links them again
(`retold link --full`): for a change to the link stages, not to the analysis. FNC-1 bodies and ECB+ documents are
analysed once (cached as JSON Lines in --work) and linked in memory by the same stages `retold ingest` runs.

The figures measured before this round's change (commit 6171d27) are printed beside today's.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RETOLD = [sys.executable, "-m", "retold"]

# measured by this script at 6171d27, before this round's change
BEFORE = {
    "wikinews repost edges": 6, "wikinews cross numeric conflicts": 657, "wikinews drifts": 135,
    "gaza-al-ahli-hospital-blast-2023": "drift recall 0.17 precision 0.57, contradictions 0.09, conflicts 462, largest story 0.33 of 7",
    "chocolate-weight-loss-hoax-2015": "drift recall 0.00 precision 0.53, contradictions 0.00, conflicts 19, largest story 0.13 of 20",
    "fnc1 B3 F1": 0.901, "ecb B3 F1": 0.931,
}
TARGETS = {"wikinews repost edges": 1, "wikinews cross numeric conflicts": 20, "wikinews drifts": 15}


def retold(*args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    """Run the retold command; fail loudly when it fails for another reason than a rejected input."""
    done = subprocess.run([*RETOLD, *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"retold {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    if not quiet and done.stderr.strip():
        print(done.stderr.strip().splitlines()[-1])
    return done


def ingest(rows: list[dict], store: Path, reuse: bool) -> None:
    """A new store of the rows (JSON Lines through `retold ingest`), or the existing one linked again with --reuse."""
    if reuse and store.exists():
        retold("link", "--db", str(store), "--full")
        return
    for leftover in (store, store.with_suffix(".duckdb.wal")):
        leftover.unlink(missing_ok=True)
    source = store.with_suffix(".jsonl")
    source.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    retold("ingest", str(source), "--db", str(store))


def export(store: Path, what: str) -> list[dict]:
    """`retold export --what WHAT` of a store, as rows; also written next to the store for the reference scorer."""
    out = store.with_name(f"{store.stem}.{what}.jsonl")
    retold("export", "--db", str(store), "--what", what, "--format", "jsonl", "--out", str(out))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def provenance_edges(store: Path) -> list[tuple]:
    """(kind, source title, target title, evidence) of every provenance edge in a store."""
    import duckdb

    connection = duckdb.connect(str(store), read_only=True)
    try:
        return connection.execute(
            """SELECT e.kind, coalesce(s.title, s.url, s.source), coalesce(t.title, t.url, t.source), e.evidence
               FROM provenance_edges e JOIN articles s ON s.id = e.source JOIN articles t ON t.id = e.target
               ORDER BY e.kind, 2, 3"""
        ).fetchall()
    finally:
        connection.close()


def short(text: str, limit: int = 150) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the near-null corpus ---------------------------------------------------------------------------------------------

def wikinews_rows(shared: Path) -> list[dict]:
    rows = []
    for path in sorted((shared / "data" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows.append({"url": row["url"], "title": row["title"], "published": row["date"], "outlet": "Wikinews", "text": row["text"]})
    return rows


def run_wikinews(shared: Path, work: Path, reuse: bool) -> dict:
    store = work / "wikinews.duckdb"
    started = time.perf_counter()
    ingest(wikinews_rows(shared), store, reuse)
    elapsed = time.perf_counter() - started
    conflicts = export(store, "conflicts")
    drifts = export(store, "drifts")
    stories = export(store, "stories")
    edges = provenance_edges(store)
    cross = [c for c in conflicts if c["scope"] == "story"]
    inside = [c for c in conflicts if c["scope"] == "article"]
    figures = {
        "wikinews repost edges": sum(1 for e in edges if e[0] == "repost"),
        "wikinews cross numeric conflicts": sum(1 for c in cross if c["kind"] == "numeric"),
        "wikinews drifts": len(drifts),
    }
    print(f"\n== Wikinews near-null corpus: 295 reports, outlet Wikinews ({'relinked' if reuse else 'ingested'} in {elapsed:.0f} s)")
    for name, value in figures.items():
        print(f"  {name}: {value}   (before {BEFORE[name]}, target <= {TARGETS[name]})")
    print(f"  cross-article conflicts by kind: {dict(sorted(_count(c['kind'] for c in cross).items()))}")
    sizes = sorted((len(s["articles"]) for s in stories), reverse=True)
    print(f"  stories: {len(sizes)}, of 2+ articles: {sum(1 for s in sizes if s > 1)}, largest {sizes[:8]}")
    print(f"  provenance edges: {dict(sorted(_count(e[0] for e in edges).items()))}")
    for kind, source, target, evidence in edges:
        print(f"    [{kind}] {short(source, 70)} -> {short(target, 70)}\n        {short(evidence, 260)}")
    print(f"  in-article conflicts: {len(inside)} ({dict(sorted(_count(c['kind'] for c in inside).items()))}); numeric ones:")
    for c in inside:
        if c["kind"] == "numeric":
            print(f"    - “{short(c['a']['text'], 60)}” vs “{short(c['b']['text'], 60)}” | {short(c['explanation'], 160)}")
    return {"figures": figures, "conflicts": cross, "drifts": drifts, "store": store}


def _count(values) -> dict:
    counts: dict = defaultdict(int)
    for value in values:
        counts[value] += 1
    return counts


# --- real retellings --------------------------------------------------------------------------------------------------

def retelling_rows(folder: Path) -> list[dict]:
    rows = []
    for meta in json.loads((folder / "articles_meta.json").read_text(encoding="utf-8")):
        if meta.get("skipped"):
            continue
        text = (folder / "articles" / f"{meta['name']}.txt").read_text(encoding="utf-8")
        row = {"url": meta["url"], "outlet": meta.get("outlet"), "published": meta.get("published"), "text": text}
        rows.append({k: v for k, v in row.items() if v})
    return rows


def run_retellings(shared: Path, work: Path, reuse: bool) -> dict:
    found = {"conflicts": [], "drifts": []}
    for folder in sorted((shared / "data" / "retellings").iterdir()):
        if not (folder / "gold.json").exists():
            continue
        store = work / f"{folder.name}.duckdb"
        started = time.perf_counter()
        ingest(retelling_rows(folder), store, reuse)
        elapsed = time.perf_counter() - started
        conflicts, drifts = export(store, "conflicts"), export(store, "drifts")
        export(store, "stories")
        found["conflicts"] += conflicts
        found["drifts"] += drifts
        paths = [str(store.with_name(f"{store.stem}.{what}.jsonl")) for what in ("drifts", "conflicts", "stories")]
        scored = subprocess.run([sys.executable, str(shared / "eval" / "score_retellings.py"), str(folder), *paths], capture_output=True, text=True)
        print(f"\n== Retellings {folder.name} ({elapsed:.0f} s; reference scorer)")
        for line in scored.stdout.strip().splitlines():
            print("  " + line)
        print(f"  before: {BEFORE.get(folder.name, '(not measured)')}; targets: drift recall >= 0.8, precision >= 0.8, contradictions >= 0.8, largest story >= 0.9")
        edges = provenance_edges(store)
        print(f"  provenance edges: {dict(sorted(_count(e[0] for e in edges).items()))}")
    return found


# --- real story groups ------------------------------------------------------------------------------------------------

def fnc_groups(shared: Path) -> dict[str, int]:
    """Body id -> group: connected components of bodies related (agree, disagree, discuss) to one headline."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_headline: dict[str, list[str]] = defaultdict(list)
    with (shared / "data" / "fnc1" / "train_stances.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] != "unrelated":
                by_headline[row["Headline"]].append(row["Body ID"])
    for bodies in by_headline.values():
        for body in bodies:
            parent[root(body)] = root(bodies[0])
    return {body: hash(root(body)) for body in list(parent)}


def analysed(rows: list[tuple[str, str]], cache: Path):
    """(source, text) pairs analysed by retold's pipeline, cached as JSON Lines."""
    from retold.model import Article, article_from_json

    if cache.exists():
        return [article_from_json(json.loads(line)) for line in cache.open(encoding="utf-8")]
    from retold.analyze.pipeline import default_pipeline

    results = default_pipeline().analyze_safely([Article(text=text, source=source) for source, text in rows])
    articles = [r for r in results if isinstance(r, Article)]
    cache.write_text("".join(json.dumps(a.to_json()) + "\n" for a in articles), encoding="utf-8")
    return articles


def run_fnc(shared: Path, work: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_stories import bcubed, best_baseline
    from retold.link.stages import find_stories

    groups = fnc_groups(shared)
    with (shared / "data" / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(handle) if row["Body ID"] in groups]
    articles = analysed(rows, work / "fnc1_bodies.analysed.jsonl")
    started = time.perf_counter()
    pairs, stories = find_stories(articles)
    elapsed = time.perf_counter() - started
    story_of = {article_id: story.id for story in stories for article_id in story.articles}
    gold = [groups[a.source] for a in articles]
    predicted = [story_of[a.id] for a in articles]
    p, r, f1 = bcubed(gold, predicted)
    print(f"\n== FNC-1 bodies as story groups: {len(articles)} bodies, {len(set(gold))} groups")
    print(f"  retold: B3 P {p:.3f} R {r:.3f} F1 {f1:.3f}, {len(set(predicted))} stories; linked in {elapsed:.1f} s "
          f"(before F1 {BEFORE['fnc1 B3 F1']}; target >= 0.93)")
    threshold, base_f1, _ = best_baseline([a.text for a in articles], gold)
    print(f"  baseline: TF-IDF + average linkage, best threshold {threshold}: B3 F1 {base_f1:.3f}")


def run_ecb(shared: Path, work: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_stories import run_ecb as stories_ecb

    print("\n== ECB+ dev (sub-topic = story)")
    stories_ecb(shared, work, work / "ecb.analysed.jsonl")


# --- a reader's audit -------------------------------------------------------------------------------------------------

def audit(found: list[dict], seed: int) -> None:
    rng = random.Random(seed)
    conflicts = [c for c in found if "a" in c and c.get("scope") == "story"]
    drifts = [d for d in found if "types" in d]
    print(f"\n== A reader's audit: 30 cross-article conflicts of {len(conflicts)} and 30 drifts of {len(drifts)}, drawn at random (seed {seed})")
    for i, c in enumerate(rng.sample(conflicts, min(30, len(conflicts))), 1):
        print(f"  C{i} [{c['kind']}] {short(c['explanation'], 300)}\n      A ({c['a']['article']}): “{short(c['a']['text'], 200)}”\n"
              f"      B ({c['b']['article']}): “{short(c['b']['text'], 200)}”")
    for i, d in enumerate(rng.sample(drifts, min(30, len(drifts))), 1):
        print(f"  D{i} {d['types']} {short(d['explanation'], 300)}\n      later ({d['article']}): “{short(d['text'], 200)}”\n"
              f"      earlier ({d['from_article']}): “{short(d['from_text'], 200)}”")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--work", type=Path, default=None, help="folder for the stores and caches (default: a temporary one)")
    parser.add_argument("--only", default="wikinews,retellings,fnc,ecb,audit")
    parser.add_argument("--reuse", action="store_true", help="link the stores in --work again instead of ingesting anew")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not (args.shared / "data" / "wikinews").exists():
        print(f"skipped: {args.shared} has no data/wikinews (the corpora are never copied into the repository)")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="retold-real-"))
    work.mkdir(parents=True, exist_ok=True)
    parts = set(args.only.split(","))
    found: list[dict] = []
    if "wikinews" in parts:
        wikinews = run_wikinews(args.shared, work, args.reuse)
        found += wikinews["conflicts"] + wikinews["drifts"]
    if "retellings" in parts:
        retellings = run_retellings(args.shared, work, args.reuse)
        found += retellings["conflicts"] + retellings["drifts"]
    if "fnc" in parts:
        run_fnc(args.shared, work)
    if "ecb" in parts:
        run_ecb(args.shared, work)
    if "audit" in parts and found:
        audit(found, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
