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
    markers: list[Marker] = []
    tokens = list(sentence_tokens)
    for i, token in enumerate(tokens):
        lower, lemma = token.lower_, token.lemma_.lower()
        if token.pos_ == "ADJ" and (lower in EVALUATIVE_ADJECTIVES or lemma in EVALUATIVE_ADJECTIVES):
            markers.append(_token_marker(token, "evaluative"))
        elif token.pos_ == "ADV" and lower in EVALUATIVE_ADVERBS:
            markers.append(_token_marker(token, "evaluative"))
        elif token.pos_ == "VERB" and lemma in EVALUATIVE_VERBS:
            markers.append(_token_marker(token, "evaluative"))
        elif lower in SPECULATION_WORDS and token.pos_ in ("ADV", "ADJ"):
            markers.append(_token_marker(token, "speculation"))
        elif token.tag_ == "MD" and lower in SPECULATIVE_MODALS and _perfect_or_negated(tokens, i):
            markers.append(_token_marker(token, "speculation"))
        elif token.tag_ == "MD" and lower in ("will", "'ll") and not _inside_question(tokens):
            markers.append(_token_marker(token, "prediction"))
        # a compound like self-styled is three tokens; check the hyphenated form
        if token.text == "-" and 0 < i < len(tokens) - 1:
            compound = f"{tokens[i - 1].lower_}-{tokens[i + 1].lower_}"
            if compound in EVALUATIVE_ADJECTIVES:
                markers.append(Marker(tokens[i - 1].idx, tokens[i + 1].idx + len(tokens[i + 1]), "evaluative"))
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


def _perfect_or_negated(tokens, i: int) -> bool:
    """'may have averted', 'might have been', 'may not even have been': speculation, not permission."""
    following = [t.lower_ for t in tokens[i + 1 : i + 4]]
    return "have" in following or "not" in following or "well" in following


def _inside_question(tokens) -> bool:
    return any(t.text == "?" for t in tokens)
