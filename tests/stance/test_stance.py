"""Stance: FNC-1 files, the official score, features, the shipped model and the `retold stance` command (no training here)."""
from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from retold.cli import main
from retold.stance.features import FEATURE_NAMES, Vocabulary, pair_features, prepare_body, sentences, tokens
from retold.stance.fnc import LABELS, fnc_score, gold_labels, read_bodies, read_stances, write_predictions

BODY_COUNCIL = (
    "The city council voted on Tuesday to close the old river bridge to cars. Engineers found cracks in two of its "
    "supports last month. The mayor said the bridge would reopen to walkers after repairs costing 4 million dollars."
)
BODY_HOAX = (
    "A story that a shark swam down a flooded highway is a hoax. The photo was edited, and the agency that shared it "
    "has retracted it. Officials denied that any shark was seen."
)
BODY_GARDEN = "Tomatoes grow best in full sun. Water them deeply once a week and pick the fruit when it turns red."


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def fnc_files(tmp_path):
    stances = write_csv(tmp_path / "stances.csv", ["Headline", "Body ID", "Stance"], [
        ["City council closes river bridge to cars after cracks found", "7", "agree"],
        ["Shark swims down flooded highway", "9", "disagree"],
        ["City council closes river bridge to cars after cracks found", "12", "unrelated"],
    ])
    bodies = write_csv(tmp_path / "bodies.csv", ["Body ID", "articleBody"], [["7", BODY_COUNCIL], ["9", BODY_HOAX], ["12", BODY_GARDEN]])
    return stances, bodies


def test_fnc_score_weights_related_label_three_times_the_relatedness():
    gold = ["agree", "unrelated", "discuss", "disagree"]
    # agree right (1.0), unrelated right (0.25), discuss called agree (0.25), disagree called unrelated (0)
    score = fnc_score(gold, ["agree", "unrelated", "agree", "unrelated"])
    assert score.relative == pytest.approx(1.5 / 3.25)
    assert score.f1["discuss"] == 0.0 and score.f1["unrelated"] == pytest.approx(2 / 3)
    assert fnc_score(gold, gold).relative == 1.0 and fnc_score(gold, gold).macro_f1 == 1.0


def test_fnc_score_rejects_misaligned_predictions():
    with pytest.raises(ValueError):
        fnc_score(["agree"], [])


def test_write_predictions_keeps_row_order_and_moves_gold(fnc_files):
    table = read_stances(fnc_files[0])
    out = io.StringIO()
    write_predictions(out, table, ["discuss", "agree", "unrelated"], [[0.1, 0.1, 0.7, 0.1], [0.6, 0.2, 0.1, 0.1], [0, 0, 0, 1]])
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["Body ID"] for r in rows] == ["7", "9", "12"]
    assert [r["Stance"] for r in rows] == ["discuss", "agree", "unrelated"]
    assert [r["Gold"] for r in rows] == ["agree", "disagree", "unrelated"]
    assert rows[0]["p_discuss"] == "0.7000" and set(f"p_{label}" for label in LABELS) <= set(rows[0])


def test_gold_labels_absent_without_a_stance_column(tmp_path):
    path = write_csv(tmp_path / "s.csv", ["Headline", "Body ID"], [["A claim", "1"]])
    assert gold_labels(read_stances(path)) is None
    assert read_bodies(write_csv(tmp_path / "b.csv", ["Body ID", "articleBody"], [["1", "Text."]])) == {"1": "Text."}


def test_features_see_overlap_and_refuting_words_near_the_claim():
    vocab = Vocabulary({}, 1.0)
    assert tokens("Didn't it?") == ["didn't", "it"] and len(sentences(BODY_COUNCIL)) == 3
    related = pair_features("Shark swims down flooded highway", prepare_body(BODY_HOAX, vocab), vocab)
    unrelated = pair_features("Shark swims down flooded highway", prepare_body(BODY_GARDEN, vocab), vocab)
    assert related[0] > 0.2 and unrelated[0] == 0.0  # TF-IDF cosine with the whole body
    refute = FEATURE_NAMES.index("near_refute")
    assert related[refute] >= 2 and unrelated[refute] == 0


@pytest.fixture(scope="module")
def model():
    from retold.stance.model import load

    return load()


def test_shipped_model_gives_probabilities_and_tells_related_from_unrelated(model):
    probs = model.predict_proba([
        ("City council closes river bridge to cars after cracks found", BODY_COUNCIL),
        ("City council closes river bridge to cars after cracks found", BODY_GARDEN),
    ])
    assert probs.shape == (2, 4) and np.allclose(probs.sum(axis=1), 1.0)
    labels = model.labels(probs)
    assert labels[0] != "unrelated" and labels[1] == "unrelated"


def test_stance_command_writes_fnc_predictions_and_scores_on_stderr(fnc_files, tmp_path, capsys):
    out = tmp_path / "pred.csv"
    assert main(["stance", "--headlines", fnc_files[0], "--bodies", fnc_files[1], "--out", str(out)]) == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert [r["Body ID"] for r in rows] == ["7", "9", "12"] and all(r["Stance"] in LABELS for r in rows)
    assert [r["Gold"] for r in rows] == ["agree", "disagree", "unrelated"]
    assert "FNC " in capsys.readouterr().err


def test_stance_command_with_a_claim_prints_each_article(tmp_path, capsys):
    article = tmp_path / "bridge.txt"
    article.write_text(BODY_COUNCIL, encoding="utf-8")
    assert main(["stance", "--claim", "The river bridge is closed to cars", str(article)]) == 0
    source, label, shown = capsys.readouterr().out.strip().split("\t")
    assert source == str(article) and label in LABELS and all(name in shown for name in LABELS)


def test_stance_command_usage_errors(fnc_files, tmp_path):
    assert main(["stance", "--headlines", fnc_files[0]]) == 2
    assert main(["stance", "--claim", "A claim"]) == 2
    missing = write_csv(tmp_path / "b.csv", ["Body ID", "articleBody"], [["7", BODY_COUNCIL]])
    assert main(["stance", "--headlines", fnc_files[0], "--bodies", missing]) == 2


def test_loading_the_model_leaves_scikit_learn_and_pandas_unimported():
    """LightGBM's optional integrations cost a second at load; retold hides them, and they import normally after."""
    code = ("import sys; from retold.stance.model import load; load(); "
            "print('sklearn' in sys.modules, 'pandas' in sys.modules); import numpy.linalg")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
