"""Who did it: the cause a story's articles give for its event ("a failed X rocket caused the blast", "blamed it on
Y", "Z denied responsibility"), and the conflicts between articles that name different culprits or deny one."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from retold.analyze.places import facilities_in
from retold.link.alignment import GENERIC_NAME_WORDS, OWN, StoryVoices, article_span
from retold.link.model import ClaimMember, CrossConflict
from retold.model import Article, Sentence, Span
from retold.wording import SENTENCE_LIMIT, excerpt

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
    stated = voice == OWN and not reported and not denied
    return Culprit(article.id, sentence, span, name, stems, voice, denied or negated, quoted, stated, lede)


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


def story_places(articles: Mapping[str, Article]) -> frozenset[str]:
    """The facilities a story's event happened at: those named in the first line of at least half of its articles."""
    counts: dict[str, int] = {}
    for article in articles.values():
        lede = article.sentences[0].span.text if article.sentences else ""
        for word in facilities_in(f"{article.title or ''} {lede}"):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if 2 * n >= len(articles))


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
        return culprit.stems | _stems(" ".join(max(longer, key=len)), self.acronyms) if longer else culprit.stems

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


def culprit_conflicts(story: str, articles: Mapping[str, Article], voices: StoryVoices) -> tuple[list[CrossConflict], list[Culprit]]:
    """Rival culprits named in different articles of a story, once per pair of culprits listing every article that
    names each; each article that states a disputed culprit as fact; and, once per culprit, a denial that it did it
    against an article that blames it without reporting the denial. Also every denial those conflicts stand for."""
    known = Culprits.of(articles)
    ids = sorted(articles, key=lambda i: (articles[i].published or "9999", i))
    order = {aid: index for index, aid in enumerate(ids)}
    found = {aid: find_culprits(articles[aid], voices, known.acronyms, known.places) for aid in ids}
    mentions = sorted((c for aid in ids for c in found[aid]), key=lambda c: (c.rank, order[c.article]))
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
        hedged = next((s for s in articles[aid].sentences if s.id != culprit.sentence.id and HEDGED_ACT.search(s.span.text)), None)
        if hedged is None:
            continue
        words = HEDGED_ACT.search(hedged.span.text).group()
        explanation = (f"the article states as fact that {culprit.name} did it (“{excerpt(culprit.sentence.span.text, SENTENCE_LIMIT)}”) "
                       f"and elsewhere calls it “{words}” (“{excerpt(hedged.span.text, SENTENCE_LIMIT)}”)")
        hedge = ClaimMember(aid, hedged.id, article_span(aid, hedged.span), UNKNOWN)
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
                                       f"the article states as fact that {stated.name} did it (“{excerpt(stated.sentence.span.text, SENTENCE_LIMIT)}”); "
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
                   f"names {blame.name} as the cause{_per(blame)} (“{excerpt(blame.sentence.span.text, SENTENCE_LIMIT)}”). Denied in "
                   f"{_outlets(denials, articles)}; blamed without the denial in {_outlets(blames, articles)}")
    return CrossConflict("", story, "denial", _member(blame), _member(denial), explanation)


def _member(culprit: Culprit) -> ClaimMember:
    span = culprit.sentence.span
    return ClaimMember(culprit.article, culprit.sentence.id, article_span(culprit.article, span), culprit.voice,
                       polarity="deny" if culprit.denied else "assert")


def _per(culprit: Culprit) -> str:
    """Who the article credits with naming the culprit, when it credits anyone."""
    return "" if culprit.voice in (OWN, UNKNOWN) else f", per {culprit.voice.removeprefix('outlet:')}"
