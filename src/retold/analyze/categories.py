"""What a quantity counts, as a comparable category, and its interval as read for comparison (see `intervals`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from retold.intervals import compared_interval, interval_label, stated_of
from retold.model import Quantity

DROP_WORDS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "your", "my", "of", "own", "those", "these", "such"})
GENERIC_HEADS = frozenset({"number", "numbers", "figure", "figures", "total", "count", "toll", "amount", "estimate"})
WORD = re.compile(r"[\w’'-]+")
# events that befall people: a bare figure of one ("500 killed", "Israel kills 500") counts people
PEOPLE_PREDICATES = frozenset({"killed", "injured", "missing", "arrested", "evacuated"})
PEOPLE = "people"


def singular(word: str) -> str:
    """A plain English singular for comparing heads: fighters -> fighter, buses -> bus, families -> family."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class Category:
    """What is counted: a head noun, the words that restrict it, and the names of whose it is (ISIS, SDF)."""

    head: str
    modifiers: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return " ".join((*self.modifiers, self.head))

    def matches(self, other: Category) -> bool:
        """'ISIS fighters' matches 'fighters' but not 'SDF fighters' nor 'foreign fighters'."""
        if self.head != other.head or self.modifiers != other.modifiers:
            return False
        return not self.names or not other.names or self.names == other.names


def category_of(quantity: Quantity) -> Category | None:
    """The category a quantity counts, or None when it counts nothing nameable."""
    source = quantity.counted
    if quantity.modifier:
        return None  # "ten-storey building" measures storeys: it counts no buildings
    if not source:
        bare = quantity.predicate in PEOPLE_PREDICATES and quantity.unit is None and quantity.kind != "proportion"
        return Category(PEOPLE) if bare else None
    words = WORD.findall(source)
    modifiers: list[str] = []
    names: set[str] = set()
    for index, word in enumerate(words):
        lower = word.lower().strip("’'")
        if lower in DROP_WORDS or lower.endswith(("’s", "'s")):
            continue
        if word[0].isupper() and index < len(words) - 1:
            names.add(lower)  # a proper name before the head says whose, not what
            continue
        modifiers.append(lower)
    if not modifiers or modifiers[-1] in GENERIC_HEADS:
        return None
    return Category(singular(modifiers[-1]), tuple(modifiers[:-1]), frozenset(names))


def comparable_interval(quantity: Quantity) -> tuple[float | None, float | None]:
    """The bounds used to decide a conflict, as `intervals.compared_interval` reads them ('as high as N' = [N/2, N])."""
    compared = compared_interval(stated_of(quantity))
    return compared.low, compared.high


def describe_interval(quantity: Quantity) -> str:
    """The quoted words with their compared interval, e.g. “a few dozen” (24–60)."""
    return f"“{' '.join(quantity.span.text.split())}” ({format_interval(quantity)})"


def format_interval(quantity: Quantity) -> str:
    """A quantity's compared interval as text, the same in every report and explanation: '2,000–4,000 (up to 4,000)'."""
    return interval_label(stated_of(quantity))
