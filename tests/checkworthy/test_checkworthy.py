"""Check-worthiness: features, the numpy scorer, TSV and plain-text input, and the `retold checkworthy` command."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from retold.checkworthy.features import (
    CUE_NAMES,
    TagIndex,
    Vocabulary,
    char_ngrams,
    cue_vector,
    tag_ngrams,
    tag_parse,
    word_ngrams,
)
from retold.checkworthy.model import CheckworthyModel, load_model, score_sentences
from retold.checkworthy.tsv import positive_scores, read_sentences
from retold.cli import main

TSV = (
    "Sentence_id\tText\tclass_label\n"
    "11\tThe city spent $4 million on the new bridge in 2019.\tYes\n"
    "12\tThank you so much for having me.\tNo\n"
    '13\tShe said "we doubled exports" and I agree.\tYes\n'
)


def test_char_ngrams_stay_inside_words():
    grams = char_ngrams("Ab  cd")
    assert " ab" in grams and "ab " in grams and " ab " in grams
    assert all(" " not in g.strip() for g in grams)


def test_word_ngrams_are_lower_cased_unigrams_and_bigrams():
    assert word_ngrams("Tax Cuts work") == ["tax", "cuts", "work", "tax cuts", "cuts work"]


def test_cues_see_numbers_and_opinions():
    cues = dict(zip(CUE_NAMES, cue_vector("I think unemployment fell 3 percent in 2020.")))
    assert cues["has_digit"] == 1.0 and cues["percent"] == 1.0 and cues["year"] == 1.0 and cues["opinion"] == 1.0
    assert all(0.0 <= v <= 1.0 for v in cues.values())


def test_tfidf_rows_are_unit_length_per_block():
    vocabulary = Vocabulary.fit([["a", "b"], ["a"], ["c"]], min_df=1, max_features=10)
    columns, values = vocabulary.weigh(["a", "b", "b", "zzz"])
    assert sorted(columns.tolist()) == [0, 1]
    assert np.linalg.norm(values) == pytest.approx(1.0)


def _tiny_model(threshold: float = 0.5) -> CheckworthyModel:
    words = Vocabulary.fit([word_ngrams("million percent"), word_ngrams("thank you")], 1, 100)
    chars = Vocabulary.fit([char_ngrams("million percent"), char_ngrams("thank you")], 1, 1000)
    tags = Vocabulary.fit([["CD"], ["UH"]], 1, 10)
    weights = np.zeros(len(words.index) + len(chars.index) + len(tags.index) + len(CUE_NAMES))
    weights[words.index["million"]] = 4.0
    weights[words.index["thank"]] = -4.0
    return CheckworthyModel(words, chars, tags, weights, 0.0, 1.0, threshold, {"note": "hand-built"})


def test_scores_follow_the_weights_and_survive_a_round_trip(tmp_path, nlp):
    model = _tiny_model()
    texts = ["Ten million people", "Thank you", ""]
    parses = [tag_parse(nlp(t)) for t in texts]
    scores = model.score_parsed(texts, parses)
    assert scores[0] > 0.5 > scores[1] and scores[2] == pytest.approx(0.5)
    model.save(tmp_path)
    again = load_model(tmp_path).score_parsed(texts, parses)
    assert np.allclose(scores, again, atol=1e-5)


def test_vectorised_tag_block_matches_the_spelled_out_ngrams(nlp):
    doc = nlp("Exports rose 40 percent in 2019, the ministry said. Thank you.")
    spans = [doc[0:7], doc[1:4], doc[0:0], doc[len(doc) - 3 :], doc[:]]
    grams = [tag_ngrams(s) for s in spans]
    tags = Vocabulary.fit(grams, 1, 10_000)
    rows, columns = TagIndex(tags).columns_of([tag_parse(s) for s in spans])
    for row, expected in enumerate(grams):
        assert sorted(columns[rows == row].tolist()) == sorted(tags.index[g] for g in expected)


def test_tag_ngrams_read_pos_entities_and_dependencies(nlp):
    grams = tag_ngrams(nlp("Exports rose 40 percent in 2019."))
    assert "CD" in grams and "ENT_PERCENT" in grams and any(g.startswith("DEP_ROOT_") for g in grams)
    assert any(len(g.split()) == 3 for g in grams)


def test_given_docs_score_like_parsed_texts(nlp):
    texts = ["Crime rose 40 percent in the last two years.", "Good evening, everyone."]
    assert score_sentences(texts, [nlp(t) for t in texts]) == pytest.approx(score_sentences(texts))


def test_reads_checkthat_tsv_with_bare_quotes(tmp_path):
    path = tmp_path / "in.tsv"
    path.write_text(TSV, encoding="utf-8")
    rows = read_sentences(path)
    assert [r.sentence_id for r in rows] == ["11", "12", "13"]
    assert rows[2].text == 'She said "we doubled exports" and I agree.' and rows[2].gold == "Yes"


def test_plain_text_gets_ids_one_to_n(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("First sentence.\n\nSecond one.\n", encoding="utf-8")
    assert [(r.sentence_id, r.text, r.gold) for r in read_sentences(path)] == [("1", "First sentence.", None), ("2", "Second one.", None)]


def test_positive_scores_count_the_yes_class():
    assert positive_scores(["Yes", "Yes", "No", "No"], ["Yes", "No", "Yes", "No"]) == (0.5, 0.5, 0.5)
    assert positive_scores(["No"], ["No"]) == (0.0, 0.0, 0.0)


def test_shipped_model_loads_and_scores_in_range():
    scores = score_sentences(["Crime rose 40 percent in the last two years.", "Good evening, everyone."])
    assert len(scores) == 2 and all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] > scores[1]
    assert score_sentences([]) == []


def test_command_writes_predictions_and_scores_gold(tmp_path, capsys):
    source = tmp_path / "in.tsv"
    source.write_text(TSV, encoding="utf-8")
    out = tmp_path / "pred.tsv"
    assert main(["checkworthy", str(source), "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Sentence_id\tscore\tlabel"
    assert [line.split("\t")[0] for line in lines[1:]] == ["11", "12", "13"]
    assert all(line.split("\t")[2] in ("Yes", "No") for line in lines[1:])
    assert "P " in capsys.readouterr().err


def test_command_on_plain_text_prints_no_scores(tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text("The deficit tripled.\nHello.\n", encoding="utf-8")
    assert main(["checkworthy", str(source)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].startswith("1\t") and captured.err == ""


def test_command_missing_file_is_a_usage_error(tmp_path):
    assert main(["checkworthy", str(tmp_path / "absent.tsv")]) == 2


def test_bad_label_is_an_input_failure(tmp_path):
    source = tmp_path / "in.tsv"
    source.write_text("Sentence_id\tText\tclass_label\n1\tA sentence.\tMaybe\n", encoding="utf-8")
    assert main(["checkworthy", str(source)]) == 1


def test_inference_does_not_import_scikit_learn():
    code = "import sys; from retold.checkworthy import score_sentences; score_sentences(['x']); print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---- the fine-tuned transformer (int8 ONNX, run by onnxruntime)

@pytest.fixture(scope="module")
def transformer():
    from retold.checkworthy.transformer import TransformerModel

    return TransformerModel.load()


def test_transformer_ranks_a_statistic_above_a_pleasantry_and_batches_like_single_calls(transformer):
    texts = ["Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.", "Thank you all for coming tonight.",
             "We cut taxes for 95 percent of working families.", ""]
    batched = transformer.score(texts)
    assert all(0.0 <= s <= 1.0 for s in batched)
    assert batched[0] > transformer.threshold > batched[1] and batched[2] > batched[1]
    # int8 activations are quantised per batch, so padding moves a score a little, never a lot
    single = np.array([transformer.score([t])[0] for t in texts])
    assert np.abs(batched - single).max() < 0.05


def test_transformer_runs_without_torch_or_transformers():
    code = ("import sys; from retold.checkworthy.transformer import TransformerModel; TransformerModel.load().score(['x']); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_command_uses_the_transformer_by_default_and_the_linear_model_with_fast(tmp_path, capsys):
    from retold.checkworthy.transformer import MODEL_DIR as TRANSFORMER_DIR

    source = tmp_path / "in.tsv"
    source.write_text(TSV, encoding="utf-8")
    transformer_threshold = json.loads((TRANSFORMER_DIR / "meta.json").read_text(encoding="utf-8"))["threshold"]
    assert main(["checkworthy", str(source), "--out", str(tmp_path / "a.tsv")]) == 0
    assert f"(threshold {transformer_threshold})" in capsys.readouterr().err
    assert main(["checkworthy", str(source), "--fast", "--out", str(tmp_path / "b.tsv")]) == 0
    assert f"(threshold {load_model().threshold})" in capsys.readouterr().err
    # a folder is read as whichever model it holds
    assert main(["checkworthy", str(source), "--model", str(TRANSFORMER_DIR), "--out", str(tmp_path / "c.tsv")]) == 0
    assert (tmp_path / "a.tsv").read_text(encoding="utf-8") == (tmp_path / "c.tsv").read_text(encoding="utf-8")
    assert main(["checkworthy", str(source), "--model", str(TRANSFORMER_DIR), "--fast"]) == 2


def test_a_folder_without_a_model_is_one_line(tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text("The deficit tripled.\n", encoding="utf-8")
    assert main(["checkworthy", str(source), "--model", str(tmp_path)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_scores_do_not_depend_on_how_the_docs_arrive(nlp):
    # a stream of Docs that are freed one by one: a Doc's id may pass to the next, which must not reuse its parse
    texts = [f"The council spent ${n} million on {n + 3} new bridges in 20{10 + n}, the mayor said." if n % 2 else
             f"Thank you so much for having me on the show tonight, number {n}!" for n in range(40)]
    model = load_model()
    streamed = model.score(texts, nlp.pipe(texts, batch_size=8))
    one_by_one = np.array([model.score([text], [nlp(text)])[0] for text in texts])
    assert np.allclose(streamed, one_by_one, atol=1e-9)
