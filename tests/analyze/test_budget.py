"""Per-article budgets: a long sentence is cut before the components see it, a slow or failing article becomes its own
Rejection while the rest of its batch is analysed, and in-article conflicts stay under their cap."""
from __future__ import annotations

import time
from dataclasses import replace

import pytest

from retold.analyze import budget
from retold.analyze.parsing import batches, parse_bounded, piece_cuts
from retold.analyze.pipeline import Pipeline, default_components
from retold.errors import Rejection, RetoldError
from retold.model import Article
from retold.run.partition import process_partition

CLAUSES = (
    "officials said {n} people were killed in the attack",
    "the ministry said {m} soldiers died near the border",
    "witnesses told reporters that about {k} homes were destroyed",
)
PLAIN = "The council met on Tuesday. Its chairman, Tom Berg, said 12 roads were closed after the storm."
SURNAMES = ("Smith", "Khan", "Novak", "Silva", "Rossi", "Tanaka", "Haddad", "Okafor", "Garcia", "Jensen", "Moreau", "Nguyen",
            "Cohen", "Petrov", "Diallo", "Lopez", "Berg", "Kowalski", "Rahman", "Ivanova", "Costa", "Meyer", "Dubois", "Sato",
            "Yilmaz", "Fischer", "Andersen", "Popescu", "Horvat", "Lindqvist")
# thirty people, each giving a toll that no other's is within rounding of: every pair of them disagrees
TOLLS = " ".join(f"Dr {name} said {2 ** (i + 3)} people were killed." for i, name in enumerate(SURNAMES))


def endless_sentence(clauses: int) -> str:
    """One 'sentence' of `clauses` clauses joined by ', and ', with no full stop until the end."""
    parts = [CLAUSES[i % 3].format(n=10 + i, m=200 + 7 * i, k=1000 + 13 * i) for i in range(clauses)]
    return "Reports differ, and " + ", and ".join(parts) + "."


def with_component(components, name: str, wrap) -> Pipeline:
    """A pipeline whose component `name` is replaced by wrap(original run)."""
    return Pipeline([replace(c, run=wrap(c.run)) if c.name == name else c for c in components])


def test_a_sentence_longer_than_the_limit_is_cut_and_records_stay_in_the_text(analyze, nlp, monkeypatch):
    monkeypatch.setattr(budget, "MAX_SENTENCE_TOKENS", 60)
    text = PLAIN + "\n\n" + endless_sentence(40)
    assert max(len(sentence) for sentence in nlp(text).sents) > 300  # spaCy alone gives one huge sentence

    article = analyze(text, source="long")

    lengths = [len(nlp.tokenizer(s.span.text)) for s in article.sentences]
    assert len(article.sentences) > 5 and max(lengths) <= 60
    assert article.sentences[0].span.text == "The council met on Tuesday."  # a normal sentence is untouched
    records = [s.span for s in article.sentences] + [q.span for q in article.quantities] + [e.span for e in article.entities]
    records += [a.content for a in article.attributions if a.content] + [c.span for c in article.claims]
    assert records and all(text[r.start:r.end] == r.text for r in records)
    # every word of the text is still in some sentence: cutting loses nothing
    covered = " ".join(text[s.span.start:s.span.end] for s in article.sentences)
    assert covered.split() == text.split()
    assert len(article.quantities) >= 40


def test_the_bounded_parse_keeps_offsets_of_the_original_text(nlp, monkeypatch):
    monkeypatch.setattr(budget, "MAX_SENTENCE_TOKENS", 50)
    monkeypatch.setattr(budget, "PARSE_PIECE_CHARS", 2_000)  # and a text longer than this is parsed in pieces
    # a run of 3,000 characters without a space can only be cut mid-word
    text = (PLAIN + "\n\n") * 20 + endless_sentence(30) + "\n\n" + "abcdefghij" * 300

    doc = parse_bounded(nlp, text, lambda stage: None)

    assert doc.text == text
    assert max(len(sentence) for sentence in doc.sents) <= 50
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_long_texts_are_cut_at_paragraph_breaks_and_batches_hold_bounded_characters():
    text = ("word " * 30 + "\n\n") * 10
    cuts = piece_cuts(text, 400)
    assert cuts and all(text[cut - 2:cut] == "\n\n" for cut in cuts)
    assert all(b - a <= 400 for a, b in zip([0, *cuts], [*cuts, len(text)]))
    assert batches(["a" * 5, "b" * 5, "c" * 20, "d"], size=3, chars=10) == [["a" * 5, "b" * 5], ["c" * 20], ["d"]]


def test_an_article_past_its_time_budget_is_rejected_and_the_next_in_the_batch_is_analysed(monkeypatch):
    monkeypatch.setattr(budget, "ANALYSIS_SECONDS", 0.5)

    def slow_for_marked(run):
        def slow(article, doc):
            if "Slowtown" in article.text:
                time.sleep(1.0)  # this article's attributions take longer than its whole budget
            return run(article, doc)
        return slow

    pipeline = with_component(default_components(), "attributions", slow_for_marked)
    slow = Article(text="Officials in Slowtown said 40 people were hurt.", source="slow.txt")
    quick = Article(text=PLAIN, source="quick.txt")

    rejected, analysed = list(process_partition([slow, quick], pipeline))

    assert isinstance(rejected, Rejection) and rejected.code == "budget" and rejected.source == "slow.txt"
    assert "longer than 0.5 s" in rejected.reason and "budget is 0.5 s" in rejected.reason and "\n" not in rejected.reason
    assert isinstance(analysed, Article) and analysed.analyser and analysed.quantities


def test_an_exception_in_one_component_rejects_only_that_article(monkeypatch):
    def broken_for_marked(run):
        def broken(article, doc):
            if "Brokenville" in article.text:
                raise ZeroDivisionError("a bug that only this text reaches")
            return run(article, doc)
        return broken

    pipeline = with_component(default_components(), "quantities", broken_for_marked)
    items = [
        Article(text=PLAIN, source="first.txt"),
        Article(text="The mayor of Brokenville said 3 bridges fell.", source="broken.txt"),
        Rejection("empty.txt", "the file is empty", "empty"),
        Article(text="Police said 7 cars were stolen.", source="last.txt"),
    ]

    results = list(process_partition(items, pipeline, chunk_size=3))

    assert [type(r).__name__ for r in results] == ["Article", "Rejection", "Rejection", "Article"]
    broken = results[1]
    assert broken.source == "broken.txt" and broken.code == "analysis"
    assert pipeline.analyze_safely([items[1]]) == [broken]  # the pipeline itself, not only the partition, keeps it apart
    assert broken.reason == "analysis failed: ZeroDivisionError: a bug that only this text reaches"
    assert results[0].quantities and results[3].quantities


def test_a_pipeline_failing_on_a_whole_chunk_loses_only_the_article_that_breaks_it():
    class Fragile:
        """A pipeline with a batching bug: any batch of several fails, and one article fails alone."""

        def analyze_safely(self, articles):
            if len(articles) > 1 or "poison" in articles[0].text:
                raise KeyError("batching bug")
            return articles

    items = [Article(text="one", source="1"), Article(text="poison", source="2"), Article(text="three", source="3")]

    results = list(process_partition(items, Fragile()))

    assert [r.source for r in results] == ["1", "2", "3"]
    assert isinstance(results[1], Rejection) and results[1].code == "analysis" and "KeyError" in results[1].reason
    assert results[0] is items[0] and results[2] is items[2]


def test_a_configuration_error_still_stops_the_run():
    class Unconfigured:
        def analyze_safely(self, articles):
            raise RetoldError("the spaCy pipeline is not installed")

    with pytest.raises(RetoldError):
        list(process_partition([Article(text="one", source="1")], Unconfigured()))


def test_an_article_over_the_token_budget_is_rejected_before_it_is_parsed(pipeline, monkeypatch):
    monkeypatch.setattr(budget, "MAX_ARTICLE_TOKENS", 50)
    long, short = Article(text=PLAIN * 5, source="long.txt"), Article(text=PLAIN, source="short.txt")

    rejected, analysed = pipeline.analyze_safely([long, short])

    assert isinstance(rejected, Rejection) and rejected.code == "too_large"
    assert "at most 50 per article" in rejected.reason
    assert isinstance(analysed, Article)


def test_in_article_conflicts_of_a_long_repetitive_text_stay_under_the_cap(analyze, monkeypatch):
    text = TOLLS
    assert len(analyze(text, source="default cap").conflicts) == budget.MAX_CONFLICTS == 50
    monkeypatch.setattr(budget, "MAX_CONFLICTS", 10_000)
    uncapped = len(analyze(text, source="no cap").conflicts)
    monkeypatch.setattr(budget, "MAX_CONFLICTS", 10)

    article = analyze(text, source="capped")

    assert uncapped > 50 and len(article.conflicts) == 10
    starts = [min(c.a.span.start, c.b.span.start) for c in article.conflicts]
    assert starts == sorted(starts)  # the earliest are kept, numbered in text order
    assert [c.id for c in article.conflicts] == [f"K{i}" for i in range(1, 11)]


def test_pairs_compared_for_conflicts_are_capped(analyze, monkeypatch):
    text = TOLLS
    monkeypatch.setattr(budget, "MAX_COMPARED_PAIRS", 3)

    article = analyze(text, source="few pairs")

    # three pairs, all with the first speaker: at most three conflicts, each naming the first figure
    assert 0 < len(article.conflicts) <= 3
    assert all(c.a.span.start == article.quantities[0].span.start for c in article.conflicts)


def test_the_configured_character_limit_is_applied_and_recorded():
    from retold.analyze.pipeline import AnalyzerConfig
    from retold.ingest.checks import MAX_CHARS

    short = Pipeline(default_components(), AnalyzerConfig(max_chars=len(PLAIN) - 1))
    (rejected,) = short.analyze_safely([Article(text=PLAIN, source="plain")])
    assert isinstance(rejected, Rejection) and rejected.code == "too_large"
    assert f"{len(PLAIN):,} characters, the limit is {len(PLAIN) - 1:,}" in rejected.reason
    (kept,) = Pipeline(default_components(), AnalyzerConfig(max_chars=len(PLAIN))).analyze_safely([Article(text=PLAIN)])
    assert isinstance(kept, Article) and kept.analyser["config"]["max_chars"] == len(PLAIN)
    # the readers refuse a text over the same limit the default analysis records
    assert AnalyzerConfig().to_json()["max_chars"] == MAX_CHARS == 1_000_000
