"""Reviews beside the store: stable finding ids, the SQLite sidecar, survival across re-link and re-ingest, ClaimReview ratings."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from retold.cli import main
from retold.store.claimreview import TO_BE_RATED, claim_reviews
from retold.store.reviews import (
    BEST_RATING,
    CONTRADICTED,
    MISREPRESENTS,
    NO_ERROR_FOUND,
    NOTE_LIMIT,
    WORST_RATING,
    ReviewError,
    claim_rating,
    conflict_id,
    drift_id,
    findings,
    load_reviews,
    reviews_path,
    save_review,
)
from retold.store.schema import StoreError

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_STORY = REPO / "examples" / "story" / "story.jsonl"


def _ingest(source: Path, db: Path) -> None:
    assert main(["ingest", str(source), "--db", str(db), "--workers", "1", "--no-progress"]) == 0


@pytest.fixture(scope="module")
def example_db(copy_of_example) -> Path:
    """The bundled example story ingested (and linked) once per session; tests work on copies."""
    return copy_of_example("reviews")


@pytest.fixture
def db(example_db, tmp_path) -> Path:
    """A copy of the example store with no reviews yet."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(example_db, copy)
    return copy


def _findings(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as connection:
        return findings(connection)


def _drafts(db: Path) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return claim_reviews(connection, reviews=load_reviews(db))


def test_finding_id_ignores_side_order_but_not_spans_or_kind():
    a, b = ("a1", 10, 20), ("b2", 30, 45)
    assert conflict_id("numeric", a, b) == conflict_id("numeric", b, a)  # a conflict has no direction
    assert conflict_id("numeric", a, b) != conflict_id("denial", a, b)
    assert conflict_id("numeric", a, b) != conflict_id("numeric", a, ("b2", 30, 46))
    assert conflict_id("numeric", a, b).startswith("conflict-")


def test_drift_id_keeps_its_direction_and_ignores_the_order_of_its_types():
    origin, later = ("a1", 10, 20), ("b2", 30, 45)
    assert drift_id(["NUMBER_CHANGED", "HEDGE_DROPPED"], origin, later) == drift_id(["HEDGE_DROPPED", "NUMBER_CHANGED"], origin, later)
    assert drift_id(["NUMBER_CHANGED"], origin, later) != drift_id(["NUMBER_CHANGED"], later, origin)
    assert drift_id(["NUMBER_CHANGED"], origin, later) != drift_id(["HEDGE_DROPPED"], origin, later)
    assert drift_id(["NUMBER_CHANGED"], origin, later) != conflict_id("NUMBER_CHANGED", origin, later)


def test_reading_the_reviews_of_a_store_without_any_makes_no_file(tmp_path):
    db = tmp_path / "store.duckdb"
    assert load_reviews(db) == {}
    assert not reviews_path(db).exists()
    assert reviews_path(db).name == "store.duckdb.reviews.sqlite"


def test_a_saved_review_is_read_back_and_the_next_one_replaces_it(tmp_path):
    db = tmp_path / "store.duckdb"
    save_review(db, "drift-0123456789abcdef0123", "drift", "confirmed", "  the toll was 17  ", "Ana")
    first = load_reviews(db)["drift-0123456789abcdef0123"]
    assert (first.kind, first.verdict, first.note, first.reviewer) == ("drift", "confirmed", "the toll was 17", "Ana")
    assert first.updated_at.endswith("+00:00")
    save_review(db, "drift-0123456789abcdef0123", "drift", "dismissed", "")
    again = load_reviews(db)
    assert len(again) == 1 and again["drift-0123456789abcdef0123"].verdict == "dismissed"
    assert again["drift-0123456789abcdef0123"].reviewer is None


@pytest.mark.parametrize("verdict, note, words", [
    ("maybe", "", "verdict 'maybe': choose one of confirmed, dismissed"),
    ("confirmed", "x" * (NOTE_LIMIT + 1), "at most 2,000"),
])
def test_a_review_out_of_bounds_is_refused_in_one_line_and_not_saved(tmp_path, verdict, note, words):
    db = tmp_path / "store.duckdb"
    with pytest.raises(ReviewError) as refused:
        save_review(db, "conflict-0123456789abcdef0123", "conflict", verdict, note)
    assert words in str(refused.value) and "\n" not in str(refused.value)
    assert not reviews_path(db).exists()


def test_a_reviews_file_that_is_not_sqlite_is_one_line_store_error(tmp_path):
    db = tmp_path / "store.duckdb"
    reviews_path(db).write_bytes(b"not a database at all " * 100)
    with pytest.raises(StoreError) as failed:
        load_reviews(db)
    assert str(reviews_path(db)) in str(failed.value) and "\n" not in str(failed.value)


def test_finding_ids_do_not_depend_on_row_ids_or_story_ids(db):
    before = _findings(db)
    assert {f.kind for f in before.values()} == {"conflict", "drift"}
    with duckdb.connect(str(db)) as connection:  # the same findings under other row numbers and another story id
        connection.execute("UPDATE cross_conflicts SET id = 'other:C' || id, story_id = 'story-renamed'")
        connection.execute("UPDATE drifts SET id = 'other:D' || id, story_id = 'story-renamed'")
        connection.execute("UPDATE conflicts SET id = 'X' || id")
    after = _findings(db)
    assert set(after) == set(before)
    assert all(after[key].story_id == "story-renamed" for key in after if after[key].label.startswith("other:"))


def test_reviews_survive_a_full_relink_of_the_same_articles(db):
    known = _findings(db)
    drift = next(f for f in known.values() if f.kind == "drift")
    conflict = next(f for f in known.values() if f.kind == "conflict" and f.story_id and len({s[0] for s in f.sides}) == 2)
    save_review(db, drift.id, "drift", "confirmed", "17 in the county's own list")
    save_review(db, conflict.id, "conflict", "dismissed", "the two count different days")
    assert main(["link", "--db", str(db), "--full"]) == 0
    relinked = _findings(db)
    assert relinked[drift.id].sides == drift.sides and relinked[conflict.id].sides == conflict.sides
    assert load_reviews(db)[drift.id].verdict == "confirmed" and load_reviews(db)[conflict.id].verdict == "dismissed"


def test_reviews_stay_with_their_findings_when_new_articles_renumber_the_story(tmp_path):
    lines = [line for line in EXAMPLE_STORY.read_text(encoding="utf-8").splitlines() if line.strip()]
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    rest.write_text("\n".join(lines[5:]) + "\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    _ingest(first, db)
    before = _findings(db)
    for finding in before.values():
        save_review(db, finding.id, finding.kind, "confirmed", f"was {finding.label}")
    _ingest(rest, db)  # two more articles: new conflicts and drifts, the story linked again
    after = _findings(db)
    assert len(after) > len(before)
    for review in load_reviews(db).values():
        assert review.finding_id in after, review
        assert [side[3] for side in after[review.finding_id].sides] == [side[3] for side in before[review.finding_id].sides]
    # the rows were renumbered (story-…:C1 is C5 now): a review kept by row id would now name another finding
    assert any(after[key].label != before[key].label for key in before)


def test_claim_rating_takes_the_worst_confirmed_else_waits_until_every_finding_is_dismissed():
    assert claim_rating([("conflict", "confirmed"), ("drift", "confirmed")]) == MISREPRESENTS
    assert claim_rating([("conflict", "confirmed"), ("drift", "dismissed")]) == CONTRADICTED
    assert claim_rating([("conflict", "dismissed"), ("drift", "dismissed")]) == NO_ERROR_FOUND
    assert claim_rating([("conflict", "dismissed"), ("drift", None)]) is None
    assert claim_rating([]) is None
    assert WORST_RATING == MISREPRESENTS.value < CONTRADICTED.value < NO_ERROR_FOUND.value == BEST_RATING


def test_claimreview_drafts_are_rated_from_the_verdicts_and_unreviewed_ones_stay_to_be_rated(db):
    unrated = _drafts(db)
    assert unrated and all(d["reviewRating"]["ratingValue"] is None and d["reviewRating"]["alternateName"] == TO_BE_RATED
                           for d in unrated)
    assert any(item["kind"] == "drift" for d in unrated for item in d["retold:evidence"])  # retellings are drafts too
    known = _findings(db)
    conflict = next(f for f in known.values() if f.kind == "conflict" and len({s[0] for s in f.sides}) == 2)
    save_review(db, conflict.id, "conflict", "confirmed", "the county's list says 17", "Ana Ruiz")
    rated = [d for d in _drafts(db) if d["reviewRating"]["ratingValue"] is not None]
    # both sides' claims are contradicted by the other: two drafts, each naming the conflict
    assert {d["retold:claim"]["article_id"] for d in rated} == {side[0] for side in conflict.sides}
    for draft in rated:
        assert draft["reviewRating"] == {"@type": "Rating", "ratingValue": CONTRADICTED.value, "bestRating": BEST_RATING,
                                         "worstRating": WORST_RATING, "alternateName": CONTRADICTED.name}
        assert draft["reviewBody"] == "the county's list says 17" and draft["author"] == {"@type": "Person", "name": "Ana Ruiz"}
        assert any(item["finding"] == conflict.id and item["review"]["verdict"] == "confirmed" for item in draft["retold:evidence"])

    drift = next(f for f in known.values() if f.kind == "drift")
    save_review(db, drift.id, "drift", "confirmed")
    later_article = drift.sides[1][0]
    misrepresenting = [d for d in _drafts(db) if d["reviewRating"]["ratingValue"] == MISREPRESENTS.value]
    assert misrepresenting and all(d["retold:claim"]["article_id"] == later_article for d in misrepresenting)


def test_a_claim_whose_every_finding_was_dismissed_has_no_error_found(db):
    drafts = _drafts(db)
    draft = drafts[0]
    for item in draft["retold:evidence"]:
        save_review(db, item["finding"], "drift" if item["kind"] == "drift" else "conflict", "dismissed")
    again = next(d for d in _drafts(db) if d["retold:claim"] == draft["retold:claim"])
    assert again["reviewRating"]["ratingValue"] == NO_ERROR_FOUND.value


def test_export_claimreview_rates_the_drafts_a_reader_reviewed(db, tmp_path, capsys):
    conflict = next(f for f in _findings(db).values() if f.kind == "conflict")
    save_review(db, conflict.id, "conflict", "confirmed")
    out = tmp_path / "claimreview.json"
    assert main(["export", "--db", str(db), "--format", "claimreview", "--out", str(out), "--no-progress"]) == 0
    drafts = json.loads(out.read_text(encoding="utf-8"))
    rated = [d for d in drafts if d["reviewRating"]["ratingValue"] is not None]
    assert rated and all(d["reviewRating"]["alternateName"] == CONTRADICTED.name for d in rated)
    assert len(rated) < len(drafts)
