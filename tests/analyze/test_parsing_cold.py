"""The cold-start shortcuts of retold.analyze.parsing load the same spaCy pipeline as spacy.load, in less time."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from retold.analyze.parsing import SPACY_MODEL, SPACY_TOKENIZER, _load_package


def test_the_pipeline_starts_from_the_tokenizer_and_vocabulary_the_package_saved():
    import spacy

    ours, theirs = _load_package(SPACY_MODEL), spacy.load(SPACY_MODEL)
    assert theirs.config["nlp"]["tokenizer"] == SPACY_TOKENIZER  # what the blank stand-in replaces
    assert ours.config["nlp"]["tokenizer"] == theirs.config["nlp"]["tokenizer"]
    assert ours.tokenizer.to_bytes(exclude=["vocab"]) == theirs.tokenizer.to_bytes(exclude=["vocab"])
    assert ours.vocab.to_bytes() == theirs.vocab.to_bytes()
    assert ours.pipe_names == theirs.pipe_names
    text = "Dr. Smith didn't say it's $4.5m (U.S.) at 3:30 p.m. on Jan. 5th, e.g. :-) www.example.com won't."
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]


def _python(code: str) -> subprocess.CompletedProcess:
    # a fresh interpreter: this test process may have imported spaCy (and its cli) already
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)


def test_spacy_comes_in_without_its_cli_and_the_cli_still_loads_when_asked():
    done = _python("""
        import sys
        import retold.analyze.parsing
        import spacy
        assert "spacy.cli" not in sys.modules and "spacy.cli.info" not in sys.modules, "the stand-ins stayed"
        heavy = [name for name in ("typer", "weasel", "requests", "httpx") if name in sys.modules]
        assert not heavy, heavy
        import spacy.cli
        assert callable(spacy.cli.setup_cli), "a later import spacy.cli got a stand-in"
        assert isinstance(spacy.info(silent=True), dict)
        print("ok")
    """)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
