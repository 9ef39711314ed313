"""The per-partition function every executor calls: inputs in, analysed Articles or Rejections out, in order."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Iterable, Iterator

from retold.errors import Rejection
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
        analysed = dict(zip(map(id, articles), pipeline.analyze_safely(articles)))
        for item in chunk:
            yield analysed[id(item)] if isinstance(item, Article) else item
