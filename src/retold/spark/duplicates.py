"""Near-duplicate pairs as DataFrame operations: the stages of retold.link.duplicates, each row computed by its own
functions, with the band buckets and cited keys as the blocking keys (joins and groupBys, never all pairs)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from types import SimpleNamespace

import numpy as np

from retold.link import duplicates as local
from retold.link.events import event_anchor
from retold.link.stories import extract_features, mentioned_keys
from retold.model import article_from_json
from retold.spark.session import rows_frame


def prepare_articles(spark, articles):
    """One row per article with its input position and what every stage reads (a map over the stored JSON).

    Positions follow the local link's order (published, nulls last, then id) so ties break the same way."""
    from pyspark.sql import functions as F

    ordered = articles.select("id", "published", "analysis").orderBy(F.col("published").asc_nulls_last(), "id")

    def prepare(pair) -> tuple:
        row, position = pair
        article = article_from_json(json.loads(row.analysis))
        features = extract_features(article)
        return (position, article.id, article.published, list(local.shingle_sequence(article.text)),
                sorted(local.cited_keys(article)), sorted(local.citing_keys(article)), sorted(mentioned_keys(features)),
                sorted(local.facts_of(article)), features.counts, features.surfaces, event_anchor(article).key())

    schema = ("pos long, id string, published string, sequence array<long>, cited array<string>, citing array<string>, "
              "mentioned array<string>, facts array<string>, counts map<string,int>, surfaces map<string,string>, anchor string")
    return rows_frame(spark, ordered.rdd.zipWithIndex().map(prepare), schema)


def strip_boilerplate(spark, prepared, n: int):
    """Each article's shingle sequence without the shingles found in too many articles (a count by shingle)."""
    from pyspark.sql import functions as F

    limit = local.boilerplate_limit(n)
    counts = prepared.select(F.explode(F.array_distinct("sequence")).alias("shingle")).groupBy("shingle").count()
    common = counts.where(F.col("count") > limit).select("shingle")
    # the boilerplate set is small by construction (each member is in > limit articles): a broadcast, not a join per shingle
    ignore = frozenset(row.shingle for row in common.collect())
    if not ignore:
        return prepared
    shared = spark.sparkContext.broadcast(np.array(sorted(ignore), dtype=np.int64))

    @F.pandas_udf("array<long>")  # type: ignore[call-overload]  # pyspark's stubs lack the one-argument form it documents
    def strip(sequences):
        # a batch of sequences (Arrow, not pickled lists) filtered as one flat array, then cut back into rows in order
        import pandas

        if not len(sequences):
            return sequences
        lengths = sequences.map(len).to_numpy()
        flat = np.concatenate([np.asarray(sequence, dtype=np.int64) for sequence in sequences])
        keep = ~np.isin(flat, shared.value)
        bounds = np.concatenate([[0], np.cumsum(lengths)])
        kept = np.concatenate([[0], np.cumsum(keep)])[bounds]
        return pandas.Series(np.split(flat[keep], kept[1:-1]))

    return prepared.withColumn("sequence", strip("sequence"))


SIGNATURE_BATCH = 1000  # articles signed at once: a task's memory stays bounded however many articles its partition holds


def band_rows(rows: Iterable) -> Iterator[tuple[int, int]]:
    """(bucket key, position) for every band of every chunk signature of the articles in one partition."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == SIGNATURE_BATCH:
            yield from _band_batch(batch)
            batch = []
    if batch:
        yield from _band_batch(batch)


def _band_batch(batch: list) -> Iterator[tuple[int, int]]:
    # signatures are computed article by article, so signing in batches gives the keys of signing the partition at once
    shingled = [local.Shingled(row.id, row.pos, tuple(row.sequence), frozenset(row.sequence)) for row in batch]
    keys, positions = local.band_keys(local.compute_signatures(shingled))
    for key, index in zip(keys.tolist(), positions.tolist()):
        yield int(key), int(batch[index].pos)


def bucket_pairs(row) -> Iterator[tuple[int, int]]:
    """The candidate pairs of one bucket, as `candidate_pairs` makes them (members in position order, capped)."""
    yield from local.pairs_in_bucket(sorted(set(row.members)))


def _view(row) -> tuple[SimpleNamespace, local.Shingled]:
    sequence = tuple(row.sequence)
    return SimpleNamespace(id=row.id, published=row.published), local.Shingled(row.id, row.pos, sequence, frozenset(sequence))


def verify(pair_row) -> list[tuple]:
    """One candidate pair verified and classed by `verify_pairs` (positions ordered as in the local run)."""
    left, right = _view(pair_row.l), _view(pair_row.r)
    # the pair check reads only .id and .published of an article: a namespace stands in for the full record
    found = local.verify_pairs([left[0], right[0]], [left[1], right[1]], [(0, 1)])  # type: ignore[list-item]
    return [(p.a, p.b, p.kind, p.similarity, p.containment, p.evidence) for p in found]


def summary(row) -> list[tuple]:
    """One citing pair checked by `summary_pair`, as `find_summary_pairs` checks it."""
    earlier, later = row.e, row.l
    found = local.summary_pair(
        SimpleNamespace(id=earlier.id, published=earlier.published), SimpleNamespace(id=later.id, published=later.published),
        (earlier.pos, later.pos), row.key, (set(earlier.facts), set(later.facts)), (frozenset(earlier.sequence), frozenset(later.sequence)),
    )
    return [(found.a, found.b, found.kind, found.similarity, found.containment, found.evidence)] if found else []


PAIR_SCHEMA = "a string, b string, kind string, similarity double, containment double, evidence string"


def find_pairs(spark, prepared, n: int):
    """Reposts, partial copies and citing summaries: the DataFrame of `find_duplicate_pairs`'s pairs."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    stripped = strip_boilerplate(spark, prepared, n).select("pos", "id", "published", "sequence", "facts", "cited", "citing").cache()
    bands = rows_frame(spark, stripped.rdd.mapPartitions(band_rows), "key long, pos long")
    buckets = bands.groupBy("key").agg(F.collect_set("pos").alias("members")).where(F.size("members") > 1)
    candidates = rows_frame(spark, buckets.rdd.flatMap(bucket_pairs), "left long, right long").distinct()
    side = stripped.select("pos", "id", "published", "sequence")
    joined = (candidates.join(side.select(F.col("pos").alias("left"), F.struct(*side.columns).alias("l")), "left")
              .join(side.select(F.col("pos").alias("right"), F.struct(*side.columns).alias("r")), "right"))
    verified_rows = joined.rdd.flatMap(verify)
    verified = rows_frame(spark, verified_rows, PAIR_SCHEMA).cache()
    known = verified.select(F.least("a", "b").alias("ka"), F.greatest("a", "b").alias("kb"))

    # citation blocking: a key cited by more than CITATION_CAP articles is too vague to check
    cited = stripped.select("pos", F.explode("cited").alias("key"))
    sizes = cited.groupBy("key").count().where(F.col("count") <= local.CITATION_CAP).select("key")
    citing = stripped.select(F.col("pos").alias("later"), F.explode("citing").alias("key"))
    links = (citing.join(sizes, "key").join(cited.withColumnRenamed("pos", "earlier"), "key")
             .where(F.col("earlier") != F.col("later")))
    # each unordered pair is checked once, from the direction and key the local loop meets first: lowest later, then key
    links = links.withColumn("x", F.least("earlier", "later")).withColumn("y", F.greatest("earlier", "later"))
    first = Window.partitionBy("x", "y").orderBy("later", "key")
    links = links.withColumn("rank", F.row_number().over(first)).where("rank = 1")
    view = stripped.select("pos", "id", "published", "sequence", "facts")
    links = (links.join(view.select(F.col("pos").alias("earlier"), F.struct(*view.columns).alias("e")), "earlier")
             .join(view.select(F.col("pos").alias("later"), F.struct(*view.columns).alias("l")), "later"))
    # a pair already found by its text is not checked as a summary (ids are distinct, so ids name the pair)
    links = links.join(known, (F.least("e.id", "l.id") == F.col("ka")) & (F.greatest("e.id", "l.id") == F.col("kb")), "left_anti")
    summaries = rows_frame(spark, links.rdd.flatMap(summary), PAIR_SCHEMA)
    return verified.unionByName(summaries), stripped
