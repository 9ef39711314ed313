"""None against some of one thing named in the same words, across two articles of a story."""
from __future__ import annotations

from retold.link.degrees import degree_conflicts, degrees
from retold.model import Article, Sentence


def article(text: str, published: str = "2025-03-05") -> Article:
    # one sentence per line is all these rules read
    result = Article(text, published=published)
    start = 0
    for index, line in enumerate(text.split("\n")):
        result.sentences.append(Sentence(f"S{index + 1}", result.span(start, start + len(line)), index))
        start += len(line) + 1
    return result


def test_no_damage_against_only_light_damage_of_the_same_thing_is_a_conflict():
    none = article("Engineers found there was no structural damage to the clinic.")
    some = article("A report said there was only light structural damage at the clinic.")
    (conflict,) = degree_conflicts("s", {none.id: none, some.id: some})
    assert conflict.kind == "degree"
    assert conflict.a.article == some.id and conflict.b.article == none.id
    assert "no structural damage" in conflict.explanation and "only light structural damage" in conflict.explanation


def test_other_things_and_function_words_make_no_conflict():
    none = article("There were no details on the blast.\nThe army said there was no structural damage.")
    some = article("Heavy casualties at the clinic were reported.\nThere was light damage to the roof.")
    assert degree_conflicts("s", {none.id: none, some.id: some}) == []
    assert [d.thing for d in degrees(none)] == ["structural damage"]


def test_an_article_that_says_both_does_not_stand_for_either_side():
    both = article("There was no structural damage, one report said.\nAnother found light structural damage.")
    some = article("Inspectors saw light structural damage.")
    assert degree_conflicts("s", {both.id: both, some.id: some}) == []
