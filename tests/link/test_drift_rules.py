"""Drift is measured only where a later sentence retells its source's: reused passages, templates and updates are not drift."""
from __future__ import annotations

import pytest

from retold.link.model import Story
from retold.link.trace import trace_story

BACKGROUND = (
    "The Orvel mine in the Tarn valley was opened by the Halden family in the nineteenth century and employs most of "
    "the town's working men. Its deepest gallery runs under the river and has flooded twice since the war. "
)


@pytest.fixture(scope="module")
def make(analyze):
    def build(text, outlet, published):
        return analyze(text, outlet=outlet, published=published)

    return build


def trace(*articles):
    by_id = {a.id: a for a in articles}
    return trace_story(Story("s", "test", tuple(by_id)), by_id)


def test_a_follow_up_reusing_a_background_paragraph_has_no_drift_along_its_partial_edge(make):
    first = make("A gallery of the Orvel mine collapsed on Monday, trapping 14 miners.\n\n" + BACKGROUND, "Tarn Courier", "2025-03-03")
    follow_up = make(
        "The Orvel mine council voted on Friday to close the river gallery for good. Some 230 miners will be moved to the "
        "north shafts, and 40 apprentices will finish their training in the quarry.\n\n" + BACKGROUND,
        "Tarn Courier", "2025-03-08",
    )
    edges, _, _, drifts, _ = trace(first, follow_up)
    assert [e.kind for e in edges] == ["partial"]
    assert drifts == []  # its own news is not a claim the first report failed to make


def test_two_interviews_on_one_question_template_do_not_drift_on_their_answers(make):
    questions = (
        "We put the same questions to each candidate for the valley council this spring, about the mine, the river "
        "gallery, the school and the bridge tolls. What would you change first at the valley school, and how would the "
        "council pay for it without raising the bridge tolls again?"
    )
    first = make(questions + "\n\nAnna Verhoek answered that she would hire 20 teachers for the valley school.", "Tarn Courier", "2025-04-01")
    second = make(questions + "\n\nPiet Morland answered that he would hire 35 teachers for the valley school.", "Tarn Courier", "2025-04-02")
    edges, _, _, drifts, _ = trace(first, second)
    assert [e.kind for e in edges] == ["partial"]
    assert not [d for d in drifts if "NUMBER_CHANGED" in d.types]


@pytest.fixture(scope="module")
def source(make):
    return make(
        "The Tarn valley health office says at least 500 people have been killed in the collapse of the Orvel mine. "
        "Rescuers pulled 14 miners from the river gallery on Monday.",
        "Tarn Courier", "2025-03-03",
    )


def test_a_retelling_that_names_its_source_and_changes_the_toll_drifts(make, source):
    later = make(
        "About 500 Orvelians were killed in the collapse of the Orvel mine, the Tarn Courier reported. "
        "Rescuers pulled 14 miners from the river gallery.",
        "Valley Post", "2025-03-04",
    )
    _, _, _, drifts, _ = trace(source, later)
    (drift,) = [d for d in drifts if d.span.text.startswith("About 500")]
    assert drift.origin.text == "at least 500 people"
    assert {"CATEGORY_CHANGED", "NUMBER_CHANGED", "HEDGE_CHANGED"} & set(drift.types)


def test_a_toll_that_has_since_risen_is_an_update_not_drift(make):
    first = make("The Tarn valley health office said 12 people were killed in the collapse of the Orvel mine.", "Tarn Courier", "2025-03-03")
    later = make(
        "The Tarn Courier first reported that 12 people were killed in the collapse of the Orvel mine. "
        "The toll has since risen to 31, the health office said on Friday.",
        "Valley Post", "2025-03-07",
    )
    _, _, _, drifts, _ = trace(first, later)
    assert not [d for d in drifts if "31" in d.span.text]


def test_a_summary_that_names_its_source_and_adds_a_figure_of_the_same_fact_has_a_new_claim(make, source):
    later = make(
        "As the Tarn Courier reported, at least 500 people have been killed in the collapse of the Orvel mine, and "
        "rescuers pulled 14 miners from the river gallery. At least 60 miners are still missing.",
        "Valley Post", "2025-03-04",
    )
    edges, _, _, drifts, _ = trace(source, later)
    assert [e.kind for e in edges] in (["summary"], ["citation"], ["partial"])
    (new,) = [d for d in drifts if "60 miners" in d.span.text]
    assert new.types == ("NEW_CLAIM",)


# The story's first report: a toll retold with no provenance edge is compared with the earliest article crediting it
FIRST_REPORT = (
    "The Tarn valley health office says at least 500 people have been killed in the collapse at the Orvel mine. "
    "Rescue teams from three towns were working through the night."
)


def test_a_toll_stated_as_fact_a_day_after_its_first_report_credited_it_drifts_against_that_report(make):
    first = make(FIRST_REPORT, "Tarn Courier", "2025-03-03")
    later = make(
        "About 500 miners were killed in a collapse at a mine in the Tarn valley on Monday. Families gathered at the "
        "gates of the Orvel pit as rescuers searched the lower galleries.",
        "Coast Herald", "2025-03-04",
    )
    _, _, _, drifts, _ = trace(first, later)
    (drift,) = [d for d in drifts if d.span.text.startswith("About 500")]
    assert drift.origin.article == first.id and drift.origin.text == "at least 500 people"
    assert {"ATTRIBUTION_LOST", "NUMBER_CHANGED", "CATEGORY_CHANGED"} <= set(drift.types)
    assert "first report (Tarn Courier)" in drift.explanation


def test_a_bare_toll_in_a_headline_counts_people(make):
    first = make(FIRST_REPORT, "Tarn Courier", "2025-03-03")
    later = make("500 killed in Orvel mine collapse\n\nRescuers searched the flooded galleries of the mine all night.", "Coast Herald", "2025-03-04")
    _, _, _, drifts, _ = trace(first, later)
    (drift,) = [d for d in drifts if d.span.text.startswith("500")]
    assert "ATTRIBUTION_LOST" in drift.types and drift.counted == "people"


def test_another_source_giving_the_same_toll_corroborates_it_and_does_not_drift(make):
    first = make(FIRST_REPORT, "Tarn Courier", "2025-03-03")
    later = make(
        "The regional mining inspectorate said on Tuesday that at least 500 people were killed in the Orvel mine "
        "collapse, and that the river gallery had failed an inspection in May.",
        "Coast Herald", "2025-03-04",
    )
    _, _, _, drifts, _ = trace(first, later)
    assert not [d for d in drifts if "500" in d.span.text]


def test_a_toll_of_another_event_in_the_story_is_not_compared_with_the_first_report(make):
    first = make(FIRST_REPORT, "Tarn Courier", "2025-03-03")
    later = make(
        "In a separate incident on Tuesday, about 500 people were evacuated from flooded farms in the lower valley, "
        "the county said. Dozens were killed in a landslide near the border crossing.",
        "Coast Herald", "2025-03-04",
    )
    _, _, _, drifts, _ = trace(first, later)
    assert drifts == []


def test_two_credited_reports_of_one_day_are_not_each_others_first_report(make):
    first = make(FIRST_REPORT, "Tarn Courier", "2025-03-03")
    same_day = make(
        "The Tarn valley health office said more than 500 people had been killed in the collapse at the Orvel mine, "
        "as rescue teams worked through the night.",
        "Coast Herald", "2025-03-03",
    )
    _, _, _, drifts, _ = trace(first, same_day)
    assert drifts == []


def test_a_figure_that_counts_who_speaks_is_no_claim_of_the_story(make):
    from retold.link.alignment import StoryVoices, quantity_claims

    for text in ("Two mine officials said on Monday that at least 40 people were evacuated from the Orvel mine.",
                 "At least 40 people were evacuated from the Orvel mine, three rescue workers told the Valley Post."):
        article = make(text, "Coast Herald", "2025-03-04")
        claims = [c.quantity.span.text for c in quantity_claims(article, StoryVoices(("Coast Herald",)))]
        assert any("40 people" in claim for claim in claims)
        assert not any("officials" in claim or "workers" in claim for claim in claims), claims


def test_among_first_reports_of_one_day_the_one_a_figure_departs_from_least_is_its_origin(make):
    vague = make("The Tarn valley health office says hundreds of people have been killed in the collapse at the Orvel mine.",
                 "Tarn Courier", "2025-03-03")
    exact = make(FIRST_REPORT, "Mine Weekly", "2025-03-03")
    later = make(
        "At least 500 people were killed in the collapse at the Orvel mine in the Tarn valley. Families gathered at the "
        "gates of the pit on Tuesday.", "Coast Herald", "2025-03-04",
    )
    _, _, _, drifts, _ = trace(vague, exact, later)
    (drift,) = [d for d in drifts if d.span.text.startswith("At least 500")]
    assert drift.origin.article == exact.id and drift.types == ("ATTRIBUTION_LOST",)



def test_a_first_report_figure_that_only_counts_another_noun_says_which_figures(make):
    first = make(FIRST_REPORT, "Tarn Courier", "2025-03-03")
    later = make("The Tarn valley health office said at least 500 miners have been killed in the collapse at the Orvel "
                 "mine. Rescue teams worked through the night.", "Coast Herald", "2025-03-04")
    _, _, _, drifts, _ = trace(first, later)
    (drift,) = [d for d in drifts if "CATEGORY_CHANGED" in d.types]
    assert drift.types == ("CATEGORY_CHANGED",)
    assert "“at least 500 people” → “at least 500 miners”" in drift.explanation and ": ;" not in drift.explanation
