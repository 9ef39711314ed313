"""Whose voice a figure is in: an attribution around it, or a source its own phrase names."""
from __future__ import annotations


def test_a_figure_whose_own_phrase_names_its_source_is_credited_to_it():
    from retold.analyze.voices import figure_owner

    def owner(before: str) -> str | None:
        return figure_owner(before + "500", len(before))

    assert owner("outlets were chided for reporting the Velmora Front toll of ") == "Velmora Front"
    assert owner("The Health Ministry’s figure of ") == "Health Ministry"
    assert owner("The toll of ") is None
    assert owner("An initial count of ") is None
    assert owner("On the night of the fire, Lorvik's harbour authority put the death toll at ") == "Lorvik's harbour authority"
    assert owner("the council said, and a port official put the toll at ") == "port official"
    assert owner("Medics said the depot had been hit, and put the death toll at ") is None


def test_an_estimates_owner_is_the_voice_of_its_figure_in_the_article(analyze):
    article = analyze("On the night of the fire, the Lorvik harbour authority put the death toll at 40. "
                      "Rescuers said 12 people died in the fire.")
    from retold.analyze.voices import voice_at

    toll = next(q for q in article.quantities if q.number.text == "40")
    assert voice_at(article, toll.span, toll.attribution)[0] == "Lorvik harbour authority"


def test_an_attribution_without_a_speaker_leaves_the_figure_to_its_owner(analyze):
    from retold.analyze.voices import voice_at

    article = analyze("Outlets were also chided for reporting the Velmora Front toll of 500 as credible.")
    (toll,) = article.quantities
    assert voice_at(article, toll.span, toll.attribution)[0] == "Velmora Front"
