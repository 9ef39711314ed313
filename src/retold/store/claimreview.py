"""schema.org ClaimReview drafts for each contested or drifted claim, rated from a reviewer's verdicts when there are any."""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from retold.store.reviews import (
    BEST_RATING,
    WORST_RATING,
    Review,
    claim_rating,
    conflict_id,
    drift_id,
)

CONTEXT = ["https://schema.org", {"retold": "urn:retold:"}]
TO_BE_RATED = "TO BE RATED"
_ORGANISATION_KINDS = {"organisation", "group", "outlet"}


def claim_reviews(connection, article_ids: list[str] | None = None,
                  reviews: Mapping[str, Review] | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per claim that takes part in a within-article or cross-article conflict, or that a later article
    retold with a drift (of the named articles only, when `article_ids` is given: a story's drafts read that story's rows,
    not the whole store's); rated from `reviews` (see `retold.store.reviews`), else left to be rated."""
    reviews = reviews or {}
    sides = [*_contested_sides(connection, article_ids), *_drifted_sides(connection, article_ids)]
    needed = sorted({side["article_id"] for side in sides})
    articles = {}
    if needed:
        rows = connection.execute("SELECT id, analysis FROM articles WHERE list_contains($1, id)", [needed]).fetchall()
        articles = {article_id: json.loads(analysis) for article_id, analysis in rows}
    members = _group_members(connection, needed)
    stances = _stances_by_group(connection, sorted({group for rows in members.values() for group, *_ in rows}))
    drafts: dict[tuple[str, str], dict[str, Any]] = {}
    for side in sides:
        data = articles.get(side["article_id"])
        if data is None:
            continue  # the link results name an article that is no longer stored
        claim = _claim_at(data, side)
        key = (side["article_id"], claim["key"])
        if key not in drafts:
            drafts[key] = _draft(data, claim)
            groups = _groups_of(claim, side, members.get(side["article_id"], []))
            drafts[key]["retold:stances"] = [stance for group in groups for stance in stances.get(group, [])]
        review = reviews.get(side["finding"])
        drafts[key]["retold:evidence"].append(
            {**side["evidence"], "finding": side["finding"], "review": review.to_json() if review else None})
    for draft in drafts.values():
        _rate(draft)
    return list(drafts.values())


def _rate(draft: dict[str, Any]) -> None:
    """Fill the draft's rating from the verdicts on its findings; a claim not yet decided keeps "TO BE RATED"."""
    evidence = draft["retold:evidence"]
    verdicts = [("drift" if item["kind"] == "drift" else "conflict", (item["review"] or {}).get("verdict")) for item in evidence]
    rating = claim_rating(verdicts)
    if rating is None:
        return
    draft["reviewRating"] = {"@type": "Rating", "ratingValue": rating.value, "bestRating": BEST_RATING,
                             "worstRating": WORST_RATING, "alternateName": rating.name}
    # what the reviewers wrote about the findings that decide the rating (every one, when all were dismissed)
    deciding = [item["review"] for item in evidence if item["review"] and
                (item["review"]["verdict"] == "confirmed" or rating.value == BEST_RATING)]
    notes = [review["note"] for review in deciding if review["note"]]
    if notes:
        draft["reviewBody"] = "\n\n".join(dict.fromkeys(notes))
    reviewers = {review["reviewer"] for review in deciding if review["reviewer"]}
    if len(reviewers) == 1:
        draft["author"] = {"@type": "Person", "name": reviewers.pop()}


def _group_members(connection, article_ids: list[str]) -> dict[str, list[tuple[str, str, int, int]]]:
    """Article id -> (group id, record, start, end) of each claim group member it has."""
    if not article_ids:
        return {}
    rows = connection.execute(
        "SELECT article_id, group_id, record, start_char, end_char FROM claim_members WHERE list_contains($1, article_id)"
        " ORDER BY group_id", [article_ids]).fetchall()
    out: dict[str, list[tuple[str, str, int, int]]] = {}
    for article_id, *member in rows:
        out.setdefault(article_id, []).append(tuple(member))
    return out


def _stances_by_group(connection, groups: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Group id -> every story article's stance toward the group's claim, earliest article first."""
    if not groups:
        return {}
    rows = connection.execute(
        """SELECT st.group_id, g.key, st.claim_text, coalesce(a.url, a.source), st.article_id, a.outlet, st.label
           FROM stances st LEFT JOIN claim_groups g ON g.id = st.group_id LEFT JOIN articles a ON a.id = st.article_id
           WHERE list_contains($1, st.group_id) ORDER BY st.group_id, a.published NULLS LAST, st.article_id""", [groups]).fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for group, key, claim, article, article_id, outlet, label in rows:
        out.setdefault(group, []).append({"group": group, "key": key, "claim": claim, "article": article, "article_id": article_id,
                                          "outlet": outlet, "stance": label})
    return out


def _groups_of(claim: dict[str, Any], side: dict[str, Any], members: list[tuple[str, str, int, int]]) -> list[str]:
    """The claim groups a reviewed claim is aligned in: a member with one of its records, or inside its words."""
    records = {side.get("record"), claim.get("id"), claim.get("attribution"), *claim.get("quantities", ())} - {None}
    start, end = claim["start"], claim["end"]
    found = [group for group, record, m_start, m_end in members
             if record in records or (start is not None and m_start is not None and start <= m_start and m_end <= end)]
    return list(dict.fromkeys(found))


def _contested_sides(connection, article_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Each side of each conflict (a side in one of `article_ids`, when given), with the other side as its evidence."""
    within_where, cross_where, parameters = "", "", []
    if article_ids is not None:
        within_where = "WHERE list_contains($1, article_id)"
        cross_where = "WHERE list_contains($1, a_article) OR list_contains($1, b_article)"
        parameters = [article_ids]
    within = connection.execute(
        "SELECT article_id, id, kind, a_start, a_end, a_text, a_speaker, a_record, b_start, b_end, b_text, b_speaker, b_record,"
        f" explanation FROM conflicts {within_where} ORDER BY article_id, id", parameters
    ).fetchall()
    cross = connection.execute(
        "SELECT id, story_id, kind, a_article, a_record, a_start, a_end, a_text, a_speaker,"
        " b_article, b_record, b_start, b_end, b_text, b_speaker, explanation"
        f" FROM cross_conflicts {cross_where} ORDER BY story_id, id", parameters
    ).fetchall()
    named = sorted(({row[0] for row in within} | {row[3] for row in cross} | {row[9] for row in cross}) - {None})
    names = dict(connection.execute(
        "SELECT id, coalesce(url, source) FROM articles WHERE list_contains($1, id)", [named]).fetchall()) if named else {}
    wanted = None if article_ids is None else set(article_ids)
    for article_id, _, kind, *rest, explanation in within:
        a = dict(zip(("start", "end", "text", "speaker", "record"), rest[:5]), article_id=article_id)
        b = dict(zip(("start", "end", "text", "speaker", "record"), rest[5:]), article_id=article_id)
        yield from _both_sides(a, b, kind, "article", None, explanation, names)
    columns = ("article_id", "record", "start", "end", "text", "speaker")
    for _, story, kind, *rest, explanation in cross:
        a, b = dict(zip(columns, rest[:6])), dict(zip(columns, rest[6:]))
        for side in _both_sides(a, b, kind, "story", story, explanation, names):
            if wanted is None or side["article_id"] in wanted:
                yield side


def _drifted_sides(connection, article_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The later passage of each drift (in one of `article_ids`, when given): the retelling a fact-checker rates, with
    the earlier words it departs from as its evidence."""
    where, parameters = "", []
    if article_ids is not None:
        where, parameters = "WHERE list_contains($1, d.article_id)", [article_ids]
    rows = connection.execute(
        "SELECT d.story_id, d.types, d.article_id, d.start_char, d.end_char, d.text, d.origin_article, d.origin_start,"
        " d.origin_end, d.origin_text, coalesce(o.url, o.source), d.explanation"
        f" FROM drifts d LEFT JOIN articles o ON o.id = d.origin_article {where} ORDER BY d.story_id, d.id", parameters
    ).fetchall()
    for story, types, article_id, start, end, text, origin, origin_start, origin_end, origin_text, name, explanation in rows:
        evidence = {
            "kind": "drift",
            "types": list(types or ()),
            "scope": "story",
            "story": story,
            "explanation": explanation,
            # the other passage, under the key a conflict's evidence uses: here the earlier words the retelling departs from
            "conflictingSpan": {"article": name or origin, "start": origin_start, "end": origin_end, "text": origin_text,
                                "speaker": None},
        }
        yield {"article_id": article_id, "start": start, "end": end, "text": text, "speaker": None, "record": None,
               "evidence": evidence, "finding": drift_id(types, (origin, origin_start, origin_end), (article_id, start, end))}


def _both_sides(a: dict, b: dict, kind: str, scope: str, story: str | None, explanation: str, names: dict[str, str]):
    finding = conflict_id(kind, (a["article_id"], a["start"], a["end"]), (b["article_id"], b["start"], b["end"]))
    for side, other in ((a, b), (b, a)):
        evidence = {
            "kind": kind,
            "scope": scope,
            "story": story,
            "explanation": explanation,
            "conflictingSpan": {
                "article": names.get(other["article_id"], other["article_id"]),
                "start": other["start"],
                "end": other["end"],
                "text": other["text"],
                "speaker": other["speaker"],
            },
        }
        yield {**side, "evidence": evidence, "finding": finding}


def _claim_at(data: dict[str, Any], side: dict[str, Any]) -> dict[str, Any]:
    """The article's claim a conflict side comes from: by record id, then by overlapping span; else the side itself."""
    record, start, end = side.get("record"), side["start"], side["end"]
    claims = data.get("claims", [])
    for claim in claims:
        if record and (claim["id"] == record or claim.get("attribution") == record or record in claim.get("quantities", ())):
            return {"key": claim["id"], **claim}
    for claim in claims:
        if start is not None and claim["start"] < end and start < claim["end"]:
            return {"key": claim["id"], **claim}
    return {"key": f"{start}-{end}", "id": None, "text": side["text"], "start": start, "end": end,
            "speaker": side["speaker"], "attribution": None}


def _draft(data: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    meta = data["article"]
    appearance = {
        "@type": "NewsArticle",
        "url": meta.get("url") or meta.get("source"),
        "headline": meta.get("title"),
        "datePublished": meta.get("published"),
        "publisher": {"@type": "Organization", "name": meta["outlet"]} if meta.get("outlet") else None,
    }
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": claim["text"],
        "itemReviewed": {
            "@type": "Claim",
            "author": _author(data, claim),
            "datePublished": meta.get("published"),
            "appearance": [{key: value for key, value in appearance.items() if value is not None}],
        },
        "reviewRating": {"@type": "Rating", "ratingValue": None, "alternateName": TO_BE_RATED},
        "retold:claim": {"article": meta.get("url") or meta.get("source"), "article_id": meta["id"], "claim": claim.get("id"),
                         "start": claim["start"], "end": claim["end"]},
        "retold:evidence": [],
    }


def _author(data: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    """Who made the claim, as a Person or an Organization; the article's own voice is its author or outlet."""
    meta = data["article"]
    speaker = claim.get("speaker") or "author"
    if speaker == "author":
        if meta.get("author"):
            return {"@type": "Person", "name": meta["author"]}
        # no outlet known: an unnamed organisation, never a file path or "file.jsonl:3" standing in for a name
        return {"@type": "Organization", **({"name": meta["outlet"]} if meta.get("outlet") else {})}
    kind = "unknown"
    for attribution in data.get("attributions", ()):
        if attribution["id"] == claim.get("attribution") and attribution.get("speaker"):
            kind = attribution["speaker"].get("kind", "unknown")
            break
    else:
        for attribution in data.get("attributions", ()):
            if attribution.get("speaker") and attribution["speaker"].get("name") == speaker:
                kind = attribution["speaker"].get("kind", "unknown")
                break
    return {"@type": "Organization" if kind in _ORGANISATION_KINDS else "Person", "name": speaker}
