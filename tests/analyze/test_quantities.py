"""Quantities: intervals, hedges, units, counted nouns, vague amounts, proportions, exclusions, anaphora, links."""
from __future__ import annotations

import json

import pytest

from retold.analyze import quantities, sentences
from retold.model import Article, Attribution, Speaker


@pytest.fixture(scope="module")
def find(nlp):
    """find(text) -> the quantities of a text, with sentences filled and no attributions."""

    def run(text: str, attributions=()):
        article = Article(text=text)
        doc = nlp(text)
        article.sentences = sentences.run(article, doc)["sentences"]
        article.attributions = list(attributions)
        return quantities.run(article, doc)["quantities"]

    return run


def one(found, number_text):
    """The quantity whose number words are `number_text`."""
    hits = [q for q in found if q.number.text == number_text]
    assert len(hits) == 1, [(q.number.text, q.span.text) for q in found]
    return hits[0]


def interval(q):
    return (q.low, q.high, q.low_inclusive, q.high_inclusive, q.kind)


def test_points_with_number_words_and_units(find):
    found = find("The road was six kilometres long, two thousand cars used it and the bridge cost 1.5 million dollars.")
    assert interval(one(found, "six")) == (6.0, 6.0, True, True, "point") and one(found, "six").unit == "km"
    assert one(found, "two thousand").low == 2000.0 and one(found, "two thousand").unit == "car"
    money = one(found, "1.5 million")
    assert money.low == 1_500_000 and money.unit == "USD"


def test_digits_with_thousands_separators_and_currency_symbols(find):
    found = find("Donors gave $4,000 and €10M, while 4,500 volunteers helped.")
    assert one(found, "4,000").unit == "USD" and one(found, "4,000").low == 4000
    assert one(found, "10").low == 10_000_000 and one(found, "10").unit == "EUR"
    assert one(found, "4,500").unit == "person"


def test_ranges(find):
    found = find("The fire spread 6-7 km. Between 5 and 10 people fled. Another 20 to 30 families left, and 5 or 6 trucks burned.")
    assert interval(one(found, "6-7")) == (6.0, 7.0, True, True, "range") and one(found, "6-7").unit == "km"
    between = one(found, "5 and 10")
    assert interval(between) == (5.0, 10.0, True, True, "range") and between.span.text.startswith("Between")
    assert interval(one(found, "20 to 30"))[:2] == (20.0, 30.0) and one(found, "20 to 30").counted == "families"
    assert interval(one(found, "5 or 6"))[:2] == (5.0, 6.0) and one(found, "5 or 6").unit == "truck"


def test_change_from_to_is_two_figures(find):
    found = find("Unemployment rose from 5% to 9% last year.")
    assert [(q.low, q.unit) for q in found] == [(5.0, "%"), (9.0, "%")]


def test_lower_bounds(find):
    found = find("Over 100 vehicles left. At least 12 soldiers died. There were 30 or more boats and 50+ buses.")
    assert interval(one(found, "100")) == (100.0, None, False, False, "lower_bound")
    assert interval(one(found, "12")) == (12.0, None, True, False, "lower_bound")
    assert one(found, "30").kind == "lower_bound" and one(found, "30").hedges[0].span.text == "or more"
    assert one(found, "50").kind == "lower_bound"
    assert [h.type for h in one(found, "100").hedges] == ["lower_bound"]


def test_upper_bounds_and_epistemic_hedges(find):
    found = find("Up to 300 migrants crossed. Fewer than 20 children stayed. The crowd was perhaps as high as 4000.")
    assert interval(one(found, "300")) == (None, 300.0, False, True, "upper_bound")
    assert interval(one(found, "20")) == (None, 20.0, False, False, "upper_bound")
    crowd = one(found, "4000")
    assert interval(crowd) == (None, 4000.0, False, True, "upper_bound")
    assert [(h.span.text, h.type) for h in crowd.hedges] == [("perhaps", "epistemic"), ("as high as", "upper_bound")]


def test_approximators_keep_the_point_and_nearly_bounds_it(find):
    found = find("About 40 people were rescued, roughly 15 were hurt and nearly 50 soldiers died.")
    about = one(found, "40")
    assert interval(about) == (40.0, 40.0, True, True, "point") and about.hedges[0].type == "approximator"
    assert one(found, "15").hedges[0].span.text == "roughly"
    nearly = one(found, "50")
    assert interval(nearly) == (None, 50.0, False, False, "upper_bound") and nearly.hedges[0].type == "approximator"


def test_minimisers(find):
    found = find("Only a few dozen fighters stayed, and just 3 buses came.")
    dozen = one(found, "a few dozen")
    assert dozen.span.text == "Only a few dozen fighters" and dozen.hedges[0].type == "minimiser"
    assert one(found, "3").hedges[0].span.text == "just"


def test_vague_multiples_follow_the_seed_conventions(find):
    found = find(
        "Dozens of soldiers and hundreds of refugees came; thousands of residents and tens of thousands of "
        "visitors followed. Many hundreds of pilgrims and several dozen reporters waited."
    )
    assert interval(one(found, "Dozens"))[:2] == (24.0, 99.0)
    assert interval(one(found, "hundreds"))[:2] == (200.0, 999.0)
    assert interval(one(found, "thousands"))[:2] == (2000.0, 9999.0)
    assert interval(one(found, "tens of thousands"))[:2] == (20000.0, 99999.0)
    assert interval(one(found, "Many hundreds"))[:2] == (200.0, 999.0)
    assert interval(one(found, "several dozen"))[:2] == (36.0, 108.0)
    assert all(q.kind == "vague" and q.unit == "person" for q in found)


def test_a_dozen_is_twelve_and_a_few_dozen_is_24_to_60(find):
    found = find("A dozen eggs broke and a few dozen guards watched.")
    assert interval(one(found, "A dozen"))[:2] == (12.0, 12.0)
    assert interval(one(found, "a few dozen"))[:3] == (24.0, 60.0, True)


def test_determiner_quantifiers_need_a_plural_noun(find):
    found = find("Some French brothers left, a handful of officials spoke and several journalists waited. Some time passed.")
    assert interval(one(found, "Some"))[:2] == (2.0, None) and one(found, "Some").counted == "French brothers"
    assert interval(one(found, "a handful of"))[:2] == (2.0, 5.0)
    assert interval(one(found, "several"))[:2] == (3.0, 9.0)
    assert len(found) == 3  # "Some time" is no count


def test_some_before_a_number_is_an_approximator(find):
    q = one(find("Some 400 refugees arrived."), "400")
    assert q.low == q.high == 400.0 and q.hedges[0].type == "approximator"


def test_vague_durations(find):
    found = find("After months of fighting, the town fell. They waited for years. Two months later it rained.")
    months = one(found, "months")
    assert interval(months)[:2] == (2.0, 11.0) and months.unit == "month" and months.kind == "vague"
    assert interval(one(found, "years"))[:2] == (2.0, None)
    assert one(found, "Two").unit == "month" and one(found, "Two").low == 2.0


def test_proportions(find):
    found = find(
        "They took all of their foreign fighters. Half of the town was flooded. Most of the protesters were students. "
        "None of the hostages were freed. It was the most important day of all."
    )
    everyone = one(found, "all")
    assert interval(everyone) == (1.0, 1.0, True, True, "proportion") and everyone.counted == "foreign fighters"
    assert one(found, "Half").low == 0.5 and one(found, "Half").counted == "town"
    assert interval(one(found, "Most")) == (0.5, 1.0, False, True, "proportion")
    assert one(found, "None").high == 0.0
    assert len(found) == 4


def test_percentages_keep_the_number_with_unit_percent(find):
    found = find("Turnout was 40% and up to 25 percent of voters stayed home.")
    assert interval(one(found, "40")) == (40.0, 40.0, True, True, "point") and one(found, "40").unit == "%"
    assert one(found, "25").unit == "%" and one(found, "25").kind == "upper_bound"


def test_science_units(find):
    found = find("Samples got 300 mg/L of chlorine at 25 °C for 12 h, then 5 mL of water; grains were 20 μm wide.")
    assert {q.number.text: q.unit for q in found} == {"300": "mg/L", "25": "°C", "12": "h", "5": "mL", "20": "μm"}
    assert one(found, "300").counted == "chlorine"


def test_counted_nouns_normalise_units(find):
    found = find("The convoy had 50 trucks, 13 buses and over 100 of the group's own vehicles, carrying 70 civilians.")
    assert [(q.number.text, q.unit, q.counted) for q in found] == [
        ("50", "truck", "trucks"),
        ("13", "bus", "buses"),
        ("100", "vehicle", "vehicles"),
        ("70", "person", "civilians"),
    ]
    assert one(found, "100").span.text == "over 100 of the group's own vehicles"


def test_thousands_of_family_members_counts_people(find):
    q = one(find("The deal let thousands of family members leave."), "thousands")
    assert q.counted == "family members" and q.unit == "person" and q.counted_span.text == "family members"


def test_model_names_are_not_quantities(find):
    found = find("A fighter threatened him with her AK-47. Two F-16 jets and a Boeing 737 flew past, and COVID-19 spread.")
    assert not any("47" in q.span.text or "737" in q.span.text or "16" in q.number.text or "19" in q.span.text for q in found)


def test_dates_years_times_and_phone_numbers_are_not_quantities(find):
    found = find(
        "On Nov. 13, 2017 at 10:30 pm, in the 1990s style of 2019, officials met on 5 March. "
        "Call 555-123-4567 or read Section 3 of the report. The 21st century brought 4G phones."
    )
    assert found == []


def test_years_before_a_plural_noun_are_counts(find):
    assert one(find("The march drew 2000 people."), "2000").unit == "person"


def test_scores_are_not_counts(find):
    assert find("The home team won 3-2 on Sunday.") == []


def test_one_as_a_pronoun_is_not_a_count(find):
    found = find("One of the victims said only one person died.")
    assert [q.number.text for q in found] == ["one"] and found[0].counted == "person"


def test_generic_nouns_inherit_the_counted_noun(find):
    found = find(
        "The ministry said a few dozen ISIS fighters would leave. But the numbers were much higher, perhaps as high as 4000."
    )
    later = one(found, "4000")
    assert later.counted == "ISIS fighters" and later.unit == "person" and later.counted_span.text == "numbers"


def test_measurements_do_not_lend_their_unit_to_a_later_count(find):
    found = find("The convoy was six kilometres long. The toll was 200.")
    assert one(found, "200").unit is None and one(found, "200").counted is None


def test_ids_follow_text_order_and_sentences_are_linked(find):
    found = find("First came 5 trucks. Then 7 buses arrived, and 9 cars.")
    assert [q.id for q in found] == ["Q1", "Q2", "Q3"]
    assert [q.sentence for q in found] == ["S1", "S2", "S2"]


def test_quantity_is_linked_to_the_innermost_attribution(find):
    text = "Police said that witnesses claimed 40 people died."
    outer = text.index("that witnesses")
    inner = text.index("40 people")
    article = Article(text=text)
    attributions = [
        Attribution("A1", "indirect", "assert", Speaker(None, "Police"), article.span(7, 11), article.span(outer, len(text) - 1)),
        Attribution("A2", "indirect", "assert", Speaker(None, "witnesses"), article.span(26, 33), article.span(inner, len(text) - 1)),
    ]
    found = find(text, attributions)
    assert found[0].attribution == "A2"
    assert find("Nobody said that 40 people died.")[0].attribution is None


def test_records_are_checked_spans(find):
    text = "Roughly 1,200 residents – about half of the village – fled 6-7 km."
    for q in find(text):
        for span in (q.span, q.number, q.counted_span, *(h.span for h in q.hedges)):
            if span is not None:
                assert text[span.start : span.end] == span.text
        json.dumps(q.to_json())


def test_seed_quantities(shared_dir, analyze):
    """The founding example: every gold quantity with its interval and counted noun, nothing on the AK-47."""
    gold = json.loads((shared_dir / "seed" / "raqqa.gold.json").read_text(encoding="utf-8"))
    text = (shared_dir / "seed" / "raqqa.txt").read_text(encoding="utf-8")
    from retold.analyze.pipeline import load_spacy

    doc = load_spacy()(text)
    article = Article(text=text)
    article.sentences = sentences.run(article, doc)["sentences"]
    found = quantities.run(article, doc)["quantities"]
    extra = 0
    for q in found:
        if not any(g["start"] < q.span.end and q.span.start < g["end"] for g in gold["quantities"] if g["is_quantity"]):
            extra += 1
    for g in gold["quantities"]:
        number = g["number_span"]
        hits = [q for q in found if q.span.start < number["end"] and number["start"] < q.span.end]
        if not g["is_quantity"]:
            assert hits == [], f"{g['text']} is not a quantity"
            continue
        value = g["value"]
        low = value.get("point", value.get("min"))
        high = value.get("point", value.get("max"))
        if value["kind"] == "upper_bound":
            low = None
        if value["kind"] == "lower_bound":
            high = None
        head = g["text"].split()[-1].lower().rstrip("s")
        assert any(
            (low is None or q.low == pytest.approx(low))
            and (high is None or q.high == pytest.approx(high))
            and (head in f"{q.counted} {q.unit}".lower() or (value.get("unit") or "-") in f"{q.unit}")
            for q in hits
        ), (g["text"], [(q.span.text, q.low, q.high, q.counted, q.unit) for q in hits])
    assert extra <= 2


def test_and_more_than_opens_the_next_figure_and_does_not_bound_the_first(find):
    found = find("The convoy had 13 buses and more than 100 ISIS vehicles. About 50 trucks or more waited at the border.")
    assert interval(one(found, "13")) == (13.0, 13.0, True, True, "point")
    assert one(found, "100").kind == "lower_bound" and one(found, "100").low == 100.0
    assert one(found, "50").kind == "lower_bound"  # "or more" after a figure still bounds it
