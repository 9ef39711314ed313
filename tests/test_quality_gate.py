"""The quality gate: the reference scorers of ../shared/eval on small fixed samples, held to floors in benchmarks/floors.json."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "floors.json").read_text(encoding="utf-8"))


def sample_split(source: Path, target: Path, folders: dict[str, str], count: int) -> list[Path]:
    """Link the first `count` texts of a split (and their annotation files) into a folder the scorer can read."""
    texts = sorted((source / "text").glob("*.txt"))[:count]
    for folder in ("text", *folders):
        (target / folder).mkdir(parents=True)
    for text in texts:
        (target / "text" / text.name).symlink_to(text)
        for folder, pattern in folders.items():
            for annotation in (source / folder).glob(pattern.format(stem=text.stem)):
                (target / folder / annotation.name).symlink_to(annotation)
    return texts


def write_predictions(pipeline, texts: list[Path], path: Path) -> None:
    from retold.model import Article

    articles = [Article(text=t.read_text(encoding="utf-8"), source=str(t)) for t in texts]
    with path.open("w", encoding="utf-8") as out:
        for result in pipeline.analyze_safely(articles):
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")


def score(script: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True)


def test_attribution_floor_on_polnear_dev_sample(shared_dir, pipeline, tmp_path):
    floors = FLOORS["polnear_dev_first_20"]
    split = tmp_path / "polnear"
    texts = sample_split(shared_dir / "data" / "polnear" / "dev", split, {"attributions": "{stem}_*.ann"}, 20)
    predictions = tmp_path / "polnear.jsonl"
    write_predictions(pipeline, texts, predictions)
    scored = score(shared_dir / "eval" / "score_polnear.py", split, predictions, floors["cue"], floors["source"], floors["content"])
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_quantity_floor_on_measeval_sample(shared_dir, pipeline, tmp_path):
    floor = FLOORS["measeval_train_first_40"]["span_f1"]
    split = tmp_path / "measeval"
    texts = sample_split(shared_dir / "data" / "measeval" / "train", split, {"tsv": "{stem}.tsv"}, 40)
    predictions = tmp_path / "measeval.jsonl"
    write_predictions(pipeline, texts, predictions)
    scored = score(shared_dir / "eval" / "score_measeval.py", split, predictions, floor)
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_checkworthiness_floor_on_checkthat_dev_sample(shared_dir, tmp_path):
    from retold.cli import main

    floor = FLOORS["checkthat_dev_first_300"]["f1"]
    lines = (shared_dir / "data" / "checkthat" / "CT24_checkworthy_english_dev.tsv").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.tsv"
    gold.write_text("\n".join(lines[:301]) + "\n", encoding="utf-8")  # the header and the first 300 sentences
    predictions = tmp_path / "pred.tsv"
    assert main(["checkworthy", str(gold), "--out", str(predictions)]) == 0
    scored = score(shared_dir / "eval" / "score_checkworthy.py", gold, predictions, floor)
    assert scored.returncode == 0, scored.stdout + scored.stderr
