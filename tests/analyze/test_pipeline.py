"""The pipeline's declarations hold: each component reads only the layers it requires and writes only those it assigns,
shares per-Doc values through one typed cache, and a missing shipped model file stops it with an install hint."""
from __future__ import annotations

from dataclasses import replace

import pytest

from retold.analyze.doc_cache import USER_DATA_KEY, DocCache, doc_cache
from retold.analyze.pipeline import LAYERS, Component, Pipeline, PipelineOrderError, default_components
from retold.errors import Rejection
from retold.model import Article
from retold.model_files import MissingModel

TEXT = (
    "Fire crews said 40 homes were destroyed in Port Delmar on Tuesday.\n\n"
    "“We lost everything we had,” said Ana Ruiz, who lives on Quay Street.\n\n"
    "The council signed a deal with the builders last year, according to a statement from the Port Delmar Fire "
    "Department. The builders continue to insist that no deal was signed. The mayor, Tom Berg, said 12 homes were "
    "destroyed. Officials may have underestimated the damage."
)


class Undeclared(list):
    """A layer a component did not declare: any look at it fails the test."""

    def __init__(self, layer: str) -> None:
        super().__init__()
        self.layer = layer

    def _refuse(self, *args, **kwargs):
        raise AssertionError(f"read the undeclared layer {self.layer!r}")

    __iter__ = __len__ = __getitem__ = __bool__ = __contains__ = _refuse


def test_every_component_reads_only_the_layers_it_requires(nlp, analyze):
    expected = analyze(TEXT)
    article, doc = Article(text=TEXT), nlp(TEXT)
    for component in default_components():
        hidden = {layer: Undeclared(layer) for layer in LAYERS if layer not in component.requires}
        layers = component.run(replace(article, **hidden), doc)
        assert set(layers) == set(component.assigns)
        for name in component.assigns:
            setattr(article, name, layers[name])
    assert expected.conflicts and expected.sources and expected.claims  # the text gives every component work
    assert {layer: getattr(article, layer) for layer in LAYERS} == {layer: getattr(expected, layer) for layer in LAYERS}


def _component(name: str, requires=("doc",), assigns=("sentences",), models=()) -> Component:
    return Component(name, requires=requires, assigns=assigns, run=lambda article, doc: {}, models=models)


def test_a_layer_assigned_twice_or_not_an_article_layer_is_refused_when_the_pipeline_is_built():
    with pytest.raises(PipelineOrderError, match="earlier component assigns"):
        Pipeline([_component("first"), _component("second")])
    with pytest.raises(PipelineOrderError, match="not Article layers"):
        Pipeline([_component("made_up", assigns=("opinions",))])
    with pytest.raises(PipelineOrderError, match="no earlier component assigns"):
        Pipeline([_component("early", requires=("claims",))])


def test_a_component_returning_what_it_did_not_declare_is_that_articles_rejection(pipeline):
    def sentences_and_more(article, doc):
        return {"sentences": [], "entities": [], "claims": []}

    components = [replace(c, run=sentences_and_more) if c.name == "sentences" else c for c in default_components()]
    (result,) = Pipeline(components).analyze_safely([Article(text=TEXT)])
    assert isinstance(result, Rejection) and result.code == "analysis" and "'claims'" in result.reason


def test_components_share_per_doc_values_under_one_key_in_one_typed_cache(nlp, pipeline):
    doc = nlp(TEXT)
    pipeline.run_components(Article(text=TEXT), doc)
    assert list(doc.user_data) == [USER_DATA_KEY]
    cache = doc.user_data[USER_DATA_KEY]
    assert isinstance(cache, DocCache) and cache.text == TEXT and len(cache.table) == len(doc)


def test_a_cache_carried_over_from_another_doc_is_not_used(nlp):
    from retold.analyze.attribution.draft import doc_text
    from retold.analyze.attribution.table import token_table

    short, long = nlp("A short one."), nlp(TEXT)
    token_table(short), doc_text(short)
    long.user_data[USER_DATA_KEY] = short.user_data[USER_DATA_KEY]  # as Doc.from_docs would carry it
    assert doc_text(long) == TEXT and len(token_table(long)) == len(long)
    assert doc_cache(short).text == "A short one."


def _one_line_hint(error: Exception, path) -> None:
    message = str(error)
    assert "\n" not in message and str(path) in message
    assert "pip install --force-reinstall retold" in message and "make setup" in message


def test_a_missing_model_file_stops_the_pipeline_when_built(tmp_path):
    absent = tmp_path / "attribution_cues.crfsuite"
    components = [replace(c, models=(absent,)) if c.name == "attributions" else c for c in default_components()]
    with pytest.raises(MissingModel) as raised:
        Pipeline(components)
    _one_line_hint(raised.value, absent)


def test_every_default_component_declares_the_shipped_models_it_loads():
    from retold.analyze.attribution.tagging import CUE_MODEL, ROLE_MODEL
    from retold.checkworthy.model import SHIPPED_FILES

    declared = {c.name: set(c.models) for c in default_components()}
    assert declared["attributions"] == {CUE_MODEL, ROLE_MODEL} and declared["claims"] == set(SHIPPED_FILES)
    assert all(path.exists() for paths in declared.values() for path in paths)


def test_a_missing_attribution_model_is_an_error_not_a_fallback_to_rules(tmp_path):
    from retold.analyze.attribution import tagging

    with pytest.raises(MissingModel) as raised:
        tagging.tagger(tmp_path / "attribution_roles.crfsuite")
    _one_line_hint(raised.value, tmp_path / "attribution_roles.crfsuite")


def test_a_missing_checkworthiness_file_names_the_file_and_the_reinstall(tmp_path, monkeypatch):
    from retold.checkworthy import model

    absent = tmp_path / "weights.npz"
    monkeypatch.setattr(model, "SHIPPED_FILES", (model.MODEL_DIR / model.VOCABULARY_FILE, absent))
    with pytest.raises(MissingModel) as raised:
        model.load_model()
    _one_line_hint(raised.value, absent)


def test_a_missing_stance_file_names_the_file_and_the_reinstall(tmp_path, monkeypatch):
    from retold.stance import model

    shipped = tmp_path / "stance"
    shipped.mkdir()
    for name in model.MODEL_FILES:
        if name != "vocab.json":
            (shipped / name).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(model, "DEFAULT_DIR", shipped)
    with pytest.raises(MissingModel) as raised:
        model.load()
    _one_line_hint(raised.value, shipped / "vocab.json")


def test_a_missing_transformer_file_names_the_file_and_the_reinstall(tmp_path, monkeypatch):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from retold.checkworthy import transformer

    absent = tmp_path / "tokenizer.json"
    monkeypatch.setattr(transformer, "SHIPPED_FILES", (absent,))
    with pytest.raises(MissingModel) as raised:
        transformer.TransformerModel.load()
    _one_line_hint(raised.value, absent)


def test_a_model_file_gone_after_the_pipeline_was_built_stops_the_run_not_one_article(tmp_path, monkeypatch):
    from retold.checkworthy import model

    pipeline = Pipeline(default_components())
    model._shipped_model.cache_clear()
    monkeypatch.setattr(model, "SHIPPED_FILES", (tmp_path / "weights.npz",))
    try:
        with pytest.raises(MissingModel):
            pipeline.analyze_safely([Article(text=TEXT)])
    finally:
        model._shipped_model.cache_clear()  # the next caller loads the shipped model again
