"""Claim alignment across the articles of a story: quantities by counted category and context, propositions by key words."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS

from retold.analyze.categories import Category, category_of, singular
from retold.analyze.voices import AUTHOR, voice_at
from retold.link.model import ArticleSpan, ClaimGroup, ClaimMember
from retold.link.rarity import zipf
from retold.model import Article, Attribution, Quantity, Sentence, Span

CLAUSE_BREAK = re.compile(r"[,;:—–]\s")
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
NEGATORS = frozenset({"no", "not", "never", "none", "nobody", "nothing", "n't", "neither", "nor", "without", "cannot"})
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands "
    "million millions dozen dozens few several handful".split()
)
# "without contracts", "nor": negative words that rarely deny the statement they sit in
WEAK_NEGATORS = frozenset({"without", "nor", "neither"})
# verbs and nouns of reporting: every retelling has them, so they say nothing about which claim it is
REPORTING_WORDS = frozenset("say said says tell told report reported reports reporting write writes wrote reveal revealed according".split())
# words that name a role, not a person: two speakers sharing only these are not the same speaker
GENERIC_NAME_WORDS = frozenset(
    "county city state national company spokesman spokeswoman spokesperson director mayor inspector officer official "
    "officials minister president chief head police department ministry office agency the of and a an".split()
)
# two quantities whose clauses share at least this share of words say the same thing about what they count
CONTEXT_MATCH = 0.34
# attributions whose contents share this share of key words (and at least MIN_SHARED of them) state one proposition
PROPOSITION_MATCH = 0.6
MIN_SHARED = 2
# an outlet's last word stands for its name only when rarer than this in general English (Zipf scale: "news" 5.4,
# "herald" 4.0, "ahram" 2.2)
DISTINCTIVE_ZIPF = 3.5
COMMON_ZIPF = 4.0  # a word this frequent opening a speaker is a common noun, capitalised by its place
# words that stand for a source without naming it: who they are is unknown, so they differ from no one
PRONOUN_SPEAKERS = frozenset("i we you he she it they him her us them this that these those who someone one".split())
# words that name a role within a source, not the source: "ministry official", "health authorities", "police figures"
ROLE_WORDS = frozenset("official authority figure spokesman spokeswoman spokesperson source member representative in".split())
# words that join a source's name without naming anything ("the ministry of health")
NAME_GLUE = frozenset({"the", "of", "a", "an", "and", "'s", "’s"})
OWN = "own"  # a voice normalised to "the reporting article itself": its author or its own outlet


def key_words(text: str) -> frozenset[str]:
    """Content words of a text, lower-cased and singular: what two wordings of one claim share."""
    words = set()
    for word in WORD.findall(text):
        lower = word.lower().strip("’'")
        if lower in STOP_WORDS or lower in NEGATORS or lower in NUMBER_WORDS or lower in REPORTING_WORDS or len(lower) < 3:
            continue
        words.add(_stem(singular(lower)))
    return frozenset(words)


def _stem(word: str) -> str:
    """A crude suffix strip so 'warned', 'warning' and 'warns' meet: enough for comparing two wordings."""
    for suffix in ("ing", "ed", "es"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over the smaller set (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def is_negated(text: str) -> bool:
    """True when a negator governs a content word ('no warning was given', 'was not serviced'), not 'did nothing'."""
    words = [w.lower() for w in re.findall(r"[\w’']+", text)]
    for index, word in enumerate(words):
        if (word in NEGATORS and word not in WEAK_NEGATORS) or word.endswith(("n't", "n’t")):
            following = words[index + 1 : index + 3]
            if any(w not in STOP_WORDS or w in ("been", "be") for w in following):
                return True
    return False


def outlet_mentioned(outlet: str | None, text: str) -> re.Match | None:
    """Where `text` names an outlet: its full name (without 'The'), or its last word alone when that word is distinctive."""
    if not outlet:
        return None
    name = re.sub(r"^the\s+", "", outlet.strip(), flags=re.I)
    found = re.search(rf"\b{re.escape(name)}\b", text)
    if found:
        return found
    words = WORD.findall(name)
    head = words[-1] if words else ""
    # "Gulf News" is not named by "Sky News", nor "The Times of Israel" by every "Israel": only a rare last word
    # ("Ahram", "Shafaq") stands for the whole name
    if len(words) > 1 and "of" not in (w.lower() for w in words) and len(head) >= 4 and head[0].isupper():
        if zipf(head.lower()) < DISTINCTIVE_ZIPF:
            return re.search(rf"\b{re.escape(head)}\b", text)
    return None


@dataclass(frozen=True)
class StoryVoices:
    """Normalises who speaks: an article's own outlet is its own voice, another story outlet is 'outlet:NAME'."""

    outlets: tuple[str, ...]

    def voice(self, article: Article, span: Span, attribution_id: str | None = None) -> str:
        speaker, _ = voice_at(article, span, attribution_id)
        return self.normalise(article, speaker)

    def normalise(self, article: Article, speaker: str) -> str:
        if speaker == AUTHOR or outlet_mentioned(article.outlet, speaker):
            return OWN
        for outlet in self.outlets:
            if outlet_mentioned(outlet, speaker):
                return f"outlet:{outlet}"
        return speaker


def same_speaker(a: str, b: str) -> bool:
    """Two normalised speaker names may be one source: equal, an unknown one ('he', a dateline word), one named at two
    levels of detail ('the coalition', 'coalition spokesman Col. Ryan Dillon'), or sharing a distinctive name word."""
    if a.lower() == b.lower():
        return True
    if a.startswith("outlet:") or b.startswith("outlet:") or OWN in (a, b):
        return False
    if _unknown_source(a) or _unknown_source(b):
        return True
    words_a, words_b = _source_words(a), _source_words(b)
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return True  # an organisation and its spokesperson, official or member
    names_a = {w.lower() for w in WORD.findall(a) if w[0].isupper()} - GENERIC_NAME_WORDS
    names_b = {w.lower() for w in WORD.findall(b) if w[0].isupper()} - GENERIC_NAME_WORDS
    if names_a and names_b:
        return bool(names_a & names_b)
    # a role with no name ("county officials") may be the named person's office: compatible when they share a word
    return bool(words_a & words_b)


def named_source(speaker: str) -> bool:
    """True when a speaker is named ('Police chief Ada Friis', 'the Red Cross'), not a role or group ('officials', 'we')."""
    if speaker == OWN or speaker.startswith("outlet:") or _unknown_source(speaker):
        return False
    words = WORD.findall(speaker)
    if words and zipf(words[0].lower()) >= COMMON_ZIPF:
        words = words[1:]  # "Scientists", "Officials": capitalised because a sentence starts there, not a name
    return any(w[0].isupper() and w.lower() not in GENERIC_NAME_WORDS | PRONOUN_SPEAKERS for w in words)


def credited(voice: str) -> bool:
    """True when words are credited to a source other than the article and its outlets that can be told apart from others."""
    return voice != OWN and not voice.startswith("outlet:") and not _unknown_source(voice)


def _unknown_source(speaker: str) -> bool:
    """A pronoun ('he', 'we') or a dateline word taken for a speaker ('GAZA CITY'): it cannot be told apart from anyone."""
    words = WORD.findall(speaker)
    if not words or all(w.lower() in PRONOUN_SPEAKERS for w in words):
        return True
    letters = "".join(words)
    # a place in capitals ("GAZA CITY", "JERUSALEM") is a dateline; an acronym ("IDF", "RIAA") is a speaker
    if not letters.isupper():
        return False
    return len(words) > 1 or (len(letters) >= 5 and zipf(letters.lower()) >= 3.0)


def _source_words(speaker: str) -> frozenset[str]:
    """The words that place a source, without role words: 'health authorities in Gaza' -> {health, in, gaza}."""
    return frozenset(singular(w.lower()) for w in WORD.findall(speaker)) - NAME_GLUE - ROLE_WORDS


@dataclass(frozen=True)
class QuantityClaim:
    """One quantity of one article, read for comparison across articles."""

    article: str
    quantity: Quantity
    category: Category | None
    clause: frozenset[str]  # key words near the number, up to the neighbouring quantities
    sentence: Span
    voice: str

    @property
    def label(self) -> str:
        if self.category is not None:
            return str(self.category)
        return self.quantity.unit or ""

    def same_category(self, other: QuantityClaim) -> bool:
        if self.category is None or other.category is None:
            return False
        if not self.category.matches(other.category):
            return False
        if "proportion" in (self.quantity.kind, other.quantity.kind):
            return True  # "all of the families" has no unit of its own; its category says what it is a share of
        return self.quantity.unit == other.quantity.unit or None in (self.quantity.unit, other.quantity.unit)

    def context(self, other: QuantityClaim) -> float:
        return overlap(self.clause, other.clause)


def nominal(quantity: Quantity) -> tuple[float | None, float | None]:
    """The figure as written, without what hedges do to it: 'as many as 300' is 300, '6-7' is (6, 7)."""
    if quantity.kind == "upper_bound":
        return quantity.high, quantity.high
    if quantity.kind == "lower_bound":
        return quantity.low, quantity.low
    return quantity.low, quantity.high


def sentence_of(article: Article, span: Span) -> Span:
    """The sentence holding a span (the whole text when sentences are missing)."""
    for sentence in article.sentences:
        if sentence.span.start <= span.start < sentence.span.end:
            return sentence.span
    return article.span(0, len(article.text))


def quantity_claims(article: Article, voices: StoryVoices) -> list[QuantityClaim]:
    """Every quantity of an article that counts something nameable (a category or a unit), except those that count who
    speaks ("several media outlets reported", "two officials said"): they say who the source is, not what it claims."""
    found = []
    speakers = [a.speaker.span for a in article.attributions if a.speaker is not None and a.speaker.span is not None]
    for quantity in sorted(article.quantities, key=lambda q: q.span.start):
        category = category_of(quantity)
        if category is None and not quantity.unit:
            continue
        if any(span.start <= quantity.span.start and quantity.span.end <= span.end for span in speakers):
            continue
        voice = voices.voice(article, quantity.span, quantity.attribution)
        found.append(QuantityClaim(article.id, quantity, category, clause_words(article, quantity), sentence_of(article, quantity.span), voice))
    return found


def clause_words(article: Article, quantity: Quantity) -> frozenset[str]:
    """Key words near a figure, its own words aside: its clause, bounded by the neighbouring quantities and the nearest
    clause punctuation in its sentence (the whole sentence when the clause holds no other words)."""
    sentence = sentence_of(article, quantity.span)
    others = [q.span for q in article.quantities if q is not quantity]
    start = max([sentence.start] + [s.end for s in others if s.end <= quantity.span.start])
    end = min([sentence.end] + [s.start for s in others if s.start >= quantity.span.end])
    left = max((m.end() for m in CLAUSE_BREAK.finditer(article.text, start, quantity.span.start)), default=start)
    right = next((m.start() for m in CLAUSE_BREAK.finditer(article.text, quantity.span.end, end)), end)
    counted = key_words(quantity.span.text)
    return (key_words(article.text[left:right]) - counted) or (key_words(sentence.text) - counted)


@dataclass(frozen=True)
class PropositionClaim:
    """An attributed statement (or denial) of one article, by its key words."""

    article: str
    attribution: Attribution
    span: Span
    words: frozenset[str]
    voice: str
    polarity: str


def proposition_claims(article: Article, voices: StoryVoices) -> list[PropositionClaim]:
    """Attributions with content, read as propositions; a negated content counts as a denial."""
    found = []
    for attribution in article.attributions:
        if attribution.content is None:
            continue
        words = key_words(attribution.content.text) - _outlet_words(voices.outlets)
        if len(words) < MIN_SHARED:
            continue
        negated = attribution.polarity == "deny" or is_negated(attribution.content.text)
        speaker = attribution.speaker.name if attribution.speaker and attribution.speaker.name else AUTHOR
        voice = voices.normalise(article, speaker)
        found.append(PropositionClaim(article.id, attribution, attribution.content, words, voice, "deny" if negated else "assert"))
    return found


def _outlet_words(outlets: Sequence[str]) -> frozenset[str]:
    return frozenset(w for outlet in outlets for w in key_words(outlet))


def align_claims(
    story: str, quantities: Mapping[str, list[QuantityClaim]], propositions: Mapping[str, list[PropositionClaim]]
) -> list[ClaimGroup]:
    """Group quantities (same category, similar clause or same figure) and propositions (shared key words) across articles."""
    groups: list[ClaimGroup] = []
    items = [q for claims in quantities.values() for q in claims if q.category is not None]
    for members in _components(items, _same_quantity_claim):
        if len({m.article for m in members}) < 2:
            continue
        groups.append(ClaimGroup("", story, "quantity", members[0].label, tuple(quantity_member(m) for m in members)))
    statements = [p for claims in propositions.values() for p in claims]
    for members in _components(statements, same_proposition):
        if len({m.article for m in members}) < 2:
            continue
        shared = frozenset.intersection(*(m.words for m in members))
        key = " ".join(sorted(shared)) or " ".join(sorted(members[0].words))
        groups.append(ClaimGroup("", story, "proposition", key, tuple(proposition_member(m) for m in members)))
    groups.sort(key=lambda g: (g.kind, g.key, g.members[0].article, g.members[0].span.start))
    return [ClaimGroup(f"{story}:G{i}", g.story, g.kind, g.key, g.members) for i, g in enumerate(groups, 1)]


def _same_quantity_claim(a: QuantityClaim, b: QuantityClaim) -> bool:
    if a.article == b.article or not a.same_category(b):
        return False
    return nominal(a.quantity) == nominal(b.quantity) or a.context(b) >= CONTEXT_MATCH


def same_proposition(a: PropositionClaim, b: PropositionClaim) -> bool:
    """Two attributions in different articles stating (or denying) one thing."""
    if a.article == b.article:
        return False
    return len(a.words & b.words) >= MIN_SHARED and overlap(a.words, b.words) >= PROPOSITION_MATCH


def _components(items: list, linked) -> list[list]:
    """Connected groups of items under a symmetric relation, in input order (a small union-find)."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(items)), 2):
        if linked(items[i], items[j]):
            parent[root(j)] = root(i)
    groups: dict[int, list] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())


def article_span(article: str, span: Span) -> ArticleSpan:
    return ArticleSpan(article, span.start, span.end, span.text)


def quantity_member(claim: QuantityClaim) -> ClaimMember:
    q = claim.quantity
    return ClaimMember(
        claim.article, q.id, article_span(claim.article, q.span), claim.voice, q.low, q.high,
        tuple(h.span.text.lower() for h in q.hedges), "assert",
    )


def sentence_member(article: str, sentence: Sentence, speaker: str, polarity: str = "assert") -> ClaimMember:
    """An article's whole sentence as one side of a finding (a culprit named, a day given, a statement asserted)."""
    return ClaimMember(article, sentence.id, article_span(article, sentence.span), speaker, polarity=polarity)


def proposition_member(claim: PropositionClaim) -> ClaimMember:
    return ClaimMember(claim.article, claim.attribution.id, article_span(claim.article, claim.span), claim.voice, polarity=claim.polarity)
