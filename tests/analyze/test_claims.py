"""Claims: the author's judgements are typed opinion, prediction or question; sources' words are theirs."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The council's shameful handling of the flood angered residents.", "opinion"),
        ("The bridge may have collapsed because of poor maintenance.", "opinion"),
        ("The closure was really about protecting the mayor's allies.", "opinion"),
        ("The river will keep rising until the dam is repaired.", "prediction"),
        ("How long can the town afford this?", "question"),
        ("The council said that the so-called “temporary” closure would end in May.", "opinion"),
    ],
)
def test_author_judgements(analyze, sentence, expected):
    article = analyze(sentence)
    assert expected in {c.type for c in article.claims if c.speaker == "author"}


def test_plain_report_is_an_event_or_quantity_not_an_opinion(analyze):
    article = analyze("Workers repaired 12 pumps at the station on Monday.")
    types = {c.type for c in article.claims}
    assert types & {"quantity", "event"} and not types & {"opinion", "prediction", "question"}


def test_judgement_inside_a_direct_quote_belongs_to_the_speaker(analyze):
    article = analyze('"This is a shameful, reckless decision," said Tom Reyes, the union leader.')
    assert not [c for c in article.claims if c.speaker == "author" and c.type == "opinion"]
    assert [c for c in article.claims if c.type == "quote"]


def test_boilerplate_is_not_a_claim(analyze):
    article = analyze("The port reopened on Monday.\n\nPhoto courtesy of the harbour office\n\nClick here to subscribe.")
    assert all("Photo" not in c.span.text and "subscribe" not in c.span.text for c in article.claims)


def test_denial_claims_and_scores(analyze):
    article = analyze("The ministry denied that 300 soldiers had crossed the border.")
    (denial,) = [c for c in article.claims if c.type == "denial"]
    assert 0.0 <= denial.score <= 1.0 and denial.speaker != "author"


def test_claim_scores_come_from_the_checkworthiness_model(analyze):
    article = analyze(
        "Unemployment fell to 3.5 percent in 2019, the lowest rate since 1969. "
        "We are so happy to be here with all of you tonight."
    )
    scores = {c.span.text.split()[0]: c.score for c in article.claims if c.speaker == "author"}
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert scores["Unemployment"] > 0.5 > scores["We"]
