"""Stances in the link stage: every article of a story toward every aligned claim, from the shipped model; stored,
kept by incremental linking, brought to stores linked before stances existed."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retold.link.model import STANCE_LABELS, ArticleSpan, ClaimGroup, ClaimMember, StoryTrace
from retold.link.stances import find_stances, group_claim
from retold.model import Article

REPO = Path(__file__).resolve().parents[2]
STORY = REPO / "examples" / "story"


@pytest.fixture(scope="module")
def example(pipeline) -> dict[str, Article]:
    """The example story's articles, analysed by the real pipeline, keyed by id."""
    from retold.ingest import read_inputs

    analysed = pipeline.analyze_safely(list(read_inputs([str(STORY / "story.jsonl")])))
    return {a.id: a for a in analysed if isinstance(a, Article)}


@pytest.fixture(scope="module")
def linked(example):
    """The example through every link stage, in the order the store loads articles (published, then id)."""
    from retold.link.stages import link_articles

    return link_articles(sorted(example.values(), key=lambda a: (a.published is None, a.published or "", a.id)))


@pytest.fixture(scope="module")
def traced(linked):
    """The example's story as the link stage found it: all seven outlets, the denial piece included."""
    return StoryTrace(linked.edges, linked.groups, linked.conflicts, linked.drifts, linked.stances)


def test_the_denial_piece_is_linked_into_the_story_it_denies(example, linked):
    assert [sorted(story.articles) for story in linked.stories] == [sorted(example)]
    riverside = {a.id for a in example.values() if a.outlet == "Riverside Business Journal"}
    assert riverside and riverside <= {s.article for s in linked.stances}


def outlet_of(example: dict[str, Article]) -> dict[str, str]:
    return {a.id: a.outlet for a in example.values()}


def test_every_article_has_one_stance_toward_every_aligned_claim(example, linked, traced):
    (story,) = linked.stories
    assert traced.groups and traced.stances
    pairs = [(s.group, s.article) for s in traced.stances]
    assert len(pairs) == len(set(pairs)) == len(traced.groups) * len(example)
    members = {(g.id, m.article) for g in traced.groups for m in g.members}
    assert members <= set(pairs)  # an article that states the claim still gets a stance toward it
    for stance in traced.stances:
        assert stance.label in STANCE_LABELS and stance.story == story.id
        assert abs(stance.agree + stance.disagree + stance.discuss + stance.unrelated - 1) < 1e-6
        claim = stance.claim
        assert example[claim.article].text[claim.start:claim.end] == claim.text


def test_the_claim_is_the_sentence_of_the_earliest_member(example, traced):
    outlets = outlet_of(example)
    for group in traced.groups:
        claim = {s.claim for s in traced.stances if s.group == group.id}
        assert len(claim) == 1, group.id
        (claim,) = claim
        assert outlets[claim.article] == "The Brannock Ledger"  # the original reporting states every group's claim first
        assert any(claim.start <= m.span.start and m.span.end <= claim.end for m in group.members if m.article == claim.article)
    bridges = [g for g in traced.groups if g.key == "bridge"]
    assert {s.claim.text for s in traced.stances if s.group == bridges[0].id} == {"Twelve bridges on the valley road were closed on Monday evening."}


def test_the_denial_piece_disagrees_with_the_warning_it_denies_and_the_original_agrees(example, traced):
    """Planted: Riverside Business Journal's company spokesman denies the written warning the Ledger reported."""
    outlets = outlet_of(example)
    warning = [g for g in traced.groups if any("written warning" in s.claim.text for s in traced.stances if s.group == g.id)]
    assert len(warning) == 1
    stance = {outlets[s.article]: s.label for s in traced.stances if s.group == warning[0].id}
    assert stance["Riverside Business Journal"] == "disagree"
    assert stance["The Brannock Ledger"] == "agree" and stance["Valley Wire"] == "agree"  # the original and its repost


def test_each_member_states_its_claim_rather_than_denying_it(example, traced):
    """The articles that carry a claim word for word (the Ledger and its repost) never disagree with it."""
    outlets = outlet_of(example)
    for stance in traced.stances:
        if outlets[stance.article] in ("The Brannock Ledger", "Valley Wire"):
            assert stance.label != "disagree", (stance.group, stance.claim.text)


class CountingModel:
    """A stand-in stance model: records its calls and says `discuss` to everything."""

    def __init__(self) -> None:
        self.calls: list[list[tuple[str, str]]] = []

    def predict_proba(self, pairs):
        self.calls.append(list(pairs))
        return np.tile([0.2, 0.1, 0.6, 0.1], (len(pairs), 1))

    def labels(self, probabilities):
        return ["discuss"] * len(probabilities)


def _article(text: str, outlet: str, published: str) -> Article:
    return Article(text=text, outlet=outlet, published=published)


def _member(article: Article, words: str) -> ClaimMember:
    start = article.text.index(words)
    return ClaimMember(article.id, "Q1", ArticleSpan(article.id, start, start + len(words), words), "own")


def test_a_story_goes_to_the_model_in_one_call_earliest_member_first():
    early = _article("A ferry ran aground. About 80 passengers were on board.", "Kessel Herald", "2025-06-06")
    late = _article("Some 80 passengers were on board the ferry.", "Bay Daily", "2025-06-07")
    bystander = _article("The lighthouse reopens in July.", "Kessel Post", "2025-06-08")
    articles = {a.id: a for a in (early, late, bystander)}
    groups = [ClaimGroup("s:G1", "s", "quantity", "passenger", (_member(late, "Some 80 passengers"), _member(early, "About 80 passengers"))),
              ClaimGroup("s:G2", "s", "quantity", "ferry", (_member(early, "A ferry"), _member(late, "the ferry")))]
    model = CountingModel()
    stances = find_stances("s", articles, groups, model)
    assert len(model.calls) == 1 and len(model.calls[0]) == 6
    assert group_claim(groups[0], articles).article == early.id
    assert {s.claim.text for s in stances if s.group == "s:G1"} == {"A ferry ran aground. About 80 passengers were on board."}
    assert [(s.group, s.article) for s in stances] == [(g.id, a) for g in groups for a in sorted(articles)]
    assert all((s.label, s.discuss) == ("discuss", 0.6) for s in stances)


def test_a_story_without_aligned_claims_never_loads_the_model():
    class Refusing:
        def predict_proba(self, pairs):
            raise AssertionError("no pair to predict")

    article = _article("A ferry ran aground.", "Kessel Herald", "2025-06-06")
    assert find_stances("s", {article.id: article}, [], Refusing()) == []


def _downgrade_to_schema_3(connection) -> None:
    """What a store linked by the retold before migration 0004 holds: no stances table, fingerprints of its stories."""
    connection.execute("DROP TABLE stances")
    connection.execute("DELETE FROM migrations WHERE name = '0004_stances'")
    connection.execute("UPDATE retold_meta SET value = '3' WHERE key = 'schema_version'")


def test_a_store_linked_before_stances_gets_them_on_its_next_link(tmp_path, example):
    from retold.store import SCHEMA_VERSION, open_for_writing, write_article
    from retold.store.linking import run_link

    path = str(tmp_path / "old.duckdb")
    connection = open_for_writing(path)
    for article in example.values():
        write_article(connection, article)
    run_link(connection)
    full = sorted(connection.execute("SELECT * FROM stances").fetchall(), key=repr)
    assert full
    _downgrade_to_schema_3(connection)
    assert connection.execute("SELECT count(*) FROM link_story_inputs").fetchone()[0] > 0
    connection.close()

    connection = open_for_writing(path)  # applies 0004
    assert connection.execute("SELECT value FROM retold_meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert connection.execute("SELECT count(*) FROM stances").fetchone()[0] == 0
    # the stored traces have no stances, so no story may be kept as it is
    assert connection.execute("SELECT count(*) FROM link_story_inputs").fetchone()[0] == 0
    run_link(connection)  # incremental, yet every story is traced again
    assert sorted(connection.execute("SELECT * FROM stances").fetchall(), key=repr) == full
    connection.close()


def test_stances_are_exported_as_jsonl_and_parquet(tmp_path, example, capsys):
    import duckdb

    from retold.cli import main
    from retold.store import open_for_writing, write_article
    from retold.store.linking import run_link

    path = str(tmp_path / "store.duckdb")
    connection = open_for_writing(path)
    for article in example.values():
        write_article(connection, article)
    run_link(connection)
    stored = connection.execute("SELECT count(*) FROM stances").fetchone()[0]
    connection.close()
    assert stored > 0

    assert main(["export", "--db", path, "--what", "stances"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == stored
    texts = {a.id: a.text for a in example.values()}
    for row in rows:
        assert row["stance"] in STANCE_LABELS and set(row["probabilities"]) == set(STANCE_LABELS)
        assert row["article"] and row["outlet"] and row["group"].startswith(row["story"])
        assert texts[row["claim_article_id"]][row["claim_start"]:row["claim_end"]] == row["claim_text"]
    assert any(row["member"] for row in rows) and any(not row["member"] for row in rows)

    out = tmp_path / "stances.parquet"
    assert main(["export", "--db", path, "--what", "stances", "--format", "parquet", "--out", str(out)]) == 0
    labels = duckdb.connect().execute(f"SELECT stance, probabilities.agree FROM read_parquet('{out}')").fetchall()
    assert sorted(labels, key=repr) == sorted(((r["stance"], r["probabilities"]["agree"]) for r in rows), key=repr)
