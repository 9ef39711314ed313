"""The founding example, scored by the reference scorer in ../shared/eval exactly as the issue asks."""
from __future__ import annotations

import json
import subprocess
import sys


def test_seed_meets_every_bar_of_the_reference_scorer(shared_dir, seed_article, tmp_path):
    predictions = tmp_path / "seed.jsonl"
    predictions.write_text(json.dumps(seed_article.to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score_seed.py"), str(shared_dir / "seed" / "raqqa.gold.json"), str(predictions)],
        capture_output=True, text=True,
    )
    # the scorer's one line: attributions n/12, quantities n/12, conflicts n/4, editorial n/11, and the noise
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_seed_offsets_match_the_file(shared_dir, seed_article):
    text = (shared_dir / "seed" / "raqqa.txt").read_text(encoding="utf-8")
    assert seed_article.text == text
    seed_article.check()  # every record's text equals the file's text at its offsets


def test_seed_has_no_quantity_inside_a_weapon_name(seed_article):
    start = seed_article.text.index("AK-47")
    assert not [q for q in seed_article.quantities if q.span.start < start + 5 and start < q.span.end]


def test_seed_sdf_mentions_share_one_speaker_name(seed_article):
    names = {a.speaker.name for a in seed_article.attributions if a.speaker and a.speaker.span and "SDF" in a.speaker.span.text or (a.speaker and a.speaker.span and "Democratic Forces" in a.speaker.span.text)}
    assert len(names) == 1, names


def test_seed_is_presented_as_a_retelling_of_the_bbc(seed_article):
    retold = [s for s in seed_article.sources if s.retelling]
    assert [s.name for s in retold] == ["BBC"]
