"""The `ingest`, `load` and `export` subcommands: argument parsing, a progress bar, a closing summary, exit codes."""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import nullcontext

from retold.cli.link import link_command
from retold.cli.messages import print_failures, print_skipped
from retold.dates import check_published
from retold.errors import EXIT_INPUT_FAILED, EXIT_OK, UsageError
from retold.ingest import file_kind
from retold.report.progress import Meter
from retold.run.local import ingest as ingest_articles
from retold.store.connection import DEFAULT_DB, reading_store
from retold.store.export import QUERIES, check_choice, claim_review_drafts, default_what, write_jsonl, write_parquet
from retold.store.load import load_parquet
from retold.store.reviews import load_reviews


def add_store_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold ingest`, `retold load` and `retold export` on the CLI's subparsers."""
    ingest = subparsers.add_parser("ingest", help="analyse articles into a DuckDB store (idempotent, resumable, parallel)")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help=".txt .html .jsonl .warc(.gz) file, directory, '-' for stdin, or URL")
    ingest.add_argument("--db", metavar="FILE", help=f"the DuckDB file (default: {DEFAULT_DB} here; with --engine spark: load the results into it)")
    ingest.add_argument("--engine", choices=("local", "spark"), default="local", help="local worker processes (default) or Apache Spark")
    ingest.add_argument("--master", default="local[2]", metavar="URL", help="with --engine spark: local[N], spark://host:7077 or yarn (default: local[2])")
    ingest.add_argument("--out", metavar="DIR", help="with --engine spark: the folder (or Hadoop URI) for the Parquet tables (default: retold-spark)")
    ingest.add_argument("--files-per-part", type=int, default=None, metavar="N",
                        help="with --engine spark: input files per resumable part (default: 64)")
    ingest.add_argument("--shuffle-partitions", type=int, default=None, metavar="N",
                        help="with --engine spark: partitions of the link's shuffles (default: the cluster's "
                             "spark.sql.shuffle.partitions, else 2 x its cores)")
    ingest.add_argument("--workers", type=int, metavar="N", help="worker processes (default: all cores)")
    ingest.add_argument("--outlet", metavar="NAME", help="the outlet that published the articles (overrides what the input says)")
    ingest.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD (overrides what the input says)")
    ingest.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                        help="when another process is writing to the database, wait up to this long for it (default: refuse at once)")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    ingest.add_argument("--no-link", action="store_true", help="do not run `retold link` at the end")
    ingest.set_defaults(handler=_run_ingest)

    load = subparsers.add_parser("load", help="load the Parquet tables of `retold ingest --engine spark` into a DuckDB store")
    load.add_argument("directory", metavar="PARQUET_DIR", help="the --out folder of a Spark ingest")
    load.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the DuckDB file (default: {DEFAULT_DB} here)")
    load.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another writer")
    load.add_argument("--no-link", action="store_true", help="do not run `retold link` when the Spark link results cannot be taken")
    load.set_defaults(handler=lambda args: load_command(args.directory, args.db, args.wait, link=not args.no_link))

    export = subparsers.add_parser("export", help="export the store as JSON Lines, Parquet, or ClaimReview drafts")
    export.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the DuckDB file (default: {DEFAULT_DB} here)")
    export.add_argument("--format", dest="fmt", default="jsonl", metavar="FORMAT", help="jsonl (default), parquet or claimreview")
    export.add_argument("--what", metavar="WHAT", help="articles (default), claims, conflicts, drifts, stories, stances or provenance; "
                        "with claimreview: claims (every contested claim, the default), conflicts or drifts")
    export.add_argument("--out", metavar="PATH", help="write here (default: standard output; Parquet needs a file)")
    export.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    export.set_defaults(handler=_run_export)


def _run_ingest(args: argparse.Namespace) -> int:
    if args.engine == "spark":
        return spark_ingest_command(args.paths, args.out or "retold-spark", args.master, args.db, args.outlet, args.published,
                                    wait=args.wait, link=not args.no_link, files_per_part=args.files_per_part,
                                    shuffle_partitions=args.shuffle_partitions)
    for option in ("out", "files_per_part", "shuffle_partitions"):
        if getattr(args, option) is not None:
            raise UsageError(f"--{option.replace('_', '-')} needs --engine spark")
    return ingest_command(args.paths, args.db or DEFAULT_DB, args.workers, args.outlet, args.published,
                          progress=not args.no_progress, wait=args.wait, link=not args.no_link)


def spark_ingest_command(paths: list[str], out: str, master: str, db: str | None, outlet: str | None, published: str | None,
                         wait: float = 0.0, link: bool = True, files_per_part: int | None = None,
                         shuffle_partitions: int | None = None) -> int:
    """`retold ingest --engine spark`: Parquet tables under `out` (and the link tables), loaded into `db` when given."""
    # the Spark executor is the optional `spark` extra (pyspark, Java): imported only when --engine spark asks for it
    from retold.run.spark import FILES_PER_PART, spark_ingest
    from retold.spark.link import link as spark_link
    from retold.spark.session import start_session

    if files_per_part is not None and files_per_part < 1:
        raise UsageError(f"--files-per-part {files_per_part}: give at least 1")
    if shuffle_partitions is not None and shuffle_partitions < 1:
        raise UsageError(f"--shuffle-partitions {shuffle_partitions}: give at least 1")
    published = check_published(published)
    spark = start_session(master, shuffle_partitions=shuffle_partitions)
    try:
        summary = spark_ingest(paths, out, spark, outlet=outlet, published=published, files_per_part=files_per_part or FILES_PER_PART)
        print_failures(summary.failures)
        reasons = ", ".join(f"{count} {code}" for code, count in sorted(summary.reasons.items()))
        rate = summary.ingested / summary.seconds if summary.seconds else 0.0
        print(f"retold: {summary.ingested} ingested, {summary.failed} failed" + (f" ({reasons})" if reasons else "")
              + f" into {out} ({summary.parts} parts, {summary.parts_skipped} already written) in {summary.seconds:.1f} s"
              + f" ({rate:.1f} articles/s)", file=sys.stderr)
        if link and summary.ingested:
            linked = spark_link(spark, spark.read.parquet(f"{out.rstrip('/')}/tables/articles"), out)
            print(f"retold: linked {linked.articles} articles into {linked.stories} stories on Spark in "
                  f"{linked.seconds:.1f} s", file=sys.stderr)
    finally:
        spark.stop()
    if db:
        load_command(out, db, wait, link=link)
    return EXIT_INPUT_FAILED if summary.failed else EXIT_OK


def load_command(directory: str, db: str, wait: float = 0.0, link: bool = True) -> int:
    """`retold load`: a Spark run's tables into the store; its link tables too when they cover the whole store."""
    if not os.path.isdir(directory):
        raise UsageError(f"{directory!r} is not a folder; give the --out folder of `retold ingest --engine spark`")
    summary = load_parquet(directory, db, wait)
    print(f"retold: {summary.ingested} articles loaded, {summary.skipped} already stored, {summary.failed} failures recorded"
          f" into {db}" + ("; Spark's link results taken" if summary.link_loaded else ""), file=sys.stderr)
    # when the store held other articles the Spark stories do not cover it: what is not linked is linked here
    link_waiting(db, wait, summary.unlinked, summary.ingested, link)
    return EXIT_OK


def link_waiting(db: str, wait: float, unlinked: int, new: int, link: bool, progress: bool = True) -> None:
    """Link the store when it holds articles not linked yet (`new` of them just stored), or say how many wait and how
    to link them: a run killed or stopped before its link, or run with --no-link, is finished by the next one."""
    if not unlinked:
        return
    earlier = unlinked - new
    if not link:
        print(f"retold: {unlinked} article{' waits' if unlinked == 1 else 's wait'} to be linked: run 'retold link --db {db}' "
              "(the next ingest without --no-link links them too)", file=sys.stderr)
        return
    if earlier > 0:
        print(f"retold: {earlier} article{' was' if earlier == 1 else 's were'} stored before but not linked "
              "(a run stopped before its link, or ran with --no-link); linking them now", file=sys.stderr)
    link_command(db, wait, progress=progress)


def _run_export(args: argparse.Namespace) -> int:
    return export_command(args.db, args.fmt, args.what, args.out, progress=not args.no_progress)


def ingest_command(paths: list[str], db: str, workers: int | None, outlet: str | None, published: str | None,
                   progress: bool, wait: float = 0.0, link: bool = True) -> int:
    """`retold ingest`: analyse into the store, show progress on a terminal, print a summary; exit 1 if any input failed."""
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: give at least 1")
    if wait < 0:
        raise UsageError(f"--wait {wait:g}: give a number of seconds, 0 or more")
    published = check_published(published)
    stdin = sys.stdin.buffer if "-" in paths else None
    with Meter(progress) as meter:
        meter.stage("ingesting", _estimate_total(paths) if meter.shown else None)
        summary = ingest_articles(paths, db, workers=workers, outlet=outlet, published=published, stdin=stdin,
                         wait_seconds=wait, on_progress=meter.advance, on_analysis_start=meter.loading_models)
    print_failures(summary.failures)
    print_skipped(summary.not_articles)
    if summary.failed > len(summary.failures):
        print(f"retold: ... and {summary.failed - len(summary.failures)} more failures (see the failures table)", file=sys.stderr)
    reasons = ", ".join(f"{count} {code}" for code, count in sorted(summary.reasons.items()))
    rate = summary.ingested / summary.seconds if summary.seconds else 0.0
    print(
        f"retold: {summary.ingested} ingested, {summary.skipped} skipped (duplicate), {summary.failed} failed"
        + (f" ({reasons})" if reasons else "")
        + f" into {db} in {summary.seconds:.1f} s ({rate:.1f} articles/s)",
        file=sys.stderr,
    )
    # new articles can join stories and change what was retold from what: the link stage runs again
    link_waiting(db, wait, summary.unlinked, summary.ingested, link, progress)
    return EXIT_INPUT_FAILED if summary.failed else EXIT_OK


def export_command(db: str, fmt: str, what: str | None, out: str | None, progress: bool = True) -> int:
    """`retold export`: JSON Lines (stdout without --out), Parquet (needs --out), or a JSON array of ClaimReview drafts.

    Progress on a terminal, unless the export itself is written to that terminal."""
    what = what or default_what(fmt)
    check_choice(fmt, what, out)
    if out and os.path.isdir(out):
        raise UsageError(f"--out {out!r} is a directory; give a file name")
    with reading_store(db) as connection, Meter(progress and (out is not None or not sys.stdout.isatty()), what) as meter:
        if fmt == "parquet":
            meter.stage(f"writing {what} to Parquet")  # one DuckDB statement: no count until it is done
            assert out is not None  # check_choice refused Parquet without --out
            count = write_parquet(connection, what, out)
        elif fmt == "claimreview":
            meter.stage("drafting ClaimReviews")
            # a reader's verdicts (kept beside the store, see retold.store.reviews) rate the drafts
            reviews = claim_review_drafts(connection, what, reviews=load_reviews(db))
            count = len(reviews)
            with _output(out) as stream:
                stream.write(json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
        else:
            meter.stage(f"exporting {what}", _export_total(connection, what) if meter.shown else None)
            with _output(out) as stream:
                count = write_jsonl(connection, what, stream, meter.advance)
    if out:
        label = f"ClaimReview drafts ({what})" if fmt == "claimreview" else "provenance edges" if what == "provenance" else what
        print(f"retold: {count} {label} written to {out}", file=sys.stderr)
    return EXIT_OK


def _export_total(connection, what: str) -> int:
    """How many rows an export will write, for its ETA (stories: its query needs a table prepared while exporting)."""
    query = "SELECT count(*) FROM stories" if what == "stories" else f"SELECT count(*) FROM ({QUERIES[what]})"
    return connection.execute(query).fetchone()[0]


def _output(out: str | None):
    if out is None:
        return nullcontext(sys.stdout)
    return open(out, "w", encoding="utf-8")


def _estimate_total(paths: list[str]) -> int | None:
    """How many documents the inputs hold, for the ETA: files counted, JSONL lines counted; None when unknowable."""
    total = 0
    for path in paths:
        if path == "-":
            total += 1
            continue
        if os.path.isdir(path):
            files = [os.path.join(root, name) for root, dirs, names in os.walk(path)
                     for name in names if not name.startswith(".")]
            # read_directory skips hidden folders too
        elif os.path.exists(path):
            files = [path]
        else:
            total += 1
            continue
        for file in files:
            if "/." in file[len(path):]:
                continue
            kind = file_kind(file)
            if kind is None and file != path:
                continue  # a folder's README or data file is passed over, not read
            if kind == "warc":
                return None  # records of a crawl cannot be counted without reading it through
            total += _count_lines(file) if kind == "jsonl" else 1
    return total


def _count_lines(path: str) -> int:
    try:
        with open(path, "rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 1
