"""What a quantity counts: the noun phrase after the number ("50 trucks", "dozens of foreign fighters"), read off spaCy tokens."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from retold.analyze.quantities.units import GENERIC_COUNT_NOUNS, count_unit

# modifiers that do not restrict what is counted ("their own vehicles", "more fighters")
_LOOSE_MODIFIERS = frozenset("own other more additional further extra such same total least most new few many".split())
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# how far after the number the counted noun may start and how long its phrase may be (tokens)
_MAX_SKIP = 4
_MAX_PHRASE = 4
GENERIC = re.compile(rf"\b(?:{'|'.join(sorted(GENERIC_COUNT_NOUNS, key=len, reverse=True))})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Counted:
    """The counted noun phrase: offsets, its text without loose modifiers, the head's unit and number."""

    start: int
    end: int
    text: str
    unit: str
    plural: bool
    via_of: bool


class TokenIndex:
    """Character offsets of a Doc's tokens, for finding the token at an offset without walking the Doc."""

    def __init__(self, doc, text: str) -> None:
        self.doc = doc
        self.text = text  # Doc.text joins every token again on each access: keep the article's text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        # built on first use from spaCy's array: iterating Tokens in Python costs more than the whole search
        if self._starts is None:
            from spacy.attrs import IDX

            self._starts = self.doc.to_array([IDX]).tolist() if len(self.doc) else []
        return self._starts

    def first_at_or_after(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def last_before(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset) - 1


def find_counted(index: TokenIndex, end: int, allow_of: bool = True) -> Counted | None:
    """The noun phrase counted by a number ending at `end`, or None when no noun follows."""
    doc = index.doc
    i = index.first_at_or_after(end)
    n = len(doc)
    if i >= n or doc[i].idx - end > 2:
        return None
    via_of = False
    if doc[i].lower_ == "of" and allow_of:
        via_of, i = True, i + 1
    # skip determiners and possessors: "of their", "of ISIS’ own"
    limit = i + _MAX_SKIP
    while i < n and i < limit:
        token = doc[i]
        if token.tag_ in ("DT", "PRP$", "WP$", "PDT", "POS") or token.text in _POSSESSIVE:
            i += 1
        elif i + 1 < n and (doc[i + 1].tag_ == "POS" or doc[i + 1].text in _POSSESSIVE) and token.tag_ in _NOUN_TAGS:
            i += 2
        else:
            break
    start = i
    head = None
    while i < n and i - start < _MAX_PHRASE:
        token = doc[i]
        if (token.tag_ in _NOUN_TAGS or token.pos_ == "ADJ" or token.tag_ in ("JJ", "VBN") and token.dep_ == "amod"
                or _participle_before_plural(doc, i, start)):
            if token.tag_ in _NOUN_TAGS:
                head = i
            i += 1
            if token.tag_ in ("NNS", "NNPS") and not (i < n and doc[i].tag_ in _NOUN_TAGS and doc[i].dep_ == "compound"):
                break  # a plural noun ends the phrase unless it is itself a compound ("members" in "members list")
        elif token.text == "-" and head is not None and i + 1 < n and not token.whitespace_:
            i += 1
        else:
            break
    if via_of and (head is None or doc[head].pos_ == "PROPN" and doc[head].tag_ != "NNPS"):
        # the words between "of" and the noun are a name or a long modifier: "hundreds of Islamic State in Iraq and
        # Syria (ISIS) fighters", "thousands of heavily-armed fighters"; the parse still names the object of "of"
        head = _object_of(doc, start)
        if head is not None:
            start = _modifiers_start(doc, head)
    if head is None:
        return None
    head_token = doc[head]
    if head_token.pos_ == "PROPN" and head_token.tag_ != "NNPS" or not any(c.isalpha() for c in head_token.text):
        return None
    # a proper name right before the noun says whose they are ("Artsakh soldiers" are not "Azerbaijani soldiers");
    # one further back is a name the phrase merely mentions
    words = [t for t in doc[start : head + 1] if t.lower_ not in _LOOSE_MODIFIERS and t.text != "-"
             and (t.pos_ != "PROPN" or _names_whose(doc, t, head))]
    if not words or words[-1].i != head or head - words[0].i >= _MAX_PHRASE:
        words = [head_token]
    first = words[0]
    last = _joined(doc, head_token)
    text = index.text[first.idx : last.idx + len(last)]
    return Counted(
        first.idx,
        last.idx + len(last),
        text,
        count_unit(head_token.lemma_ or head_token.lower_),
        head_token.tag_ in ("NNS", "NNPS"),
        via_of,
    )


def _participle_before_plural(doc, i: int, start: int) -> bool:
    """"1,217 pledged delegates": a participle right after the number and before a plural noun modifies the noun,
    even where the parse reads it as the number's verb."""
    token = doc[i]
    return (i == start and token.tag_ in ("VBD", "VBN") and token.lower_.endswith("ed") and i + 1 < len(doc)
            and doc[i + 1].tag_ == "NNS" and bool(token.whitespace_))


def find_generic_noun(text: str, start: int, floor: int) -> tuple[int, int] | None:
    """A generic count noun ("the numbers", "the toll") shortly before `start` in the same sentence."""
    window_start = max(floor, start - 80)
    last = None
    for match in GENERIC.finditer(text, window_start, start):
        last = match
    return (last.start(), last.end()) if last else None


def _object_of(doc, after: int) -> int | None:
    """The common noun that the "of" right before token `after` governs, when it lies close after it."""
    of = doc[after - 1] if after > 0 else None
    if of is None or of.lower_ != "of":
        return None
    for child in of.children:
        if child.dep_ == "pobj" and child.tag_ in ("NNS", "NN") and child.i - after < 12:
            return child.i
    # or the parse hangs the number itself on the plural noun after the name ("Hundreds" as a modifier of "fighters")
    number = of.head
    if (number.i < of.i and number.dep_ in ("nmod", "nummod", "amod", "compound", "quantmod")
            and number.head.tag_ == "NNS" and 0 < number.head.i - after < 12):
        return number.head.i
    return None


def _joined(doc, head):
    """The last noun of a coordination that the number counts as a whole: "4,000 fighters and their families" counts
    fighters and families together, so what is counted runs to "families"."""
    for child in head.children:
        if (child.dep_ == "conj" and child.tag_ in ("NNS", "NNPS") and child.i - head.i <= 4
                and any(token.lower_ in ("and", "&") for token in doc[head.i + 1 : child.i])
                # "28 cars and 11 tractors": the other noun has its own number, so each counts its own
                and not any(token.like_num for token in doc[head.i + 1 : child.i])):
            return child
    return head


def _modifiers_start(doc, head: int) -> int:
    """Where the common words before a counted noun begin ("militia" in "heavily-armed militia fighters"): a name,
    a bracket or a hyphenated modifier before them is left out."""
    i = head
    while i - 1 >= 0 and head - i < _MAX_PHRASE - 1:
        token = doc[i - 1]
        if token.pos_ == "PROPN" or token.is_punct or token.tag_ not in ("NN", "NNS", "JJ"):
            break
        if i - 2 >= 0 and doc[i - 2].text == "-" and not doc[i - 2].whitespace_:
            break
        i -= 1
    return i


def _names_whose(doc, token, head: int) -> bool:
    """A proper name compounded onto the counted noun, with only names between ("Artsakh soldiers", "Islamic State
    fighters")."""
    node = token
    while node.dep_ == "compound" and node.i < node.head.i <= head:
        node = node.head
        if node.i == head:
            return all(t.pos_ == "PROPN" for t in doc[token.i : head])
    return False
