"""Speakers across articles: which names stand for one source ("Dillon", "Col. Ryan Dillon", "coalition spokesman Col.
Ryan Dillon"), and the key a speaker's page is found by.

Two names are one source when the link stage's own test (`same_speaker`) says they may be, and the naming words of one
are all among the other's. `same_speaker` alone is meant for telling sources apart: it lets an organisation and its
spokesperson, or two people sharing a first name, be "maybe the same", which is right for not calling them rivals and
wrong for filing one's words under the other's name."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from retold.analyze.voices import AUTHOR
from retold.link.alignment import (
    GENERIC_NAME_WORDS,
    OWN,
    WORD,
    _unknown_source,
    same_speaker,
)

# ranks and honorifics: "Col. Ryan Dillon" and "Ryan Dillon" name one person
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "rev", "col", "colonel", "gen", "general", "lt",
    "lieutenant", "sgt", "sergeant", "capt", "captain", "maj", "major", "cpt", "adm", "admiral", "cmdr", "commander", "sen",
    "senator", "rep", "representative", "gov", "governor", "judge", "justice", "lord", "lady", "st", "jr", "sr", "hon",
})
# speaker kinds that name nobody: a pronoun the analysis could not resolve, the article's own voice
NOT_SPEAKER_KINDS = frozenset({"pronoun", "author"})
# words that open a phrase in capitals without naming anyone: "Most users", "Local officials", "Both sides"
OPENING_WORDS = STOP_WORDS | frozenset(["local", "people", "senior", "top", "former"])
NAME_LENGTH = 5  # more naming words than this is a description ("candidates Phil Collins, Don Blankenship and ...")
KEY_LENGTH = 60  # keys stay short enough for an address bar and the app's id pattern (80)
SPEAKER_PREFIX = "/speaker/"


def is_speaker(name: str | None, kind: str | None = None) -> bool:
    """True for a name a page can be about: not empty, not a pronoun or relative word, not the article's own voice."""
    if not name or not name.strip() or (kind or "") in NOT_SPEAKER_KINDS:
        return False
    if name in (OWN, AUTHOR, "—") or name.startswith("outlet:"):
        return False
    words = WORD.findall(name)
    if not words or all(word.lower() in STOP_WORDS for word in words):
        return False  # "he", "which", "one of them"
    return not _unknown_source(name)


def name_words(name: str) -> tuple[str, ...]:
    """The words that name a source, in order, without ranks, roles, a trailing "(WHO)" or words that open any phrase:
    'coalition spokesman Col. Ryan Dillon' -> (ryan, dillon); 'Most users' -> ()."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    words = []
    for word in WORD.findall(name):
        lower = word.lower()
        if not word[0].isupper() or lower in GENERIC_NAME_WORDS or lower in TITLE_WORDS:
            continue
        if lower in OPENING_WORDS and not word.isupper():  # "Most", "Local": capitalised where a sentence starts
            continue
        words.append(lower)
    return tuple(words)


def one_source(a: str, b: str) -> bool:
    """Two names of one source: the same words; or `same_speaker`, the naming words of the shorter all among the
    longer's, its last one (a surname, an organisation's head word) included, and the longer a name, not a description."""
    if _plain(a) == _plain(b):
        return True
    short, long = sorted((name_words(a), name_words(b)), key=len)
    if not short or len(long) > NAME_LENGTH or long[-1] not in short or not set(short) <= set(long):
        return False
    return same_speaker(a, b)


def speaker_key(name: str) -> str:
    """A speaker name as a key for a page address: lower case ASCII words joined by '-', else a short hash of the name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:KEY_LENGTH].strip("-")
    if not slug or len(re.sub(r"\W", "", ascii_name)) < len(re.sub(r"\W", "", name)) // 2:
        # a name mostly outside ASCII ("Владимир Путин") keeps a key of its own instead of a few stray letters
        slug = "s-" + hashlib.sha1(name.encode()).hexdigest()[:12]
    return slug


def speaker_href(name: str | None, kind: str | None = None) -> str | None:
    """The address of the page of the source a name stands for; None when the name is no speaker."""
    return SPEAKER_PREFIX + speaker_key(name) if name and is_speaker(name, kind) else None


@dataclass
class SpeakerGroup:
    """The names taken to be one source, with the articles that quote it."""

    key: str
    name: str  # the name shown: the one the most articles use
    names: list[str] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


def group_speakers(quoted: Mapping[str, Iterable[str]]) -> list[SpeakerGroup]:
    """Group names (name -> ids of the articles quoting it) into sources, most quoted first.

    The fullest names are placed first; a name joins a group only when it is one source with every name already in it,
    so 'Joe Biden' and 'Hunter Biden' stay apart, and a bare 'Biden' fitting both goes with the more quoted."""
    articles = {name: set(ids) for name, ids in quoted.items() if is_speaker(name)}
    order = sorted(articles, key=lambda n: (-len(name_words(n)), -len(articles[n]), -len(n), n))
    groups: list[list[str]] = []
    by_word: dict[str, list[int]] = {}  # a naming word (or a whole unnamed phrase) -> groups holding it
    for name in order:
        words = {*name_words(name), _plain(name)}
        candidates = {index for word in words for index in by_word.get(word, [])}
        fits = [index for index in sorted(candidates) if all(one_source(name, other) for other in groups[index])]
        if fits:
            # a short name that fits several ("Trump" beside "President Donald Trump" and "US President Donald Trump")
            # goes with the most quoted of them
            index = max(fits, key=lambda i: (len(set().union(*(articles[n] for n in groups[i]))), -i))
            groups[index].append(name)
        else:
            index = len(groups)
            groups.append([name])
        for word in words:
            by_word.setdefault(word, []).append(index)
    found = []
    for names in groups:
        quoting = set().union(*(articles[n] for n in names))
        # the most quoted name; on a tie the fuller name ("Brannock Ledger" before "Ledger investigation"), then the shorter
        shown = max(names, key=lambda n: (len(articles[n]), len(name_words(n)), -len(n), n))
        found.append(SpeakerGroup(speaker_key(shown), shown, sorted(names, key=lambda n: (-len(articles[n]), n)), quoting))
    found.sort(key=lambda g: (-len(g.articles), g.name.casefold()))
    seen: dict[str, int] = {}
    for group in found:  # two sources whose names write the same key are told apart by a number
        count = seen[group.key] = seen.get(group.key, 0) + 1
        if count > 1:
            group.key = f"{group.key}-{count}"
    return found


def _plain(name: str) -> str:
    """A name compared without case, spacing or a leading article."""
    return re.sub(r"^(the|a|an) ", "", " ".join(name.split()).casefold())
