"""Issue 14, last mile: names, slogans, rates, tallies, sterling and idioms in news text, each on a sentence written here."""
from __future__ import annotations

import pytest


def _by_number(found) -> dict[str, object]:
    return {q.number.text: q for q in found}


def test_a_number_named_once_in_a_title_is_a_name_wherever_the_article_repeats_it(find):
    found = find("The Deep 40 Survey mapped the reef last spring. Deep 40 returned to the harbour on Friday.")
    assert [q.number.text for q in found] == []


def test_a_capital_either_side_of_a_count_does_not_make_it_a_name(find):
    found = find("On Monday 12 Palestinians were wounded near the crossing.")
    assert [q.number.text for q in found] == ["12"]


def test_a_quoted_slogan_that_labels_a_noun_counts_nothing(find):
    found = find('The island has been run under the "one island, two flags" model since the treaty.')
    assert found == []


def test_a_slogan_named_as_a_principle_counts_nothing_but_a_list_of_counts_still_does(find):
    assert find("The court cited the principle of one state, two systems in its ruling.") == []
    found = find("The family keeps one goat, two dogs and a cat.")
    assert [(q.number.text, q.counted) for q in found] == [("one", "goat"), ("two", "dogs")]


@pytest.mark.parametrize("text, numbers", [
    ("The fever kills about one per 250,000 residents each year.", ["250,000"]),
    ("The lowest rate was four per 50,000 children.", ["four", "50,000"]),
])
def test_a_written_rate_is_no_count_of_what_its_base_names(find, text, numbers):
    found = find(text)
    assert [q.number.text for q in found] == numbers
    assert all(q.modifier for q in found)


def test_a_count_beside_a_rate_is_still_a_count(find):
    found = find("The clinic treated 300 patients, and the region sees nine cases a week.")
    patients = _by_number(found)["300"]
    assert (patients.counted, patients.modifier) == ("patients", False)


@pytest.mark.parametrize("text", [
    "One thing the minister made clear was that the ferry would sail.",
    "If there is one thing voters remember, it is the debate.",
])
def test_one_thing_is_a_manner_of_speaking_not_a_figure(find, text):
    assert find(text) == []


def test_a_participle_before_a_plural_noun_is_part_of_what_is_counted(find):
    found = find("The governor has collected 1,342 pledged delegates so far.")
    assert (found[0].number.text, found[0].counted) == ("1,342", "pledged delegates")


def test_pounds_in_a_sentence_of_money_are_sterling(find):
    found = find("The bakery chain reported a 31 million pounds operating loss on a 400 million pounds turnover.")
    assert [q.unit for q in found] == ["GBP", "GBP"]


@pytest.mark.parametrize("text", [
    "Farmers sold 3 million pounds of apples last year.",
    "The parcel, worth $5,000, weighed 40 pounds.",
    "He paid $12 for a twenty-pound sack of flour.",
])
def test_pounds_that_weigh_stay_pounds(find, text):
    weights = [q for q in find(text) if q.unit in ("lb", "GBP")]
    assert [q.unit for q in weights] == ["lb"]


def test_a_tally_with_the_larger_side_first_is_two_figures_not_a_range(find):
    found = find("Forecasters give the challenger an electoral count of 312 to 226.")
    assert [(q.number.text, q.kind) for q in found] == [("312", "point"), ("226", "point")]


def test_a_poll_lead_in_percent_gives_both_sides_the_unit(find):
    found = find("The survey showed the mayor ahead of her rival, 48.5 to 39.2 percent.")
    assert [(q.number.text, q.unit, q.kind) for q in found] == [("48.5", "%", "point"), ("39.2", "%", "point")]


def test_a_range_still_runs_from_its_low_end_and_negative_figures_by_magnitude(find):
    found = find("Night temperatures fell to between -4 and -9 °C, and the lake froze 2 to 6 cm deep; readings of −2.5 to −3.1 °C followed.")
    ranges = [(q.low, q.high) for q in found if q.kind == "range"]
    assert (2.0, 6.0) in ranges and (-3.1, -2.5) in ranges


def test_between_the_ages_of_two_figures_is_one_range_of_years(find):
    found = find("Among voters between the ages of 18 and 24, turnout rose.")
    ages = [q for q in found if q.unit == "year"]
    assert [(q.low, q.high, q.kind) for q in ages] == [(18.0, 24.0, "range")]


@pytest.mark.parametrize("text, value, counted", [
    ("The stationer ordered a gross of pencils for the new term.", 144.0, "pencils"),
    ("The baker added a baker's dozen of buns to the order.", 13.0, "buns"),
])
def test_a_gross_and_a_bakers_dozen_are_counts(find, text, value, counted):
    found = find(text)
    assert [(q.low, q.counted) for q in found] == [(value, counted)]


def test_gross_as_an_adjective_is_no_count(find):
    assert find("The inquiry called it a gross failure of oversight.") == []


@pytest.mark.parametrize("text, unit", [
    ("A blast killed 12 people at the depot, and several others were injured.", "person"),
    ("Several others were injured when the roof fell.", "person"),  # with nothing counted before, others are people
    ("Three cars burned at the depot and two others were damaged.", "other"),  # others of another thing keep their word
])
def test_others_count_what_their_sentence_counted_before_them(find, text, unit):
    others = [q for q in find(text) if "other" in q.span.text.lower() or q.number.text.lower() in ("several", "two")][-1]
    assert (others.unit or "person") == unit
