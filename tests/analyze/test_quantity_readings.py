"""Numbers on real news that are not counts, and counted things that a name, a modifier or a coordination hid."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "The depot is staffed 24/7 by volunteers from the town.",
    "The carrier flew its last 747s to the desert last spring.",
    "The council passed the budget 230-to-197 after a long night.",
    "The notice was posted at 2026-03-14T09:41:07 on the council's site.",
    "Nobody could say how many foreign volunteers stayed in the valley.",
])
def test_labels_tallies_timestamps_and_questions_are_not_quantities(find, text):
    assert [q.span.text for q in find(text)] == []


def test_a_count_coordinated_with_another_noun_counts_both(find):
    found = find("About 3,000 miners and their families left the valley by road.")
    assert [q.counted for q in found if q.counted] == ["miners and their families"]


@pytest.mark.parametrize("text, counted", [
    ("Hundreds of Northern Valley Defence Union (NVDU) volunteers marched on Sunday.", "volunteers"),
    ("Thousands of heavily-armed militia fighters crossed the bridge.", "militia fighters"),
])
def test_a_name_or_a_hyphenated_modifier_after_of_keeps_the_counted_noun(find, text, counted):
    found = find(text)
    assert [q.counted for q in found if q.counted] == [counted]


def test_a_change_from_one_figure_to_another_is_two_figures_not_a_range(find):
    found = find("The number of open shelters rose from fourteen to 31 in a week.")
    assert sorted((q.low, q.high) for q in found) == [(14.0, 14.0), (31.0, 31.0)]


def test_two_counts_joined_by_and_more_than_keep_their_own_bounds(find):
    found = find("The column had 13 lorries and more than 100 armed pickups, the monitors said.")
    readings = {q.counted: (q.low, q.high, q.kind) for q in found if q.counted}
    assert readings == {"lorries": (13.0, 13.0, "point"), "armed pickups": (100.0, None, "lower_bound")}


def test_two_nouns_each_with_its_own_number_are_counted_apart(find):
    found = find("The yard held 28 vans and 11 trailers on Friday.")
    assert sorted(q.counted for q in found) == ["trailers", "vans"]
