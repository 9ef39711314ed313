"""`retold export`: articles, claims, conflicts, drifts, stories, stances or provenance edges as JSON Lines or Parquet;
ClaimReview drafts of the contested claims (those in conflicts, those retold with a drift, or both)."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from retold.errors import UsageError
from retold.store.claimreview import claim_reviews
from retold.store.stories import story_titles

FORMATS = ("jsonl", "parquet", "claimreview")
WHAT = ("articles", "claims", "conflicts", "drifts", "stories", "stances", "provenance")
# what a ClaimReview can speak of: contested claims; "claims" is every one of them, else those of one kind of finding
CLAIMREVIEW_WHAT = ("claims", "conflicts", "drifts")

# how an article is named outside the store: as it was ingested (its url when it has one, else its source path)
_NAME = "coalesce({alias}.url, {alias}.source)"
_STORY_OF = "(SELECT article_id, min(story_id) AS story_id FROM story_articles GROUP BY article_id)"

QUERIES: dict[str, str] = {
    "articles": f"""
        SELECT a.id, a.source, a.url, a.title, a.outlet, a.published, a.author, a.language, a.words, s.story_id AS story,
               a.text, a.analysis
        FROM articles a LEFT JOIN {_STORY_OF} s ON s.article_id = a.id
        ORDER BY a.published NULLS LAST, a.id""",
    "claims": f"""
        SELECT {_NAME.format(alias='a')} AS article, c.article_id, s.story_id AS story, c.id, c.type,
               c.start_char AS "start", c.end_char AS "end", c.text, c.speaker, c.attribution, c.score, c.hedges,
               c.quantities, c.sentence
        FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN {_STORY_OF} s ON s.article_id = c.article_id
        ORDER BY a.published NULLS LAST, c.article_id, c.start_char""",
    "conflicts": f"""
        SELECT * FROM (
            SELECT k.article_id || ':' || k.id AS id, 'article' AS scope, s.story_id AS story, k.kind,
                   {{'article': {_NAME.format(alias='a')}, 'article_id': k.article_id, 'start': k.a_start, 'end': k.a_end,
                     'text': k.a_text, 'speaker': k.a_speaker, 'record': k.a_record,
                     'low': NULL::DOUBLE, 'high': NULL::DOUBLE, 'polarity': NULL::VARCHAR}} AS a,
                   {{'article': {_NAME.format(alias='a')}, 'article_id': k.article_id, 'start': k.b_start, 'end': k.b_end,
                     'text': k.b_text, 'speaker': k.b_speaker, 'record': k.b_record,
                     'low': NULL::DOUBLE, 'high': NULL::DOUBLE, 'polarity': NULL::VARCHAR}} AS b,
                   k.explanation
            FROM conflicts k JOIN articles a ON a.id = k.article_id LEFT JOIN {_STORY_OF} s ON s.article_id = k.article_id
            UNION ALL
            SELECT c.id, 'story' AS scope, c.story_id AS story, c.kind,
                   {{'article': {_NAME.format(alias='x')}, 'article_id': c.a_article, 'start': c.a_start, 'end': c.a_end,
                     'text': c.a_text, 'speaker': c.a_speaker, 'record': c.a_record,
                     'low': c.a_low, 'high': c.a_high, 'polarity': c.a_polarity}} AS a,
                   {{'article': {_NAME.format(alias='y')}, 'article_id': c.b_article, 'start': c.b_start, 'end': c.b_end,
                     'text': c.b_text, 'speaker': c.b_speaker, 'record': c.b_record,
                     'low': c.b_low, 'high': c.b_high, 'polarity': c.b_polarity}} AS b,
                   c.explanation
            FROM cross_conflicts c LEFT JOIN articles x ON x.id = c.a_article LEFT JOIN articles y ON y.id = c.b_article
        ) ORDER BY scope, story NULLS FIRST, id""",
    "drifts": f"""
        SELECT {_NAME.format(alias='a')} AS article, d.start_char AS "start", d.end_char AS "end", d.types,
               {_NAME.format(alias='o')} AS from_article, d.origin_start AS from_start, d.origin_end AS from_end,
               d.counted, d.explanation, d.id, d.story_id AS story, d.article_id, d.origin_article AS from_article_id,
               d.text, d.origin_text AS from_text
        FROM drifts d LEFT JOIN articles a ON a.id = d.article_id LEFT JOIN articles o ON o.id = d.origin_article
        ORDER BY d.story_id, d.article_id, d.start_char""",
    "stories": f"""
        SELECT s.id, t.title, s.label, s.start_date AS "start", s.end_date AS "end", s.terms,
               list({{'id': a.id, 'article': {_NAME.format(alias='a')}, 'title': a.title, 'outlet': a.outlet,
                      'published': a.published}} ORDER BY m.position) AS articles
        FROM stories s JOIN story_articles m ON m.story_id = s.id LEFT JOIN articles a ON a.id = m.article_id
             LEFT JOIN story_title t ON t.story_id = s.id
        GROUP BY ALL ORDER BY s.start_date NULLS LAST, s.id""",
    "stances": f"""
        SELECT st.story_id AS story, st.group_id AS "group", g.kind AS group_kind, g.key AS group_key,
               {_NAME.format(alias='a')} AS article, st.article_id, a.outlet, st.label AS stance,
               {{'agree': st.p_agree, 'disagree': st.p_disagree, 'discuss': st.p_discuss, 'unrelated': st.p_unrelated}}
                   AS probabilities,
               EXISTS (SELECT 1 FROM claim_members m WHERE m.group_id = st.group_id AND m.article_id = st.article_id) AS member,
               {_NAME.format(alias='c')} AS claim_article, st.claim_article AS claim_article_id, st.claim_start,
               st.claim_end, st.claim_text
        FROM stances st LEFT JOIN claim_groups g ON g.id = st.group_id
             LEFT JOIN articles a ON a.id = st.article_id LEFT JOIN articles c ON c.id = st.claim_article
        ORDER BY st.story_id, st.group_id, a.published NULLS LAST, st.article_id""",
    # an edge says the child (the later article) drew on the parent (the earlier one), and quotes the evidence
    "provenance": f"""
        SELECT {_NAME.format(alias='c')} AS child, {_NAME.format(alias='p')} AS parent, e.kind, e.evidence, e.story_id AS story,
               e.confidence, e.target AS child_id, e.source AS parent_id
        FROM provenance_edges e LEFT JOIN articles c ON c.id = e.target LEFT JOIN articles p ON p.id = e.source
        ORDER BY e.story_id, c.published NULLS LAST, e.target, p.published NULLS LAST, e.source""",
}


def default_what(fmt: str) -> str:
    """What an export holds when --what is not given: every contested claim for ClaimReview, else the articles."""
    return "claims" if fmt == "claimreview" else "articles"


def check_choice(fmt: str, what: str, out: str | None) -> None:
    """Refuse a combination that makes no sense, as a usage error."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "claimreview" and what not in CLAIMREVIEW_WHAT:
        raise UsageError(f"--what {what!r}: ClaimReview drafts speak of contested claims only; choose claims (every "
                         "contested claim, the default), conflicts or drifts")
    if what not in WHAT:
        raise UsageError(f"--what {what!r}: choose one of {', '.join(WHAT)}")
    if fmt == "parquet" and not out:
        raise UsageError("--format parquet needs --out FILE (Parquet is a binary file, not for a terminal)")


def claim_review_drafts(connection, what: str = "claims", **options: Any) -> list[dict[str, Any]]:
    """The ClaimReview drafts of the claims `what` names: every contested claim, or only those in a conflict (with
    their conflicts as evidence), or only those retold with a drift (with their drifts); `options` go to claim_reviews."""
    drafts = claim_reviews(connection, **options)
    if what == "claims":
        return drafts
    wanted = (lambda kind: kind == "drift") if what == "drifts" else (lambda kind: kind != "drift")
    chosen = []
    for draft in drafts:
        evidence = [item for item in draft.get("retold:evidence", []) if wanted(item.get("kind"))]
        if evidence:
            chosen.append({**draft, "retold:evidence": evidence})
    return chosen


def prepare(connection, what: str) -> None:
    """What a query needs beyond the stored tables: the stories' readable titles, worked out when reading (a temporary
    table, so a read-only store works)."""
    if what != "stories":
        return
    connection.execute("CREATE OR REPLACE TEMP TABLE story_title (story_id VARCHAR, title VARCHAR)")
    titles = sorted(story_titles(connection).items())
    if titles:
        connection.executemany("INSERT INTO story_title VALUES (?, ?)", titles)


def iter_rows(connection, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one export as dicts, streamed; articles come back as their full `retold.article/1` JSON plus `story`."""
    prepare(connection, what)
    cursor = connection.execute(QUERIES[what])
    names = [column[0] for column in cursor.description]
    while rows := cursor.fetchmany(512):
        for row in rows:
            record = dict(zip(names, row))
            if what == "articles":
                analysis = json.loads(record["analysis"])
                analysis["story"] = record["story"]
                yield analysis
            else:
                yield record


def write_jsonl(connection, what: str, stream: TextIO, on_row: Callable[[], None] | None = None) -> int:
    """One JSON object per line; returns how many were written (`on_row` is called after each one, for progress)."""
    count = 0
    for record in iter_rows(connection, what):
        stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        count += 1
        if on_row is not None:
            on_row()
    return count


def write_parquet(connection, what: str, out: str) -> int:
    """DuckDB writes the Parquet file itself (no pyarrow); returns the number of rows."""
    prepare(connection, what)
    quoted = out.replace("'", "''")
    connection.execute(f"COPY ({QUERIES[what]}) TO '{quoted}' (FORMAT PARQUET)")
    return connection.execute(f"SELECT count(*) FROM ({QUERIES[what]})").fetchone()[0]
