"""The quality gate: the reference scorers of ../shared/eval on small fixed samples, held to floors in benchmarks/floors.json."""
from __future__ import annotations

import json
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


@pytest.mark.parametrize("floor_key, options", [("checkthat_dev_first_300", []), ("checkthat_dev_first_300_fast", ["--fast"])],
                         ids=["transformer", "linear"])
def test_checkworthiness_floor_on_checkthat_dev_sample(shared_dir, tmp_path, floor_key, options):
    """The default model (the fine-tuned transformer) and the linear one `retold analyze` uses, each held to its floor."""
    from retold.cli import main

    floor = FLOORS[floor_key]["f1"]
    lines = (shared_dir / "data" / "checkthat" / "CT24_checkworthy_english_dev.tsv").read_text(encoding="utf-8").splitlines()
    gold = tmp_path / "gold.tsv"
    gold.write_text("\n".join(lines[:301]) + "\n", encoding="utf-8")  # the header and the first 300 sentences
    predictions = tmp_path / "pred.tsv"
    assert main(["checkworthy", str(gold), "--out", str(predictions), *options]) == 0
    scored = score(shared_dir / "eval" / "score_checkworthy.py", gold, predictions, floor)
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_stance_floor_on_fnc_dev_sample(shared_dir, tmp_path):
    """Every 25th pair of the body-disjoint dev split (bodies the shipped model never saw), through `retold stance`."""
    import csv

    from retold.cli import main
    from retold.stance.model import DEFAULT_DIR
    from retold.stance.train import load_pairs, split_by_body

    floors = FLOORS["fnc_dev_every_25th"]
    meta = json.loads((DEFAULT_DIR / "meta.json").read_text(encoding="utf-8"))
    _, dev = split_by_body(load_pairs(shared_dir / "data" / "fnc1", "train_stances.csv", "train_bodies.csv"), meta["dev_fraction"], meta["seed"])
    sample = dev[::25]
    headlines, bodies, predictions = tmp_path / "stances.csv", tmp_path / "bodies.csv", tmp_path / "pred.csv"
    with headlines.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("Headline", "Body ID", "Stance"), *((h, b, label) for h, b, _, label in sample)])
    with bodies.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("Body ID", "articleBody"), *sorted({(b, text) for _, b, text, _ in sample})])
    assert main(["stance", "--headlines", str(headlines), "--bodies", str(bodies), "--out", str(predictions)]) == 0
    scored = score(shared_dir / "eval" / "score_fnc.py", headlines, predictions)
    assert scored.returncode == 0, scored.stderr
    words = scored.stdout.split()
    fnc, macro = float(words[1].rstrip("%")), float(words[3])
    assert fnc >= floors["fnc"] and macro >= floors["macro_f1"], scored.stdout
