"""Placeholder until the provenance component lands: returns no records."""
from __future__ import annotations

from retold.model import Article


def run(article: Article, doc) -> dict[str, list]:
    return {"sources": []}
