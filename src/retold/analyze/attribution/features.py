"""Token features shared by training and inference of the cue tagger and the source/content tagger."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from retold.analyze.attribution.lexicon import SPEECH_NOUNS, SPEECH_VERBS
from retold.analyze.attribution.quotes import Quote
from retold.analyze.attribution.table import TokenTable, read_table

OPENING_MARKS = frozenset(("“", '"', "‘", ":", ",", "''"))
CLOSING_MARKS = frozenset(("”", '"', "’", ",", "''"))
CHILD_DEPS = frozenset("ccomp xcomp nsubj nsubjpass dobj prep agent mark advcl dative attr acomp neg aux auxpass".split())


@dataclass(frozen=True)
class DocFeatures:
    """What both taggers read of one document, computed once per document."""

    doc: Doc
    table: TokenTable
    quotes: list[Quote]
    in_quote: list[bool]  # per token: inside a top-level quote
    rows: list[tuple[str, ...]]  # per token: its context-free features


def doc_features(doc, quotes: list[Quote], table: TokenTable | None = None) -> DocFeatures:
    """The token table (read here unless given), quote mask and context-free features of a parsed document."""
    table = table if table is not None else read_table(doc)
    in_quote = quote_mask(doc, quotes)
    return DocFeatures(doc, table, quotes, in_quote, base_features(table, in_quote))


def quote_mask(doc, quotes: list[Quote]) -> list[bool]:
    """For each token: does it lie inside a top-level quote?"""
    inside = [False] * len(doc)
    for quote in quotes:
        if quote.level != 0:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                inside[i] = True
    return inside


def base_features(table: TokenTable, in_quote: list[bool]) -> list[tuple[str, ...]]:
    """Context-free features of every token, computed once per document."""
    lower, lemmas, tags, deps = table.lower, table.lemma, table.tag, table.dep
    ent_types, pos, heads, children = table.ent_type, table.pos, table.head, table.children
    # the features every token has are built column by column, each distinct string once
    head_lemma, head_dep = _prefixed("hl=", lemmas), _prefixed("hd=", deps)
    common = list(zip(
        _prefixed("w=", lower), _prefixed("l=", lemmas), _prefixed("t=", tags), _prefixed("d=", deps),
        _joined("ld=", lemmas, deps), [head_lemma[h] for h in heads], [head_dep[h] for h in heads],
        _joined("lt=", lemmas, tags),
    ))
    # rows are tuples: tuples of strings drop out of the garbage collector's lists, which a document's worth of
    # lists kept busy (about 7% of the time)
    rows = []
    last = len(table) - 1
    for i, lemma in enumerate(lemmas):
        row = []
        if lemma in SPEECH_VERBS:
            row.append("sv")
        if lemma in SPEECH_NOUNS:
            row.append("sn")
        if in_quote[i]:
            row.append("q")
        if ent_types[i]:
            row.append("e=" + ent_types[i])
        signature = []
        for child in children[i]:
            label = deps[child]
            if label in CHILD_DEPS:
                row.append("c=" + label)
                signature.append(label)
                if label in ("prep", "mark", "agent"):
                    row.append("cw=" + lower[child])
                if label in ("nsubj", "nsubjpass"):
                    kind = ent_types[child] or (lower[child] if pos[child] == "PRON" else tags[child])
                    row.append("s=" + kind)
                    row.append("sl=" + kind + "|" + lemma)
                    # the subject's own word: polls, surveys and reports "show" as people "say"
                    row.append("sw=" + lemmas[child])
                if label == "ccomp":
                    row.append("cc=" + lemma)
        if signature:
            row.append("sig=" + "+".join(sorted(set(signature))))
        # a quote mark has no case, so its lowercase form is its text
        if i < last and pos[i] == "VERB" and lower[i + 1] in OPENING_MARKS:
            row.append("next=" + lower[i + 1])
        if i > 0 and lower[i - 1] in CLOSING_MARKS:
            row.append("prev=" + lower[i - 1])
        rows.append(common[i] + tuple(row) if row else common[i])
    return rows


def _prefixed(prefix: str, values: list[str]) -> list[str]:
    """prefix + value for every value, each distinct string built once."""
    built = {value: prefix + value for value in set(values)}
    return [built[value] for value in values]


def _joined(prefix: str, firsts: list[str], seconds: list[str]) -> list[str]:
    """prefix + first + "|" + second for every pair, each distinct string built once."""
    pairs = list(zip(firsts, seconds))
    built = {pair: prefix + pair[0] + "|" + pair[1] for pair in set(pairs)}
    return [built[pair] for pair in pairs]


def cue_sequences(features: DocFeatures, bounds: list[tuple[int, int]]) -> Iterator[list[Sequence[str]]]:
    """Features for tagging the cue words of each sentence [start, end), one sentence at a time (so each dies young):
    the token's own plus its neighbours'."""
    table, rows = features.table, features.rows
    # each token's neighbour features are built once per document, in bulk, then joined per sentence
    lemma_at = {offset: _prefixed(f"{offset}l=", table.lemma) for offset in (-2, -1, 1, 2)}
    tag_at = {offset: _prefixed(f"{offset}t=", table.tag) for offset in (-2, -1, 1, 2)}
    pairs = [a + "_" + b for a, b in zip(table.lower, table.lower[1:])]
    after = ["bi=" + pair for pair in pairs]
    before = ["bi-=" + pair for pair in pairs]
    (l2, l1, r1, r2), (t2, t1, s1, s2) = lemma_at.values(), tag_at.values()
    for start, end in bounds:
        sequence: list[Sequence[str]] = []
        for i in range(start, end):
            if start + 2 <= i < end - 2:
                sequence.append(rows[i] + (l2[i - 2], t2[i - 2], l1[i - 1], t1[i - 1], r1[i + 1], s1[i + 1],
                                           r2[i + 2], s2[i + 2], after[i], before[i - 1]))
                continue
            row = list(rows[i])
            for offset in (-2, -1, 1, 2):
                j = i + offset
                if start <= j < end:
                    row.append(lemma_at[offset][j])
                    row.append(tag_at[offset][j])
                else:
                    row.append(f"{offset}edge")
            if i + 1 < end:
                row.append(after[i])
            if i > start:
                row.append(before[i - 1])
            sequence.append(row)
        yield sequence


POSITIONS = ("before", "in", "after")
CLAUSE_BREAKS = frozenset((",", ";", "—", "–", "--", "-", "(", ")", ":"))
# per position, the number of clause breaks between a word and the cue: 0, 1, 2 or more
BREAK_FEATURES = {position: tuple(f"cb={position}{n}" for n in range(3)) for position in POSITIONS}
# per position, the rule-role features of a token: "r=" + role, "rp=" + role + position
RULE_ROLE_FEATURES = {position: {role: ("r=" + role, "rp=" + role + position) for role in ("S", "C", "O")}
                      for position in POSITIONS}
# distance from the cue -> its bucket: 1, 2-3, 4-8, further
BUCKETS = ("1", "1", "3", "3", "8", "8", "8", "8", "8", "far")


def role_sequence(features: DocFeatures, window: range, cue: tuple[int, int], head: int,
                  rule_roles: dict[int, str]) -> list[list[str]]:
    """Features for tagging source and content words around one cue (cue = token range [start, end); head = the
    index of its root, as Span.root gives it)."""
    table, rows, in_quote = features.table, features.rows, features.in_quote
    cue_lemma = table.lemma[head]
    top = head
    while table.dep[top] in ("xcomp", "aux") and table.head[top] < top:
        top = table.head[top]
    branch, edges = _branches(table, top, head)
    # clause boundaries between a word and the cue: a content seldom runs over a comma or dash the cue is not beside
    breaks = [0] * (len(table) + 1)
    for j in range(window.start, window.stop):
        breaks[j + 1] = breaks[j] + (table.lower[j] in CLAUSE_BREAKS)
    ancestors = set(table.ancestors(head))
    ent_types = table.ent_type
    branched = {label: ("b=" + label, "bc=" + label + "|" + cue_lemma) for label in set(branch.values())}

    def placed(position: str, bucket: str) -> tuple[str, ...]:
        return "p=" + position, "pd=" + position + bucket, "pc=" + position + "|" + cue_lemma, "qp=" + position

    # the strings that depend only on the cue and the distance to it are built once per cue, not once per word
    by_distance = {}
    for side in ("before", "after"):
        built = {bucket: placed(side, bucket) for bucket in set(BUCKETS)}
        by_distance[side] = [built[bucket] for bucket in BUCKETS]
    inner = placed("in", "0")
    sequence = []
    for i in window:
        if i < cue[0]:
            position, place = "before", by_distance["before"][min(cue[0] - i, 9)]
        elif i < cue[1]:
            position, place = "in", inner
        else:
            position, place = "after", by_distance["after"][min(i - cue[1] + 1, 9)]
        role, role_position = RULE_ROLE_FEATURES[position][rule_roles.get(i, "O")]
        own = rows[i]
        row = [own[0], own[1], own[2], own[3], place[0], place[1], place[2], role, role_position]
        if in_quote[i]:
            row.append("q")
            row.append(place[3])
        if ent_types[i]:
            row.append("e=" + ent_types[i])
        between = breaks[cue[0]] - breaks[i + 1] if i < cue[0] else breaks[i] - breaks[cue[1]] if i >= cue[1] else 0
        row.append(BREAK_FEATURES[position][min(between, 2)])
        which = branch.get(i)
        if which:
            row.extend(branched[which])
            edge = edges.get(i)
            if edge:
                row.append(edge)
        elif i in ancestors:
            row.append("anc")
        else:
            row.append("nob")
        sequence.append(row)
    return sequence


def _branches(table: TokenTable, top: int, head: int) -> tuple[dict[int, str], dict[int, str]]:
    """Token index -> the dependency label of the cue's child whose subtree holds it (the cue's own children first,
    then those of the verb its chain climbs to: 'wanted to say that ...'); and the first and last word of each such
    subtree -> "edge=L" / "edge=R" (where a content taken from one would begin and end)."""
    found: dict[int, str] = {}
    edges: dict[int, str] = {}
    for parent in (head, top) if top != head else (head,):
        for child in table.children[parent]:
            if child == head or child in found:
                continue
            label = table.dep[child] if table.dep[child] != "prep" else "prep_" + table.lower[child]
            subtree = table.subtree(child)
            for i in subtree:
                found.setdefault(i, label)
            edges.setdefault(min(subtree), "edge=L")
            edges.setdefault(max(subtree), "edge=R")
    return found, edges
