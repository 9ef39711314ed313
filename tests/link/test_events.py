"""Event anchors: the day and places a lead gives, so two events of one kind are two stories (texts written here)."""
from __future__ import annotations

import re

from retold.link.events import EventAnchor, different_events, event_anchor, resolve_day
from retold.link.stories import cluster_stories
from retold.model import Article, Entity, Sentence


def make(text: str, published: str, names: list[tuple[str, str]], number: int) -> Article:
    article = Article(text, source=f"test/events/{number}", outlet="Valley Wire", published=published)
    for index, match in enumerate(re.finditer(r"[^.]+\.\s*", text)):
        article.sentences.append(Sentence(f"S{index}", article.span(match.start(), match.end()), 0))
    for name, label in names:
        for match in re.finditer(re.escape(name), text):
            article.entities.append(Entity(article.span(match.start(), match.end()), label))
    return article


# Two primaries a week apart: the same candidates, the same delegate rules, other states and days.
PRIMARIES = [
    ("On Saturday, Senator Mara Quell won the Ostland Party primary in North Varden with 41 percent of the vote. "
     "Quell now leads Governor Piet Arno in delegates; a candidate needs 1,200 delegates to win the Ostland Party "
     "nomination at the national convention in July.", "2030-02-24",
     [("Saturday", "DATE"), ("Mara Quell", "PERSON"), ("North Varden", "GPE"), ("Piet Arno", "PERSON"), ("July", "DATE")]),
    ("On Saturday, Governor Piet Arno won the Ostland Party primary in South Varden with 48 percent of the vote. "
     "Arno now trails Senator Mara Quell in delegates; a candidate needs 1,200 delegates to win the Ostland Party "
     "nomination at the national convention in July.", "2030-03-02",
     [("Saturday", "DATE"), ("Piet Arno", "PERSON"), ("South Varden", "GPE"), ("Mara Quell", "PERSON"), ("July", "DATE")]),
    ("Yesterday, Senator Mara Quell thanked volunteers in North Varden after her Ostland Party primary win. Quell "
     "said the delegates she won in North Varden would carry her to the nomination in July.", "2030-02-24",
     [("Yesterday", "DATE"), ("Mara Quell", "PERSON"), ("North Varden", "GPE"), ("July", "DATE")]),
]


def test_a_lead_day_is_resolved_against_the_publication_date() -> None:
    assert resolve_day("On Saturday", "2030-03-02") == "2030-03-02"  # 2 March 2030 is a Saturday
    assert resolve_day("Saturday", "2030-03-04") == "2030-03-02"
    assert resolve_day("Yesterday", "2030-02-24") == "2030-02-23"
    assert resolve_day("October 17", "2030-11-01") == "2030-10-17"
    assert resolve_day("17 October 2029", "2030-11-01") == "2029-10-17"
    assert resolve_day("Saturday", None) is None


def test_two_primaries_of_one_kind_are_two_stories_and_a_follow_up_joins_its_own() -> None:
    articles = [make(text, date, names, n) for n, (text, date, names) in enumerate(PRIMARIES)]
    anchors = [event_anchor(a) for a in articles]
    assert anchors[0] == EventAnchor("2030-02-23", frozenset({"north varden"}))
    assert different_events(anchors[0], anchors[1])
    assert not different_events(anchors[0], anchors[2])  # the follow-up names the same place the same day
    stories = cluster_stories(articles)
    story_of = {article_id: story.id for story in stories for article_id in story.articles}
    assert story_of[articles[0].id] == story_of[articles[2].id] != story_of[articles[1].id]


def test_a_follow_up_that_gives_no_day_or_place_in_its_lead_is_not_kept_apart() -> None:
    early = EventAnchor("2030-10-17", frozenset({"port helm"}))
    assert not different_events(early, EventAnchor(None, frozenset({"geneva"})))
    assert not different_events(early, EventAnchor("2030-11-20", frozenset()))
    # the same scene weeks later (an inquiry's findings about the same blast) is the same event's storyline
    assert not different_events(early, EventAnchor("2030-11-20", frozenset({"port helm"})))
    # a country named beside the scene in both leads is a container, not the scene
    assert different_events(EventAnchor("2030-02-01", frozenset({"ostland", "north varden"})),
                            EventAnchor("2030-02-20", frozenset({"ostland", "south varden"})))
