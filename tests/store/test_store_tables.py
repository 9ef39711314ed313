"""The store's tables as derived from the migrations: every row the writer builds fits its table, and the groups cover them all."""
from __future__ import annotations

import pytest

from retold.link.model import (
    ArticleSpan,
    ClaimGroup,
    ClaimMember,
    CrossConflict,
    Drift,
    DuplicatePair,
    LinkResult,
    ProvenanceEdge,
    Stance,
    Story,
)
from retold.model import Article, Attribution, Claim, Conflict, ConflictSide, Entity, Hedge, Quantity, Sentence, Source, Speaker
from retold.store import open_for_writing, write_article, write_link_result
from retold.store.tables import (
    ARTICLE,
    ARTICLE_TABLES,
    LINK_TABLES,
    TABLE_GROUPS,
    TRACED_TABLES,
    column_names,
    columns,
    store_columns,
)
from retold.store.writer import article_rows, link_rows

FIRST = "Officials in Greystone said about 200 people were evacuated on Monday."
SECOND = "\"At least 900 people left,\" said Ana Ruiz, citing the Greystone Herald."
TEXT = f"{FIRST} {SECOND}\n"


def words(article: Article, text: str, after: int = 0):
    """The span of the first `text` in the article at or after `after`."""
    start = article.text.index(text, after)
    return article.span(start, start + len(text))


def analysed_article() -> Article:
    """An article with every kind of record, each field filled, so that a value in the wrong column shows."""
    article = Article(TEXT, source="greystone.txt", title="Evacuation in Greystone", outlet="Greystone Ledger",
                      published="2024-03-04", author="Lee Park", url="https://ledger.example/evacuation", language="en",
                      analyser={"pipeline": "test"})
    second = len(FIRST) + 1
    article.sentences = [Sentence("s1", words(article, FIRST), 1), Sentence("s2", words(article, SECOND), 2)]
    article.entities = [Entity(words(article, "Greystone"), "GPE"), Entity(words(article, "Ana Ruiz"), "PERSON")]
    article.attributions = [
        Attribution("a1", "indirect", "assert", Speaker(words(article, "Officials"), "officials", "group"), words(article, "said"),
                    words(article, "about 200 people were evacuated on Monday"), "s1", confidence=0.9),
        Attribution("a2", "direct", "deny", Speaker(words(article, "Ana Ruiz"), "Ana Ruiz", "person"),
                    words(article, "said", second), words(article, "At least 900 people left,"), "s2", nested_in="a1",
                    confidence=0.87654),
    ]
    article.quantities = [
        Quantity("q1", words(article, "about 200 people"), words(article, "about 200"), 180.0, 220.0, True, False, "vague",
                 "person", "people", (Hedge(words(article, "about"), "approximator"),), attribution="a1", sentence="s1"),
        Quantity("q2", words(article, "At least 900 people"), words(article, "900"), 900.0, None, True, False, "lower_bound",
                 "person", "people", (Hedge(words(article, "At least"), "lower_bound"),), attribution="a2", sentence="s2"),
    ]
    article.claims = [
        Claim("c1", "quantity", words(article, "At least 900 people left"), "Ana Ruiz", "a2", 0.91234,
              (Hedge(words(article, "At least"), "lower_bound"),), quantities=("q2",), sentence="s2"),
    ]
    article.conflicts = [
        Conflict("k1", "numeric", ConflictSide(words(article, "about 200 people"), "officials", "q1"),
                 ConflictSide(words(article, "At least 900 people"), "Ana Ruiz", "q2"), "about 200 against at least 900"),
    ]
    article.sources = [
        Source("person", "Ana Ruiz", (words(article, "Ana Ruiz"),)),
        Source("outlet", "Greystone Herald", (words(article, "Greystone Herald"),), url="https://herald.example/",
               retelling=True, evidence=words(article, "citing the Greystone Herald")),
    ]
    article.check()
    return article


def span_of(article: Article, text: str) -> ArticleSpan:
    start = article.text.index(text)
    return ArticleSpan(article.id, start, start + len(text), text)


def link_result(article: Article, other: str) -> LinkResult:
    """A two-article story with a row for every link table."""
    a = ClaimMember(article.id, "q1", span_of(article, "about 200 people"), "officials", 180.0, 220.0, ("approximator",), "assert")
    b = ClaimMember(other, "q7", ArticleSpan(other, 4, 14, "350 people"), "the Herald", 350.0, 350.0, ("exact",), "deny")
    return LinkResult(
        pairs=[DuplicatePair(article.id, other, "partial", 0.4, 0.6, "a shared sentence")],
        stories=[Story("s1", "Greystone evacuation", (article.id, other), "2024-03-04", "2024-03-05", ("greystone", "evacuated"))],
        edges=[ProvenanceEdge("s1", article.id, other, "citation", "citing officials", 0.8)],
        groups=[ClaimGroup("g1", "s1", "quantity", "people", (a, b))],
        conflicts=[CrossConflict("x1", "s1", "numeric", a, b, "about 200 against 350 people")],
        drifts=[Drift("d1", "s1", b.span, a.span, ("NUMBER_CHANGED", "HEDGE_DROPPED"), "people", "about 200 became 350")],
        stances=[Stance("s1", "g1", other, "disagree", span_of(article, FIRST), 0.1, 0.6, 0.2, 0.1)],
    )


def fits(kind: str, value) -> bool:
    """Whether a Python value is one DuckDB stores in a column of this type without a cast changing it."""
    if value is None:
        return True
    if kind.endswith("[]"):
        return isinstance(value, list) and all(fits(kind[:-2], item) for item in value)
    if kind == "BOOLEAN":
        return isinstance(value, bool)
    if kind == "INTEGER":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "DOUBLE":
        return isinstance(value, float)
    return kind == "VARCHAR" and isinstance(value, str)


@pytest.fixture(scope="module")
def built() -> tuple[Article, dict[str, list[tuple]]]:
    """The rows the writer builds for the test article and its link result, by table."""
    article = analysed_article()
    return article, {**article_rows(article, "run1"), **link_rows(link_result(article, "b" * 16))}


def test_the_writer_builds_a_row_for_every_table_it_writes(built):
    _, rows = built
    assert set(rows) == {ARTICLE, *ARTICLE_TABLES, *LINK_TABLES}
    empty = [table for table, table_rows in rows.items() if not table_rows]
    assert not empty, f"the test article and link result should fill every table: {empty}"


def test_every_row_has_the_width_and_column_types_of_its_table(built):
    _, rows = built
    for table, table_rows in rows.items():
        for row in table_rows:
            assert len(row) == len(columns(table)), table
            wrong = [(name, kind, value) for (name, kind), value in zip(columns(table), row) if not fits(kind, value)]
            assert not wrong, f"{table}: values that do not fit their column: {wrong}"


def test_each_value_is_in_the_column_named_for_it(built):
    article, rows = built
    named = {table: [dict(zip(column_names(table), row)) for row in table_rows] for table, table_rows in rows.items()}
    (stored,) = named[ARTICLE]
    assert (stored["id"], stored["outlet"], stored["author"], stored["run_id"], stored["words"]) == (
        article.id, "Greystone Ledger", "Lee Park", "run1", len(TEXT.split()))
    assert named["sentences"][1]["paragraph"] == 2 and named["sentences"][1]["text"] == SECOND
    nested = named["attributions"][1]
    assert (nested["speaker"], nested["speaker_kind"], nested["speaker_text"], nested["cue_text"], nested["nested_in"]) == (
        "Ana Ruiz", "person", "Ana Ruiz", "said", "a1")
    assert nested["content_start"] == TEXT.index("At least") and nested["confidence"] == 0.877  # rounded as in the JSON
    first = named["quantities"][0]
    assert (first["number_text"], first["low"], first["high"], first["low_inclusive"], first["high_inclusive"]) == (
        "about 200", 180.0, 220.0, True, False)
    assert (first["unit"], first["counted"], first["hedges"], first["attribution"]) == ("person", "people", ["approximator"], "a1")
    (claim,) = named["claims"]
    assert (claim["speaker"], claim["attribution"], claim["score"], claim["quantities"]) == ("Ana Ruiz", "a2", 0.912, ["q2"])
    (conflict,) = named["conflicts"]
    assert (conflict["a_record"], conflict["b_speaker"], conflict["b_text"]) == ("q1", "Ana Ruiz", "At least 900 people")
    herald = named["sources"][1]
    assert (herald["position"], herald["url"], herald["retelling"], herald["mentions"], herald["evidence_text"]) == (
        1, "https://herald.example/", True, 1, "citing the Greystone Herald")
    (crossed,) = named["cross_conflicts"]
    assert (crossed["a_low"], crossed["b_high"], crossed["b_hedges"], crossed["b_polarity"]) == (180.0, 350.0, ["exact"], "deny")
    (stance,) = named["stances"]
    assert (stance["p_disagree"], stance["claim_text"]) == (0.6, FIRST)
    assert [(m["story_id"], m["position"]) for m in named["story_articles"]] == [("s1", 0), ("s1", 1)]


def test_a_written_article_and_link_result_read_back_by_column_name(tmp_path, built):
    article, _ = built
    connection = open_for_writing(str(tmp_path / "tables.duckdb"))
    try:
        assert write_article(connection, article)
        write_link_result(connection, link_result(article, "b" * 16))
        assert connection.execute("SELECT number_text, hedges FROM quantities WHERE id = 'q2'").fetchone() == ("900", ["lower_bound"])
        assert connection.execute("SELECT speaker_text, content_text FROM attributions WHERE id = 'a1'").fetchone() == (
            "Officials", "about 200 people were evacuated on Monday")
        assert connection.execute("SELECT origin_text, types FROM drifts").fetchone() == (
            "about 200 people", ["NUMBER_CHANGED", "HEDGE_DROPPED"])
    finally:
        connection.close()


def test_the_groups_hold_every_table_the_migrations_create_once():
    grouped = [table for tables in TABLE_GROUPS.values() for table in tables]
    assert len(grouped) == len(set(grouped)), "a table is in two groups"
    assert set(grouped) == set(store_columns())
    assert set(TRACED_TABLES) <= set(LINK_TABLES)
    # a member finds its story through its group: an incremental link must clear members before their groups
    assert TRACED_TABLES.index("claim_members") < TRACED_TABLES.index("claim_groups")


def test_every_article_table_starts_with_the_article_id():
    # the writer drops the rows of an already stored article by row[0], and `retold load` selects by article_id
    for table in ARTICLE_TABLES:
        assert columns(table)[0] == ("article_id", "VARCHAR"), table


def test_the_derived_columns_are_those_of_a_store_on_disk(tmp_path):
    connection = open_for_writing(str(tmp_path / "disk.duckdb"))
    try:
        rows = connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        connection.close()
    on_disk: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        on_disk.setdefault(table, []).append((column, kind))
    assert {table: list(pairs) for table, pairs in store_columns().items()} == on_disk
