"""Check-worthiness: a score in [0, 1] for how much a sentence deserves a fact-checker's time."""
from __future__ import annotations

from retold.checkworthy.model import CheckworthyModel, load_model, score_sentences

__all__ = ["CheckworthyModel", "load_model", "score_sentences"]
