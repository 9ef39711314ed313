"""One conftest: the spaCy pipeline and retold's pipeline load once per test session; ../shared is optional."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: it holds third-party texts that are never copied into the repository."""
    if not (SHARED / "seed" / "raqqa.txt").exists():
        pytest.skip("../shared is absent (it holds the seed and corpora; CI provides it)")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from retold.analyze.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def nlp():
    from retold.analyze.pipeline import load_spacy

    return load_spacy()


@pytest.fixture(scope="session")
def analyze(pipeline):
    """Analyse a text with the default pipeline: analyze(text, **metadata) -> Article."""
    from retold.model import Article

    def run(text: str, **metadata):
        return pipeline.analyze(Article(text=text, **metadata))

    return run


@pytest.fixture(scope="session")
def seed_article(shared_dir, analyze):
    """The founding example, analysed once per session."""
    path = shared_dir / "seed" / "raqqa.txt"
    return analyze(path.read_text(encoding="utf-8"), source=str(path))


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Path:
    """The bundled example story ingested and linked once per session; modules take copies (`copy_of_example`)."""
    from retold.cli import main

    db = tmp_path_factory.mktemp("example-store") / "example.duckdb"
    story = REPO / "examples" / "story" / "story.jsonl"
    assert main(["ingest", str(story), "--db", str(db), "--workers", "1", "--no-progress"]) == 0
    return db


@pytest.fixture(scope="session")
def copy_of_example(example_store, tmp_path_factory):
    """copy_of_example(name) -> a fresh copy of the example store, so no test sees another's writes or reviews."""

    def copy(name: str) -> Path:
        target = tmp_path_factory.mktemp(name) / "example.duckdb"
        shutil.copy(example_store, target)
        return target

    return copy
