"""The store's tables, their columns in order and the groups they are written in, all taken from the migrations."""
from __future__ import annotations

import functools

import duckdb

from retold.store.schema import migrate

# The groups say which stage writes a table, which the SQL does not: they are named here once, and
# tests/store/test_store_tables.py checks that together they hold every table the migrations create, each exactly once.
ARTICLE = "articles"  # one row per stored article: its metadata and its whole analysis as `retold.article/1` JSON
# the rows of one article's analysis; each starts with the article's id, which the writer and `retold load` select by
ARTICLE_TABLES = ("sentences", "entities", "attributions", "quantities", "claims", "conflicts", "sources")
# one story's trace (retold.link.trace), replaced per story by an incremental link; claim_members comes first: a member
# names its group, not its story, and finds its story through claim_groups, so it is cleared while its group is there
TRACED_TABLES = ("claim_members", "provenance_edges", "claim_groups", "cross_conflicts", "drifts", "stances")
# the duplicate pairs and stories found over every article, replaced whole by each link
GROUPING_TABLES = ("pairs", "stories", "story_articles")
LINK_TABLES = (*GROUPING_TABLES, *TRACED_TABLES)
RUN_TABLES = ("runs", "failures")  # what each ingest did, and the inputs it could not store
LINK_STATE_TABLES = ("link_story_inputs", "linked_articles")  # what the stored link results were computed from
VERSION_TABLES = ("retold_meta", "migrations")  # the schema version and the migrations applied (made by `migrate`)
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "article": (ARTICLE,), "article analysis": ARTICLE_TABLES, "link": LINK_TABLES, "run": RUN_TABLES,
    "link state": LINK_STATE_TABLES, "version": VERSION_TABLES,
}


@functools.cache
def store_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """Table -> ((column, DuckDB type), ...) in the table's column order, for every table the migrations create."""
    # Read back from a database the migrations built rather than parsed from their SQL: DuckDB is the parser, so
    # ALTER TABLE, defaults and type spellings come out exactly as in every real store, and a new migration needs
    # no change here. An in-memory database costs about 0.15 s, once per process.
    connection = duckdb.connect(":memory:")
    try:
        migrate(connection, ":memory:")
        rows = connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        connection.close()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return {table: tuple(columns) for table, columns in tables.items()}


def columns(table: str) -> tuple[tuple[str, str], ...]:
    """The (column, DuckDB type) pairs of one table, in its order: the order of the values in each of its rows."""
    return store_columns()[table]


def column_names(table: str) -> tuple[str, ...]:
    """The column names of one table, in its order."""
    return tuple(name for name, _ in columns(table))
