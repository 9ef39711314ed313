"""`retold load`: a Spark run's Parquet tables brought into the embedded DuckDB store, for browsing and export."""
from __future__ import annotations

import glob
import json
import os

from retold.errors import UsageError
from retold.store.connection import writing_store
from retold.store.reader import count_unlinked
from retold.store.runs import RunSummary
from retold.store.tables import ARTICLE_TABLES, LINK_TABLES
from retold.store.transaction import transaction


def _parquet(folder: str) -> str | None:
    """The glob of a table's Parquet files, or None when the table was not written."""
    if not glob.glob(os.path.join(folder, "*.parquet")):
        return None
    return os.path.join(folder, "*.parquet").replace("'", "''")  # used inside SQL string literals


def _columns(connection, table: str) -> list[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [row[0] for row in rows]


def load_parquet(directory: str, db: str, wait: float = 0.0) -> RunSummary:
    """Insert the articles of a Spark run not stored yet; take its link tables when the store held no other articles.

    The summary counts the articles loaded as `ingested`, those already stored as `skipped`, the failure rows the
    Spark run recorded as `failed`; `unlinked` is what no stored link covers (the loaded articles unless Spark's link
    results were taken, `link_loaded`)."""
    tables = os.path.join(directory, "tables")
    articles = _parquet(os.path.join(tables, "articles"))
    if articles is None:
        raise UsageError(f"{directory} holds no tables/articles/*.parquet; give the --out folder of `retold ingest --engine spark`")
    manifest = _manifest(directory)
    summary = RunSummary(manifest["run_id"] if manifest else "")
    with writing_store(db, wait) as connection:
        had_articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
        with transaction(connection):
            connection.execute(
                f"CREATE TEMP TABLE new_ids AS SELECT DISTINCT id FROM read_parquet('{articles}') WHERE id NOT IN (SELECT id FROM articles)"
            )
            summary.ingested = connection.execute("SELECT count(*) FROM new_ids").fetchone()[0]
            summary.skipped = connection.execute(f"SELECT count(*) FROM read_parquet('{articles}')").fetchone()[0] - summary.ingested
            columns = ", ".join(_columns(connection, "articles"))
            connection.execute(f"INSERT INTO articles ({columns}) SELECT {columns} FROM read_parquet('{articles}') WHERE id IN (SELECT id FROM new_ids)")
            for table in ARTICLE_TABLES:
                source = _parquet(os.path.join(tables, table))
                if source is None:
                    continue
                columns = ", ".join(_columns(connection, table))
                connection.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM read_parquet('{source}') WHERE article_id IN (SELECT id FROM new_ids)"
                )
            failures = _parquet(os.path.join(tables, "failures"))
            if failures is not None:
                summary.failed = connection.execute(f"SELECT count(*) FROM read_parquet('{failures}')").fetchone()[0]
                connection.execute(f"INSERT INTO failures SELECT run_id, source, code, reason, failed_at FROM read_parquet('{failures}')")
            if manifest and not connection.execute("SELECT 1 FROM runs WHERE id = ?", [manifest["run_id"]]).fetchone():
                connection.execute(
                    "INSERT INTO runs (id, started, finished, retold_version, command, analyser, workers, ingested, skipped, failed) "
                    "VALUES (?, current_timestamp, current_timestamp, ?, ?, ?, ?, ?, ?, ?)",
                    [manifest["run_id"], manifest.get("retold_version"), manifest.get("command"), json.dumps(manifest.get("analyser", {})),
                     manifest.get("workers"), summary.ingested, summary.skipped, manifest.get("failed", 0)],
                )
            link = os.path.join(directory, "link")
            if not had_articles and _link_covers(connection, link, articles):
                # the Spark link results cover exactly these articles: they replace whatever link results were there
                for table in LINK_TABLES:
                    connection.execute(f"DELETE FROM {table}")
                    source = _parquet(os.path.join(link, table))
                    if source is not None:
                        columns = ", ".join(_columns(connection, table))
                        connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM read_parquet('{source}')")
                connection.execute("DELETE FROM link_story_inputs")  # no fingerprints: the next local link traces every story
                connection.execute("DELETE FROM linked_articles")
                connection.execute("INSERT INTO linked_articles SELECT id FROM articles")  # every one: _link_covers checked it
                summary.link_loaded = True
        summary.unlinked = count_unlinked(connection)
    return summary


def _link_covers(connection, link: str, articles: str) -> bool:
    """Whether the Spark link tables were computed from exactly these articles (every article is in one story)."""
    members = _parquet(os.path.join(link, "story_articles"))
    if members is None or _parquet(os.path.join(link, "stories")) is None:
        return False
    missing = connection.execute(
        f"SELECT count(*) FROM (SELECT id FROM read_parquet('{articles}') EXCEPT SELECT article_id FROM read_parquet('{members}'))"
    ).fetchone()[0]
    extra = connection.execute(
        f"SELECT count(*) FROM (SELECT article_id FROM read_parquet('{members}') EXCEPT SELECT id FROM read_parquet('{articles}'))"
    ).fetchone()[0]
    return missing == 0 and extra == 0


def _manifest(directory: str) -> dict | None:
    """The run record `retold ingest --engine spark` wrote beside its tables (OUT/run/part-*.txt), if any."""
    for path in sorted(glob.glob(os.path.join(directory, "run", "part-*"))):
        with open(path, encoding="utf-8") as stream:
            text = stream.read().strip()
        if text:
            return json.loads(text)
    return None
