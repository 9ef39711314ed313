"""Vague quantifiers ("a few dozen", "hundreds", "some"), proportions ("all of", "half") and vague durations ("months")."""
from __future__ import annotations

import math
import re

from retold.analyze.quantities.units import VAGUE_DURATIONS
from retold.model import QuantityKind

BASES = {"ten": 10, "dozen": 12, "score": 20, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# "a few dozen" = 2-5 dozen (the seed convention: 24-60); the others follow the same reading of the quantifier
FACTORS = {"a few": (2, 5), "few": (2, 5), "a couple of": (2, 3), "a couple": (2, 3), "several": (3, 9), "a handful of": (2, 5)}

_QUANTIFIER = r"a\s+few|a\s+couple(?:\s+of)?|several|many|a\s+handful\s+of"
_BASE = r"tens|dozens|scores|hundreds|thousands|millions|billions|trillions|dozen|hundred|thousand|million|billion|trillion"
VAGUE_MULTIPLE = re.compile(
    rf"(?<![\w-])(?:(?P<quantifier>{_QUANTIFIER})\s+)?(?P<base>{_BASE})"
    rf"(?:\s+(?:of|upon)\s+(?P<outer>thousands|millions|billions|dozens|hundreds))?(?![\w-])",
    re.IGNORECASE,
)
# determiner-like quantifiers that count the plural noun after them ("some French brothers")
VAGUE_DETERMINER = re.compile(
    # "how many" asks for a number, it gives none
    r"(?<![\w-])(?<!\bhow\s)(?P<quantifier>a\s+few|a\s+couple\s+of|a\s+couple|several|a\s+handful\s+of|some|many|numerous|"
    r"multiple|countless|a\s+number\s+of|a\s+host\s+of)(?=\s+[^\W\d_])(?!\s+of\b)",
    re.IGNORECASE,
)
DETERMINER_VALUES: dict[str, tuple[float, float | None]] = {
    "a few": (2, 5), "a couple of": (2, 3), "a couple": (2, 3), "several": (3, 9), "a handful of": (2, 5),
    "some": (2, None), "many": (2, None), "numerous": (2, None), "multiple": (2, None), "countless": (2, None),
    "a number of": (2, None), "a host of": (2, None),
}

# proportions: (low, high, low_inclusive, high_inclusive)
PROPORTIONS: dict[str, tuple[float, float, bool, bool]] = {
    "all": (1.0, 1.0, True, True), "none": (0.0, 0.0, True, True), "half": (0.5, 0.5, True, True),
    "most": (0.5, 1.0, False, True), "the majority": (0.5, 1.0, False, True), "a majority": (0.5, 1.0, False, True),
    "the bulk": (0.5, 1.0, False, True), "a minority": (0.0, 0.5, False, False),
    "a third": (1 / 3, 1 / 3, True, True), "a quarter": (0.25, 0.25, True, True), "a fifth": (0.2, 0.2, True, True),
    "a tenth": (0.1, 0.1, True, True), "a half": (0.5, 0.5, True, True),
}
# proportion words that name a figure ("half", "a third"), as against "all"/"most"/"the majority"
FRACTIONS = frozenset({"half", "a half", "a third", "a quarter", "a fifth", "a tenth"})
PROPORTION = re.compile(
    r"(?<![\w-])(?P<word>all|none|half|most|the\s+majority|a\s+majority|the\s+bulk|a\s+minority|a\s+third|"
    r"a\s+quarter|a\s+fifth|a\s+tenth|a\s+half)(?P<of>\s+of)?(?=\s+[^\W\d_])",
    re.IGNORECASE,
)
# words before "all"/"most" that make them no quantity: "at all", "after all", "most important"
NOT_PROPORTION_BEFORE = re.compile(r"(?:\b(?:at|after|above|of|first|once|for|the|a)\s+)$", re.IGNORECASE)

DURATION = re.compile(rf"(?<![\w-])(?P<word>{'|'.join(VAGUE_DURATIONS)})(?![\w-])", re.IGNORECASE)
# a bare plural duration is a vague amount after these words ("after months of", "for years")
DURATION_BEFORE = re.compile(r"(?:^|[.!?;:,\"“]\s*|\b(?:after|for|within|over|in|took|lasted|spent|taking|following|lasting)\s+)$", re.IGNORECASE)
DURATION_AFTER = re.compile(r"\s+(?:of|ago|later|earlier|before|after|on\s+end)\b|\s*[,.;:]", re.IGNORECASE)


def _normalise(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower())


def multiple_interval(match: re.Match) -> tuple[float, float, QuantityKind] | None:
    """The interval of a vague multiple ("a few dozen" -> 24-60, "tens of thousands" -> 20000-99999) and its kind."""
    quantifier = _normalise(match.group("quantifier") or "")
    base_word = match.group("base").lower()
    plural = base_word.endswith("s")
    base = BASES[base_word.rstrip("s")]
    outer = match.group("outer")
    if outer:
        base *= BASES[outer.lower().rstrip("s")]
    low: float
    high: float
    if quantifier in FACTORS:
        low, high = FACTORS[quantifier]
        return low * base, high * base, "vague"
    if not plural:
        return None  # "a hundred", "dozen" alone: the number parser reads those
    if base_word in ("scores", "tens") and not match.group("outer") and not re.match(r"\s+of\b", match.string[match.end() :match.end() + 4]):
        return None  # "risk scores": the noun, not the multiple
    if quantifier not in ("", "many"):
        return None
    # plural multiples: from two of them up to just below the next power of ten (dozens 24-99, hundreds 200-999)
    low = 2 * base
    high = 10 ** math.ceil(math.log10(low + 1)) - 1
    return low, high, "vague"


def determiner_interval(match: re.Match) -> tuple[float, float | None]:
    """The interval of a determiner-like quantifier ("some" + plural noun: 2 or more)."""
    return DETERMINER_VALUES[_normalise(match.group("quantifier"))]


def proportion_interval(match: re.Match) -> tuple[float, float, bool, bool]:
    """The interval (as a fraction of the whole) of a proportion word."""
    return PROPORTIONS[_normalise(match.group("word"))]


def is_vague_duration(text: str, match: re.Match, floor: int) -> bool:
    """True when a bare plural duration noun is itself an amount ("after months of fighting")."""
    before = text[max(floor, match.start() - 30) : match.start()]
    if match.start() == floor:
        before = ""
    if before and not DURATION_BEFORE.search(before):
        return False
    return bool(DURATION_AFTER.match(text, match.end())) or match.end() == len(text)
