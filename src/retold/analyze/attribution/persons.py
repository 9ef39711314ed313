"""First and second person speakers: the "I" of a quote or of an interview turn is whoever speaks it there."""
from __future__ import annotations

import bisect
import re

from retold.analyze.attribution.draft import Draft, inside
from retold.analyze.attribution.quotes import find_quotes
from retold.analyze.sentences import paragraph_starts

SECOND = frozenset(("you",))
PERSONAL = frozenset("i me we us you".split())
AUTHOR = "author"  # the article's own voice (retold.analyze.voices.AUTHOR; voices sits above attribution)
# an interview turn opened by the speaker's name in double parentheses: "((Jane Roe))  We began in May."
TURN_LABEL = re.compile(r"\s*\(\(\s*(?P<name>[A-Z][^()\n]{1,40}?)\s*\)\)")


def resolve_persons(drafts: list[Draft], text: str) -> list[Draft]:
    """Name the first person speaking: in a quote or transcript turn with a known speaker, that speaker (the draft
    carries it); in a turn labelled '((Name))', the name; outside every quote, the article's author (an op-ed's
    'I believe'). A 'you', or an 'I' or 'we' in a quote nobody is credited with, is left out: it names nobody.
    Returns the drafts still holding a speaker or a content."""
    starts = paragraph_starts(text)
    quotes = [(q.start, q.end) for q in find_quotes(text) if q.level == 0]
    for draft in drafts:
        token = draft.speaker_token
        if draft.carried is not None or token is None or token.pos_ != "PRON" or token.lower_ not in PERSONAL:
            continue
        if token.lower_ not in SECOND:
            enclosing = _enclosing(draft, drafts)
            if enclosing is not None:
                draft.carried = enclosing.carried or enclosing
                continue
            label = _turn_label(text, starts, draft.anchor)
            if label is not None:
                draft.notes["speaker_name"] = (label, "person")
                continue
            if not any(start <= draft.anchor < end for start, end in quotes):
                draft.notes["speaker_name"] = (AUTHOR, AUTHOR)
                continue
        draft.speaker, draft.speaker_token = None, None
    return [d for d in drafts if d.speaker or d.content or d.carried is not None]  # a cue alone says nothing


def _enclosing(draft: Draft, drafts: list[Draft]) -> Draft | None:
    """The innermost quote or transcript turn holding the draft's cue whose speaker is known."""
    where = draft.cue or draft.speaker
    holders = [d for d in drafts if d is not draft and d.content and inside(where, d.content)
               and (d.mode in ("direct", "mixed") or d.notes.get("turn")) and (d.speaker or d.carried)
               and not _personal(d)]
    return min(holders, key=lambda d: d.content[1] - d.content[0]) if holders else None  # type: ignore[index]


def _personal(draft: Draft) -> bool:
    token = draft.speaker_token
    return draft.carried is None and token is not None and token.pos_ == "PRON" and token.lower_ in PERSONAL


def _turn_label(text: str, starts: list[int], offset: int) -> str | None:
    """The name labelling the interview turn (paragraph) that holds `offset`, if it opens with one."""
    start = starts[bisect.bisect_right(starts, offset) - 1]
    found = TURN_LABEL.match(text, start)
    return found.group("name") if found else None
