"""Hedges before a number ("perhaps as high as", "over", "only") and after it ("or more"), and what they do to the interval."""
from __future__ import annotations

import re

from retold.model import HedgeType

# phrase -> (hedge type, bound it sets: "high" / "low" / None, inclusive)
BEFORE: dict[str, tuple[HedgeType, str | None, bool]] = {}


def _add(phrases: str, hedge_type: HedgeType, bound: str | None, inclusive: bool) -> None:
    for phrase in phrases.split("|"):
        BEFORE[phrase] = (hedge_type, bound, inclusive)


_add("about|around|roughly|approximately|approx.|approx|some|circa|ca.|c.|~|≈|∼|an approximate|or so|"
     "somewhere around|in the region of|in the order of|on the order of|give or take", "approximator", None, True)
# "nearly 50": short of 50, so the interval is below it (documented in the package docstring)
_add("nearly|almost|close to|just under|just short of|not quite|shy of", "approximator", "high", False)
_add("just over|just above|a little over|a little more than|slightly more than|slightly over", "approximator", "low", False)
_add("up to|as high as|as many as|as much as|at most|no more than|not more than|a maximum of|maximum of|"
     "≤|<=|at the most|max.|a high of", "upper_bound", "high", True)
_add("under|less than|fewer than|below|lower than|<|not even|short of|within", "upper_bound", "high", False)
_add("over|more than|above|upwards of|in excess of|exceeding|greater than|higher than|>|beyond|"
     "better than", "lower_bound", "low", False)
_add("at least|no fewer than|no less than|not less than|a minimum of|minimum of|≥|>=|at a minimum", "lower_bound", "low", True)
_add("perhaps|possibly|maybe|probably|likely|reportedly|allegedly|an estimated|estimated|potentially|"
     "apparently|supposedly|may be|might be|could be|may have been|might have been|could have been|"
     "may reach|could reach|may top|could top|may exceed|could exceed|believed to be|thought to be|"
     "said to be|expected to be|feared|an expected|a projected|projected", "epistemic", None, True)
_add("only|just|a mere|mere|merely|barely|a meagre|a meager|a paltry|only about|a modest|scarcely|hardly", "minimiser", None, True)

# phrases after the number: "100 or more", "50-plus", "100+"
AFTER: dict[str, tuple[HedgeType, str | None, bool]] = {
    "or more": ("lower_bound", "low", True), "and more": ("lower_bound", "low", True),
    "or higher": ("lower_bound", "low", True), "or over": ("lower_bound", "low", True),
    "plus": ("lower_bound", "low", True), "+": ("lower_bound", "low", True),
    "or fewer": ("upper_bound", "high", True), "or less": ("upper_bound", "high", True),
    "or so": ("approximator", None, True), "or thereabouts": ("approximator", None, True),
    "at most": ("upper_bound", "high", True), "at least": ("lower_bound", "low", True),
}


def _alternation(phrases) -> str:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = re.escape(phrase).replace(r"\ ", r"\s+")
        parts.append(escaped + (r"\b" if phrase[-1].isalnum() else ""))
    return "|".join(parts)


# one or more hedges ending right where the number starts ("perhaps as high as ")
HEDGES_BEFORE = re.compile(rf"(?:(?<![\w])(?:{_alternation(BEFORE)})\s*,?\s*)+$", re.IGNORECASE)
ONE_BEFORE = re.compile(rf"(?<![\w])(?:{_alternation(BEFORE)})", re.IGNORECASE)
# "13 buses and more than 100 vehicles": "and more" opens the next figure's hedge, it does not bound this one
HEDGE_AFTER = re.compile(rf"(?:\s*|-)(?:{_alternation(AFTER)})(?![\w+])(?!\s+(?:than|of)\b)", re.IGNORECASE)

# the longest window a chain of hedges can span before a number
WINDOW = 60


def find_hedges_before(text: str, start: int, floor: int) -> list[tuple[int, int, str]]:
    """The hedges right before `start` (not before `floor`): (start, end, phrase lower-cased), in text order."""
    window_start = max(floor, start - WINDOW)
    window = text[window_start:start]
    match = HEDGES_BEFORE.search(window)
    if match is None:
        return []
    found = []
    for part in ONE_BEFORE.finditer(window, match.start()):
        phrase = re.sub(r"\s+", " ", part.group(0).lower())
        found.append((window_start + part.start(), window_start + part.end(), phrase))
    return found


def hedge_after(text: str, end: int) -> tuple[int, int, str] | None:
    """A hedge right after the number or unit ending at `end`: (start, end, phrase)."""
    match = HEDGE_AFTER.match(text, end)
    if match is None:
        return None
    phrase = match.group(0).strip(" -").lower()
    phrase = re.sub(r"\s+", " ", phrase)
    return end + len(match.group(0)) - len(match.group(0).lstrip(" -")), match.end(), phrase
