"""Attribution: each news construction on texts written for these tests, plus the seed bar (>= 11 of 12)."""
from __future__ import annotations

import json

import pytest

from retold.analyze.attribution.quotes import find_quotes
from retold.model import Article


def find(article: Article, cue: str | None = None, content: str | None = None):
    """The first attribution whose cue (and content) contain the given words."""
    for record in article.attributions:
        if cue is not None and (record.cue is None or cue not in record.cue.text):
            continue
        if content is not None and (record.content is None or content not in record.content.text):
            continue
        return record
    raise AssertionError(f"no attribution with cue {cue!r} and content {content!r}: "
                         f"{[a.to_json() for a in article.attributions]}")


def test_subject_said_that_clause_is_indirect(attribute):
    article = attribute("The harbour authority said that the ferry would resume sailing on Monday.")
    record = find(article, cue="said", content="ferry would resume")
    assert record.mode == "indirect" and record.polarity == "assert"
    assert record.speaker.span.text == "The harbour authority"
    assert record.sentence == "S1" and record.id == "A1"


def test_postposed_tag_after_quote_is_direct(attribute):
    article = attribute("“We have never seen water this high,” said Maria Okafor, a farmer near the river.")
    record = find(article, cue="said", content="never seen water")
    assert record.mode == "direct"
    assert "Maria Okafor" in record.speaker.span.text
    assert record.content.text == "“We have never seen water this high,”"


def test_sentence_final_tag_and_pronoun_resolution(attribute):
    article = attribute("The bakery owners were fined twice last year, they say.")
    record = find(article, cue="say")
    assert record.speaker.span.text == "they"
    assert record.speaker.name == "bakery owners"
    assert "fined twice" in record.content.text


def test_quote_split_by_the_cue_keeps_both_parts(attribute):
    text = "“The bridge is safe,” says Tomas Berg, the city engineer. “We checked every bolt last week.”"
    record = find(attribute(text), cue="says")
    assert record.mode == "direct"
    assert "bridge is safe" in record.content.text and "every bolt" in record.content.text
    assert len(record.content_parts) == 2


def test_continuation_quote_carries_the_speaker(attribute):
    text = ("“The pumps failed at noon,” said Lena Ortiz, who runs the station.\n\n"
            "“Nobody came to help us for six hours. We bailed water with buckets.”")
    article = attribute(text)
    carried = find(article, content="Nobody came")
    assert carried.cue is None and carried.speaker.span is None
    assert carried.speaker.name == find(article, cue="said").speaker.name
    assert carried.mode == "direct"


def test_quote_with_no_opening_mark_and_single_closed_by_double():
    text = "He said nothing.\n\nWe will be back for the ‘final reckoning.” Then he left."
    quotes = find_quotes(text)
    outer = [q for q in quotes if q.level == 0]
    assert outer and text[outer[0].start : outer[0].end] == "We will be back for the ‘final reckoning."
    assert outer[0].opening is None


def test_apostrophes_are_not_quote_marks():
    text = "“The drivers’ union didn’t agree,” she said."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["The drivers’ union didn’t agree,"]


def test_according_to_in_the_middle_splits_the_content(attribute):
    article = attribute("Several hundred families, according to aid workers, have left the valley.")
    record = find(article, cue="according to")
    assert record.speaker.span.text == "aid workers"
    assert "Several hundred families" in record.content.text and "left the valley" in record.content.text
    assert len(record.content_parts) == 2


def test_continue_to_maintain_that_no_is_a_denial(attribute):
    article = attribute("The mining company continues to maintain that no chemicals were released into the lake.")
    record = find(article, content="no chemicals")
    assert record.polarity == "deny"
    assert "maintain" in record.cue.text
    assert record.speaker.span.text == "The mining company"


def test_as_far_as_frame_with_negative_existential(attribute):
    article = attribute("As far as the ministry is concerned, there was no leak of patient records.")
    record = find(article, cue="As far as")
    assert record.speaker.span.text == "the ministry"
    assert record.content.text.startswith("there was no leak")
    assert record.polarity == "deny"


def test_denial_verb_has_deny_polarity(attribute):
    article = attribute("The governor denied that she had used state funds for the trip.")
    record = find(article, cue="denied")
    assert record.polarity == "deny" and record.speaker.span.text == "The governor"


def test_nominal_denial_is_implicit(attribute):
    article = attribute("And despite police denials, dozens of protesters were detained overnight.")
    record = find(article, cue="denials")
    assert record.mode == "implicit" and record.polarity == "deny"
    assert record.speaker.span.text == "police"


def test_speech_act_noun_introduces_the_next_quote(attribute):
    text = ("A senior engineer at the plant had a stark warning for the regulators.\n\n"
            "“If the cooling system fails again, the whole valley will have to be evacuated.”")
    article = attribute(text)
    record = find(article, cue="warning", content="cooling system")
    assert record.speaker.span.text.startswith("A senior engineer")
    assert record.mode == "direct"


def test_dash_after_quote_names_the_speaker(attribute):
    text = "“The rent doubled in two years and nobody asked us.” ― Dana Whitfield"
    record = find(attribute(text), content="rent doubled")
    assert record.speaker.span.text == "Dana Whitfield" and record.cue.text == "―"


def test_dash_after_a_no_break_space_names_the_speaker(attribute):
    text = "“The ferry schedule was cut without a single public hearing.”\u00a0― Owen Marsh\u00a0"
    record = find(attribute(text), content="ferry schedule")
    assert record.speaker.span.text == "Owen Marsh" and record.cue.text == "―"


def test_two_apostrophes_mark_a_quotation():
    text = "The mayor said the plan was ''a promise kept to every family,'' and left. It wasn't late."
    quotes = [text[q.start:q.end] for q in find_quotes(text)]
    assert quotes == ["a promise kept to every family,"]


def test_quote_in_two_apostrophes_is_direct_speech(attribute):
    text = "''We will rebuild the pier before the summer season,'' Mayor Lena Ortiz said on Monday."
    record = find(attribute(text), content="rebuild the pier")
    assert record.mode == "direct" and record.speaker.span.text == "Mayor Lena Ortiz"
    assert record.content.text == "''We will rebuild the pier before the summer season,''"


def test_acronym_and_full_name_share_one_speaker_name(attribute):
    text = ("The National Water Board announced that prices would rise.\n\n"
            "The NWB later said that the rise would be delayed until spring.")
    article = attribute(text)
    first, second = find(article, cue="announced"), find(article, cue="said")
    assert first.speaker.name == second.speaker.name == "National Water Board (NWB)"


def test_nested_quote_inside_a_quote(attribute):
    text = "“They told us, ‘Leave the village before dark or stay forever,’” says Omar Haddad."
    article = attribute(text)
    outer, inner = find(article, cue="says"), find(article, cue="told")
    assert inner.nested_in == outer.id
    assert inner.content.text == "‘Leave the village before dark or stay forever,’"


def test_ids_follow_text_order(attribute):
    text = ("The mayor said that the road would reopen. Residents said that they doubted it. "
            "The contractor said that work was finished.")
    article = attribute(text)
    ids = [a.id for a in article.attributions]
    assert ids == [f"A{n}" for n in range(1, len(ids) + 1)] and len(ids) == 3
    starts = [a.cue.start for a in article.attributions]
    assert starts == sorted(starts)


def test_seed_attributions_meet_the_bar(shared_dir, attribute):
    """At least 11 of the 12 gold attributions with speaker, cue and content overlapping; at most 3 extras."""
    gold = json.loads((shared_dir / "seed" / "raqqa.gold.json").read_text(encoding="utf-8"))
    article = attribute((shared_dir / "seed" / "raqqa.txt").read_text(encoding="utf-8"))
    predicted = [a.to_json() for a in article.attributions]

    def overlap(a, b):
        return bool(a and b and a.get("start") is not None and b.get("start") is not None
                    and a["start"] < b["end"] and b["start"] < a["end"])

    found = 0
    for g in gold["attributions"]:
        found += any(all(not g.get(k) or overlap(g[k], p.get(k)) for k in ("cue", "speaker", "content"))
                     for p in predicted)
    gold_spans = [g[k] for g in gold["attributions"] for k in ("cue", "content", "speaker") if g.get(k)]
    extra = sum(not any(overlap(s, p.get(k)) for s in gold_spans for k in ("cue", "content")) for p in predicted)
    assert found >= 11, f"{found}/12"
    assert extra <= 3, f"{extra} extra attributions"


def test_transcript_turn_label_is_a_speaker(attribute):
    text = "Partial transcript follows.\n\n\"HARLOW: The bridge will reopen in May, and the tolls stay as they are.\""
    record = find(attribute(text), cue=":", content="bridge will reopen")
    assert record.speaker.span.text == "HARLOW"


def test_transcript_turn_runs_to_the_end_of_its_paragraph(attribute):
    text = ("Partial transcript as follows:\n\n\"HARLOW: The bridge stays shut. Repairs will take a year, "
            "and the tolls stay as they are.\"\n\n\"REYES: Thank you.\"")
    turns = [a for a in attribute(text).attributions if a.cue and a.cue.text == ":" and a.speaker]
    harlow = next(a for a in turns if a.speaker.span.text == "HARLOW")
    assert harlow.content.text.startswith("The bridge stays shut.") and harlow.content.text.endswith("as they are")


def test_headline_name_and_colon_attribute_the_headline(attribute):
    text = "Ortiz: Pier Will Reopen Before Summer.\n\nThe mayor spoke to reporters on Monday."
    record = find(attribute(text), cue=":", content="Pier Will Reopen")
    assert record.speaker.span.text == "Ortiz"


@pytest.mark.parametrize("headline", ["The Latest: Pier Will Reopen Before Summer.", "Analysis: Pier Will Reopen Soon.",
                                      "Harbor Wades In: Urges Council to Vote."])
def test_section_labels_and_clauses_before_a_headline_colon_are_not_speakers(attribute, headline):
    article = attribute(headline + "\n\nThe mayor spoke to reporters on Monday.")
    assert not [a for a in article.attributions if a.cue and a.cue.text == ":"]


def test_all_capital_notices_are_not_transcript_speakers():
    from retold.analyze.attribution.frames import _transcript_label

    class Word:
        def __init__(self, text):
            self.text, self.lower_, self.is_alpha, self.is_upper = text, text.lower(), text.isalpha(), text.isupper()

        def __len__(self):
            return len(self.text)

    assert _transcript_label([Word("HARLOW")])
    assert not _transcript_label([Word("BREAKING")]) and not _transcript_label([Word("Harlow")])


def test_parse_fallback_gives_a_participle_its_main_subject(nlp):
    from retold.analyze.attribution.assemble import _speaker_from_parse
    from retold.analyze.attribution.draft import Draft

    doc = nlp("The mayor opened the bridge on Monday, comparing it to the old ferry.")
    verb = next(t for t in doc if t.text == "comparing")
    draft = Draft(cue=(verb.idx, verb.idx + len(verb.text)), speaker=None, content=(verb.idx + 10, len(doc.text) - 1),
                  cue_token=verb)
    _speaker_from_parse(draft)
    assert draft.speaker is not None and doc.text[draft.speaker[0] : draft.speaker[1]] == "The mayor"


def _cue_reading(nlp, text: str):
    """The cue tagger's reading of the first sentence of `text`."""
    from retold.analyze.attribution import tagging
    from retold.analyze.attribution.features import cue_sequences, doc_features

    doc = nlp(text)
    features = doc_features(doc, [])
    sent = next(iter(doc.sents))
    (sequence,) = list(cue_sequences(features, [(sent.start, sent.end)]))
    return doc, tagging.tag_cues(sequence, sent.start, features.table.pos)


NEAR_MISS = "Officials hinted at more job cuts."  # no cue on the tagger's best path; 'hinted' comes close
TAGGED = "The harbour master said on Friday that the ferry would sail again next week."


def test_near_miss_pick_is_at_most_one_verb(nlp):
    from retold.analyze.attribution import tagging

    doc, reading = _cue_reading(nlp, NEAR_MISS)
    assert not reading.cues and len(reading.near_miss) == 1
    for start, end, probability in reading.near_miss:
        assert doc[start].pos_ == "VERB" and end == start + 1 and probability >= tagging.SENTENCE_THRESHOLD


def test_a_cue_reading_is_its_own_sentences_whatever_the_tagger_read_since(nlp):
    # the tagger is one per process and keeps the marginals of its last sequence: a reading must not look at them later
    _, alone = _cue_reading(nlp, NEAR_MISS)
    _, tagged = _cue_reading(nlp, TAGGED)
    _, again = _cue_reading(nlp, NEAR_MISS)
    assert tagged.cues and not tagged.near_miss  # a sentence with a cue has no near miss
    assert again == alone and alone.near_miss


def test_learned_drafts_do_not_depend_on_the_article_analysed_before(nlp):
    from retold.analyze.attribution.assemble import find_drafts

    def drafts(text):
        return [(d.cue, d.speaker, d.content, d.mode, d.confidence) for d in find_drafts(text, nlp(text))]

    first = drafts(NEAR_MISS + " " + TAGGED)
    drafts("Officials insisted there was no deal. “We will not sign,” the minister told reporters.")
    assert drafts(NEAR_MISS + " " + TAGGED) == first and first


def test_token_table_reads_what_the_tokens_say(nlp):
    from retold.analyze.attribution.table import read_table

    doc = nlp("“We will not close the harbour,” the Mayor of Eastport told reporters on Friday, adding that "
              "repairs would begin in May.")
    table = read_table(doc)
    for token in doc:
        i = token.i
        assert (table.lower[i], table.lemma[i], table.tag[i], table.dep[i], table.ent_type[i], table.pos[i]) == (
            token.lower_, token.lemma_.lower(), token.tag_, token.dep_, token.ent_type_, token.pos_)
        assert table.head[i] == token.head.i
        assert table.children[i] == [child.i for child in token.children]
        assert sorted(table.subtree(i)) == sorted(t.i for t in token.subtree)
        assert table.ancestors(i) == [a.i for a in token.ancestors]


def test_role_features_of_a_climbed_cue_do_not_depend_on_hashing(nlp):
    from retold.analyze.attribution.features import doc_features, role_sequence

    doc = nlp("The senator wanted to continue to say that the bridge was safe.")
    features = doc_features(doc, [])
    say = next(t for t in doc if t.text == "say")
    first = role_sequence(features, range(len(doc)), (say.i, say.i + 1), say.i, {})
    # the branch labels once came from iterating a set of two Tokens, whose order followed their hashes
    again = role_sequence(doc_features(doc, []), range(len(doc)), (say.i, say.i + 1), say.i, {})
    assert first == again
    bridge = next(t for t in doc if t.text == "bridge").i
    assert "b=ccomp" in first[bridge]  # the cue's own clause, not the climbed chain's xcomp


def test_verb_drafts_read_only_the_quotes_near_their_sentence(nlp):
    from retold.analyze.attribution.verbs import quotes_near, verb_draft

    text = ("“The pumps failed,” said Lena Ortiz. The council met on Monday.\n\n"
            "The engineer said that “nobody came to help” and that the pumps were old. "
            "“We bailed water,” she added.")
    doc = nlp(text)
    quotes = find_quotes(text)
    for sent in doc.sents:
        for token in sent:
            if token.pos_ == "VERB":
                everywhere = verb_draft(token, quotes, strict=False, sent=sent)
                near = verb_draft(token, quotes_near(quotes, sent), strict=False, sent=sent)
                assert (everywhere and (everywhere.cue, everywhere.speaker, everywhere.content, everywhere.mode,
                                        everywhere.notes)) == (near and (near.cue, near.speaker, near.content,
                                                                         near.mode, near.notes))


def test_a_bare_institution_noun_refers_back_to_the_named_institution(attribute):
    article = attribute(
        "The Northvale Water Company said that the pipes were safe. "
        "Despite company denials, residents said the water smelled of diesel for a week."
    )
    named = find(article, cue="said", content="pipes")
    denial = find(article, cue="denials")
    assert denial.speaker.name == named.speaker.name == "Northvale Water Company"
    assert denial.speaker.kind == "organisation"


def test_reported_speech_ends_with_its_paragraph(analyze):
    article = analyze(
        "Mayor announces three days of mourning over the Orvel mine collapse\n\n"
        "Flags will fly at half-mast after the collapse killed at least 40 miners\n\n"
        "The mayor of Tarn said on Tuesday that the town would hold three days of mourning."
    )
    headline = [a for a in article.attributions if a.cue and a.cue.text == "announces"]
    for found in headline:
        spans = [s for s in (found.content, *found.content_parts) if s is not None]
        assert all("\n\n" not in s.text and s.end <= article.text.index("\n\n") for s in spans)
    (toll,) = [q for q in article.quantities if "40" in q.span.text]
    assert toll.attribution is None or toll.attribution not in {a.id for a in headline}
