"""The DuckDB store: migrations, the one writer, round trips, link results, exports, and files it must refuse untouched."""
from __future__ import annotations

import io
import json
import os

import duckdb
import pytest

from retold.cli import main
from retold.link.model import (
    ArticleSpan,
    ClaimGroup,
    ClaimMember,
    CrossConflict,
    Drift,
    LinkResult,
    ProvenanceEdge,
    Stance,
    Story,
)
from retold.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    StoreWriter,
    load_articles,
    open_for_reading,
    open_for_writing,
    write_article,
    write_link_result,
)
from retold.store.claimreview import TO_BE_RATED, claim_reviews
from retold.store.export import write_jsonl
from retold.store.stories import story_titles
from retold.store.tables import column_names
from retold.store.writer import prepare_article

ORIGINAL = (
    "Officials in Greystone said about 200 people were evacuated on Monday. "
    "\"At least 900 people were evacuated from their homes,\" said Ana Ruiz, a local teacher.\n"
)
RETELLING = "The Greystone Herald reported that 350 people were evacuated on Monday, citing officials.\n"


@pytest.fixture()
def stored(tmp_path, analyze):
    """A database with two analysed articles and the link results of a two-article story."""
    path = str(tmp_path / "store.duckdb")
    original = analyze(ORIGINAL, source="original.txt", url="https://example.org/original", published="2024-03-04")
    retelling = analyze(RETELLING, source="retelling.txt", published="2024-03-05", outlet="Herald")
    connection = open_for_writing(path)
    assert write_article(connection, original) and write_article(connection, retelling)
    write_link_result(connection, link_result(original, retelling))
    yield connection, path, original, retelling
    connection.close()


def member(article, words: str, speaker: str, low=None, high=None) -> ClaimMember:
    start = article.text.index(words)
    return ClaimMember(article.id, "q1", ArticleSpan(article.id, start, start + len(words), words), speaker, low, high)


def link_result(original, retelling) -> LinkResult:
    story = Story("s1", "Greystone evacuation", (original.id, retelling.id), "2024-03-04", "2024-03-05", ("greystone",))
    a, b = member(original, "about 200 people", "officials", 200, 200), member(retelling, "350 people", "officials", 350, 350)
    drift = Drift("d1", "s1", b.span, a.span, ("NUMBER_CHANGED", "HEDGE_DROPPED"), "people", "200 became 350, 'about' dropped")
    words = "Officials in Greystone said about 200 people were evacuated on Monday."
    claim = ArticleSpan(original.id, 0, len(words), words)
    stances = [Stance("s1", "g1", original.id, "agree", claim, 0.7, 0.05, 0.2, 0.05),
               Stance("s1", "g1", retelling.id, "disagree", claim, 0.1, 0.6, 0.2, 0.1)]
    return LinkResult(
        stories=[story],
        edges=[ProvenanceEdge("s1", original.id, retelling.id, "citation", "citing officials")],
        groups=[ClaimGroup("g1", "s1", "quantity", "people", (a, b))],
        conflicts=[CrossConflict("c1", "s1", "numeric", a, b, "200 against 350 people")],
        drifts=[drift],
        stances=stances,
    )


def test_migrations_are_named_recorded_and_run_once(tmp_path):
    path = str(tmp_path / "new.duckdb")
    connection = open_for_writing(path)
    names = [row[0] for row in connection.execute("SELECT name FROM migrations ORDER BY name").fetchall()]
    assert names == [migration.name for migration in MIGRATIONS]
    assert connection.execute("SELECT value FROM retold_meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    connection.close()
    connection = open_for_writing(path)  # a second open applies nothing again
    assert connection.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    connection.close()


def test_an_article_round_trips_exactly_and_its_records_fill_the_tables(stored):
    connection, _, original, _ = stored
    (loaded,) = [article for article in load_articles(connection) if article.id == original.id]
    assert loaded.to_json() == original.to_json()
    for table, records in (("sentences", original.sentences), ("attributions", original.attributions),
                           ("quantities", original.quantities), ("claims", original.claims),
                           ("conflicts", original.conflicts), ("sources", original.sources)):
        count = connection.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", [original.id]).fetchone()[0]
        assert count == len(records), table
    assert original.conflicts, "the test text should hold a within-article numeric conflict"
    low, high = connection.execute(
        "SELECT low, high FROM quantities WHERE article_id = ? AND text LIKE '%900%'", [original.id]).fetchone()
    assert low == 900


def test_the_same_text_is_stored_once(stored, analyze):
    connection, _, original, _ = stored
    again = analyze(ORIGINAL, source="elsewhere/copy.txt")
    assert not write_article(connection, again)
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert connection.execute("SELECT count(*) FROM sentences WHERE article_id = ?", [original.id]).fetchone()[0] == len(original.sentences)


def test_a_batch_that_fails_leaves_nothing_half_written(tmp_path, analyze):
    connection = open_for_writing(str(tmp_path / "half.duckdb"))
    good = analyze(ORIGINAL, source="good.txt")
    broken = prepare_article(analyze(RETELLING, source="broken.txt"), "run")
    claim = list(broken.rows["claims"][0])
    claim[column_names("claims").index("start_char")] = "not a number"  # fails while the rows go in, after the article row
    broken.rows["claims"][0] = tuple(claim)
    with pytest.raises(duckdb.Error):
        StoreWriter(connection).write_batch("run", [good, broken])
    for table in ("articles", "sentences", "claims", "quantities"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    connection.close()


def test_link_results_replace_the_previous_ones_in_one_go(stored):
    connection, _, original, retelling = stored
    write_link_result(connection, link_result(original, retelling))
    for table in ("stories", "provenance_edges", "claim_groups", "cross_conflicts", "drifts"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table
    for table in ("claim_members", "story_articles", "stances"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 2, table
    write_link_result(connection, LinkResult())
    for table in ("drifts", "stances"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def export(connection, what: str) -> list[dict]:
    stream = io.StringIO()
    write_jsonl(connection, what, stream)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_export_of_articles_names_each_story(stored):
    connection, _, original, retelling = stored
    rows = export(connection, "articles")
    assert [row["article"]["id"] for row in rows] == [original.id, retelling.id]
    assert {row["story"] for row in rows} == {"s1"}
    assert rows[0]["schema"] == "retold.article/1" and rows[0]["article"]["url"] == "https://example.org/original"


def test_export_of_drifts_names_both_articles_as_ingested(stored):
    connection, _, original, retelling = stored
    (drift,) = export(connection, "drifts")
    assert drift["article"] == "retelling.txt" and drift["from_article"] == "https://example.org/original"
    assert RETELLING[drift["start"]:drift["end"]] == "350 people"
    assert ORIGINAL[drift["from_start"]:drift["from_end"]] == "about 200 people"
    assert drift["types"] == ["NUMBER_CHANGED", "HEDGE_DROPPED"] and drift["counted"] == "people" and drift["explanation"]


def test_export_of_conflicts_gives_both_sides_within_and_across_articles(stored):
    connection, _, original, _ = stored
    rows = export(connection, "conflicts")
    assert {row["scope"] for row in rows} == {"article", "story"}
    for row in rows:
        for side in (row["a"], row["b"]):
            text = ORIGINAL if side["article_id"] == original.id else RETELLING
            assert text[side["start"]:side["end"]] == side["text"] and side["article"]


def test_export_of_stances_names_the_article_the_group_and_the_claim(stored):
    connection, _, original, retelling = stored
    rows = export(connection, "stances")
    assert [(row["article_id"], row["stance"]) for row in rows] == [(original.id, "agree"), (retelling.id, "disagree")]
    for row in rows:
        assert (row["story"], row["group"], row["group_kind"], row["group_key"]) == ("s1", "g1", "quantity", "people")
        assert row["claim_article"] == "https://example.org/original" and row["claim_article_id"] == original.id
        assert ORIGINAL[row["claim_start"]:row["claim_end"]] == row["claim_text"] and row["member"] is True
    assert rows[1]["article"] == "retelling.txt" and rows[1]["outlet"] == "Herald"
    assert rows[1]["probabilities"] == {"agree": 0.1, "disagree": 0.6, "discuss": 0.2, "unrelated": 0.1}


def test_export_of_stories_carries_their_readable_title_in_both_formats(stored, tmp_path):
    connection, path, _, _ = stored
    (story,) = export(connection, "stories")
    titles = story_titles(connection)
    assert story["id"] == "s1" and story["title"] == titles["s1"] and story["title"]
    connection.close()
    out = tmp_path / "stories.parquet"
    assert main(["export", "--db", path, "--format", "parquet", "--what", "stories", "--out", str(out)]) == 0
    assert duckdb.connect().execute(f"SELECT id, title FROM read_parquet('{out}')").fetchall() == [("s1", titles["s1"])]


def test_parquet_export_is_written_by_duckdb(stored, tmp_path):
    _, path, _, _ = stored
    out = tmp_path / "claims.parquet"
    stored[0].close()
    assert main(["export", "--db", path, "--format", "parquet", "--what", "claims", "--out", str(out)]) == 0
    count = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
    assert count == duckdb.connect(path, read_only=True).execute("SELECT count(*) FROM claims").fetchone()[0] > 0


def test_claimreview_drafts_cover_each_contested_claim_and_await_a_rating(stored):
    connection, _, original, retelling = stored
    reviews = claim_reviews(connection)
    reviewed = {(review["retold:claim"]["article_id"], review["claimReviewed"]) for review in reviews}
    assert any(article == retelling.id for article, _ in reviewed)
    assert any("900 people" in text for article, text in reviewed if article == original.id)
    for review in reviews:
        assert review["@type"] == "ClaimReview" and review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["author"]["@type"] in ("Person", "Organization")
        assert review["itemReviewed"]["appearance"][0]["url"] in ("https://example.org/original", "retelling.txt")
        assert review["reviewRating"]["ratingValue"] is None and review["reviewRating"]["alternateName"] == TO_BE_RATED
        assert review["retold:evidence"] and all(e["conflictingSpan"]["text"] for e in review["retold:evidence"])
    # the claim aligned in group g1 (the conflict's side names its record, q1) carries both articles' stances toward it
    aligned = [r for r in reviews if r["retold:stances"]]
    assert aligned and all({s["stance"] for s in r["retold:stances"]} == {"agree", "disagree"} for r in aligned)
    assert all(s["group"] == "g1" and s["article"] in ("https://example.org/original", "retelling.txt")
               for r in aligned for s in r["retold:stances"])
    ruiz = [r for r in reviews if "900" in r["claimReviewed"]][0]
    assert ruiz["itemReviewed"]["author"] == {"@type": "Person", "name": "Ana Ruiz"}


def test_usage_errors_of_export_exit_2(stored, capsys):
    _, path, _, _ = stored
    assert main(["export", "--db", path, "--format", "parquet"]) == 2
    assert main(["export", "--db", path, "--format", "xml"]) == 2
    assert main(["export", "--db", path, "--what", "everything"]) == 2


def assert_refused_untouched(path, args, capsys, *words):
    before = open(path, "rb").read()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err
    assert open(path, "rb").read() == before
    assert not os.path.exists(f"{path}.wal")


def test_a_corrupt_database_is_refused_and_left_untouched(tmp_path, capsys):
    path = tmp_path / "corrupt.duckdb"
    path.write_bytes(os.urandom(64 * 1024))
    article = tmp_path / "a.txt"
    article.write_text(ORIGINAL, encoding="utf-8")
    assert_refused_untouched(path, ["ingest", str(article), "--db", str(path), "--workers", "1"], capsys, "not a DuckDB database")
    assert_refused_untouched(path, ["export", "--db", str(path)], capsys, "not a DuckDB database")


def test_a_database_from_a_newer_retold_is_refused_naming_both_versions(tmp_path, capsys):
    path = str(tmp_path / "newer.duckdb")
    connection = open_for_writing(path)
    connection.execute("UPDATE retold_meta SET value = '99' WHERE key = 'schema_version'")
    connection.close()
    article = tmp_path / "a.txt"
    article.write_text(ORIGINAL, encoding="utf-8")
    assert_refused_untouched(path, ["ingest", str(article), "--db", path, "--workers", "1"], capsys, "99", str(SCHEMA_VERSION))
    with pytest.raises(StoreError, match="newer|upgrade"):
        open_for_reading(path)


def test_a_database_of_someone_else_is_not_taken_over(tmp_path, capsys):
    path = str(tmp_path / "other.duckdb")
    duckdb.connect(path).execute("CREATE TABLE invoices (id INTEGER)").close()
    assert_refused_untouched(path, ["export", "--db", path], capsys, "not a retold database")


def test_export_of_a_missing_database_says_how_to_make_one(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "retold ingest" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


def test_a_story_title_is_the_original_reportings_title_else_its_first_sentence(stored):
    from dataclasses import replace

    from retold.store.stories import list_stories, load_story, story_titles

    connection, _, original, retelling = stored
    first_sentence = "Officials in Greystone said about 200 people were evacuated on Monday."
    assert story_titles(connection) == {"s1": first_sentence}  # the root has no title: its first sentence
    assert load_story(connection, "s1").title == first_sentence
    assert [row["title"] for row in list_stories(connection)] == [first_sentence]
    assert load_story(connection, "s1").label == "Greystone evacuation"  # the label stays the key terms
    result = link_result(original, retelling)
    # the later article is the one no edge points at: it is the original reporting, whatever the dates say
    write_link_result(connection, replace(result, edges=[ProvenanceEdge("s1", retelling.id, original.id, "citation", "x")]))
    assert story_titles(connection)["s1"].startswith("The Greystone Herald reported that 350 people")
    # every article a target (no root): the earliest article
    edges = [ProvenanceEdge("s1", original.id, retelling.id, "citation", "x"), ProvenanceEdge("s1", retelling.id, original.id, "citation", "x")]
    write_link_result(connection, replace(result, edges=edges))
    assert story_titles(connection)["s1"] == first_sentence
    connection.execute("UPDATE articles SET title = '  Greystone:\n200 evacuated ' WHERE id = $1", [original.id])
    assert story_titles(connection, ["s1"]) == {"s1": "Greystone: 200 evacuated"}
    assert story_titles(connection, ["no-such-story"]) == {}


def test_a_first_sentence_standing_in_for_a_title_is_cut_at_a_word():
    from retold.store.stories import TITLE_LENGTH, cut_at_word

    sentence = "The council said on Tuesday that " + "the old stone bridge over the river " * 6 + "would close."
    title = cut_at_word(sentence)
    assert len(title) <= TITLE_LENGTH and title.endswith("…") and sentence.startswith(title[:-1])
    assert sentence[len(title) - 1] == " "  # cut between words
    assert cut_at_word("Short  one.\n") == "Short one."
