"""retold's table-driven attribute ruler and lemmatizer give spaCy's own annotations, token for token."""
from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from retold.analyze.parsing import IndexedAttributeRuler, TableLemmatizer, UnsupportedPattern, index_rule_steps

REPO = Path(__file__).resolve().parents[2]
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]

# the ruler's rarer patterns (contractions, two-token lemmas, expletive "there", pronoun case by dependency, spaces)
TRICKY = [
    "Y'all gonna see it, ain't it? Let's go now. C'mon, they gotta leave! There is a dog and there were two.",
    "I told you it is mine; you gave it to me, and I gave him his. But we didn't, did we? She does, he has.",
    "Spaces  inside,\ttabs and\n\nnew lines.  \n Then   more .\n",
    "THE COUNCIL SAID IT WOULD NOT. \"We won't,\" said a spokesman, who'd known. That's that; which is which?",
]


@pytest.fixture(scope="module")
def spacy_own():
    """The pinned package as spaCy loads it, with retold's paragraph breaks (so only the twins differ)."""
    import spacy

    from retold.analyze.parsing import with_paragraph_breaks
    from retold.analyze.pipeline import SPACY_MODEL

    return with_paragraph_breaks(spacy.load(SPACY_MODEL))


def _texts() -> list[str]:
    texts = list(TRICKY)
    texts.append((REPO / "examples" / "port-delmar-fire.txt").read_text(encoding="utf-8"))
    for line in (REPO / "examples" / "story" / "story.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(line)["text"])
    return texts


def test_the_same_annotations_as_spacys_own_steps(nlp, spacy_own):
    assert [nlp.get_pipe_meta(name).factory for name in ("attribute_ruler", "lemmatizer")] == ["retold_attribute_ruler", "retold_lemmatizer"]
    assert nlp.pipe_names == spacy_own.pipe_names
    tokens = 0
    for ours, theirs in zip(nlp.pipe(_texts()), spacy_own.pipe(_texts())):
        assert [t.text for t in ours] == [t.text for t in theirs]
        differing = numpy.nonzero((ours.to_array(COLUMNS) != theirs.to_array(COLUMNS)).any(axis=1))[0]
        assert not len(differing), [(ours[i].text, ours[i].pos_, ours[i].lemma_, theirs[i].pos_, theirs[i].lemma_) for i in differing[:5]]
        tokens += len(ours)
    assert tokens > 1000


def test_the_ruler_finds_the_matches_spacys_matcher_finds(nlp, spacy_own):
    ruler = nlp.get_pipe("attribute_ruler")
    own = spacy_own.get_pipe("attribute_ruler")
    spans = 0
    for doc in spacy_own.pipe(TRICKY, disable=["attribute_ruler", "lemmatizer", "ner"]):
        expected = sorted(set(own.match(doc)))
        assert ruler.match(doc) == expected
        spans += sum(end - start == 2 for _, _, start, end in expected)
    assert spans >= 3  # the two-token patterns are exercised


def test_a_step_the_twins_cannot_read_is_kept(spacy_own):
    import spacy

    from retold.analyze.pipeline import SPACY_MODEL

    with pytest.raises(UnsupportedPattern):
        blank = spacy.blank("en")
        ruler = blank.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
        IndexedAttributeRuler(ruler)
    nlp = spacy.load(SPACY_MODEL, exclude=["ner"])
    nlp.get_pipe("attribute_ruler").add([[{"LENGTH": 3}]], {"POS": "X"})
    index_rule_steps(nlp)
    assert nlp.get_pipe_meta("attribute_ruler").factory == "attribute_ruler"
    assert nlp.get_pipe_meta("lemmatizer").factory == "retold_lemmatizer"
    assert isinstance(nlp.get_pipe("lemmatizer"), TableLemmatizer)
    doc = nlp("The cat sat.")
    assert [t.pos_ for t in doc] == ["X", "X", "X", "PUNCT"]  # spaCy's own ruler ran the LENGTH rule
