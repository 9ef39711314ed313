"""retold: who said what, which numbers they gave, where sources contradict each other, and how claims drift."""
from __future__ import annotations

from typing import Any

from retold.model import Article

__version__ = "0.1.0"


def analyze(text: str, **metadata: Any) -> Article:
    """Analyse one article's text; metadata (source, title, outlet, published, author, url) is kept on the Article."""
    from retold.analyze.pipeline import default_pipeline

    return default_pipeline().analyze(Article(text=text, **metadata))


__all__ = ["Article", "analyze", "__version__"]
