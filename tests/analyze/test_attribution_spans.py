"""Where a content begins and ends: quote marks kept (PolNeAR's convention), quoted fragments with their clause, whole clauses."""
from __future__ import annotations

from retold.analyze.attribution.learned import _fragment_lead, _whole_clause
from retold.analyze.attribution.quotes import find_quotes, with_marks


def widened(text: str, words: str) -> str:
    """The text of `words` (found in `text`) after with_marks."""
    start = text.index(words)
    begin, end = with_marks((start, start + len(words)), find_quotes(text), text)
    return text[begin:end]


def test_direct_quote_content_keeps_its_marks_and_final_stop():
    text = "She said: “We will win the vote.” Then she left."
    assert widened(text, "We will win the vote.") == "“We will win the vote.”"


def test_tag_sentence_content_keeps_the_comma_inside_the_closing_mark():
    text = "“The bridge is safe,” the engineer said."
    assert widened(text, "The bridge is safe") == "“The bridge is safe,”"


def test_content_ending_on_a_quoted_fragment_takes_the_closing_mark():
    text = "The council said that the plan would “end the flooding for good.” Residents doubt it."
    assert widened(text, "that the plan would “end the flooding for good") == \
        "that the plan would “end the flooding for good.”"


def test_nested_quote_takes_its_own_marks_not_the_outer_ones():
    text = "“They told us, ‘Leave the village before dark,’” says Omar Haddad."
    assert widened(text, "Leave the village before dark,") == "‘Leave the village before dark,’"


def test_turn_inside_a_quote_is_not_widened_to_the_outer_marks():
    text = '"HARLOW: The bridge stays shut until spring."'
    assert widened(text, "The bridge stays shut until spring.") == "The bridge stays shut until spring."


def test_part_of_a_quote_is_not_widened():
    text = "“The bridge is safe and the road is open,” the engineer said."
    assert widened(text, "The bridge is safe") == "The bridge is safe"


def test_doubled_apostrophes_are_kept_whole():
    text = "''We will rebuild the pier,'' the mayor said."
    assert widened(text, "We will rebuild the pier,") == "''We will rebuild the pier,''"


def test_quote_left_open_at_the_paragraph_end_keeps_its_opening_mark():
    text = "The mayor said: “We will rebuild the pier before summer.\n\n“And the road after it.”"
    assert widened(text, "We will rebuild the pier before summer.") == "“We will rebuild the pier before summer."




def test_json_content_of_a_direct_quote_shows_the_marks(attributions_of):
    (record,) = [a for a in attributions_of("“The water is rising fast,” said Maria Okafor.") if a.content]
    assert record.mode == "direct"
    assert record.to_json()["content"]["text"] == "“The water is rising fast,”"


def test_quoted_fragment_after_the_cue_keeps_its_clause(nlp):
    text = "The senator said the proposal “is dead on arrival in the Senate.”"
    doc = nlp(text)
    quote = find_quotes(text)[0]
    cue = (text.index("said"), text.index("said") + 4)
    assert _fragment_lead(doc, (quote.start, quote.end), quote, cue, (0, len(text))) == text.index("the proposal")


def test_quoted_fragment_before_the_tag_keeps_the_sentence_opening(nlp):
    text = "With ten days left, “there is no single point of failure,” the official said."
    doc = nlp(text)
    quote = find_quotes(text)[0]
    cue = (text.index("said"), text.index("said") + 4)
    assert _fragment_lead(doc, (quote.start, quote.end), quote, cue, (0, len(text))) == 0


def test_quoted_full_sentence_is_not_a_fragment(nlp):
    text = "The senator said: “The proposal is dead on arrival.”"
    doc = nlp(text)
    quote = find_quotes(text)[0]
    cue = (text.index("said"), text.index("said") + 4)
    assert _fragment_lead(doc, (quote.start, quote.end), quote, cue, (0, len(text))) is None


def test_content_cut_a_word_short_gets_the_rest_of_its_clause(nlp):
    text = "The union said production would improve when the coal market recovered."
    doc = nlp(text)
    cue = (text.index("said"), text.index("said") + 4)
    cut = (text.index("production"), text.index(" recovered"))
    assert text[slice(*_whole_clause(doc, cut, cue))] == "production would improve when the coal market recovered"


def test_content_is_not_carried_over_a_comma(nlp):
    text = "The union said production would improve, and the mine would reopen."
    doc = nlp(text)
    cue = (text.index("said"), text.index("said") + 4)
    content = (text.index("production"), text.index(","))
    assert _whole_clause(doc, content, cue) == content
