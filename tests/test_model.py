"""The Article model: spans are checked, and the JSON round trip loses nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from retold.model import Article, Span, SpanError, article_from_json

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "port-delmar-fire.txt"


def test_a_span_outside_the_text_is_refused():
    with pytest.raises(SpanError):
        Article(text="short").span(2, 10)
    with pytest.raises(SpanError):
        Span(0, 3, "ab")


def test_json_round_trip_of_an_analysed_article(analyze):
    article = analyze(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE), outlet="Delmar Courier")
    data = json.loads(json.dumps(article.to_json()))
    rebuilt = article_from_json(data)
    assert rebuilt.to_json() == article.to_json()
    assert rebuilt.id == article.id


def test_json_whose_text_disagrees_with_its_offsets_is_refused(analyze):
    data = analyze("The mayor said 40 homes burned.").to_json()
    data["quantities"][0]["text"] = "something else"
    with pytest.raises(SpanError):
        article_from_json(data)


def test_prose_quotes_a_direct_quote_once():
    from retold.wording import unquoted

    assert unquoted("“The pier is safe.”") == "The pier is safe."
    assert unquoted("''The pier is safe''") == "The pier is safe"
    assert unquoted("the pier is safe") == "the pier is safe"
    # two quotes with the tag between them are not one enclosed span
    assert unquoted("“The pier,” she said, “is safe.”") == "“The pier,” she said, “is safe.”"



def test_a_reader_is_shown_the_quoted_parts_not_the_tag_between_them(analyze):
    from retold.model import said_words

    article = analyze("“The pier is safe,” says Tomas Berg, the city engineer. “We checked every bolt.”")
    shown = [said_words(a) for a in article.attributions if a.content_parts]
    assert shown == ["“The pier is safe,” … “We checked every bolt.”"]
