"""Stances within a story: each article's stance toward the claim of each aligned claim group, by the shipped model."""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from retold.link.alignment import article_span, sentence_of
from retold.link.model import ArticleSpan, ClaimGroup, Stance
from retold.link.provenance import publication_order
from retold.model import Article

if TYPE_CHECKING:
    import numpy as np


class StancePredictor(Protocol):
    """What the link stage needs of a stance model (retold.stance.model.StanceModel has it)."""

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...

    def labels(self, probabilities: np.ndarray) -> list[str]: ...


# the model only, never its results: a story's stances depend on nothing but the story (STYLE lesson 3)
@functools.cache
def stance_model() -> StancePredictor:
    """The shipped stance model, loaded on first use and kept for the rest of the process."""
    from retold.stance.model import load

    return load()


def group_claim(group: ClaimGroup, articles: Mapping[str, Article]) -> ArticleSpan:
    """The words a group's stances are taken toward: the sentence holding its earliest-published member.

    A member's own span can be a bare figure ('28 cars') or a clause cut after the cue; the stance model was trained on
    headline-like claims, so the whole sentence is what it is asked about."""
    rank = {article.id: index for index, article in enumerate(publication_order([articles[m.article] for m in group.members]))}
    first = min(group.members, key=lambda m: (rank[m.article], m.span.start, m.span.end))
    article = articles[first.article]
    return article_span(article.id, sentence_of(article, article.span(first.span.start, first.span.end)))


def find_stances(
    story: str, articles: Mapping[str, Article], groups: Sequence[ClaimGroup], model: StancePredictor | None = None
) -> list[Stance]:
    """Every article's stance toward every group's claim, members included, by group then article id.

    All (claim, body) pairs of the story go to the model in one call, so each body is prepared once for all claims."""
    from retold.stance.fnc import LABELS

    if not groups or not articles:
        return []  # no claim to take a stance toward: the model is not even loaded
    model = model or stance_model()
    ordered = [articles[article_id] for article_id in sorted(articles)]
    claims = [group_claim(group, articles) for group in groups]
    probabilities = model.predict_proba([(claim.text, article.text) for claim in claims for article in ordered])
    labels = model.labels(probabilities)
    targets = [(group, claim, article) for group, claim in zip(groups, claims) for article in ordered]
    return [
        Stance(story, group.id, article.id, label, claim, **{name: float(p) for name, p in zip(LABELS, row)})  # type: ignore[arg-type]
        for (group, claim, article), label, row in zip(targets, labels, probabilities)
    ]
