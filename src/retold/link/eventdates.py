"""When it happened: the day each article of a story gives for the story's event ("an air strike on Tuesday", "the
explosion at the hospital on October 17, 2023"), and an article that gives another day than the rest."""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from retold.analyze.places import facilities_in
from retold.dates import DATE, full_date
from retold.link.alignment import sentence_member
from retold.link.model import ClaimMember, CrossConflict
from retold.model import Article, Sentence, Span
from retold.wording import SENTENCE_LIMIT, excerpt

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# a day as news prose gives it: a calendar date (its weekday optional), or a weekday alone
DAY = rf"(?:{DATE}|{WEEKDAY})"
# what happens to a place: the event a day is given for
EVENT = (r"(?:explosion|blast|strike|air[ -]?strike|air\s+raid|raid|attack|bombing|shelling|shooting|crash|collapse|"
         r"fire|earthquake|killed|attacked|hit|struck|exploded|bombed|destroyed)")
# "an air strike on Tuesday", "was killed in an air raid on Monday, October 16"; no speech verb between ("the blast
# killed 40, officials said on Wednesday" dates the saying, not the blast)
ON_DAY = re.compile(rf"\b{EVENT}\b(?P<between>[^.;:!?]{{0,80}}?)\bon\s+(?P<day>{DAY})", re.I)
SAYING = re.compile(r"\b(?:said|says|say|told|tells|reported|reports|announced|added|stated|confirmed|according|"
                    r"claimed|denied|released|published)\b", re.I)


@dataclass(frozen=True)
class EventDay:
    """One article's day for the story's event: an ISO date when the text or its publication date fixes it."""

    article: str
    sentence: Sentence
    span: Span
    iso: str | None
    weekday: int | None  # 0 for Monday

    @property
    def explicit(self) -> int:
        """How fully the text writes the day: a year (2), a month and day (1), a weekday alone (0)."""
        text = self.span.text
        return 2 if re.search(r"\b\d{4}\b", text) else 1 if re.search(r"\d", text) else 0

    def agrees(self, other: EventDay) -> bool:
        """Whether two days may be one: the same date, or the same weekday where one has no date."""
        if self.iso and other.iso:
            return self.iso == other.iso
        return self.weekday is None or other.weekday is None or self.weekday == other.weekday


def event_days(article: Article, places: frozenset[str]) -> list[EventDay]:
    """The days an article gives for the event at the story's place: in sentences naming it, with no other place
    between the event and its day."""
    found = []
    for sentence in article.sentences:
        text = sentence.span.text
        if not facilities_in(text) & places:
            continue
        for match in ON_DAY.finditer(text):
            # "the blast killed 40, officials said on Thursday", "a strike on a school near the clinic on Monday"
            if SAYING.search(match.group("between")) or facilities_in(match.group("between")) - places:
                continue
            start = sentence.span.start + match.start("day")
            span = article.span(start, sentence.span.start + match.end("day"))
            iso, weekday = _day(match.group("day"), article.published)
            if iso or weekday is not None:
                found.append(EventDay(article.id, sentence, span, iso, weekday))
    return found


def _day(words: str, published: str | None) -> tuple[str | None, int | None]:
    """The ISO date and weekday a day's words name, its year or week read from the publication date."""
    named = re.search(WEEKDAY, words, re.I)
    weekday = WEEKDAYS.index(named.group().lower()) if named else None
    day = full_date(words)
    issued = _date(published)
    if day is None and re.search(r"\d", words) and issued is not None:
        day = full_date(f"{words.rstrip(' ,.')} {issued.year}")
        read = _date(day)
        if read is not None and read > issued:  # a December day in a January report is last year's
            day = full_date(f"{words.rstrip(' ,.')} {issued.year - 1}")
    if day is None and weekday is not None and issued is not None:
        back = (issued.weekday() - weekday) % 7  # the latest such weekday on or before the report
        day = (issued - datetime.timedelta(days=back)).isoformat()
    read = _date(day)
    if read is not None and weekday is not None and read.weekday() != weekday:
        return None, weekday  # "Monday, October 17" in a year where it is a Tuesday: only the words are sure
    return day, weekday if weekday is not None else (read.weekday() if read is not None else None)


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def story_days(articles: Mapping[str, Article], places: frozenset[str]) -> list[list[EventDay]]:
    """The days articles give for the event, grouped by agreement, the day most articles give first; within a group
    in publication order. An article that gives two days itself is left out (it may tell of two events)."""
    groups: list[list[EventDay]] = []
    for aid in sorted(articles, key=lambda i: (articles[i].published or "9999", i)):
        mine = event_days(articles[aid], places)
        if not mine or not all(a.agrees(b) for a in mine for b in mine):
            continue
        group = next((g for g in groups if all(d.agrees(e) for d in mine for e in g)), None)
        if group is None:
            groups.append(list(mine))
        else:
            group.extend(mine)
    return sorted(groups, key=lambda g: -len({d.article for d in g}))


def date_conflicts(story: str, articles: Mapping[str, Article], places: frozenset[str]) -> list[CrossConflict]:
    """Each day that articles give for the event against the day most articles give, once per day: its most
    explicit mention against theirs."""
    groups = story_days(articles, places)
    if len(groups) < 2:
        return []
    most = groups[0]
    usual = max(most, key=lambda d: d.explicit)
    count = len({d.article for d in most})
    conflicts = []
    for other in groups[1:]:
        odd = max(other, key=lambda d: d.explicit)
        explanation = (f"one article dates the event “{odd.span.text}”{_as(odd)} (“{excerpt(odd.sentence.span.text, SENTENCE_LIMIT)}”); "
                       f"{count} other article{'s' if count != 1 else ''} date it “{usual.span.text}”{_as(usual)} "
                       f"(“{excerpt(usual.sentence.span.text, SENTENCE_LIMIT)}”)")
        conflicts.append(CrossConflict("", story, "date", _member(usual), _member(odd), explanation))
    return conflicts


def changed_days(articles: Mapping[str, Article], places: frozenset[str]) -> list[tuple[EventDay, EventDay, str]]:
    """Each mention of a day that most articles do not give, with the story's first report of the usual day (on or
    before its own day) and an explanation: the date changed on the way (NUMBER_CHANGED)."""
    groups = story_days(articles, places)
    if len(groups) < 2 or len({d.article for d in groups[0]}) < 2:
        return []  # with no day most articles agree on, no day is the changed one
    changed = []
    for other in groups[1:]:
        for odd in other:
            day = articles[odd.article].published or "9999"
            first = next((d for d in groups[0] if (articles[d.article].published or "9999")[:10] <= day[:10]), None)
            if first is not None:
                changed.append((odd, first, f"gives the event's day as “{odd.span.text}”{_as(odd)} where the story's first report "
                                            f"gives “{first.span.text}”{_as(first)}"))
    return changed


def _as(day: EventDay) -> str:
    """The date a day's words were read as, where the words alone do not say it."""
    return f" (read as {day.iso})" if day.iso and day.explicit < 2 else ""


def _member(day: EventDay) -> ClaimMember:
    return sentence_member(day.article, day.sentence, "")
