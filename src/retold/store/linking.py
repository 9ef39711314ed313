"""Link a store: read every stored article, run the link stages (incrementally), and replace the stored link results."""
from __future__ import annotations

import time

from retold.link.incremental import link_incrementally
from retold.store.reader import count_rows, load_articles, story_fingerprints
from retold.store.writer import write_incremental_link_result


def run_link(connection, full: bool = False, meter=None) -> tuple[int, int, float]:
    """Link every stored article and replace the stored link results: (articles, stories, seconds).

    Incremental unless `full`: a story whose articles and pairs are unchanged keeps its stored trace. A `meter`
    (report.progress.Meter) shows each stage; reading is counted article by article."""
    started = time.perf_counter()
    articles = []
    if meter is not None:
        meter.stage("reading articles", count_rows(connection, "articles") if meter.shown else None)
    for article in load_articles(connection):
        articles.append(article)
        if meter is not None:
            meter.advance()
    if meter is not None:
        # the stages run over the corpus as a whole: no count to show, only that it works and for how long
        meter.stage(f"linking {len(articles)} article{'' if len(articles) == 1 else 's'} (stories, provenance, conflicts, drift)")
    linked = link_incrementally(articles, {} if full else story_fingerprints(connection))
    if meter is not None:
        meter.stage("writing the results")
    write_incremental_link_result(connection, linked.result, linked.kept, linked.fingerprints, linked.articles)
    return len(articles), len(linked.result.stories), time.perf_counter() - started
