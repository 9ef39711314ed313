"""Attribution on real news (issue 14): verbs of doing are not cues, hearers are not contents, pronouns find their
antecedents. Every sentence here is invented, with the structure of one a reader reported."""
from __future__ import annotations

from retold.analyze.attribution import learned
from retold.analyze.attribution.draft import Draft


def cue_texts(attributions_of, text: str) -> list[str]:
    return [a.cue.text for a in attributions_of(text) if a.cue]


def only(records, cue: str):
    """The one attribution whose cue ends with `cue` (a tagger may or may not take the auxiliary with it)."""
    (record,) = [a for a in records if a.cue and a.cue.text.endswith(cue.split()[-1]) and a.cue.text in cue]
    return record


def test_threatening_someone_with_a_weapon_is_not_speech(attributions_of):
    assert not any("threatened" in c for c in cue_texts(attributions_of, "A masked guard threatened the baker with his rifle."))


def test_threatening_that_something_will_happen_is_still_speech(attributions_of):
    record = only(attributions_of("The guard threatened that he would burn the granary."), "threatened")
    assert record.content is not None and "burn the granary" in record.content.text


def test_verb_of_doing_with_an_object_is_not_a_cue(attributions_of):
    assert cue_texts(attributions_of, "The Velden Ferry Company broke that agreement within a week.") == []


def test_demonstrative_subject_of_a_verb_outside_the_lexicon_is_no_source(attributions_of):
    text = "Officials in Marlow said the dam was safe. And this may not even have been about the water rights."
    assert cue_texts(attributions_of, text) == ["said"]


def test_a_day_is_never_a_speaker(nlp, attributions_of):
    text = "Monday saw officials announce that the border would close."
    doc = nlp(text)
    draft = Draft(cue=(7, 10), speaker=(0, 6), content=(11, len(text) - 1), speaker_token=doc[0], cue_token=doc[1])
    learned.drop_scene_speaker(draft, text)
    assert draft.speaker is None and draft.speaker_token is None
    records = attributions_of(text)
    assert records and all(not (a.speaker and a.speaker.span and a.speaker.span.text == "Monday") for a in records)


def test_the_hearer_of_told_is_not_what_was_said(nlp):
    text = "Mayor Hilda Brant told reporters the bridge at Kessel would reopen in May."
    doc = nlp(text)
    verb = next(t for t in doc if t.text == "told")
    start = text.index("reporters")
    begin, end = learned._without_listener(verb, (start, len(text) - 1))
    assert text[begin:end] == "the bridge at Kessel would reopen in May"


def test_passive_told_without_agent_has_no_speaker_and_the_clause_as_content(attributions_of):
    record = only(attributions_of("The Kessel Herald was told 40 people had been flown to hospital in Orsk."),
                  "was told")
    assert record.content is not None and record.content.text == "40 people had been flown to hospital in Orsk"
    assert not (record.speaker and record.speaker.span and "Herald" in record.speaker.span.text)


def test_passive_told_by_someone_takes_the_agent_as_speaker(attributions_of):
    record = only(attributions_of("The Kessel Herald was told by a nurse that 30 patients had been moved to Orsk."),
                  "was told")
    assert record.speaker is not None and record.speaker.span is not None and record.speaker.span.text == "a nurse"
    assert record.content is not None and record.content.text == "that 30 patients had been moved to Orsk"


def test_what_a_passive_denial_denies_is_its_subject_and_the_deniers_assert(attributions_of):
    records = attributions_of("This version was refuted by witnesses in Marlow, who said that the soldiers had "
                                   "fired first.")
    refuted = only(records, "was refuted")
    assert refuted.polarity == "deny" and refuted.content is not None and refuted.content.text == "This version"
    said = only(records, "said")
    assert said.polarity == "assert" and said.speaker is not None and said.speaker.name == "witnesses"


def test_relative_pronoun_speaker_is_named_after_its_noun(attributions_of):
    said = only(attributions_of("The drivers, who said they were beaten, refused to return."), "said")
    assert said.speaker is not None and said.speaker.name == "drivers" and said.speaker.kind == "group"


def test_pronoun_takes_the_subject_of_the_sentence_before(attributions_of):
    said = only(attributions_of("The council members arrived late. They said the vote would be delayed."), "said")
    assert said.speaker is not None and said.speaker.name == "council members"


def test_it_takes_the_body_named_in_the_sentence_before(attributions_of):
    said = only(attributions_of("The Tarrow Water Board met on Friday. It said the pumps had failed."), "said")
    assert said.speaker is not None and said.speaker.name == "Tarrow Water Board"


def test_pronoun_does_not_take_a_thing_for_its_antecedent(attributions_of):
    said = only(attributions_of("The prices rose again. They said the harvest had failed."), "said")
    assert said.speaker is not None and said.speaker.kind == "pronoun"


def test_one_of_them_is_one_of_the_group_named_before(attributions_of):
    said = only(attributions_of("Two farmers spoke to us. One of them said the river had flooded twice."), "said")
    assert said.speaker is not None and said.speaker.name == "one of the farmers" and said.speaker.kind == "person"


def test_photographs_are_not_a_person(attributions_of):
    show = only(attributions_of("Photographs show the convoy was nearly two kilometres long."), "show")
    assert show.speaker is not None and show.speaker.kind != "person"


def test_noun_phrase_a_paper_uncovered_is_its_content(attributions_of):
    record = only(attributions_of("The Gazette has uncovered details of a secret pact that let dozens of "
                                       "smugglers cross the border."), "has uncovered")
    assert record.content is not None and record.content.text.startswith("details of a secret pact")
    assert record.speaker is not None and record.speaker.kind == "outlet"


def test_a_dash_is_nobody(nlp):
    text = "The river is rising — said nobody in Marlow."
    doc = nlp(text)
    dash = text.index("—")
    draft = Draft(cue=(dash + 2, dash + 6), speaker=(dash, dash + 1), content=(0, 19), speaker_token=doc[4])
    learned.drop_scene_speaker(draft, text)
    assert draft.speaker is None
