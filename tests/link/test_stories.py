"""Story clustering and headline grouping on short texts written for these tests."""
from __future__ import annotations

import re

from retold.link.headlines import group_headlines
from retold.link.model import DuplicatePair
from retold.link.stories import (
    CITATION_SIMILARITY,
    blocking_keys,
    citation_edges,
    cluster_stories,
    date_factor,
    document_frequencies,
    extract_features,
    merge_average_linkage,
    tfidf_vector,
)
from retold.model import Article, Entity

# Two fire stories in different towns, one flood story: the fires share words, the names and dates tell them apart.
TEXTS = [
    ("A fire destroyed the Kessler textile mill in Aldmoor on Sunday night. Firefighters from Aldmoor fought the blaze "
     "for six hours. The mill owner, Petra Kessler, said nobody was inside.", "2023-03-05", ["Aldmoor", "Petra Kessler"]),
    ("Investigators in Aldmoor are examining wiring at the Kessler textile mill after Sunday's fire. Petra Kessler "
     "said the mill employed ninety people.", "2023-03-06", ["Aldmoor", "Petra Kessler"]),
    ("The Aldmoor fire service praised crews who stopped the Kessler mill blaze from reaching nearby houses.",
     "2023-03-07", ["Aldmoor"]),
    ("A warehouse fire in Brenholt forced the evacuation of forty homes. Firefighters said the Tovin Logistics "
     "warehouse stored paint. Mayor Olaf Renn thanked the crews.", "2023-09-12", ["Brenholt", "Tovin Logistics", "Olaf Renn"]),
    ("Brenholt residents returned home after the Tovin Logistics warehouse fire. Olaf Renn said the cause was unknown.",
     "2023-09-13", ["Brenholt", "Tovin Logistics", "Olaf Renn"]),
    ("The river Mese burst its banks near Carrow, flooding the market square. The Carrow council opened a shelter in "
     "the school hall and engineer Ada Lusk inspected the levee.", "2023-11-02", ["Mese", "Carrow", "Ada Lusk"]),
    ("Volunteers in Carrow filled sandbags as the Mese kept rising. Ada Lusk warned the levee might fail.",
     "2023-11-03", ["Mese", "Carrow", "Ada Lusk"]),
]


def make_articles() -> list[Article]:
    articles = []
    for number, (text, published, names) in enumerate(TEXTS):
        article = Article(text, source=f"test/{number}", published=published)
        for name in names:
            for match in re.finditer(re.escape(name), text):
                article.entities.append(Entity(article.span(match.start(), match.end()), "PERSON" if " " in name else "GPE"))
        articles.append(article)
    return articles


def story_of(stories) -> dict[str, str]:
    return {article: story.id for story in stories for article in story.articles}


def test_articles_about_the_same_event_share_a_story() -> None:
    articles = make_articles()
    stories = cluster_stories(articles)
    of = story_of(stories)
    ids = [a.id for a in articles]
    assert of[ids[0]] == of[ids[1]] == of[ids[2]]
    assert of[ids[3]] == of[ids[4]]
    assert of[ids[5]] == of[ids[6]]
    assert len({of[ids[0]], of[ids[3]], of[ids[5]]}) == 3
    assert sorted(of) == sorted(ids)  # every article in exactly one story


def test_story_has_label_and_time_span() -> None:
    stories = cluster_stories(make_articles())
    fire = next(s for s in stories if len(s.articles) == 3)
    assert "Aldmoor" in fire.label or "Petra Kessler" in fire.label
    assert (fire.start, fire.end) == ("2023-03-05", "2023-03-07")
    assert stories == sorted(stories, key=lambda s: (s.start or "~", s.id))


def test_story_ids_are_stable_across_input_order_and_runs() -> None:
    articles = make_articles()
    first = cluster_stories(articles)
    assert first == cluster_stories(list(reversed(articles)))
    assert [s.id for s in first] == [s.id for s in cluster_stories(make_articles())]
    assert all(re.fullmatch(r"story-[0-9a-f]{12}", s.id) for s in first)


def test_a_repost_is_always_in_its_originals_story() -> None:
    articles = make_articles()
    pair = DuplicatePair(articles[0].id, articles[5].id, "repost", 0.6, 0.8, "planted for the test")
    of = story_of(cluster_stories(articles, [pair]))
    assert of[articles[0].id] == of[articles[5].id]


def test_distant_dates_weaken_similarity() -> None:
    assert date_factor("2023-03-01", "2023-03-05") == 1.0
    assert date_factor("2023-03-01", "2023-05-10") < 0.2
    assert date_factor(None, "2023-03-01") == 1.0
    assert date_factor("not a date", "2023-03-01") == 1.0


def test_blocking_skips_unique_and_over_common_features() -> None:
    features = [extract_features(a) for a in make_articles()]
    frequencies = document_frequencies(features)
    vector = tfidf_vector(features[0], frequencies, len(features))
    keys = blocking_keys(vector, frequencies, count=50, cap=2)
    assert keys and all(2 <= frequencies[k] <= 2 for k in keys)
    assert "e:petra kessler" in keys and "e:aldmoor" not in keys  # Aldmoor is in 3 articles: over the cap of 2


def test_average_linkage_needs_support_from_the_whole_cluster() -> None:
    # 0-1 and 1-2 are close but 0-2 unrelated: average linkage must not chain all three at a high threshold
    edges = {(0, 1): 0.9, (1, 2): 0.5}
    assert merge_average_linkage(3, edges, [], threshold=0.4) == [[0, 1], [2]]
    assert merge_average_linkage(3, edges, [], threshold=0.2) == [[0, 1, 2]]
    assert merge_average_linkage(3, {}, [(0, 2)], threshold=0.2) == [[0, 2], [1]]


# An original report, the same outlet's piece on something else, a denial that cites the report in other words, and a
# piece that names the outlet for another reason.
CITED = [
    ("The Quarry Lane bridge in Harrow collapsed on Thursday. Engineer Mina Roth said the Corvel Steel beams had rusted "
     "through. Three cars fell into the river and two drivers were hurt.", "Harrow Gazette", "2024-05-02",
     [("Quarry Lane", "FAC"), ("Harrow", "GPE"), ("Mina Roth", "PERSON"), ("Corvel Steel", "ORG")]),
    ("The Harrow spring fair opened on Saturday with a record number of stalls, organiser Tom Eyre said.",
     "Harrow Gazette", "2024-05-04", [("Harrow", "GPE"), ("Tom Eyre", "PERSON")]),
    ("Corvel Steel on Friday rejected a report by the Harrow Gazette. Company lawyer Ivo Stamm said its beams met every "
     "standard and blamed poor maintenance.", "Trade Weekly", "2024-05-03",
     [("Corvel Steel", "ORG"), ("Harrow Gazette", "ORG"), ("Ivo Stamm", "PERSON")]),
    ("The Harrow Gazette won a regional press award for its photography, editor Lea Dunn said on Friday.",
     "City Post", "2024-05-03", [("Harrow Gazette", "ORG"), ("Lea Dunn", "PERSON")]),
]


def make_cited(published: dict[int, str] | None = None) -> list[Article]:
    articles = []
    for number, (text, outlet, date, names) in enumerate(CITED):
        article = Article(text, source=f"test/cited/{number}", outlet=outlet, published=(published or {}).get(number, date))
        for name, label in names:
            for match in re.finditer(re.escape(name), text):
                article.entities.append(Entity(article.span(match.start(), match.end()), label))
        articles.append(article)
    return articles


def _citations(articles: list[Article]) -> dict[tuple[int, int], float]:
    features = [extract_features(a) for a in articles]
    frequencies = document_frequencies(features)
    vectors = [tfidf_vector(f, frequencies, len(features)) for f in features]
    return citation_edges(articles, features, vectors)


def test_an_article_naming_an_outlet_joins_that_outlets_report_it_shares_a_name_with() -> None:
    articles = make_cited()
    # the denial cites the Gazette and shares Corvel Steel with the bridge report, not with the fair; the award piece
    # names the Gazette but shares nothing else with it
    assert _citations(articles) == {(0, 2): CITATION_SIMILARITY}
    of = story_of(cluster_stories(articles))
    assert of[articles[0].id] == of[articles[2].id] != of[articles[1].id]
    assert of[articles[3].id] not in (of[articles[0].id], of[articles[1].id])


def test_a_report_published_after_the_citing_article_is_not_its_source() -> None:
    assert _citations(make_cited({0: "2024-05-09"})) == {}


def test_headlines_group_under_their_claim() -> None:
    headlines = [
        "Zoo in Harlow says escaped penguin found in supermarket freezer",
        "Escaped Harlow zoo penguin found in supermarket",
        "Penguin that escaped from Harlow zoo turns up in supermarket freezer aisle",
        "Ministry denies plan to ban diesel cars from city centres by 2030",
        "Diesel cars ban in city centres by 2030 not planned, ministry says",
        "Ministry rejects reports of diesel car ban in city centres",
    ]
    labels = group_headlines(headlines)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] == labels[5]
    assert labels[0] != labels[3]


def test_identical_headlines_get_one_label() -> None:
    labels = group_headlines(["Same words here", "Something else entirely", "Same words here"])
    assert labels[0] == labels[2]


def test_emergent_headline_grouping_floor(shared_dir) -> None:
    """Regression guard: B-cubed F1 of claim grouping on the Emergent headlines (0.835 when written)."""
    import csv
    from collections import defaultdict

    with (shared_dir / "data" / "emergent" / "url-versions-2015-06-14-clean.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    gold = [row["claimId"] for row in rows]
    labels = group_headlines([row["articleHeadline"] for row in rows])
    gold_sets, pred_sets = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, labels)):
        gold_sets[g].add(i)
        pred_sets[p].add(i)
    precision = sum(len(pred_sets[p] & gold_sets[g]) / len(pred_sets[p]) for g, p in zip(gold, labels)) / len(gold)
    recall = sum(len(pred_sets[p] & gold_sets[g]) / len(gold_sets[g]) for g, p in zip(gold, labels)) / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.80


def _with_names(text: str, names: list[tuple[str, str]], outlet: str, published: str | None, number: int) -> Article:
    article = Article(text, source=f"test/storyline/{number}", outlet=outlet, published=published)
    for name, label in names:
        for match in re.finditer(re.escape(name), text):
            article.entities.append(Entity(article.span(match.start(), match.end()), label))
    return article


# Four retellings of one spill, each wrapped in its own page furniture: in a corpus this small every article holds
# the event's words, so only general-English rarity can say they are what the articles share.
SPILL = [
    ("Subscribe to our newsletter. Chlorine leaked from a tanker at the Velmora rail yard, and Dr. Quillan Ostrava "
     "said 31 workers were treated. Share this story on social media. Comments are closed.", [("Velmora", "GPE"), ("Quillan Ostrava", "PERSON")]),
    ("Advertisement. Sign in to read more. A tanker spilled chlorine at Velmora; Quillan Ostrava of the county clinic "
     "treated workers. Privacy policy and cookie settings.", [("Velmora", "GPE"), ("Quillan Ostrava", "PERSON")]),
    ("Most popular videos today. Velmora rail yard chlorine leak: Ostrava says workers were treated after the tanker "
     "spill. Follow us for weather and sports updates.", [("Velmora", "GPE"), ("Ostrava", "PERSON")]),
    ("Weather, traffic and lottery results. Workers at Velmora were treated for chlorine after a tanker leak, Ostrava "
     "said. Download our app and read the latest news.", [("Velmora", "GPE"), ("Ostrava", "PERSON")]),
]


def test_a_small_corpus_of_retellings_is_one_story_because_its_shared_words_are_rare_in_english() -> None:
    articles = [_with_names(text, names, f"Outlet {n}", "2024-02-0" + str(n + 1), n) for n, (text, names) in enumerate(SPILL)]
    stories = cluster_stories(articles)
    assert len(stories) == 1
    features = [extract_features(a) for a in articles]
    frequencies = document_frequencies(features)
    vector = tfidf_vector(features[0], frequencies, len(features))
    # the event's words outweigh the page furniture they come wrapped in, although every article has them
    assert vector["t:chlorine"] > vector["t:share"]


def test_stories_that_hold_one_rare_name_in_most_articles_join_as_one_storyline() -> None:
    # a study's findings retold, and its author revealing it was a hoax: different words, the same protagonist
    study = ("A study by Dr. Ilse Varnholt found that eating pickled beets doubled the weight lost on a diet. "
             "The Varnholt study followed dieters for three weeks.")
    reveal = ("Ilse Varnholt revealed that her beet study was a deliberate hoax meant to expose lax journals. "
              "Varnholt said the press never checked the sample size.")
    names = [("Ilse Varnholt", "PERSON"), ("Varnholt", "PERSON")]
    from retold.link.storylines import join_storylines, rare_names

    articles = [_with_names(t, names, f"Outlet {n}", None, n) for n, t in enumerate([study, study.replace("doubled", "tripled"), reveal, reveal.replace("deliberate", "planned")])]
    features = [extract_features(a) for a in articles]
    frequencies = document_frequencies(features)
    vectors = [tfidf_vector(f, frequencies, len(features)) for f in features]
    assert "e:varnholt" in rare_names(vectors[0])
    assert join_storylines([[0, 1], [2, 3]], vectors, [(1, 2)], threshold=0.0) == [[0, 1, 2, 3]]
    # no edge between them, or no rare name held by most of each: they stay apart
    assert join_storylines([[0, 1], [2, 3]], vectors, [], threshold=0.0) == [[0, 1], [2, 3]]
    common = [{k: w for k, w in v.items() if "varnholt" not in k} for v in vectors]
    assert join_storylines([[0, 1], [2, 3]], common, [(1, 2)], threshold=0.0) == [[0, 1], [2, 3]]


def test_a_named_outlet_is_a_possible_citation_not_part_of_what_a_story_is_about() -> None:
    article = _with_names("The Harrow Gazette reported that the Quarry Lane bridge collapsed.",
                          [("Harrow Gazette", "ORG"), ("Quarry Lane", "FAC")], "City Post", None, 0)
    features = extract_features(article)
    assert "o:harrow gazette" in features.counts and "e:harrow gazette" not in features.counts
    assert "t:gazette" not in features.counts  # the outlet's words are not the event's either
    vector = tfidf_vector(features, document_frequencies([features]), 1)
    assert not any(key.startswith("o:") for key in vector)


# One subject, two events: a biopic casts one actor as its inventor, then another actor as his partner. Both stories
# share the subject's words and names (the film, its director, the inventor); each leads with its own actor.
CASTING = [
    "Director Orla Brandt cast Tobias Wrenn as the inventor Emil Sarto in her biopic. Wrenn will play Sarto.",
    "Tobias Wrenn signed to play Emil Sarto in the Orla Brandt biopic, the studio said. Wrenn starts filming soon.",
    "The Sarto biopic by Orla Brandt found its inventor: Tobias Wrenn takes the role. Wrenn met Brandt on Monday.",
    "Director Orla Brandt cast Kai Mellor as the partner of inventor Emil Sarto in her biopic. Mellor joins Sarto.",
    "Kai Mellor signed to play the partner of Emil Sarto in the Orla Brandt biopic, the studio said. Mellor agreed.",
    "The Sarto biopic by Orla Brandt found the partner: Kai Mellor takes the role. Mellor met Brandt on Friday.",
]
CAST_NAMES = [("Orla Brandt", "PERSON"), ("Brandt", "PERSON"), ("Emil Sarto", "PERSON"), ("Sarto", "PERSON"),
              ("Tobias Wrenn", "PERSON"), ("Wrenn", "PERSON"), ("Kai Mellor", "PERSON"), ("Mellor", "PERSON")]


def _casting_vectors(texts: list[str]) -> list[dict[str, float]]:
    features = [extract_features(_with_names(t, CAST_NAMES, f"Outlet {n}", None, n)) for n, t in enumerate(texts)]
    frequencies = document_frequencies(features)
    return [tfidf_vector(f, frequencies, len(features)) for f in features]


def _all_edges(vectors: list[dict[str, float]]) -> dict[tuple[int, int], float]:
    from retold.link.storylines import cosine

    return {(a, b): cosine(vectors[a], vectors[b]) for a in range(len(vectors)) for b in range(a + 1, len(vectors))}


def test_two_stories_of_one_subject_that_lead_with_different_names_stay_apart() -> None:
    vectors = _casting_vectors(CASTING)
    edges = _all_edges(vectors)
    threshold = min(edges.values()) * 0.9  # every pair is similar enough: only the leading names can keep them apart
    assert merge_average_linkage(6, dict(edges), [], threshold) == [[0, 1, 2, 3, 4, 5]]
    assert merge_average_linkage(6, dict(edges), [], threshold, vectors) == [[0, 1, 2], [3, 4, 5]]


def test_a_follow_up_that_leads_with_the_same_protagonist_joins_its_story() -> None:
    # the second story is Wrenn's casting denied: other words, the same leading names
    denial = [text.replace("Kai Mellor", "Tobias Wrenn").replace("Mellor", "Wrenn") for text in CASTING[3:]]
    vectors = _casting_vectors(CASTING[:3] + denial)
    edges = _all_edges(vectors)
    assert merge_average_linkage(6, dict(edges), [], min(edges.values()) * 0.9, vectors) == [[0, 1, 2, 3, 4, 5]]


def test_stories_of_two_articles_are_too_small_to_tell_apart_by_their_names() -> None:
    vectors = _casting_vectors(CASTING[:2] + CASTING[3:5])
    edges = _all_edges(vectors)
    assert merge_average_linkage(4, dict(edges), [], min(edges.values()) * 0.9, vectors) == [[0, 1, 2, 3]]


def test_storylines_do_not_join_stories_that_lead_with_different_names() -> None:
    from retold.link.storylines import join_storylines, rare_names

    vectors = _casting_vectors(CASTING)
    assert "e:sarto" in rare_names(vectors[0]) and "e:sarto" in rare_names(vectors[5])  # a rare name both hold
    assert join_storylines([[0, 1, 2], [3, 4, 5]], vectors, [(2, 3)], threshold=0.0) == [[0, 1, 2], [3, 4, 5]]
    same = _casting_vectors(CASTING[:3] + [t.replace("Kai Mellor", "Tobias Wrenn").replace("Mellor", "Wrenn") for t in CASTING[3:]])
    assert join_storylines([[0, 1, 2], [3, 4, 5]], same, [(2, 3)], threshold=0.0) == [[0, 1, 2, 3, 4, 5]]


def _tally(vectors: list[dict[str, float]]):
    from retold.link.events import NameTally

    return NameTally.of(vectors)


# Two hoaxes of one subject: one about the star (who leads it), one about a rocker said to be with the star. The rocker's
# story names the star in most of its articles; the star's story names its own town in all of them, the rocker never.
STAR = [{"e:quill": 0.6, "e:dana quill": 0.5, "e:velden": 0.3, "t:hoax": 0.4} for _ in range(3)]
ROCKER = [{"e:rook": 0.6, "e:jett rook": 0.5, "e:quill": 0.3, "e:dana quill": 0.2, "t:hoax": 0.4} for _ in range(2)] + [
    {"e:rook": 0.6, "e:jett rook": 0.5, "t:hoax": 0.4}]


def test_a_story_with_a_name_of_its_own_below_the_shared_lead_stays_apart_from_one_that_leads_with_its_own() -> None:
    from retold.link.events import different_subjects

    star, rocker = _tally(STAR), _tally(ROCKER)
    assert not star.owns(rocker) and rocker.owns(star)  # the leading names alone do not tell them apart
    assert different_subjects(star, rocker) and different_subjects(rocker, star)
    # the rocker's story naming the town once (or 'Velden Hall': the name in part) makes it no name of the star's own
    for town in ("e:velden", "e:velden hall"):
        named = [dict(ROCKER[0], **{town: 0.1})] + ROCKER[1:]
        assert not different_subjects(star, _tally(named))
    # a name held by only one of the star's articles is no name of its own
    assert not different_subjects(_tally([STAR[0]] + [{k: w for k, w in v.items() if k != "e:velden"} for v in STAR[1:]]), rocker)


def test_linked_stories_of_three_articles_join_when_similar_over_all_pairs_without_a_rare_name() -> None:
    from retold.link.storylines import JOIN_SIMILARITY, cosine, join_storylines, rare_names

    # one abduction told by two clusters a sparse graph kept apart: common names and words only
    first = [{"e:nigeria": 0.6, "t:school": 0.5, "t:abduct": 0.6, "t:girl": 0.2} for _ in range(3)]
    second = [{"e:nigeria": 0.6, "t:school": 0.4, "t:abduct": 0.5, "t:ransom": 0.48} for _ in range(3)]
    vectors = first + second
    assert not any(rare_names(v) for v in vectors)
    assert cosine(first[0], second[0]) >= JOIN_SIMILARITY
    assert join_storylines([[0, 1, 2], [3, 4, 5]], vectors, [(2, 3)]) == [[0, 1, 2, 3, 4, 5]]
    assert join_storylines([[0, 1, 2], [3, 4, 5]], vectors, []) == [[0, 1, 2], [3, 4, 5]]  # no edge: not compared
    # stories of two articles are too small to be joined on their words alone
    assert join_storylines([[0, 1], [3, 4]], vectors, [(1, 3)]) == [[0, 1], [3, 4]]
    # less similar than JOIN_SIMILARITY over all pairs: apart
    distant = [{"e:nigeria": 0.2, "t:ransom": 0.6, "t:market": 0.77} for _ in range(3)]
    assert cosine(first[0], distant[0]) < JOIN_SIMILARITY
    assert join_storylines([[0, 1, 2], [3, 4, 5]], first + distant, [(2, 3)]) == [[0, 1, 2], [3, 4, 5]]
