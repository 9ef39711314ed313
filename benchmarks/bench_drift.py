"""Drift on our own example story: planted drifts found, false drifts per article, planted conflicts and edges found.

Each figure is given twice: for the story traced alone (no near-duplicate pairs), and for the real path, the articles
stored and linked as `retold ingest` links them (duplicate pairs, stories, then the trace). The pairs change what
provenance sees, so a figure that holds only on the first path hides a fault of the second.

Run: .venv/bin/python benchmarks/bench_drift.py
"""
from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STORY = REPO / "examples" / "story"


@dataclass
class StoryScore:
    """What the trace of the example story found against what was planted in it."""

    drifts_found: list[dict] = field(default_factory=list)
    drifts_missed: list[dict] = field(default_factory=list)
    false_drifts: dict[str, list] = field(default_factory=dict)  # outlet -> drifts matching nothing planted
    conflicts_found: list[dict] = field(default_factory=list)
    conflicts_missed: list[dict] = field(default_factory=list)
    edges_found: list[dict] = field(default_factory=list)
    edges_missed: list[dict] = field(default_factory=list)
    articles: int = 0

    @property
    def max_false_per_article(self) -> int:
        return max((len(v) for v in self.false_drifts.values()), default=0)


def load_story(pipeline):
    """The example story's articles, analysed by the real pipeline, keyed by id; and the planted list."""
    from retold.ingest import read_inputs
    from retold.model import Article

    analysed = pipeline.analyze_safely(list(read_inputs([str(STORY / "story.jsonl")])))
    articles = {a.id: a for a in analysed if isinstance(a, Article)}
    planted = json.loads((STORY / "PLANTED.json").read_text(encoding="utf-8"))
    return articles, planted


def trace_example(pipeline):
    """Analyse the story and trace it as one Story; returns (articles, planted, StoryTrace(edges, groups, conflicts, drifts, stances))."""
    from retold.link.model import Story
    from retold.link.trace import trace_story

    articles, planted = load_story(pipeline)
    story = Story("example", "Halvard dam flood", tuple(sorted(articles)))
    return articles, planted, trace_story(story, articles)


def link_example(articles, folder: Path):
    """The real path: the articles stored in a new store under `folder`, loaded back in the store's order and put
    through every link stage; returns the LinkResult."""
    from retold.link.stages import link_articles
    from retold.store import open_for_writing, write_article
    from retold.store.reader import load_articles

    connection = open_for_writing(str(folder / "store.duckdb"))
    try:
        for article in articles.values():
            write_article(connection, article)
        stored = list(load_articles(connection))
    finally:
        connection.close()
    return link_articles(stored)


def trace_of(result):
    """The traced records of a LinkResult as one StoryTrace (all its stories together)."""
    from retold.link.model import StoryTrace

    return StoryTrace(result.edges, result.groups, result.conflicts, result.drifts, result.stances)


def place(articles, outlet: str, text: str | None) -> tuple[str, int, int] | None:
    """(article id, start, end) of the one occurrence of `text` in the article by `outlet`."""
    (article,) = [a for a in articles.values() if a.outlet == outlet]
    if text is None:
        return article.id, 0, len(article.text)
    start = article.text.find(text)
    if start < 0 or article.text.find(text, start + 1) >= 0:
        raise ValueError(f"planted text {text!r} must occur exactly once in {outlet}")
    return article.id, start, start + len(text)


def _overlaps(span, where) -> bool:
    return span.article == where[0] and span.start < where[2] and where[1] < span.end


def score(articles, planted, traced) -> StoryScore:
    """Match every planted drift (type and overlapping spans), conflict (kind and both sides) and edge."""
    edges, conflicts, drifts = traced.edges, traced.conflicts, traced.drifts
    result = StoryScore(articles=len(articles))
    matched: set[str] = set()
    for item in planted["drifts"]:
        later = place(articles, item["article"], item["text"])
        earlier = place(articles, item["origin_article"], item["origin_text"])
        hits = [d for d in drifts if _overlaps(d.span, later) and _overlaps(d.origin, earlier) and set(item["types"]) <= set(d.types)]
        (result.drifts_found if hits else result.drifts_missed).append(item)
        matched.update(d.id for d in hits)
    outlets = {a.id: a.outlet for a in articles.values()}
    for drift in drifts:
        # a drift on a planted span is not false even if it carries a type we did not plant as well
        on_planted = any(_overlaps(drift.span, place(articles, p["article"], p["text"])) for p in planted["drifts"])
        if drift.id not in matched and not on_planted:
            result.false_drifts.setdefault(outlets[drift.span.article], []).append(drift)
    for item in planted["conflicts"]:
        a = place(articles, item["a"]["article"], item["a"]["text"])
        b = place(articles, item["b"]["article"], item["b"]["text"])
        hits = [
            c for c in conflicts
            if c.kind == item["kind"] and ((_overlaps(c.a.span, a) and _overlaps(c.b.span, b)) or (_overlaps(c.a.span, b) and _overlaps(c.b.span, a)))
        ]
        (result.conflicts_found if hits else result.conflicts_missed).append(item)
    by_outlet = {(outlets[e.source], outlets[e.target]): e for e in edges}
    for item in planted["edges"]:
        edge = by_outlet.get((item["source"], item["target"]))
        (result.edges_found if edge and edge.kind == item["kind"] else result.edges_missed).append(item)
    return result


def report(heading: str, articles, planted, traced) -> None:
    """Print the figures of one trace of the example story, and what it missed."""
    result = score(articles, planted, traced)
    planted_drifts = len(planted["drifts"])
    false_total = sum(len(v) for v in result.false_drifts.values())
    print(heading)
    print(f"  example story: {result.articles} articles, {len(traced.edges)} provenance edges, {len(traced.drifts)} drifts")
    print(f"  planted drifts found: {len(result.drifts_found)}/{planted_drifts}")
    print(f"  drift types covered: {len({t for d in result.drifts_found for t in d['types']})}/11")
    print(f"  false drifts: {false_total} in all, at most {result.max_false_per_article} per article ({false_total / max(1, result.articles):.2f} per article)")
    print(f"  planted conflicts found: {len(result.conflicts_found)}/{len(planted['conflicts'])} (cross-article conflicts reported: {len(traced.conflicts)})")
    print(f"  planted provenance edges found with their kind: {len(result.edges_found)}/{len(planted['edges'])}")
    for item in result.drifts_missed:
        print(f"    missed drift: {item['types']} {item['article']}: {item['text']!r}")
    for outlet, drifts in sorted(result.false_drifts.items()):
        for drift in drifts:
            print(f"    false drift: {outlet}: {drift.types} {drift.span.text!r}: {drift.explanation}")
    for item in result.conflicts_missed:
        print(f"    missed conflict: {item['kind']} {item['a']} / {item['b']}")
    outlets = {a.id: a.outlet for a in articles.values()}
    found = {(outlets[e.source], outlets[e.target]): e.kind for e in traced.edges}
    for item in result.edges_missed:
        print(f"    missed edge: {item['source']} -> {item['target']} ({item['kind']}; found: {found.get((item['source'], item['target']))})")


def main() -> int:
    from retold.analyze.pipeline import default_pipeline

    articles, planted, traced = trace_example(default_pipeline())
    report("traced alone (no duplicate pairs):", articles, planted, traced)
    with tempfile.TemporaryDirectory() as folder:
        linked = link_example(articles, Path(folder))
    stories = sum(1 for story in linked.stories if len(story.articles) > 1)
    stories = f"{stories} story" if stories == 1 else f"{stories} stories"
    report(f"linked as `retold ingest` links it ({len(linked.pairs)} duplicate pairs, {stories} of several articles):",
           articles, planted, trace_of(linked))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
