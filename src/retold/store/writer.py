"""The one writer: analysed articles, failures, runs and link results go in through here, in transactions."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from retold.errors import Rejection
from retold.link.model import ClaimMember, LinkResult, Stance
from retold.model import Article
from retold.store.transaction import transaction

# table -> [(column, DuckDB type)]; the order is the order of the values in each row
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [("id", "VARCHAR"), ("source", "VARCHAR"), ("url", "VARCHAR"), ("title", "VARCHAR"), ("outlet", "VARCHAR"),
                 ("published", "VARCHAR"), ("author", "VARCHAR"), ("language", "VARCHAR"), ("text", "VARCHAR"),
                 ("words", "INTEGER"), ("run_id", "VARCHAR"), ("analysis", "VARCHAR")],
    "sentences": [("article_id", "VARCHAR"), ("id", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
                  ("paragraph", "INTEGER"), ("text", "VARCHAR")],
    "entities": [("article_id", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"), ("label", "VARCHAR"), ("text", "VARCHAR")],
    "attributions": [("article_id", "VARCHAR"), ("id", "VARCHAR"), ("mode", "VARCHAR"), ("polarity", "VARCHAR"),
                     ("speaker", "VARCHAR"), ("speaker_kind", "VARCHAR"), ("speaker_start", "INTEGER"), ("speaker_end", "INTEGER"),
                     ("speaker_text", "VARCHAR"), ("cue_start", "INTEGER"), ("cue_end", "INTEGER"), ("cue_text", "VARCHAR"),
                     ("content_start", "INTEGER"), ("content_end", "INTEGER"), ("content_text", "VARCHAR"),
                     ("sentence", "VARCHAR"), ("nested_in", "VARCHAR"), ("confidence", "DOUBLE")],
    "quantities": [("article_id", "VARCHAR"), ("id", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
                   ("text", "VARCHAR"), ("number_text", "VARCHAR"), ("low", "DOUBLE"), ("high", "DOUBLE"),
                   ("low_inclusive", "BOOLEAN"), ("high_inclusive", "BOOLEAN"), ("kind", "VARCHAR"), ("unit", "VARCHAR"),
                   ("counted", "VARCHAR"), ("hedges", "VARCHAR[]"), ("attribution", "VARCHAR"), ("sentence", "VARCHAR")],
    "claims": [("article_id", "VARCHAR"), ("id", "VARCHAR"), ("type", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
               ("text", "VARCHAR"), ("speaker", "VARCHAR"), ("attribution", "VARCHAR"), ("score", "DOUBLE"),
               ("hedges", "VARCHAR[]"), ("quantities", "VARCHAR[]"), ("sentence", "VARCHAR")],
    "conflicts": [("article_id", "VARCHAR"), ("id", "VARCHAR"), ("kind", "VARCHAR"),
                  ("a_start", "INTEGER"), ("a_end", "INTEGER"), ("a_text", "VARCHAR"), ("a_speaker", "VARCHAR"), ("a_record", "VARCHAR"),
                  ("b_start", "INTEGER"), ("b_end", "INTEGER"), ("b_text", "VARCHAR"), ("b_speaker", "VARCHAR"), ("b_record", "VARCHAR"),
                  ("explanation", "VARCHAR")],
    "sources": [("article_id", "VARCHAR"), ("position", "INTEGER"), ("kind", "VARCHAR"), ("name", "VARCHAR"), ("url", "VARCHAR"),
                ("retelling", "BOOLEAN"), ("mentions", "INTEGER"), ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"),
                ("evidence_text", "VARCHAR")],
    "pairs": [("a", "VARCHAR"), ("b", "VARCHAR"), ("kind", "VARCHAR"), ("similarity", "DOUBLE"), ("containment", "DOUBLE"), ("evidence", "VARCHAR")],
    "stories": [("id", "VARCHAR"), ("label", "VARCHAR"), ("start_date", "VARCHAR"), ("end_date", "VARCHAR"), ("terms", "VARCHAR[]")],
    "story_articles": [("story_id", "VARCHAR"), ("article_id", "VARCHAR"), ("position", "INTEGER")],
    "provenance_edges": [("story_id", "VARCHAR"), ("source", "VARCHAR"), ("target", "VARCHAR"), ("kind", "VARCHAR"),
                         ("evidence", "VARCHAR"), ("confidence", "DOUBLE")],
    "claim_groups": [("id", "VARCHAR"), ("story_id", "VARCHAR"), ("kind", "VARCHAR"), ("key", "VARCHAR")],
    "claim_members": [("group_id", "VARCHAR"), ("article_id", "VARCHAR"), ("record", "VARCHAR"), ("start_char", "INTEGER"),
                      ("end_char", "INTEGER"), ("text", "VARCHAR"), ("speaker", "VARCHAR"), ("low", "DOUBLE"), ("high", "DOUBLE"),
                      ("hedges", "VARCHAR[]"), ("polarity", "VARCHAR")],
    "cross_conflicts": [("id", "VARCHAR"), ("story_id", "VARCHAR"), ("kind", "VARCHAR")]
    + [(f"{side}_{name}", kind) for side in "ab" for name, kind in (
        ("article", "VARCHAR"), ("record", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"),
        ("speaker", "VARCHAR"), ("low", "DOUBLE"), ("high", "DOUBLE"), ("hedges", "VARCHAR[]"), ("polarity", "VARCHAR"))]
    + [("explanation", "VARCHAR")],
    "drifts": [("id", "VARCHAR"), ("story_id", "VARCHAR"), ("article_id", "VARCHAR"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
               ("text", "VARCHAR"), ("origin_article", "VARCHAR"), ("origin_start", "INTEGER"), ("origin_end", "INTEGER"),
               ("origin_text", "VARCHAR"), ("types", "VARCHAR[]"), ("counted", "VARCHAR"), ("explanation", "VARCHAR")],
    "stances": [("story_id", "VARCHAR"), ("group_id", "VARCHAR"), ("article_id", "VARCHAR"), ("label", "VARCHAR"),
                ("p_agree", "DOUBLE"), ("p_disagree", "DOUBLE"), ("p_discuss", "DOUBLE"), ("p_unrelated", "DOUBLE"),
                ("claim_article", "VARCHAR"), ("claim_start", "INTEGER"), ("claim_end", "INTEGER"), ("claim_text", "VARCHAR")],
}
ARTICLE_TABLES = ("sentences", "entities", "attributions", "quantities", "claims", "conflicts", "sources")
LINK_TABLES = ("pairs", "stories", "story_articles", "provenance_edges", "claim_groups", "claim_members", "cross_conflicts", "drifts",
               "stances")


def insert_rows(connection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows with one statement: each column travels as one typed list and is unnested (DuckDB is slow row by row)."""
    if not rows:
        return
    columns = COLUMNS[table]
    values = [[row[index] for row in rows] for index in range(len(columns))]
    select = ", ".join(f"unnest(${index + 1}::{kind}[])" for index, (_, kind) in enumerate(columns))
    names = ", ".join(name for name, _ in columns)
    connection.execute(f"INSERT INTO {table} ({names}) SELECT {select}", values)


def article_rows(data: dict[str, Any], run_id: str | None) -> dict[str, list[tuple]]:
    """The rows of every article table for one article, from its `retold.article/1` JSON."""
    meta = data["article"]
    article_id = meta["id"]
    rows: dict[str, list[tuple]] = {}
    rows["articles"] = [(
        article_id, meta.get("source"), meta.get("url"), meta.get("title"), meta.get("outlet"), meta.get("published"),
        meta.get("author"), meta.get("language"), meta["text"], len(meta["text"].split()), run_id,
        json.dumps(data, ensure_ascii=False),
    )]
    rows["sentences"] = [(article_id, s["id"], s["start"], s["end"], s.get("paragraph"), s["text"]) for s in data.get("sentences", ())]
    rows["entities"] = [(article_id, e["start"], e["end"], e["label"], e["text"]) for e in data.get("entities", ())]
    rows["attributions"] = [
        (article_id, a["id"], a["mode"], a["polarity"], *_speaker(a.get("speaker")), *_span(a.get("cue")), *_span(a.get("content")),
         a.get("sentence"), a.get("nested_in"), a.get("confidence"))
        for a in data.get("attributions", ())
    ]
    rows["quantities"] = [
        (article_id, q["id"], q["start"], q["end"], q["text"], q["number"]["text"], q.get("low"), q.get("high"),
         q.get("low_inclusive"), q.get("high_inclusive"), q.get("kind"), q.get("unit"), q.get("counted"),
         [h["type"] for h in q.get("hedges", ())], q.get("attribution"), q.get("sentence"))
        for q in data.get("quantities", ())
    ]
    rows["claims"] = [
        (article_id, c["id"], c["type"], c["start"], c["end"], c["text"], c.get("speaker"), c.get("attribution"), c.get("score"),
         [h["type"] for h in c.get("hedges", ())], list(c.get("quantities", ())), c.get("sentence"))
        for c in data.get("claims", ())
    ]
    rows["conflicts"] = [
        (article_id, k["id"], k["kind"], k["a"]["start"], k["a"]["end"], k["a"]["text"], k["a"]["speaker"], k["a"].get("record"),
         k["b"]["start"], k["b"]["end"], k["b"]["text"], k["b"]["speaker"], k["b"].get("record"), k["explanation"])
        for k in data.get("conflicts", ())
    ]
    rows["sources"] = [
        (article_id, position, s["kind"], s["name"], s.get("url"), s.get("retelling", False), len(s.get("mentions", ())),
         *_span(s.get("evidence")))
        for position, s in enumerate(data.get("sources", ()))
    ]
    return rows


@dataclass
class PreparedArticle:
    """An analysed article turned into table rows, ready for the writer (workers build these, off the writer's core)."""

    id: str
    words: int
    analyser: dict[str, Any]
    rows: dict[str, list[tuple]]


def prepare_article(data: dict[str, Any], run_id: str | None) -> PreparedArticle:
    """The rows of one article's `retold.article/1` JSON, with what the run summary needs."""
    return PreparedArticle(data["article"]["id"], len(data["article"]["text"].split()), data.get("analyser", {}),
                           article_rows(data, run_id))


def _span(obj: dict | None) -> tuple:
    return (obj["start"], obj["end"], obj["text"]) if obj and obj.get("start") is not None else (None, None, None)


def _speaker(obj: dict | None) -> tuple:
    if not obj:
        return (None, None, None, None, None)
    return (obj.get("name"), obj.get("kind"), *_span(obj))


@dataclass
class RunCounts:
    """What one ingest run did, kept in the `runs` table."""

    ingested: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


class StoreWriter:
    """The single writer of a database: one connection, every batch of articles in one transaction."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def stored_ids(self) -> set[str]:
        """Ids of the articles already stored (content hashes): what a resumed run skips."""
        return {row[0] for row in self.connection.execute("SELECT id FROM articles").fetchall()}

    def start_run(self, command: str, analyser: dict[str, Any] | None = None, workers: int | None = None) -> str:
        """Record a new run; a run that never finishes (killed) keeps `finished` NULL."""
        from retold import __version__

        run_id = uuid.uuid4().hex[:16]
        self.connection.execute(
            "INSERT INTO runs (id, started, retold_version, command, analyser, workers) VALUES (?, current_timestamp, ?, ?, ?, ?)",
            [run_id, __version__, command, json.dumps(analyser or {}), workers],
        )
        return run_id

    def set_analyser(self, run_id: str, analyser: dict[str, Any]) -> None:
        self.connection.execute("UPDATE runs SET analyser = ? WHERE id = ?", [json.dumps(analyser), run_id])

    def write_batch(self, run_id: str, items: Iterable[PreparedArticle | dict[str, Any] | Rejection],
                    counts: RunCounts | None = None) -> list[str]:
        """Write analysed articles (prepared, or their JSON) and Rejections in one transaction; return the ids written."""
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
            for table in ("articles", *ARTICLE_TABLES):
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
    return bool(StoreWriter(connection).write_batch(run_id or "", [article.to_json()]))


def write_link_result(connection, result: LinkResult) -> None:
    """Replace the previous link results with `result`, in one transaction: readers see the old set or the new one.

    The articles of its stories are recorded as linked (the link stage puts every article it reads in one story)."""
    linked = [article_id for story in result.stories for article_id in story.articles]
    write_incremental_link_result(connection, result, frozenset(), {}, linked)


# the tables trace_story fills per story, each with the condition that picks rows of stories not kept ($1: kept ids)
_NOT_KEPT = "story_id IS NULL OR NOT list_contains($1, story_id)"
TRACED_TABLES = {
    # claim_members comes first: a member names its group, not its story, and finds it through claim_groups
    "claim_members": f"group_id NOT IN (SELECT id FROM claim_groups WHERE NOT ({_NOT_KEPT}))",
    "provenance_edges": _NOT_KEPT,
    "claim_groups": _NOT_KEPT,
    "cross_conflicts": _NOT_KEPT,
    "drifts": _NOT_KEPT,
    "stances": _NOT_KEPT,
}


def write_incremental_link_result(connection, result: LinkResult, kept: frozenset[str] | set[str],
                                  fingerprints: dict[str, str], linked: Iterable[str]) -> None:
    """Replace pairs and stories with `result`'s; keep the traced rows of the `kept` stories, replace all others
    with `result`'s; record each traced story's input fingerprint and, as `linked_articles`, the ids of the articles
    the link read. One transaction: readers see old or new, and a link killed midway leaves its articles unlinked."""
    rows = _link_rows(result)
    kept_ids = sorted(kept)
    with transaction(connection):
        for table in ("pairs", "stories", "story_articles"):
            connection.execute(f"DELETE FROM {table}")
            insert_rows(connection, table, rows[table])
        for table, not_kept in TRACED_TABLES.items():
            connection.execute(f"DELETE FROM {table} WHERE {not_kept}", [kept_ids])
            insert_rows(connection, table, rows[table])
        connection.execute("DELETE FROM link_story_inputs")
        if fingerprints:
            connection.execute(
                "INSERT INTO link_story_inputs SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])",
                [sorted(fingerprints), [fingerprints[k] for k in sorted(fingerprints)]],
            )
        connection.execute("DELETE FROM linked_articles")
        connection.execute("INSERT INTO linked_articles SELECT unnest($1::VARCHAR[])", [sorted(set(linked))])


def _link_rows(result: LinkResult) -> dict[str, list[tuple]]:
    """The rows of every link table for a link result."""
    rows: dict[str, list[tuple]] = {table: [] for table in LINK_TABLES}
    rows["pairs"] = [(p.a, p.b, p.kind, p.similarity, p.containment, p.evidence) for p in result.pairs]
    for story in result.stories:
        rows["stories"].append((story.id, story.label, story.start, story.end, list(story.terms)))
        rows["story_articles"].extend((story.id, article_id, position) for position, article_id in enumerate(story.articles))
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
