"""The Spark executor, `retold ingest --engine spark`: input files (listed as the local executor lists them) split
across Spark tasks, each calling `process_partition`, written as Parquet tables with the DuckDB store's columns.

Work is done in parts (a fixed run of input files, named by a digest of their names); each part is one Spark job that
writes `OUT/analysed/PART/` and Spark's `_SUCCESS` marker on commit. A rerun skips the parts that have the marker, so
a failed job loses only the parts in flight. The store tables under `OUT/tables/` are rebuilt from every part.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from retold.errors import Rejection
from retold.ingest import Skipped, list_article_files, override_metadata, read_file
from retold.model import Article
from retold.run.partition import process_partition
from retold.store.runs import RunSummary
from retold.store.tables import ARTICLE, ARTICLE_TABLES

FILES_PER_PART = 64  # fixed, not derived from the cluster: part names must not change when a rerun uses another master
ANALYSED_COLUMNS = (("file_index", "INTEGER"), ("item_index", "INTEGER"), ("source", "VARCHAR"), ("article_id", "VARCHAR"),
                    ("analysis", "VARCHAR"), ("code", "VARCHAR"), ("reason", "VARCHAR"))


@dataclass(frozen=True)
class InputFile:
    """One input file: where Spark reads it, the name the local executor would give it, and whether it was named."""

    index: int
    uri: str
    name: str
    explicit: bool  # named on the command line (read even with an unknown extension), not found in a directory
    local: bool


def is_hadoop_uri(path: str) -> bool:
    """A URI Spark reads through Hadoop (hdfs://, s3a://, gs://...), not a local path or an http(s) page."""
    return "://" in path and not path.startswith(("file://", "http://", "https://"))


def list_inputs(paths: Sequence[str], spark=None, skipped: Skipped | None = None) -> tuple[list[InputFile], list[Rejection]]:
    """Input files in the order the local executor reads them: a local folder by the local executor's own walk
    (sorted, hidden entries and files that are not articles left out, those counted in `skipped`)."""
    files: list[InputFile] = []
    rejections: list[Rejection] = []

    def add(uri: str, name: str, explicit: bool, local: bool) -> None:
        files.append(InputFile(len(files), uri, name, explicit, local))

    for path in paths:
        if path == "-" or path.startswith(("http://", "https://")):
            rejections.append(Rejection(path, "the Spark engine reads files and Hadoop URIs; use the local engine for stdin and URLs", "unsupported"))
        elif is_hadoop_uri(path):
            for uri in _hadoop_files(spark, path):
                add(uri, uri, uri == path, False)
        else:
            local = path[len("file://"):] if path.startswith("file://") else path
            if os.path.isdir(local):
                for found in list_article_files(local, skipped):
                    if isinstance(found, Rejection):
                        rejections.append(found)
                    else:
                        add(os.path.abspath(found), found, False, True)
            elif os.path.exists(local):
                add(os.path.abspath(local), local, True, True)
            else:
                rejections.append(Rejection(path, "no such file or directory", "unreadable"))
    return files, rejections


def _hadoop_files(spark, uri: str) -> list[str]:
    """The files under a Hadoop URI (a file, a folder or a glob), sorted, hidden ones skipped, via Hadoop's FileSystem."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    filesystem = path.getFileSystem(conf)
    statuses = filesystem.globStatus(path) or []
    found: list[str] = []
    for status in statuses:
        if status.isDirectory():
            listing = filesystem.listFiles(status.getPath(), True)
            while listing.hasNext():
                found.append(listing.next().getPath().toString())
        else:
            found.append(status.getPath().toString())
    return sorted(f for f in found if not any(part.startswith((".", "_")) for part in f.split("/")[3:]))


def part_name(files: Sequence[InputFile]) -> str:
    """A part's folder name: a digest of its files' names, so a rerun over the same inputs finds it again."""
    digest = hashlib.sha256("\n".join(f.uri for f in files).encode("utf-8")).hexdigest()[:16]
    return f"part-{files[0].index:06d}-{digest}"


def read_unit(file: InputFile, data: bytes | None = None) -> Iterator[Article | Rejection]:
    """The documents of one input file, read by the local readers; a file that cannot be read is one Rejection."""
    try:
        if data is None:
            # read by absolute path (a worker's directory may differ), named as the local executor names it
            for item in read_file(file.uri, explicit=file.explicit):
                _rename_source(item, file.uri, file.name)
                yield item
            return
        # bytes fetched by Hadoop: the local readers take a file, so they get a private copy with the same extension
        suffix = "".join(os.path.basename(file.name).partition(".")[1:]) or ""
        with tempfile.TemporaryDirectory(prefix="retold-spark-") as folder:
            copy = os.path.join(folder, "input" + ("." + suffix if suffix else ""))
            with open(copy, "wb") as stream:
                stream.write(data)
            for item in read_file(copy, explicit=file.explicit):
                _rename_source(item, copy, file.name)
                yield item
    except Exception as error:  # one unreadable file is counted as a failure, never the end of the job
        yield Rejection(file.name, f"cannot read the file: {type(error).__name__}: {error}", "unreadable")


def _rename_source(item: Article | Rejection, copy: str, name: str) -> None:
    if item.source and item.source.startswith(copy):
        replaced = name + item.source[len(copy):]
        if isinstance(item, Rejection):
            object.__setattr__(item, "source", replaced)
        else:
            item.source = replaced


def analyse_files(units: Iterable[tuple[InputFile, bytes | None]], outlet: str | None, published: str | None) -> Iterator[tuple]:
    """Run in a Spark task: each file's documents through `process_partition`, as rows of the `analysed` table."""
    from retold.analyze.pipeline import default_pipeline

    pipeline = default_pipeline()  # built once per Python worker process (Spark reuses workers), spaCy with it
    for file, data in units:
        items = override_metadata(read_unit(file, data), outlet, published)
        for number, item in enumerate(process_partition(items, pipeline)):
            if isinstance(item, Rejection):
                yield (file.index, number, item.source, None, None, item.code, item.reason)
            else:
                yield (file.index, number, item.source, item.id, json.dumps(item.to_json(), ensure_ascii=False), None, None)


def _analysed_schema():
    from pyspark.sql import types

    from retold.spark.session import spark_type

    return types.StructType([types.StructField(name, spark_type(kind), True) for name, kind in ANALYSED_COLUMNS])


def _exists(spark, uri: str) -> bool:
    """Whether a file exists, through Hadoop's FileSystem so the output may live on HDFS or S3 too."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return bool(path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path))


def run_part(spark, files: Sequence[InputFile], target: str, outlet: str | None, published: str | None) -> None:
    """One Spark job: the part's files, one per task, analysed and written to `target` (with `_SUCCESS` on commit)."""
    sc = spark.sparkContext
    local = [f for f in files if f.local]
    remote = [f for f in files if not f.local]
    rdds = []
    if local:
        rdds.append(sc.parallelize([(f, None) for f in local], len(local)))
    if remote:
        by_uri = {f.uri: f for f in remote}
        blobs = sc.binaryFiles(",".join(by_uri), minPartitions=len(remote))
        rdds.append(blobs.map(lambda pair: (by_uri[pair[0]], pair[1])))
    rdd = rdds[0] if len(rdds) == 1 else sc.union(rdds)
    rows = rdd.mapPartitions(lambda units: analyse_files(units, outlet, published))
    spark.createDataFrame(rows, _analysed_schema()).write.mode("overwrite").parquet(target)


def parts_in_flight(cores: int, files_per_part: int) -> int:
    """Parts submitted at once: enough to fill every core with one task a file, and one more so that a part's last,
    slowest files do not leave the other cores idle."""
    return max(2, -(-cores // max(files_per_part, 1)) + 1)


def run_parts(spark, pending: Sequence[tuple[Sequence[InputFile], str]], outlet: str | None, published: str | None,
              in_flight: int) -> None:
    """Run each (files, target) part as its own Spark job, `in_flight` jobs at a time (Spark schedules them together).

    A part is still the unit a rerun skips; a failed part stops the parts not yet started and is raised."""
    if in_flight <= 1 or len(pending) <= 1:
        for files, target in pending:
            run_part(spark, files, target, outlet, published)
        return
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="retold-part")
    try:
        futures = [pool.submit(run_part, spark, files, target, outlet, published) for files, target in pending]
        for future in futures:
            future.result()
    finally:
        # on a failure the parts still queued are dropped; those running finish and stay written for the rerun
        pool.shutdown(wait=True, cancel_futures=True)


def spark_ingest(paths: Sequence[str], out: str, spark, *, outlet: str | None = None, published: str | None = None,
                 files_per_part: int = FILES_PER_PART) -> RunSummary:
    """Analyse the inputs with Spark into Parquet tables under `out`; parts already written by an earlier run are skipped."""
    started = time.monotonic()
    summary = RunSummary(uuid.uuid4().hex[:16], out)
    files, rejections = list_inputs(paths, spark, summary.not_articles)
    parts = [files[i : i + files_per_part] for i in range(0, len(files), files_per_part)]
    targets, pending = [], []
    for part in parts:
        target = f"{out.rstrip('/')}/analysed/{part_name(part)}"
        targets.append(target)
        summary.parts += 1
        if _exists(spark, target + "/_SUCCESS"):
            summary.parts_skipped += 1
        else:
            pending.append((part, target))
    run_parts(spark, pending, outlet, published, parts_in_flight(spark.sparkContext.defaultParallelism, files_per_part))
    counts, analyser = write_tables(spark, targets, out, summary.run_id, rejections)
    summary.merge(counts)
    summary.seconds = time.monotonic() - started
    _write_manifest(spark, out, summary, list(paths), analyser)
    return summary


def write_tables(spark, targets: Sequence[str], out: str, run_id: str, rejections: Sequence[Rejection]) -> tuple[RunSummary, dict]:
    """The store's article tables and failures under `out/tables/`, rebuilt from every part (an article once); their
    counts (the listing's failures, then the parts') and the analyser that wrote them."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from retold.model import article_from_json
    from retold.spark.session import table_schema
    from retold.store.writer import article_rows

    base = out.rstrip("/") + "/tables"
    analysed = spark.read.schema(_analysed_schema()).parquet(*targets) if targets else spark.createDataFrame([], _analysed_schema())
    articles = analysed.where(F.col("article_id").isNotNull())
    # the first occurrence of a text wins, as in the store (an article id is a content hash)
    first = Window.partitionBy("article_id").orderBy("file_index", "item_index")
    articles = articles.withColumn("rank", F.row_number().over(first)).where("rank = 1").select("analysis")

    def rows_of(record) -> Iterator[tuple[str, tuple]]:
        # the stored JSON rebuilt as the typed Article the local writer's rows come from (it writes it back unchanged)
        for table, rows in article_rows(article_from_json(json.loads(record.analysis)), run_id).items():
            for row in rows:
                yield table, row

    tagged = articles.rdd.flatMap(rows_of).cache()
    try:
        for table in (ARTICLE, *ARTICLE_TABLES):
            rows = tagged.filter(lambda pair, table=table: pair[0] == table).map(lambda pair: pair[1])
            spark.createDataFrame(rows, table_schema(table)).write.mode("overwrite").parquet(f"{base}/{table}")
    finally:
        tagged.unpersist()
    failed = analysed.where(F.col("code").isNotNull()).select("source", "code", "reason", "file_index", "item_index")
    failed_rows = [Rejection(r.source, r.reason, r.code) for r in failed.orderBy("file_index", "item_index").collect()]
    failures = list(rejections) + failed_rows
    now = datetime.now()
    failure_rows = [(run_id, f.source, f.code, f.reason, now) for f in failures]
    spark.createDataFrame(failure_rows, table_schema("failures")).write.mode("overwrite").parquet(f"{base}/failures")
    listed, analysed_parts = RunSummary(run_id), RunSummary(run_id)
    for rejection in rejections:
        listed.count_failure(rejection)
    for rejection in failed_rows:
        analysed_parts.count_failure(rejection)
    analysed_parts.ingested = spark.read.parquet(f"{base}/articles").count()
    sample = spark.read.parquet(f"{base}/articles").select("analysis").limit(1).collect()
    analyser = json.loads(sample[0].analysis).get("analyser", {}) if sample else {}
    return listed.merge(analysed_parts), analyser


def _write_manifest(spark, out: str, summary: RunSummary, paths: list[str], analyser: dict) -> None:
    """OUT/run.json: what `retold load` records as the run (through Hadoop, so OUT may be remote)."""
    from retold import __version__

    manifest = {"run_id": summary.run_id, "command": " ".join(["ingest --engine spark", *paths]), "retold_version": __version__,
                "analyser": analyser, "ingested": summary.ingested, "failed": summary.failed, "seconds": round(summary.seconds, 3),
                "workers": spark.sparkContext.defaultParallelism}
    spark.createDataFrame([(json.dumps(manifest),)], "value string").coalesce(1).write.mode("overwrite").text(f"{out.rstrip('/')}/run")
