"""One code path: the bundled examples through the local executor and through Spark local[2] give the same store."""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "examples" / "story" / "story.jsonl", REPO / "examples" / "port-delmar-fire.txt",
            REPO / "examples" / "delmar-gazette-retelling.html"]
# compared table by table; run ids differ between the two runs by design
COMPARED = {"articles": "id, source, url, title, outlet, published, author, language, text, words, analysis",
            "sentences": "*", "entities": "*", "attributions": "*", "quantities": "*", "claims": "*", "conflicts": "*",
            "sources": "*", "failures": "source, code, reason", "pairs": "*", "stories": "*", "story_articles": "*",
            "provenance_edges": "*", "claim_groups": "*", "claim_members": "*", "cross_conflicts": "*", "drifts": "*",
            "stances": "*"}

if importlib.util.find_spec("pyspark") is None:
    pytest.skip("pyspark is not installed: pip install 'retold[spark]'", allow_module_level=True)
if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
    pytest.skip("no Java runtime (Spark needs Java 17): install it or set JAVA_HOME", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    from retold.spark.session import start_session

    session = start_session("local[2]", "retold-tests", shuffle_partitions=2)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """The examples plus one broken WARC, which both executors must count as a failure, not crash on."""
    folder = tmp_path_factory.mktemp("inputs")
    broken = folder / "broken.warc"
    broken.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nthis is not a complete record")
    return [str(path) for path in EXAMPLES] + [str(broken)]


@pytest.fixture(scope="module")
def local_db(tmp_path_factory, inputs) -> str:
    from retold.link.commands import run_link
    from retold.store.connection import open_for_writing
    from retold.store.ingest import ingest

    db = str(tmp_path_factory.mktemp("local") / "local.duckdb")
    ingest(inputs, db, workers=1)
    connection = open_for_writing(db)
    try:
        run_link(connection, full=True)
    finally:
        connection.close()
    return db


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory, spark, inputs):
    from retold.spark.ingest import spark_ingest
    from retold.spark.link import link

    out = str(tmp_path_factory.mktemp("spark") / "out")
    summary = spark_ingest(inputs, out, spark, files_per_part=2)
    link(spark, spark.read.parquet(f"{out}/tables/articles"), out)
    return out, summary


@pytest.fixture(scope="module")
def spark_db(tmp_path_factory, spark_run) -> str:
    from retold.store.load import load_parquet

    db = str(tmp_path_factory.mktemp("loaded") / "spark.duckdb")
    summary = load_parquet(spark_run[0], db)
    assert summary.link_loaded
    return db


def _rows(db: str, table: str) -> list[tuple]:
    connection = duckdb.connect(db, read_only=True)
    try:
        return sorted(connection.execute(f"SELECT {COMPARED[table]} FROM {table}").fetchall(), key=repr)
    finally:
        connection.close()


@pytest.mark.parametrize("table", sorted(COMPARED))
def test_spark_and_local_executors_store_identical_rows(local_db, spark_db, table):
    local_rows = _rows(local_db, table)
    assert _rows(spark_db, table) == local_rows
    if table in ("articles", "stories", "cross_conflicts", "drifts", "stances", "failures"):
        assert local_rows, f"the examples should give some {table}: the comparison would prove nothing"


def test_bad_input_is_counted_as_a_failure_not_a_crash(spark_run):
    _, summary = spark_run
    assert summary.failed == 1 and summary.reasons == {"malformed": 1}
    assert summary.ingested == 9


def test_rerun_skips_parts_already_written(spark, spark_run, inputs):
    from retold.spark.ingest import spark_ingest

    out, first = spark_run
    assert first.parts == 2 and first.parts_skipped == 0
    again = spark_ingest(inputs, out, spark, files_per_part=2)
    assert again.parts_skipped == again.parts == 2
    assert again.ingested == first.ingested


def test_parquet_tables_have_the_store_columns(spark, spark_run):
    from retold.spark.session import store_columns

    out, _ = spark_run
    for table in ("articles", "quantities", "claims"):
        assert spark.read.parquet(f"{out}/tables/{table}").columns == [name for name, _ in store_columns()[table]]
    for table in ("pairs", "stories", "drifts", "cross_conflicts"):
        assert spark.read.parquet(f"{out}/link/{table}").columns == [name for name, _ in store_columns()[table]]
