"""Conflicts are limited to the same thing: records built by hand, so only the conflict rules are under test."""
from __future__ import annotations

import pytest

from retold.analyze.categories import Category, category_of, comparable_interval, format_interval
from retold.analyze.conflicts import find_conflicts
from retold.analyze.sentences import find_sentences
from retold.model import Article, Attribution, Hedge, Quantity, Speaker


def span_of(article: Article, words: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(words, start + 1)
    return article.span(start, start + len(words))


def quantity(article, qid, mention, number, low, high, kind, counted, unit="person", hedges=(), **frame):
    return Quantity(
        id=qid, span=span_of(article, mention), number=span_of(article, number), low=low, high=high,
        low_inclusive=True, high_inclusive=True, kind=kind, unit=unit, counted=counted,
        hedges=tuple(Hedge(span_of(article, h), t) for h, t in hedges), **frame,
    )


def attribution(article, aid, speaker, cue, content, name, polarity="assert", mode="indirect"):
    return Attribution(
        id=aid, mode=mode, polarity=polarity,
        speaker=Speaker(span_of(article, speaker), name, "organisation"),
        cue=span_of(article, cue), content=span_of(article, content) if content else None,
    )


TEXT = (
    "The port authority said only a few dozen workers were inside. "
    "Dock workers said that as many as 600 workers were sleeping there. "
    "The authority also said 40 trucks burned, and the union said 45 trucks burned. "
    "The company agreed to allow only inspected cargo, but it broke that agreement, loading unchecked pallets."
)


def build(nlp, text=TEXT):
    article = Article(text=text)
    doc = nlp(text)
    article.sentences = find_sentences(article, doc)
    return article, doc


def workers_inside(article, **second_frame):
    article.attributions = [
        attribution(article, "A1", "The port authority", "said", "only a few dozen workers were inside", "Port Authority"),
        attribution(article, "A2", "Dock workers", "said", "that as many as 600 workers were sleeping there", "Dock workers"),
    ]
    article.quantities = [
        quantity(article, "Q1", "a few dozen workers", "a few dozen", 24, 60, "vague", "workers", hedges=[("only", "minimiser")],
                 predicate="present"),
        quantity(article, "Q2", "as many as 600 workers", "600", None, 600, "upper_bound", "workers", hedges=[("as many as", "upper_bound")],
                 **{"predicate": "present", **second_frame}),
    ]


def test_disjoint_intervals_for_the_same_category_from_two_sources_conflict(nlp):
    article, doc = build(nlp)
    workers_inside(article)
    conflicts = find_conflicts(article, doc)
    assert [c.kind for c in conflicts] == ["numeric"]
    assert {conflicts[0].a.speaker, conflicts[0].b.speaker} == {"Port Authority", "Dock workers"}
    assert "do not overlap" in conflicts[0].explanation


@pytest.mark.parametrize("frame", [
    {"predicate": None}, {"predicate": "killed"}, {"change": True}, {"modifier": True}, {"period": "2018"}, {"scope_of": "of them"},
])
def test_figures_with_another_frame_are_not_rival_counts(nlp, frame):
    article, doc = build(nlp)
    workers_inside(article, **frame)
    assert find_conflicts(article, doc) == []


def test_close_figures_are_rounding_not_a_conflict(nlp):
    article, doc = build(nlp)
    article.attributions = [
        attribution(article, "A1", "The authority", "also said", "40 trucks burned", "Port Authority"),
        attribution(article, "A2", "the union", "said", "45 trucks burned", "Union"),
    ]
    article.quantities = [
        quantity(article, "Q1", "40 trucks", "40", 40, 40, "point", "trucks", unit="truck"),
        quantity(article, "Q2", "45 trucks", "45", 45, 45, "point", "trucks", unit="truck"),
    ]
    assert find_conflicts(article, doc) == []


def test_one_source_giving_two_figures_is_not_a_conflict(nlp):
    article, doc = build(nlp)
    article.quantities = [
        quantity(article, "Q1", "a few dozen workers", "a few dozen", 24, 60, "vague", "workers"),
        quantity(article, "Q2", "as many as 600 workers", "600", None, 600, "upper_bound", "workers"),
    ]
    assert find_conflicts(article, doc) == []  # both in the author's voice


def test_a_reported_breach_of_an_agreement_is_not_a_contradiction(nlp):
    article, doc = build(nlp)
    assert find_conflicts(article, doc) == []


def test_denial_conflicts_with_an_earlier_assertion_by_another_voice(nlp):
    text = "The council signed a deal with the builders last year. The builders continue to insist that no deal was signed."
    article, doc = build(nlp, text)
    article.attributions = [
        attribution(article, "A1", "The builders", "continue to insist", "that no deal was signed", "Builders", polarity="deny"),
    ]
    (conflict,) = find_conflicts(article, doc)
    assert conflict.kind == "denial"
    assert conflict.a.speaker == "author" and "signed a deal" in conflict.a.span.text
    assert conflict.b.speaker == "Builders"


def test_categories_keep_restricting_words_and_drop_whose():
    article = Article(text="ISIS fighters, foreign fighters, SDF fighters, fighters")

    def make(words):
        return quantity(article, "Q", words, words.split()[0], 1, 1, "point", words)

    isis, foreign, sdf, plain = (category_of(make(w)) for w in ("ISIS fighters", "foreign fighters", "SDF fighters", "fighters"))
    assert isis.matches(plain) and plain.matches(isis)
    assert not foreign.matches(plain)
    assert not isis.matches(sdf)
    assert plain == Category("fighter")


def test_upper_bounds_are_read_as_their_order_of_magnitude():
    article = Article(text="as high as 4000")
    q = quantity(article, "Q", "as high as 4000", "4000", None, 4000, "upper_bound", "people")
    assert comparable_interval(q) == (2000, 4000)
    assert format_interval(q) == "2,000–4,000 (up to 4,000)"


@pytest.mark.parametrize("text, found", [
    ("All of the passengers survived, the airline said. Rescuers said three passengers were missing.", True),
    ("None of the passengers were injured, the ferry company said. Medics said 12 passengers were injured.", True),
    ("All stores will close on Sunday, the company said. Many stores were busy, a shopper said.", False),
    ("All of the passengers survived, the airline said. Rescuers said three passengers were flown home. "
     "Two crew were missing.", False),
])
def test_a_whole_against_a_count_conflicts_only_when_they_say_incompatible_things(analyze, text, found):
    scope = [c for c in analyze(text).conflicts if c.kind == "scope"]
    assert bool(scope) == found


def test_soldiers_of_two_named_sides_are_two_counts(analyze):
    article = analyze("As of Monday, Ostrava claimed 790 Velmoran soldiers had been killed. "
                      "Velmora claimed to have killed about 2,300 Kestral soldiers.")
    counted = sorted(q.counted for q in article.quantities)
    assert counted == ["Kestral soldiers", "Velmoran soldiers"]
    assert [c for c in article.conflicts if c.kind == "numeric"] == []


def test_a_speaker_left_as_a_pronoun_takes_no_side():
    from retold.analyze.conflicts import unnamed

    assert unnamed("we") and unnamed("So I") and unnamed("they")
    assert not unnamed("Marta Kelso") and not unnamed("harbour authority") and not unnamed("author")


def test_an_interviewees_we_denies_nothing_the_article_states(analyze):
    article = analyze("Because when Ana says that we increase the reward, we increase the differences between the levers. "
                      "But in the second test we saw there were no major differences there.")
    assert [c for c in article.conflicts if c.kind == "denial"] == []


@pytest.mark.parametrize("text", [
    "Former adviser Tom Berg predicted Ana Ruiz would run again if she lost in 2026. "
    "Piet Hanning claimed nobody lost their health insurance as a result of the reform.",
    "Ruiz alleged the mayor's plan would strip the pension fund. The mayor argued that Ruiz had no housing plan.",
])
def test_a_denial_meets_only_statements_that_name_which_thing_it_denies(analyze, text):
    # "lost" alone, or "plan" alone, is not the lost insurance or the housing plan that was denied
    assert [c for c in analyze(text).conflicts if c.kind == "denial"] == []


@pytest.mark.parametrize("title, conflicting", [
    ("Fire at the Harbour Warehouse: workers inside disputed", True),  # the headline's own place: the whole event
    ("Harbour fire: accounts disputed", False),  # a place the headline does not give may be part of the event
    ("School and warehouse fires in the harbour", True),
])
def test_a_scope_naming_the_headlines_place_counts_the_whole_event(nlp, title, conflicting):
    article, doc = build(nlp)
    article.title = title
    workers_inside(article, scope_of="at the harbour warehouse")
    assert bool(find_conflicts(article, doc)) is conflicting


def test_the_same_two_figures_under_other_names_are_one_conflict_listing_the_others(analyze):
    article = analyze(
        "Harbour fire toll disputed\n\n"
        "The port authority said 12 people died in the fire. "
        "Union leader Mara Holm said 80 people died in the fire. "
        "A spokesman for the port authority, Ivo Lind, repeated that 12 people died in the fire."
    )
    numeric = [c for c in article.conflicts if c.kind == "numeric"]
    assert len(numeric) == 1
    assert "Also met in 1 more mention" in numeric[0].explanation


@pytest.mark.parametrize("first, second, conflicting", [
    (43, 44, True),  # two exact counts: nothing was rounded, so one of them is wrong
    (40, 43, False),  # a round figure may be a rounded 43
])
def test_exact_counts_that_differ_disagree_and_a_round_one_may_be_rounding(nlp, first, second, conflicting):
    text = f"The authority said {first} trucks burned, and the union said {second} trucks burned."
    article, doc = build(nlp, text)
    article.attributions = [
        attribution(article, "A1", "The authority", "said", f"{first} trucks burned", "Port Authority"),
        attribution(article, "A2", "the union", "said", f"{second} trucks burned", "Union"),
    ]
    article.quantities = [
        quantity(article, "Q1", f"{first} trucks", str(first), first, first, "point", "trucks", unit="truck", predicate="burn"),
        quantity(article, "Q2", f"{second} trucks", str(second), second, second, "point", "trucks", unit="truck", predicate="burn"),
    ]
    assert bool(find_conflicts(article, doc)) is conflicting


@pytest.mark.parametrize("knapp, lind, figures, conflicting", [
    ("the count would be 319 to 219", "359 to 179", ("319", "179"), False),  # two tallies: each sets one side against the other
    ("the count would be 319 votes", "179 votes", ("319 votes", "179 votes"), True),  # the same figures alone disagree
])
def test_the_sides_of_two_tallies_are_no_rival_counts(nlp, knapp, lind, figures, conflicting):
    article, doc = build(nlp, f"Knapp said {knapp}, and Lind said {lind}.")
    article.attributions = [
        attribution(article, "A1", "Knapp", "said", knapp, "Knapp"),
        attribution(article, "A2", "Lind", "said", lind, "Lind"),
    ]
    first, second = figures
    article.quantities = [
        quantity(article, "Q1", first, "319", 319, 319, "point", "votes", unit="vote", predicate="count"),
        quantity(article, "Q2", second, "179", 179, 179, "point", "votes", unit="vote", predicate="count"),
    ]
    assert bool(find_conflicts(article, doc)) is conflicting


def test_a_title_of_a_work_in_title_case_denies_nothing(nlp):
    text = ("The council signed a deal with the builders last year. The builders recommend the book No Deal Was Ever "
            "Signed by Ada Lind.")
    article, doc = build(nlp, text)
    article.attributions = [
        attribution(article, "A1", "The builders", "recommend", "No Deal Was Ever Signed by Ada Lind", "Builders", polarity="deny"),
    ]
    assert find_conflicts(article, doc) == []
