"""Places an event happens at, as news prose names them: a hospital, a school, a market."""
from __future__ import annotations

import re

# two tolls whose sentences each name such a place, and none in common, are two events ("shelter" is left out: "in
# search of shelter" names no place)
FACILITIES = frozenset("hospital school mosque church synagogue temple camp market building clinic university college "
                       "station airport port prison bakery factory warehouse hotel stadium embassy office".split())
_WORD = re.compile(r"[A-Za-z]+")  # a hyphen splits: a "school-turned-shelter" names a school


def facilities_in(text: str) -> frozenset[str]:
    """The facilities a text names, singular and lower-cased ("Hospitals" -> hospital)."""
    found = set()
    for word in _WORD.findall(text):
        word = word.lower()
        for form in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
            if form in FACILITIES:
                found.add(form)
    return frozenset(found)
