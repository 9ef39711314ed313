"""Fixtures shared by the per-component tests: a component run on a text with only the layers it reads."""
from __future__ import annotations

import pytest

from retold.analyze import attribution, quantities, sentences
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


@pytest.fixture(scope="module")
def attribute(nlp):
    """attribute(text) -> Article with sentences, entities and attributions (spaCy + the two components only)."""

    def run(text: str) -> Article:
        article = Article(text=text)
        doc = nlp(text)
        for layer, records in sentences.run(article, doc).items():
            setattr(article, layer, records)
        article.attributions = attribution.run(article, doc)["attributions"]
        article.check()
        return article

    return run


@pytest.fixture(scope="module")
def attributions_of(attribute):
    """attributions_of(text) -> the attribution records of a text."""
    return lambda text: attribute(text).attributions
