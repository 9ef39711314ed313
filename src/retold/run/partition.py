"""The per-partition function every executor calls: inputs in, analysed Articles or Rejections out, in order."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable, Iterator

from retold.errors import Rejection, RetoldError
from retold.model import Article


@dataclass
class Counters:
    """Plain counts, merged by the caller: no executor needs to know what a component does."""

    analysed: int = 0
    failed: int = 0
    words: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def count(self, item: Article | Rejection) -> None:
        if isinstance(item, Rejection):
            self.failed += 1
            self.reasons[item.code] = self.reasons.get(item.code, 0) + 1
        else:
            self.analysed += 1
            self.words += len(item.text.split())

    def merge(self, other: "Counters") -> "Counters":
        reasons = dict(self.reasons)
        for code, n in other.reasons.items():
            reasons[code] = reasons.get(code, 0) + n
        return Counters(self.analysed + other.analysed, self.failed + other.failed, self.words + other.words, reasons)


def process_partition(items: Iterable[Article | Rejection], pipeline=None, chunk_size: int = 32) -> Iterator[Article | Rejection]:
    """Analyse the Articles among `items`, pass Rejections through, keep the order; one failure never stops the rest."""
    if pipeline is None:
        from retold.analyze.pipeline import default_pipeline

        pipeline = default_pipeline()
    iterator = iter(items)
    while chunk := list(islice(iterator, chunk_size)):
        articles = [item for item in chunk if isinstance(item, Article)]
        analysed = dict(zip(map(id, articles), analyze_chunk(pipeline, articles), strict=True))
        for item in chunk:
            yield analysed[id(item)] if isinstance(item, Article) else item


def analyze_chunk(pipeline, articles: list[Article]) -> list[Article | Rejection]:
    """One result per article; should the pipeline fail on the chunk as a whole, each article is tried alone.

    The pipeline already turns a failure on one article into its Rejection: this guards the rest of the chunk against
    a failure outside that (a bug in batching), so one input can only lose itself. A RetoldError (a missing model,
    bad configuration) is no input's fault and stops the run with its message."""
    try:
        results = pipeline.analyze_safely(articles)
    except RetoldError:
        raise
    except Exception:
        results = []  # tried again one by one, where the article that fails gets the reason
    if len(results) == len(articles):
        return results
    return [_analyze_alone(pipeline, article) for article in articles]


def _analyze_alone(pipeline, article: Article) -> Article | Rejection:
    try:
        (result,) = pipeline.analyze_safely([article])
        return result
    except RetoldError:
        raise
    except Exception as error:
        return Rejection(article.source, f"analysis failed: {type(error).__name__}: {error}", "analysis")
