"""The cross-article stages on Spark: pairs and stories as DataFrame operations, then each story traced by the local
`trace_story` in a groupBy(story_id).applyInPandas; results written as Parquet with the store's link tables' columns."""
from __future__ import annotations

import json
import time

from retold.link.model import DuplicatePair, LinkResult, Story
from retold.link.stories import StorySettings
from retold.store.runs import RunSummary
from retold.store.tables import TRACED_TABLES


def _trace_group(frame):
    """Run in a Spark task: one story's trace by the local function, as (table, JSON row) rows of the link tables."""
    import pandas

    from retold.link.trace import trace_story
    from retold.model import article_from_json
    from retold.store.writer import link_rows

    story = None
    articles = {}
    pairs = []
    for kind, payload in zip(frame["kind"], frame["payload"]):
        data = json.loads(payload)
        if kind == "story":
            story = Story(data["id"], data["label"], tuple(data["articles"]), data["start"], data["end"], tuple(data["terms"]))
        elif kind == "article":
            article = article_from_json(data)
            articles[article.id] = article
        else:
            pairs.append(DuplicatePair(**data))
    rows: list[tuple[str, str]] = []
    if story is not None:
        pairs.sort(key=lambda p: (p.a, p.b))  # the order of the local run's pair list
        found = trace_story(story, articles, pairs)  # the stance model loads once per Python worker, on its first story
        traced = link_rows(LinkResult(edges=found.edges, groups=found.groups, conflicts=found.conflicts, drifts=found.drifts,
                                      stances=found.stances))
        rows = [(table, json.dumps(row)) for table in TRACED_TABLES for row in traced[table]]
    return pandas.DataFrame(rows, columns=["table", "row"])


def trace(spark, articles, stories, pairs):
    """Every story of two articles or more traced on its own (a groupBy on the story id): rows tagged by table."""
    from pyspark.sql import functions as F

    big = stories.where(F.size("articles") >= 2)
    story_payload = big.select(F.col("id").alias("story_id"), F.lit("story").alias("kind"),
                               F.to_json(F.struct("id", "label", "articles", "start", "end", "terms")).alias("payload"))
    membership = big.select(F.col("id").alias("story_id"), F.explode("articles").alias("article_id"))
    article_payload = (membership.join(articles.select(F.col("id").alias("article_id"), "analysis"), "article_id")
                       .select("story_id", F.lit("article").alias("kind"), F.col("analysis").alias("payload")))
    pair_payload = (pairs.join(membership.withColumnRenamed("article_id", "a"), "a")
                    .join(membership.select(F.col("story_id").alias("story_b"), F.col("article_id").alias("b")), "b")
                    .where(F.col("story_id") == F.col("story_b"))
                    .select("story_id", F.lit("pair").alias("kind"),
                            F.to_json(F.struct("a", "b", "kind", "similarity", "containment", "evidence")).alias("payload")))
    payloads = story_payload.unionByName(article_payload).unionByName(pair_payload)
    return payloads.groupBy("story_id").applyInPandas(_trace_group, "table string, row string")


def link(spark, articles, out: str, settings: StorySettings = StorySettings()) -> RunSummary:
    """Pairs, stories and every story's trace of the `articles` DataFrame (id, published, analysis), written under out/link/.

    The summary counts articles, pairs and stories, and times each stage in `stages` (the stages are lazy: a stage's
    time includes its inputs); `seconds` is their sum."""
    from pyspark.sql import functions as F

    from retold.spark import duplicates
    from retold.spark import stories as spark_stories
    from retold.spark.session import table_schema
    from retold.store.writer import pair_row, story_article_rows, story_row

    summary = RunSummary()
    started = time.perf_counter()
    articles = articles.select("id", "published", "analysis").cache()
    prepared = duplicates.prepare_articles(spark, articles).cache()
    summary.articles = n = prepared.count()
    summary.stages["prepare"] = time.perf_counter() - started
    mark = time.perf_counter()
    pairs, _ = duplicates.find_pairs(spark, prepared, n)
    pairs = pairs.localCheckpoint()
    summary.pairs = pairs.count()
    summary.stages["pairs"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stories = spark_stories.find_stories(spark, prepared, pairs, n, settings).localCheckpoint()
    summary.stories = stories.count()
    summary.stages["stories"] = time.perf_counter() - mark
    mark = time.perf_counter()
    base = out.rstrip("/") + "/link"
    pair_rows = pairs.rdd.map(pair_row)
    spark.createDataFrame(pair_rows, table_schema("pairs")).write.mode("overwrite").parquet(f"{base}/pairs")
    story_rows = stories.rdd.map(story_row)
    spark.createDataFrame(story_rows, table_schema("stories")).write.mode("overwrite").parquet(f"{base}/stories")
    member_rows = stories.rdd.flatMap(story_article_rows)
    spark.createDataFrame(member_rows, table_schema("story_articles")).write.mode("overwrite").parquet(f"{base}/story_articles")
    summary.stages["write"] = time.perf_counter() - mark
    mark = time.perf_counter()
    traced = trace(spark, articles, stories, pairs).localCheckpoint()
    for table in TRACED_TABLES:
        rows = traced.where(F.col("table") == table).rdd.map(lambda r: tuple(json.loads(r.row)))
        spark.createDataFrame(rows, table_schema(table)).write.mode("overwrite").parquet(f"{base}/{table}")
    summary.stages["trace"] = time.perf_counter() - mark
    summary.seconds = sum(summary.stages.values())
    articles.unpersist()
    prepared.unpersist()
    return summary
