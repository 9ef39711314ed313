"""Who did it: articles naming rival culprits for one event, and a culprit's denial, are conflicts a reader can check."""
from __future__ import annotations

import functools

import pytest

from retold.link.alignment import StoryVoices
from retold.link.culprits import Culprits, find_culprits
from retold.link.model import Story
from retold.link.trace import trace_story

LEDE = "An explosion tore through the Saint Alder clinic in Korvath on Monday night. "
STRIKE = "An Ardenian air strike hit the Saint Alder clinic in Korvath on Monday, killing 40 people."
ROCKET = ("The Ardenian army said on Tuesday that a failed Korvath Liberation Front rocket caused the explosion at the "
          "Saint Alder clinic.")


@pytest.fixture(scope="module")
def conflicts(story_conflicts):
    return functools.partial(story_conflicts, kind="cause")


def culprits(*articles):
    by_id = {a.id: a for a in articles}
    known = Culprits.of(by_id)
    voices = StoryVoices(tuple(a.outlet for a in articles))
    return {a.outlet: [c.name for c in find_culprits(a, voices, known.acronyms, known.places)] for a in articles}


def test_two_articles_naming_rival_culprits_are_one_cause_conflict(make, conflicts):
    first = make(LEDE + STRIKE, "Korvath Post")
    second = make(LEDE + ROCKET, "Arden Herald")
    (conflict,) = conflicts(first, second)
    assert {conflict.a.article, conflict.b.article} == {first.id, second.id}
    assert "Ardenian" in conflict.explanation and "Korvath Liberation Front" in conflict.explanation
    # each side is the sentence that names the culprit, so a reader sees the words behind it
    sides = {conflict.a.span.text, conflict.b.span.text}
    assert STRIKE in sides and ROCKET in sides


def test_an_article_giving_both_accounts_does_not_conflict_with_itself(make, conflicts):
    both = make(LEDE + "Health officials blamed the blast on an Ardenian air strike, while " + ROCKET[0].lower() + ROCKET[1:],
                "Korvath Post")
    assert conflicts(both) == []


def test_a_question_a_whether_and_a_plural_strike_name_no_culprit(make, conflicts):
    article = make(LEDE + "It is not known whether an Ardenian air strike hit the clinic. "
                   "Who is responsible for the blast? Ardenian air strikes killed dozens of people in the south on Sunday.",
                   "Korvath Post")
    assert culprits(article) == {"Korvath Post": []}


def test_a_strike_on_another_place_is_another_event(make, conflicts):
    first = make(LEDE + "Earlier, an Ardenian air strike hit a school in Tarsk, killing six people.", "Korvath Post")
    second = make(LEDE + ROCKET, "Arden Herald")
    assert culprits(first, second)["Korvath Post"] == []
    assert conflicts(first, second) == []


def test_a_people_and_a_body_that_may_be_its_own_are_no_rivals(make, conflicts):
    # nothing in the texts says which people the Velmar Front belongs to: it may be Ardenian
    first = make(LEDE + STRIKE, "Korvath Post")
    second = make(LEDE + "The army said a failed Velmar Front rocket caused the explosion at the clinic.", "Arden Herald")
    assert conflicts(first, second) == []


def test_two_bodies_are_rivals_and_an_acronym_the_story_spells_out_is_its_body(make, conflicts):
    first = make(LEDE + "Police said the Korvath Liberation Front (KLF) fired the rocket that hit the clinic.", "Korvath Post")
    second = make(LEDE + "Officials said a failed KLF rocket caused the explosion at the clinic.", "Arden Herald")
    third = make(LEDE + "Officials said the Velmar Front was responsible for the blast at the clinic.", "Velmar Daily")
    found = conflicts(first, second, third)
    assert len(found) == 1 and third.id in {found[0].a.article, found[0].b.article}
    assert conflicts(first, second) == []


def test_a_culprit_denying_it_against_an_article_that_blames_it(make, conflicts):
    blames = make(LEDE + ROCKET, "Arden Herald")
    denies = make(LEDE + "The Korvath Liberation Front dismissed the claims on Wednesday.", "Korvath Post")
    (conflict,) = conflicts(blames, denies, kind="denial")
    assert conflict.a.article == blames.id and conflict.b.article == denies.id
    assert "did not do it" in conflict.explanation
    # an article that reports the denial beside the blame gives both sides: nothing left to set against it
    balanced = make(LEDE + ROCKET + " The Korvath Liberation Front dismissed the claims.", "Arden Herald")
    assert conflicts(balanced, denies, kind="denial") == []


def test_an_article_stating_a_disputed_culprit_as_fact_is_its_own_conflict(make, conflicts):
    first = make(LEDE + STRIKE, "Korvath Post")
    second = make(LEDE + ROCKET, "Arden Herald")
    third = make("Ardenian warplanes have struck the Saint Alder clinic in Korvath.", "Blog of the Day")
    found = conflicts(first, second, third)
    assert len(found) == 2
    assert any(third.id in (c.a.article, c.b.article) and "states as fact" in c.explanation for c in found)


def test_an_article_stating_the_culprit_as_fact_and_calling_the_act_alleged_contradicts_itself(make, conflicts):
    article = make("Ardenian warplanes have struck the Saint Alder clinic in Korvath. The toll rose to 40 after the "
                   "alleged air strike, the health office said.", "Blog of the Day")
    (conflict,) = conflicts(article)
    assert conflict.a.article == conflict.b.article == article.id
    assert "alleged air strike" in conflict.explanation
    careful = make("An air strike hit the Saint Alder clinic in Korvath. Officials blamed the alleged air strike on "
                   "Ardenian warplanes.", "Korvath Post")
    assert conflicts(careful) == []


def drifts(*articles):
    by_id = {a.id: a for a in articles}
    return trace_story(Story("s", "test", tuple(by_id)), by_id).drifts


def test_who_did_it_stated_as_fact_where_the_first_report_credited_it_is_attribution_lost(make, conflicts):
    first = make("Health officials said an Ardenian air strike hit the Saint Alder clinic on Tuesday, killing 40 people.",
                 "Korvath Post", published="2025-03-04")
    stated = make("Ardenian warplanes have struck the Saint Alder clinic in Korvath.", "Blog of the Day",
                  published="2025-03-05")
    (drift,) = [d for d in drifts(first, stated) if d.span.article == stated.id]
    assert drift.types == ("ATTRIBUTION_LOST",) and drift.span.text == "Ardenian warplanes have struck"
    assert drift.origin.article == first.id and "Health officials" in drift.explanation
    # in quotation marks the words are a witness's, not the article's own statement
    quoted = make("“Ardenian warplanes have struck the Saint Alder clinic,” one witness told reporters.", "Blog of the Day",
                  published="2025-03-05")
    assert [d for d in drifts(first, quoted) if d.span.article == quoted.id] == []
    # a quotation running over two sentences: the second is still the witness's
    longer = make("One witness spoke to reporters. “We saw it all. Ardenian warplanes have struck the Saint Alder clinic.”",
                  "Blog of the Day", published="2025-03-05")
    assert [d for d in drifts(first, longer) if d.span.article == longer.id] == []
