"""What a quantity counts, as a comparable category, and its interval as read for comparison."""
from __future__ import annotations

import re
from dataclasses import dataclass

from retold.model import Quantity

DROP_WORDS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "your", "my", "of", "own", "those", "these", "such"})
GENERIC_HEADS = frozenset({"number", "numbers", "figure", "figures", "total", "count", "toll", "amount", "estimate"})
# words that say "roughly": the figure may be off by this share either way
APPROXIMATION = 0.1
WORD = re.compile(r"[\w’'-]+")


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

    def matches(self, other: "Category") -> bool:
        """'ISIS fighters' matches 'fighters' but not 'SDF fighters' nor 'foreign fighters'."""
        if self.head != other.head or self.modifiers != other.modifiers:
            return False
        return not self.names or not other.names or self.names == other.names


def category_of(quantity: Quantity) -> Category | None:
    """The category a quantity counts, or None when it counts nothing nameable."""
    source = quantity.counted
    if not source:
        return None
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
    """The interval used to decide a conflict: 'as high as N' is read as N's order of magnitude, 'about N' as N ± 10%."""
    low, high = quantity.low, quantity.high
    hedge_types = {h.type for h in quantity.hedges}
    if quantity.kind == "upper_bound" and high is not None and low is None:
        # reporters say "as many as 4,000" to mean about 4,000, not "anything up to 4,000"
        low = high / 2
    if "approximator" in hedge_types and low is not None and high is not None:
        low, high = low * (1 - APPROXIMATION), high * (1 + APPROXIMATION)
    return low, high


def describe_interval(quantity: Quantity) -> str:
    """The quoted words with their interval, e.g. “a few dozen” (24–60)."""
    return f"“{' '.join(quantity.span.text.split())}” ({format_interval(quantity)})"


def format_interval(quantity: Quantity) -> str:
    """A short label for a quantity's interval: '24–60', '≤ 4,000', '> 100', '= 6', '100%', or '?' when unknown."""
    low, high = quantity.low, quantity.high
    if quantity.kind == "proportion" and low is not None:
        return f"{_number(low * 100)}%" if low == high else f"{_number(low * 100)}–{_number((high if high is not None else 1) * 100)}%"
    if low is None and high is None:
        return "?"
    if low is not None and high is not None:
        if low == high:
            return f"= {_number(low)}"
        if quantity.low_inclusive and quantity.high_inclusive:
            return f"{_number(low)}–{_number(high)}"
        # a half-open range is rare; spell out both bounds rather than use bracket notation
        return f"{'≥' if quantity.low_inclusive else '>'} {_number(low)}, {'≤' if quantity.high_inclusive else '<'} {_number(high)}"
    if low is not None:
        return f"{'≥' if quantity.low_inclusive else '>'} {_number(low)}"
    return f"{'≤' if quantity.high_inclusive else '<'} {_number(high)}"


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "-∞"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6f}".rstrip("0").rstrip(".")
