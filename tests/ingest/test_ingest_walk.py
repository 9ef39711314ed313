"""A folder walk passes over files that are not articles (a README, a data file) and counts them: no failed run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from retold.errors import Rejection
from retold.ingest import Skipped, read_inputs
from retold.model import Article

ARTICLE = "The harbour master said on Friday that 14 boats had sunk in the storm. \"It was the worst night in years,\" she said."
PAGE = "<html><head><title>Storm</title></head><body><article><p>Residents said the storm flooded 30 homes along the quay on Friday night, and the council said repairs would take months.</p></article></body></html>"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "storm.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Storm articles\n\nWhat this folder holds.\n", encoding="utf-8")
    (tmp_path / "PLANTED.json").write_text(json.dumps({"planted": ["14 boats"]}), encoding="utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "quay.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "more" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return tmp_path


def test_a_folder_walk_skips_and_counts_files_that_are_not_articles(folder: Path):
    skipped = Skipped()
    items = list(read_inputs([str(folder)], skipped=skipped))
    assert not [item for item in items if isinstance(item, Rejection)]
    assert sorted(Path(item.source).name for item in items) == ["quay.html", "storm.txt"]
    assert skipped.count == 3
    assert skipped.summary() == "skipped 3 files that are not articles (PLANTED.json, README.md, notes.csv)"


def test_one_skipped_file_is_named_in_the_singular():
    skipped = Skipped()
    skipped.add("/x/README.md")
    assert skipped.summary() == "skipped 1 file that is not an article (README.md)"


def test_a_file_named_explicitly_is_still_read_whatever_its_type(folder: Path):
    skipped = Skipped()
    (item,) = read_inputs([str(folder / "README.md")], skipped=skipped)
    assert isinstance(item, (Article, Rejection)) and item.source.endswith("README.md")
    assert skipped.count == 0


def test_retold_ingest_of_a_folder_with_a_readme_exits_0_and_says_what_it_skipped(folder: Path, tmp_path_factory, capsys, pipeline):
    from retold.cli import main

    db = tmp_path_factory.mktemp("store") / "walk.duckdb"
    code = main(["ingest", str(folder), "--db", str(db), "--workers", "1", "--no-link", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "retold: skipped 3 files that are not articles (PLANTED.json, README.md, notes.csv)" in err
    assert "2 ingested" in err and "0 failed" in err
    assert "unsupported" not in err
