"""The store's tables as named migrations: each runs once, in a transaction, and is recorded in `migrations`."""
from __future__ import annotations

from dataclasses import dataclass

from retold.errors import RetoldError
from retold.store.transaction import transaction


@dataclass(frozen=True)
class Migration:
    """A named, ordered change to the schema; its statements run in one transaction."""

    name: str
    statements: tuple[str, ...]


_ARTICLE_TABLES = (
    """CREATE TABLE runs (
        id VARCHAR PRIMARY KEY, started TIMESTAMP NOT NULL, finished TIMESTAMP, retold_version VARCHAR,
        command VARCHAR, analyser VARCHAR, workers INTEGER,
        ingested INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0, failed INTEGER DEFAULT 0)""",
    """CREATE TABLE articles (
        id VARCHAR PRIMARY KEY, source VARCHAR, url VARCHAR, title VARCHAR, outlet VARCHAR, published VARCHAR,
        author VARCHAR, language VARCHAR, text VARCHAR NOT NULL, words INTEGER, run_id VARCHAR, analysis VARCHAR NOT NULL)""",
    """CREATE TABLE sentences (
        article_id VARCHAR NOT NULL, id VARCHAR, start_char INTEGER, end_char INTEGER, paragraph INTEGER, text VARCHAR)""",
    """CREATE TABLE entities (
        article_id VARCHAR NOT NULL, start_char INTEGER, end_char INTEGER, label VARCHAR, text VARCHAR)""",
    """CREATE TABLE attributions (
        article_id VARCHAR NOT NULL, id VARCHAR, mode VARCHAR, polarity VARCHAR, speaker VARCHAR, speaker_kind VARCHAR,
        speaker_start INTEGER, speaker_end INTEGER, speaker_text VARCHAR, cue_start INTEGER, cue_end INTEGER,
        cue_text VARCHAR, content_start INTEGER, content_end INTEGER, content_text VARCHAR, sentence VARCHAR,
        nested_in VARCHAR, confidence DOUBLE)""",
    """CREATE TABLE quantities (
        article_id VARCHAR NOT NULL, id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR, number_text VARCHAR,
        low DOUBLE, high DOUBLE, low_inclusive BOOLEAN, high_inclusive BOOLEAN, kind VARCHAR, unit VARCHAR,
        counted VARCHAR, hedges VARCHAR[], attribution VARCHAR, sentence VARCHAR)""",
    """CREATE TABLE claims (
        article_id VARCHAR NOT NULL, id VARCHAR, type VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
        speaker VARCHAR, attribution VARCHAR, score DOUBLE, hedges VARCHAR[], quantities VARCHAR[], sentence VARCHAR)""",
    """CREATE TABLE conflicts (
        article_id VARCHAR NOT NULL, id VARCHAR, kind VARCHAR,
        a_start INTEGER, a_end INTEGER, a_text VARCHAR, a_speaker VARCHAR, a_record VARCHAR,
        b_start INTEGER, b_end INTEGER, b_text VARCHAR, b_speaker VARCHAR, b_record VARCHAR, explanation VARCHAR)""",
    """CREATE TABLE sources (
        article_id VARCHAR NOT NULL, position INTEGER, kind VARCHAR, name VARCHAR, url VARCHAR, retelling BOOLEAN,
        mentions INTEGER, evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR)""",
    """CREATE TABLE failures (
        run_id VARCHAR, source VARCHAR, code VARCHAR, reason VARCHAR, failed_at TIMESTAMP)""",
)

_LINK_TABLES = (
    """CREATE TABLE pairs (
        a VARCHAR, b VARCHAR, kind VARCHAR, similarity DOUBLE, containment DOUBLE, evidence VARCHAR)""",
    """CREATE TABLE stories (
        id VARCHAR PRIMARY KEY, label VARCHAR, start_date VARCHAR, end_date VARCHAR, terms VARCHAR[])""",
    """CREATE TABLE story_articles (story_id VARCHAR, article_id VARCHAR, position INTEGER)""",
    """CREATE TABLE provenance_edges (
        story_id VARCHAR, source VARCHAR, target VARCHAR, kind VARCHAR, evidence VARCHAR, confidence DOUBLE)""",
    """CREATE TABLE claim_groups (id VARCHAR, story_id VARCHAR, kind VARCHAR, key VARCHAR)""",
    """CREATE TABLE claim_members (
        group_id VARCHAR, article_id VARCHAR, record VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
        speaker VARCHAR, low DOUBLE, high DOUBLE, hedges VARCHAR[], polarity VARCHAR)""",
    """CREATE TABLE cross_conflicts (
        id VARCHAR, story_id VARCHAR, kind VARCHAR,
        a_article VARCHAR, a_record VARCHAR, a_start INTEGER, a_end INTEGER, a_text VARCHAR, a_speaker VARCHAR,
        a_low DOUBLE, a_high DOUBLE, a_hedges VARCHAR[], a_polarity VARCHAR,
        b_article VARCHAR, b_record VARCHAR, b_start INTEGER, b_end INTEGER, b_text VARCHAR, b_speaker VARCHAR,
        b_low DOUBLE, b_high DOUBLE, b_hedges VARCHAR[], b_polarity VARCHAR, explanation VARCHAR)""",
    """CREATE TABLE drifts (
        id VARCHAR, story_id VARCHAR, article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
        origin_article VARCHAR, origin_start INTEGER, origin_end INTEGER, origin_text VARCHAR, types VARCHAR[],
        counted VARCHAR, explanation VARCHAR)""",
)

_LINK_INPUT_TABLES = (
    # what each stored story's trace was computed from: an incremental link keeps a story whose fingerprint is unchanged
    """CREATE TABLE link_story_inputs (story_id VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL)""",
)

_STANCE_TABLES = (
    """CREATE TABLE stances (
        story_id VARCHAR, group_id VARCHAR, article_id VARCHAR, label VARCHAR,
        p_agree DOUBLE, p_disagree DOUBLE, p_discuss DOUBLE, p_unrelated DOUBLE,
        claim_article VARCHAR, claim_start INTEGER, claim_end INTEGER, claim_text VARCHAR)""",
    # the stories traced before this migration have no stances: forgetting their fingerprints makes the next link
    # trace every story again, so no kept story is left without them
    """DELETE FROM link_story_inputs""",
)

_LINKED_ARTICLES = (
    # the articles the stored link results were computed from, replaced in the transaction that writes them: an article
    # missing here was stored after the last finished link (killed, stopped or --no-link), and the next ingest links it
    """CREATE TABLE linked_articles (article_id VARCHAR PRIMARY KEY)""",
    # a store from before this migration: a link that finished put every article it read into exactly one story (stories
    # of one article too) in that same transaction, so story_articles names the articles linked; one stored after it is
    # absent there and stays unlinked, which is what it is
    """INSERT INTO linked_articles SELECT DISTINCT article_id FROM story_articles WHERE article_id IN (SELECT id FROM articles)""",
)

_RUN_ERRORS = (
    # a run that stopped on an error is finished with that error; one still NULL in `finished` was killed
    """ALTER TABLE runs ADD COLUMN error VARCHAR""",
)

# Append only: a migration that shipped is never edited, a change is a new migration.
MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_articles_and_runs", _ARTICLE_TABLES),
    Migration("0002_link_results", _LINK_TABLES),
    Migration("0003_link_story_inputs", _LINK_INPUT_TABLES),
    Migration("0004_stances", _STANCE_TABLES),
    Migration("0005_linked_articles", _LINKED_ARTICLES),
    Migration("0006_run_errors", _RUN_ERRORS),
)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(RetoldError):
    """The database cannot be used: locked, read-only, corrupt, or from a newer retold."""


def damaged(path: str, reason: str) -> str:
    """The one-line message for a store whose content cannot be trusted, with what to do about it."""
    return f"{path} is damaged ({reason}); restore it from a copy or ingest into a new file"


def schema_version(connection, path: str = "the database") -> int:
    """The schema version a database records; 0 for an empty database."""
    tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "retold_meta" not in tables:
        if tables:
            raise StoreError(f"not a retold database: it holds other tables ({', '.join(sorted(tables)[:3])}...)")
        return 0
    row = connection.execute("SELECT value FROM retold_meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise StoreError(damaged(path, f"its recorded schema version is {row[0]!r}, not a number")) from None


def check_version(version: int, path: str) -> None:
    """Refuse a database written by a newer retold: its tables may mean something this version does not know."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {version}, but this retold knows schema version {SCHEMA_VERSION} at most; "
            "upgrade retold to use it"
        )


def migrate(connection, path: str = "the database") -> list[str]:
    """Apply the migrations a database lacks, each in its own transaction; return their names."""
    check_version(schema_version(connection, path), path)
    tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "retold_meta" not in tables:
        with transaction(connection):
            connection.execute("CREATE TABLE retold_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            connection.execute("CREATE TABLE migrations (name VARCHAR PRIMARY KEY, applied TIMESTAMP)")
            connection.execute("INSERT INTO retold_meta VALUES ('schema_version', '0')")
    applied: list[str] = []
    done = {row[0] for row in connection.execute("SELECT name FROM migrations").fetchall()}
    for migration in MIGRATIONS:
        if migration.name in done:
            continue
        with transaction(connection):
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute("INSERT INTO migrations VALUES (?, current_timestamp)", [migration.name])
            # the version is the number of migrations recorded, also when the one applied now was missing from the middle
            connection.execute("UPDATE retold_meta SET value = ? WHERE key = 'schema_version'", [str(len(done) + 1)])
        done.add(migration.name)
        applied.append(migration.name)
    return applied
