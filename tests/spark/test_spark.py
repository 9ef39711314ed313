"""One code path: the bundled examples through the local executor and through Spark local[2] give the same store."""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
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
    from retold.run.local import ingest
    from retold.store.connection import open_for_writing
    from retold.store.linking import run_link

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
    from retold.run.spark import spark_ingest
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
    from retold.run.spark import spark_ingest

    out, first = spark_run
    assert first.parts == 2 and first.parts_skipped == 0
    again = spark_ingest(inputs, out, spark, files_per_part=2)
    assert again.parts_skipped == again.parts == 2
    assert again.ingested == first.ingested


def test_rerun_runs_only_the_part_that_did_not_finish(spark, spark_run, inputs):
    from pathlib import Path

    from retold.run.spark import parts_in_flight, spark_ingest

    out, first = spark_run
    markers = sorted(Path(out, "analysed").glob("part-*/_SUCCESS"))
    assert len(markers) == 2
    markers[1].unlink()  # as if the run had died while writing the second part
    again = spark_ingest(inputs, out, spark, files_per_part=2)
    assert (again.parts, again.parts_skipped) == (2, 1)
    assert markers[1].exists() and again.ingested == first.ingested and again.failed == first.failed
    assert [parts_in_flight(2, 64), parts_in_flight(128, 64), parts_in_flight(200, 64), parts_in_flight(8, 2)] == [2, 3, 5, 5]


def test_parquet_tables_have_the_store_columns(spark, spark_run):
    from retold.spark.session import store_columns

    out, _ = spark_run
    for table in ("articles", "quantities", "claims"):
        assert spark.read.parquet(f"{out}/tables/{table}").columns == [name for name, _ in store_columns()[table]]
    for table in ("pairs", "stories", "drifts", "cross_conflicts"):
        assert spark.read.parquet(f"{out}/link/{table}").columns == [name for name, _ in store_columns()[table]]


def _components_by_union_find(nodes: list[int], edges: list[tuple[int, int]]) -> dict[int, int]:
    parent = {node: node for node in nodes}

    def root(node: int) -> int:
        while parent[node] != node:
            node = parent[node]
        return node

    for x, y in edges:
        low, high = sorted((root(x), root(y)))
        parent[high] = low
    return {node: root(node) for node in nodes}


def test_component_labels_are_the_same_on_the_driver_and_by_dataframe_rounds(spark):
    import random

    from retold.spark.stories import components_on_driver, connected_components, propagated_components

    rng = random.Random(3)
    nodes = list(range(0, 400, 2))  # positions need not be consecutive
    edges = [(nodes[i + 1], nodes[i]) for i in range(40)]  # a chain of 41 nodes, linked from its far end
    edges += [(nodes[100], nodes[j]) for j in range(101, 115)]  # a star
    edges += [(rng.choice(nodes[120:]), rng.choice(nodes[120:])) for _ in range(50)]  # a random forest, self-loops too
    expected = _components_by_union_find(nodes, edges)
    node_frame = spark.createDataFrame([(node,) for node in nodes], "pos long")
    edge_frame = spark.createDataFrame(edges, "x long, y long")
    for labels in (components_on_driver(spark, node_frame, edge_frame), propagated_components(spark, node_frame, edge_frame),
                   connected_components(spark, node_frame, edge_frame, on_driver=0)):
        assert dict(labels.collect()) == expected


def test_shuffle_partitions_need_the_spark_engine(tmp_path, capsys):
    from retold.cli import main

    assert main(["ingest", "--shuffle-partitions", "8", "--db", str(tmp_path / "x.duckdb"), str(EXAMPLES[1])]) == 2
    assert "--shuffle-partitions needs --engine spark" in capsys.readouterr().err
    assert main(["ingest", "--engine", "spark", "--shuffle-partitions", "0", "--out", str(tmp_path / "out"), str(EXAMPLES[1])]) == 2
