"""The two executors share their parts: one run summary that merges, one folder walk, the local story grouping."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from retold.errors import Rejection
from retold.ingest import read_directory
from retold.link.stories import StorySettings
from retold.model import Article
from retold.store.runs import MAX_REPORTED_FAILURES, RunSummary


def _results(n: int) -> list[Article | Rejection]:
    out: list[Article | Rejection] = []
    for i in range(n):
        if i % 3:
            out.append(Rejection(f"in-{i}.txt", "too short", "empty" if i % 2 else "malformed"))
        else:
            out.append(Article(text=f"Article number {i} has these words.", source=f"in-{i}.txt"))
    return out


def test_summaries_merged_chunk_by_chunk_count_what_one_summary_counts():
    results = _results(200)
    whole = RunSummary("run")
    for item in results:
        whole.count(item)
    merged = RunSummary("run")
    for start in range(0, len(results), 7):
        chunk = RunSummary("run")
        for item in results[start : start + 7]:
            chunk.count(item)
        assert merged.merge(chunk) is merged
    assert (merged.analysed, merged.failed, merged.words, merged.reasons) == (whole.analysed, whole.failed, whole.words, whole.reasons)
    assert merged.failures == whole.failures and len(merged.failures) == MAX_REPORTED_FAILURES
    assert [f.source for f in merged.failures[:3]] == ["in-1.txt", "in-2.txt", "in-4.txt"]  # the first ones, in input order


def test_merge_adds_counts_and_stage_times_and_keeps_the_runs_identity():
    run = RunSummary("run", out="out", ingested=2, unlinked=5, stages={"pairs": 1.0})
    part = RunSummary("part", out="elsewhere", ingested=3, skipped=1, parts=1, unlinked=9, link_loaded=True,
                      stages={"pairs": 0.5, "trace": 2.0})
    run.merge(part)
    assert (run.run_id, run.out, run.unlinked) == ("run", "out", 5)
    assert (run.ingested, run.skipped, run.parts, run.link_loaded) == (5, 1, 1, True)
    assert run.stages == {"pairs": 1.5, "trace": 2.0}


def test_spark_lists_a_folder_as_the_local_executor_reads_it(tmp_path):
    from retold.run.spark import list_inputs

    words = "The harbour master said forty boats were damaged overnight in the storm at the port."
    for name in ("b.txt", "a.txt", ".hidden.txt", "README.md", "sub/c.txt", "sub/.git/d.txt", "sub/notes.json", "z/e.html"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<p>{words}</p>" if name.endswith(".html") else f"{words} ({name})", encoding="utf-8")
    files, rejections = list_inputs([str(tmp_path)])
    read = [item.source for item in read_directory(str(tmp_path))]
    assert [f.name for f in files] == read == [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/c.txt", "z/e.html")]
    assert rejections == []


def _component(similarity: float) -> SimpleNamespace:
    """Two articles joined by one similarity edge, as `find_stories` hands a component to `_merge_component`."""
    members = [SimpleNamespace(pos=pos, id=f"{pos:064x}", published="2024-05-01", surfaces={}, anchor="|",
                               vector=json.dumps([["t:storm", 1.0]])) for pos in (3, 8)]
    edge = SimpleNamespace(x=3, y=8, similarity=similarity, first=3, rank=0)
    return SimpleNamespace(members=members, edges=[edge], pairs=None, citations=None)


@pytest.mark.parametrize(("threshold", "stories"), [(StorySettings().merge_threshold, 1), (0.9, 2)])
def test_spark_story_merge_honours_the_story_settings(threshold, stories):
    from retold.spark.stories import _merge_component

    found = _merge_component(_component(0.5), StorySettings(merge_threshold=threshold))
    assert len(found) == stories
