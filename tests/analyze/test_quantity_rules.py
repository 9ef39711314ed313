"""Issue 14's quantity rules, each on a sentence written for it: news readings, then science and unit notation."""
from __future__ import annotations

import pytest

from retold.intervals import as_stated, interval_label, stated_of


def test_a_counted_noun_never_comes_from_another_sentence(find):
    found = find("The column had more than 100 armoured vehicles. Officials later said there were no more than four.")
    bound = next(q for q in found if q.number.text == "four")
    assert (bound.counted, bound.high) == (None, 4.0)


def test_a_generic_noun_still_carries_the_count_across_sentences(find):
    found = find("Monitors counted 30 lorries on the road. The numbers were much higher, perhaps 400.")
    later = next(q for q in found if q.number.text == "400")
    assert later.counted == "lorries"


def test_ages_are_years_and_count_nobody(find):
    found = find("One van driver came from the coast. The dead were aged nine, eleven, two aged fifteen, 47, and 62.")
    ages = {q.number.text: (q.unit, q.counted) for q in found if q.unit == "year"}
    assert ages == {"nine": ("year", None), "eleven": ("year", None), "fifteen": ("year", None),
                    "47": ("year", None), "62": ("year", None)}
    two = next(q for q in found if q.number.text == "two")
    assert two.unit != "year"  # "two aged fifteen": two people, not an age


@pytest.mark.parametrize("text", [
    "Readers wrote back.\n1. Great reporting.\n2) I disagree with the editor.",
    "Readers wrote back. Comments: 1. Great reporting. 2. I disagree with the editor.",
])
def test_numbered_comment_lists_are_not_quantities(find, text):
    assert [q.span.text for q in find(text)] == []


def test_a_change_named_far_back_in_the_clause_is_two_figures_not_a_range(find):
    found = find("Divers found more bodies on Tuesday, raising the confirmed toll of the flood from fourteen to 31.")
    figures = [q for q in found if q.number.text in ("fourteen", "31")]
    assert [(q.low, q.high, q.kind, q.change) for q in figures] == [(14.0, 14.0, "point", True), (31.0, 31.0, "point", True)]


def test_a_span_of_days_is_a_date(find):
    assert [q.span.text for q in find("She won 4% in the September 25–27 harbour poll.")] == ["4%"]


def test_one_notation_for_an_interval_from_the_record_and_from_the_store(find):
    found = find("Nearly 40 people left, and all of the families in the valley lost their homes.")
    for quantity in found:
        stored = as_stated(quantity.low, quantity.high, quantity.low_inclusive, quantity.high_inclusive, quantity.kind,
                           [hedge.type for hedge in quantity.hedges])
        assert interval_label(stored) == interval_label(stated_of(quantity))
    labels = {q.span.text: interval_label(stated_of(q)) for q in found}
    assert labels["all of the families"] == "100%"
    assert labels["Nearly 40 people"].endswith("(nearly 40)")


@pytest.mark.parametrize("text", [
    "The method differs from earlier work in many ways and rests on several assumptions.",
    "All samples were dried, and most of the material was sieved.",
])
def test_vague_amounts_of_abstract_things_are_not_quantities(find, text):
    assert find(text) == []


def test_vague_amounts_of_people_and_vehicles_stay(find):
    found = find("Some Belgian sisters joined, and all of the trucks left at dawn.")
    assert {(q.counted, q.kind) for q in found} == {("Belgian sisters", "vague"), ("trucks", "proportion")}


def test_a_value_with_its_tolerance_is_one_range(find):
    found = find("The film had a modulus of 3.19 ± 0.10 GPa at 300±15 °C.")
    assert [(q.span.text, round(q.low, 2), round(q.high, 2), q.unit) for q in found] == [
        ("3.19 ± 0.10 GPa", 3.09, 3.29, "GPa"), ("300±15 °C", 285.0, 315.0, "°C")]


@pytest.mark.parametrize("text", [
    "Earlier studies (26,29,49) and reviews (4,35–38,44) agree.",
    "The effect was clear, F(3, 8.9) was large.",
    "Symptoms were scored 0 = never, 1 = rarely.",
    "Phases 3, 5, and 7 gave baselines.",
    "As the panels show (Fig. 5B, Figures 3I and 3J), the clone hSOX2-23 grew.",
])
def test_citations_statistics_codes_and_labels_are_not_quantities(find, text):
    assert [q.span.text for q in find(text) if q.number.text not in ("never", "rarely")] == []


@pytest.mark.parametrize("text, value, unit", [
    ("The cells ran at 12 mA g− 1 for an hour.", 12.0, "mA g−1"),
    ("I would like a gallon of cider.", 1.0, "gal"),
    ("A block holds 8x2^10 bits.", 8192.0, "bit"),
    ("The fine was 10 000 dollars.", 10000.0, "USD"),
    ("Last night it was -10C in the hills.", -10.0, "°C"),
    ("Temperatures reached 30C on Monday.", 30.0, "°C"),
    ("The probe melted at 573.15K.", 573.15, "K"),
    ("Bahco Adjustable Wrench 8\"", 8.0, "in"),
    ("The grid spacing is 2.1 pm.", 2.1, "pm"),
])
def test_unit_notations_read_their_value_and_unit(find, text, value, unit):
    found = find(text)
    assert [(q.low, q.unit) for q in found] == [(pytest.approx(value), unit)]


def test_an_isotope_is_not_degrees(find):
    assert [q.unit for q in find("The 14C dating of the shell was repeated.")] == []


def test_a_quoted_number_is_not_inches(find):
    found = find('He said "we counted 8" and left.')
    assert [q.unit for q in found] == [None]


def test_a_word_cut_off_at_the_end_of_an_excerpt_is_no_counted_noun(analyze):
    # a stored page excerpt that stops mid-word: "displac" is not what was counted
    (cut,) = analyze("Rescuers said hundreds of displac").quantities
    assert cut.counted is None and cut.unit is None
    (whole,) = analyze("Rescuers said hundreds of displaced people fled.").quantities
    assert whole.counted == "displaced people"


def test_a_multiplier_is_no_count_and_lends_no_counted_noun(analyze):
    article = analyze("Officials put the toll at 50, countering claims that 10 times that number were killed. "
                      "The port authority put the death toll at 500.")
    assert [(q.span.text, q.unit) for q in article.quantities] == [("50", None), ("500", None)]
    assert analyze("The new dam holds three times as much water as the old one.").quantities == []


@pytest.mark.parametrize("text", [
    "He was shot at roughly 2am local time (0100 UTC) on Friday.",
    "The plane landed at 1408 GMT.",
    "The mayor flew in on Harbour One, the council's helicopter.",
    "We are believers in the Four Opens.",
])
def test_clock_times_and_number_words_inside_names_are_no_quantities(find, text):
    assert find(text) == []


def test_a_number_word_opening_a_sentence_or_before_a_plain_noun_still_counts(find):
    assert [q.counted for q in find("Four people died. Officials said Two men were arrested.")] == ["people", "men"]


@pytest.mark.parametrize("text", [
    "On Wednesday, a magnitude 5.2 earthquake hit the island.",
    "A 6.1-magnitude quake struck at dawn.",
    "The quake had a magnitude of 7.0.",
])
def test_an_earthquakes_magnitude_measures_one_quake(find, text):
    (quantity,) = find(text)
    assert quantity.unit == "magnitude" and quantity.counted is None
