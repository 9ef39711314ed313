"""The Python API: `retold.analyze` stays callable, and `retold.analyze_many` matches it text for text, in order."""
from __future__ import annotations

import subprocess
import sys

import pytest

import retold
from retold.errors import RetoldError

FIRST = "The mayor, Ana Ruiz, said on Monday that 12 people had died in the fire. Police said 40 homes burned."
SECOND = "\"We will rebuild,\" the governor said. Officials said about 300 residents were evacuated on Tuesday."
THIRD = "Firefighters said the blaze started in a warehouse. The company denied that its workers were to blame."


def _layers(article) -> dict:
    """What the analysis found, without where the text came from or the analyser's configuration."""
    found = article.to_json()
    for key in ("source", "analyser", "title", "outlet", "published", "author", "url"):
        found.pop(key, None)
    return found


def _fresh_process(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=300)


def test_analyze_is_still_callable_on_a_second_call_in_a_fresh_process():
    # a fresh interpreter: in the test session another test may have imported the pipeline first
    result = _fresh_process(
        "import retold\n"
        f"first = retold.analyze({FIRST!r})\n"
        f"second = retold.analyze({SECOND!r}, outlet='The Ledger')\n"
        "print(callable(retold.analyze), len(first.attributions) > 0, second.outlet)\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "True", "The", "Ledger"]


def test_analyze_works_after_the_pipeline_module_is_imported_first():
    result = _fresh_process(
        "import retold.analyze.pipeline\n"
        "import retold.analyze.parsing, retold.run.partition\n"
        "import retold\n"
        f"article = retold.analyze({FIRST!r})\n"
        "article = retold.analyze_many([" + repr(SECOND) + "]).__next__()\n"
        "print(type(retold.analyze).__name__, len(article.attributions) > 0)\n"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["function", "True"]


def test_analyze_twice_in_this_process():
    first = retold.analyze(FIRST)
    second = retold.analyze(FIRST)
    assert callable(retold.analyze)
    assert _layers(first) == _layers(second)
    assert first.attributions


def test_analyze_many_keeps_order_and_takes_texts_and_pairs():
    items = [FIRST, (SECOND, {"outlet": "The Ledger", "published": "2024-05-02"}), THIRD, (FIRST, {"source": "again"})]
    results = list(retold.analyze_many(items, batch_size=2))
    assert [r.text for r in results] == [FIRST, SECOND, THIRD, FIRST]
    assert results[1].outlet == "The Ledger" and results[1].published == "2024-05-02"
    assert results[3].source == "again"


def test_analyze_many_gives_what_analyze_gives_for_each_text():
    texts = [FIRST, SECOND, THIRD]
    for batch_size in (None, 1, 3):
        many = list(retold.analyze_many(texts, batch_size=batch_size))
        assert [_layers(a) for a in many] == [_layers(retold.analyze(t)) for t in texts]


def test_analyze_many_is_lazy():
    def texts():
        yield FIRST
        raise AssertionError("read past the first batch before it was asked for")

    stream = retold.analyze_many(texts(), batch_size=1)
    assert next(stream).text == FIRST


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (7, r"item 1 \(int\) is neither a text"),
        ((SECOND, {"headline": "x"}), "'headline' is not article metadata"),
        ((SECOND, {"sentences": []}), "'sentences' is not article metadata"),
        ((b"bytes", {}), "the text is of type bytes"),
        ((SECOND, "outlet"), r"item 1 \(tuple of 2\)"),
    ],
)
def test_a_bad_item_raises_one_clear_error(item, message):
    with pytest.raises(TypeError, match=message):
        list(retold.analyze_many([FIRST, item]))


def test_analyze_refuses_a_field_that_is_not_metadata():
    with pytest.raises(TypeError, match="'claims' is not article metadata"):
        retold.analyze(FIRST, claims=[])


def test_analyze_many_refuses_a_single_string_and_a_bad_batch_size():
    with pytest.raises(TypeError, match="for one text call analyze"):
        retold.analyze_many(FIRST)
    with pytest.raises(ValueError, match="batch_size"):
        retold.analyze_many([FIRST], batch_size=0)


def test_a_rejected_text_names_its_item():
    too_long = "word " * 31_000  # over the article token budget: the pipeline rejects it before parsing
    stream = retold.analyze_many([FIRST, too_long])
    assert next(stream).text == FIRST
    with pytest.raises(RetoldError, match=r"item 1 \(<text>\): .*token"):
        next(stream)
