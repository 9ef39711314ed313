"""Golden test: our example story, analysed by the real pipeline and linked as `retold ingest` links it, is one story
that shows every planted drift and conflict."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from retold.link.model import DRIFT_TYPES

REPO = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_drift", REPO / "benchmarks" / "bench_drift.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_drift"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.fixture(scope="module")
def linked(pipeline, bench, tmp_path_factory):
    """The example stored, loaded back in the store's order and put through every link stage: (articles, planted, LinkResult)."""
    articles, planted = bench.load_story(pipeline)
    return articles, planted, bench.link_example(articles, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def traced(linked, bench):
    """(articles, planted, StoryTrace) of the one story the link stage found; no story was put together by hand."""
    articles, planted, result = linked
    return articles, planted, bench.trace_of(result)


def test_the_link_stage_puts_all_seven_articles_in_one_story(linked):
    """A regression guard: the business-press denial, which cites the original in its own words, was a story of its own."""
    articles, _, result = linked
    assert [sorted(story.articles) for story in result.stories] == [sorted(articles)]
    assert {s.story for s in result.stances} == {result.stories[0].id}


@pytest.fixture(scope="module")
def scored(traced, bench):
    articles, planted, result = traced
    return bench.score(articles, planted, result)


def test_the_story_is_an_original_and_six_retellings_over_several_days(traced):
    articles, planted, _ = traced
    assert len(articles) >= 7
    assert len({a.published for a in articles.values()}) >= 4
    assert len({a.outlet for a in articles.values()}) == len(articles)


def test_every_drift_type_and_conflict_kind_is_planted(traced):
    _, planted, _ = traced
    assert {t for d in planted["drifts"] for t in d["types"]} == set(DRIFT_TYPES)
    assert {c["kind"] for c in planted["conflicts"]} == {"numeric", "denial", "speaker"}


def test_every_planted_drift_is_found(scored):
    assert not scored.drifts_missed, scored.drifts_missed
    assert len(scored.drifts_found) >= len(DRIFT_TYPES)


def test_no_more_than_one_false_drift_per_article(scored):
    assert scored.max_false_per_article <= 1, {k: [d.explanation for d in v] for k, v in scored.false_drifts.items()}


def test_every_planted_conflict_is_found(scored):
    assert not scored.conflicts_missed, scored.conflicts_missed


def _planted_edge_kinds(traced) -> dict[tuple[str, str], str | None]:
    """(source outlet, target outlet) -> the kind of the edge found between them, or None, for every planted edge."""
    articles, planted, (edges, _, _, _, _) = traced
    outlets = {a.id: a.outlet for a in articles.values()}
    found = {(outlets[e.source], outlets[e.target]): e.kind for e in edges}
    return {(item["source"], item["target"]): found.get((item["source"], item["target"])) for item in planted["edges"]}


def test_provenance_finds_the_planted_edges_with_their_kinds_and_the_one_root(traced, scored):
    articles, planted, (edges, _, _, _, _) = traced
    assert not scored.edges_missed, _planted_edge_kinds(traced)
    targets = {e.target for e in edges}
    roots = {a.outlet for a in articles.values() if a.id not in targets}
    assert roots == set(planted["roots"])
    dates = {a.id: a.published for a in articles.values()}
    assert all(dates[e.source] <= dates[e.target] for e in edges)
    assert all(e.evidence for e in edges)


def test_a_summary_is_told_from_a_partial_copy_despite_the_near_duplicate_pair(linked, traced):
    """A regression guard: the in-brief piece shares as much text with the original as a partial copy does (the
    near-duplicate stage pairs them as "partial"), but condenses its sentences, so it was traced as a partial copy."""
    articles, _, result = linked
    outlets = {a.id: a.outlet for a in articles.values()}
    pair_kinds = {(outlets[p.a], outlets[p.b]): p.kind for p in result.pairs}
    assert pair_kinds[("The Brannock Ledger", "Northern Dispatch")] == "partial"
    kinds = _planted_edge_kinds(traced)
    assert kinds[("The Brannock Ledger", "Northern Dispatch")] == "summary"
    assert kinds[("Valley Wire", "County Radio 7")] == "partial"  # short too, but it lifts whole sentences


def test_each_drift_explains_itself_with_both_quotes(traced):
    articles, _, (_, _, _, drifts, _) = traced
    for drift in drifts:
        assert articles[drift.span.article].text[drift.span.start : drift.span.end] == drift.span.text
        assert articles[drift.origin.article].text[drift.origin.start : drift.origin.end] == drift.origin.text
        assert drift.explanation and "\n" not in drift.explanation


def test_claims_are_aligned_across_outlets(traced):
    articles, _, (_, groups, _, _, _) = traced
    outlets = {a.id: a.outlet for a in articles.values()}
    gate = [g for g in groups if g.kind == "proposition" and {"gate", "spillway"} <= set(g.key.split())]
    assert gate and {"The Brannock Ledger", "Dolina Express"} <= {outlets[m.article] for m in gate[0].members}
    residents = [g for g in groups if g.kind == "quantity" and g.key == "resident" and any(m.high == 300 for m in g.members)]
    assert residents and len({m.article for m in residents[0].members}) >= 3
