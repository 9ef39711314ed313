"""Numbers that are not quantities: dates, years, times, phone numbers, model names (AK-47, Boeing 737), section numbers."""
from __future__ import annotations

import re

from retold.dates import MONTH as _MONTH

# spans whose numbers are never quantities
NOT_QUANTITY = re.compile(
    "|".join(
        [
            # first: a timestamp holds a date and a time that the patterns below would each take a part of
            r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?",  # 2017-11-14T14:13:51
            # Nov. 13, 2017 and the span of days "September 25–27"
            rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?",
            rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s*[-–]\s*)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b\.?(?:,?\s+\d{{4}}\b)?",  # 13 November 2017
            rf"\b{_MONTH}\.?,?\s+\d{{4}}\b",  # November 2017
            r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b",  # 13/11/2017, 2017-11-13
            r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?",  # 10:30 pm
            r"(?<![\d.])\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.m\.|(?<![\d.])\b\d{1,2}(?:[.:]\d{2})?\s*[ap]m\b",  # 2 pm, 2.17pm, not 2.1 pm
            r"\b\d{1,2}\s+o['’]clock\b",
            r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b",  # phone numbers
            r"\+\d{1,3}[\s.-]\d{2,}[\d\s.-]{6,}\d",
            r"\b(?:1[5-9]|20)\d{2}\s*[-–/]\s*(?:(?:1[5-9]|20)\d{2}|\d{2})\b",  # 2013-14, 2008–2009
            r"\b(?:1[0-9]|20)\d0s\b|['’]\d0s\b",  # the 1960s, the '90s
            r"\b\d{1,4}\s*(?:BC|BCE|AD|CE)\b|\b(?:AD|CE)\s*\d{1,4}\b",
            r"(?:No\.|#|§)\s*\d+",
            r"\[\d+(?:\s*[,–-]\s*\d+)*\]",  # citations: [39], [9,12], [3-5]
            r"\(\d{1,3}\)",  # enumerations and citations: (2), (27)
            r"\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})+\)",  # citation lists: (26,29,49), (4,35–38,44), (14–17)
            r"\b[FtTχ]\s*\(\d+(?:\.\d+)?(?:,\s*\d+(?:\.\d+)?)?\)",  # a statistic's degrees of freedom: F(3, 8.9), t(24)
            r"(?m:^[ \t]*\d{1,2}[.)](?=[ \t]+[^\W\d_]))",  # a numbered list item: "1. Great article", "2) I disagree"
            r"(?<=[.!?:;] )\d{1,2}[.)](?=\s+[A-Z\"“])",  # the same run into one line: "Comments: 1. Agreed. 2. No"
            r"(?<![\w.=<>≤≥±~∼−-])\d{1,2}\s?=(?!=)",  # a code on a scale: "0 = never, 1 = 1–2 days"
            r"\b24\s*/\s*7\b|\b24-7\b",  # round the clock
            r"\b\d+['’]?s\b",  # a plural of a number is a name or a decade: 747s, AK-47s, the 20s
            r"\b\d+\s*[-–]\s*to\s*[-–]\s*\d+\b",  # a tally: 230-to-197
        ]
    )
)
# a word right before a number that makes it a name or a label ("Section 3", "Flight 370")
NAMING_WORDS = frozenset(
    """no number section sections article articles chapter chapters page pages p pp flight route highway interstate
    room level phase grade class version episode season vol volume figure fig table equation eq step stage type
    model series line platform gate terminal district ward precinct block lot suite channel track verse psalm
    act scene rule amendment resolution bill code category tier item appendix annex box exhibit option question
    part paragraph clause rank ranked ranking zone sector wave round day week game match heat lane bus apollo
    windows iphone galaxy pixel boeing airbus covid ps xbox gemini voyager soyuz interstate mp uss hms
    figs figures tables listing ref refs phases lines fraction fractions sample samples column columns row rows
    panel panels lane lanes eq eqs equations scheme steps stages experiment experiments trial clone strain
    layer month year""".split()
)
# a label followed by a list of numbers: "Figs. 14 and 15", "phases 3, 5, and 7"
LABELLED_LIST = re.compile(
    rf"\b(?i:{'|'.join(sorted(NAMING_WORDS, key=len, reverse=True))})\.?\s+(?:\d+[a-zA-Z]?\s*(?:,\s*(?:and|or)|,|and|or|&|–|-|to)\s*)+$"
)
PREVIOUS_WORD = re.compile(r"([^\W\d_][\w.]*)\s*$")
YEAR = re.compile(r"(?:1[0-9]|20)\d{2}")
# entity labels under which a number is a name, not an amount
NAME_LABELS = frozenset({"PRODUCT", "ORG", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PERSON", "GPE", "LOC", "NORP"})


# how far a date, time or phone number may reach on either side of one of its numbers
_REACH = 24


def is_excluded(text: str, start: int, end: int) -> bool:
    """True when the number at [start, end) lies in a date, time, phone number, decade or section label."""
    # searching a window around each number is far cheaper than running the alternation over the whole text
    window_start = max(0, start - _REACH)
    for match in NOT_QUANTITY.finditer(text, window_start, min(len(text), end + _REACH)):
        if match.start() < end and start < match.end():
            return True
    return False


def previous_word(text: str, start: int) -> str:
    """The word right before `start` (lower-cased, trailing dot dropped), or ''."""
    match = PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return match.group(1).lower().rstrip(".") if match else ""


def in_labelled_list(text: str, start: int) -> bool:
    """True when the number continues a list of labels ("Figs. 14 and 15")."""
    return bool(LABELLED_LIST.search(text, max(0, start - 60), start))


def is_year(surface: str) -> bool:
    """A bare four-digit number between 1000 and 2099."""
    return bool(YEAR.fullmatch(surface))


# a quotation that names a slogan or a label and modifies the noun after it: the "one country, two systems" model
_QUOTED_MODIFIER = re.compile(
    r"\b(?:the|a|an|its|their|his|her|this|that|our|whose)\s+[\"“]([^\"“”.!?]{1,60})[\"”]\s+(?=[a-z])", re.IGNORECASE
)
# a slogan of two parallel figures, named as a principle or a policy: "the principle of one country, two systems",
# "a one man, one vote rule"
_SLOGAN_BODY = r"[Oo]ne\s+[a-z]+,\s+(?:one|two|three)\s+[a-z]+"
_SLOGAN = re.compile(
    rf"\b(?:principle|policy|slogan|formula|doctrine|motto|mantra|concept)\s+of\s+[\"“]?{_SLOGAN_BODY}"
    rf"|{_SLOGAN_BODY}(?=[\"”]?\s+(?:principle|policy|slogan|formula|doctrine|model|framework|approach|arrangement|rule)\b)"
)
# a number inside a title-case name: "the Lost 52 Project" (a capital on each side, neither a plural nor a day)
_TITLE_CHAIN = re.compile(r"(?<![.!?:;]\s)(?<!^)\b([A-Z][a-z]+)\s+(\d+)\s+(?=[A-Z][a-z]+\b(?<!s\b)(?<!People)(?<!Children)(?<!Men))", re.MULTILINE)
_NOT_NAME_WORDS = frozenset(
    """The A An In On At Of For To And Or But By From With As Since After Before Until Between During Than
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December""".split()
)
# words of money: a "pounds" figure among them is sterling, not weight ("a 24 million pounds operating loss")
MONEY_WORDS = re.compile(
    r"\b(?:pa(?:y|id|ys|ying)|price[sd]?|cost(?:s|ing)?|sale|sold|sell(?:s|ing)?|bought|buy(?:s|ing)?|loss(?:es)?|"
    r"profits?|turnover|revenues?|worth|valued?|funds?|funding|budgets?|fine[sd]?|spen[dt]|spending|invest(?:ed|ment|ing)?|"
    r"deal|debts?|tax(?:es)?|salar(?:y|ies)|wages?|fees?|compensation|donat(?:ed|ion|ions)|grants?|contracts?|"
    r"earn(?:s|ed|ings)?|rais(?:e|ed|ing) (?:money|funds)|bills?|penalt(?:y|ies)|euros?|dollars?|sterling|£|€|\$)",
    re.IGNORECASE,
)


def in_quoted_modifier(text: str, floor: int, start: int, end: int) -> bool:
    """True when the number stands in a short quotation that a determiner and a noun frame as a label or slogan."""
    for match in _QUOTED_MODIFIER.finditer(text, max(floor, start - 80), min(len(text), end + 80)):
        if match.start(1) <= start and end <= match.end(1):
            return True
    return False


def in_slogan(text: str, start: int, end: int) -> bool:
    """True when the number is one of a slogan's parallel figures ("one country, two systems" as a principle)."""
    return any(match.start() <= start and end <= match.end()
               for match in _SLOGAN.finditer(text, max(0, start - 60), min(len(text), end + 60)))


def title_chain_names(text: str) -> frozenset[tuple[str, str]]:
    """(word before, number) of every number inside a title-case name in the text: ("lost", "52") for "the Lost 52
    Project", so the same words name the same thing wherever else they appear ("Lost 52 sailed")."""
    return frozenset((match.group(1).lower(), match.group(2)) for match in _TITLE_CHAIN.finditer(text)
                     if match.group(1) not in _NOT_NAME_WORDS)
