"""How a quantity's interval is read for comparison, and the one way any interval is written out for a reader."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# words that say "roughly": the figure may be off by this share either way
APPROXIMATION = 0.1
# an upper estimate ("as high as N") is read as reaching down to this share of N
UPPER_ESTIMATE_FLOOR = 0.5


@dataclass(frozen=True)
class Interval:
    """Bounds (None: unbounded on that side) and whether each bound belongs to the interval."""

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True


@dataclass(frozen=True)
class Stated:
    """An interval as the words give it, with what decides how it is compared: the quantity's kind and hedge types."""

    interval: Interval
    kind: str | None = None
    hedge_types: frozenset[str] = frozenset()


def as_stated(low: float | None, high: float | None, low_inclusive: bool | None = True, high_inclusive: bool | None = True,
              kind: str | None = None, hedge_types: Iterable[str] | None = ()) -> Stated:
    """A Stated interval from plain fields (a Quantity's, a store row's); NaN and the infinities count as no bound."""
    return Stated(Interval(_finite(low), _finite(high), low_inclusive is not False, high_inclusive is not False),
                  kind, frozenset(hedge_types or ()))


def stated_of(quantity: Any) -> Stated:
    """A Quantity's interval as its words give it (typed Any: `model` imports this module, not the other way)."""
    return as_stated(quantity.low, quantity.high, quantity.low_inclusive, quantity.high_inclusive, quantity.kind,
                     (hedge.type for hedge in quantity.hedges))


def compared_interval(stated: Stated) -> Interval:
    """The interval conflicts and drift compare: 'as high as N' as [N/2, N], 'about N' as N ± 10%, else as stated."""
    low, high = stated.interval.low, stated.interval.high
    low_inclusive, high_inclusive = stated.interval.low_inclusive, stated.interval.high_inclusive
    if stated.kind == "upper_bound" and high is not None and low is None:
        # reporters say "as many as 4,000" or "up to 4,000" to mean about 4,000 at most, not "anything from 0 to 4,000":
        # read as open below, it would agree with every smaller figure, and "as high as 4000" against "hundreds" (an
        # inconsistency the seed's reference annotation marks) could never be found. Half of N keeps it to N's order
        # of magnitude. The lexicon gives caps ("no more than", "fewer than") the same kind, so they are read alike.
        low, low_inclusive = high * UPPER_ESTIMATE_FLOOR, True
    if "approximator" in stated.hedge_types and low is not None and high is not None:
        # "about 40" commits to no exact figure: 38 or 43 retells it, and only a gap beyond that is a disagreement
        low, high = low * (1 - APPROXIMATION), high * (1 + APPROXIMATION)
        low_inclusive = high_inclusive = True
    return Interval(low, high, low_inclusive, high_inclusive)


def interval_label(stated: Stated) -> str:
    """The compared interval as text, then the stated words' bounds where the reading changed them: '2,000–4,000 (up to 4,000)'."""
    compared = compared_interval(stated)
    percent = stated.kind == "proportion"
    shown = _interval_text(compared, percent)
    if compared == stated.interval:
        return shown
    return f"{shown} ({_stated_text(stated.interval, 'approximator' in stated.hedge_types, percent)})"


def _interval_text(interval: Interval, percent: bool) -> str:
    """'24–60', '= 6', '50%', '≥ 1,000', '> 100', '≤ 40', '< 40', '≥ 20, < 40', or '?' when neither bound is known."""
    low, high = interval.low, interval.high
    number = _percent if percent else _number
    if low is None and high is None:
        return "?"
    if low is not None and high is not None:
        if low == high:
            return number(low) if percent else f"= {number(low)}"
        if interval.low_inclusive and interval.high_inclusive:
            return f"{_number(low * 100)}–{number(high)}" if percent else f"{number(low)}–{number(high)}"
        # a half-open range is rare; spell out both bounds rather than use bracket notation
        return f"{'≥' if interval.low_inclusive else '>'} {number(low)}, {'≤' if interval.high_inclusive else '<'} {number(high)}"
    if low is not None:
        return f"{'≥' if interval.low_inclusive else '>'} {number(low)}"
    assert high is not None  # both bounds unknown returned "?" above
    return f"{'≤' if interval.high_inclusive else '<'} {number(high)}"


def _stated_text(interval: Interval, approximate: bool, percent: bool) -> str:
    """The stated bounds in words, as a reporter would put them: 'up to 4,000', 'nearly 40', 'about 40'."""
    low, high = interval.low, interval.high
    number = _percent if percent else _number
    about = "about " if approximate else ""
    if low is None and high is not None:
        if not interval.high_inclusive:
            return f"nearly {number(high)}" if approximate else f"under {number(high)}"
        return f"up to {about}{number(high)}"
    if high is None and low is not None:
        return f"{'at least' if interval.low_inclusive else 'over'} {about}{number(low)}"
    if low is None or high is None:
        return "?"
    if low == high:
        return f"{about}{number(low)}"
    return f"{about}{_number(low * 100) if percent else number(low)}–{number(high)}"


def _percent(value: float) -> str:
    return f"{_number(value * 100)}%"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6f}".rstrip("0").rstrip(".")


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None
