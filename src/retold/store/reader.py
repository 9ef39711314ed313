"""Reading the store back: analysed Articles, streamed, and the link results as records."""
from __future__ import annotations

import json
from collections.abc import Iterator

from retold.model import Article, article_from_json

BATCH = 256


def load_articles(connection, ids: list[str] | None = None) -> Iterator[Article]:
    """Every stored article (or those named), rebuilt exactly from its stored JSON, streamed in batches."""
    if ids is None:
        cursor = connection.execute("SELECT analysis FROM articles ORDER BY published NULLS LAST, id")
    else:
        cursor = connection.execute("SELECT analysis FROM articles WHERE list_contains($1, id) ORDER BY id", [list(ids)])
    while rows := cursor.fetchmany(BATCH):
        for (analysis,) in rows:
            yield article_from_json(json.loads(analysis))


def count_rows(connection, table: str) -> int:
    """The number of rows in one of the store's tables."""
    return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def count_unlinked(connection) -> int:
    """How many stored articles the stored link results were not computed from: the next ingest or link links them."""
    return connection.execute(
        "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM linked_articles)"
    ).fetchone()[0]


def story_fingerprints(connection) -> dict[str, str]:
    """Story id -> the fingerprint of the inputs its stored trace was computed from (see retold.link.incremental)."""
    rows = connection.execute("SELECT story_id, fingerprint FROM link_story_inputs").fetchall()
    return {story_id: fingerprint for story_id, fingerprint in rows}
