"""Token features shared by training and inference of the cue tagger and the source/content tagger."""
from __future__ import annotations

from retold.analyze.attribution.lexicon import SPEECH_NOUNS, SPEECH_VERBS
from retold.analyze.attribution.quotes import Quote

OPENING_MARKS = frozenset(("“", '"', "‘", ":", ",", "''"))
CLOSING_MARKS = frozenset(("”", '"', "’", ",", "''"))
CHILD_DEPS = frozenset("ccomp xcomp nsubj nsubjpass dobj prep agent mark advcl dative attr acomp neg aux auxpass".split())


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


def base_features(doc, in_quote: list[bool]) -> list[list[str]]:
    """Context-free features of every token, computed once per document."""
    rows = []
    for token in doc:
        lemma = token.lemma_.lower()
        head = token.head
        row = [
            "w=" + token.lower_, "l=" + lemma, "t=" + token.tag_, "d=" + token.dep_,
            "ld=" + lemma + "|" + token.dep_, "hl=" + head.lemma_.lower(), "hd=" + head.dep_,
            "lt=" + lemma + "|" + token.tag_,
        ]
        if lemma in SPEECH_VERBS:
            row.append("sv")
        if lemma in SPEECH_NOUNS:
            row.append("sn")
        if in_quote[token.i]:
            row.append("q")
        if token.ent_type_:
            row.append("e=" + token.ent_type_)
        signature = []
        for child in token.children:
            if child.dep_ in CHILD_DEPS:
                row.append("c=" + child.dep_)
                signature.append(child.dep_)
                if child.dep_ in ("prep", "mark", "agent"):
                    row.append("cw=" + child.lower_)
                if child.dep_ in ("nsubj", "nsubjpass"):
                    kind = child.ent_type_ or (child.lower_ if child.pos_ == "PRON" else child.tag_)
                    row.append("s=" + kind)
                    row.append("sl=" + kind + "|" + lemma)
                if child.dep_ == "ccomp":
                    row.append("cc=" + lemma)
        if signature:
            row.append("sig=" + "+".join(sorted(set(signature))))

        if token.pos_ == "VERB" and token.i + 1 < len(doc) and doc[token.i + 1].text in OPENING_MARKS:
            row.append("next=" + doc[token.i + 1].text)
        if token.i > 0 and doc[token.i - 1].text in CLOSING_MARKS:
            row.append("prev=" + doc[token.i - 1].text)
        rows.append(row)
    return rows


def cue_sequence(sent, rows: list[list[str]]) -> list[list[str]]:
    """Features for tagging the cue words of one sentence: the token's own plus its neighbours'."""
    start, end = sent.start, sent.end
    # rows[i][0..2] are "w=", "l=", "t=": neighbours are read from them, not from the Doc (much faster)
    sequence = []
    for i in range(start, end):
        row = list(rows[i])
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if start <= j < end:
                row.append(f"{offset}l=" + rows[j][1][2:])
                row.append(f"{offset}t=" + rows[j][2][2:])
            else:
                row.append(f"{offset}edge")
        if i + 1 < end:
            row.append("bi=" + rows[i][0][2:] + "_" + rows[i + 1][0][2:])
        if i > start:
            row.append("bi-=" + rows[i - 1][0][2:] + "_" + rows[i][0][2:])
        sequence.append(row)
    return sequence


def role_sequence(tokens, cue: tuple[int, int], rows: list[list[str]], rule_roles: dict[int, str]) -> list[list[str]]:
    """Features for tagging source and content words around one cue (cue = token range [start, end))."""
    doc = tokens[0].doc
    cue_head = _cue_head(doc, cue)
    cue_lemma = cue_head.lemma_.lower()
    top = cue_head
    while top.dep_ in ("xcomp", "aux") and top.head.i != top.i and top.head.i < top.i:
        top = top.head
    branch = _branches(top, cue_head)
    ancestors = {a.i for a in cue_head.ancestors}
    sequence = []
    for token in tokens:
        i = token.i
        if cue[0] <= i < cue[1]:
            position = "in"
        elif i < cue[0]:
            position = "before"
        else:
            position = "after"
        distance = cue[0] - i if i < cue[0] else i - cue[1] + 1
        bucket = "0" if position == "in" else ("1" if distance <= 1 else "3" if distance <= 3 else "8" if distance <= 8 else "far")
        row = [rows[i][0], rows[i][1], rows[i][2], rows[i][3], "p=" + position, "pd=" + position + bucket,
               "pc=" + position + "|" + cue_lemma, "r=" + rule_roles.get(i, "O"), "rp=" + rule_roles.get(i, "O") + position]
        if "q" in rows[i]:
            row.append("q")
            row.append("qp=" + position)
        if token.ent_type_:
            row.append("e=" + token.ent_type_)
        which = branch.get(i)
        if which:
            row.append("b=" + which)
            row.append("bc=" + which + "|" + cue_lemma)
        elif i in ancestors:
            row.append("anc")
        else:
            row.append("nob")
        sequence.append(row)
    return sequence


def _cue_head(doc, cue: tuple[int, int]):
    span = doc[cue[0] : cue[1]]
    return span.root


def _branches(top, cue_head) -> dict[int, str]:
    """Token index -> the dependency label of the cue's child whose subtree holds it."""
    found: dict[int, str] = {}
    for head in {top, cue_head}:
        for child in head.children:
            if child.i == cue_head.i:
                continue
            label = child.dep_ if child.dep_ != "prep" else "prep_" + child.lower_
            for token in child.subtree:
                found.setdefault(token.i, label)
    return found
