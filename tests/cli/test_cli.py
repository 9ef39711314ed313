"""The `retold analyze` command end to end: outputs, exit codes, and a bad file that never stops a batch."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from retold.cli import main

REPO = Path(__file__).resolve().parents[2]
ARTICLE = (
    "The mayor said on Monday that about 200 homes had been flooded. "
    "Residents disputed that figure. \"There are at least 900 houses under water,\" said Ana Ruiz, a local teacher.\n"
)


@pytest.fixture()
def article_file(tmp_path) -> Path:
    path = tmp_path / "flood.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run_cli(args, capsys, stdin=None):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_is_one_schema_object_per_article_with_offsets_into_the_file(article_file, capsys, pipeline):
    code, out, err = run_cli(["analyze", str(article_file), "--json"], capsys)
    assert code == 0, err
    (line,) = out.splitlines()
    data = json.loads(line)
    assert data["schema"] == "retold.article/1"
    assert data["article"]["text"] == ARTICLE
    assert set(data) >= {"article", "sentences", "attributions", "quantities", "claims", "conflicts", "sources"}
    for quantity in data["quantities"]:
        assert ARTICLE[quantity["start"]:quantity["end"]] == quantity["text"]


def test_a_bad_file_is_reported_in_one_line_and_the_rest_is_analysed(article_file, tmp_path, capsys, pipeline):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run_cli(["analyze", str(empty), str(article_file), "--json"], capsys)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert "error" in lines[0] and lines[0]["error"]["code"] == "empty"
    assert lines[1]["article"]["text"] == ARTICLE
    assert "Traceback" not in err
    assert any(str(empty) in line for line in err.splitlines())


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["analyze"])
    assert raised.value.code == 2
    code, _, err = run_cli(["analyze", "x.txt", "--published", "yesterday"], capsys)
    assert code == 2 and "--published" in err


def test_metadata_from_the_command_line(article_file, capsys, pipeline):
    code, out, _ = run_cli(["analyze", str(article_file), "--json", "--outlet", "Valley Post", "--published", "2026-03-10"], capsys)
    meta = json.loads(out)["article"]
    assert (meta["outlet"], meta["published"]) == ("Valley Post", "2026-03-10")


def test_html_report_is_written(article_file, tmp_path, capsys, pipeline):
    out_file = tmp_path / "report" / "flood.html"
    code, out, err = run_cli(["analyze", str(article_file), "--html", str(out_file)], capsys)
    assert code == 0
    page = out_file.read_text(encoding="utf-8")
    assert "Ana Ruiz" in page and "<script" not in page.lower()


def test_terminal_summary_without_colour(article_file, tmp_path):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-m", "retold", "analyze", str(article_file)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Ana Ruiz" in done.stdout
    assert "\x1b[" not in done.stdout


def test_stdin(capsys, monkeypatch, pipeline):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    code, out, err = run_cli(["analyze", "-", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["article"]["text"].strip() == ARTICLE.strip()
