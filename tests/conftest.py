"""One conftest: the spaCy pipeline and retold's pipeline load once per test session; ../shared is optional."""
from __future__ import annotations

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
