"""Spark's Python daemon with retold's modules imported before it forks workers, so no worker pays the imports again."""
from __future__ import annotations

from pyspark.daemon import manager

# imported for their side effect: forked workers inherit them (spaCy, numpy, datasketch take seconds to import)
import retold.analyze.pipeline  # noqa: F401
import retold.link.stories  # noqa: F401
import retold.link.trace  # noqa: F401
import retold.run.partition  # noqa: F401
import retold.store.writer  # noqa: F401

if __name__ == "__main__":
    manager()
