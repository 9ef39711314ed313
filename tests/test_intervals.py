"""One reading of a quantity's interval for comparison, and one way of writing it, in every report, page and explanation."""
from __future__ import annotations

import io
import math

from rich.console import Console

from retold.analyze.categories import comparable_interval, format_interval
from retold.intervals import as_stated, compared_interval, interval_label
from retold.link.model import ArticleSpan, ClaimGroup, ClaimMember, LinkResult, Story
from retold.model import Article, Quantity, article_from_json
from retold.report import render_terminal
from retold.store import open_for_writing, write_article, write_link_result
from retold.web.graphics import interval_chart
from retold.web.pages import story_model
from retold.web.queries import story_detail

ESTIMATE_AGAINST_HUNDREDS = (
    "The commander said perhaps as high as 4000 fighters had joined the group. "
    "A local official said hundreds of fighters had joined it."
)
ESTIMATE_AGAINST_THOUSANDS = (
    "The commander said perhaps as high as 4000 fighters had joined the group. "
    "A local official said thousands of fighters had joined it."
)
NEARLY_FORTY = "Officials said nearly 40 trucks reached the town on Sunday."


def quantity_of(article: Article, words: str):
    (found,) = [q for q in article.quantities if words in q.span.text]
    return found


def test_an_upper_estimate_is_shown_as_the_interval_the_conflict_compares(analyze):
    article = analyze(ESTIMATE_AGAINST_HUNDREDS)
    estimate, hundreds = quantity_of(article, "4000"), quantity_of(article, "hundreds")
    assert comparable_interval(estimate) == (2000, 4000)
    assert format_interval(estimate) == "2,000–4,000 (up to 4,000)"
    assert format_interval(hundreds) == "200–999"
    # the explanation shows both compared intervals, so a reader can see why they do not overlap
    (conflict,) = [c for c in article.conflicts if c.kind == "numeric"]
    assert "(2,000–4,000 (up to 4,000))" in conflict.explanation and "(200–999)" in conflict.explanation
    assert "≤ 4,000" not in conflict.explanation


def test_an_upper_estimate_overlaps_a_figure_inside_its_compared_interval(analyze):
    article = analyze(ESTIMATE_AGAINST_THOUSANDS)
    assert format_interval(quantity_of(article, "4000")) == "2,000–4,000 (up to 4,000)"
    assert format_interval(quantity_of(article, "thousands")) == "2,000–9,999"
    assert not [c for c in article.conflicts if c.kind == "numeric"]


def test_the_json_carries_the_compared_interval_and_older_json_still_loads(analyze):
    article = analyze(ESTIMATE_AGAINST_HUNDREDS)
    data = article.to_json()
    (estimate,) = [q for q in data["quantities"] if "4000" in q["text"]]
    assert (estimate["low"], estimate["high"]) == (None, 4000)  # the stated interval is kept
    assert estimate["compared"] == {"low": 2000, "high": 4000, "low_inclusive": True, "high_inclusive": True,
                                    "text": "2,000–4,000 (up to 4,000)"}
    for quantity in data["quantities"]:
        del quantity["compared"]  # JSON written before the field existed
    assert article_from_json(data).to_json() == article.to_json()


def test_nearly_forty_reads_the_same_in_the_terminal_and_on_the_web(analyze, tmp_path):
    article = analyze(NEARLY_FORTY, source="trucks.txt", published="2024-03-04")
    other = analyze("A driver said 35 trucks reached the town.", source="driver.txt", published="2024-03-05")
    nearly = quantity_of(article, "nearly 40")
    label = format_interval(nearly)
    assert label == interval_label(as_stated(None, 40, False, False, "upper_bound", ["approximator"]))

    buffer = io.StringIO()
    render_terminal([article], Console(file=buffer, width=160))
    assert label in buffer.getvalue()

    connection = open_for_writing(str(tmp_path / "store.duckdb"))
    assert write_article(connection, article) and write_article(connection, other)
    members = tuple(
        ClaimMember(a.id, q.id, ArticleSpan(a.id, q.span.start, q.span.end, q.span.text), "officials", q.low, q.high)
        for a, q in ((article, nearly), (other, quantity_of(other, "35")))
    )
    story = Story("s1", "Trucks", (article.id, other.id), "2024-03-04", "2024-03-05", ("trucks",))
    write_link_result(connection, LinkResult(stories=[story], groups=[ClaimGroup("g1", "s1", "quantity", "trucks", members)]))
    model = story_model(story_detail(connection, "s1"))
    connection.close()
    (group,) = model.claim_groups
    web = {member.article_id: member for member in group.members}[article.id]
    assert web.interval == label
    assert (web.compared_low, web.compared_high) == comparable_interval(nearly)


def test_a_chart_draws_and_labels_the_compared_interval():
    articles = [{"id": "a", "name": "a", "outlet": "A", "published": "2024-03-04"},
                {"id": "b", "name": "b", "outlet": "B", "published": "2024-03-05"}]
    estimate = compared_interval(as_stated(None, 4000, True, True, "upper_bound", ["upper_bound"]))
    members = [
        {"article_id": "a", "low": estimate.low, "high": estimate.high, "label": "2,000–4,000 (up to 4,000)",
         "text": "as high as 4000", "start_char": 0, "end_char": 15},
        {"article_id": "b", "low": 200, "high": 999, "text": "hundreds", "start_char": 0, "end_char": 8},
    ]
    chart = interval_chart("fighters", members, articles, {"a": "/article/a", "b": "/article/b"})
    labels = {bar.article_id: bar for bar in chart.bars}
    assert labels["a"].label == "2,000–4,000 (up to 4,000)" and not labels["a"].open_low
    assert labels["b"].label == "200–999"  # a member with no label of its own gets the shared formatter's


def test_nan_and_infinity_are_no_bound_never_minus_infinity():
    for low, high, expected in ((math.nan, math.nan, "?"), (math.nan, 40, "≤ 40"), (12, math.inf, "≥ 12"),
                                (-math.inf, 7, "≤ 7")):
        label = interval_label(as_stated(low, high))
        assert label == expected and "∞" not in label and "nan" not in label.lower()
    article = Article(text="some 24 things")
    broken = Quantity("q", article.span(5, 7), article.span(5, 7), math.nan, math.nan, True, True, "point", None, None)
    assert format_interval(broken) == "?"
    assert broken.to_json()["compared"]["low"] is None


def test_bounds_use_the_same_symbols_everywhere():
    cases = {(100, None, False, True): "> 100", (100, None, True, True): "≥ 100", (None, 40, True, False): "< 40",
             (None, 40, True, True): "≤ 40", (6, 6, True, True): "= 6", (24, 60, True, True): "24–60"}
    for (low, high, low_inclusive, high_inclusive), expected in cases.items():
        assert interval_label(as_stated(low, high, low_inclusive, high_inclusive)) == expected
    # an approximated upper bound is shown as it is compared, with the stated words after it
    assert interval_label(as_stated(None, 40, False, False, "upper_bound", ["approximator"])) == "18–44 (nearly 40)"
    assert interval_label(as_stated(40, 40, True, True, "point", ["approximator"])) == "36–44 (about 40)"
    assert interval_label(as_stated(0.5, 0.5, True, True, "proportion")) == "50%"
