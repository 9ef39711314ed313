"""Quantities: numbers and vague amounts as intervals, with unit, what is counted and the hedges around them.

Conventions (the interval is what the words commit the speaker to):
- point: "50 trucks" = [50, 50]. Approximators that set no bound ("about", "around", "roughly", "some 400")
  keep the point and are recorded as hedges; "nearly"/"almost"/"close to" 50 = (None, 50) exclusive, kind
  upper_bound, hedge type approximator; "just over" 50 = (50, None) exclusive, kind lower_bound.
- bounds: "over/more than/above" n = (n, None) exclusive; "at least"/"n or more"/"n+" = [n, None);
  "up to/as high as/as many as/at most/no more than" n = (None, n]; "under/less than/fewer than/below" n = (None, n).
  Epistemic hedges ("perhaps", "an estimated", "may be") and minimisers ("only", "just", "a mere") leave the
  interval alone: "perhaps as high as 4000" = (None, 4000], kind upper_bound, two hedges.
- tallies: "an electoral count of 359 to 179", "50.1 to 42.9 percent" (the larger first, no "from") are two figures.
  Rates: "seven per 100,000 people" (both figures) count nothing (modifier set). "pounds" in a sentence of money
  and of no weight is GBP.
- ranges: "6-7 km", "5 to 10", "5 or 6", "between 5 and 10" = [low, high], kind range; "3.19 ± 0.10 GPa" = [3.09, 3.29].
  "from 14 to 31" after a verb of change anywhere earlier in its clause ("raising the toll from 14 to 31") is a change,
  not a range: two point mentions, both with change set, the first the figure before and the second the figure after.
- ages: a number after "aged"/"ages of" (and the list that goes on from it) has the unit "year" and counts nothing.
- vague multiples (kind vague): a plural multiple runs from two of it to just below the next power of ten
  (dozens 24-99, scores 40-99, hundreds 200-999, thousands 2000-9999, tens of thousands 20000-99999,
  millions 2e6-9999999); "many hundreds" = hundreds; "a few"/"a handful of" = 2-5 of the multiple
  ("a few dozen" 24-60), "several" = 3-9, "a couple of" = 2-3; "a dozen" is the point 12, "a baker's dozen" 13, "a gross" (the noun) 144.
- determiners before a plural noun (kind vague): "a few" 2-5, "several" 3-9, "a couple of" 2-3,
  "some/many/numerous/multiple/a number of" [2, None). These, and all/most/the majority, count only people, vehicles
  and the concrete things news counts (units.CONCRETE_NOUNS) or durations: "many ways", "all samples" are no figure.
- bare plural durations after "for/after/within/over" or before "of/ago" (kind vague): months 2-11 (the seed
  convention), then the same rule: seconds/minutes 2-59, hours 2-23, days 2-6, weeks 2-4, decades 2-9, years 2-None.
- proportions (kind proportion, unit "fraction", values in [0, 1]): all 1.0, none 0.0, half 0.5, a third,
  a quarter...; most/the majority (0.5, 1.0]; a minority (0, 0.5). Percentages keep their number and take the
  unit "%" ("40%" = [40, 40], kind point), so they read like any other measurement and bounds apply to them.
- units: measurement units are normalised to symbols (km, kg, mL, °C, %, h, day, month, year...), currencies
  to ISO codes (USD, EUR, GBP); a counted noun gives the unit: people-like nouns -> "person", any other
  noun -> its lemma ("truck", "bus", "vehicle"). `counted` is the noun with its restricting modifiers
  ("foreign fighters", "family members"), leaving out possessors, determiners and "own/other/more".
- anaphora: a quantity with no counted noun and no measurement unit takes counted and unit from the latest
  earlier countable quantity when a generic noun ("the numbers", "the figure", "the toll") precedes it in its
  sentence (counted_span is then the generic noun) or when that quantity is in the same sentence: without a generic
  noun a counted noun never comes from another sentence ("... 100 vehicles. No more than four." counts nothing).
- frames (frame.py): each figure records the event it is an argument of, normalised to one family ("died",
  "deaths", "the toll" -> killed; "wounded", "injuries" -> injured), the year or date its clause is tied to, whether
  it is presented as a change ("rose to 31", "up from 12", "twelve more"), whether it only modifies a noun
  ("ten-storey building", "per 100,000 people": no counted thing, never an antecedent) and the words that make it a
  subset ("of the trucks", "of them", "in Greece"). A figure that takes its counted noun from a generic noun
  ("the numbers") takes the earlier figure's event too.
- not quantities: years (a bare 1000-2099 unless a plural noun follows), dates, times, decades, phone numbers,
  numbers glued to letters (AK-47, F-16, 21st, 4G, hSOX2-23, Fig. 5B), numbers after a naming word (Section 3, Flight
  370) or a proper noun (Boeing 737), numbers inside product/organisation/place names (and the same word and number
  wherever the article repeats a title-case name: "the Lost 52 Project" ... "Lost 52 sailed"), slogans ('the "one
  country, two systems" model'), idioms ("one thing I would say"), numbered list items ("1. Great
  article"), codes on a scale ("0 = never"), citation lists ("(26,29,49)") and degrees of freedom ("F(3, 8.9)").
"""
from __future__ import annotations

from retold.analyze.quantities.extract import run

__all__ = ["run"]
