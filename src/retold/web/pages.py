"""From store rows to the pages' models: every link is built here, from ids the store gave, never from a request."""
from __future__ import annotations

from typing import Any

from retold.intervals import Stated, as_stated, compared_interval, interval_label
from retold.link.origins import DrawnOn, OriginMember, independent_origins
from retold.report.views import shorten
from retold.store.reviews import conflict_id, drift_id
from retold.web.queries import finite
from retold.web.schemas import (
    ArticleRef,
    ClaimGroup,
    ClaimMember,
    ClaimOrigin,
    ConflictSide,
    ProvenanceEdge,
    Reappearance,
    SpanRef,
    StoryConflict,
    StoryDetail,
    StoryDrift,
    StorySummary,
)

# what the claims table shows for a member that gives no number (a proposition)
NO_NUMBER = "—"
# an article's name at each of its mentions (a table row, a chart bar, a graph edge): long enough for any outlet's
# name, short enough that a title standing in for a missing outlet is not repeated whole
LABEL_LENGTH = 80
# conflicts (or drifts) a story page shows before it links to the paged list of the rest: a story with hundreds stays readable
STORY_ROWS = 100


def story_href(story_id: str) -> str:
    """The story page's address."""
    return f"/story/{story_id}"


def article_href(article_id: str) -> str:
    """The article page's address."""
    return f"/article/{article_id}"


def span_href(article_id: str, start: int | None, end: int | None) -> str:
    """The article page with one stretch of its text highlighted and scrolled to."""
    if start is None or end is None or start >= end:
        return article_href(article_id)
    return f"{article_href(article_id)}?span={int(start)}-{int(end)}#focus-text"


def stated_of_member(row: dict[str, Any]) -> Stated | None:
    """A claim member's interval as stated, with its quantity's kind and hedges when the store has them; None without a number."""
    quantity = row.get("quantity")
    if quantity:
        return as_stated(quantity["low"], quantity["high"], quantity["low_inclusive"], quantity["high_inclusive"],
                         quantity["kind"], quantity["hedges"])
    if finite(row.get("low")) is None and finite(row.get("high")) is None:
        return None  # a proposition, not a number: nothing to compare
    return as_stated(row.get("low"), row.get("high"))


def story_summary(row: dict[str, Any]) -> StorySummary:
    """A row of the stories list."""
    return StorySummary(
        id=row["id"], title=row["title"], label=row["label"], start_date=row["start_date"], end_date=row["end_date"],
        articles=row["articles"], outlets=row["outlets"], outlet_names=row["outlet_names"],
        conflicts=row["conflicts"], drifts=row["drifts"], href=story_href(row["id"]),
    )


def article_label(article: dict[str, Any]) -> str:
    """How a page names an article at each mention: its outlet, else its title, else where it came from, shortened."""
    return shorten(article.get("outlet") or article.get("title") or article.get("name") or article["id"], LABEL_LENGTH)


def article_ref(article: dict[str, Any], drew_on: list[str] | None = None) -> ArticleRef:
    """An article named once on a page, from a row with id, name, title, outlet and published."""
    return ArticleRef(id=article["id"], label=article_label(article), name=article.get("name"), title=article.get("title"),
                      outlet=article.get("outlet"), published=article.get("published"), href=article_href(article["id"]),
                      drew_on=drew_on or [])


def story_model(story: dict[str, Any]) -> StoryDetail:
    """The story page's model from `queries.story_detail`."""
    drew_on: dict[str, list[str]] = {}
    for edge in story["edges"]:
        drew_on.setdefault(edge["target"], []).append(edge["source"])
    articles = [article_ref(a, drew_on.get(a["id"])) for a in story["articles"]]
    edges = [ProvenanceEdge(source=e["source"], target=e["target"], kind=e["kind"], evidence=e.get("evidence"),
                            confidence=finite(e.get("confidence"))) for e in story["edges"]]
    groups = []
    for group in story["groups"]:
        members = [_member(m) for m in group["members"]]
        groups.append(ClaimGroup(id=group["id"], kind=group["kind"], key=group["key"],
                                 outlets=len({m.article_id for m in members}), members=members,
                                 label=group_label(group["kind"], group["key"], members),
                                 origins=claim_origins(members, story)))
    conflicts = [
        StoryConflict(id=c["id"], kind=c["kind"], a=_side(c, "a"), b=_side(c, "b"), explanation=c["explanation"],
                      finding_id=conflict_id(c["kind"], (c["a_article"], c["a_start"], c["a_end"]),
                                             (c["b_article"], c["b_start"], c["b_end"])))
        for c in story["conflicts"]
    ]
    return StoryDetail(
        id=story["id"], title=story["title"], label=story["label"], start_date=story["start"], end_date=story["end"], articles=articles,
        edges=edges, claim_groups=groups, conflicts=conflicts, drifts=[drift_model(d) for d in story["drifts"]],
        claimreview_href=f"{story_href(story['id'])}/claimreview.json",
        conflicts_href=f"/conflicts?story={story['id']}", drifts_href=f"/drifts?story={story['id']}",
    )


def speaker_href(name: str | None, kind: str | None = None) -> str | None:
    """The page of the source a speaker name stands for; None for no name, a pronoun, an outlet or the article itself."""
    if not name:
        return None
    from retold.link.speakers import speaker_href as href  # spaCy's word lists: loaded by the first page naming a speaker

    return href(name, kind)


def group_label(kind: str | None, key: str | None, members: list[ClaimMember]) -> str:
    """What a reader is shown for a claim group: the counted thing, or the earliest member's own words (a proposition's
    key is stemmed key words, 'company crack halvard water', for matching, not for reading)."""
    if kind == "quantity" and key:
        return key
    words = next((m.text for m in members if m.text), None)
    return shorten(words, 140) if words else (key or "")


def claim_origins(members: list[ClaimMember], story: dict[str, Any]) -> list[ClaimOrigin]:
    """The independent origins among a group's members: provenance edges, shared wires and outlets join them
    (`story["credits"]`: article id -> the wires it credits, when the caller read them)."""
    outlets = {a["id"]: a.get("outlet") for a in story["articles"]}
    edges = [DrawnOn(e["source"], e["target"], e["kind"]) for e in story["edges"]]
    found = independent_origins([OriginMember(str(i), m.article_id, outlets.get(m.article_id)) for i, m in enumerate(members)],
                                edges, story.get("credits") or {})
    return [ClaimOrigin(members=[int(i) for i in o.members], articles=list(o.articles), wires=list(o.wires),
                        outlets=list(o.outlets), copied=o.copied) for o in found]


def _member(row: dict[str, Any]) -> ClaimMember:
    low, high = finite(row.get("low")), finite(row.get("high"))
    stated = stated_of_member(row)
    compared = compared_interval(stated) if stated else None
    return ClaimMember(
        article_id=row["article_id"], start=row["start_char"], end=row["end_char"], text=row["text"],
        href=span_href(row["article_id"], row["start_char"], row["end_char"]), record=row.get("record"),
        speaker=row.get("speaker"), speaker_href=speaker_href(row.get("speaker")), low=low, high=high,
        compared_low=compared.low if compared else None, compared_high=compared.high if compared else None,
        interval=interval_label(stated) if stated else NO_NUMBER, hedges=list(row.get("hedges") or []), polarity=row.get("polarity"),
        stance=row.get("stance"), kind=stated.kind if stated else None,
    )


def _side(row: dict[str, Any], letter: str) -> ConflictSide:
    article_id = row[f"{letter}_article"]
    start, end = row[f"{letter}_start"], row[f"{letter}_end"]
    return ConflictSide(
        article_id=article_id, start=start, end=end, text=row[f"{letter}_text"],
        href=span_href(article_id, start, end), record=row[f"{letter}_record"], speaker=row[f"{letter}_speaker"],
        speaker_href=speaker_href(row[f"{letter}_speaker"]), low=finite(row[f"{letter}_low"]), high=finite(row[f"{letter}_high"]), hedges=list(row[f"{letter}_hedges"] or []),
        polarity=row[f"{letter}_polarity"],
    )


def drift_model(row: dict[str, Any]) -> StoryDrift:
    """A drift with both quotes as links to their highlighted spans."""
    origin, later = row["origin_article"], row["article_id"]
    return StoryDrift(
        id=row["id"], types=list(row["types"] or []), counted=row["counted"], explanation=row["explanation"],
        origin=SpanRef(article_id=origin, start=row["origin_start"], end=row["origin_end"], text=row["origin_text"],
                       href=span_href(origin, row["origin_start"], row["origin_end"])),
        later=SpanRef(article_id=later, start=row["start_char"], end=row["end_char"], text=row["text"],
                      href=span_href(later, row["start_char"], row["end_char"])),
        finding_id=drift_id(row["types"], (origin, row["origin_start"], row["origin_end"]), (later, row["start_char"], row["end_char"])),
    )


def mentioned_articles(context: dict[str, Any], reappearing: list[Reappearance], drifts: list[StoryDrift]) -> list[ArticleRef]:
    """The story's articles an article page's reappearances and drifts name, each once, in the story's time order."""
    named = {ref.article_id for item in reappearing for ref in (item.here, *item.elsewhere)}
    named.update(ref.article_id for drift in drifts for ref in (drift.origin, drift.later))
    return [article_ref(row) for row in context["articles"] if row["id"] in named]


def reappearances(article_id: str, context: dict[str, Any]) -> list[Reappearance]:
    """For each grouped claim of the article, where the same claim appears in the story's other articles."""
    found = []
    seen: set[tuple[str, int | None, int | None]] = set()
    for member in context["members"]:
        key = (member["group_id"], member["start_char"], member["end_char"])
        if key in seen:
            continue
        seen.add(key)
        elsewhere = [
            SpanRef(article_id=m["article_id"], start=m["start_char"], end=m["end_char"], text=m["text"],
                    href=span_href(m["article_id"], m["start_char"], m["end_char"]))
            for m in context["others"].get(member["group_id"], [])
        ]
        here = SpanRef(article_id=article_id, start=member["start_char"], end=member["end_char"], text=member["text"],
                       href=span_href(article_id, member["start_char"], member["end_char"]))
        found.append(Reappearance(group_id=member["group_id"], kind=member["group_kind"], key=member["group_key"],
                                  here=here, elsewhere=elsewhere))
    return found
