"""The per-partition function every executor calls: inputs in, analysed Articles or Rejections out, in order."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from retold.errors import Rejection, RetoldError
from retold.model import Article


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
