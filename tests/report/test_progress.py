"""Progress of ingest, link and export: drawn on a terminal, with rate and time left; nothing when stderr is piped."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from retold.cli import main

FIRST = "The harbour master said on Friday that 14 boats had sunk in the storm. \"It was the worst night in years,\" she said."
SECOND = "Residents said the storm flooded 30 homes along the quay on Friday night. The council said repairs would take months."
PROGRESS_MARKS = ("loading models", "ingesting", "ETA", "reading articles", "linking 2 articles", "exporting")


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, as a person's shell is."""

    def isatty(self) -> bool:
        return True


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST, encoding="utf-8")
    (folder / "b.txt").write_text(SECOND, encoding="utf-8")
    return folder


def _run_all(inputs: Path, tmp_path: Path, *flags: str) -> list[int]:
    db, out = str(tmp_path / "p.duckdb"), str(tmp_path / "claims.jsonl")
    return [
        main(["ingest", str(inputs), "--db", db, "--workers", "1", *flags]),  # links at its end too
        main(["link", "--db", db, "--full", *flags]),
        main(["export", "--db", db, "--what", "claims", "--out", out, *flags]),
    ]


def test_piped_stderr_gets_no_progress_and_no_loading_line(inputs, tmp_path, capsys, pipeline):
    assert _run_all(inputs, tmp_path) == [0, 0, 0]
    err = capsys.readouterr().err
    assert "2 ingested" in err and "linked 2 articles" in err  # the summaries still come
    assert [mark for mark in PROGRESS_MARKS if mark in err] == []
    assert "\x1b[" not in err and "\r" not in err  # no terminal control codes in a log


def test_a_terminal_gets_the_loading_line_and_progress_with_rate_and_time_left(inputs, tmp_path, monkeypatch, pipeline):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "160")
    assert _run_all(inputs, tmp_path) == [0, 0, 0]
    err = terminal.getvalue()
    assert err.index("retold: loading models…") < err.index("ingested")
    assert [mark for mark in PROGRESS_MARKS if mark not in err] == []
    assert "articles/s" in err and "claims/s" in err


def test_no_progress_keeps_a_terminal_quiet(inputs, tmp_path, monkeypatch, pipeline):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert _run_all(inputs, tmp_path, "--no-progress") == [0, 0, 0]
    err = terminal.getvalue()
    assert [mark for mark in PROGRESS_MARKS if mark in err] == []


def test_nothing_new_to_analyse_loads_no_model_and_says_nothing_of_it(inputs, tmp_path, monkeypatch, pipeline):
    db = str(tmp_path / "again.duckdb")
    assert main(["ingest", str(inputs), "--db", db, "--workers", "1", "--no-link", "--no-progress"]) == 0
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["ingest", str(inputs), "--db", db, "--workers", "1", "--no-link"]) == 0
    err = terminal.getvalue()
    assert "2 skipped (duplicate)" in err and "loading models" not in err
