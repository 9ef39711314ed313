"""Attributions framed by phrases rather than verbs: 'according to X', 'as far as X is concerned', 'X's denials', 'X: ...'."""
from __future__ import annotations

import re

from retold.analyze.attribution.draft import Draft, token_range
from retold.analyze.attribution.lexicon import CONCESSIVE, DENIAL_NOUNS, SPEECH_NOUNS
from retold.analyze.attribution.roles import _strip_edges, phrase

AS_FAR_AS = re.compile(r"\b[Aa]s far as (?P<who>[^,.;]{2,80}?) (?:is|are|was|were) concerned\b\s*,?\s*")
NAME_LABELS = frozenset(["PERSON", "ORG", "NORP", "GPE"])


def according_to(sent) -> list[Draft]:
    """'according to X' anywhere in a sentence; the content is the clause it modifies, minus the phrase."""
    drafts = []
    for token in sent:
        if token.lower_ != "according" or token.i + 1 >= sent.end or token.nbor().lower_ != "to":
            continue
        objects = [c for c in token.nbor().children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
        if not objects:
            continue
        speaker = phrase(objects[0], stop_at_comma=True)
        frame = set(range(token.i, max(token.nbor().right_edge.i, objects[0].right_edge.i) + 1))
        head = token.head if token.head.i != token.i and token.dep_ != "ROOT" else sent.root
        if head.i in frame:
            head = sent.root
        clause = head.subtree if head.pos_ in ("VERB", "AUX") else sent
        words = [t for t in clause if t.i not in frame and sent.start <= t.i < sent.end]
        words = _strip_edges(words)
        content = token_range(words) if words else None
        parts = _contiguous_parts(words, frame) if words else ()
        drafts.append(Draft(cue=token_range([token, token.nbor()]), speaker=speaker, content=content,
                            parts=parts, speaker_token=objects[0], cue_token=token))
    return drafts


def as_far_as(sent, text: str) -> list[Draft]:
    """'As far as X is concerned, ...': X's view frames the rest of the sentence."""
    drafts = []
    for match in AS_FAR_AS.finditer(text, sent.start_char, sent.end_char):
        who = match.span("who")
        rest_start, rest_end = match.end(), sent.end_char
        while rest_end > rest_start and not text[rest_end - 1].isalnum():
            rest_end -= 1
        content = (rest_start, rest_end) if rest_end - rest_start > 3 else None
        speaker_token = next((t for t in sent if t.idx >= who[0] and t.idx < who[1] and t.dep_.startswith("nsubj")), None)
        cue_end = match.end()
        while text[cue_end - 1] in ", ":
            cue_end -= 1
        drafts.append(Draft(cue=(match.start(), cue_end), speaker=who, content=content,
                            speaker_token=speaker_token))
    return drafts


def speech_nouns(sent) -> list[Draft]:
    """'despite coalition denials', 'the minister's claim that ...': a noun of saying owned by a source."""
    drafts = []
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in SPEECH_NOUNS:
            continue
        owner = _owner(token)
        if owner is None:
            continue
        clause = [c for c in token.children if c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)]
        content, mode = None, "implicit"
        if clause:
            words = _strip_edges(list(clause[0].subtree))
            content, mode = (token_range(words) if words else None), "indirect"
        elif token.head.dep_ == "prep" and token.head.lower_ in CONCESSIVE:
            content = _conceded_clause(token.head)
        elif token.lemma_.lower() not in DENIAL_NOUNS:
            continue  # "his statement" alone says nothing we can point at
        polarity = "deny" if token.lemma_.lower() in DENIAL_NOUNS else "assert"
        drafts.append(Draft(cue=token_range([token]), speaker=phrase(owner), content=content, mode=mode,
                            polarity=polarity, speaker_token=owner, cue_token=token))
    return drafts


def _owner(noun):
    """Who owns a speech noun: 'coalition denials', 'Russia's claim', 'denials by/from the coalition'."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
        if child.dep_ == "compound" and (child.pos_ == "PROPN" or child.ent_type_ in NAME_LABELS or child.pos_ == "NOUN"):
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _conceded_clause(preposition):
    head = preposition.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    words = [t for t in head.subtree if not (preposition.left_edge.i <= t.i <= preposition.right_edge.i)]
    words = _strip_edges(words)
    return token_range(words) if words else None


def colon_tags(sent, text: str) -> list[Draft]:
    """'Smith: We will win.' -- a name then a colon at the start of a sentence introduces what the name says."""
    tokens = [t for t in sent if not t.is_space]
    for index, token in enumerate(tokens[:7]):
        if token.text != ":":
            continue
        name = tokens[:index]
        while name and name[0].is_quote:
            name = name[1:]  # a transcript turn quoted whole: "WALLACE: ...
        after = tokens[index + 1 :]
        if not name or len(after) < 3:
            return []
        named = all(t.ent_type_ in ("PERSON", "ORG") for t in name if t.is_alpha) and any(t.ent_type_ for t in name)
        if not (named and _plain_name(name) or _transcript_label(name)):
            return []
        end = after[-1]
        while end.is_punct and end.i > after[0].i:
            end = end.doc[end.i - 1]
        return [Draft(cue=token_range([token]), speaker=token_range(name), content=token_range([after[0], end]),
                      speaker_token=name[-1], cue_token=token)]
    return []


def paragraph_colon_tags(text: str, doc) -> list[Draft]:
    """'WALLACE: ...' opening a paragraph (a transcript turn, often quoted whole), or 'Trump: ...' opening a
    headline: the name speaks the rest of the paragraph, however many sentences the parser cut it into."""
    from retold.analyze.sentences import paragraph_starts

    drafts = []
    for number, start in enumerate(paragraph_starts(text)):
        end = _paragraph_end(text, start)
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            continue
        # a turn's colon is among the first eight words: most paragraphs are read no further than that
        opening = []
        for token in span:
            if not token.is_space:
                opening.append(token)
                if token.text == ":" or len(opening) == 8:
                    break
        if not opening or opening[-1].text != ":":
            continue
        colon = len(opening) - 1
        tokens = [t for t in span if not t.is_space]
        name = tokens[:colon]
        while name and name[0].is_quote:
            name = name[1:]
        after = _trim_tail(tokens[colon + 1 :])
        if not name or len(after) < 3:
            continue
        if not (_transcript_label(name) or number == 0 and _headline_speaker(name)):
            continue
        drafts.append(Draft(cue=token_range([tokens[colon]]), speaker=token_range(name),
                            content=token_range([after[0], after[-1]]), speaker_token=name[-1], cue_token=tokens[colon],
                            notes={"turn": True}))
    return drafts


HEADLINE_NOT_SPEAKERS = frozenset(
    "latest update updates live breaking watch analysis opinion review exclusive explainer editorial video photos "
    "timeline quiz recap factbox podcast interview letters".split()
)


def _plain_name(name: list) -> bool:
    """A name, not a section label ('The Latest', 'Analysis') or a clause ('Veto Power Impedes Peace Efforts')."""
    words = [t for t in name if not t.is_punct]
    if not words or len(words) > 4 or words[0].lower_ in ("the", "a", "an"):
        return False
    return not any(t.lower_ in HEADLINE_NOT_SPEAKERS or t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ != "of" for t in words)


def _headline_speaker(name: list) -> bool:
    """'Trump:', 'Clinton camp:', 'NY Daily News:' -- a short capitalised name before a headline's colon (not a
    section label such as 'The Latest:' or 'Analysis:', and not a clause such as 'Clinton Wades In:')."""
    words = [t for t in name if not t.is_punct]
    if not _plain_name(name):
        return False
    if len(words) > 1 and all(t.is_upper for t in words):
        return False  # 'FIX IS IN:' -- a shouted phrase, not a name
    return words[0].text[:1].isupper() and words[-1].text[:1].isupper() or words[-1].lower_ in ("camp", "aides", "officials")


def _trim_tail(tokens: list) -> list:
    while tokens and (tokens[-1].is_punct or tokens[-1].is_quote):
        tokens = tokens[:-1]
    return tokens


def _paragraph_end(text: str, start: int) -> int:
    from retold.analyze.sentences import PARAGRAPH_BREAK

    found = PARAGRAPH_BREAK.search(text, start)
    end = found.start() if found else len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


NOT_SPEAKERS = frozenset("breaking update updated watch note correction clarification video photos read more editor exclusive".split())


def _transcript_label(name: list) -> bool:
    """'WALLACE:' -- a short all-capitals name opening a transcript turn."""
    return len(name) <= 3 and all(t.is_alpha and t.is_upper and len(t) > 1 and t.lower_ not in NOT_SPEAKERS for t in name)


DASHES = "―—–"


def dash_tags(text: str, quotes, doc) -> list[Draft]:
    """'“...” ― Jane Roe': a dash after a closing quote, then a short name, credits the quote to the name."""
    drafts = []
    for quote in quotes:
        if quote.level != 0 or quote.closing is None:
            continue
        cursor = quote.closing + 1
        while cursor < len(text) and text[cursor] != "\n" and text[cursor].isspace():  # no-break spaces too
            cursor += 1
        if cursor >= len(text) or not (text[cursor] in DASHES or text.startswith("--", cursor)):
            continue
        dash_end = cursor + (2 if text.startswith("--", cursor) else 1)
        name = doc.char_span(dash_end, _line_end(text, dash_end), alignment_mode="contract")
        if name is None:
            continue
        words = [t for t in name if not t.is_space]
        while words and words[0].is_punct:
            words = words[1:]
        cut = next((k for k, t in enumerate(words) if t.text in (",", "(", ".", ";") or t.is_space), len(words))
        words = words[:cut]
        if not words or len(words) > 6 or not words[0].text[:1].isupper():
            continue
        drafts.append(Draft(cue=(cursor, dash_end), speaker=token_range(words), content=(quote.start, quote.end),
                            mode="direct", speaker_token=words[-1]))
    return drafts


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _contiguous_parts(words: list, frame: set[int]) -> tuple:
    parts: list = []
    run: list = []
    for token in words:
        if run and token.i != run[-1].i + 1:
            parts.append(run)
            run = []
        run.append(token)
    if run:
        parts.append(run)
    parts = [_strip_edges(p) for p in parts]
    parts = [p for p in parts if p]
    return tuple(token_range(p) for p in parts) if len(parts) > 1 else ()
