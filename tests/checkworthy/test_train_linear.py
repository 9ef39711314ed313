"""The linear check-worthiness trainer runs on a tiny corpus we write, and its model reads parses as at run time."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn", reason="training needs scikit-learn: pip install -e '.[test]'")

from retold.checkworthy.features import tag_keys, tag_parse  # noqa: E402
from retold.checkworthy.train import fit  # noqa: E402

CHECKABLE = [
    "The council spent {n} million dollars on the bridge last year.",
    "Unemployment in the county rose to {n} percent in March.",
    "The hospital treated {n} patients after the storm on Monday.",
    "Police arrested {n} people at the port on Friday night.",
]
CHATTER = [
    "Thank you all for coming tonight, it is lovely to see you.",
    "Well, I think we should all just calm down a little.",
    "Good evening and welcome to the show, everyone.",
    "Let us see what happens next, shall we?",
]


def test_the_linear_trainer_fits_and_scores_checkable_sentences_above_chatter(nlp):
    texts = [template.format(n=n) for template in CHECKABLE for n in (3, 12, 40, 250, 1200)]
    texts += [line for line in CHATTER for _ in range(5)]
    labels = np.array([1] * 20 + [0] * 20)
    docs = list(nlp.pipe(texts))
    model = fit(texts, [tag_keys(doc) for doc in docs], [tag_parse(doc) for doc in docs], labels, c=1.0)
    tests = ["The mayor said 75 homes were flooded on Sunday.", "Thanks so much, it was a pleasure to be here."]
    scores = model.score_parsed(tests, [tag_parse(doc) for doc in nlp.pipe(tests)])
    assert scores[0] > scores[1]
