"""Datelines ("GAZA CITY, Oct 17 (Reuters) -") and page headers ("News ID: 12345 Publish Date: ..."): page furniture
that says where and when a story was filed, never who said what or how many."""
from __future__ import annotations

import re
from dataclasses import dataclass

from retold.dates import DATE, full_date

Range = tuple[int, int]

# --- page headers: "Published: Tue 17 Oct 2023, 10:54 PM", "News ID: 12345", "date 2023-10-17", a line that is a date
_TIME = r"(?:,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+[A-Z]{2,4}\b)?)"
_DATED_LABEL = (r"(?i:publish(?:ed)?(?:[ \t]+(?:date|on|at))?|publication[ \t]+date|(?:last[ \t]+)?updated(?:[ \t]+(?:on|at))?"
                r"|posted(?:[ \t]+(?:on|at))?|date)")
_ID_ITEM = r"(?i:(?:news|article|story|post)[ \t]+id)[ \t]*:[ \t]*[\w-]+"
_DATED_ITEM = rf"{_DATED_LABEL}[ \t]*:?[ \t]*{DATE}{_TIME}?"
_BYLINE = r"By[ \t]+[A-Z][\w.'’-]*(?:[ \t]+(?:and[ \t]+)?[A-Z][\w.'’-]*){0,4}[ \t]*[|·,]?[ \t]*"
# a header begins a line; later items may follow on the same line ("News ID: 1 Publish Date: ...")
HEADER = re.compile(rf"(?:{_BYLINE})?(?:{_ID_ITEM}|{_DATED_ITEM})(?:[ \t|·,]*(?:{_ID_ITEM}|{_DATED_ITEM}))*")
DATE_LINE = re.compile(rf"{DATE}{_TIME}?(?=[^\S\n]*(?:\n|$))")
_DATE = re.compile(DATE)

# --- datelines: an all-capitals place, maybe a region, a date and a wire credit, then a dash, then the story
_PLACE_WORD = r"[A-Z][A-Z.'’-]*[A-Z.]"  # GAZA, ST., U.S., AL-ARISH
_REGION = r"[A-Z][A-Za-z.'’-]*(?:[ \t][A-Z][A-Za-z.'’-]*){0,2}"  # N.J., Calif., Palestinian Territories
DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:[ \t]{_PLACE_WORD}){{0,3}})"
    rf"(?:,[ \t]+(?P<region>{_REGION}))?"
    rf"(?:,[ \t]+(?P<date>{DATE}))?"
    rf"(?:,?[ \t]*\((?P<wire>[A-Z][A-Za-z.&'’ -]{{0,30}}[A-Za-z.])\))?"
    r"(?:[ \t]*[—–―]|[ \t]+--?(?=[ \t]))(?=[ \t]*\S)"  # a hyphen only between spaces: NEW-YORK is a word
)
# words of a shouted headline or label ("PANTS ON FIRE -", "BREAKING -"), never of a place name
NOT_PLACE_WORDS = frozenset(
    "A AN AND ARE AS AT BE BY FOR FROM HAS HAVE HE I IN IS IT NO NOT ON OR OVER SHE THEY TO WAS WE WERE WILL WITH "
    "BREAKING UPDATE UPDATED LIVE EXCLUSIVE WATCH VIDEO OPINION ANALYSIS EDITORIAL CORRECTION NOTE READ MORE".split()
)
BARE_DATELINE_LINES = 6  # a dateline with neither date nor wire counts only among a text's first lines


@dataclass(frozen=True)
class Dateline:
    """One dateline: its whole range (dash included) and the ranges of its place, date and wire credit."""

    start: int
    end: int
    place: Range
    date: Range | None = None
    wire: Range | None = None


def find_page_headers(text: str) -> list[Range]:
    """Header lines of a page: dated labels ("Published 3 March 2026"), ids ("News ID: 12345"), a line that is a date."""
    found = []
    for start in _line_starts(text):
        match = HEADER.match(text, start) or DATE_LINE.match(text, start)
        if match and match.end() > start:
            found.append((start, match.end()))
    return found


def find_datelines(text: str) -> list[Dateline]:
    """Datelines at the start of a line (after any page header on it), in text order."""
    headers = dict(find_page_headers(text))
    found: list[Dateline] = []
    lines = 0
    for start in _line_starts(text):
        if start >= len(text) or text[start] == "\n":
            continue
        lines += 1
        start = headers.get(start, start)
        while start < len(text) and text[start] in " \t":
            start += 1
        match = DATELINE.match(text, start)
        if match is None or not _is_dateline(text, match):
            continue
        bare = match.group("date") is None and match.group("wire") is None
        if bare and (lines > BARE_DATELINE_LINES or found):
            continue  # "NONSENSE - ..." further down is a label; only a story's opening names where it was filed
        found.append(Dateline(
            match.start(), match.end(), match.span("place"),
            match.span("date") if match.group("date") else None, match.span("wire") if match.group("wire") else None,
        ))
    return found


def skipped_ranges(text: str) -> list[Range]:
    """Every range of page furniture (datelines and page headers) that no speaker or quantity may come from, sorted."""
    return sorted({*find_page_headers(text), *((d.start, d.end) for d in find_datelines(text))})


def furniture_blanked(text: str) -> str:
    """The text with its page furniture turned to spaces (same length, so every offset holds): what the parser reads.

    A header or dateline glued to the lede ("date 2023-10-17 Gaza's ministry says…") otherwise parses as part of the
    sentence and takes the subject's place; blanked, it cannot become a speaker, a counted noun or a sentence's start."""
    ranges = skipped_ranges(text)
    if not ranges:
        return text
    pieces, last = [], 0
    for start, end in ranges:
        start = max(start, last)
        pieces += [text[last:start], "".join(c if c == "\n" else " " for c in text[start:end])]
        last = max(last, end)
    pieces.append(text[last:])
    return "".join(pieces)


def published_dates(text: str, reach: int) -> list[str]:
    """Full ISO dates that page headers and datelines in the first `reach` characters give for the page."""
    head = text[:reach]
    ranges = [*find_page_headers(head), *(d.date for d in find_datelines(head) if d.date)]
    dates = (full_date(match.group(0)) for start, end in ranges for match in _DATE.finditer(head, start, end))
    return [date for date in dates if date]


def _is_dateline(text: str, match: re.Match) -> bool:
    words = re.findall(r"[A-Z]+", match.group("place"))
    if any(word in NOT_PLACE_WORDS for word in words):
        return False
    rest = text[match.end() : _line_end(text, match.end())]
    return any(c.islower() for c in rest)  # a sentence follows, not more shouting ("STORM - 300 EVACUATED")


def _line_starts(text: str) -> list[int]:
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    result = []
    for start in starts:
        while start < len(text) and text[start] in " \t\ufeff\xa0":
            start += 1
        result.append(start)
    return result


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end
