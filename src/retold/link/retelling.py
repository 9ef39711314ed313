"""Which earlier words a later sentence retells: drift is measured there, and only there.

Two articles joined by a provenance edge share some of their text, not all of it. A follow-up that reuses a background
paragraph reports its own news around it, and two interviews built on one question template share the questions, not
the answers. So a later figure or statement is compared with an earlier one only where the later sentence retells the
earlier sentence: it repeats a good share of that sentence's content words (a copied or lightly edited sentence), or,
in a text that presents itself as retelling the source as a whole, it states the same fact (the same counted thing,
said of the same event and period, with the same figure or a similar clause).
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from retold.analyze.places import facilities_in
from retold.analyze.quantities.frame import FAMILY_NAMES
from retold.dates import full_date
from retold.link.alignment import (
    CLAUSE_BREAK,
    CONTEXT_MATCH,
    WORD,
    QuantityClaim,
    clause_words,
    key_words,
    nominal,
    overlap,
    sentence_of,
)
from retold.link.model import ProvenanceEdge
from retold.link.provenance import EDITED_SENTENCE, NOT_NAMES, words_of
from retold.link.provenance import citation_of as citation
from retold.model import Article, Quantity, Span

# a later sentence retells an earlier one when it shares this share of the smaller sentence's content words (the
# figures' own words aside) and at least RETOLD_WORDS of them: a copied, edited or condensed sentence, not a stock phrase
RETOLD_SHARE = 0.5
RETOLD_WORDS = 3
# edges on which the later text retells its source as a whole; a partial copy does so only when it names the source
WHOLE_KINDS = frozenset({"repost", "summary", "citation"})
# words that present a figure as a change or a later update; the analysis marks most (Quantity.change), these are read
# off the wording of the figure's own clause, which the parse can miss ("a revised toll of 31", "31, up from 12")
UPDATE_CUES = re.compile(
    r"\b(?:rose|risen|rising|climbed|jumped|increased|grew) to\b|\b(?:has|have|had) since\b"
    r"|\blater (?:said|says|put|raised|revised)\b|\b(?:updated|revised|now)\b",
    re.IGNORECASE,
)
# a figure outside the event families is one fact in two articles when its clause shares this share of its words
RETOLD_CLAUSE = 0.5
UPDATE_FROM = re.compile(r"\s*[,(]?\s*(?:up|down) from\b", re.IGNORECASE)  # right after the new figure


def retells_whole(edge: ProvenanceEdge, articles: Mapping[str, Article]) -> bool:
    """Whether the later text presents itself as retelling the source: a repost, or an edge on which it names the source.

    An article that silently reuses some passages of an earlier one (a partial copy) reports its own news around them,
    so what it adds is not a claim the source failed to make."""
    if edge.kind in WHOLE_KINDS:
        return True
    later, earlier = articles.get(edge.target), articles.get(edge.source)
    return later is not None and earlier is not None and citation(later, earlier) is not None


def retold_sentence(later: Wording, earlier: Wording, whole: bool) -> bool:
    """Whether a later sentence retells an earlier one: it repeats enough of its words and keeps what it is about.

    Names are left out of the words: texts about one event share them without copying. A sentence that keeps the
    wording but names someone or somewhere else instead (dropping some of the earlier names and bringing its own) is
    the same template filled for another subject, as an interview series or a recurring results line is. Who speaks
    counts as a name too, unless the later text retells the source as a whole (`whole`): there a changed speaker is
    attribution drift, while in a text that only reuses passages it is another person's answer."""
    if another_subject(later, earlier, whole):
        return False
    if len(later.words & earlier.words) >= RETOLD_WORDS and overlap(later.words, earlier.words) >= RETOLD_SHARE:
        return True
    # a short sentence copied with a word or two changed ("said 21 people" for "said 12 people") has few content words
    copied = SequenceMatcher(None, later.tokens, earlier.tokens, autojunk=False).ratio()
    return copied >= EDITED_SENTENCE


def another_subject(later: Wording, earlier: Wording, whole: bool = True) -> bool:
    """Whether the later sentence drops names of the earlier one and brings its own: it speaks of someone or somewhere else."""
    mine = later.names if whole else later.names | later.speakers
    theirs = earlier.names if whole else earlier.names | earlier.speakers
    return bool(theirs - mine and mine - theirs)


def same_event(claim: QuantityClaim, candidate: QuantityClaim, words: SentenceWords) -> bool:
    """Two figures said of the same event, period and subject, with the same figure or a similar clause (categories aside)."""
    later, earlier = claim.quantity, candidate.quantity
    if another_subject(words.of(claim.article, claim.sentence), words.of(candidate.article, candidate.sentence)):
        return False  # "61 killed in the West Bank" is not the hospital's toll
    if later.modifier or earlier.modifier:
        return False  # "a ten-storey building" measures, it counts nothing that could be retold
    for mine, theirs in ((later.predicate, earlier.predicate), (later.period, earlier.period)):
        if mine and theirs and mine != theirs:
            return False  # killed is not wounded, and 2018 is not this week
    return nominal(later) == nominal(earlier) or claim.context(candidate) >= CONTEXT_MATCH


# a month and day at least this many days before an article's day dates an earlier event than the article's news
EARLIER_DAYS = 3
RELATIVE_PAST = re.compile(r"^(?:last|previous|past|prior)\b|\b(?:ago|earlier|before)$")


def earlier_event(quantity: Quantity, published: str | None) -> bool:
    """Whether a figure's own clause dates it before the news of the day its article was `published`: "last week", a
    year before, or a month and day EARLIER_DAYS or more before (the October 7 toll in a report of October 17)."""
    period = quantity.period
    if not period:
        return False
    if RELATIVE_PAST.search(period):
        return True
    published = published or ""
    if not re.match(r"\d{4}", published):
        return False
    if period.isdigit():
        return int(period) < int(published[:4])
    day = full_date(f"{period} {published[:4]}")
    if day is None or not re.match(r"\d{4}-\d{2}-\d{2}", published):
        return False
    gap = (datetime.date.fromisoformat(published[:10]) - datetime.date.fromisoformat(day)).days
    return gap >= EARLIER_DAYS  # a date after the article's day (a new year's first days) decides nothing


def one_period(first: Article, qa: Quantity, second: Article, qb: Quantity) -> bool:
    """Whether two figures may count one period: not two different dates, and not one dated to an earlier event while
    the other is the news of its day (undated figures are the article's news). An undated page is read as of the
    other's day: both tell one story."""
    if qa.period and qb.period and qa.period != qb.period:
        return False
    day_a, day_b = first.published or second.published, second.published or first.published
    return earlier_event(qa, day_a) == earlier_event(qb, day_b)


def story_places(articles: Mapping[str, Article]) -> frozenset[str]:
    """The facilities a story's event happened at: those named in the first line of at least half of its articles."""
    counts: dict[str, int] = {}
    for article in articles.values():
        lede = article.sentences[0].span.text if article.sentences else ""
        for word in facilities_in(f"{article.title or ''} {lede}"):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if 2 * n >= len(articles))


def other_places(first: Wording, second: Wording) -> bool:
    """Whether two sentences each name a facility and none the same: the school's toll is not the hospital's (a
    "school-turned-shelter" names a school)."""
    mine, theirs = _facilities(first), _facilities(second)
    return bool(mine and theirs and not mine & theirs)


def _elsewhere(wording: Wording, places: frozenset[str]) -> bool:
    """Whether a sentence names facilities, none of them the story's own place: another event's sentence."""
    named = _facilities(wording)
    return bool(places and named and not named & places)


def _facilities(wording: Wording) -> frozenset[str]:
    return facilities_in(" ".join(wording.words))


def same_fact(first: Article, qa: Quantity, second: Article, qb: Quantity, words: SentenceWords) -> bool:
    """Whether two rival counts are said of one event: an event's toll (killed, injured, missing...) whose sentences
    name no different subjects, or any other count in a sentence one article retells from the other.

    "Earned 9 delegates" and "earned the other two delegates" share a predicate but not a subject the words can show,
    so a figure outside the known event families must come with its own clause retold."""
    if another_subject(words.of(first.id, sentence_of(first, qa.span)), words.of(second.id, sentence_of(second, qb.span))):
        return False  # "61 killed in the West Bank" beside the hospital's toll, another candidate's delegates
    if not one_period(first, qa, second, qb):
        return False  # the October 7 toll beside the hospital's, a figure "last week" beside today's
    if other_places(words.of(first.id, sentence_of(first, qa.span)), words.of(second.id, sentence_of(second, qb.span))):
        return False
    if any(_elsewhere(words.of(a.id, sentence_of(a, q.span)), words.places) for a, q in ((first, qa), (second, qb))):
        return False  # "six people killed in a strike on a school" in a story of a hospital blast
    if qa.predicate in FAMILY_NAMES:
        return bool(event_words(first, qa, words) & event_words(second, qb, words))
    words_a, words_b = clause_words(first, qa), clause_words(second, qb)
    shared = words_a & words_b
    return bool(shared) and len(shared) >= RETOLD_CLAUSE * max(len(words_a), len(words_b))


# words of a toll itself: every sentence giving a death or injury count has them, whichever event it counts
TOLL_WORDS = key_words("killed kill killing die died dead death deaths toll injured injury injuries wounded wound hurt "
                       "missing people person number figure least more than total")


# what reports of one violent incident call it, each their own way ("the blast", "the air strike", "the attack")
INCIDENT_WORDS = key_words("blast explosion strike airstrike attack bombing bomb raid shelling")
INCIDENT = "incident"


def event_words(article: Article, quantity: Quantity, words: SentenceWords) -> frozenset[str]:
    """The words of a figure's sentence that say what happened (the blast, the hospital): its content words less its
    figures, names, speakers and the toll's own words. Two tolls of one event share one ("the toll of the hospital
    blast"); the toll of October 7 and of a school strike next door do not. Words for one violent incident (a blast,
    an explosion, a strike, an attack) are one word: reports of one event name it each their own way."""
    found = words.of(article.id, sentence_of(article, quantity.span)).words - TOLL_WORDS
    return frozenset(INCIDENT if w in INCIDENT_WORDS else w for w in found)


def is_update(claim: QuantityClaim, article: Article) -> bool:
    """Whether the later text presents its figure as a change or a later update ("has since risen to 31")."""
    if claim.quantity.change:
        return True
    figure, sentence = claim.quantity.span, claim.sentence
    if UPDATE_FROM.match(article.text, figure.end, sentence.end):
        return True
    # the figure's own clause: from the nearest clause break or other figure before it to the nearest one after it
    others = [q.span for q in article.quantities if q.span.end <= figure.start or q.span.start >= figure.end]
    start = max([sentence.start] + [s.end for s in others if s.end <= figure.start]
                + [m.end() for m in CLAUSE_BREAK.finditer(article.text, sentence.start, figure.start)])
    breaks = CLAUSE_BREAK.search(article.text, figure.end, sentence.end)
    end = min([sentence.end] + [s.start for s in others if s.start >= figure.end] + ([breaks.start()] if breaks else []))
    return UPDATE_CUES.search(article.text, start, max(start, end)) is not None


@dataclass(frozen=True)
class Wording:
    """A sentence read for comparison: its content words and, apart, the names in it and its speakers' words."""

    words: frozenset[str]
    names: frozenset[str]
    speakers: frozenset[str]
    tokens: tuple[str, ...]  # every word in order, figures and names included: how closely one copies the other


@dataclass
class SentenceWords:
    """The wording of the sentences of a story's articles, read once per trace.

    Two sentences counting the same thing share its noun by definition, and a retelling may credit another speaker
    (that is attribution drift, not another sentence), so figures' and speakers' words are left out."""

    articles: Mapping[str, Article]
    _read: dict[tuple[str, int, int], Wording] = field(default_factory=dict)
    _places: frozenset[str] | None = None

    @property
    def places(self) -> frozenset[str]:
        """The facilities the story's event happened at (see story_places), read once."""
        if self._places is None:
            self._places = story_places(self.articles)
        return self._places

    def of(self, article_id: str, sentence: Span) -> Wording:
        key = (article_id, sentence.start, sentence.end)
        if key not in self._read:
            self._read[key] = _wording(self.articles[article_id], sentence)
        return self._read[key]


def _wording(article: Article, sentence: Span) -> Wording:
    text = article.text
    figures = [q.span for q in article.quantities]
    speakers = [a.speaker.span for a in article.attributions if a.speaker is not None and a.speaker.span is not None]
    words: set[str] = set()
    names: set[str] = set()
    spoken: set[str] = set()
    for index, match in enumerate(WORD.finditer(text, sentence.start, sentence.end)):
        if any(span.start <= match.start() < span.end for span in figures):
            continue
        token = match.group()
        if any(span.start <= match.start() < span.end for span in speakers):
            spoken.add(token.lower())
            continue
        if token[0].isupper() and index > 0 and token.lower() not in NOT_NAMES:
            names.add(token.lower())  # a capital not at the sentence's start marks a name
        else:
            words |= key_words(token)
    return Wording(frozenset(words), frozenset(names), frozenset(spoken), words_of(sentence.text))
