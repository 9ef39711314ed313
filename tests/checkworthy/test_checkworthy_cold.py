"""The check-worthiness model's load-time shortcuts: word n-grams found as spelled, tag codes computed with numpy."""
from __future__ import annotations

import numpy as np

from retold.checkworthy.features import CUE_NAMES, TagIndex, Vocabulary, featurize


def _spelled_out_code(symbols: list[int], base: int) -> int:
    code = len(symbols)
    for symbol in symbols:
        code = code * base + symbol
    return code


def test_tag_codes_are_the_order_then_each_symbol_in_base_symbols_plus_one():
    grams = ["NN", "VBD", "NN VBD", "VBD CD NN", "ENT_GPE", "DEP_nsubj_NOUN DEP_ROOT_VERB", "CD NN"]
    tags = Vocabulary({g: i for i, g in enumerate(grams)}, np.ones(len(grams)))
    index = TagIndex(tags)
    expected = {_spelled_out_code([index.symbols[p] for p in g.split(" ")], index.base): i for i, g in enumerate(grams)}
    assert dict(zip(index.codes.tolist(), index.columns.tolist())) == expected
    assert index.codes.tolist() == sorted(index.codes.tolist())  # looked up by binary search


def test_word_bigrams_are_found_in_order_and_only_in_order():
    words = Vocabulary({"tax": 0, "cuts": 1, "tax cuts": 2}, np.ones(3))
    empty = Vocabulary({}, np.ones(0))
    texts = ["Tax cuts, again.", "Cuts tax"]
    rows, columns, _, _ = featurize(texts, words, empty, empty, [], 1.0)
    words_only = columns < 3
    found = [sorted(columns[words_only & (rows == row)].tolist()) for row in range(len(texts))]
    assert found == [[0, 1, 2], [0, 1]]
    assert rows.max() == len(texts) - 1 and len(CUE_NAMES) * len(texts) == int((columns >= 3).sum())
