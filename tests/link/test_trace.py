"""trace_story on small stories we write: provenance edges, claim alignment, cross-article conflicts and typed drift."""
from __future__ import annotations

import pytest

from retold.link.model import DuplicatePair, Story
from retold.link.provenance import publication_order
from retold.link.trace import trace_story
from retold.model import Link

ORIGINAL = (
    "A ferry ran aground off Kessel Point on Friday. Harbour master Joan Ruel said around 80 passengers were on board. "
    "The coast guard said 12 people were taken to hospital.\n\n"
    "The ship leaked oil along 2-3 km of the shore."
)


@pytest.fixture(scope="module")
def make(analyze):
    def build(text, outlet, published, url=None, links=()):
        return analyze(text, outlet=outlet, published=published, url=url, links=tuple(links))

    return build


def trace(*articles, pairs=()):
    by_id = {a.id: a for a in articles}
    return trace_story(Story("s", "test", tuple(by_id)), by_id, pairs)


def outlets(articles):
    return {a.id: a.outlet for a in articles}


@pytest.fixture(scope="module")
def original(make):
    return make(ORIGINAL, "Kessel Herald", "2025-06-06", url="https://herald.example.org/ferry")


def test_a_link_to_the_earlier_page_is_a_citation_edge_from_earlier_to_later(make, original):
    later = make(
        "Officials are investigating a grounded ferry near Kessel Point, where the ship leaked oil on Friday.",
        "Coastal Times", "2025-06-07", links=[Link("https://herald.example.org/ferry/", "first report")],
    )
    edges, _, _, _, _ = trace(later, original)
    (edge,) = edges
    assert (edge.source, edge.target, edge.kind) == (original.id, later.id, "citation")
    assert "links to" in edge.evidence


def test_an_article_that_names_no_source_and_copies_nothing_is_a_root(make, original):
    unrelated = make("The Kessel Point lighthouse will reopen to visitors in July, the council said.", "Kessel Post", "2025-06-08")
    edges, _, _, drifts, _ = trace(original, unrelated)
    assert edges == [] and drifts == []


def test_a_repost_of_a_repost_draws_on_the_repost_not_on_everything_earlier(make, original):
    repost = make(ORIGINAL + "\n\nRepublished from the Kessel Herald. Subscribe to Bay Daily.", "Bay Daily", "2025-06-07")
    again = make(ORIGINAL + "\n\nAs carried by Bay Daily.", "Shore News", "2025-06-08")
    edges, _, _, drifts, _ = trace(again, repost, original)
    names = outlets([original, repost, again])
    assert sorted((names[e.source], names[e.target], e.kind) for e in edges) == [
        ("Bay Daily", "Shore News", "repost"), ("Kessel Herald", "Bay Daily", "repost"),
    ]
    assert drifts == []  # word for word: nothing drifted


def test_same_day_articles_are_ordered_by_who_cites_whom(make, original):
    same_day = make("The Kessel Herald reported that a ferry ran aground off Kessel Point.", "Bay Daily", "2025-06-06")
    assert [a.outlet for a in publication_order([same_day, original])] == ["Kessel Herald", "Bay Daily"]
    assert [a.outlet for a in publication_order([original, same_day])] == ["Kessel Herald", "Bay Daily"]


def test_a_near_duplicate_pair_alone_is_no_evidence_of_reuse(make, original):
    # a rewrite that shares no passage and names no source: the near-duplicate stage's hint is not evidence a reader can check
    rewrite = make("A ferry grounded near Kessel Point on Friday with many people aboard.", "Bay Daily", "2025-06-07")
    pair = DuplicatePair(original.id, rewrite.id, "partial", 0.3, 0.6, "shared passage")
    edges, _, _, _, _ = trace(original, rewrite, pairs=[pair])
    assert edges == []


def test_figures_drift_with_their_types(make, original):
    later = make(
        "The Kessel Herald reported that as many as 80 passengers were on board the ferry, according to harbour master Joan Ruel. "
        "12 people were taken to hospital.\n\nThe ship leaked oil along 3 km of the shore for several days. "
        "At least 4 crew members were arrested.",
        "Bay Daily", "2025-06-07",
    )
    edges, _, _, drifts, _ = trace(original, later)
    assert [e.kind for e in edges] in (["summary"], ["partial"])  # it names the source and copies phrases
    assert [d for d in drifts if "days" in d.span.text] == []  # a vague span of time is no figure a source failed to give
    by_text = {d.span.text: d for d in drifts}
    assert "HEDGE_CHANGED" in by_text["as many as 80 passengers"].types
    assert by_text["as many as 80 passengers"].origin.text == "around 80 passengers"
    assert by_text["12 people"].types == ("ATTRIBUTION_LOST",)
    assert by_text["3 km of the shore"].types == ("RANGE_COLLAPSED",)
    assert by_text["3 km of the shore"].origin.text == "2-3 km of the shore"
    (new,) = [d for d in drifts if "crew" in d.span.text]
    assert new.types == ("NEW_CLAIM",)
    assert len(drifts) == 4


def test_a_changed_category_and_a_changed_number(make, original):
    later = make(
        "Harbour master Joan Ruel said around 80 tourists were on board. The coast guard said 21 people were taken to hospital.",
        "Bay Daily", "2025-06-07",
    )
    _, _, conflicts, drifts, _ = trace(original, later)
    by_text = {d.span.text: d for d in drifts}
    assert "CATEGORY_CHANGED" in by_text["around 80 tourists"].types
    assert by_text["21 people"].types == ("NUMBER_CHANGED",)
    numeric = [c for c in conflicts if c.kind == "numeric"]
    assert [(c.a.span.text, c.b.span.text) for c in numeric] in ([("12 people", "21 people")], [("21 people", "12 people")])


def test_close_hedged_figures_are_rounding_but_two_exact_counts_disagree(make, original):
    later = make("The Kessel Herald said about 13 people were taken to hospital.", "Bay Daily", "2025-06-07")
    _, _, conflicts, drifts, _ = trace(original, later)
    assert [c for c in conflicts if c.kind == "numeric"] == []
    assert [d.types for d in drifts] == [("NUMBER_CHANGED", "HEDGE_ADDED")]
    # 12 and 13 people, both exact: nobody rounds 12.6 people, so one of the two counts is wrong
    exact = make("The Kessel Herald said 13 people were taken to hospital.", "Bay Daily", "2025-06-07")
    _, _, conflicts, drifts, _ = trace(original, exact)
    assert [(c.a.span.text, c.b.span.text) for c in conflicts if c.kind == "numeric"] in (
        [("12 people", "13 people")], [("13 people", "12 people")])
    assert [d.types for d in drifts] == [("NUMBER_CHANGED",)]


def test_a_statement_credited_to_someone_else_and_a_denial(make, original):
    later = make(
        "Kessel Herald readers were told that around 80 passengers were on board. "
        "Mayor Ada Friis said the ship leaked oil along 2-3 km of the shore. "
        "The ferry company denied that any oil had leaked. \"No oil leaked from the ship,\" spokesman Carl Moen said.",
        "Bay Daily", "2025-06-07",
    )
    _, groups, conflicts, drifts, _ = trace(original, later)
    kinds = {c.kind for c in conflicts}
    assert "denial" in kinds
    denial = next(c for c in conflicts if c.kind == "denial")
    assert "leaked oil" in denial.a.span.text and denial.b.polarity == "deny"
    assert any(g.kind == "quantity" and len({m.article for m in g.members}) == 2 for g in groups)
    assert not [d for d in drifts if "HEDGE" in " ".join(d.types)]


def test_a_denial_reported_and_quoted_meets_each_assertion_once_in_the_speakers_own_words(make, original):
    later = make(
        "Spokesman Carl Moen denied that the ship leaked any oil along the shore. "
        "\"The ship leaked no oil along the shore, none at all,\" Moen said.",
        "Bay Daily", "2025-06-07",
    )
    _, _, conflicts, _, _ = trace(original, later)
    denials = [c for c in conflicts if c.kind == "denial"]
    assert len(denials) == 1, [c.explanation for c in denials]
    assert "leaked oil" in denials[0].a.span.text and "none at all" in denials[0].b.span.text


def test_trace_is_deterministic_whatever_the_order_of_the_articles(make, original):
    later = make("The Kessel Herald reported that 12 people were taken to hospital and 90 passengers were aboard.", "Bay Daily", "2025-06-07")
    first = trace(original, later)
    second = trace(later, original)
    assert first == second


def test_a_speaker_repeated_in_two_articles_or_a_without_clause_is_no_denial(make):
    first = make(
        "\"Nobody was hurt in the blaze at the depot,\" fire chief Ola Brekke said. "
        "Dock workers said as many as 40 labourers were sleeping in the depot, most of them without contracts.",
        "Kessel Herald", "2025-06-06",
    )
    second = make(
        "The Kessel Herald reported the blaze. \"Nobody was hurt in the blaze at the depot,\" fire chief Ola Brekke said.",
        "Bay Daily", "2025-06-07",
    )
    _, _, conflicts, _, _ = trace(first, second)
    assert [c for c in conflicts if c.kind == "denial"] == []


def test_a_short_piece_that_condenses_and_names_its_source_is_a_summary_even_when_paired_as_a_partial_copy(make, original):
    brief = make(
        "In brief, the Kessel Herald reports: around 80 passengers were on board a ferry stuck off Kessel Point; "
        "12 people were taken to hospital.",
        "Bay Daily", "2025-06-07",
    )
    pair = DuplicatePair(original.id, brief.id, "partial", 0.2, 0.6, "shared word pairs")
    edges, _, _, _, _ = trace(original, brief, pairs=[pair])
    assert [(e.source, e.target, e.kind) for e in edges] == [(original.id, brief.id, "summary")]
    assert "Kessel Herald" in edges[0].evidence


def test_a_short_piece_that_lifts_whole_sentences_is_a_partial_copy(make, original):
    lifted = make(
        "A ferry ran aground off Kessel Point on Friday. Harbour master Joan Ruel said around 80 passengers were on board. "
        "Tugs arrived at noon.",
        "Bay Daily", "2025-06-07",
    )
    pair = DuplicatePair(original.id, lifted.id, "partial", 0.4, 0.9, "shared passage")
    edges, _, _, _, _ = trace(original, lifted, pairs=[pair])
    assert [(e.source, e.target, e.kind) for e in edges] == [(original.id, lifted.id, "partial")]


def test_verbatim_share_counts_long_chains_of_shared_shingles_only():
    from retold.link.provenance import shingles, verbatim_share, words_of

    earlier = shingles("one two three four five six seven eight nine ten eleven. red green blue black white grey")
    assert verbatim_share(words_of("one two three four five six seven eight nine ten eleven"), earlier) == 1.0
    # two short phrases that meet are not one long run
    assert verbatim_share(words_of("one two three four five six red green blue black white"), earlier) == 0.0

