"""What event an article or a story leads with, so that two events of one kind stay apart: the date and the places an
article's lead gives, and the names a story's articles lead with.

Two primaries, two earthquakes, two court rulings share nearly every word; what tells them apart is where and when.
A report's lead says both ("On Saturday, Joe Biden won the South Carolina primary"). Two articles whose leads name
events more than a day apart in places the other lead does not name report different events, however similar their
words; a follow-up, a denial or a reaction names the original event's place or day in its lead, or gives neither.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from retold.dates import DATE, full_date
from retold.model import Article

LEAD_WORDS = 8  # the lead is the first sentence of at least this many words (a date line or a kicker is not)
SAME_EVENT_DAYS = 1  # leads a day apart may be one event told across midnight or time zones
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Two stories of one subject can be two events: a casting and a rival casting, one star's death hoax and another's, a
# title fight and a later one against another opponent. Each story then leads with a name of its own (one of its
# strongest names, held by most of its articles) that few articles of the other hold; a follow-up, a denial or a reveal
# leads with the event's own protagonist. (FNC-1 training bodies and ECB+ dev: 2 of 2-5 tried; 0.25 of 0.1-0.25.)
LEADING_NAMES = 2  # a story's leading names are among its this many strongest names (summed TF-IDF weight)
LEADING_SHARE = 0.5  # ... and held by more than this share of its articles
FOREIGN_SHARE = 0.25  # a leading name is a story's own when at most this share of the other story's articles hold it
TOLD_APART_SIZE = 3  # smaller stories are not told apart: every name of a pair is held by half its articles
# A story that leads with a name of its own is also apart from one whose protagonist sits a little lower: a story of
# one star's hoax leads with the star both stories name, while its own city or band is held by most of it and by none
# of the other. None counts strictly: a name shares a word with none of the other story's names ('Bettie' is held
# where 'Bettie Page' is). (FNC-1 training bodies and ECB+ dev: 6 of 4, 5, 6, 8 strongest names; 0 of 0 and 0.1.)
OWN_NAMES = 6
OWN_FOREIGN_SHARE = 0.0
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = {"today": 0, "tonight": 0, "yesterday": 1}
_DATE = re.compile(DATE)


@dataclass(frozen=True)
class EventAnchor:
    """The day and the places an article's lead gives for what it reports (None / empty when it gives none)."""

    day: str | None
    places: frozenset[str]

    def key(self) -> str:
        """A plain-string form that travels through Spark rows: 'YYYY-MM-DD|place;place'."""
        return f"{self.day or ''}|{';'.join(sorted(self.places))}"

    @classmethod
    def from_key(cls, key: str | None) -> EventAnchor:
        day, _, places = (key or "|").partition("|")
        return cls(day or None, frozenset(p for p in places.split(";") if p))


def event_anchor(article: Article) -> EventAnchor:
    """The day (resolved against the publication date) and the places of the article's lead sentence."""
    lead = next((s.span for s in article.sentences if len(s.span.text.split()) >= LEAD_WORDS), None)
    if lead is None:
        return EventAnchor(None, frozenset())
    places = frozenset(_place_key(e.span.text) for e in article.entities
                       if e.label in PLACE_LABELS and lead.start <= e.span.start < lead.end and _place_key(e.span.text))
    day = None
    for entity in article.entities:
        if entity.label == "DATE" and lead.start <= entity.span.start < lead.end:
            day = resolve_day(entity.span.text, article.published)
            if day:
                break
    return EventAnchor(day, places)


def resolve_day(words: str, published: str | None) -> str | None:
    """An ISO day for a date in a lead: a full date as written, a month and day in the publication's year, 'today',
    'yesterday' or a weekday as the latest such day on or before publication; None when it cannot be told."""
    match = _DATE.search(words)
    if match:
        full = full_date(match.group(0))
        if full:
            return full
        if published and len(published) >= 4:
            full = full_date(f"{match.group(0)} {published[:4]}")
            if full:
                return full
    try:
        base = datetime.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        base = None
    if base is None:
        return None
    lowered = words.lower()
    for word, back in _RELATIVE.items():
        if re.search(rf"\b{word}\b", lowered):
            return (base - datetime.timedelta(days=back)).isoformat()
    for number, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            return (base - datetime.timedelta(days=(base.weekday() - number) % 7)).isoformat()
    return None


def different_events(a: EventAnchor, b: EventAnchor) -> bool:
    """True when both leads give a day and places, the days are more than a day apart, and each lead names a place
    the other lead does not."""
    if not (a.day and b.day and a.places and b.places):
        return False
    try:
        gap = abs((datetime.date.fromisoformat(a.day) - datetime.date.fromisoformat(b.day)).days)
    except ValueError:
        return False
    return gap > SAME_EVENT_DAYS and bool(a.places - b.places) and bool(b.places - a.places) and not (a.places & b.places - _broad(a, b))


def _broad(a: EventAnchor, b: EventAnchor) -> frozenset[str]:
    """Places both leads name that are containers of the event rather than its scene: named alongside another place."""
    shared = a.places & b.places
    return frozenset(p for p in shared if len(a.places) > 1 and len(b.places) > 1)


def _place_key(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass
class NameTally:
    """How many of a story's articles hold each name ('e:' feature) and the names' summed weight."""

    size: int
    holders: dict[str, int]
    weights: dict[str, float]

    @classmethod
    def of(cls, vectors: Iterable[dict[str, float]]) -> NameTally:
        """The tally of a story's article vectors."""
        tally = cls(0, {}, {})
        for vector in vectors:
            tally.size += 1
            for key, weight in vector.items():
                if key[0] == "e":
                    tally.holders[key] = tally.holders.get(key, 0) + 1
                    tally.weights[key] = tally.weights.get(key, 0.0) + weight
        return tally

    def absorb(self, other: NameTally) -> NameTally:
        """The tally of both stories: the larger tally, updated in place (so a growing story costs its small side)."""
        large, small = (self, other) if len(self.holders) >= len(other.holders) else (other, self)
        large.size += small.size
        for key, count in small.holders.items():
            large.holders[key] = large.holders.get(key, 0) + count
            large.weights[key] = large.weights.get(key, 0.0) + small.weights[key]
        return large

    def leading(self, count: int = LEADING_NAMES) -> list[str]:
        """The story's strongest `count` names that most of its articles hold."""
        strongest = sorted(self.weights, key=lambda key: (-self.weights[key], key))[:count]
        return [key for key in strongest if self.holders[key] > LEADING_SHARE * self.size]

    def owns(self, other: NameTally) -> bool:
        """True when one of this story's leading names is held by few of the other story's articles."""
        return any(other.holders.get(key, 0) <= FOREIGN_SHARE * other.size for key in self.leading())

    def holders_alike(self, key: str) -> int:
        """The most articles of this story holding one name that shares a word with `key` (the name in part)."""
        words = set(key[2:].split())
        return max((count for name, count in self.holders.items() if words & set(name[2:].split())), default=0)

    def owns_alike(self, other: NameTally, count: int, foreign: float) -> bool:
        """True when one of this story's `count` strongest names held by most of it is held, in part, by at most a
        `foreign` share of the other story's articles."""
        return any(other.holders_alike(key) <= foreign * other.size for key in self.leading(count))


def different_subjects(a: NameTally, b: NameTally) -> bool:
    """True when two stories of at least TOLD_APART_SIZE articles each lead with a name the other mostly lacks, or one
    does and the other holds a name of its own (OWN_NAMES) that no article of the first holds even in part."""
    if a.size < TOLD_APART_SIZE or b.size < TOLD_APART_SIZE:
        return False
    if a.owns(b) and b.owns(a):
        return True
    return any(lead.owns_alike(other, LEADING_NAMES, FOREIGN_SHARE) and other.owns_alike(lead, OWN_NAMES, OWN_FOREIGN_SHARE)
               for lead, other in ((a, b), (b, a)))
