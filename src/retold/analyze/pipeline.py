"""The per-article pipeline: spaCy parses once, then pure components add stand-off records in a checked order."""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from retold.analyze import budget
from retold.analyze.datelines import furniture_blanked
from retold.analyze.parsing import SPACY_MODEL, batches, load_spacy, parse_bounded
from retold.errors import Rejection, RetoldError
from retold.model import Article
from retold.model_files import MissingModel, require
from retold.version import __version__

# a component sees the article (with the layers already assigned) and the spaCy Doc, and returns its layers
ComponentFunction = Callable[[Article, Any], dict[str, list]]

BASE_LAYERS = ("text", "doc")  # every component may read these, and the article's metadata
# the Article's record lists, each assigned by one component
LAYERS = tuple(f.name for f in fields(Article) if f.default_factory is list)


@dataclass(frozen=True)
class Component:
    """A named analysis step that declares the layers it reads (requires) and writes (assigns), and the shipped model
    files it loads; the pipeline checks all three when it is built."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: ComponentFunction
    models: tuple[Path, ...] = ()


@dataclass(frozen=True)
class AnalyzerConfig:
    """What an analysis depends on; stored with every result so it can be reproduced."""

    spacy_model: str = SPACY_MODEL
    batch_size: int = 16
    max_chars: int = budget.MAX_ARTICLE_CHARS  # a longer text is rejected (too_large) before it is tokenized

    def to_json(self) -> dict[str, Any]:
        return {"spacy_model": self.spacy_model, "batch_size": self.batch_size, "max_chars": self.max_chars}


class PipelineOrderError(ValueError):
    """A component needs a layer that no earlier component gives, or declares a layer that is not one or taken."""


@dataclass
class Pipeline:
    """spaCy plus retold's components, checked for order when built."""

    components: list[Component]
    config: AnalyzerConfig = field(default_factory=AnalyzerConfig)

    def __post_init__(self) -> None:
        available = set(BASE_LAYERS)
        for component in self.components:
            missing = [layer for layer in component.requires if layer not in available]
            if missing:
                raise PipelineOrderError(f"component {component.name!r} needs {missing}, which no earlier component assigns")
            unknown = [layer for layer in component.assigns if layer not in LAYERS]
            if unknown:
                raise PipelineOrderError(f"component {component.name!r} assigns {unknown}, which are not Article layers {LAYERS}")
            taken = [layer for layer in component.assigns if layer in available]
            if taken:
                raise PipelineOrderError(f"component {component.name!r} assigns {taken}, which an earlier component assigns")
            available.update(component.assigns)
            # a missing file fails here, once, rather than as a rejection of every article
            require(*component.models)

    @functools.cached_property
    def nlp(self):
        return load_spacy(self.config.spacy_model)

    def describe(self) -> dict[str, Any]:
        """The analyser version and configuration, as stored with each article."""
        meta = self.nlp.meta
        return {
            "retold": __version__,
            "spacy_model": f"{meta.get('name')} {meta.get('version')}",
            "components": [c.name for c in self.components],
            "config": self.config.to_json(),
            "budgets": budget.describe(),
        }

    def analyze(self, article: Article) -> Article:
        """Analyse one article in place and return it; a failure is raised as a RetoldError with its reason."""
        (result,) = self.analyze_safely([article])
        if isinstance(result, Rejection):
            raise RetoldError(f"{result.source}: {result.reason}")
        return result

    def analyze_safely(self, articles: list[Article]) -> list[Article | Rejection]:
        """Analyse a batch; an article whose analysis fails or runs past a budget becomes a Rejection, the others go on."""
        description = self.describe()
        results: list[Article | Rejection] = []
        for batch in batches(articles, self.config.batch_size, budget.PARSE_BATCH_CHARS, lambda a: len(a.text)):
            for article, (doc, spent) in zip(batch, self._parse_batch([furniture_blanked(article.text) for article in batch])):
                results.append(self._analyze_parsed(article, doc, spent, description))
        return results

    def _parse_batch(self, texts: list[str]) -> list[tuple[Any, float]]:
        """Each text's Doc (None: too long to parse with others; an exception: its reason) and its share of the parse time."""
        parsed: list[tuple[Any, float]] = [(None, 0.0)] * len(texts)
        together = []
        for index, text in enumerate(texts):
            try:
                self._check_size(text)
            except Exception as error:  # over the token budget, or the tokenizer failed on this text
                parsed[index] = (error, 0.0)
                continue
            if len(text) <= budget.PARSE_PIECE_CHARS:
                together.append(index)
        if not together:
            return parsed
        started = time.monotonic()
        try:
            docs = list(self.nlp.pipe([texts[i] for i in together], batch_size=len(together)))
        except Exception:
            # one text broke the batch parse: parse one by one so only that text is lost
            docs = [self._parse_one(texts[i]) for i in together]
        seconds = time.monotonic() - started
        characters = sum(len(texts[i]) for i in together) or 1
        for index, doc in zip(together, docs):
            parsed[index] = (doc, seconds * len(texts[index]) / characters)  # each text is charged its share
        return parsed

    def _check_size(self, text: str) -> None:
        budget.check_chars(len(text), self.config.max_chars)
        # a token has at least one character, so only a text longer than the budget needs counting
        if len(text) > budget.MAX_ARTICLE_TOKENS:
            budget.check_tokens(len(self.nlp.tokenizer(text)))

    def _analyze_parsed(self, article: Article, doc, spent: float, description: dict[str, Any]) -> Article | Rejection:
        """Run the components over one parsed article within its budgets; any failure is that article's Rejection."""
        if isinstance(doc, budget.OverBudget):
            return Rejection(article.source, str(doc), doc.code)
        if isinstance(doc, Exception):
            return Rejection(article.source, f"the parser failed: {type(doc).__name__}: {doc}", "analysis")
        deadline = budget.start_deadline(spent)
        try:
            doc = parse_bounded(self.nlp, furniture_blanked(article.text), deadline.check, doc, batch_size=self.config.batch_size)
            self.run_components(article, doc, deadline)
        except budget.OverBudget as error:
            return Rejection(article.source, str(error), error.code)
        except MissingModel:
            raise  # no article's fault: the run stops with the install hint
        except Exception as error:  # a bug on one article is reported with its reason, not a lost batch
            return Rejection(article.source, f"analysis failed: {type(error).__name__}: {error}", "analysis")
        article.analyser = description
        return article

    def _parse_one(self, text: str):
        try:
            return self.nlp(text)
        except Exception as error:
            return error

    def run_components(self, article: Article, doc, deadline=None) -> Article:
        """Run retold's components over an already parsed Doc, checking the article's deadline before each."""
        for component in self.components:
            if deadline is not None:
                deadline.check(component.name)
            layers = component.run(article, doc)
            if layers.keys() != set(component.assigns):
                raise PipelineOrderError(f"component {component.name!r} returned {sorted(layers)}, not what it assigns {component.assigns}")
            for name in component.assigns:
                setattr(article, name, layers[name])
        article.check()
        return article


def default_components() -> list[Component]:
    """retold's components in their order."""
    from retold.analyze import attribution, claims, conflicts, provenance, quantities, sentences
    from retold.analyze.attribution.tagging import CUE_MODEL, ROLE_MODEL
    from retold.checkworthy.model import SHIPPED_FILES

    return [
        Component("sentences", requires=("doc",), assigns=("sentences", "entities"), run=sentences.run),
        Component("attributions", requires=("sentences", "entities"), assigns=("attributions",), run=attribution.run,
                  models=(CUE_MODEL, ROLE_MODEL)),
        Component("quantities", requires=("sentences", "attributions"), assigns=("quantities",), run=quantities.run),
        Component("claims", requires=("sentences", "attributions", "quantities"), assigns=("claims",), run=claims.run,
                  models=SHIPPED_FILES),
        Component("conflicts", requires=("sentences", "attributions", "quantities", "claims"), assigns=("conflicts",),
                  run=conflicts.run),
        Component("sources", requires=("attributions", "entities"), assigns=("sources",), run=provenance.run),
    ]


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline `retold analyze` uses, built once per process."""
    return Pipeline(default_components())
