"""Shared fixtures of the link tests: an analysed article of a made-up outlet, and one story's traced conflicts."""
from __future__ import annotations

import pytest

from retold.link.model import Story
from retold.link.trace import trace_story


@pytest.fixture(scope="module")
def make(analyze):
    """An analysed article: its text, outlet and publication date."""
    def build(text, outlet, published="2025-03-02"):
        return analyze(text, outlet=outlet, published=published)

    return build


@pytest.fixture(scope="session")
def story_conflicts():
    """The cross-article conflicts of one kind that tracing these articles as one story finds."""
    def find(*articles, kind="numeric"):
        by_id = {a.id: a for a in articles}
        return [c for c in trace_story(Story("s", "test", tuple(by_id)), by_id).conflicts if c.kind == kind]

    return find
