"""What a run did (an ingest, local or on Spark; `retold load`; a Spark link): one set of counts that adds up across
chunks, workers and parts, so no executor needs to know what a component does."""
from __future__ import annotations

from dataclasses import dataclass, field

from retold.errors import Rejection
from retold.ingest import SKIPPED_EXAMPLES, Skipped
from retold.model import Article

MAX_REPORTED_FAILURES = 50  # failures named one by one; the rest are counted (and kept in the store's failures table)


@dataclass
class RunSummary:
    """Counts of one run, the first failures with their reasons, and how long it took; `merge` adds two together."""

    run_id: str = ""
    out: str = ""  # a Spark run's output folder (or Hadoop URI)
    analysed: int = 0  # documents analysed into articles
    ingested: int = 0  # articles stored by this run (`retold load`: loaded into the store)
    skipped: int = 0  # articles already stored, or twice in the inputs
    failed: int = 0
    words: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # failures by code
    failures: list[Rejection] = field(default_factory=list)  # the first MAX_REPORTED_FAILURES, in input order
    not_articles: Skipped = field(default_factory=Skipped)  # files a folder walk passed over (a README): no failure
    parts: int = 0  # a Spark ingest's parts, and how many an earlier run had written already
    parts_skipped: int = 0
    articles: int = 0  # a link's articles, near-duplicate pairs and stories
    pairs: int = 0
    stories: int = 0
    unlinked: int = 0  # stored articles the stored link results do not cover yet: a state of the store, not a count
    link_loaded: bool = False  # `retold load` took the Spark link results
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds by stage, in the order they ran

    def count(self, item: Article | Rejection) -> None:
        """Count one result of `process_partition`: an analysed article or a failure."""
        if isinstance(item, Rejection):
            self.count_failure(item)
        else:
            self.analysed += 1
            self.words += len(item.text.split())

    def count_failure(self, rejection: Rejection) -> None:
        self.failed += 1
        self.reasons[rejection.code] = self.reasons.get(rejection.code, 0) + 1
        if len(self.failures) < MAX_REPORTED_FAILURES:
            self.failures.append(rejection)

    def merge(self, other: RunSummary) -> RunSummary:
        """Add `other`'s counts (a chunk's, a worker's, a part's) to this run's, and return this run's summary.

        Counts and times add up, failures stay in order (the first few named), identity fields (run id, output, the
        store's unlinked count) stay this run's."""
        for name in ("analysed", "ingested", "skipped", "failed", "words", "parts", "parts_skipped", "articles", "pairs", "stories"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for code, n in other.reasons.items():
            self.reasons[code] = self.reasons.get(code, 0) + n
        self.failures.extend(other.failures[: MAX_REPORTED_FAILURES - len(self.failures)])
        self.not_articles.count += other.not_articles.count
        room = max(0, SKIPPED_EXAMPLES - len(self.not_articles.examples))
        self.not_articles.examples.extend(other.not_articles.examples[:room])
        self.link_loaded = self.link_loaded or other.link_loaded
        self.seconds += other.seconds
        for stage, seconds in other.stages.items():
            self.stages[stage] = self.stages.get(stage, 0.0) + seconds
        return self
