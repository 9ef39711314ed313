"""Conflicts inside one article, limited to the same thing: the same counted category or the same proposition."""
from __future__ import annotations

import bisect
import re

from retold.analyze import budget
from retold.analyze.attribution.lexicon import PRONOUNS
from retold.analyze.categories import category_of, comparable_interval, describe_interval
from retold.analyze.places import facilities_in
from retold.analyze.voices import AUTHOR, attribution_at, speaker_name, voice_at
from retold.model import Article, Attribution, Conflict, ConflictSide, Quantity, Span
from retold.wording import title_case, unquoted

NEGATORS = frozenset({"no", "not", "never", "none", "nobody", "nothing", "n't", "neither", "nor", "without"})
NEGATIVE_PRONOUNS = frozenset({"nobody", "nothing", "none", "noone"})
PRONOUN_HEADS = frozenset({"one", "body", "thing", "where"})
DENIAL_NOUNS = frozenset({"denial", "denials", "rejection", "rebuttal"})
# a gap smaller than this ratio between two intervals is rounding, not a disagreement
MIN_GAP_RATIO = 1.25


def find_conflicts(article: Article, doc) -> list[Conflict]:
    """Numeric, scope and denial conflicts between different speakers, each with both spans and an explanation.

    At most budget.MAX_CONFLICTS are kept, the earliest in the text."""
    found = _numeric_and_scope_conflicts(article) + _denial_conflicts(article, doc)
    found.sort(key=lambda c: (min(c.a.span.start, c.b.span.start), c.kind))
    del found[budget.MAX_CONFLICTS:]
    return [Conflict(f"K{i}", c.kind, c.a, c.b, c.explanation) for i, c in enumerate(found, 1)]


def _numeric_and_scope_conflicts(article: Article) -> list[Conflict]:
    """One conflict per category and pair of speakers: the first pair of quantities in text order that disagrees; the
    same two figures met again under other names are listed in the first one's explanation.

    Only quantities counting the same head and modifiers are paired, at most budget.MAX_COMPARED_PAIRS of them."""
    quantities = article.quantities
    categories = [category_of(q) for q in quantities]
    members: dict[tuple, list[int]] = {}  # (head, modifiers) -> indexes of the quantities counting it, in text order
    for index, category in enumerate(categories):
        if category:
            members.setdefault((category.head, category.modifiers), []).append(index)
    voices: dict[int, str] = {}

    def speaker(index: int) -> str:
        if index not in voices:
            voices[index] = voice_at(article, quantities[index].span, quantities[index].attribution)[0]
        return voices[index]

    conflicts: list[Conflict] = []
    seen: set[tuple] = set()
    # one pair of figures credited to other names ("CNN" and "US media" both give 100-300) is one conflict
    by_figures: dict[tuple, int] = {}
    also: dict[int, list[Conflict]] = {}
    named: list[int] = []  # per conflict, how many of its two figures name what they count
    compared = 0
    for first, category in enumerate(categories):
        if not category:
            continue
        group = members[category.head, category.modifiers]
        for second in group[bisect.bisect_right(group, first):]:
            if compared >= budget.MAX_COMPARED_PAIRS:
                return conflicts
            compared += 1
            other = categories[second]
            assert other is not None  # members holds only the indexes of quantities with a category
            if not category.matches(other):
                continue
            speaker1, speaker2 = speaker(first), speaker(second)
            if speaker1 == speaker2 or unnamed(speaker1) or unnamed(speaker2):
                continue  # one source giving two figures is not two sources disagreeing; "we" is nobody a reader can check
            key = (category.head, category.modifiers, frozenset((speaker1, speaker2)))
            if key in seen:
                continue
            q1, q2 = quantities[first], quantities[second]
            conflict = _scope_conflict(article, q1, q2, speaker1, speaker2, category) or _numeric_conflict(article, q1, q2, speaker1, speaker2, category)
            if conflict:
                seen.add(key)
                figures = (category.head, category.modifiers, conflict.kind, frozenset((comparable_interval(q1), comparable_interval(q2))))
                if figures in by_figures:
                    first = by_figures[figures]
                    # the mention that names what it counts ("100-300 people", not a headline's "100-300") stands for both
                    if _named_counts(q1, q2) > named[first]:
                        conflict, conflicts[first], named[first] = conflicts[first], conflict, _named_counts(q1, q2)
                    also.setdefault(first, []).append(conflict)
                    continue
                by_figures[figures] = len(conflicts)
                named.append(_named_counts(q1, q2))
                conflicts.append(conflict)
    return [_listing(conflict, also.get(index, [])) for index, conflict in enumerate(conflicts)]


def _named_counts(q1: Quantity, q2: Quantity) -> int:
    return sum(1 for q in (q1, q2) if q.unit is not None)


def _listing(conflict: Conflict, others: list[Conflict]) -> Conflict:
    """A conflict whose explanation also lists the other mentions of the same two figures."""
    if not others:
        return conflict
    mentions = "; ".join(f"{_quote(c.a.span)} / {_quote(c.b.span)}" for c in others)
    explanation = f"{conflict.explanation}. Also met in {len(others)} more mention{'s' if len(others) > 1 else ''}: {mentions}"
    return Conflict(conflict.id, conflict.kind, conflict.a, conflict.b, explanation)


def _numeric_conflict(article: Article, q1: Quantity, q2: Quantity, speaker1: str, speaker2: str, category) -> Conflict | None:
    if "proportion" in (q1.kind, q2.kind) or not rival_counts(q1, q2, (event_scope(article, q1), event_scope(article, q2))):
        return None
    if tally_side(article, q1) or tally_side(article, q2):
        return None
    if not counts_apart(q1, q2):
        return None
    explanation = (
        f"{_who(speaker1)}: {describe_interval(q1)}; {_who(speaker2)}: {describe_interval(q2)}; "
        f"both count {_plural(str(category))} and the figures do not overlap"
    )
    return Conflict("", "numeric", _side(q1, speaker1), _side(q2, speaker2), explanation)


def _plural(noun: str) -> str:
    """'vehicle' -> 'vehicles'; 'people' and other words already plural stay as they are."""
    return noun if noun.endswith("s") or noun in ("people", "police", "staff", "personnel", "cattle") else noun + "s"


def rival_counts(q1: Quantity, q2: Quantity, scopes: tuple[str | None, str | None] | None = None) -> bool:
    """True when two figures for one category are counts of the same thing, so that differing is disagreeing.

    Precision first: an unknown event on either side is not the same event. A change ("rose to 31", "twelve more")
    updates a figure rather than contradicting it; a modifier ("ten-storey") counts nothing; a subset ("three of
    the trucks", "in Greece") and a figure for another period ("in 2018") count something else. `scopes` are the two
    figures' scopes as their articles read them (see event_scope), when the caller has the articles.
    """
    if q1.predicate is None or q1.predicate != q2.predicate:
        return False
    if q1.change or q2.change or q1.modifier or q2.modifier:
        return False
    scope1, scope2 = scopes if scopes is not None else (q1.scope_of, q2.scope_of)
    return q1.period == q2.period and scope1 == scope2


def event_scope(article: Article, quantity: Quantity) -> str | None:
    """A figure's scope, or None where the scope names only the place the article's headline gives its event: "killed
    at the al-Ahli hospital" under "Gaza hospital death toll" counts the whole event, not a part of it, while "in
    Greece" under a storm across Europe, or "at a school" in a report on a hospital, still counts a part."""
    scope = quantity.scope_of
    if not scope:
        return scope
    headline = article.title or (article.sentences[0].span.text if article.sentences else "")
    places = facilities_in(scope)
    return None if places and places <= facilities_in(headline) else scope


# what a whole may be said to be, and what a count of some of them then contradicts ("all safe" / "14 missing")
UNHARMED = frozenset("safe survive survived rescue rescued unharmed unhurt accounted".split())
HARMED = frozenset({"missing", "killed", "injured"})
HARM_AFTER = re.compile(r"\b(?:missing|unaccounted|dead|died|killed|injured|wounded|hurt)\b", re.I)
HARM_REACH = 60  # characters after a count in which its clause says what befell them


def _scope_conflict(article: Article, q1: Quantity, q2: Quantity, speaker1: str, speaker2: str, category) -> Conflict | None:
    """A whole against a count that says otherwise of some of them: "all of the labourers were found safe" against
    "14 labourers are still missing", "no one was killed" against "12 were killed". "All stores" beside "many
    stores" says nothing against it: a count of some is no conflict with a statement about all unless the two
    statements are incompatible."""
    if (q1.kind == "proportion") == (q2.kind == "proportion"):
        return None
    whole, count = (q1, q2) if q1.kind == "proportion" else (q2, q1)
    if whole.low not in (0.0, 1.0) or whole.low != whole.high:
        return None
    if not _incompatible(article, whole, count):
        return None
    who_whole, who_count = (speaker1, speaker2) if whole is q1 else (speaker2, speaker1)
    scope = "all" if whole.low == 1.0 else "none"
    explanation = (
        f"{_who(who_whole)} speaks of {scope} of them ({_quote(whole.span)}); {_who(who_count)} counts "
        f"{describe_interval(count)}: the same {category}s, a different scope"
    )
    return Conflict("", "scope", _side(q1, speaker1), _side(q2, speaker2), explanation)


# words that may stand before a pronoun in a speaker's span left unresolved ("So I", "and we"), and quantifiers that
# point at someone named elsewhere ("either one", "each of them")
_FILLERS = frozenset("so and but then well oh yes no either neither each both one of".split())


def unnamed(speaker: str) -> bool:
    """A speaker left as a pronoun ("we", "I", "So I", "either one"): nobody a reader can check, so never a side of a
    conflict."""
    words = re.findall(r"[\w']+", speaker.lower())
    return bool(words) and all(w in PRONOUNS or w in _FILLERS for w in words)


def _incompatible(article: Article, whole: Quantity, count: Quantity) -> bool:
    """None of them against some of them doing the same; all of them unharmed against some of them harmed."""
    if whole.low == 0.0:
        return whole.predicate is not None and whole.predicate == count.predicate
    if whole.predicate not in UNHARMED:
        return False
    if count.predicate in HARMED:
        return True
    end = min(len(article.text), count.span.end + HARM_REACH)
    end = min([end] + [s.span.end for s in article.sentences if s.span.start <= count.span.start < s.span.end])
    return HARM_AFTER.search(article.text, count.span.end, end) is not None


_TALLY_AFTER = re.compile(r"\s*(?:-|–|to)\s*\d")
_TALLY_BEFORE = re.compile(r"\d\s*(?:-|–|to)\s*$")


def tally_side(article: Article, quantity: Quantity) -> bool:
    """Whether a figure is one side of a tally ("a count of 359 to 179", "won 52-47"): a score that sets one side
    against the other, not a count that another figure of the text may dispute."""
    text, span = article.text, quantity.span
    if quantity.kind != "point" or re.search(r"\bfrom\s+\S*\s*$", text[max(0, span.start - 20) : span.start]):
        return False  # "from 14 to 31" is a change, not a tally
    return bool(_TALLY_AFTER.match(text, span.end) or _TALLY_BEFORE.search(text[max(0, span.start - 12) : span.start]))


def counts_apart(q1: Quantity, q2: Quantity) -> bool:
    """True when two figures disagree: one interval lies clearly above the other (by more than rounding), or both are
    exact, unhedged counts that are no round numbers ("15 fat humans" against "16 recruits": nothing was rounded)."""
    low1, high1 = comparable_interval(q1)
    low2, high2 = comparable_interval(q2)
    if high1 is not None and low2 is not None and low2 > high1 * MIN_GAP_RATIO:
        return True
    if high2 is not None and low1 is not None and low1 > high2 * MIN_GAP_RATIO:
        return True
    return _exact(q1) and _exact(q2) and q1.low != q2.low


def _exact(quantity: Quantity) -> bool:
    """An exact count: one unhedged whole number that is no multiple of ten (a round figure may be rounded)."""
    value = quantity.low
    return (quantity.kind == "point" and not quantity.hedges and value is not None and value == quantity.high
            and value == int(value) and int(value) % 10 != 0)


def _denial_conflicts(article: Article, doc) -> list[Conflict]:
    conflicts: list[Conflict] = []
    by_sentence: dict[str | None, list[Attribution]] = {}
    for attribution in article.attributions:
        by_sentence.setdefault(attribution.sentence, []).append(attribution)
    lemmas = _SentenceLemmas(article, doc)
    for denial in (a for a in article.attributions if a.polarity == "deny"):
        denier = speaker_name(denial)
        if unnamed(denier) or denial.content is not None and title_case(denial.content.text):
            continue  # "Why There Is No God by ...": a title of a work denies nothing
        if denial.cue is not None and denial.cue.text.lower() in DENIAL_NOUNS:
            conflict = _nominal_denial_conflict(article, denial, denier, by_sentence[denial.sentence])
        else:
            conflict = _propositional_denial_conflict(article, doc, denial, denier, lemmas)
        if conflict:
            conflicts.append(conflict)
    return conflicts


class _SentenceLemmas:
    """The lower-cased lemmas of each sentence's tokens, read once per article when a denial first needs them."""

    def __init__(self, article: Article, doc) -> None:
        self.article, self.doc = article, doc
        self.found: dict[int, frozenset[str]] = {}

    def of(self, index: int) -> frozenset[str]:
        if index not in self.found:
            span = self.article.sentences[index].span
            tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
            self.found[index] = frozenset(t.lemma_.lower() for t in tokens) if tokens is not None else frozenset()
        return self.found[index]


def _nominal_denial_conflict(article: Article, denial: Attribution, denier: str, neighbours: list[Attribution]) -> Conflict | None:
    """'despite coalition denials, X, according to Y, happened': the denial is of what Y asserts in that sentence."""
    for other in neighbours:  # the attributions of the denial's sentence, in article order
        if other is denial or other.polarity != "assert" or other.content is None:
            continue
        if speaker_name(other) == denier:
            continue
        explanation = f"{_who(denier)} denies what {_who(speaker_name(other))} asserts: {_quote(other.content)}"
        return Conflict("", "denial", ConflictSide(other.content, speaker_name(other), other.id), _denial_side(article, denial, denier), explanation)
    return None


def _propositional_denial_conflict(article: Article, doc, denial: Attribution, denier: str, lemmas: _SentenceLemmas) -> Conflict | None:
    """'no deal was done' against an unnegated statement elsewhere that the same thing (a deal) happened."""
    if denial.content is None:
        return None
    companions = _denied_heads(doc, denial.content)
    keys = set(companions)
    if not keys:
        return None
    for index, sentence in enumerate(article.sentences):
        if sentence.span.overlaps(denial.content) or sentence.span.text.rstrip().endswith("?"):
            continue
        if keys.isdisjoint(lemmas.of(index)):
            continue  # nothing denied is named here: each sentence's words are read once per article, not once per denial
        tokens = doc.char_span(sentence.span.start, sentence.span.end, alignment_mode="expand")
        if tokens is None:
            continue
        for token in tokens:
            if token.lemma_.lower() not in keys or _is_negated(token):
                continue
            if not companions[token.lemma_.lower()] <= lemmas.of(index):
                continue  # "no healthcare plan" is not denied by "Biden's plan", nor "lost their insurance" by "he lost"
            span = article.span(token.idx, token.idx + len(token))
            asserter = speaker_name(attribution_at(article, span))
            if asserter == denier or unnamed(asserter):
                continue
            clause = sentence.span  # the whole statement, so a reader sees what is asserted
            explanation = f"{_who(asserter)} states it ({_quote(clause)}); {_who(denier)} denies it ({_quote(denial.content)})"
            _, attribution_id = voice_at(article, span)
            return Conflict("", "denial", ConflictSide(clause, asserter, attribution_id), _denial_side(article, denial, denier), explanation)
    return None


def _denied_heads(doc, content: Span) -> dict[str, frozenset[str]]:
    """Lemmas of what a denial negates (the noun under 'no' ('no deal'), or the verb under 'not'), each with the words
    that say which one it is: the noun's own modifiers ('no healthcare plan'), the verb's object ('nobody lost their
    insurance'). A statement contradicts the denial only where it names those too."""
    tokens = doc.char_span(content.start, content.end, alignment_mode="expand")
    heads: dict[str, frozenset[str]] = {}
    if tokens is None:
        return heads
    for token in tokens:
        if token.lower_ not in NEGATORS:
            continue
        head = token.head
        if token.lower_ in NEGATIVE_PRONOUNS or (token.dep_ == "det" and head.lower_ in PRONOUN_HEADS):
            # "no one lived there", "nobody was hurt": what is denied is the event, so match its verb
            verb = head if token.lower_ in NEGATIVE_PRONOUNS else head.head
            if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() != "be":
                heads[verb.lemma_.lower()] = _which(verb, ("dobj",))
        elif token.dep_ == "det" and head.pos_ in ("NOUN", "PROPN"):
            heads[head.lemma_.lower()] = _which(head, ("compound", "amod"))
        elif token.dep_ == "neg" and head.pos_ in ("VERB", "AUX"):
            objects = [c for c in head.children if c.dep_ in ("dobj", "attr", "nsubjpass") and c.pos_ == "NOUN"]
            heads.update((c.lemma_.lower(), _which(c, ("compound", "amod"))) for c in objects)
    return heads


def _which(token, deps: tuple[str, ...]) -> frozenset[str]:
    """The lemmas of a token's content words in `deps` (its object, its compounds and adjectives)."""
    return frozenset(c.lemma_.lower() for c in token.children
                     if c.dep_ in deps and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.lower_ not in NEGATORS)


def _is_negated(token) -> bool:
    if any(child.lower_ in NEGATORS for child in token.children):
        return True
    head = token.head
    return any(child.dep_ == "neg" for child in head.children) and head.i != token.i


def _denial_side(article: Article, denial: Attribution, denier: str) -> ConflictSide:
    parts = [s for s in (denial.speaker.span if denial.speaker else None, denial.cue, denial.content) if s]
    if denial.cue and denial.cue.text.lower() in DENIAL_NOUNS:
        parts = [s for s in (denial.speaker.span if denial.speaker else None, denial.cue) if s]
    start, end = min(s.start for s in parts), max(s.end for s in parts)
    return ConflictSide(article.span(start, end), denier, denial.id)


def _side(quantity: Quantity, speaker: str) -> ConflictSide:
    return ConflictSide(quantity.span, speaker, quantity.id)


def _who(speaker: str) -> str:
    return "the article itself" if speaker == AUTHOR else speaker


def _quote(span: Span, limit: int = 80) -> str:
    text = " ".join(unquoted(span.text).split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def run(article: Article, doc) -> dict[str, list]:
    return {"conflicts": find_conflicts(article, doc)}
