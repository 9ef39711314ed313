"""What a figure is about (predicate, period, change, modifier, subset): only figures about one thing conflict."""
from __future__ import annotations

import pytest

from retold.model import article_from_json


def numeric(article) -> list:
    return [c for c in article.conflicts if c.kind == "numeric"]


def frame_of(article, words: str):
    return next(q for q in article.quantities if q.span.text.startswith(words))


NOT_RIVAL_COUNTS = {
    "a ten-storey building is a size, not a count": (
        "The ten-storey building in Varnby collapsed on Sunday. Officials said 39 are confirmed dead."
    ),
    "killed is not wounded": (
        "Colonel Odra Vesk said fourteen civilians were killed in Tallow. "
        "The Tallow hospital said 90 civilians were wounded."
    ),
    "a figure for an earlier period": (
        "The Brill Courier said 95 civilians died in an attack in 2018. "
        "Governor Anse Murrow said twelve civilians died on Monday."
    ),
    "a subset is not a rival count": (
        "Witnesses said almost 50 trucks left the depot at Quell. Police said ten trucks of weapons were seized."
    ),
    "a partitive is a subset": (
        "Witnesses said 50 trucks were seized at Quell. Police said three of the trucks were seized."
    ),
    "expected is not attended": (
        "Organisers said around 4,000 people attended the fair in Dunmere. "
        "The mayor said the town had expected 200 people."
    ),
    "a later figure is an update": (
        "Police in Harrowgate said 12 people died. The mayor said the toll rose to 20 on Tuesday."
    ),
    "a revised figure is an update": (
        "The Orlen Herald said 12 people died. Officials later said 31 people died."
    ),
}


@pytest.mark.parametrize("text", NOT_RIVAL_COUNTS.values(), ids=NOT_RIVAL_COUNTS.keys())
def test_figures_about_different_things_do_not_conflict(analyze, text):
    assert numeric(analyze(text)) == []


RIVAL_COUNTS = {
    "two sources, same predicate": "Police said 12 people died. The mayor said 40 people died.",
    "died against were killed": (
        "The Varnby ministry said 12 people died. Local reporters said 40 people were killed."
    ),
    "the same place on both sides": (
        "Police said 12 people died in Dunmere. The mayor said 40 people died in Dunmere."
    ),
}


@pytest.mark.parametrize("text", RIVAL_COUNTS.values(), ids=RIVAL_COUNTS.keys())
def test_rival_counts_of_one_thing_still_conflict(analyze, text):
    assert len(numeric(analyze(text))) == 1


def test_predicates_are_normalised_to_one_family(analyze):
    article = analyze("Police said 14 people were killed, 17 died later and 90 were wounded; the hospital counted 12 deaths.")
    assert frame_of(article, "14 people").predicate == "killed"
    assert frame_of(article, "12 deaths").predicate == "killed"
    assert frame_of(article, "90").predicate == "injured"


def test_a_compound_modifier_is_not_a_count(analyze):
    article = analyze("A 39-year-old man was arrested during a two-day visit to the ten-storey tower in Quell.")
    assert all(q.modifier for q in article.quantities)


def test_a_modifier_lends_no_counted_noun_to_a_later_bare_figure(analyze):
    article = analyze(NOT_RIVAL_COUNTS["a ten-storey building is a size, not a count"])
    assert frame_of(article, "39").counted is None


def test_a_rate_is_not_a_count(analyze):
    article = analyze("Brill records 18.9 deaths per 100,000 people each year.")
    assert [q.modifier for q in article.quantities] == [True, True]


def test_period_is_the_year_the_clause_is_tied_to(analyze):
    article = analyze("The Brill Courier said 95 civilians died in 2018, and 12 civilians died last year.")
    assert frame_of(article, "95").period == "2018"
    assert frame_of(article, "12").period == "last year"


def test_from_to_after_a_change_verb_is_one_change_not_a_range(analyze):
    article = analyze("The toll in Quell rose from fourteen to 31, up from 12 a day earlier.")
    figures = [q for q in article.quantities if q.kind != "range"]
    assert [q.number.text for q in figures][:2] == ["fourteen", "31"]
    assert all(q.change for q in figures)
    assert frame_of(article, "31").predicate == "killed"


def test_a_revised_figure_is_two_figures_about_what_was_revised(analyze):
    article = analyze("Officials in Quell revised the toll from 27 to 20 on Friday.")
    assert [(q.number.text, q.predicate, q.change) for q in article.quantities] == [("27", "killed", True), ("20", "killed", True)]


def test_subsets_name_their_qualifier(analyze):
    article = analyze("Police seized ten trucks of weapons; three of the trucks burned and 12 of them were towed.")
    assert frame_of(article, "ten trucks").scope_of == "of weapons"
    assert frame_of(article, "three").scope_of == "of the trucks"
    assert frame_of(article, "12").scope_of == "of them"


def test_frames_round_trip_through_json_and_old_json_still_loads(analyze):
    article = analyze("Police said the toll rose to 20 in 2018 after a ten-storey block fell in Quell.")
    again = article_from_json(article.to_json())
    assert again.quantities == article.quantities
    old = article.to_json()
    for quantity in old["quantities"]:
        for key in ("predicate", "period", "change", "modifier", "scope_of"):
            del quantity[key]
    loaded = article_from_json(old)
    assert all(q.predicate is None and not q.change and not q.modifier for q in loaded.quantities)


@pytest.mark.parametrize("text, period", [
    ("Rescuers recalled an October 7 assault on the northern villages that killed 1,300 people.", "oct 7"),
    ("The raid on Oct. 7 that killed 1,300 people changed the war.", "oct 7"),
    ("The militia crossed the border on 7 October, killing over 100 people.", "oct 7"),
    ("The militia, whose raid last week killed 40 people, denied it.", "last week"),
    ("At least 500 people were killed when the depot burned on Tuesday.", None),
])
def test_a_figures_period_may_sit_on_the_noun_or_verb_its_clause_hangs_from(analyze, text, period):
    (quantity,) = [q for q in analyze(text).quantities if q.predicate == "killed"]
    assert quantity.period == period


@pytest.mark.parametrize("text, predicate", [
    ("Officials believe that anywhere from 100-300 people were killed at the depot.", "killed"),
    ("A port official put the toll at 50 or less.", "killed"),
    ("Medics put the number of injured at 40.", "injured"),
    ("Police put the crowd at 4,000 people.", "put"),
])
def test_a_hedging_adverb_or_an_estimate_at_a_figure_keeps_the_event(analyze, text, predicate):
    (quantity,) = analyze(text).quantities
    assert quantity.predicate == predicate


@pytest.mark.parametrize("text, period", [
    ("A week had passed since the militia carried out an attack on the depot that killed 40 people.", "before"),
    ("The toll has risen to 40 since the fire broke out.", None),
])
def test_a_figure_in_a_since_clause_counts_what_happened_before(analyze, text, period):
    (quantity,) = [q for q in analyze(text).quantities if q.predicate == "killed"]
    assert quantity.period == period
