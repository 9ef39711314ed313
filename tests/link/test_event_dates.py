"""When it happened: an article giving another day for the story's event than the others is a conflict."""
from __future__ import annotations

import functools

import pytest

from retold.link.eventdates import event_days
from retold.link.model import Story
from retold.link.trace import trace_story

PLACES = frozenset({"clinic"})


ISSUED = "2025-03-05"  # a Wednesday: "Tuesday" in these reports is 2025-03-04


@pytest.fixture(scope="module")
def report(make):
    """An analysed report issued on ISSUED unless told otherwise."""
    return lambda text, outlet, published=ISSUED: make(text, outlet, published)


@pytest.fixture(scope="module")
def dates(story_conflicts):
    return functools.partial(story_conflicts, kind="date")


def test_a_weekday_is_read_from_the_publication_date_and_an_odd_day_conflicts_with_the_most_explicit(report, dates):
    # 2025-03-04 is a Tuesday; the articles appear on Wednesday 5 March
    first = report("An explosion hit the Saint Alder clinic in Korvath on Tuesday, killing 40 people.", "Korvath Post")
    second = report("The blast at the Saint Alder clinic on March 4, 2025 killed 40 people, the health office said.",
                  "Arden Herald")
    odd = report("The Saint Alder clinic in Korvath was hit by an air strike on Monday, March 3, killing 40 people.",
               "Blog of the Day")
    assert [d.iso for d in event_days(first, PLACES)] == ["2025-03-04"]
    (conflict,) = dates(first, second, odd)
    assert conflict.a.article == second.id and conflict.b.article == odd.id
    assert "Monday, March 3" in conflict.explanation and "March 4, 2025" in conflict.explanation
    assert dates(first, second) == []


def test_the_day_a_source_spoke_is_not_the_day_of_the_event(report, dates):
    said = report("The explosion at the Saint Alder clinic killed 40 people, officials said on Thursday.", "Korvath Post")
    assert event_days(said, PLACES) == []


def test_a_day_given_for_another_place_is_another_event(report, dates):
    other = report("An air strike on a school near the Saint Alder clinic on Monday killed six people.", "Korvath Post")
    assert event_days(other, PLACES) == []


def test_an_article_that_gives_two_days_itself_is_left_out(report, dates):
    first = report("An explosion hit the Saint Alder clinic in Korvath on Tuesday, killing 40 people.", "Korvath Post")
    second = report("An explosion hit the Saint Alder clinic on Tuesday. A second blast hit the clinic on Monday, "
                  "March 3.", "Arden Herald")
    assert dates(first, second) == []


def test_a_day_most_articles_do_not_give_is_a_changed_number_against_the_first_report(report, dates):
    first = report("An explosion hit the Saint Alder clinic in Korvath on Tuesday, killing 40 people.", "Korvath Post",
                 published="2025-03-04")
    second = report("The blast at the Saint Alder clinic on March 4, 2025 killed 40 people.", "Arden Herald")
    odd = report("The Saint Alder clinic in Korvath was hit by an air strike on Monday, March 3.", "Blog of the Day")
    by_id = {a.id: a for a in (first, second, odd)}
    (drift,) = [d for d in trace_story(Story("s", "test", tuple(by_id)), by_id).drifts if d.span.article == odd.id]
    assert drift.types == ("NUMBER_CHANGED",) and drift.span.text == "Monday, March 3"
    assert drift.origin.article == first.id and drift.origin.text == "Tuesday"
