"""Incremental linking: a store linked as articles arrive holds exactly what one full link of all of them holds,
and stories whose articles did not change are not traced again."""
from __future__ import annotations

import pytest

from retold.link import trace
from retold.store import open_for_writing, write_article
from retold.store.linking import run_link
from retold.store.writer import LINK_TABLES

FERRY = (
    "A ferry ran aground off Kessel Point on Friday. Harbour master Joan Ruel said around 80 passengers were on board. "
    "The coast guard said 12 people were taken to hospital. The ship leaked oil along 2-3 km of the shore, "
    "and volunteers from Kessel began cleaning the beach on Saturday morning."
)
BRIDGE = (
    "The old Marrow Bridge in Tallin County closed on Monday after inspectors found cracks in two of its piers. "
    "County engineer Sam Okafor said repairs would cost at least 4 million dollars. About 9,000 drivers cross the "
    "bridge every day, the county transport office said, and a detour through Westbrook adds 20 minutes."
)
FESTIVAL = (
    "The Larkspur jazz festival drew 15,000 visitors to Orrin Park over the weekend, organiser Dana Pike said. "
    "Police said two people were arrested for selling fake tickets. The festival will return next August "
    "with a second stage near the Orrin river, the city council announced."
)


def stored_articles(analyze):
    """Two batches: A holds two stories of two articles; B adds one article to the ferry story and a new story."""
    ferry = analyze(FERRY, outlet="Kessel Herald", published="2025-06-06")
    ferry_repost = analyze(FERRY + " Republished from the Kessel Herald.", outlet="Bay Daily", published="2025-06-07")
    bridge = analyze(BRIDGE, outlet="Tallin Times", published="2025-03-03")
    bridge_repost = analyze(BRIDGE + " This report first ran in the Tallin Times.", outlet="County Post", published="2025-03-04")
    ferry_again = analyze(FERRY.replace("around 80", "about 100") + " As carried by Bay Daily.", outlet="Shore News",
                          published="2025-06-08")
    festival = analyze(FESTIVAL, outlet="Orrin Courier", published="2025-08-11")
    festival_repost = analyze(FESTIVAL + " Copied from the Orrin Courier.", outlet="Metro Wire", published="2025-08-12")
    return [ferry, ferry_repost, bridge, bridge_repost], [ferry_again, festival, festival_repost]


@pytest.fixture(scope="module")
def batches(analyze):
    return stored_articles(analyze)


def link_tables(connection) -> dict[str, list]:
    """Every link table as sorted rows."""
    return {table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in LINK_TABLES}


@pytest.fixture
def traced(monkeypatch):
    """Story ids passed to trace_story, in call order."""
    calls: list[str] = []
    original = trace.trace_story

    def counting(story, *args, **kwargs):
        calls.append(story.id)
        return original(story, *args, **kwargs)

    monkeypatch.setattr(trace, "trace_story", counting)
    return calls


def test_linking_as_articles_arrive_equals_one_full_link(tmp_path, batches, traced):
    first, second = batches
    once = open_for_writing(str(tmp_path / "once.duckdb"))
    for article in first + second:
        write_article(once, article)
    run_link(once, full=True)
    expected = link_tables(once)
    assert expected["stories"] and expected["provenance_edges"] and expected["claim_groups"] and expected["stances"]
    full_traces = len(traced)

    growing = open_for_writing(str(tmp_path / "growing.duckdb"))
    for article in first:
        write_article(growing, article)
    run_link(growing)
    before = link_tables(growing)
    story_of = dict(growing.execute("SELECT article_id, story_id FROM story_articles").fetchall())
    bridge_story = story_of[first[2].id]
    traced.clear()
    for article in second:
        write_article(growing, article)
    run_link(growing)
    assert link_tables(growing) == expected
    # the bridge story did not change: it is not traced again and keeps its stored rows
    assert bridge_story not in traced and len(traced) == full_traces - 1
    kept = [row for row in before["provenance_edges"] if row[0] == bridge_story]
    assert kept and all(row in expected["provenance_edges"] for row in kept)
    kept = [row for row in before["stances"] if row[0] == bridge_story]
    assert kept and all(row in expected["stances"] for row in kept)


def test_a_link_with_nothing_new_traces_nothing_and_full_traces_everything(tmp_path, batches, traced):
    first, second = batches
    connection = open_for_writing(str(tmp_path / "store.duckdb"))
    for article in first + second:
        write_article(connection, article)
    run_link(connection)
    linked = link_tables(connection)
    stories = len(traced)
    assert stories >= 3
    traced.clear()
    run_link(connection)
    assert traced == [] and link_tables(connection) == linked
    run_link(connection, full=True)
    assert len(traced) == stories and link_tables(connection) == linked


def test_write_link_result_forgets_fingerprints_so_the_next_link_traces_again(tmp_path, batches, traced):
    from retold.link.model import LinkResult
    from retold.store import write_link_result

    first, _ = batches
    connection = open_for_writing(str(tmp_path / "store.duckdb"))
    for article in first:
        write_article(connection, article)
    run_link(connection)
    linked = link_tables(connection)
    write_link_result(connection, LinkResult())  # results replaced from outside: stored traces no longer match
    traced.clear()
    run_link(connection)
    assert len(traced) == 2 and link_tables(connection) == linked
