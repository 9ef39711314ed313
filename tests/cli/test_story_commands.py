"""`retold ingest` links the example story; `retold stories`, `retold story` and the drift export show what it found."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STORY = REPO / "examples" / "story" / "story.jsonl"


def retold(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160"}
    return subprocess.run([sys.executable, "-m", "retold", *args], capture_output=True, text=True, env=env, cwd=REPO)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "story.duckdb"
    done = retold("ingest", str(STORY), "--db", str(db), "--workers", "1", "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "linked" in done.stderr
    return db


def test_stories_lists_the_example_story(store):
    done = retold("stories", "--db", str(store))
    assert done.returncode == 0, done.stderr
    assert "Stories (1)" in done.stdout


def test_story_shows_timeline_provenance_conflicts_and_drifts(store):
    done = retold("story", "--db", str(store))
    assert done.returncode == 0, done.stderr
    for expected in ("Timeline", "Provenance", "original reporting", "Conflicts between articles", "Drift along the retelling", "RANGE_COLLAPSED"):
        assert expected in done.stdout, expected
    stances = done.stdout[done.stdout.index("Stances toward each aligned claim"):]
    assert "Twelve bridges" in stances and "agree *" in stances and "unrelated" in stances


def test_unknown_story_is_a_usage_error(store):
    done = retold("story", "no-such-story", "--db", str(store))
    assert done.returncode == 2 and "no story" in done.stderr


def test_drift_export_names_articles_as_ingested(store):
    done = retold("export", "--db", str(store), "--what", "drifts", "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    drifts = [json.loads(line) for line in done.stdout.splitlines()]
    assert drifts
    for drift in drifts:
        assert set(drift) >= {"article", "start", "end", "types", "from_article", "from_start", "from_end", "counted", "explanation"}
        assert drift["types"] and drift["article"] != drift["from_article"]


def test_stories_and_story_show_the_original_reportings_title_above_the_key_terms(store):
    title = "Halvard spillway gives way: far more residents displaced than the county admits"
    listed = retold("stories", "--db", str(store))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    title_line = next(i for i, line in enumerate(lines) if "Halvard spillway gives way" in line)
    # the key terms: what happened and who, never the outlets that reported it
    label_line = next(i for i, line in enumerate(lines) if "the Halvard Water Company, Halvard" in line)
    assert title_line < label_line  # the title, then the key terms below it
    shown = retold("story", "--db", str(store))
    assert shown.returncode == 0, shown.stderr
    heading, terms = shown.stdout.splitlines()[:2]
    assert heading.startswith(title)
    assert terms.startswith("the Halvard Water Company, Halvard") and "2025-04-14 – 2025-04-18" in terms
    assert "Ledger" not in terms.split("·")[0] and "Wire" not in terms.split("·")[0]
