"""The one writer: analysed articles, failures, runs and link results go in through here, in transactions."""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from retold.errors import Rejection
from retold.link.model import ClaimMember, DuplicatePair, LinkResult, Stance, Story
from retold.model import Article, Span, Speaker
from retold.store.tables import ARTICLE, ARTICLE_TABLES, GROUPING_TABLES, LINK_TABLES, TRACED_TABLES, columns
from retold.store.transaction import transaction
from retold.version import __version__


def insert_rows(connection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows with one statement: each column travels as one typed list and is unnested (DuckDB is slow row by row)."""
    if not rows:
        return
    table_columns = columns(table)
    values = [[row[index] for row in rows] for index in range(len(table_columns))]
    select = ", ".join(f"unnest(${index + 1}::{kind}[])" for index, (_, kind) in enumerate(table_columns))
    names = ", ".join(name for name, _ in table_columns)
    connection.execute(f"INSERT INTO {table} ({names}) SELECT {select}", values)


def article_rows(article: Article, run_id: str | None) -> dict[str, list[tuple]]:
    """The rows of the articles table and of every article table for one analysed article, in the tables' column order."""
    article_id = article.id
    rows: dict[str, list[tuple]] = {}
    rows[ARTICLE] = [(
        article_id, article.source, article.url, article.title, article.outlet, article.published, article.author,
        article.language, article.text, len(article.text.split()), run_id, json.dumps(article.to_json(), ensure_ascii=False),
    )]
    rows["sentences"] = [(article_id, s.id, s.span.start, s.span.end, s.paragraph, s.span.text) for s in article.sentences]
    rows["entities"] = [(article_id, e.span.start, e.span.end, e.label, e.span.text) for e in article.entities]
    # confidence and score as the article's JSON rounds them, so the tables and `articles.analysis` agree
    rows["attributions"] = [
        (article_id, a.id, a.mode, a.polarity, *_speaker(a.speaker), *_span(a.cue), *_span(a.content), a.sentence, a.nested_in,
         round(a.confidence, 3))
        for a in article.attributions
    ]
    rows["quantities"] = [
        (article_id, q.id, q.span.start, q.span.end, q.span.text, q.number.text, q.low, q.high, q.low_inclusive, q.high_inclusive,
         q.kind, q.unit, q.counted, [h.type for h in q.hedges], q.attribution, q.sentence)
        for q in article.quantities
    ]
    rows["claims"] = [
        (article_id, c.id, c.type, c.span.start, c.span.end, c.span.text, c.speaker, c.attribution, round(c.score, 3),
         [h.type for h in c.hedges], list(c.quantities), c.sentence)
        for c in article.claims
    ]
    rows["conflicts"] = [
        (article_id, k.id, k.kind, *_span(k.a.span), k.a.speaker, k.a.record, *_span(k.b.span), k.b.speaker, k.b.record,
         k.explanation)
        for k in article.conflicts
    ]
    rows["sources"] = [
        (article_id, position, s.kind, s.name, s.url, s.retelling, len(s.mentions), *_span(s.evidence))
        for position, s in enumerate(article.sources)
    ]
    return rows


@dataclass
class PreparedArticle:
    """An analysed article turned into table rows, ready for the writer (workers build these, off the writer's core)."""

    id: str
    words: int
    analyser: dict[str, Any]
    rows: dict[str, list[tuple]]


def prepare_article(article: Article, run_id: str | None) -> PreparedArticle:
    """The rows of one analysed article, with what the run summary needs."""
    return PreparedArticle(article.id, len(article.text.split()), article.analyser, article_rows(article, run_id))


def _span(span: Span | None) -> tuple:
    """start, end and text of a span that may be missing (three NULLs then)."""
    return (span.start, span.end, span.text) if span is not None else (None, None, None)


def _speaker(speaker: Speaker | None) -> tuple:
    """name, kind, start, end and text of a speaker that may be missing, or named with no words in the text."""
    if speaker is None:
        return (None, None, None, None, None)
    return (speaker.name, speaker.kind, *_span(speaker.span))


class RunCounts(Protocol):
    """What the `runs` table keeps of a run's counts (`retold.store.runs.RunSummary` has them)."""

    ingested: int
    skipped: int
    failed: int


class StoreWriter:
    """The single writer of a database: one connection, every batch of articles in one transaction."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def stored_ids(self) -> set[str]:
        """Ids of the articles already stored (content hashes): what a resumed run skips."""
        return {row[0] for row in self.connection.execute("SELECT id FROM articles").fetchall()}

    def start_run(self, command: str, analyser: dict[str, Any] | None = None, workers: int | None = None) -> str:
        """Record a new run; a run that never finishes (killed) keeps `finished` NULL."""
        run_id = uuid.uuid4().hex[:16]
        self.connection.execute(
            "INSERT INTO runs (id, started, retold_version, command, analyser, workers) VALUES (?, current_timestamp, ?, ?, ?, ?)",
            [run_id, __version__, command, json.dumps(analyser or {}), workers],
        )
        return run_id

    def set_analyser(self, run_id: str, analyser: dict[str, Any]) -> None:
        self.connection.execute("UPDATE runs SET analyser = ? WHERE id = ?", [json.dumps(analyser), run_id])

    def write_batch(self, run_id: str, items: Iterable[PreparedArticle | Article | Rejection],
                    counts: RunCounts | None = None) -> list[str]:
        """Write analysed articles (prepared, or as they are) and Rejections in one transaction; return the ids written."""
        tables: dict[str, list[tuple]] = {}
        failures: list[Rejection] = []
        seen: set[str] = set()
        written: list[str] = []
        for item in items:
            if isinstance(item, Rejection):
                failures.append(item)
                continue
            prepared = item if isinstance(item, PreparedArticle) else prepare_article(item, run_id)
            if prepared.id in seen:
                continue
            seen.add(prepared.id)
            written.append(prepared.id)
            for table, rows in prepared.rows.items():
                tables.setdefault(table, []).extend(rows)
        connection = self.connection
        with transaction(connection):
            if written:
                # a second writer is impossible (DuckDB locks the file), but a stale id set is not: skip what is there
                present = {row[0] for row in connection.execute("SELECT id FROM articles WHERE list_contains($1, id)", [written]).fetchall()}
                if present:
                    written = [article_id for article_id in written if article_id not in present]
                    tables = {name: [row for row in rows if row[0] not in present] for name, rows in tables.items()}
            for table in (ARTICLE, *ARTICLE_TABLES):
                insert_rows(connection, table, tables.get(table, []))
            if failures:
                connection.executemany(
                    "INSERT INTO failures VALUES (?, ?, ?, ?, current_timestamp)",
                    [[run_id, failure.source, failure.code, failure.reason] for failure in failures],
                )
            if counts is not None:
                connection.execute(
                    "UPDATE runs SET ingested = ingested + ?, failed = failed + ? WHERE id = ?", [len(written), len(failures), run_id]
                )
        return written

    def finish_run(self, run_id: str, counts: RunCounts, error: str | None = None) -> None:
        """Record the end of a run with what it counted; `error` is why it stopped, None when it went through."""
        self.connection.execute(
            "UPDATE runs SET finished = current_timestamp, ingested = ?, skipped = ?, failed = ?, error = ? WHERE id = ?",
            [counts.ingested, counts.skipped, counts.failed, error, run_id],
        )


def write_article(connection, article: Article, run_id: str | None = None) -> bool:
    """Store one analysed article in one transaction; False when its text is already stored."""
    return bool(StoreWriter(connection).write_batch(run_id or "", [article]))


def write_link_result(connection, result: LinkResult) -> None:
    """Replace the previous link results with `result`, in one transaction: readers see the old set or the new one.

    The articles of its stories are recorded as linked (the link stage puts every article it reads in one story)."""
    linked = [article_id for story in result.stories for article_id in story.articles]
    write_incremental_link_result(connection, result, frozenset(), {}, linked)


# the condition that picks a traced table's rows of stories not kept ($1: kept ids); a claim member names its group,
# not its story, and finds it through claim_groups (which TRACED_TABLES therefore clears after claim_members)
_NOT_KEPT = "story_id IS NULL OR NOT list_contains($1, story_id)"
_NOT_KEPT_BY_TABLE = {"claim_members": f"group_id NOT IN (SELECT id FROM claim_groups WHERE NOT ({_NOT_KEPT}))"}


def write_incremental_link_result(connection, result: LinkResult, kept: frozenset[str] | set[str],
                                  fingerprints: dict[str, str], linked: Iterable[str]) -> None:
    """Replace pairs and stories with `result`'s; keep the traced rows of the `kept` stories, replace all others
    with `result`'s; record each traced story's input fingerprint and, as `linked_articles`, the ids of the articles
    the link read. One transaction: readers see old or new, and a link killed midway leaves its articles unlinked."""
    rows = link_rows(result)
    kept_ids = sorted(kept)
    with transaction(connection):
        for table in GROUPING_TABLES:
            connection.execute(f"DELETE FROM {table}")
            insert_rows(connection, table, rows[table])
        for table in TRACED_TABLES:
            connection.execute(f"DELETE FROM {table} WHERE {_NOT_KEPT_BY_TABLE.get(table, _NOT_KEPT)}", [kept_ids])
            insert_rows(connection, table, rows[table])
        connection.execute("DELETE FROM link_story_inputs")
        if fingerprints:
            connection.execute(
                "INSERT INTO link_story_inputs SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])",
                [sorted(fingerprints), [fingerprints[k] for k in sorted(fingerprints)]],
            )
        connection.execute("DELETE FROM linked_articles")
        connection.execute("INSERT INTO linked_articles SELECT unnest($1::VARCHAR[])", [sorted(set(linked))])


def link_rows(result: LinkResult) -> dict[str, list[tuple]]:
    """The rows of every link table for a link result, in the tables' column order."""
    rows: dict[str, list[tuple]] = {table: [] for table in LINK_TABLES}
    rows["pairs"] = [pair_row(p) for p in result.pairs]
    for story in result.stories:
        rows["stories"].append(story_row(story))
        rows["story_articles"].extend(story_article_rows(story))
    rows["provenance_edges"] = [(e.story, e.source, e.target, e.kind, e.evidence, e.confidence) for e in result.edges]
    for group in result.groups:
        rows["claim_groups"].append((group.id, group.story, group.kind, group.key))
        rows["claim_members"].extend((group.id, *_member(member)) for member in group.members)
    rows["cross_conflicts"] = [(c.id, c.story, c.kind, *_member(c.a), *_member(c.b), c.explanation) for c in result.conflicts]
    rows["drifts"] = [
        (d.id, d.story, d.span.article, d.span.start, d.span.end, d.span.text, d.origin.article, d.origin.start, d.origin.end,
         d.origin.text, list(d.types), d.counted, d.explanation)
        for d in result.drifts
    ]
    rows["stances"] = [_stance(s) for s in result.stances]
    return rows


def _stance(stance: Stance) -> tuple:
    return (stance.story, stance.group, stance.article, stance.label, stance.agree, stance.disagree, stance.discuss,
            stance.unrelated, stance.claim.article, stance.claim.start, stance.claim.end, stance.claim.text)


def _member(member: ClaimMember) -> tuple:
    return (member.article, member.record, member.span.start, member.span.end, member.span.text, member.speaker,
            member.low, member.high, list(member.hedges), member.polarity)


def pair_row(pair: DuplicatePair) -> tuple:
    """The `pairs` row of a duplicate pair (or of anything with its fields, such as a Spark row)."""
    return (pair.a, pair.b, pair.kind, pair.similarity, pair.containment, pair.evidence)


def story_row(story: Story) -> tuple:
    """The `stories` row of a story (or of anything with its fields, such as a Spark row)."""
    return (story.id, story.label, story.start, story.end, list(story.terms))


def story_article_rows(story: Story) -> list[tuple]:
    """The `story_articles` rows of a story: each article with its position in the story."""
    return [(story.id, article_id, position) for position, article_id in enumerate(story.articles)]
