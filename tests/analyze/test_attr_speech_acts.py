"""Attribution on Wikinews (issue 14): deeds are not speech, and a first person is named by its quote, its interview
turn or the author. Every sentence here is invented."""
from __future__ import annotations

import pytest

from retold.analyze.attribution.draft import Draft
from retold.analyze.attribution.persons import resolve_persons
from retold.analyze.attribution.roles import find_speaker_token


def cues(attributions_of, text: str) -> list[str]:
    return [a.cue.text for a in attributions_of(text) if a.cue]


@pytest.mark.parametrize("text, verb", [
    ("The Orsk Tenants' Union sued the landlord in May for negligence.", "sued"),  # suing is no saying
    ('The Kessel assembly has repeatedly voted against a "fast track" budget.', "voted"),  # a deed beside a quote
    ("The Green Harbour Party nominated Ada Brill, a retired ferry pilot, for mayor on the second ballot.", "nominated"),
    ("((Hilda Brant))  You see the ferry every morning from the harbour wall.", "see"),  # "you see" says nothing
    ("Then, while I was posted in the signals wing, writing a booking programme for the depot.", "posted"),  # passive
    ("She did so at the request of Mayor Ada Brill, then the head of the council.", "did"),  # light verbs say nothing
    ("Mayor Ada Brill made her announcement via a video on the council's page.", "made"),
    ("A user in Orsk shared publicly a news article about the harbour.", "shared"),
])
def test_a_deed_is_no_speech_act(attributions_of, text, verb):
    assert not any(verb in c for c in cues(attributions_of, text))


def test_a_light_verb_with_a_clause_still_attributes(attributions_of):
    records = attributions_of("Mayor Ada Brill made clear that the bridge would reopen in June.")
    assert any(a.content and "the bridge would reopen" in a.content.text for a in records)


def test_issuing_a_statement_that_still_attributes(attributions_of):
    records = attributions_of("The Velden council issued a statement that the bridge would reopen in June.")
    assert any(a.content and "the bridge would reopen" in a.content.text for a in records)


def test_thanking_with_nobody_named_is_no_attribution(attributions_of):
    assert attributions_of("Thank you for agreeing to talk to us about the harbour festival.") == []


def test_a_turn_labelled_with_a_name_names_its_i(attributions_of):
    text = "((Hilda Brant))  I think the audit of the ferry company was fair to everyone."
    records = [a for a in attributions_of(text) if a.cue and a.cue.text == "think"]
    assert records and records[0].speaker is not None and records[0].speaker.name == "Hilda Brant"


def test_unquoted_i_in_running_text_is_the_author(attributions_of):
    records = attributions_of("I believe the council was wrong to close the library on Kessel Street.")
    assert records and all(a.speaker and a.speaker.name == "author" and a.speaker.kind == "author" for a in records)


def test_an_i_inside_a_quote_carries_the_quotes_speaker(nlp):
    text = "“I believe the dam is safe,” said Mayor Hilda Brant."
    doc = nlp(text)
    outer = Draft(cue=(text.index("said"), text.index("said") + 4), speaker=(text.index("Mayor"), len(text) - 1),
                  content=(1, text.index("”")), mode="direct", speaker_token=doc[-2], cue_token=doc[-5])
    inner = Draft(cue=(3, 10), speaker=(1, 2), content=(11, text.index(",")), speaker_token=doc[1], cue_token=doc[2])
    resolve_persons([outer, inner], text)
    assert inner.carried is outer and inner.speaker == (1, 2)


def test_you_as_a_speaker_is_left_out(nlp):
    text = "You say the dam is safe."
    doc = nlp(text)
    draft = Draft(cue=(4, 7), speaker=(0, 3), content=(8, len(text) - 1), speaker_token=doc[0], cue_token=doc[1])
    assert resolve_persons([draft], text) == [draft]
    assert draft.speaker is None and draft.carried is None and "speaker_name" not in draft.notes


def test_continuing_to_do_something_is_not_speech(attributions_of):
    assert not any("continued" in c for c in cues(attributions_of, "The platform continued to flag the governor's posts."))


def test_a_deed_beside_a_quote_is_still_a_deed(attributions_of):
    text = ('The raid, which was approved by Duke Anselm, was described by the ministry: '
            '"Our forces acted to protect the harbour and its people from attack."')
    found = cues(attributions_of, text)
    assert not any("approved" in c for c in found) and any("described" in c for c in found)


def test_a_noun_of_saying_with_nothing_said_is_no_attribution(attributions_of):
    text = "He made his announcement via a post on the council website, in which he thanked the volunteers."
    assert cues(attributions_of, text) == ["thanked"]


def test_a_quote_after_a_comma_belongs_to_its_own_sentences_subject(attributions_of):
    text = ('Mayor Hilda Brant said the pier would reopen in June. Senator Ada Brill spoke on Kessel Radio, '
            '"This is going to ruin the harbour towns for a generation."')
    (record,) = [a for a in attributions_of(text) if a.content and "ruin the harbour" in a.content.text]
    assert record.speaker is not None and "Ada Brill" in record.speaker.name


def test_a_participle_after_a_reported_clause_is_the_reporters(nlp):
    doc = nlp('A nurse explained how the outbreak began, stating, "We had three cases on the first night and twenty by the weekend."')
    stating = next(t for t in doc if t.text == "stating")
    assert find_speaker_token(stating).text == "nurse"
