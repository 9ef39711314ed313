"""One search over stories, articles, speakers and claims: an in-memory index of the read-only store's text.

The index is built once from a cursor (about 0.1 s for 300 articles) and then answers from memory: a substring test
over casefolded strings is a few milliseconds where an ILIKE over every table is tens. The web app builds it again,
through `FindIndex.reset`, whenever the store it reads changes."""
from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel

from retold.report.views import shorten
from retold.store.stories import story_titles
from retold.web.pages import article_href, span_href, story_href

KINDS = ("story", "article", "speaker", "claim")
KIND_LABELS = {"story": "Stories", "article": "Articles", "speaker": "Speakers", "claim": "Claims"}
MAX_TERMS = 12  # more words than this narrow nothing a reader meant; the rest are ignored
SNIPPET_CONTEXT = 120  # characters of a long sentence kept on each side of the match
_TERM = re.compile(r'"([^"]+)"|(\S+)')


class Snippet(BaseModel):
    """A passage with the first match marked: before + match + after is the passage as written."""

    before: str
    match: str
    after: str


class SearchHit(BaseModel):
    """One thing the search found, with the link to its page."""

    kind: str
    id: str
    title: str
    detail: str | None
    href: str
    snippet: Snippet | None = None


class SearchGroup(BaseModel):
    """The hits of one kind: `total` of them, `hits` the ones on this page."""

    kind: str
    label: str
    total: int
    hits: list[SearchHit]
    more_href: str | None  # every hit of this kind, paged (when this page shows only the first few)


class SearchResults(BaseModel):
    """The search page's model: hits grouped by kind, with counts."""

    query: str
    terms: list[str]
    kind: str | None
    page: int
    per_page: int
    total: int
    groups: list[SearchGroup]
    prev_href: str | None
    next_href: str | None


def parse_terms(query: str) -> list[str]:
    """The casefolded words of a query; a "quoted phrase" is one term."""
    terms = []
    for phrase, word in _TERM.findall(query):
        term = " ".join((phrase or word).split()).casefold()
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


@dataclass
class _Entry:
    """One searchable thing: the casefolded text searched, and what a hit shows."""

    folded: str
    hit: dict[str, Any]
    rank: tuple = ()


@dataclass
class _ArticleText:
    """An article's text, its casefolded copy and its sentences, for placing a match."""

    text: str
    folded: str
    offsets: list[int] | None  # folded index -> text index, only where casefolding changed the length
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


class SearchIndex:
    """Everything the search looks through, read from the store in one pass."""

    def __init__(self) -> None:
        self.entries: dict[str, list[_Entry]] = {kind: [] for kind in KINDS}
        self.texts: dict[str, _ArticleText] = {}

    @classmethod
    def build(cls, connection) -> SearchIndex:
        """Read stories, articles, attributions and claims from the store."""
        index = cls()
        titles = story_titles(connection)
        outlets: dict[str, list[str]] = {}
        for story_id, outlet in connection.execute(
            """SELECT sa.story_id, a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id
               WHERE a.outlet IS NOT NULL ORDER BY sa.story_id, a.published NULLS LAST, sa.position""").fetchall():
            if outlet not in outlets.setdefault(story_id, []):
                outlets[story_id].append(outlet)
        for story_id, label, start, end, count in connection.execute(
            """SELECT s.id, s.label, s.start_date, s.end_date, count(sa.article_id) FROM stories s
               LEFT JOIN story_articles sa ON sa.story_id = s.id GROUP BY ALL ORDER BY s.id""").fetchall():
            title = titles.get(story_id) or label or story_id
            names = outlets.get(story_id, [])
            detail: str | None = " · ".join(part for part in (f"{count} article{'' if count == 1 else 's'}", ", ".join(names),
                                                  f"{start or '?'} – {end or '?'}") if part)
            index.entries["story"].append(_Entry(
                "\n".join([title, label or "", *names]).casefold(),
                {"kind": "story", "id": story_id, "title": title, "detail": detail, "href": story_href(story_id)},
                (-count, title)))
        article_meta: dict[str, tuple[str | None, str | None]] = {}
        for article_id, title, outlet, published, text in connection.execute(
                "SELECT id, title, outlet, published, text FROM articles ORDER BY published NULLS LAST, id").fetchall():
            text = text or ""
            article_meta[article_id] = (outlet, published)
            folded = text.casefold()
            index.texts[article_id] = _ArticleText(text, folded, None if len(folded) == len(text) else _offsets(text))
            detail = " · ".join(part for part in (outlet, published) if part) or None
            index.entries["article"].append(_Entry(
                (title or "").casefold() + "\n" + folded,
                {"kind": "article", "id": article_id, "title": title or shorten(text, 100) or article_id, "detail": detail,
                 "href": article_href(article_id)},
                (published or "\uffff", article_id)))
        for article_id, start, end in connection.execute(
                "SELECT article_id, start_char, end_char FROM sentences ORDER BY article_id, start_char").fetchall():
            found = index.texts.get(article_id)
            if found is not None and start is not None and end is not None:
                found.starts.append(start)
                found.ends.append(end)
        speakers: dict[str, dict[str, Any]] = {}
        for speaker, surface, article_id in connection.execute(
                """SELECT coalesce(speaker, speaker_text), speaker_text, article_id FROM attributions
                   WHERE coalesce(speaker, speaker_text) IS NOT NULL""").fetchall():
            entry = speakers.setdefault(speaker, {"names": {speaker}, "said": 0, "articles": set()})
            entry["names"].add(surface or speaker)
            entry["said"] += 1
            entry["articles"].add(article_id)
        for speaker, entry in speakers.items():
            said, articles = entry["said"], len(entry["articles"])
            detail = f"{said} attributed statement{'' if said == 1 else 's'} in {articles} article{'' if articles == 1 else 's'}"
            others = sorted(name for name in entry["names"] if name != speaker)
            if others:
                detail += " · also written " + ", ".join(shorten(name, 60) for name in others[:3])
            index.entries["speaker"].append(_Entry(
                "\n".join(sorted(entry["names"])).casefold(),
                {"kind": "speaker", "id": speaker, "title": speaker, "detail": detail,
                 "href": "/claims?" + urlencode({"speaker": speaker})},
                (-said, speaker.casefold())))
        for article_id, claim_id, kind, text, speaker, start, end in connection.execute(
                "SELECT article_id, id, type, text, speaker, start_char, end_char FROM claims").fetchall():
            outlet, published = article_meta.get(article_id, (None, None))
            detail = " · ".join(part for part in (kind, speaker, outlet, published) if part) or None
            index.entries["claim"].append(_Entry(
                (text or "").casefold(),
                {"kind": "claim", "id": f"{article_id}:{claim_id}", "title": text or claim_id, "detail": detail,
                 "href": span_href(article_id, start, end)},
                (published or "\uffff", article_id, start or 0)))
        for entries in index.entries.values():
            entries.sort(key=lambda entry: entry.rank)
        return index

    def matches(self, kind: str, terms: list[str]) -> list[_Entry]:
        """The entries of one kind holding every term, in the kind's order (narrowed one term at a time: fast)."""
        found = self.entries[kind]
        for term in terms:
            # the substring test first: it is fast and rules out most entries before the word-start check
            found = [entry for entry in found if term in entry.folded and find_word(entry.folded, term) >= 0]
        return found

    def hit(self, entry: _Entry, terms: list[str]) -> SearchHit:
        """A hit for the page: an article's links to the sentence that holds the first match in its text."""
        hit = SearchHit(**entry.hit)
        if hit.kind == "article":
            placed = self._place(hit.id, terms)
            if placed is not None:
                (start, end), snippet = placed
                hit.href, hit.snippet = span_href(hit.id, start, end), snippet
        elif hit.kind == "claim":
            hit.snippet = _mark(hit.title, entry.folded, terms)
        return hit

    def _place(self, article_id: str, terms: list[str]) -> tuple[tuple[int, int], Snippet] | None:
        article = self.texts.get(article_id)
        if article is None:
            return None
        for term in terms:
            at = find_word(article.folded, term)
            if at < 0:
                continue  # in the title only
            start, end = _original(article, at), _original(article, at + len(term) - 1) + 1
            sentence = bisect_right(article.starts, start) - 1
            if sentence >= 0 and article.ends[sentence] >= end:
                passage = (article.starts[sentence], article.ends[sentence])
            else:
                passage = (start, end)
            low = max(passage[0], start - SNIPPET_CONTEXT)
            high = min(passage[1], end + SNIPPET_CONTEXT)
            text = article.text
            snippet = Snippet(before=("…" if low > passage[0] else "") + text[low:start],
                              match=text[start:end], after=text[end:high] + ("…" if high < passage[1] else ""))
            return passage, snippet
        return None


def find_word(folded: str, term: str) -> int:
    """Where `term` first appears at the start of a word ("flood" in "flooded", not "bridge" in "Cambridge"); -1 if not."""
    at = folded.find(term)
    while at > 0 and (folded[at - 1].isalnum() or folded[at - 1] == "_") and term[:1].isalnum():
        at = folded.find(term, at + 1)
    return at


def _offsets(text: str) -> list[int]:
    """For a text whose casefolded copy is longer (ß -> ss): the text index of each folded character."""
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(char.casefold()))
    return offsets


def _original(article: _ArticleText, folded_index: int) -> int:
    return folded_index if article.offsets is None else article.offsets[folded_index]


def _mark(text: str, folded: str, terms: list[str]) -> Snippet | None:
    """The text with its first match marked, where casefolding kept its length (else unmarked)."""
    if len(folded) != len(text):
        return None
    for term in terms:
        at = find_word(folded, term)
        if at >= 0:
            return Snippet(before=text[:at], match=text[at:at + len(term)], after=text[at + len(term):])
    return None


def search(index: SearchIndex, query: str, kind: str | None, page: int, per_page: int,
           href: Callable[..., str], preview: int) -> SearchResults:
    """Hits for every kind (the first `preview` of each) or, with `kind`, one page of that kind's hits."""
    terms = parse_terms(query)
    groups: list[SearchGroup] = []
    total = 0
    prev_href = next_href = None
    for each in (kind,) if kind else KINDS:
        found = index.matches(each, terms) if terms else []
        total += len(found)
        if kind:
            shown = found[(page - 1) * per_page: page * per_page]
            if page > 1:
                prev_href = href(q=query, kind=kind, page=page - 1, per_page=per_page)
            if page * per_page < len(found):
                next_href = href(q=query, kind=kind, page=page + 1, per_page=per_page)
            more = None
        else:
            shown = found[:preview]
            more = href(q=query, kind=each) if len(found) > preview else None
        groups.append(SearchGroup(kind=each, label=KIND_LABELS[each], total=len(found),
                                  hits=[index.hit(entry, terms) for entry in shown], more_href=more))
    return SearchResults(query=query, terms=terms, kind=kind, page=page, per_page=per_page, total=total, groups=groups,
                         prev_href=prev_href, next_href=next_href)


class FindIndex:
    """The app's search index, built on first use from the cursor at hand, for one version of the store file: asked
    for another version (or after `reset`), it is built again from the store as it is then."""

    def __init__(self) -> None:
        self._index: SearchIndex | None = None
        self._version: Any = None
        self._lock = threading.Lock()

    def get(self, connection, version: Any = None) -> SearchIndex:
        """The index of this version of the store, built now when there is none."""
        with self._lock:  # two threads asking at once build it once
            if self._index is None or self._version != version:
                self._index, self._version = SearchIndex.build(connection), version
            return self._index

    def reset(self) -> None:
        """Forget the index: the next search reads the store again."""
        with self._lock:
            self._index = None
