"""Conflicts and drift over who did it: articles naming rival culprits for a story's event, a culprit's denial
against an article blaming it, and an article stating as fact what its story's first report credited to a source."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from retold.link.alignment import OWN, sentence_member
from retold.link.culprits import ONE_ATTACK, UNKNOWN, Culprit, Culprits, StoryCulprits
from retold.link.model import ClaimMember, CrossConflict
from retold.model import Article
from retold.wording import SENTENCE_LIMIT, excerpt


def culprit_conflicts(story: str, articles: Mapping[str, Article], culprits: StoryCulprits) -> tuple[list[CrossConflict], list[Culprit]]:
    """Rival culprits named in different articles of a story, once per pair of culprits listing every article that
    names each; each article that states a disputed culprit as fact; and, once per culprit, a denial that it did it
    against an article that blames it without reporting the denial. Also every denial those conflicts stand for."""
    known, found = culprits.known, culprits.found
    mentions = culprits.mentions()
    blamed = _grouped([c for c in mentions if not c.denied], known)
    conflicts: list[CrossConflict] = []
    for index, mine in enumerate(blamed):
        for theirs in blamed[index + 1 :]:
            if not any(known.same(a, b) for a in mine for b in theirs):
                conflicts.extend(_rival_accounts(story, mine, theirs, articles, known))
    conflicts.extend(_hedged_after_all(story, articles, [c for c in mentions if c.stated]))
    read: list[Culprit] = []
    for denials in _grouped([c for c in mentions if c.denied], known):
        conflict = _denied(story, denials, found, known, articles)
        if conflict is not None:
            conflicts.append(conflict)
            read.extend(denials)
    return conflicts, read


def _grouped(mentions: list[Culprit], known: Culprits) -> list[list[Culprit]]:
    """Mentions of one culprit together (any two of a group may be one), each group in the order given."""
    groups: list[list[Culprit]] = []
    for mention in mentions:
        joined = [g for g in groups if any(known.same(m, mention) for m in g)]
        merged = [m for g in joined for m in g] + [mention]
        groups = [g for g in groups if g not in joined] + [merged]
    order = {id(m): i for i, m in enumerate(mentions)}
    for group in groups:
        group.sort(key=lambda m: order[id(m)])
    return sorted(groups, key=lambda g: order[id(g[0])])


# the act itself called alleged: "the alleged air strike", "the reported attack"
HEDGED_ACT = re.compile(rf"\b(?:alleged|purported|reported|apparent|suspected|claimed)\s+{ONE_ATTACK}s?\b"
                        rf"|\b(?:alleged|purported|reported|suspected)\s+(?:attack|bombing|raid|shelling)\b", re.I)


def _hedged_after_all(story: str, articles: Mapping[str, Article], stated: list[Culprit]) -> list[CrossConflict]:
    """An article that states as fact who did it and, in another sentence, calls the act alleged: once per article."""
    conflicts = []
    for aid in dict.fromkeys(c.article for c in stated):
        culprit = next(c for c in stated if c.article == aid)
        found = next(((s, m) for s in articles[aid].sentences
                      if s.id != culprit.sentence.id and (m := HEDGED_ACT.search(s.span.text)) is not None), None)
        if found is None:
            continue
        hedged, words = found[0], found[1].group()
        explanation = (f"the article states as fact who did it, “{culprit.span.text}” (“{excerpt(culprit.sentence.span.text, SENTENCE_LIMIT)}”), "
                       f"and elsewhere calls it “{words}” (“{excerpt(hedged.span.text, SENTENCE_LIMIT)}”)")
        hedge = sentence_member(aid, hedged, UNKNOWN)
        conflicts.append(CrossConflict("", story, "cause", _member(culprit), hedge, explanation))
    return conflicts


def _rival_accounts(story: str, mine: list[Culprit], theirs: list[Culprit], articles: Mapping[str, Article],
                    known: Culprits) -> list[CrossConflict]:
    """The two accounts' most direct rival mentions in two different articles, listing every outlet of each; then each
    article that states one culprit as fact and names no other, against the other account's most direct mention."""
    pair = next(((a, b) for a in mine for b in theirs if a.article != b.article and known.rivals(a, b)), None)
    if pair is None:
        return []
    a, b = pair
    listing = f"{a.name}: {_outlets(mine, articles)}; {b.name}: {_outlets(theirs, articles)}"
    found = [CrossConflict("", story, "cause", _member(a), _member(b),
                           f"two accounts of the cause: {a.name}{_per(a)} (“{excerpt(a.sentence.span.text, SENTENCE_LIMIT)}”) and {b.name}"
                           f"{_per(b)} (“{excerpt(b.sentence.span.text, SENTENCE_LIMIT)}”). Named by {listing}")]
    stating: set[str] = {a.article, b.article}
    for stated, other in [(c, theirs) for c in mine] + [(c, mine) for c in theirs]:
        if not stated.stated or stated.article in stating or any(c.article == stated.article for c in other):
            continue
        rival = next((c for c in other if c.article != stated.article and known.rivals(stated, c)), None)
        if rival is not None:
            stating.add(stated.article)
            found.append(CrossConflict("", story, "cause", _member(stated), _member(rival),
                                       f"the article states as fact who did it, “{stated.span.text}” (“{excerpt(stated.sentence.span.text, SENTENCE_LIMIT)}”); "
                                       f"the story's other account: {rival.name}{_per(rival)} (“{excerpt(rival.sentence.span.text, SENTENCE_LIMIT)}”)"))
    return found


def _outlets(mentions: list[Culprit], articles: Mapping[str, Article]) -> str:
    """The outlets (or titles) of the articles among `mentions`, each once."""
    names = list(dict.fromkeys(articles[c.article].outlet or articles[c.article].title or c.article for c in mentions))
    return f"{len(names)} article{'s' if len(names) != 1 else ''} ({', '.join(names[:8])}{', …' if len(names) > 8 else ''})"


def _denied(story: str, denials: list[Culprit], found, known: Culprits, articles: Mapping[str, Article]) -> CrossConflict | None:
    """A culprit's most direct denial against the most direct mention that blames it in an article that does not
    report a denial, listing every article of each."""
    denial = denials[0]
    denying = {c.article for c in denials}
    blames = sorted((c for aid, mentions in found.items() if aid not in denying for c in mentions
                     if not c.denied and known.same(c, denial)), key=lambda c: c.rank)
    if not blames:
        return None
    blame = blames[0]
    explanation = (f"“{excerpt(denial.sentence.span.text, SENTENCE_LIMIT)}” says {denial.name} did not do it{_per(denial)}; the other article "
                   f"names “{blame.span.text}” as the cause{_per(blame)} (“{excerpt(blame.sentence.span.text, SENTENCE_LIMIT)}”). Denied in "
                   f"{_outlets(denials, articles)}; blamed without the denial in {_outlets(blames, articles)}")
    return CrossConflict("", story, "denial", _member(blame), _member(denial), explanation)


def _member(culprit: Culprit) -> ClaimMember:
    return sentence_member(culprit.article, culprit.sentence, culprit.voice, "deny" if culprit.denied else "assert")


def _per(culprit: Culprit) -> str:
    """Who the article credits with naming the culprit, when it credits anyone."""
    return "" if culprit.voice in (OWN, UNKNOWN) else f", per {culprit.voice.removeprefix('outlet:')}"


@dataclass(frozen=True)
class MadeFact:
    """An article stating as fact who did it, and the story's first report, which credited that to a source."""

    stated: Culprit
    origin: Culprit

    @property
    def explanation(self) -> str:
        return (f"states as fact who did it (“{excerpt(self.stated.span.text, SENTENCE_LIMIT)}”); the "
                f"story's first report credits it to {self.origin.voice.removeprefix('outlet:')} "
                f"(“{excerpt(self.origin.sentence.span.text, SENTENCE_LIMIT)}”)")


def made_fact(articles: Mapping[str, Article], culprits: StoryCulprits) -> list[MadeFact]:
    """Each article's first statement as fact of who did it, against the earliest report (on or before its day) that
    credits the same culprit to a source: the account lost its source on the way (ATTRIBUTION_LOST)."""
    credited = [c for aid in culprits.ids for c in culprits.found[aid] if not c.denied and c.voice not in (OWN, UNKNOWN)]
    found = []
    for aid in culprits.ids:
        stated = next((c for c in culprits.found[aid] if c.stated), None)
        if stated is None:
            continue
        day = articles[aid].published or "9999"
        origin = next((c for c in credited if c.article != aid and (articles[c.article].published or "9999")[:10] <= day[:10]
                       and culprits.known.same(c, stated)), None)
        if origin is not None:
            found.append(MadeFact(stated, origin))
    return found
