"""retold: who said what, which numbers they gave, where sources contradict each other, and how claims drift."""
from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from retold.errors import Rejection, RetoldError
from retold.model import Article
from retold.version import __version__

# The subpackage retold.analyze shares its name with the function below. Importing a subpackage for the first time
# sets it as an attribute of its parent, which would replace the function: import it here, before the function is
# defined, so that no later import (ours or a caller's `import retold.analyze.pipeline`) is a first one.
importlib.import_module("retold.analyze")

# what a caller may say about a text; the other fields of an Article are what the analysis fills in
METADATA = ("source", "title", "outlet", "published", "author", "url", "language", "links")


def analyze(text: str, **metadata: Any) -> Article:
    """Analyse one article's text; metadata (source, title, outlet, published, author, url) is kept on the Article."""
    # here, not above: every `import retold.x` runs this file first, and the pipeline imports spaCy and every component
    from retold.analyze.pipeline import default_pipeline

    return default_pipeline().analyze(_article(text, metadata, "analyze"))


def analyze_many(texts: Iterable[str | tuple[str, Mapping[str, Any]]], batch_size: int | None = None) -> Iterator[Article]:
    """Analyse texts, or (text, metadata) pairs, lazily and in order, parsing `batch_size` texts together (nlp.pipe's way).

    Takes the path `retold analyze` takes (run.partition.process_partition). A bad item raises TypeError when it is
    reached; a text the analysis rejects (too long, the parser failed) raises RetoldError, as `analyze` does."""
    from retold.analyze.pipeline import default_pipeline  # here: spaCy and the components (see analyze)

    if isinstance(texts, (str, bytes)):
        raise TypeError("analyze_many: give an iterable of texts (a list, a generator); for one text call analyze")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"analyze_many: batch_size must be a whole number, 1 or more (got {batch_size!r})")
    pipeline = default_pipeline() if batch_size in (None, default_pipeline().config.batch_size) else _pipeline(batch_size)
    return _analyze_stream(texts, pipeline)


def _analyze_stream(texts: Iterable, pipeline) -> Iterator[Article]:
    # here, not above: the executor's package sits above the store and the readers, which `import retold.x` must not load
    from retold.run.partition import process_partition

    articles = (_item_article(item, position) for position, item in enumerate(texts))
    # results come in the order of the items, so a result's position is the item's
    for position, result in enumerate(process_partition(articles, pipeline, chunk_size=pipeline.config.batch_size)):
        if isinstance(result, Rejection):
            raise RetoldError(f"analyze_many: item {position} ({result.source}): {result.reason}")
        yield result


def _item_article(item: Any, position: int) -> Article:
    """An Article from one item of analyze_many: a text, or a (text, metadata) pair."""
    if isinstance(item, str):
        return _article(item, {}, f"analyze_many: item {position}")
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Mapping):
        return _article(item[0], item[1], f"analyze_many: item {position}")
    raise TypeError(f"analyze_many: item {position} ({_kind(item)}) is neither a text (str) nor a (text, metadata dict) pair")


def _article(text: Any, metadata: Mapping[str, Any], where: str) -> Article:
    """An Article from a text and the caller's metadata, refusing what is not a text or not a metadata field."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: the text is of type {_kind(text)}, not str")
    unknown = sorted(str(key) for key in metadata if key not in METADATA)
    if unknown:
        raise TypeError(f"{where}: {', '.join(map(repr, unknown))} is not article metadata; give any of {', '.join(METADATA)}")
    return Article(text=text, **metadata)


def _kind(value: Any) -> str:
    return f"{type(value).__name__} of {len(value)}" if isinstance(value, (tuple, list)) else type(value).__name__


@functools.lru_cache(maxsize=4)
def _pipeline(batch_size: int):
    """The default pipeline's components with another parse batch size (spaCy itself is loaded once per process)."""
    # here: spaCy and the components (see analyze)
    from retold.analyze.pipeline import Pipeline, default_components, default_pipeline

    return Pipeline(default_components(), dataclasses.replace(default_pipeline().config, batch_size=batch_size))


__all__ = ["Article", "__version__", "analyze", "analyze_many"]
