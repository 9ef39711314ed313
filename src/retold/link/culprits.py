"""Who did it: the culprits a story's articles name for its event ("a failed X rocket caused the blast", "blamed it
on Y", "Z denied responsibility"), who says so, and what a story knows to tell two culprits apart."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from retold.analyze.places import facilities_in
from retold.link.alignment import GENERIC_NAME_WORDS, OWN, StoryVoices
from retold.link.retelling import story_places
from retold.model import Article, Sentence, Span

# a name as a text writes it: capitalised words, "of" between them ("Palestinian Islamic Jihad", "IDF")
NAME = r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,4}(?:\s+\([A-Z]{2,6}\))?"
# one strike, one rocket: the story's event has one cause; "Israeli airstrikes killed dozens" tells of many events
ONE_ATTACK = r"(?:air[ -]?strike|strike|rocket(?:\s+launch)?|missile|bomb|shell|munition|drone|warplane|jet|projectile|mortar)"
ATTACKERS = r"(?:forces|troops|warplanes|jets|military|army|soldiers|militants|fighters)"
DET = r"(?:(?i:an?|the|one)\s+)?"
FAULTY = r"(?:failed|misfired|misfiring|errant|stray|misdirected|faulty)\s+"

# each pattern names the culprit in the group "who"; those with a blaming verb report someone's accusation, the others
# state a cause (the article's own statement unless its sentence credits a source)
BLAMES = [re.compile(p) for p in (
    # "X is responsible for", "X was solely responsible for"
    rf"(?P<who>{NAME})\s+(?:is|was|were|are|has\s+been|had\s+been)\s+(?:\w+\s+)?responsible\s+for\b",
    # "the responsibility of X", "X's responsibility", "pointed to X's responsibility"
    rf"\bresponsibility\s+of\s+(?:the\s+)?(?P<who>{NAME})",
    rf"(?P<who>{NAME})[’']s?\s+responsibility\b",
    # "blamed the explosion on X", "blamed it on an X air strike" (not "on each other")
    rf"\bblam\w*\s+(?:[^.;:!?]{{0,80}}?\s)?on\s+{DET}(?P<who>{NAME})",
    # "blamed X for the blast"
    rf"\bblam\w*\s+{DET}(?P<who>{NAME})\s+for\b",
    # "caused by a failed X rocket", "sparked by an X rocket misfire"
    rf"\b(?:caused|sparked|triggered)\s+by\s+{DET}(?:{FAULTY})?(?P<who>{NAME})\s+{ONE_ATTACK}\b",
    # "a failed X rocket", "an X rocket that misfired", "an X rocket misfire"
    rf"\b{FAULTY}(?P<who>{NAME})\s+{ONE_ATTACK}\b",
    rf"\b(?i:an?|the)\s+(?P<who>{NAME})\s+{ONE_ATTACK}\s+(?:misfire|that\s+misfired|which\s+misfired|caused|hit|struck)\b",
    # "a rocket fired by X", "a failed rocket launch by X"
    rf"\b(?:{FAULTY})?{ONE_ATTACK}\s+(?:launched\s+|fired\s+|misfired\s+)?by\s+{DET}(?:\w+\s+){{0,3}}?(?P<who>{NAME})",
    # "X fired the rocket(s)", "X forces struck the hospital", "X warplanes have struck"
    rf"(?P<who>{NAME})\s+(?:{ATTACKERS}\s+)?(?:fired|launched)\s+the\s+{ONE_ATTACK}",
    rf"(?P<who>{NAME})\s+{ATTACKERS}\s+(?:have\s+|had\s+)?(?:struck|strike|hit|bombed|shelled)\b",
    # "X claimed responsibility for the attack"
    rf"(?P<who>{NAME})\s+(?:has\s+|have\s+|had\s+)?claimed\s+responsibility\b",
    # "an X air strike on Tuesday killed", "an X air strike hit"
    rf"\b(?i:an?|the)\s+(?P<who>{NAME})\s+air[ -]?strike\b(?!s)",
)]
# a culprit saying it did not do it: "X denied responsibility", "X dismissed the claims"
DENIES = re.compile(
    rf"(?P<who>{NAME})\s+(?:\w+\s+)?(?:has\s+|had\s+|have\s+)?(?:denied|denies|deny|dismissed|dismisses|rejected|rejects)\s+"
    r"(?:any\s+|all\s+)?(?:responsibility|involvement|the\s+(?:claims?|accusations?|allegations?|charges?))\b")
NEGATED = re.compile(r"\b(?:not|n[’']t|never|no)\s+(?:\w+\s+){0,2}$", re.I)
NEGATOR = re.compile(r"\b(?:not|never)\b|n[’']t\b", re.I)
OPEN_QUESTION = re.compile(r"\b(?:whether|who|if|regardless)\b", re.I)
# words that name no one in particular: "the", a role, an institution, a day
NOT_A_NAME = frozenset(
    "the a an this that these those it its his her their our we they he she i which who monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august september october november "
    "december forces force military army government authorities officials ministry defense defence terror terrorist "
    "group groups militant militants movement organisation organization source sources".split()) | GENERIC_NAME_WORDS
BLAMING = re.compile(r"\bblam", re.I)
CONTRAST = re.compile(r",\s*(?:while|whereas|but)\b|;|\s(?:while|whereas)\s", re.I)
UNKNOWN = ""  # a mention whose source the sentence leaves unclear
# the words of many bodies' names ("Front", "Party", "Islamic"): two bodies sharing only these are not one
ORGANISATION_WORDS = frozenset(w[:5] for w in (
    "front party army force forces brigade brigades movement union council liberation national popular democratic "
    "islamic state republic group organisation organization committee alliance coalition league guard revolutionary "
    "command militia people united").split())
LEDE_SENTENCES = 2  # a headline and the first sentence under it
NAME_STEM = 5  # "Israel" and "Israeli", "Palestine" and "Palestinian": one name, its adjective


@dataclass(frozen=True)
class Culprit:
    """One article's statement of who caused what happened (or a denial by the one blamed), and who says so."""

    article: str
    sentence: Sentence
    span: Span
    name: str  # the culprit as written
    stems: frozenset[str]  # its name words, cut to NAME_STEM, acronyms spelled out from the story
    voice: str
    denied: bool
    quoted: bool  # in a speaker's own quoted words
    stated: bool  # stated by the article itself, not credited to anyone nor reported as someone's blame
    lede: bool  # in the article's headline or first sentence: the article reports this account

    @property
    def rank(self) -> tuple[int, int, int]:
        """Which mention stands for an account: one in an article that leads with it (the report of that account),
        then one in the accuser's own words, then one credited to a source (an article stating it as fact is a
        finding of its own)."""
        return (0 if self.lede else 1, 0 if self.quoted else 1, 0 if self.voice not in (OWN, UNKNOWN) else 1)


def find_culprits(article: Article, voices: StoryVoices, acronyms: Mapping[str, str], places: frozenset[str]) -> list[Culprit]:
    """The culprits an article names for its story's event, sentence by sentence; sentences about another place
    (a school when the story is about a hospital) or asking who did it name none."""
    found: list[Culprit] = []
    for index, sentence in enumerate(article.sentences):
        text = sentence.span.text
        if text.rstrip().endswith("?"):
            continue
        facilities = facilities_in(text)
        if facilities and places and not facilities & places:
            continue  # another place's strike: "an air strike on a school" beside the hospital's blast
        for denied, pattern in [(True, DENIES)] + [(False, p) for p in BLAMES]:
            for match in pattern.finditer(text):
                culprit = _culprit(article, sentence, match, denied, voices, acronyms, index < LEDE_SENTENCES)
                if culprit is not None and not any(c.span.overlaps(culprit.span) and c.stems == culprit.stems for c in found):
                    found.append(culprit)
    return found


def _culprit(article: Article, sentence: Sentence, match: re.Match, denied: bool, voices: StoryVoices,
             acronyms: Mapping[str, str], lede: bool) -> Culprit | None:
    text, offset = sentence.span.text, sentence.span.start
    name = _trimmed(match.group("who"))
    if not name:
        return None
    before = text[: match.start()]
    if OPEN_QUESTION.search(before[-60:]) and not denied:
        return None  # "whether it was an X air strike", "who was responsible": asked, not stated
    # "X is not responsible", "did not blame it on X": a negated blame clears the one it names
    negated = bool(NEGATOR.search(match.group()) or NEGATED.search(before))
    stems = _stems(name, acronyms)
    if not stems:
        return None
    start = offset + match.start()
    span = article.span(start, offset + match.end())
    voice = voices.voice(article, span)
    if denied or CONTRAST.search(before):
        # the one who denies is named in the denial; after "while" or "but" another source may speak ("officials
        # said X did it, while the army blamed Y"): no voice is credited rather than the wrong one
        voice = UNKNOWN
    quoted = any(a.mode == "direct" and a.content is not None and a.content.start <= span.start < a.content.end
                 for a in article.attributions)
    reported = bool(BLAMING.search(match.group())) or "claimed" in match.group()
    # words inside quotation marks are someone's, whether or not the quote's speaker was found
    # from the paragraph's start: a quotation may run over several sentences ("… I repeat, this is their doing.")
    opening = min((s.span.start for s in article.sentences if s.paragraph == sentence.paragraph), default=offset)
    stated = voice == OWN and not reported and not denied and not quoted and not _inside_quotes(article.text[opening : span.start])
    return Culprit(article.id, sentence, span, name, stems, voice, denied or negated, quoted, stated, lede)


def _inside_quotes(before: str) -> bool:
    """Whether a quotation opened before this point (of a paragraph) is still open."""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _trimmed(name: str) -> str:
    """A name without the words before it that name no one ("The", "Tuesday"): what is left, or ''."""
    words = name.split()
    while words and words[0].lower() in NOT_A_NAME:
        words = words[1:]
    while words and words[-1].lower() in NOT_A_NAME:
        words = words[:-1]
    return " ".join(words)


def _stems(name: str, acronyms: Mapping[str, str]) -> frozenset[str]:
    """The name words of a culprit cut to NAME_STEM ("Israeli forces" -> israe); an acronym the story spells out
    ("IDF" -> Israel Defense Forces) stands for its words."""
    words: list[str] = []
    for word in re.findall(r"[\w’'-]+", name):
        if word.isupper() and len(word) > 1 and word in acronyms:
            words.extend(acronyms[word].split())
        else:
            words.append(word)
    return frozenset(w.lower()[:NAME_STEM] for w in words if w[0].isupper() and w.lower() not in NOT_A_NAME)


def story_acronyms(articles: Mapping[str, Article]) -> dict[str, str]:
    """Acronyms the story's texts spell out: "Israel Defense Forces (IDF)", or a name whose initials an acronym is."""
    names: dict[str, str] = {}
    for article in articles.values():
        for match in re.finditer(rf"({NAME})\s+\(([A-Z]{{2,6}})\)", article.text):
            names.setdefault(match.group(2), match.group(1))
    for article in articles.values():
        for match in re.finditer(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,5}\b", article.text):
            initials = "".join(w[0] for w in match.group().split())
            if initials not in names and re.search(rf"\b{initials}\b", article.text):
                names[initials] = match.group()
    return names


def story_demonyms(articles: Mapping[str, Article]) -> frozenset[str]:
    """Stems of the peoples and countries the story's texts name (entities NORP and GPE): "Israeli", "Palestinian"."""
    return frozenset(w.lower()[:NAME_STEM] for a in articles.values() for e in a.entities if e.label in ("NORP", "GPE")
                     for w in e.span.text.split() if w[:1].isupper())


def full_names(articles: Mapping[str, Article]) -> frozenset[tuple[str, ...]]:
    """Every name the story's texts write, as its words."""
    return frozenset(tuple(_trimmed(m.group()).split()) for a in articles.values() for m in re.finditer(NAME, a.text)) - {()}


@dataclass(frozen=True)
class Culprits:
    """What a story knows about names: acronyms spelled out, fuller names, peoples and countries, its event's places."""

    acronyms: Mapping[str, str]
    names: frozenset[tuple[str, ...]]
    demonyms: frozenset[str]
    places: frozenset[str]

    @classmethod
    def of(cls, articles: Mapping[str, Article]) -> Culprits:
        return cls(story_acronyms(articles), full_names(articles), story_demonyms(articles), story_places(articles))

    def widened(self, culprit: Culprit) -> frozenset[str]:
        """A body's stems with those of the longest story name that ends with its name ("Islamic Jihad" takes
        "Palestinian" from "Palestinian Islamic Jihad"); a people's stems as they are."""
        if culprit.stems <= self.demonyms:
            return culprit.stems
        words = tuple(culprit.name.split())
        # only a people's name before it widens a body's name: "Palestinian Islamic Jihad", not "Close Family Hamas"
        longer = [n for n in self.names if len(n) > len(words) and n[-len(words):] == words
                  and _stems(" ".join(n[: -len(words)]), self.acronyms) <= self.demonyms]
        if not longer:
            return culprit.stems
        longest: tuple[str, ...] = max(longer, key=len)
        return culprit.stems | _stems(" ".join(longest), self.acronyms)

    def people(self, culprit: Culprit) -> bool:
        """Whether a culprit is a people or a country ("Israeli", "Israel"), not a body."""
        return culprit.stems <= self.demonyms

    def distinct(self, culprit: Culprit) -> frozenset[str]:
        """A body's own name words: not its people, not the words many bodies' names share."""
        return self.widened(culprit) - self.demonyms - ORGANISATION_WORDS

    def same(self, a: Culprit, b: Culprit) -> bool:
        """Whether two culprits may be one: one people, one body by a word of its own name ("IDF" and "Israel Defense
        Forces"), or a body of that people ("Israeli forces", "Israel Defense Forces" beside "Israel")."""
        if self.people(a) and self.people(b):
            return bool(a.stems & b.stems)
        if self.people(a) or self.people(b):
            people, body = (a, b) if self.people(a) else (b, a)
            return bool(people.stems & self.widened(body))
        return bool(self.distinct(a) & self.distinct(b)) or self.widened(a) == self.widened(b)

    def rivals(self, a: Culprit, b: Culprit) -> bool:
        """Whether two culprits exclude each other: two peoples, two bodies with names of their own, or a people and
        a body of another people. A body that names no people ("Hamas") may be any people's own."""
        if self.same(a, b):
            return False
        if self.people(a) and self.people(b):
            return True
        if self.people(a) or self.people(b):
            body = b if self.people(a) else a
            return bool(self.widened(body) & self.demonyms)
        return bool(self.distinct(a) and self.distinct(b))



@dataclass(frozen=True)
class StoryCulprits:
    """A story's culprit mentions, read once per trace: what it knows of names, and each article's mentions."""

    known: Culprits
    ids: tuple[str, ...]  # the articles in publication order
    found: Mapping[str, list[Culprit]]

    @classmethod
    def of(cls, articles: Mapping[str, Article], voices: StoryVoices) -> StoryCulprits:
        known = Culprits.of(articles)
        ids = tuple(sorted(articles, key=lambda i: (articles[i].published or "9999", i)))
        return cls(known, ids, {aid: find_culprits(articles[aid], voices, known.acronyms, known.places) for aid in ids})

    def mentions(self) -> list[Culprit]:
        """Every mention, those that stand best for an account first (see Culprit.rank), then in publication order."""
        order = {aid: index for index, aid in enumerate(self.ids)}
        return sorted((c for aid in self.ids for c in self.found[aid]), key=lambda c: (c.rank, order[c.article]))
