"""Conflicts between articles of a story: disjoint figures, a denial against an assertion, one claim credited twice."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from itertools import combinations

from retold.analyze.categories import category_of, comparable_interval, format_interval
from retold.analyze.conflicts import counts_apart, event_scope, rival_counts, tally_side, unnamed
from retold.analyze.quantities.frame import FAMILY_NAMES
from retold.link.alignment import (
    GENERIC_NAME_WORDS,
    MIN_SHARED,
    NEGATORS,
    OWN,
    WORD,
    PropositionClaim,
    StoryVoices,
    is_negated,
    key_words,
    named_source,
    overlap,
    proposition_member,
    same_speaker,
    sentence_member,
)
from retold.link.blame import culprit_conflicts
from retold.link.culprits import NAME_STEM, StoryCulprits
from retold.link.degrees import degree_conflicts
from retold.link.eventdates import date_conflicts
from retold.link.model import ClaimGroup, ClaimMember, CrossConflict
from retold.link.retelling import SentenceWords, same_fact
from retold.model import Article, Attribution, Quantity, Span
from retold.wording import excerpt, title_case

# a denial meets an assertion when this share of the smaller set of key words is shared, covering at least
# DENIAL_COVER of the denial's own key words
DENIAL_MATCH = 0.4
DENIAL_COVER = 0.5
# two credited statements are one claim when they share this share of the longer one's key words
SAME_CLAIM = 0.8

def find_cross_conflicts(
    story: str,
    articles: Mapping[str, Article],
    groups: Sequence[ClaimGroup],
    propositions: Mapping[str, list[PropositionClaim]],
    outlet_words: frozenset[str] = frozenset(),
    culprits: StoryCulprits | None = None,
) -> list[CrossConflict]:
    """Numeric and speaker conflicts within aligned groups, and denials against assertions in other articles.

    A pair of claims met in several mentions of the same two articles is one conflict that lists every mention."""
    found: list[CrossConflict] = []
    # quantity ids are numbered within each article: key them by article too
    quantities = {(article.id, q.id): q for article in articles.values() for q in article.quantities}
    words = SentenceWords(articles)
    for group in groups:
        if group.kind == "quantity":
            found.extend(_numeric(story, group, quantities, articles, words))
        found.extend(_speaker(story, group, quantities))
    found.extend(_denials(story, articles, propositions, outlet_words))
    found.extend(_headline_denials(story, articles, propositions, outlet_words))
    culprits = culprits or StoryCulprits.of(articles, StoryVoices(()))
    by_culprit, denials = culprit_conflicts(story, articles, culprits)
    found.extend(date_conflicts(story, articles, culprits.known.places))
    found.extend(degree_conflicts(story, articles))
    # a denial of having done it is read once, as the culprit's denial, not again as a denied statement
    found = [c for c in found if c.kind != "denial" or not any(_same_sentence(c.b.span, d) for d in denials)] + by_culprit
    found.sort(key=lambda c: (c.kind, c.a.article, c.a.span.start, c.b.article, c.b.span.start))
    # a pair of figures can meet in more than one group: report each pair of places once, whichever side is first
    unique: dict[tuple, CrossConflict] = {}
    for conflict in found:
        sides = frozenset(((conflict.a.article, conflict.a.span.start, conflict.a.span.end), (conflict.b.article, conflict.b.span.start, conflict.b.span.end)))
        unique.setdefault((conflict.kind, sides), conflict)
    found = _one_per_claim_pair(list(unique.values()), quantities)
    return [CrossConflict(f"{story}:C{i}", c.story, c.kind, c.a, c.b, c.explanation) for i, c in enumerate(found, 1)]


def _same_sentence(side, culprit) -> bool:
    """Whether a conflict's side lies in the sentence of a culprit's mention."""
    sentence = culprit.sentence.span
    return side.article == culprit.article and side.start < sentence.end and sentence.start < side.end


def _numeric(story: str, group: ClaimGroup, quantities, articles: Mapping[str, Article], words: SentenceWords) -> list[CrossConflict]:
    """Disjoint figures of one quantity of one event: same counted category, predicate, period and scope, no update."""
    conflicts = []
    for a, b in combinations(group.members, 2):
        if a.article == b.article:
            continue
        qa, qb = quantities.get((a.article, a.record)), quantities.get((b.article, b.record))
        if qa is None or qb is None or "proportion" in (qa.kind, qb.kind) or not counts_apart(qa, qb):
            continue
        if not rival_counts(qa, qb, (event_scope(articles[a.article], qa), event_scope(articles[b.article], qb))):
            continue
        if tally_side(articles[a.article], qa) or tally_side(articles[b.article], qb):
            continue
        if not same_fact(articles[a.article], qa, articles[b.article], qb, words):
            continue
        # an article that also gives a figure agreeing with the other's does not dispute it: its other figure counts
        # something else (another event, an earlier toll) or comes from another source it reports (an in-article matter)
        if _agrees_anywhere(articles[a.article], qb, articles[b.article]) or _agrees_anywhere(articles[b.article], qa, articles[a.article]):
            continue
        explanation = (
            f"“{a.span.text}” ({format_interval(qa)}) against “{b.span.text}” ({format_interval(qb)}): "
            f"both count “{group.key}”{_what_happened(qa.predicate)} and the figures do not overlap"
        )
        conflicts.append(CrossConflict("", story, "numeric", a, b, explanation))
    return conflicts


def _what_happened(predicate: str | None) -> str:
    """The event both figures count, in words a reader uses: ' killed', ' (with the verb “board”)', or nothing."""
    if not predicate:
        return ""
    return f" {predicate}" if predicate in FAMILY_NAMES else f" (with the verb “{predicate}”)"


def _agrees_anywhere(article: Article, other: Quantity, other_article: Article) -> bool:
    """Whether an article gives, anywhere, a rival count of `other`'s category that agrees with it."""
    category = category_of(other)
    for quantity in article.quantities:
        mine = category_of(quantity)
        scopes = (event_scope(article, quantity), event_scope(other_article, other))
        if mine is not None and category is not None and mine.matches(category) and rival_counts(quantity, other, scopes):
            if "proportion" not in (quantity.kind, other.kind) and not counts_apart(quantity, other):
                return True
    return False


def _speaker(story: str, group: ClaimGroup, quantities) -> list[CrossConflict]:
    """The same statement credited to two incompatible named sources in two articles."""
    conflicts = []
    for a, b in combinations(group.members, 2):
        if a.article == b.article or a.polarity != b.polarity or not _named_person(a.speaker) or not _named_person(b.speaker):
            continue
        if same_speaker(a.speaker, b.speaker) or not _same_claim(group, a, b, quantities):
            continue
        explanation = f"“{excerpt(a.span.text, 200)}” is credited to {a.speaker} in one article and to {b.speaker} in the other"
        conflicts.append(CrossConflict("", story, "speaker", a, b, explanation))
    return conflicts


# words of an organisation, a group or a role: a speaker holding one may be the body another speaker works for
# ("IDF spokesperson" and the spokesman by name), so only two people named in full are incompatible sources
INSTITUTION_WORDS = frozenset(
    "ministry forces force army military police department agency institute university office government states "
    "state team group researchers scientists officials authorities spokesperson spokesman spokeswoman council "
    "committee party company corporation court commission organisation organization caption press".split()
)
# a negated judgement ("it is not acceptable to hit a hospital") says what ought to be, not that something did not happen
NORMATIVE = re.compile(
    r"\b(?:not|n[’']t|never)\s+(?:be\s+)?(?:acceptable|right|ok|okay|fair|appropriate|allowed|justified|justifiable|"
    r"permissible|tolerable|legal|lawful)\b|\b(?:should|must|ought)(?:\s+not|n[’']t)\b", re.I)


# a negation inside an infinitive ("wants the UK to leave ... and not seek an extension") or after a modal ("will not
# seek") states a plan or a refusal, not that something did not happen
INTENTION = re.compile(r"\bto\s+(?:(?!\b(?:is|was|were|are|be|been|has|have|had|did|does|do|said|says)\b)[\w’'-]+[\s,]+){1,12}?"
                       r"(?:and\s+|or\s+)?(?:not|never)\b|\b(?:will|would|shall)\s+(?:not|never)\b|\b(?:won|wouldn)[’']t\b", re.I)


def _named_person(speaker: str) -> bool:
    """A source named as a person in full: two capitalised name words and no word of an organisation or a role."""
    if not named_source(speaker):
        return False
    words = WORD.findall(speaker)
    if any(w.lower() in INSTITUTION_WORDS for w in words):
        return False
    return sum(1 for w in words if w[0].isupper() and w.lower() not in GENERIC_NAME_WORDS) >= 2


def _same_claim(group: ClaimGroup, a: ClaimMember, b: ClaimMember, quantities) -> bool:
    """Whether two members of a group state one statement themselves, not through a chain of similar ones.

    A figure credited to two sources is corroboration (one often cites the other), and different figures are a numeric
    matter: only a statement credited to two incompatible sources is a speaker conflict."""
    if group.kind == "quantity":
        return False
    if _persons(a.span.text) or _persons(b.span.text):
        return False  # "questions about his campaign": each speaker speaks of himself, not of one thing
    words_a, words_b = key_words(a.span.text), key_words(b.span.text)
    shared = words_a & words_b
    # over the larger wording: one statement, not a short one contained in a longer one that says more
    return len(shared) >= MIN_SHARED and len(shared) >= SAME_CLAIM * max(len(words_a), len(words_b))


PERSONAL = frozenset("he him his himself she her hers herself".split())


def _persons(text: str) -> frozenset[str]:
    """The gendered personal pronouns of a statement: credited to two people, it most likely speaks of each of them."""
    return frozenset(w.lower() for w in WORD.findall(text) if w.lower() in PERSONAL)


def _one_per_claim_pair(conflicts: list[CrossConflict], quantities) -> list[CrossConflict]:
    """Conflicts between the same two claims of two articles (the same two figures of one predicate, the same two
    speakers) merged into the first, whose explanation lists the other mentions."""
    merged: dict[tuple, list[CrossConflict]] = {}
    for conflict in conflicts:
        merged.setdefault(_claim_pair(conflict, quantities), []).append(conflict)
    result = []
    for same in merged.values():
        first = same[0]
        if len(same) > 1:
            others = "; ".join(f"“{excerpt(c.a.span.text, 40)}” / “{excerpt(c.b.span.text, 40)}”" for c in same[1:])
            explanation = f"{first.explanation}. Also met in {len(same) - 1} more mention{'s' if len(same) > 2 else ''}: {others}"
            first = CrossConflict(first.id, first.story, first.kind, first.a, first.b, explanation)
        result.append(first)
    return result


def _claim_pair(conflict: CrossConflict, quantities) -> tuple:
    """What makes two conflicts one: the kind and each side's article with its figure (and predicate) or speaker."""
    sides: list[tuple] = []
    for member in (conflict.a, conflict.b):
        quantity = quantities.get((member.article, member.record))
        if conflict.kind == "numeric" and quantity is not None:
            sides.append((member.article, quantity.predicate, comparable_interval(quantity)))
        elif conflict.kind == "speaker":
            sides.append((member.article, " ".join(member.speaker.lower().split())))
        else:
            return (conflict.kind, conflict.a.article, conflict.a.span.start, conflict.b.article, conflict.b.span.start)
    return (conflict.kind, frozenset(sides))


def _denials(story, articles, propositions, outlet_words) -> list[CrossConflict]:
    """Each denial against the best-matching unnegated statement of every other article.

    A speaker who denies the same thing twice in one article (the reported denial and the quote that backs it) meets
    each asserting sentence once: with the speaker's own quoted words where they match, else the reported denial
    that shares most of its words."""
    # a dict keeps a key where it was first put, so the conflicts come out in the order they were first found
    best_of: dict[tuple, tuple[tuple[bool, float], CrossConflict]] = {}
    for article_id, claims in propositions.items():
        for denial in (c for c in claims if c.polarity == "deny" and not NORMATIVE.search(c.span.text)
                       and not _only_not_only(c.span.text) and not unnamed(c.voice) and not INTENTION.search(c.span.text)):
            for other_id, other in articles.items():
                if other_id == article_id:
                    continue
                best = _asserted(denial, other, propositions.get(other_id, []), outlet_words)
                if best is None:
                    continue
                member, words, score = best
                explanation = f"{_who(denial.voice)} denies it (“{excerpt(denial.span.text)}”); the other article states it (“{excerpt(member.span.text)}”), sharing {', '.join(sorted(words))}"
                conflict = CrossConflict("", story, "denial", member, proposition_member(denial), explanation)
                key = (article_id, _speaker_key(denial.voice), other_id, member.record)
                rank = (denial.attribution.mode in ("direct", "mixed"), score)
                if key not in best_of or rank > best_of[key][0]:
                    best_of[key] = (rank, conflict)
    return [conflict for _, conflict in best_of.values()]


def _headline_denials(story, articles, propositions, outlet_words) -> list[CrossConflict]:
    """An article whose headline denies, in its own voice, what other articles of the story state ("Chocolate cannot
    help people lose weight"): once, against an article whose headline states it, else the earliest stating it (an
    article that also denies it is recounting the claim to debunk it), counting the other articles that state it."""
    found = []
    for article_id, article in articles.items():
        if not article.sentences:
            continue
        head = _negated_clause(article, article.sentences[0].span)
        if head is None or NORMATIVE.search(head.text) or _only_not_only(head.text):
            continue
        text = head.text
        if any(c.span.overlaps(head) for c in propositions.get(article_id, [])):
            continue  # a headline crediting a denial to someone is read with the attributions
        words = key_words(text) - outlet_words
        if len(words) < MIN_SHARED:
            continue
        claim = PropositionClaim(article_id, Attribution(f"{article_id}:headline", "implicit", "deny", None, None, head),
                                 head, words, OWN, "deny")
        matches = [m for other_id, other in articles.items() if other_id != article_id and not _denies_too(other, text)
                   and (m := _asserted(claim, other, propositions.get(other_id, []), outlet_words)) is not None
                   and not title_case(m[0].span.text)]
        if not matches:
            continue
        # an article whose own headline states it stands for them (it is a report of that claim), then the earliest
        member, shared, _ = min(matches, key=lambda m: (m[0].record != articles[m[0].article].sentences[0].id,
                                                        articles[m[0].article].published or "9999", -m[2]))
        more = f"; {len(matches) - 1} more article{'s' if len(matches) > 2 else ''} state it too" if len(matches) > 1 else ""
        explanation = (f"the headline denies it (“{excerpt(text)}”); the other article states it (“{excerpt(member.span.text)}”), "
                       f"sharing {', '.join(sorted(shared))}{more}")
        found.append(CrossConflict("", story, "denial", member, proposition_member(claim), explanation))
    return found


HEADLINE_BREAK = re.compile(r"\s*(?:[,:;—–|]|\s-\s|\bdespite\b|\bas\b)\s*")


def _negated_clause(article: Article, sentence: Span) -> Span | None:
    """The negated clause of a headline ("Chocolate cannot help people lose weight", not what follows its comma),
    or None: a question, no negation, or a headline in title case, where names cannot be told from other words."""
    text = sentence.text
    if text.rstrip().endswith("?"):
        return None
    start = 0
    for piece in [*HEADLINE_BREAK.finditer(text), None]:
        end = piece.start() if piece else len(text)
        clause = text[start:end]
        if is_negated(clause) and not title_case(clause):
            return article.span(sentence.start + start, sentence.start + end)
        start = piece.end() if piece else len(text)
    return None


def _denies_too(article: Article, denial: str) -> bool:
    """Whether an article has a negated sentence about what a denial denies: a debunking that also recounts the claim
    ("not only … but also" negates nothing)."""
    words, denied, _ = _denial_terms(denial)
    return any(is_negated(s.span.text) and not _only_not_only(s.span.text) and len(key_words(s.span.text) & words) >= MIN_SHARED
               and key_words(s.span.text) & denied for s in article.sentences)


def _speaker_key(voice: str) -> str:
    """A speaker as a key: within one article every mention of a source already carries the same normalised name."""
    return " ".join(voice.lower().split())


def _asserted(denial: PropositionClaim, article: Article, claims: list[PropositionClaim], outlet_words) -> tuple[ClaimMember, frozenset[str], float] | None:
    """The sentence of `article` that asserts most of what the denial denies, unnegated (with the shared words and
    their overlap score), or None."""
    best_words: frozenset[str]
    best, best_score, best_words = None, 0.0, frozenset()
    denied_spans = [c.span for c in claims if c.polarity == "deny"]
    denial_words, denied, common = _denial_terms(denial.span.text)
    denial_words = denial_words or denial.words
    actor = _denier_names(denial) if OWN_PART.search(denial.span.text) else frozenset()
    for sentence in article.sentences:
        text = sentence.span.text
        if text.rstrip().endswith("?") or is_negated(text) or any(s.overlaps(sentence.span) for s in denied_spans):
            continue
        if actor and not _names_actor(article, sentence.span, actor):
            continue  # "an attack on a hospital" does not say the denier did it
        if " ".join(denial.span.text.split()) in " ".join(text.split()):
            continue
        words = key_words(text) - outlet_words
        shared = denial_words & words
        score = overlap(denial_words, words)
        # about the same thing: what is denied is asserted, in shared common words (names alone tie any two sentences
        # of a story together), covering much of the denial itself
        if len(shared & common) < MIN_SHARED or not shared & denied or len(shared) < DENIAL_COVER * len(denial_words):
            continue
        if score >= DENIAL_MATCH and score > best_score:
            best, best_score, best_words = sentence, score, shared
    if best is None:
        return None
    voice = next((c.voice for c in claims if c.span.overlaps(best.span)), OWN)
    if same_speaker(voice, denial.voice) and voice != OWN:
        return None  # one speaker repeated in two articles is not a denial against an assertion
    member = sentence_member(article.id, best, voice)
    return member, best_words, best_score


# a denial of one's own part in something: only a statement that names the denier as the one who did it contradicts it
OWN_PART = re.compile(r"\b(?:involve\w*|responsib\w*|role|behind|blame\w*|fault|culpab\w*)\b", re.I)


def _denier_names(denial: PropositionClaim) -> frozenset[str]:
    """The name words of who denies ('Israel Defense Forces' -> israel, defense), roles and bodies aside."""
    return frozenset(w.lower()[:NAME_STEM] for w in WORD.findall(denial.voice)
                     if w[0].isupper() and w.lower() not in INSTITUTION_WORDS | GENERIC_NAME_WORDS)


def _names_actor(article: Article, sentence: Span, actor: frozenset[str]) -> bool:
    """Whether a sentence names the denier as part of what it states (by a name word or its adjective), not as the
    one who speaks ("Israeli Prime Minister X said ...")."""
    speakers = [a.speaker.span for a in article.attributions if a.speaker is not None and a.speaker.span is not None]
    for match in WORD.finditer(article.text, sentence.start, sentence.end):
        if any(span.start <= match.start() < span.end for span in speakers):
            continue
        if match.group()[0].isupper() and match.group().lower()[:NAME_STEM] in actor:
            return True
    return False


# where a denial's content goes on to say something else: "we did not strike it, and the intelligence suggests ...",
# "dismissed the claims, accusing Israel of ..."
CLAUSE_AFTER = re.compile(r"[,;]\s+(?:and|but|while|whereas|adding|accusing|saying|blaming|calling|insisting|arguing)\b|;\s+"
                          r"|\s+(?:and|but)\s+(?=(?:not|never|no)\b)", re.I)


def _only_not_only(text: str) -> bool:
    """Whether a text's only negation is "not only" (…, but also): an addition, nothing denied."""
    tokens = [t.lower() for t in WORD.findall(text)]
    negators = [i for i, t in enumerate(tokens) if t in NEGATORS or t.endswith(("n't", "n’t"))]
    return bool(negators) and all(tokens[i] == "not" and tokens[i + 1 : i + 2] == ["only"] for i in negators)


@functools.lru_cache(maxsize=4096)
def _denial_terms(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A denial's words, its denied words and its common words, read from its denied clause once per denial (every
    other article of the story is searched with them)."""
    clause = denied_clause(text)
    return key_words(clause), _denied_words(clause), _common_words(clause)


def denied_clause(text: str) -> str:
    """The part of a denial's content that is denied: its clauses that carry a negator, else (a denying cue carries
    the negation) its first clause. What the denier goes on to assert is no part of what is denied."""
    pieces, start = [], 0
    for match in CLAUSE_AFTER.finditer(text):
        pieces.append(text[start : match.start()])
        start = match.start() + 1
    pieces.append(text[start:])
    negated = [p for p in pieces if any(t.lower() in NEGATORS or t.lower().endswith(("n't", "n’t")) for t in WORD.findall(p))]
    return " ".join(negated) if negated else pieces[0]


def _denied_words(text: str) -> frozenset[str]:
    """What a denial negates: the content words just after its negators ('no evidence', 'did not ratify'), or all its
    words when a denying cue carries the negation ('denied that any oil had leaked')."""
    tokens = WORD.findall(text)
    after = [" ".join(tokens[i + 1 : i + 4]) for i, t in enumerate(tokens) if t.lower() in NEGATORS or t.lower().endswith(("n't", "n’t"))]
    words = frozenset(w for phrase in after for w in key_words(phrase))
    return words or key_words(text)


def _common_words(text: str) -> frozenset[str]:
    """Key words of a text that it writes in lower case somewhere: not names."""
    return key_words(" ".join(t for t in WORD.findall(text) if t[0].islower()))


def _who(voice: str) -> str:
    return "the article itself" if voice == OWN else voice.removeprefix("outlet:")
