"""The terminal reports stay readable at 80 columns and when piped: no identifier or date is cut, no line runs over,
and what a reader sees is plain words, not the records' internal labels."""
from __future__ import annotations

import io
import json
import re
import shlex
from functools import partial
from pathlib import Path

import pytest
from rich.console import Console

from retold.model import (
    Article,
    Attribution,
    Claim,
    Conflict,
    ConflictSide,
    Hedge,
    Quantity,
    Speaker,
)
from retold.report.story import render_story, render_story_list
from retold.report.terminal import PIPED_WIDTH, make_console, render_terminal

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
FIRE, RETELLING, STORY = EXAMPLES / "port-delmar-fire.txt", EXAMPLES / "delmar-gazette-retelling.html", EXAMPLES / "story" / "story.jsonl"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DRIFT_TYPE = re.compile(r"\b[A-Z]+(?:_[A-Z]+)+\b")


def demo_fire_metadata() -> dict[str, str]:
    """The outlet and date `make demo` gives the fire report (its FIRE_METADATA line), so the test guards the demo."""
    line = next(line for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines() if line.startswith("FIRE_METADATA"))
    words = shlex.split(line.split(":=", 1)[1])
    return {"outlet": words[words.index("--outlet") + 1], "published": words[words.index("--published") + 1]}


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline) -> str:
    """The examples as `make demo` stores them: the Halvard story, and the fire report with its outlet and date."""
    from retold.ingest import read_inputs
    from retold.store import open_for_writing, write_article
    from retold.store.linking import run_link

    path = str(tmp_path_factory.mktemp("width") / "examples.duckdb")
    items = [*read_inputs([str(STORY), str(RETELLING)]), *read_inputs([str(FIRE)], **demo_fire_metadata())]
    connection = open_for_writing(path)
    for item in items:
        assert isinstance(item, Article), item
        write_article(connection, pipeline.analyze(item))
    run_link(connection, full=True)
    connection.close()
    return path


@pytest.fixture(scope="module")
def stories(store):
    from retold.store.connection import reading_store
    from retold.store.stories import list_stories, load_stances, load_story

    with reading_store(store) as connection:
        rows = list_stories(connection, include_single=True)
        views = [load_story(connection, row["id"]) for row in rows]
        for view in views:
            view.stances = load_stances(connection, view.id)
    return rows, views


@pytest.fixture(scope="module")
def articles(store):
    from retold.store.connection import reading_store
    from retold.store.reader import load_articles

    with reading_store(store) as connection:
        return list(load_articles(connection))


def rendered(render, width: int | None = 80) -> str:
    """What `render(console)` prints on a console of `width` columns, or on a piped one (width None)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None) if width else make_console(file=buffer)
    render(console)
    return buffer.getvalue()


def assert_fits(output: str, width: int) -> None:
    too_long = [line for line in output.splitlines() if len(line) > width]
    assert not too_long, f"{len(too_long)} lines over {width} columns, e.g. {too_long[0]!r}"


@pytest.fixture(params=[80, None], ids=["80 columns", "piped"])
def width(request, monkeypatch) -> int | None:
    monkeypatch.delenv("COLUMNS", raising=False)
    return request.param


def test_piped_output_has_a_fixed_width_not_the_terminals(monkeypatch):
    # rich would ask the terminal that holds stdin; output to a file or a pipe must not depend on it
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("os.get_terminal_size", lambda *args: __import__("os").terminal_size((250, 50)))
    assert make_console(file=io.StringIO()).width == PIPED_WIDTH
    monkeypatch.setenv("COLUMNS", "90")
    assert make_console(file=io.StringIO()).width == 90


def test_fire_report_with_the_demos_outlet_and_date_has_drifts(stories):
    _, views = stories
    fire = next(view for view in views if any("port-delmar-fire" in article["name"] for article in view.articles))
    assert len(fire.articles) == 2 and fire.start == demo_fire_metadata()["published"]
    assert len(fire.drifts) >= 5
    assert {edge["kind"] for edge in fire.edges}  # the Gazette hangs under the Courier, not beside it


def test_story_shows_every_drift_type_and_date_whole(stories, width):
    _, views = stories
    for view in views:
        output = rendered(partial(render_story, view), width)
        assert_fits(output, width or PIPED_WIDTH)
        for drift in view.drifts:
            for drift_type in drift["types"]:
                assert drift_type in output, drift_type
        assert set(DRIFT_TYPE.findall(output)) <= {t for drift in view.drifts for t in drift["types"]}  # none cut short
        for date in (view.start, view.end, *(article["published"] for article in view.articles)):
            assert date in output, date
        assert "…" not in "".join(DATE.findall(output)) and set(DATE.findall(output)) >= {view.start, view.end}
        assert not broken_words(output, rendered(partial(render_story, view), 400), json.dumps(vars(view), ensure_ascii=False))


def test_story_list_shows_ids_dates_and_counts_whole(stories, width):
    rows, _ = stories
    output = rendered(lambda console: render_story_list(rows, console), width)
    assert_fits(output, width or PIPED_WIDTH)
    for row in rows:
        for value in (row["id"], row["start_date"], row["end_date"], f"{row['drifts']} drift"):
            assert value in output, value


def test_stance_matrix_names_every_outlet_whole_when_narrow(stories, width):
    _, views = stories
    halvard = max(views, key=lambda view: len(view.articles))
    output = rendered(lambda console: render_story(halvard, console), width)
    stances = output[output.index("Stances toward each aligned claim"):]
    assert_fits(stances, width or PIPED_WIDTH)
    for article in halvard.articles:
        assert article["outlet"] in stances, article["outlet"]
    for row in halvard.stances:
        assert row["label"] in stances
    # a proposition group's key is stemmed words ("servic spillway"), never shown
    keys = {row["group_key"] for row in halvard.stances if row["group_kind"] == "proposition"}
    assert keys and not [key for key in keys if key in stances]


def test_story_names_the_outlets_own_voice_in_plain_words(stories):
    _, views = stories
    for view in views:
        output = rendered(partial(render_story, view), 160)
        assert not re.search(r"· own\b", output) and "outlet:" not in output


def broken_words(narrow: str, wide: str, data: str = "") -> set[str]:
    """Words of the narrow output found neither in the wide one (where nothing wraps) nor in the records shown (`data`,
    which the narrow layout may show more of): pieces of words cut or folded."""
    words = re.compile(r"[A-Za-z]{3,}")
    labels = {"How", "Times", "Link", "note", "one", "side", "other", "why", "earlier", "later", "changed"}  # narrow only
    addresses = re.findall(r"\S*[/.]\S*", wide)  # web addresses and paths fold where they must: not words
    return {word for word in set(words.findall(narrow)) - set(words.findall(wide + data)) - labels
            if not any(word in address for address in addresses)}


def test_analyze_report_fits_and_folds_no_word(articles, width):
    output = rendered(lambda console: render_terminal(articles, console), width)
    assert_fits(output, width or PIPED_WIDTH)
    assert not broken_words(output, rendered(lambda console: render_terminal(articles, console), 400))
    for article in articles:
        assert article.published in output


LABELS = 'Officials said as many as 40 people were trapped. "The chief told us \'nobody is left inside,\'" Ana Ruiz said.'


def labelled_article() -> Article:
    """A hand-annotated article whose records carry every internal label the terminal once showed."""
    article = Article(text=LABELS, source="labels.txt", title="Trapped", outlet="Harbour Post", published="2024-06-01")

    def span(words: str):
        start = article.text.index(words)
        return article.span(start, start + len(words))

    ana = Speaker(span("Ana Ruiz"), "Ana Ruiz", "person")
    quote = span("The chief told us 'nobody is left inside,'")
    article.attributions = [
        Attribution("a1", "direct", "assert", ana, span("said."), quote),
        Attribution("a2", "direct", "assert", None, span("told"), span("nobody is left inside,"), nested_in="a1"),
    ]
    hedge = Hedge(span("as many as"), "upper_bound")
    article.quantities = [Quantity(id="q1", span=span("as many as 40 people"), number=span("40"), low=None, high=40,
                                   low_inclusive=True, high_inclusive=True, kind="upper_bound", unit="person", counted="people",
                                   hedges=(hedge,))]
    article.claims = [Claim("c1", "quantity", span("as many as 40 people were trapped"), "author", None, 0.9)]
    article.conflicts = [Conflict("k1", "scope", ConflictSide(span("as many as 40 people were trapped"), "author", "q1"),
                                  ConflictSide(span("nobody is left inside,"), "Ana Ruiz", "a2"), "some against none")]
    article.check()
    return article


@pytest.mark.parametrize("columns", [80, 100, 200])
def test_analyze_report_shows_plain_words_not_record_labels(columns):
    output = rendered(lambda console: render_terminal([labelled_article()], console), columns)
    for label in ("upper_bound", "inside a1", "author", "— "):  # a hedge's type, a record id, the own voice, no speaker
        assert label not in output, label
    if columns == 200:  # wide enough that no cell wraps: the plain words can be read off whole
        for words in ("as many as (at most)", "(within Ana Ruiz’s words) nobody is left inside", "the article itself"):
            assert words in output, words
