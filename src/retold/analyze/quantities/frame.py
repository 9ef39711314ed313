"""What a number is about, read off the spaCy parse: its predicate, period, whether it is a change, a modifier or a subset.

Two figures for the same counted thing are rival counts only when they are arguments of the same event (killed is
not wounded), for the same period (2018 is not this week), neither is presented as a change ("rose to 31"), neither
merely modifies a noun ("a ten-storey building") and neither is a subset ("three of the trucks").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from retold.analyze.quantities.counted import TokenIndex
from retold.analyze.quantities.units import GENERIC_COUNT_NOUNS
from retold.dates import MONTH

# words of one event, normalised to one predicate so "deaths", "the toll" and "were killed" compare equal
PREDICATE_FAMILIES: dict[str, str] = {
    **dict.fromkeys("kill die dead death toll fatality perish slay".split(), "killed"),
    **dict.fromkeys("injure injured injury wound wounded hurt".split(), "injured"),
    **dict.fromkeys("missing disappear unaccounted".split(), "missing"),
    **dict.fromkeys("arrest arrested detain detained apprehend".split(), "arrested"),
    **dict.fromkeys("evacuate evacuated evacuation".split(), "evacuated"),
    # being somewhere: "were inside", "were living in the building", "there were dozens of us"
    **dict.fromkeys("live stay sleep attend".split(), "present"),
}
FAMILY_NAMES = frozenset(PREDICATE_FAMILIES.values())
# verbs that pass the event on to their complement: "are confirmed dead", "were allowed to leave"
TRANSPARENT_VERBS = frozenset(
    "confirm report believe say fear think seem appear allow let permit continue remain leave find list".split()
)
# a figure that is the object of one of these is presented as a change or update ("rose to 31")
CHANGE_VERBS = frozenset(
    """rise climb increase grow jump soar surge swell mount reach fall drop decline decrease reduce lower raise
    revise update adjust correct double triple halve""".split()
)
# words on a figure that present it as an increment or a superseded/updated value ("twelve more", "an earlier toll")
CHANGE_MARKS = frozenset("more additional another further new earlier initial previous original preliminary revised updated latest".split())
LATER_MARKS = frozenset({"later", "subsequently", "since", "now"})
# pronouns a partitive "of" points back through: "12 of them" is a subset of a group already counted
PARTITIVE_PRONOUNS = frozenset({"them", "those", "these", "which", "whom"})
SUBSET_PREPOSITIONS = frozenset({"among", "including"})
# on the figure itself, "from" names the group it is part of ("two from the Coast Guard"); on a verb it is a cause
GROUP_PREPOSITIONS = frozenset({"from"})
# on the event, "for" names which of them are counted ("arrested one person for urinating in public")
REASON_PREPOSITIONS = frozenset({"for"})
PLACE_PREPOSITIONS = frozenset({"in", "on", "at"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "NUM", "PRON"})
# deps by which a number leans on the noun it counts ("12 people", "at least 5 trucks")
_PHRASE_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "advmod", "det", "npadvmod"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "dative", "pobj", "appos", "conj", "ROOT"})
_COMPLEMENT_DEPS = ("oprd", "acomp", "xcomp", "ccomp")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_DAY = re.compile(rf"\b(?:{MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})\b")
_RELATIVE_PERIOD = re.compile(r"\b(?:last|previous|past|prior)\s+(?:week|year|month|decade)\b|\ba\s+(?:year|decade)\s+(?:ago|earlier|before)\b", re.IGNORECASE)
# a rate written out: "seven per 100,000 people", "one in every 1,000 births"; the parse often misses the "per"
_RATE_BASE_BEFORE = re.compile(r"\b(?:per|for every|in every|out of every)\s+$", re.IGNORECASE)
_RATE_AFTER = re.compile(
    r"(?:\s+[^\W\d_][\w-]*){0,3}?\s+(?:per|for every|in every|out of every)\s+(?:\d|(?:one|a|every)\s+(?:hundred|thousand|million)\b)",
    re.IGNORECASE,
)
# how far up the tree a figure's event may be looked for (tokens), so a runaway parse costs nothing
_MAX_CLIMB = 8


@dataclass(frozen=True)
class Frame:
    """The event a figure is an argument of, its period, and whether it is a change, a modifier or a subset."""

    predicate: str | None = None
    period: str | None = None
    change: bool = False
    modifier: bool = False
    scope_of: str | None = None


def read_frame(tokens: TokenIndex, number_start: int, number_end: int) -> Frame:
    """The frame of the figure whose number words lie at [number_start, number_end)."""
    doc = tokens.doc
    first, last = tokens.first_at_or_after(number_start), tokens.first_at_or_after(number_end)
    if first >= last or last > len(doc):
        return Frame()
    inside = range(first, last)
    number = next((doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head.i == i), doc[last - 1])
    root, modifier = _phrase_root(doc, number)
    event = _event_token(root)
    return Frame(
        predicate=_predicate(root, event),
        period=_period(doc, root, event, inside),
        change=_is_change(number, root, event),
        modifier=modifier or _is_rate(root),
        scope_of=_scope(number, root, event),
    )


def in_written_rate(text: str, number_start: int, end: int) -> bool:
    """Whether a figure is a rate's base ("per 100,000 people") or the count over it ("seven per 100,000"): neither
    counts anything."""
    return bool(_RATE_BASE_BEFORE.search(text, max(0, number_start - 16), number_start) or _RATE_AFTER.match(text, end))


def family_of(word: str | None) -> str | None:
    """The normalised predicate for a lemma: 'die', 'death' and 'toll' are all 'killed'."""
    if word is None:
        return None
    return PREDICATE_FAMILIES.get(word, word)


def _phrase_root(doc, number):
    """The noun phrase a number belongs to, and whether the number only modifies it ("ten-storey building")."""
    token, modifier = number, False
    for _ in range(_MAX_CLIMB):
        head = token.head
        if head.i == token.i or token.dep_ not in _PHRASE_DEPS or head.pos_ not in _NOUN_POS and head.pos_ != "ADJ":
            break
        if token.i != number.i and token.pos_ in ("NOUN", "ADJ") and token.tag_ != "NNS" and token.dep_ in ("compound", "amod", "npadvmod"):
            # a singular measure word after the number that itself modifies another noun: "ten-storey building",
            # "39-year-old man", "two-day visit": the number measures storeys or years, it counts no buildings
            if token.dep_ != "compound" or any(t.text in ("-", "–") for t in doc[number.i + 1 : token.i]):
                modifier = True
        token = head
    return token, modifier


def _is_rate(root) -> bool:
    """"per 100,000 people" is a rate's base and "deaths per day" a rate: neither counts anything."""
    if root.dep_ == "pobj" and root.head.lower_ == "per":
        return True
    return any(child.dep_ == "prep" and child.lower_ == "per" for child in root.children)


def _event_token(root):
    """The word the figure's phrase is an argument of: a verb, or a noun or adjective it hangs on by a preposition."""
    token = root
    for _ in range(_MAX_CLIMB):
        if token.head.i == token.i:
            return None
        if token.dep_ in ("conj", "appos"):
            token = token.head  # "ten passengers and three crew": the second shares the first's event
        elif token.dep_ == "pobj":
            preposition, governor = token.head, token.head.head
            while governor.pos_ == "ADP" and governor.head.i != governor.i:
                governor = governor.head  # "rose from fourteen to 31": "to" hangs on "from"
            if governor.i == preposition.i:
                return None
            while governor.pos_ == "ADV" and governor.dep_ == "advmod" and governor.head.i != governor.i:
                governor = governor.head  # "anywhere from 100-300 people were killed": the adverb hedges the figure
            if governor.pos_ in ("NOUN", "PROPN") and governor.lemma_.lower() in GENERIC_COUNT_NOUNS:
                token = governor  # "a total of 39 are confirmed dead": the total's event is the figure's
            else:
                return governor
        elif token.dep_ in _ARGUMENT_DEPS:
            return token.head
        else:
            return None
    return None


def _predicate(root, event) -> str | None:
    """The normalised event: the counted noun's own ("17 deaths"), a participle on it ("one passenger injured"), or the verb's."""
    own = _nominal_family(root)
    if own:
        return own
    for member in _coordination(root):
        for child in member.children:
            if child.dep_ in ("acl", "amod") and child.tag_ == "VBN":
                return family_of(child.lemma_.lower())
            if child.dep_ == "relcl" and child.pos_ in ("VERB", "AUX"):
                family = _event_predicate(child, member)  # "14 labourers who are still missing"
                if family in FAMILY_NAMES:
                    return family
    if root.dep_ == "pobj" and root.head.head.pos_ in ("NOUN", "PROPN"):
        nominal = _nominal_family(root.head.head)  # "a death toll of 500"
        if nominal:
            return nominal
    if root.dep_ == "pobj" and root.head.lower_ == "at" and event is not None and event.pos_ in ("VERB", "AUX"):
        # "put the toll at 50 or less", "estimated the number of dead at 300": the figure is the object's value
        for child in event.children:
            if child.dep_ not in ("dobj", "nsubjpass"):
                continue
            named = [child] + [g for p in child.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                               if g.dep_ == "pobj"]
            for noun in named:
                nominal = _nominal_family(noun) or PREDICATE_FAMILIES.get(noun.lower_)  # "the number of injured"
                if nominal:
                    return nominal
    return None if event is None else _event_predicate(event, root)


def _nominal_family(token) -> str | None:
    """The predicate a noun or adjective itself names ("deaths", "death toll", "dead"), or None."""
    if token.pos_ not in ("NOUN", "ADJ", "PROPN"):
        return None
    for word in (token, *(c for c in token.children if c.dep_ in ("compound", "amod"))):
        family = PREDICATE_FAMILIES.get(word.lemma_.lower())
        if family:
            return family
    return None


def _event_predicate(event, argument) -> str | None:
    lemma = event.lemma_.lower()
    if event.pos_ in ("NOUN", "PROPN"):
        return None if lemma in GENERIC_COUNT_NOUNS else family_of(lemma)
    if event.pos_ not in ("VERB", "AUX"):
        return PREDICATE_FAMILIES.get(lemma)  # "as high as 4000", "home to 1,000": no event of their own
    if lemma == "be":
        return _copula_predicate(event, argument)
    if lemma == "lose" and any(c.lemma_.lower() == "life" for c in event.children):
        return "killed"
    if lemma in CHANGE_VERBS:
        return _subject_predicate(event, argument) or None  # "the toll rose to 31" is about deaths
    if lemma in TRANSPARENT_VERBS:
        for child in event.children:
            if child.dep_ in _COMPLEMENT_DEPS and child.pos_ in ("VERB", "AUX", "ADJ") and child.i != argument.i:
                return family_of(child.lemma_.lower()) if child.pos_ == "ADJ" else _event_predicate(child, argument)
    return family_of(lemma)


def _subject_predicate(verb, argument) -> str | None:
    """What a change verb's subject counts: "the death toll rose" is killed, "the number rose" is unknown."""
    # "officials revised the toll": what changes is the object of a transitive change verb, not its agent
    order = {"dobj": 0, "nsubjpass": 1, "nsubj": 2}
    for child in sorted((c for c in verb.children if c.dep_ in order), key=lambda c: order[c.dep_]):
        if child.i != argument.i:
            family = _nominal_family(child)
            if family or child.lemma_.lower() in GENERIC_COUNT_NOUNS:
                return family
            return child.lemma_.lower() if child.pos_ == "NOUN" else None
    return None


def _copula_predicate(event, argument) -> str | None:
    """"the toll was 31" takes the subject's event; "39 are dead" the complement's; "there were 190 on board" is presence."""
    for child in event.children:
        if child.i == argument.i:
            continue
        if child.dep_ in ("nsubj", "attr", "acomp", "oprd"):
            family = _nominal_family(child)
            if family:
                return family
        if child.dep_ in ("dep", "acl", "xcomp", "acomp", "oprd") and child.lemma_.lower() in PREDICATE_FAMILIES:
            return PREDICATE_FAMILIES[child.lemma_.lower()]  # "there was one passenger seriously injured"
    for child in event.children:
        if child.dep_ == "nsubj" and child.i != argument.i and child.pos_ == "NOUN":
            # "total staff is 6900" sizes the staff; "the numbers were 4000" says nothing of what happened
            return None if child.lemma_.lower() in GENERIC_COUNT_NOUNS else child.lemma_.lower()
    for child in event.children:
        if child.dep_ == "expl" or child.dep_ in ("advmod", "prep") and child.lower_ in ("there", "inside", "aboard", "in", "on", "at", "here"):
            return "present"
    return None


def _coordination(root):
    """The conjuncts sharing a figure's phrase: a participle on the last ("… and hundreds of Taliban killed") covers all."""
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    members = [first]
    for token in first.children:
        while token is not None:
            if token.dep_ != "conj":
                break
            members.append(token)
            token = next((c for c in token.children if c.dep_ == "conj"), None)
    return members


def _period(doc, root, event, number_tokens: range) -> str | None:
    """A year or explicit date the figure's clause is tied to ("in 2018", "last year"), normalised, or None."""
    stretches = [root]
    if event is not None:
        stretches += [c for c in event.children if c.dep_ in ("prep", "npadvmod", "advmod") and c.i != root.i]
        # the date may sit on what the event hangs from: "an assault on Oct 7 that killed 1,300", "an October 7
        # assault that killed 1,300", "crossed on
        # October 7, killing 100", or on the event's subject: "whose attack last week killed 1,400"
        holders = [c for c in event.children if c.dep_ in ("nsubj", "nsubjpass")]
        if event.dep_ in ("relcl", "acl", "advcl") and event.head.i != event.i:
            holders.append(event.head)
            # a relative clause may hang on the last noun of "an October 7 assault on southern communities that killed"
            noun = event.head
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
                holders.append(noun.head.head)
        stretches += [c for holder in holders for c in holder.children
                      if c.dep_ in ("prep", "npadvmod", "compound", "nmod") and not (c.left_edge.i <= root.i <= c.right_edge.i)]
    if event is not None and _inside_since_clause(event):
        return "before"  # "a week had passed since Hamas carried out an attack that killed 1,400"
    for stretch in stretches:
        for token in stretch.subtree:
            if token.ent_type_ != "DATE" or token.i in number_tokens:
                continue
            start, end = token.i, token.i + 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            found = _normalise_period(doc[start:end].text)
            if found:
                return found
    return None


def _inside_since_clause(event) -> bool:
    """Whether the event lies in a clause or phrase that "since" opens: what happened before the news."""
    node = event
    for _ in range(_MAX_CLIMB):
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return True
        if node.dep_ == "pobj" and node.head.lower_ == "since":
            return True  # "the worst since an attack that killed 40"
        if node.head.i == node.i or node.dep_ in ("ccomp", "ROOT"):
            return False
        node = node.head
    return False


def _normalise_period(text: str) -> str | None:
    year = _YEAR.search(text)
    if year:
        return year.group(1)
    day = _MONTH_DAY.search(text)
    if day:
        # one spelling per day: "Oct. 7", "October 7" and "7 October" are all "oct 7"
        month, number = re.findall(r"[A-Za-z]+", day.group(0))[0], re.findall(r"[0-9]+", day.group(0))[0]
        return f"{month[:3].lower()} {number}"
    relative = _RELATIVE_PERIOD.search(text)
    return " ".join(relative.group(0).lower().split()) if relative else None


def _is_change(number, root, event) -> bool:
    """A figure presented as a change or update: "rose to 31", "up from 12", "twelve more", "later said 40"."""
    for token in (number, root):
        for child in token.children:
            # "twelve more" and "12 more people" follow the number; in "more than 12" the word is a bound
            if child.lower_ in CHANGE_MARKS and child.dep_ in ("amod", "advmod", "det") and (child.lower_ != "more" or child.i > number.i):
                return True
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "from", "by"):
        preposition, governor = root.head, root.head.head
        if governor.lower_ == "from":
            preposition, governor = governor, governor.head  # "from fourteen to 31": "to" hangs on "from"
        if preposition.lower_ == "from" and governor.lower_ in ("up", "down") or governor.lemma_.lower() in CHANGE_VERBS:
            return True
    if event is None:
        return False
    if event.pos_ in ("NOUN", "PROPN") and any(c.lower_ in CHANGE_MARKS for c in event.children if c.dep_ == "amod"):
        return True  # "an earlier toll of 27"
    lemma = event.lemma_.lower()
    if lemma in CHANGE_VERBS or lemma == "stand" and any(c.lower_ == "at" for c in event.children):
        return True  # "the toll has reached 31", "now stands at 31"
    verb = event
    for _ in range(_MAX_CLIMB):
        if any(c.dep_ == "advmod" and c.lower_ in LATER_MARKS for c in verb.children):
            return True  # "has since climbed", "the mayor later said 40"
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return False


def _scope(number, root, event) -> str | None:
    """The words that make the figure a subset: "of the trucks", "of them", "of weapons", "among them", "in Greece"."""
    for token in (number, root):
        for child in token.children:
            target = _object_of(child)
            if target is None:
                continue
            word = child.lower_
            if word == "of" and (target.lower_ in PARTITIVE_PRONOUNS or _determined(target) or token.i != number.i):
                return _words(child)
            if word in SUBSET_PREPOSITIONS or word in GROUP_PREPOSITIONS or word in PLACE_PREPOSITIONS and _names_place(child):
                return _words(child)
    if root.dep_ == "pobj" and root.head.lower_ in SUBSET_PREPOSITIONS:
        return root.head.lower_  # "including 79,332 cases in the last day"
    for child in event.children if event is not None else ():
        target = _object_of(child)
        if target is None:
            continue
        if child.lower_ == "of" and target.lower_ in PARTITIVE_PRONOUNS:
            return _words(child)  # "142 cases, of which three patients have died"
        if child.lower_ in REASON_PREPOSITIONS or child.lower_ in PLACE_PREPOSITIONS and _names_place(child):
            return _words(child)
    return None


def _names_place(preposition) -> bool:
    """"in Greece", "on the Greek island of Samos": a place that makes the figure a local part of a wider count."""
    return any(t.ent_type_ in PLACE_LABELS for t in preposition.subtree)


def _object_of(preposition):
    if preposition.dep_ != "prep":
        return None
    return next((c for c in preposition.children if c.dep_ == "pobj"), None)


def _determined(token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in token.children)


def _words(preposition) -> str:
    """A short normalised text for a qualifier: the preposition and its object's phrase, at most five words."""
    return " ".join(t.lower_ for t in preposition.subtree if not t.is_punct)[:60].strip()
