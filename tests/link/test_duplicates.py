"""Near-duplicate pairs on short texts written for these tests: reposts, partial copies, citing summaries."""
from __future__ import annotations

import random

from retold.link.duplicates import (
    band_keys,
    candidate_pairs,
    chunks_of,
    compute_signatures,
    find_duplicate_pairs,
    overlap,
    shingle_articles,
    shingles_of,
)
from retold.model import Article, Entity, Quantity, Source

HARBOUR = (
    "The harbour authority of Port Elsin confirmed on Monday that the northern breakwater will be rebuilt after storm "
    "damage last winter. Engineers estimate the work will take eighteen months and cost about 40 million euros. "
    "Fishing crews who moor inside the breakwater will be moved to a temporary pontoon near the ferry terminal. "
    "The mayor, Ilse Varga, said the town had waited too long for the repairs and thanked the regional government. "
    "Residents near the quay have complained about noise from trucks carrying rock from the quarry at Dunmere. "
    "A public meeting about the schedule is planned for the first week of March in the old customs house."
)
ORCHARD = (
    "Apple growers in the Vell valley expect their smallest harvest in a decade after a late frost in April. "
    "The cooperative said members lost between a third and a half of their blossom on the higher slopes. "
    "Several farms are now testing frost fans and overhead sprinklers, which can protect trees on cold nights. "
    "Buyers warned that prices for local cider apples could rise sharply before the autumn pressing season. "
    "The agriculture office will open an aid scheme for affected growers at the end of the month."
)
CYCLING = (
    "The city council voted to extend the riverside cycle path by four kilometres to the new university campus. "
    "Construction is expected to start in spring and the route will include two new bridges for cyclists. "
    "Local shop owners asked the council to keep delivery access along the narrow streets near the market."
)


def edited(text: str, rate: float, seed: int) -> str:
    """Replace `rate` of the words with words from a small list, as a rewriting repost would."""
    rng = random.Random(seed)
    fillers = ["reportedly", "officials", "local", "recently", "around", "major", "new", "several"]
    return " ".join(rng.choice(fillers) if rng.random() < rate else w for w in text.split())


def test_shingles_skip_function_word_pairs() -> None:
    assert shingles_of("of the") == frozenset()
    assert len(shingles_of("harbour authority of the town")) == 3  # 'of the' dropped


def test_overlap_is_jaccard_and_containment() -> None:
    a, b = frozenset({1, 2, 3, 4}), frozenset({3, 4})
    assert overlap(a, b) == (0.5, 1.0)
    assert overlap(a, frozenset()) == (0.0, 0.0)


def test_chunks_keep_every_shingle() -> None:
    sequence = tuple(range(470))
    chunks = chunks_of(sequence, 200)
    assert [len(c) for c in chunks] == [200, 270]
    assert sum(chunks, ()) == sequence


def test_identical_band_keys_make_candidates() -> None:
    articles = [Article(HARBOUR), Article(HARBOUR + " Updated."), Article(ORCHARD)]
    keys, positions = band_keys(compute_signatures(shingle_articles(articles)))
    candidates = candidate_pairs(keys, positions)
    assert (0, 1) in candidates
    assert (0, 2) not in candidates and (1, 2) not in candidates


def test_repost_with_a_third_of_words_changed_is_found() -> None:
    original = Article(HARBOUR, published="2024-02-01")
    copy = Article("Breaking news from our partners.\n\n" + edited(HARBOUR, 0.3, seed=1), published="2024-02-02")
    pairs = find_duplicate_pairs([copy, original, Article(ORCHARD), Article(CYCLING)])
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.a, pair.b, pair.kind) == (original.id, copy.id, "repost")  # the earlier article comes first
    assert 0.15 <= pair.similarity < 1.0


def test_order_given_decides_when_dates_are_unknown() -> None:
    first, second = Article(HARBOUR), Article(edited(HARBOUR, 0.1, seed=2))
    pair = find_duplicate_pairs([second, first])[0]
    assert (pair.a, pair.b) == (second.id, first.id)


def test_passage_inside_another_text_is_partial() -> None:
    original = Article(HARBOUR)
    half = HARBOUR.split(". ")
    copy = Article(ORCHARD + " " + CYCLING + " " + ". ".join(half[:4]) + ". " + CYCLING.replace("council", "board"))
    pair = find_duplicate_pairs([original, copy])[0]
    assert pair.kind == "partial"
    assert pair.containment > pair.similarity


def test_unrelated_texts_make_no_pair() -> None:
    assert find_duplicate_pairs([Article(HARBOUR), Article(ORCHARD), Article(CYCLING)]) == []


def test_same_text_twice_is_one_article_not_a_pair() -> None:
    assert find_duplicate_pairs([Article(HARBOUR, source="a"), Article(HARBOUR, source="b")]) == []


def _with_facts(article: Article, names: list[str], sources: list[Source] = ()) -> Article:
    for name in names:
        start = article.text.index(name)
        article.entities.append(Entity(article.span(start, start + len(name)), "PERSON" if " " in name else "GPE"))
    article.sources = list(sources)
    return article


def test_summary_cites_the_original_and_shares_its_facts() -> None:
    original = _with_facts(Article(HARBOUR, outlet="Elsin Courier", published="2024-02-01"), ["Port Elsin", "Ilse Varga", "Dunmere"])
    summary_text = (
        "According to the Elsin Courier, the breakwater at Port Elsin will be rebuilt over eighteen months. "
        "Mayor Ilse Varga welcomed the news, while neighbours worry about quarry trucks from Dunmere."
    )
    summary = _with_facts(
        Article(summary_text, outlet="Coast Daily", published="2024-02-03"),
        ["Port Elsin", "Ilse Varga", "Dunmere"],
        [Source("outlet", "The Elsin Courier", retelling=True)],
    )
    pairs = find_duplicate_pairs([original, summary, Article(ORCHARD)])
    assert [(p.a, p.b, p.kind) for p in pairs] == [(original.id, summary.id, "summary")]
    assert "elsin courier" in pairs[0].evidence


def test_citation_without_shared_facts_is_no_summary() -> None:
    original = _with_facts(Article(HARBOUR, outlet="Elsin Courier"), ["Port Elsin"])
    other = _with_facts(Article(ORCHARD, outlet="Valley Post"), [], [Source("outlet", "Elsin Courier")])
    assert find_duplicate_pairs([original, other]) == []


def test_output_is_deterministic() -> None:
    articles = [Article(HARBOUR), Article(edited(HARBOUR, 0.2, seed=3)), Article(ORCHARD), Article(edited(ORCHARD, 0.1, seed=4))]
    assert find_duplicate_pairs(articles) == find_duplicate_pairs(articles)
    assert len(find_duplicate_pairs(articles)) == 2


def test_quantity_values_count_as_shared_facts() -> None:
    from retold.link.duplicates import facts_of

    article = Article("About 40 ships")
    number = article.span(6, 8)
    article.quantities.append(Quantity("q1", article.span(0, 14), number, 40.0, 40.0, True, True, "point", None, "ship"))
    assert "quantity:40.0:40.0:None" in facts_of(article)


def test_planted_wikinews_reposts_are_found(shared_dir) -> None:
    """Regression guard on the repost benchmark's corpus (seed 1): recall >= 0.95 at precision >= 0.98."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_reposts.py"
    spec = importlib.util.spec_from_file_location("bench_reposts", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    articles, gold, _ = bench.build_corpus(bench.drop_overlapping(bench.read_wikinews(shared_dir)), seed=1)
    found = {frozenset((p.a, p.b)) for p in find_duplicate_pairs(articles) if p.kind in ("repost", "partial")}
    precision, recall = bench.score(found, gold)
    assert recall >= 0.95 and precision >= 0.98
