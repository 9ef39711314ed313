"""Markers of the author's own judgement: evaluative words, speculation, predictions, questions, scare quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Evaluative vocabulary: words that judge rather than report. Written for retold; lemmas, lower case.
EVALUATIVE_ADJECTIVES = frozenset(
    """
    absurd abhorrent alarming appalling atrocious awful barbaric bizarre bloody brazen brutal callous catastrophic
    chilling cowardly cruel cynical damning dangerous defiant deplorable despicable dire dirty disastrous disgraceful
    disgusting dishonest dismal dreadful egregious evil fanatical farcical foolish ghastly grim grisly gruesome heinous
    heroic horrendous horrible horrific hypocritical idiotic ill-fated incompetent infamous insane laughable
    lamentable ludicrous malicious menacing monstrous nefarious notorious obscene ominous outrageous pathetic
    pointless preposterous reckless ridiculous ruthless scandalous senseless shameful shameless shocking sinister
    so-called stupid terrible tragic treacherous unacceptable unconscionable unforgivable unthinkable vicious vile
    wicked woeful wretched self-styled self-proclaimed supposed would-be
    """.split()
)
EVALUATIVE_ADVERBS = frozenset(
    """
    absurdly alarmingly amazingly astonishingly brazenly conveniently cynically disgracefully dubiously foolishly
    frankly improbably implausibly inexplicably ironically laughably ludicrously mercifully mysteriously naively
    outrageously predictably questionably recklessly ridiculously sadly shamefully shamelessly shockingly
    suspiciously tellingly tragically unbelievably unsurprisingly obviously clearly undoubtedly surely
    """.split()
)
# verbs that pass judgement on conduct, rather than report it neutrally
EVALUATIVE_VERBS = frozenset(
    "renege betray bungle squander botch capitulate cave grovel whitewash butcher slaughter massacre".split()
)
SPECULATION_WORDS = frozenset("perhaps possibly probably presumably arguably conceivably likely".split())
SPECULATIVE_MODALS = frozenset("might may could".split())
INTERPRETIVE = re.compile(r"\b(?:was|is|were|are)\s+(?:really\s+|all\s+|actually\s+)?about\s+\w+ing\b", re.I)
REPEATED_INTENSIFIER = re.compile(r"\b(much|very|far|so|many)(?:,\s*|\s+)\1\b", re.I)
SCARE_QUOTE = re.compile(r"[\"“‘']([^\"“”‘’']{1,40})[\"”’']")


@dataclass(frozen=True)
class Marker:
    """A stretch of words that shows the author's judgement, and what kind of judgement it is."""

    start: int
    end: int
    kind: str  # evaluative | speculation | prediction | question | interpretation | emphasis | scare_quote


def find_markers(sentence_tokens, text: str) -> list[Marker]:
    """Markers in one sentence, given its spaCy tokens (a Span) and the article text."""
    from retold.analyze.attribution.table import token_table

    markers: list[Marker] = []
    doc = sentence_tokens.doc
    table = token_table(doc)  # token attributes read once per Doc: this runs on every sentence of every article
    first, last = sentence_tokens.start, sentence_tokens.end
    lowers, lemmas, poses, tags = table.lower, table.lemma, table.pos, table.tag
    question = "?" in lowers[first:last]
    for i in range(first, last):
        lower, lemma, pos = lowers[i], lemmas[i], poses[i]
        kind = None
        if pos == "ADJ" and (lower in EVALUATIVE_ADJECTIVES or lemma in EVALUATIVE_ADJECTIVES):
            kind = "evaluative"
        elif pos == "ADV" and lower in EVALUATIVE_ADVERBS:
            kind = "evaluative"
        elif pos == "VERB" and lemma in EVALUATIVE_VERBS:
            kind = "evaluative"
        elif lower in SPECULATION_WORDS and pos in ("ADV", "ADJ"):
            kind = "speculation"
        elif tags[i] == "MD" and lower in SPECULATIVE_MODALS and _perfect_or_negated(lowers[i + 1 : min(i + 4, last)]):
            kind = "speculation"
        elif tags[i] == "MD" and lower in ("will", "'ll") and not question:
            kind = "prediction"
        if kind:
            markers.append(_token_marker(doc[i], kind))
        # a compound like self-styled is three tokens; check the hyphenated form
        if lower == "-" and first < i < last - 1:
            compound = f"{lowers[i - 1]}-{lowers[i + 1]}"
            if compound in EVALUATIVE_ADJECTIVES:
                after = doc[i + 1]
                markers.append(Marker(doc[i - 1].idx, after.idx + len(after), "evaluative"))
    start, end = sentence_tokens.start_char, sentence_tokens.end_char
    sentence_text = text[start:end]
    for pattern, kind in ((INTERPRETIVE, "interpretation"), (REPEATED_INTENSIFIER, "emphasis")):
        for match in pattern.finditer(sentence_text):
            markers.append(Marker(start + match.start(), start + match.end(), kind))
    if sentence_text.rstrip().rstrip("”\"’'").endswith("?"):
        markers.append(Marker(start, end, "question"))
    return markers


def find_scare_quotes(text: str, start: int, end: int) -> list[Marker]:
    """Short quoted words (one to three) inside a sentence: labels the author holds at a distance."""
    found = []
    for match in SCARE_QUOTE.finditer(text, start, end):
        inner = match.group(1).strip()
        if inner and len(inner.split()) <= 3 and match.start() > start:
            found.append(Marker(match.start(), match.end(), "scare_quote"))
    return found


def _token_marker(token, kind: str) -> Marker:
    return Marker(token.idx, token.idx + len(token), kind)


def _perfect_or_negated(following: list[str]) -> bool:
    """'may have averted', 'might have been', 'may not even have been': speculation, not permission."""
    return "have" in following or "not" in following or "well" in following
