"""None against some: one article says there was no such thing ("no structural damage"), another that there was
some of it ("only light structural damage"), of the same thing named in the same words."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from retold.link.alignment import sentence_member
from retold.link.model import ClaimMember, CrossConflict
from retold.model import Article, Sentence, Span
from retold.wording import SENTENCE_LIMIT, excerpt

# a thing named in at least two words, so that two articles name one thing: "structural damage", "civilian casualties"
THING = r"(?P<thing>[a-z][a-z-]+\s+[a-z][a-z-]+)\b"
NONE = re.compile(rf"\b(?:there\s+(?:was|were|is|are)\s+no|caused\s+no|suffered\s+no|reported\s+no|no)\s+{THING}", re.I)
SOME = re.compile(rf"\b(?:only\s+)?(?:light|minor|slight|some|limited|moderate|heavy|severe|significant|extensive|"
                  rf"major|serious|substantial|considerable|widespread)\s+{THING}", re.I)
# words after "no" that make it no statement of none: "no more than", "no longer", "no doubt"
NOT_NONE = frozenset("more less longer doubt matter one sooner later other".split())
# words that end no name of a thing: "no details on", "some of the", "damage and"
FUNCTION_WORDS = frozenset("on of to in at for from with by and or but the a an that which who is was were are be been "
                           "as than then this these those it its their there here".split())


@dataclass(frozen=True)
class Degree:
    """One article's statement that there was none, or some, of a thing."""

    article: str
    sentence: Sentence
    span: Span
    thing: str
    none: bool


def degrees(article: Article) -> list[Degree]:
    """The statements of none or some of a two-word thing in an article's sentences (questions left out)."""
    found = []
    for sentence in article.sentences:
        text = sentence.span.text
        if text.rstrip().endswith("?"):
            continue
        for none, pattern in ((True, NONE), (False, SOME)):
            for match in pattern.finditer(text):
                thing = " ".join(match.group("thing").lower().split())
                if none and thing.split()[0] in NOT_NONE or FUNCTION_WORDS & set(thing.split()):
                    continue
                start = sentence.span.start + match.start()
                found.append(Degree(article.id, sentence, article.span(start, sentence.span.start + match.end()), thing, none))
    return found


def degree_conflicts(story: str, articles: Mapping[str, Article]) -> list[CrossConflict]:
    """For each thing some article says there was none of and another some of, the first such pair of two articles
    that do not each say both."""
    ids = sorted(articles, key=lambda i: (articles[i].published or "9999", i))
    said = {aid: degrees(articles[aid]) for aid in ids}
    conflicts = []
    things = {d.thing for mine in said.values() for d in mine}
    for thing in sorted(things):
        nones = [d for aid in ids for d in said[aid] if d.thing == thing and d.none]
        somes = [d for aid in ids for d in said[aid] if d.thing == thing and not d.none]
        both = {d.article for d in nones} & {d.article for d in somes}
        pair = next(((n, s) for n in nones for s in somes if n.article != s.article and not {n.article, s.article} & both), None)
        if pair is None:
            continue
        none, some = pair
        explanation = (f"one article says there was none (“{none.span.text}”: “{excerpt(none.sentence.span.text, SENTENCE_LIMIT)}”), "
                       f"the other that there was some (“{some.span.text}”: “{excerpt(some.sentence.span.text, SENTENCE_LIMIT)}”)")
        conflicts.append(CrossConflict("", story, "degree", _member(some), _member(none), explanation))
    return conflicts


def _member(degree: Degree) -> ClaimMember:
    return sentence_member(degree.article, degree.sentence, "", "deny" if degree.none else "assert")
