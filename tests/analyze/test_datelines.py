"""Datelines and page headers are page furniture: never a speaker, a source of claims, or a quantity."""
from __future__ import annotations

from retold.analyze.datelines import find_datelines, find_page_headers, furniture_blanked, skipped_ranges


def _pieces(text: str):
    (dateline,) = find_datelines(text)

    def part(found):
        return text[found[0] : found[1]] if found else None

    return text[dateline.start : dateline.end], part(dateline.place), part(dateline.date), part(dateline.wire)


def test_dateline_without_date_or_wire():
    assert _pieces("VELMORA — The harbour council voted to close the pier.") == ("VELMORA —", "VELMORA", None, None)


def test_dateline_with_wire_only():
    text = "PORT ASHBY (Coastwire) — The ferry operator cancelled every crossing."
    assert _pieces(text) == ("PORT ASHBY (Coastwire) —", "PORT ASHBY", None, "Coastwire")


def test_dateline_with_date_and_wire():
    text = "NORTH KESTRAL, Oct 17 (Reuters) - Rescuers pulled 12 people from the rubble."
    assert _pieces(text) == ("NORTH KESTRAL, Oct 17 (Reuters) -", "NORTH KESTRAL", "Oct 17", "Reuters")


def test_dateline_after_a_leading_date_marker():
    text = " date 2026-03-03 VELMORA, March 3 — The pier reopened."
    assert _pieces(text)[0] == "VELMORA, March 3 —"
    assert [text[a:b] for a, b in find_page_headers(text)] == ["date 2026-03-03"]


def test_all_caps_headline_is_not_a_dateline():
    assert find_datelines("STORM HITS VELMORA - 300 EVACUATED\n\nThe storm arrived at dawn.") == []
    assert find_datelines("PANTS ON FIRE – The mayor's figure was wrong.") == []
    assert find_datelines("FLOODS CLOSE THE VELMORA ROAD\n\nThe road was shut on Monday.") == []


def test_a_bare_place_and_dash_deep_in_the_text_is_a_label_not_a_dateline():
    lines = "\n".join(f"Paragraph {n} of the story." for n in range(8))
    assert find_datelines(lines + "\nNONSENSE — The claim was false.") == []


def test_transcript_turn_is_not_furniture():
    assert skipped_ranges("HALLORAN: We will rebuild the pier by June.") == []


def test_dateline_place_is_no_speaker_and_content_starts_after_it(analyze):
    article = analyze("VELMORA — The pier will reopen in June, the harbour council said.")
    assert article.attributions
    for attribution in article.attributions:
        assert attribution.speaker is None or "VELMORA" not in attribution.speaker.span.text
        assert attribution.content is None or "VELMORA" not in attribution.content.text
    assert all("VELMORA" not in claim.span.text for claim in article.claims)


def test_dateline_wire_credit_is_recorded_as_an_outlet_source(analyze):
    text = "NORTH KESTRAL, Oct 17 (Coastwire) - Rescuers pulled 12 people from the rubble, officials said."
    article = analyze(text)
    wire = [s for s in article.sources if s.kind == "outlet" and s.name == "Coastwire"]
    assert wire and wire[0].evidence.text == "NORTH KESTRAL, Oct 17 (Coastwire) -"
    assert [q.number.text for q in article.quantities] == ["12"]


def test_news_id_header_gives_no_quantity_and_no_speaker(analyze):
    article = analyze("News ID: 48213 Publish Date: 2026-03-03 09:15\n\nOfficials in Velmora said 40 homes were flooded.")
    assert [q.number.text for q in article.quantities] == ["40"]
    assert all(a.speaker is None or "News" not in a.speaker.name for a in article.attributions)
    assert all("48213" not in claim.span.text for claim in article.claims)


def test_blanked_furniture_keeps_every_offset():
    text = "News ID: 48213\nVELMORA — The pier reopened."
    blanked = furniture_blanked(text)
    assert len(blanked) == len(text)
    assert blanked.index("The pier") == text.index("The pier")
    assert "48213" not in blanked and "VELMORA" not in blanked and "\n" in blanked


def test_a_header_glued_to_the_lede_leaves_the_lede_its_speaker(analyze):
    # parsed with the header, "2023-10-17 Velmoran health ministry" left "says" without a subject
    article = analyze(" date 2023-10-17 Velmoran health ministry says that at least 500 people have been killed in an "
                      "attack on a hospital in central Velmora.")
    (attribution,) = article.attributions
    assert attribution.speaker is not None and attribution.speaker.span.text == "Velmoran health ministry"


def test_a_caption_without_a_full_stop_lends_no_subject_to_the_lede(analyze):
    # a caption and a headline without full stops, then the lede: the parser read all three as one sentence
    text = ("Rescuers, who were at the Velmora pier when it collapsed, wait for news at a nearby school in the old port\n\n"
            "Council blames contractor after outrage over dozens of deaths\n\n"
            "The harbour council denied responsibility for a collapse at the pier on Tuesday that killed dozens of people.")
    article = analyze(text)
    speakers = [(a.speaker.span.text, a.cue.text) for a in article.attributions if a.speaker and a.cue]
    assert speakers == [("Council", "blames"), ("The harbour council", "denied")]
