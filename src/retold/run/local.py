"""The local executor: read the inputs, skip what is stored, analyse in worker processes (each calling
`process_partition`), write in the main one; `retold ingest` as a library call."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import suppress
from typing import BinaryIO

from retold.errors import Rejection, RetoldError
from retold.ingest import read_inputs
from retold.model import Article
from retold.run.partition import process_partition
from retold.store.connection import writing_store
from retold.store.reader import count_unlinked
from retold.store.runs import RunSummary
from retold.store.writer import PreparedArticle, StoreWriter, prepare_article

CHUNK_SIZE = 4  # articles per task: small enough that a kill loses little work, large enough to amortise the IPC


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def ingest(
    paths: Sequence[str],
    db: str,
    *,
    workers: int | None = None,
    outlet: str | None = None,
    published: str | None = None,
    stdin: BinaryIO | None = None,
    wait_seconds: float = 0.0,
    on_progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_analysis_start: Callable[[], None] | None = None,
) -> RunSummary:
    """Analyse the inputs into the database at `db`; articles already stored (same text) are skipped, not redone.

    `on_analysis_start` is called once, before the first new article goes to analysis (when the models load)."""
    workers = workers or default_workers()
    started = time.monotonic()
    with writing_store(db, wait_seconds) as connection:
        writer = StoreWriter(connection)
        stored = writer.stored_ids()
        run_id = writer.start_run(" ".join(["ingest", *map(str, paths)]), workers=workers)
        summary = RunSummary(run_id)
        try:
            items = read_inputs(paths, outlet=outlet, published=published, stdin=stdin, skipped=summary.not_articles)
            work = _announced(_new_work(items, stored, summary, chunk_size, on_progress), on_analysis_start)
            _write(writer, _analyse(work, workers, run_id), summary, on_progress)
        except BaseException as error:
            _stop_run(writer, summary, error)
            raise
        writer.finish_run(run_id, summary)
        summary.unlinked = count_unlinked(connection)
    summary.seconds = time.monotonic() - started
    return summary


def _write(writer: StoreWriter, analysed: Iterable[list[PreparedArticle | Rejection]], summary: RunSummary,
           on_progress: Callable[[int], None] | None) -> None:
    """Write each analysed chunk in its own transaction, and add what it held to the run's counts."""
    analyser_recorded = False
    for results in analysed:
        written = set(writer.write_batch(summary.run_id, results, summary))
        chunk = RunSummary(summary.run_id)
        for item in results:
            if isinstance(item, Rejection):
                chunk.count_failure(item)
            elif item.id in written:
                chunk.ingested += 1
                chunk.words += item.words
                if not analyser_recorded:
                    writer.set_analyser(summary.run_id, item.analyser)
                    analyser_recorded = True
            else:
                chunk.skipped += 1
        summary.merge(chunk)
        if on_progress:
            on_progress(len(results))


def _stop_run(writer: StoreWriter, summary: RunSummary, error: BaseException) -> None:
    """Finish a run that an error stopped, with what it counted and why, so no caught error leaves it looking killed."""
    reason = "interrupted" if isinstance(error, KeyboardInterrupt) else " ".join(f"{type(error).__name__}: {error}".split())
    # best effort: when the store itself failed (a full disk) this write fails too, and the first error is the one to report
    with suppress(Exception):
        writer.finish_run(summary.run_id, summary, reason)


def _new_work(
    items: Iterable[Article | Rejection],
    stored: set[str],
    summary: RunSummary,
    chunk_size: int,
    on_progress: Callable[[int], None] | None,
) -> Iterator[list[Article | Rejection]]:
    """Chunks of articles not stored yet; reader rejections ride along with the next chunk so they are stored too."""
    chunk: list[Article | Rejection] = []
    for item in items:
        if isinstance(item, Article):
            if item.id in stored:
                summary.skipped += 1  # the same text is already stored, or comes twice in this run
                if on_progress:
                    on_progress(1)
                continue
            stored.add(item.id)
        chunk.append(item)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _announced(batches: Iterator[list[Article | Rejection]], on_start: Callable[[], None] | None) -> Iterator[list[Article | Rejection]]:
    """The chunks, with `on_start` called before the first: a run with nothing new loads no model and says nothing."""
    for number, batch in enumerate(batches):
        if number == 0 and on_start is not None:
            on_start()
        yield batch


def _analyse(batches: Iterable[list[Article | Rejection]], workers: int, run_id: str) -> Iterator[list[PreparedArticle | Rejection]]:
    """Analysed chunks as table rows (Rejections kept): in this process for one worker, else in a bounded pool."""
    if workers <= 1:
        from retold.analyze.pipeline import default_pipeline

        for batch in batches:
            # built on the first new article only: a run with nothing new never loads spaCy
            yield [_as_result(item, run_id) for item in process_partition(batch, default_pipeline())]
        return
    import multiprocessing

    # spawn, not fork: the parent holds a DuckDB connection and its threads, which a forked child must never inherit
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        pending: set[Future] = set()
        iterator = iter(batches)
        exhausted = False
        while pending or not exhausted:
            # keep at most two chunks per worker in flight: a huge input never sits in memory
            while not exhausted and len(pending) < 2 * workers:
                chunk = next(iterator, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.add(pool.submit(_analyse_chunk, chunk, run_id))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    yield future.result()
                except Exception as error:
                    if type(error).__name__ == "BrokenProcessPool":
                        raise RetoldError(
                            "a worker process died (out of memory?); what was written is kept: run 'retold ingest' again to resume"
                        ) from None
                    raise


def _as_result(item: Article | Rejection, run_id: str) -> PreparedArticle | Rejection:
    return item if isinstance(item, Rejection) else prepare_article(item, run_id)


def _start_worker(parent: int) -> None:
    """Load the pipeline once per worker, and leave when the parent dies (kill -9 gives no chance to tell us)."""
    from retold.analyze.pipeline import default_pipeline

    _ = default_pipeline().nlp  # load spaCy now, not inside the first task; default_pipeline keeps it for the process

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()


def _analyse_chunk(batch: list[Article | Rejection], run_id: str) -> list[PreparedArticle | Rejection]:
    """Run in a worker: the same per-partition function every executor calls; rows are built here, not by the writer."""
    from retold.analyze.pipeline import default_pipeline

    return [_as_result(item, run_id) for item in process_partition(batch, default_pipeline())]
