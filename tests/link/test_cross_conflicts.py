"""Cross-article conflicts are about one quantity of one event, between incompatible sources, once per pair of claims."""
from __future__ import annotations

import pytest

from retold.link.alignment import named_source, outlet_mentioned, same_speaker


@pytest.fixture(scope="module")
def conflicts(story_conflicts):
    return story_conflicts


def test_killed_against_wounded_is_no_conflict(make, conflicts):
    first = make("A bus crashed near Lorvik on Sunday. Police said 12 people were killed in the crash.", "Lorvik Courier")
    second = make("A bus crashed near Lorvik on Sunday. Police said 40 people were wounded in the crash.", "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_a_figure_for_an_earlier_incident_is_no_conflict(make, conflicts):
    first = make("A bus crashed near Lorvik on Sunday. Police said 12 people died in the crash.", "Lorvik Courier")
    second = make("A bus crashed near Lorvik on Sunday. In 2019, a similar crash on the road killed 40 people.", "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_a_subset_is_no_rival_count(make, conflicts):
    first = make("Border guards at Tarn said ten trucks of weapons crossed the border on Monday.", "Lorvik Courier")
    second = make("Border guards at Tarn said fifty trucks crossed the border on Monday.", "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_a_toll_that_rose_is_an_update_not_a_conflict(make, conflicts):
    first = make("A fire swept through a depot in Lorvik. Officials said 12 people died in the fire.", "Lorvik Courier")
    second = make("A fire swept through a depot in Lorvik. The toll rose to 20 on Tuesday.", "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_two_sources_with_disjoint_tolls_of_one_event_conflict_once(make, conflicts):
    first = make("A fire swept through a depot in Lorvik. Police said 12 people died in the fire.", "Lorvik Courier")
    second = make("A fire swept through a depot in Lorvik. Hospital officials said 40 people died in the fire.", "Fjord Bulletin")
    (conflict,) = conflicts(first, second)
    assert {conflict.a.span.text, conflict.b.span.text} == {"12 people", "40 people"}


def test_the_same_two_figures_met_three_times_are_one_conflict_listing_every_mention(make, conflicts):
    first = make(
        "Police said 12 people died in the Lorvik depot fire. The fire killed 12 people, police said. "
        "Rescuers repeated that 12 people died in the fire.",
        "Lorvik Courier",
    )
    second = make(
        "Hospital officials said 40 people died in the Lorvik depot fire. The fire killed 40 people, they said. "
        "Doctors confirmed that 40 people died in the fire.",
        "Fjord Bulletin",
    )
    (conflict,) = conflicts(first, second)
    assert "more mention" in conflict.explanation


def test_an_organisation_and_its_spokesman_are_one_source():
    assert same_speaker("the coalition", "coalition spokesman Col. Jan Dorr")
    assert same_speaker("The coalition", "coalition spokesman Col. Jan Dorr")
    assert same_speaker("the ministry", "ministry spokesman Per Holm")
    assert same_speaker("police", "police chief Ada Friis")
    assert not same_speaker("Lorvik police", "Tarn fire brigade")


def test_pronouns_and_dateline_words_differ_from_no_one():
    assert same_speaker("he", "Ada Friis") and same_speaker("We", "Tarn fire brigade")
    assert same_speaker("LORVIK CITY", "Ada Friis")
    assert not named_source("officials") and not named_source("we") and named_source("Tarn fire brigade")


def test_a_statement_of_the_coalition_and_of_its_spokesman_is_no_speaker_conflict(make, conflicts):
    first = make("The coalition said the convoy reached the Tarn valley before dawn on Monday.", "Lorvik Courier")
    second = make("Coalition spokesman Col. Jan Dorr said the convoy reached the Tarn valley before dawn on Monday.", "Fjord Bulletin")
    assert conflicts(first, second, kind="speaker") == []


def test_an_outlet_is_named_by_its_last_word_only_when_that_word_is_distinctive():
    assert outlet_mentioned("Gulf News", "Sky News reported the blast.") is None
    assert outlet_mentioned("The Times of Lorvik", "Lorvik officials said so.") is None
    assert outlet_mentioned("Gulf News", "Gulf News reported the blast.") is not None
    assert outlet_mentioned("Daily Qorvath", "Qorvath reported the blast.") is not None


def test_a_speaker_conflict_needs_two_people_named_in_full() -> None:
    from retold.link.crossconflicts import _named_person

    assert _named_person("Inspector Tomas Rell") and _named_person("mayor of Brannock, Piet Hanning")
    # a body and its officer, a role, a country, a group of researchers: not incompatible people
    assert not _named_person("Ostland Defence Forces spokesperson")
    assert not _named_person("the United States")
    assert not _named_person("a team of Varden researchers")
    assert not _named_person("Hagen")


def test_a_negated_judgement_is_not_a_denial_of_what_happened() -> None:
    from retold.link.crossconflicts import NORMATIVE

    assert NORMATIVE.search("It is not acceptable to shell a clinic")
    assert NORMATIVE.search("Hospitals must not be targets")
    assert not NORMATIVE.search("The army did not shell the clinic")


def test_a_toll_of_another_event_in_the_same_story_is_no_conflict(make, conflicts):
    # the story is the depot fire; the second article also recalls the toll of last month's flood
    first = make("A fire swept through a depot in Lorvik. Police said 12 people died in the fire.", "Lorvik Courier")
    second = make("A fire swept through a depot in Lorvik. Police said 40 people died in the flood that hit the valley.",
                  "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_a_denial_of_ones_own_part_meets_only_statements_that_name_the_denier(make, conflicts):
    denial = make("The Ostland army denied any involvement in the attack on the Varna clinic.",
                  "Lorvik Courier")
    neutral = make("An attack on the Varna clinic on Tuesday killed 12 people and destroyed its main ward.", "Fjord Bulletin")
    blaming = make("An Ostland army attack on the Varna clinic on Tuesday killed 12 people and destroyed its main ward.",
                   "Harbour Post")
    assert conflicts(denial, neutral, kind="denial") == []
    (found,) = conflicts(denial, blaming, kind="denial")
    assert "Ostland army attack" in found.a.span.text + found.b.span.text



def test_a_toll_dated_to_an_earlier_day_is_no_conflict_with_todays(make, conflicts):
    # the date sits on the noun the figure's clause hangs from ("an October 7 fire ... that killed 40")
    first = make("A fire swept through a depot in Lorvik on Tuesday. Police said 12 people died in the fire.",
                 "Lorvik Courier", published="2025-10-14")
    second = make("Police said the Lorvik depot fire was the worst since an October 7 fire in the same depot that "
                  "killed 40 people.", "Fjord Bulletin", published="2025-10-14")
    assert conflicts(first, second) == []



def test_a_toll_in_a_since_clause_is_an_earlier_event(make, conflicts):
    first = make("A militia attack on the Lorvik depot killed 12 people, police said.", "Lorvik Courier")
    second = make("A week had passed since the militia carried out an attack on the Lorvik depot that killed 40 people, "
                  "police said.", "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_a_toll_at_another_place_is_another_event(make, conflicts):
    first = make("An air strike on the Lorvik hospital killed 300 people, medics said.", "Lorvik Courier")
    second = make("An air strike on the Lorvik school killed six people, teachers said.", "Fjord Bulletin")
    assert conflicts(first, second) == []


def test_only_the_denied_clause_of_a_denial_is_matched():
    from retold.link.crossconflicts import denied_clause

    # what the denier goes on to assert is not what it denies
    assert denied_clause("We did not shell the depot, and the intelligence suggests a failed rocket hit it") == "We did not shell the depot"
    assert denied_clause("the claims, accusing the army of trying to hide a failed rocket launch") == "the claims"
    assert denied_clause("any involvement in the depot attack") == "any involvement in the depot attack"
    assert denied_clause("the port to reopen on Monday and not charge any further fees") == "and not charge any further fees"


def test_not_only_denies_nothing():
    from retold.link.crossconflicts import _only_not_only

    assert _only_not_only("that cocoa not only speeds weight loss, but also aids sleep")
    assert not _only_not_only("that cocoa does not speed weight loss")
    assert not _only_not_only("that cocoa not only fails, it does not help")



def test_a_statement_about_his_own_campaign_credited_to_two_people_is_two_statements():
    from retold.link.crossconflicts import _persons

    # an interview series credits each candidate with "questions about his/her campaign": not one claim
    assert _persons("questions about her campaign from the reporter") == {"her"}
    assert _persons("questions about his campaign from the reporter") == {"his"}
    assert _persons("the pier is safe") == frozenset()


def test_a_school_turned_shelter_is_a_school_not_the_hospital():
    from retold.link.retelling import Wording, other_places

    def wording(*words: str) -> Wording:
        return Wording(frozenset(words), frozenset(), frozenset(), ())

    assert other_places(wording("hospital", "search", "shelter"), wording("school-turned-shelter", "camp"))
    assert not other_places(wording("hospital", "blast"), wording("hospital", "strike"))
    assert not other_places(wording("search", "shelter"), wording("school"))


def test_a_headline_denying_what_another_article_states_is_one_denial(make, conflicts):
    claim = make("Study: Cold tea helps runners recover faster\n\nA study by Lorvik researchers found that cold tea "
                 "helps runners recover faster after a race.", "Lorvik Courier")
    debunk = make("Cold tea does not help runners recover faster, a review finds\n\nThe review found no effect at all.",
                  "Fjord Bulletin")
    (found,) = conflicts(claim, debunk, kind="denial")
    assert found.b.article == debunk.id and found.b.span.text == "Cold tea does not help runners recover faster"
    assert found.a.article == claim.id
    # a headline in title case cannot tell names from words: it denies nothing this rule can read
    titled = make("Cold Tea Does Not Help Runners Recover Faster\n\nThe review found no effect at all.", "Fjord Bulletin")
    assert conflicts(claim, titled, kind="denial") == []


@pytest.mark.parametrize("speaker, nobody", [("either one", True), ("each of them", True), ("So I", True),
                                             ("One Nation", False), ("the ministry", False)])
def test_a_speaker_left_as_a_pronoun_or_a_quantifier_is_nobody_a_reader_can_check(speaker, nobody):
    from retold.analyze.conflicts import unnamed
    assert unnamed(speaker) is nobody


def test_a_blast_and_a_strike_are_one_incident_but_a_school_in_a_clinic_story_is_another(make, conflicts):
    # the headline of each report names the clinic: the story's place
    blast = make("Clinic blast in Varna\n\nHealth officials said 40 people were killed in the blast at the Varna clinic.",
                 "Lorvik Courier")
    strike = make("Strike on Varna clinic\n\nA doctor said 9 people were killed in the strike at the Varna clinic.",
                  "Fjord Bulletin")
    (found,) = conflicts(blast, strike)
    assert {found.a.span.text, found.b.span.text} == {"40 people", "9 people"}
    school = make("Strike on Varna clinic\n\nA teacher said 9 people were killed in a strike on the Varna school.",
                  "Harbour Post")
    assert conflicts(blast, school) == []


def test_reports_naming_one_incident_each_their_own_way_share_its_word(make, conflicts):
    from retold.link.retelling import SentenceWords, event_words
    blast = make("Officials said 40 people were killed in the blast.", "Lorvik Courier")
    strike = make("A doctor said 9 people were killed in the air strike.", "Fjord Bulletin")
    words = SentenceWords({blast.id: blast, strike.id: strike})
    assert event_words(blast, blast.quantities[0], words) & event_words(strike, strike.quantities[0], words)


def test_a_plan_not_to_do_something_is_no_denial_that_it_happened(make, conflicts):
    plan = make("Mayor Ada Brill said the council will not close the route of the harbour ferry.", "Lorvik Courier")
    news = make("The council closed the route of the harbour ferry, ending its service on Monday.", "Fjord Bulletin")
    assert conflicts(plan, news, kind="denial") == []
    denial = make("Mayor Ada Brill said the council did not close the route of the harbour ferry.", "Harbour Post")
    assert len(conflicts(denial, news, kind="denial")) == 1


def test_not_only_but_also_is_no_debunking(make):
    from retold.link.crossconflicts import _denies_too
    praise = make("Cold tea not only tastes good but also helps runners recover faster.", "Lorvik Courier")
    debunk = make("Cold tea does not help runners recover faster, the review found.", "Fjord Bulletin")
    headline = "Cold tea cannot help runners recover faster"
    assert not _denies_too(praise, headline)
    assert _denies_too(debunk, headline)
