"""A body that quotes a claim word for word, with no denial around the quote, is never `disagree` (issue 17)."""
from __future__ import annotations

import numpy as np
import pytest

from retold.stance.features import Vocabulary, prepare_body, tokens
from retold.stance.verbatim import claim_passages, lift_disagree, quotes_unrefuted

CLAIM = '"Every passenger was checked before the ferry left," said harbour master Tomas Rell.'
# a retelling: it quotes the claim, then reports a denial of something else and a contrary account (as the Delmar Gazette)
RETELLING = (
    "The Orlen Times found that 30 passengers boarded the ferry without tickets, far more than the port admitted. "
    "The port had said that all was in order. \"Every passenger was checked before the ferry left,\" harbour master "
    "Tomas Rell said. The ferry company denied that anyone boarded without a ticket. Crew members said dozens did."
)
REFUTED_AFTER = (
    "\"Every passenger was checked before the ferry left,\" harbour master Tomas Rell said. That was not true: crew "
    "members said dozens boarded without tickets."
)
REFUTED_AROUND = "Tomas Rell falsely claimed: \"Every passenger was checked before the ferry left.\" Crew members disagree."
PARAPHRASE = "The harbour master said that all passengers had been checked before the ferry sailed. Crew members denied it."
VOCAB = Vocabulary({}, 1.0)


def body(text: str):
    return prepare_body(text, VOCAB)


def test_a_verbatim_quote_with_a_denial_of_something_else_nearby_counts_as_unrefuted():
    assert quotes_unrefuted(CLAIM, body(RETELLING))


@pytest.mark.parametrize("text", [REFUTED_AFTER, REFUTED_AROUND], ids=["next sentence points back", "same sentence"])
def test_a_quote_with_a_refutation_around_it_is_left_to_the_model(text):
    assert not quotes_unrefuted(CLAIM, body(text))


def test_a_paraphrase_is_not_a_verbatim_quote():
    assert not quotes_unrefuted(CLAIM, body(PARAPHRASE))


def test_a_quoted_title_inside_a_claim_is_not_a_quotation_of_it():
    claim = 'Stunt car stolen from the set of "The Long Night of Harbour Town", director says he knows who took it'
    assert claim_passages(claim) == [tokens(claim)]  # the whole claim only, not the title
    assert not quotes_unrefuted(claim, body("Filming of \"The Long Night of Harbour Town\" resumed on Monday."))


def test_negation_the_claim_itself_carries_is_not_a_refutation():
    claim = "The minister said: \"We will not raise the fuel tax this year.\""
    text = "Speaking in parliament, the minister said: \"We will not raise the fuel tax this year.\" Drivers welcomed it."
    assert quotes_unrefuted(claim, body(text))


def test_lift_disagree_moves_only_quoted_rows_to_discuss():
    probabilities = np.array([[0.2, 0.6, 0.1, 0.1], [0.2, 0.6, 0.1, 0.1]])
    lifted = lift_disagree(probabilities, [True, False])
    assert np.allclose(lifted[0], [0.2, 0.0, 0.7, 0.1]) and np.allclose(lifted[1], probabilities[1])
    assert np.allclose(lifted.sum(axis=1), 1.0)


@pytest.fixture(scope="module")
def model():
    from retold.stance.model import load

    return load()


def test_shipped_model_never_calls_a_verbatim_unrefuted_quote_disagree(model):
    probabilities = model.predict_proba([(CLAIM, RETELLING), (CLAIM, REFUTED_AFTER)])
    labels = model.labels(probabilities)
    assert labels[0] in ("agree", "discuss") and probabilities[0, 1] == 0.0
    assert probabilities[1, 1] > 0.0  # the refuted quote keeps the model's own P(disagree)
