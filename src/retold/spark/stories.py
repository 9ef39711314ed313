"""Stories as DataFrame operations: document frequencies (a count by feature), TF-IDF vectors and blocking keys (a join
and a map), neighbours scored within blocks (a join on the key), citation edges (a join of citing on cited keys),
connected components by min-label propagation, then the same average-linkage merge and story description per
component (a groupBy on the component).

Average linkage never merges across components (a missing edge counts as 0), so merging each component apart gives
the stories of the local run; the local functions of retold.link.stories do the arithmetic, in the same order, with
the same `StorySettings`."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace

from retold.link import stories as local
from retold.link.stories import StorySettings
from retold.spark.session import rows_frame

MAX_ITERATIONS = 100
COMPONENTS_ON_DRIVER = 20_000_000  # edges: up to this many (about 320 MB as numpy arrays) components are found on the driver


def vectors(spark, prepared, n: int, settings: StorySettings = StorySettings()):
    """Per article: its TF-IDF vector and blocking keys, as `tfidf_vector` and `blocking_keys` compute them."""
    from pyspark.sql import functions as F

    counts = prepared.select("pos", F.explode("counts").alias("key", "times"))
    frequencies = counts.groupBy("key").agg(F.count("*").alias("frequency"))
    # three arrays of one order, not an array of structs: each struct would become a Python Row, several times the cost
    features = F.collect_list(F.struct("key", "times", "frequency"))
    joined = (counts.join(frequencies, "key").groupBy("pos").agg(features.alias("features"))
              .select("pos", F.col("features.key").alias("keys"), F.col("features.times").alias("times"),
                      F.col("features.frequency").alias("frequencies")))

    def vector(row) -> tuple:
        feature = local.Features("", dict(zip(row.keys, row.times)), {})
        known = Counter(dict(zip(row.keys, row.frequencies)))
        weights = local.tfidf_vector(feature, known, n, settings.entity_weight)
        keys = local.blocking_keys(weights, known, settings.block_keys, settings.posting_cap)
        # the vector travels as JSON because its order is the order `cosine` sums in; the block weights as numbers for SQL
        return row.pos, json.dumps(list(weights.items())), keys, [weights[key] for key in keys]

    computed = rows_frame(spark, joined.rdd.map(vector), "pos long, vector string, keys array<string>, weights array<double>")
    # an article without features has an empty vector, as in the local run
    return prepared.select("pos").join(computed, "pos", "left").select(
        "pos", F.coalesce("vector", F.lit("[]")).alias("vector"), F.coalesce("keys", F.array().cast("array<string>")).alias("keys"),
        F.coalesce("weights", F.array().cast("array<double>")).alias("weights"))


def _neighbours(row, neighbours: int) -> Iterator[tuple]:
    """One article's best-scored candidates, summed in the order of its blocking keys as `similarity_edges` sums them."""
    scores: dict[int, float] = {}
    for _, other, contribution in sorted(zip(row.ranks, row.others, row.contributions)):
        scores[other] = scores.get(other, 0.0) + contribution
    for rank, other in enumerate(local.best_neighbours(scores, neighbours)):
        yield row.pos, other, rank


def _edge(row) -> list[tuple]:
    """A candidate pair's similarity, from the direction the local loop meets first (and the other if that one failed)."""
    vector = {row.x: dict(json.loads(row.vx)), row.y: dict(json.loads(row.vy))}
    published = {row.x: row.px, row.y: row.py}
    anchor = {row.x: row.ax, row.y: row.ay}
    for first, second, rank in sorted((d.pos, d.other, d.rank) for d in row.directions):
        similarity = local.pair_similarity(vector[first], vector[second], (published[first], published[second]),
                                           (anchor[first], anchor[second]))
        if similarity >= local.LINK_MIN:
            return [(row.x, row.y, similarity, first, rank)]
    return []


def similarity_edges(spark, prepared, vectored, settings: StorySettings = StorySettings()):
    """The (x, y, similarity) edges of `similarity_edges`, with the order the local dict would hold them in."""
    from pyspark.sql import functions as F

    blocks = (vectored.select("pos", F.posexplode(F.arrays_zip("keys", "weights")).alias("rank", "block"))
              .select("pos", "rank", F.col("block.keys").alias("key"), F.col("block.weights").alias("weight")))
    others = blocks.select(F.col("pos").alias("other"), "key", F.col("weight").alias("other_weight"))
    hits = (blocks.join(others, "key").where(F.col("pos") != F.col("other"))
            .select("pos", "rank", "other", (F.col("weight") * F.col("other_weight")).alias("contribution")))
    # within one key the local loop walks the posting list in position order: (rank, other) is the order of the sums;
    # parallel arrays, not an array of structs, because each struct would become a Python Row
    grouped = (hits.groupBy("pos").agg(F.collect_list(F.struct("rank", "other", "contribution")).alias("hits"))
               .select("pos", F.col("hits.rank").alias("ranks"), F.col("hits.other").alias("others"),
                       F.col("hits.contribution").alias("contributions")))
    neighbours = settings.neighbours
    best = rows_frame(spark, grouped.rdd.flatMap(lambda row: _neighbours(row, neighbours)), "pos long, other long, rank int")
    pairs = (best.withColumn("x", F.least("pos", "other")).withColumn("y", F.greatest("pos", "other"))
             .groupBy("x", "y").agg(F.collect_list(F.struct("pos", "other", "rank")).alias("directions")))
    side = vectored.join(prepared.select("pos", "published", "anchor"), "pos")
    pairs = (pairs.join(side.select(F.col("pos").alias("x"), F.col("vector").alias("vx"), F.col("published").alias("px"),
                                    F.col("anchor").alias("ax")), "x")
             .join(side.select(F.col("pos").alias("y"), F.col("vector").alias("vy"), F.col("published").alias("py"),
                               F.col("anchor").alias("ay")), "y"))
    return rows_frame(spark, pairs.rdd.flatMap(_edge), "x long, y long, similarity double, first long, rank int")


def _citation(row) -> list[tuple]:
    """The edge of one citing article under one key, chosen as `cited_article` chooses it."""
    vectors = {row.pos: dict(json.loads(row.vector))}
    published = {row.pos: row.published}
    for candidate in row.candidates:
        vectors[candidate.other] = dict(json.loads(candidate.vector))
        published[candidate.other] = candidate.published
    others = sorted(candidate.other for candidate in row.candidates)
    found = local.cited_article(row.pos, others, row.key, published, vectors)  # type: ignore[arg-type]
    if found is None:
        return []
    other, similarity = found
    return [(min(row.pos, other), max(row.pos, other), similarity)]


def citation_edges(spark, prepared, vectored):
    """The (x, y, similarity) edges of `citation_edges`: each article's citing keys (its sources and links, and its
    entities as outlet names) less its own, joined to the articles under each key, the best one kept per key."""
    from pyspark.sql import functions as F

    cited = prepared.select("pos", F.explode("cited").alias("key"))
    sizes = cited.groupBy("key").agg(F.count("*").alias("size")).where(F.col("size") <= local.CITATION_CAP)
    mentioned = prepared.select("pos", F.explode("mentioned").alias("key"))  # `mentioned_keys`, computed with the features
    citing = (prepared.select("pos", F.explode("citing").alias("key")).unionByName(mentioned).distinct()
              .join(cited, ["pos", "key"], "left_anti"))
    side = vectored.select("pos", "vector").join(prepared.select("pos", "published"), "pos")
    candidates = (citing.join(sizes.select("key"), "key")
                  .join(cited.select(F.col("pos").alias("other"), "key"), "key").where(F.col("pos") != F.col("other"))
                  .join(side.select(F.col("pos").alias("other"), F.col("vector").alias("other_vector"),
                                    F.col("published").alias("other_published")), "other")
                  .groupBy("pos", "key")
                  .agg(F.collect_list(F.struct("other", F.col("other_vector").alias("vector"),
                                               F.col("other_published").alias("published"))).alias("candidates"))
                  .join(side, "pos"))
    found = rows_frame(spark, candidates.rdd.flatMap(_citation), "x long, y long, similarity double")
    # a pair cited both ways or under two keys is one edge, the larger similarity, as the local run keeps it
    return found.groupBy("x", "y").agg(F.max("similarity").alias("similarity"))


def connected_components(spark, nodes, edges, on_driver: int = COMPONENTS_ON_DRIVER):
    """Component label (the smallest position) of every node (a DataFrame of `pos`) over `edges` (x, y).

    Up to `on_driver` edges the graph is collected and solved on the driver in a few numpy passes; beyond that, by
    rounds of DataFrame joins (`propagated_components`). Both give the same labels."""
    if edges.count() <= on_driver:
        return components_on_driver(spark, nodes, edges)
    return propagated_components(spark, nodes, edges)


def components_on_driver(spark, nodes, edges):
    """`connected_components` on the driver: min-label propagation with pointer jumping over numpy arrays.

    Each round of the DataFrame version is a Spark job of several stages over every edge and label (at 16,000
    articles, about 100 of the story stage's 150 Spark stages); the edge list is 16 bytes an edge, so a month's
    graph (a few million edges) is collected and solved in seconds instead."""
    import numpy as np
    import pandas

    positions = nodes.select("pos").toPandas()["pos"].to_numpy(dtype=np.int64)
    pairs = edges.select("x", "y").toPandas()
    x = pairs["x"].to_numpy(dtype=np.int64)
    y = pairs["y"].to_numpy(dtype=np.int64)
    # nodes numbered 0.. in position order, so the smallest number of a component is its smallest position
    ids = np.unique(np.concatenate([positions, x, y]))
    x, y = np.searchsorted(ids, x), np.searchsorted(ids, y)
    label = np.arange(len(ids), dtype=np.int64)
    while True:
        lowest = np.minimum(label[x], label[y])
        updated = label.copy()
        np.minimum.at(updated, x, lowest)
        np.minimum.at(updated, y, lowest)
        updated = updated[updated]  # a node takes its label's label: a long chain settles in log(length) rounds
        if np.array_equal(updated, label):
            break
        label = updated
    own = np.searchsorted(ids, positions)
    frame = pandas.DataFrame({"pos": positions, "label": ids[label[own]]})
    return spark.createDataFrame(frame, "pos long, label long")


def propagated_components(spark, nodes, edges):
    """`connected_components` as DataFrame rounds: min-label propagation until no label changes (for graphs too large
    to collect).

    Each round also jumps a node to its new label's label (a node of the same component, no larger), so a long chain
    settles in about log(length) rounds rather than one round per link: every round is a join over all edges."""
    from pyspark.sql import functions as F

    both = edges.select("x", "y").unionByName(edges.select(F.col("y").alias("x"), F.col("x").alias("y"))).cache()
    labels = nodes.select(F.col("pos"), F.col("pos").alias("label")).localCheckpoint()
    for _ in range(MAX_ITERATIONS):
        offered = both.join(labels.withColumnRenamed("pos", "x"), "x").groupBy("y").agg(F.min("label").alias("offer"))
        propagated = (labels.join(offered.withColumnRenamed("y", "pos"), "pos", "left")
                      .select("pos", F.col("label").alias("before"), F.least("label", F.coalesce("offer", "label")).alias("label")))
        jumps = labels.select(F.col("pos").alias("label"), F.col("label").alias("jump"))
        updated = (propagated.join(jumps, "label", "left")
                   .select("pos", F.least("label", F.coalesce("jump", "label")).alias("label"), "before")
                   .select("pos", "label", (F.col("label") < F.col("before")).alias("changed"))).localCheckpoint()
        labels = updated.select("pos", "label")
        if updated.where("changed").isEmpty():
            break
    both.unpersist()
    return labels


def _merge_component(rows, settings: StorySettings) -> list[tuple]:
    """One component's stories: `story_groups` over its edges, then `describe_story`, local positions kept in order."""
    members = sorted(rows.members, key=lambda m: m.pos)
    index = {m.pos: i for i, m in enumerate(members)}
    # each kind of edge in the order the local run adds it: similarity edges as its dict holds them, pairs by (a, b)
    edges = {(index[e.x], index[e.y]): e.similarity for e in sorted(rows.edges or [], key=lambda e: (e.first, e.rank))}
    pairs = [((index[p.x], index[p.y]), p.kind) for p in sorted(rows.pairs or [], key=lambda p: p.order)]
    citations = [((index[c.x], index[c.y]), c.similarity) for c in sorted(rows.citations or [], key=lambda c: (c.x, c.y))]
    vectors_ = [dict(json.loads(m.vector)) for m in members]
    groups = local.story_groups(len(members), edges, pairs, citations, [m.anchor for m in members], vectors_, settings)
    articles = [SimpleNamespace(id=m.id, published=m.published) for m in members]
    features = [SimpleNamespace(surfaces=dict(m.surfaces or {})) for m in members]
    out = []
    for group in groups:
        story = local.describe_story(articles, group, features, vectors_)  # type: ignore[arg-type]
        out.append((story.id, story.label, list(story.articles), story.start, story.end, list(story.terms)))
    return out


STORY_SCHEMA = "id string, label string, articles array<string>, start string, end string, terms array<string>"


def find_stories(spark, prepared, pairs, n: int, settings: StorySettings = StorySettings()):
    """The stories of `cluster_stories` with these settings, as a DataFrame (one row per story, articles in story order)."""
    from pyspark.sql import functions as F

    vectored = vectors(spark, prepared, n, settings).cache()
    edges = similarity_edges(spark, prepared, vectored, settings).cache()
    ids = prepared.select("pos", "id")
    # the local run applies pairs in (a, b) order; ids are fixed-length hex, so the joined string sorts the same way
    positioned = (pairs.join(ids.select(F.col("id").alias("a"), F.col("pos").alias("pa")), "a")
                  .join(ids.select(F.col("id").alias("b"), F.col("pos").alias("pb")), "b")
                  .select(F.least("pa", "pb").alias("x"), F.greatest("pa", "pb").alias("y"), "kind",
                          F.concat_ws("\u0000", "a", "b").alias("order")))
    citations = citation_edges(spark, prepared, vectored).cache()
    links = edges.select("x", "y").unionByName(positioned.select("x", "y")).unionByName(citations.select("x", "y"))
    labels = connected_components(spark, prepared.select("pos"), links)
    member_rows = (prepared.select("pos", "id", "published", "surfaces", "anchor").join(vectored.select("pos", "vector"), "pos")
                   .join(labels, "pos").groupBy("label")
                   .agg(F.collect_list(F.struct("pos", "id", "published", "surfaces", "vector", "anchor")).alias("members")))
    edge_rows = (edges.join(labels.withColumnRenamed("pos", "x"), "x").groupBy("label")
                 .agg(F.collect_list(F.struct("x", "y", "similarity", "first", "rank")).alias("edges")))
    pair_rows = (positioned.join(labels.withColumnRenamed("pos", "x"), "x").groupBy("label")
                 .agg(F.collect_list(F.struct("x", "y", "kind", "order")).alias("pairs")))
    citation_rows = (citations.join(labels.withColumnRenamed("pos", "x"), "x").groupBy("label")
                     .agg(F.collect_list(F.struct("x", "y", "similarity")).alias("citations")))
    components = (member_rows.join(edge_rows, "label", "left").join(pair_rows, "label", "left")
                  .join(citation_rows, "label", "left"))
    return rows_frame(spark, components.rdd.flatMap(lambda rows: _merge_component(rows, settings)), STORY_SCHEMA)
