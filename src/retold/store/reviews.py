"""A reader's verdicts on conflicts and drifts, kept in a SQLite file beside the store, by ids that re-analysis keeps.

The DuckDB store is rewritten by `retold ingest` and `retold link` and opened read-only by the web app (DuckDB allows one
writing process per file): a reader's judgement written into it would be lost to the next re-link, or could not be
written at all while the app serves. So reviews live in `<store>.reviews.sqlite` (stdlib sqlite3, WAL mode: a small row
is written while another process reads), named by a finding id worked out from what the finding is, never from a row
number or a story id, so a review finds its conflict or drift again after the same articles are re-ingested or re-linked.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from retold.errors import RetoldError
from retold.store.schema import StoreError

FINDING_KINDS = ("conflict", "drift")
VERDICTS = ("confirmed", "dismissed")  # confirmed: the finding is real; dismissed: it is a false alarm
NOTE_LIMIT = 2000
REVIEWER_LIMIT = 120
SUFFIX = ".reviews.sqlite"
# a finding id: its kind, then 20 hex digits of a hash (80 bits: no two findings of one store share it)
ID_PATTERN = r"^(conflict|drift)-[0-9a-f]{20}$"

Side = tuple[str, "int | None", "int | None"]  # (article id, start, end) of one quoted passage


class ReviewError(RetoldError):
    """A review that cannot be saved as given: an unknown verdict, a note too long (an unusable file is a StoreError)."""


@dataclass(frozen=True)
class Rating:
    """One step of the ClaimReview scale a reviewed claim gets."""

    value: int
    name: str  # schema.org Rating.alternateName: what a reader of the fact-check sees


# The scale a claim's ClaimReview is rated on, worst first. A claim gets the worst rating any of its reviewed findings
# gives it: a retelling confirmed to depart from its source misrepresents it (1); a claim confirmed to be contradicted
# by another report is disputed, though the conflict alone does not say which side is wrong (2); a claim whose every
# finding was dismissed as a false alarm has no error found (3). A claim with a finding still unreviewed and none
# confirmed waits for its reviewer: its rating stays null, "TO BE RATED".
MISREPRESENTS = Rating(1, "Misrepresents its source")
CONTRADICTED = Rating(2, "Contradicted by another report")
NO_ERROR_FOUND = Rating(3, "No error found")
WORST_RATING, BEST_RATING = MISREPRESENTS.value, NO_ERROR_FOUND.value
CONFIRMED_RATING = {"drift": MISREPRESENTS, "conflict": CONTRADICTED}


@dataclass(frozen=True)
class Review:
    """A reader's verdict on one conflict or drift, with a note."""

    finding_id: str
    kind: str  # conflict | drift
    verdict: str  # one of VERDICTS
    note: str = ""
    reviewer: str | None = None
    updated_at: str = ""  # ISO 8601, UTC

    def to_json(self) -> dict[str, Any]:
        return {"finding_id": self.finding_id, "kind": self.kind, "verdict": self.verdict, "note": self.note,
                "reviewer": self.reviewer, "updated_at": self.updated_at}


def finding_id(kind: str, finding_type: str, sides: Sequence[Side]) -> str:
    """The stable id of a conflict or drift: its kind, its type and the passages it quotes (article id and span).

    Article ids are content hashes, so the same articles analysed again give the same id; row numbers (`story:C3`) and
    story ids shift when other findings or stories come and go, and are left out. A conflict has no direction (its
    sides are sorted); a drift goes from its origin to the later article (kept in order)."""
    if kind not in FINDING_KINDS:
        raise ValueError(f"finding kind {kind!r}: expected one of {', '.join(FINDING_KINDS)}")
    passages = [[str(article), _offset(start), _offset(end)] for article, start, end in sides]
    if kind == "conflict":
        passages.sort()
    payload = json.dumps([kind, finding_type or "", passages], separators=(",", ":"))
    return f"{kind}-{hashlib.sha256(payload.encode()).hexdigest()[:20]}"


def conflict_id(kind: str | None, a: Side, b: Side) -> str:
    """The finding id of a conflict (within one article or across two) from its kind and both sides."""
    return finding_id("conflict", kind or "", [a, b])


def drift_id(types: Iterable[str] | None, origin: Side, later: Side) -> str:
    """The finding id of a drift from its types (in any order), its origin passage and the later passage."""
    return finding_id("drift", "+".join(sorted(types or ())), [origin, later])


def _offset(value: int | None) -> int:
    return -1 if value is None else int(value)


def reviews_path(db_path: str | Path) -> Path:
    """Where a store's reviews live: `<store>.reviews.sqlite` beside it."""
    path = Path(db_path)
    return path.with_name(path.name + SUFFIX)


def check_review(kind: str, verdict: str, note: str, reviewer: str | None = None) -> None:
    """Refuse a review that cannot be saved, in one line."""
    if kind not in FINDING_KINDS:
        raise ReviewError(f"kind {kind!r}: a review is of a conflict or a drift")
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict {verdict!r}: choose one of {', '.join(VERDICTS)}")
    if len(note) > NOTE_LIMIT:
        raise ReviewError(f"the note has {len(note):,} characters; at most {NOTE_LIMIT:,} are kept")
    if reviewer is not None and len(reviewer) > REVIEWER_LIMIT:
        raise ReviewError(f"the reviewer's name has {len(reviewer):,} characters; at most {REVIEWER_LIMIT} are kept")


_SCHEMA = """CREATE TABLE IF NOT EXISTS reviews (
    finding_id TEXT PRIMARY KEY, kind TEXT NOT NULL, verdict TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
    reviewer TEXT, updated_at TEXT NOT NULL)"""


def save_review(db_path: str | Path, finding: str, kind: str, verdict: str, note: str = "",
                reviewer: str | None = None) -> Review:
    """Record (or replace) the verdict on one finding; the reviews file is made on the first save."""
    note = note.strip()
    reviewer = (reviewer or "").strip() or None
    check_review(kind, verdict, note, reviewer)
    review = Review(finding, kind, verdict, note, reviewer, datetime.now(UTC).isoformat(timespec="seconds"))
    path = reviews_path(db_path)
    try:
        with _connect(path) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            connection.execute(
                "INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (finding_id) DO UPDATE SET kind = excluded.kind,"
                " verdict = excluded.verdict, note = excluded.note, reviewer = excluded.reviewer, updated_at = excluded.updated_at",
                [review.finding_id, review.kind, review.verdict, review.note, review.reviewer, review.updated_at])
    except sqlite3.Error as error:
        raise StoreError(f"cannot save the review in {path}: {error}") from None
    return review


def load_reviews(db_path: str | Path) -> dict[str, Review]:
    """Every review of a store by finding id; none when its reviews file does not exist (reading never makes one)."""
    path = reviews_path(db_path)
    if not path.exists():
        return {}
    try:
        # read-only by URI: a missing table or file is never created by a reader
        with _connect(path, read_only=True) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "reviews" not in tables:
                return {}
            rows = connection.execute(
                "SELECT finding_id, kind, verdict, note, reviewer, updated_at FROM reviews ORDER BY updated_at, finding_id").fetchall()
    except sqlite3.Error as error:
        raise StoreError(f"cannot read the reviews in {path}: {error}") from None
    return {row[0]: Review(*row) for row in rows}


class _connect:
    """A sqlite3 connection that commits on success and is closed on leaving (sqlite3's own context manager only commits)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
        self.connection = sqlite3.connect(uri, uri=read_only, timeout=5.0)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, kind, *_) -> None:
        try:
            if kind is None:
                self.connection.commit()
        finally:
            self.connection.close()


def claim_rating(kinds_and_verdicts: Iterable[tuple[str, str | None]]) -> Rating | None:
    """The rating of a claim from the verdicts on its findings ((kind, verdict or None when unreviewed)): the worst
    confirmed finding's, else "no error found" when every finding was dismissed, else None (still to be rated)."""
    found = list(kinds_and_verdicts)
    confirmed = [CONFIRMED_RATING[kind] for kind, verdict in found if verdict == "confirmed"]
    if confirmed:
        return min(confirmed, key=lambda rating: rating.value)
    if found and all(verdict == "dismissed" for _, verdict in found):
        return NO_ERROR_FOUND
    return None


@dataclass(frozen=True)
class Finding:
    """A conflict or drift of the store as a review names it: what it is, where it is, what it quotes."""

    id: str
    kind: str  # conflict | drift
    finding_type: str  # the conflict's kind, or the drift's types joined by "+"
    story_id: str | None  # None for a conflict within one article that is in no story
    label: str  # its row id in the store (story-…:C2, K1), for a person to find it
    sides: tuple[tuple[str, int | None, int | None, str | None], ...]  # (article id, start, end, text)


def findings(connection, article_ids: list[str] | None = None) -> dict[str, Finding]:
    """Every conflict (within articles and across them) and drift of the store, or of the named articles, by finding id."""
    where_within, where_cross, where_drift, parameters = "", "", "", []
    if article_ids is not None:
        where_within = " WHERE list_contains($1, k.article_id)"
        where_cross = " WHERE list_contains($1, a_article) OR list_contains($1, b_article)"
        where_drift = " WHERE list_contains($1, article_id) OR list_contains($1, origin_article)"
        parameters = [article_ids]
    out: dict[str, Finding] = {}
    for article, row_id, kind, story, a_start, a_end, a_text, b_start, b_end, b_text in connection.execute(
        "SELECT k.article_id, k.id, k.kind, s.story_id, k.a_start, k.a_end, k.a_text, k.b_start, k.b_end, k.b_text"
        " FROM conflicts k LEFT JOIN (SELECT article_id, min(story_id) AS story_id FROM story_articles GROUP BY article_id) s"
        f" ON s.article_id = k.article_id{where_within}", parameters).fetchall():
        key = conflict_id(kind, (article, a_start, a_end), (article, b_start, b_end))
        out[key] = Finding(key, "conflict", kind or "", story, row_id,
                           ((article, a_start, a_end, a_text), (article, b_start, b_end, b_text)))
    for row_id, story, kind, *sides in connection.execute(
        "SELECT id, story_id, kind, a_article, a_start, a_end, a_text, b_article, b_start, b_end, b_text"
        f" FROM cross_conflicts{where_cross}", parameters).fetchall():
        a, b = tuple(sides[:4]), tuple(sides[4:])
        key = conflict_id(kind, a[:3], b[:3])
        out[key] = Finding(key, "conflict", kind or "", story, row_id, (a, b))
    for row_id, story, types, *sides in connection.execute(
        "SELECT id, story_id, types, origin_article, origin_start, origin_end, origin_text, article_id, start_char, end_char, text"
        f" FROM drifts{where_drift}", parameters).fetchall():
        origin, later = tuple(sides[:4]), tuple(sides[4:])
        key = drift_id(types, origin[:3], later[:3])
        out[key] = Finding(key, "drift", "+".join(sorted(types or ())), story, row_id, (origin, later))
    return out
