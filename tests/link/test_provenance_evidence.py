"""Provenance edges need evidence a reader can check: shared passages for a copy, a citation for a summary.

The texts are written for these tests (invented towns, outlets and people)."""
from __future__ import annotations

import pytest

from retold.link.model import DuplicatePair
from retold.link.provenance import find_provenance
from retold.model import Article, Source

MARSH = (
    "The regional council of Ostvale approved a plan on Tuesday to drain part of the Linden marsh for a new freight depot. "
    "The vote passed by eleven votes to seven after a debate that lasted most of the afternoon. "
    "Farmers along the eastern dyke said the depot would bring lorries past their fields at all hours of the night. "
    "The council expects building work to begin next spring and to finish within two years. "
    "A group of residents has already asked the provincial court to review whether the environmental study was complete. "
    "The marsh is home to several rare wading birds that stop there every autumn on their way south."
)
QUESTIONS = [
    "What first drew you to local politics, and what do you hope to change in your first year on the council?",
    "How would you pay for the repairs to the old bridge without raising the tax on small shops in the centre?",
    "Which decision of the current council do you think was the worst one, and what would you have done instead?",
]


def interview(answers: list[str]) -> str:
    """One interview of the series: the same questions, the candidate's own answers."""
    return "\n\n".join(f"{question}\n\n{answer}" for question, answer in zip(QUESTIONS, answers))


def trace(*articles: Article, pairs=()):
    return find_provenance("s", list(articles), pairs)


def test_a_verbatim_repost_is_a_repost_and_says_how_much_it_repeats() -> None:
    original = Article(MARSH, outlet="Ostvale Courier", published="2025-03-04")
    repost = Article(MARSH + "\n\nThis report first appeared in the Ostvale Courier.\n\nRead more from Dyke Radio online.",
                     outlet="Dyke Radio", published="2025-03-05")
    (edge,) = trace(repost, original)
    assert (edge.source, edge.target, edge.kind) == (original.id, repost.id, "repost")
    assert "6 of its" in edge.evidence and "word for word" in edge.evidence
    assert "“The regional council of Ostvale approved" in edge.evidence  # the passage is quoted from its start


def test_interviews_on_one_question_template_with_different_answers_are_not_reposts() -> None:
    first = Article(interview([
        "I grew up above my parents' bakery and saw how slowly the council answered their letters.",
        "The province has a fund for old bridges, and we have never once applied to it.",
        "Closing the night bus was a mistake; I would have cut the budget for the new town hall.",
    ]), outlet="Ostvale Courier", published="2025-03-01")
    second = Article(interview([
        "Honestly, a neighbour talked me into it after the flood last winter.",
        "Tolls for lorries crossing the bridge would cover most of it within ten years.",
        "Selling the harbour warehouse so cheaply, without asking anyone in the town first.",
    ]), outlet="Ostvale Courier", published="2025-03-08")
    pair = DuplicatePair(first.id, second.id, "repost", 0.5, 0.7, "hint")  # the near-duplicate stage may call it a repost
    edges = trace(first, second, pairs=[pair])
    assert [e.kind for e in edges] in ([], ["partial"])
    if edges:
        assert "What first drew you to local politics" in edges[0].evidence or "How would you pay" in edges[0].evidence


def test_a_common_quotation_and_names_make_no_edge() -> None:
    quote = "“We will not let the marsh disappear while I am mayor of this town,” said Mayor Hanne Brink of Ostvale."
    first = Article(f"Protesters gathered outside the Ostvale town hall at dawn. {quote} Police watched from the square.",
                    outlet="Ostvale Courier", published="2025-03-04")
    second = Article(f"{quote} A petition against the depot has reached four thousand names, organisers in Linden told reporters.",
                     outlet="Dyke Radio", published="2025-03-05")
    assert trace(first, second) == []


def test_two_copies_of_one_wire_story_are_siblings_not_copy_and_original() -> None:
    wire = "OSTVALE, March 4 (Reuters) - " + MARSH
    first = Article(wire, outlet="Harbour Times", published="2025-03-04")
    first.sources = [Source("outlet", "Reuters", evidence=first.span(0, 28))]
    second = Article(wire + "\n\nOur correspondent adds that the depot plan has divided the town.",
                     outlet="Valley Post", published="2025-03-04")
    second.sources = [Source("outlet", "Reuters", evidence=second.span(0, 28))]
    (edge,) = trace(first, second)
    assert edge.kind == "repost"
    assert "both carry the Reuters wire story" in edge.evidence and "neither copied the other" in edge.evidence
    assert "(Reuters)" in edge.evidence  # the words that credit the wire, for the reader to check


def test_a_citation_names_the_outlet_and_quotes_the_citing_words() -> None:
    original = Article(MARSH, outlet="Ostvale Courier", published="2025-03-04")
    later = Article("Shares in the freight firm Norrport rose on Wednesday. The company hopes to run the planned depot, "
                    "the Ostvale Courier reported on Tuesday.", outlet="Market Wire", published="2025-03-05")
    (edge,) = trace(original, later)
    assert (edge.source, edge.target, edge.kind) == (original.id, later.id, "citation")
    assert "names Ostvale Courier" in edge.evidence and "the Ostvale Courier reported" in edge.evidence


def test_a_near_duplicate_pair_alone_is_no_evidence() -> None:
    original = Article(MARSH, outlet="Ostvale Courier", published="2025-03-04")
    rewrite = Article("Ostvale's council voted to drain a slice of the Linden marsh so a freight depot can be built there.",
                      outlet="Dyke Radio", published="2025-03-05")
    pair = DuplicatePair(original.id, rewrite.id, "partial", 0.3, 0.6, "hint")
    assert trace(original, rewrite, pairs=[pair]) == []


@pytest.mark.parametrize("lifted", [2, 3])
def test_lifted_sentences_make_a_partial_copy_that_quotes_the_longest_passage(lifted: int) -> None:
    original = Article(MARSH, outlet="Ostvale Courier", published="2025-03-04")
    sentences = MARSH.split(". ")
    text = "Birdwatchers in Linden are worried. " + ". ".join(sentences[2 : 2 + lifted]) + ". They plan a count next month."
    later = Article(text, outlet="Dyke Radio", published="2025-03-05")
    (edge,) = trace(original, later)
    assert edge.kind == "partial"
    assert "word for word, the longest" in edge.evidence and "“Farmers along the eastern dyke" in edge.evidence


def test_a_sentence_retold_with_a_changed_figure_counts_as_shared() -> None:
    original = Article(MARSH, outlet="Ostvale Courier", published="2025-03-04")
    later = Article(
        "The vote passed by twelve votes to seven after a debate that lasted most of the afternoon. "
        "The council expects building work to begin next summer and to finish within two years.",
        outlet="Dyke Radio", published="2025-03-05",
    )
    (edge,) = trace(original, later)
    assert edge.kind == "partial" and "with a few words changed" in edge.evidence
