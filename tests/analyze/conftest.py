"""Fixtures shared by the per-component tests: a component run on a text with only the layers it reads."""
from __future__ import annotations

import pytest

from retold.analyze import quantities, sentences
from retold.model import Article


@pytest.fixture(scope="module")
def find(nlp):
    """find(text) -> the quantities of a text, with sentences filled and no attributions."""

    def run(text: str):
        article = Article(text=text)
        doc = nlp(text)
        article.sentences = sentences.run(article, doc)["sentences"]
        article.attributions = []
        return quantities.run(article, doc)["quantities"]

    return run
