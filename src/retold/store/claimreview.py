"""schema.org ClaimReview drafts for each contested claim, left for a fact-checker to rate."""
from __future__ import annotations

import json
from typing import Any, Iterator

CONTEXT = ["https://schema.org", {"retold": "urn:retold:"}]
TO_BE_RATED = "TO BE RATED"
_ORGANISATION_KINDS = {"organisation", "group", "outlet"}


def claim_reviews(connection, article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per claim that takes part in a within-article or cross-article conflict (of the named articles
    only, when `article_ids` is given: a story's drafts read that story's rows, not the whole store's)."""
    sides = list(_contested_sides(connection, article_ids))
    needed = sorted({side["article_id"] for side in sides})
    articles = {}
    if needed:
        rows = connection.execute("SELECT id, analysis FROM articles WHERE list_contains($1, id)", [needed]).fetchall()
        articles = {article_id: json.loads(analysis) for article_id, analysis in rows}
    members = _group_members(connection, needed)
    stances = _stances_by_group(connection, sorted({group for rows in members.values() for group, *_ in rows}))
    reviews: dict[tuple[str, str], dict[str, Any]] = {}
    for side in sides:
        data = articles.get(side["article_id"])
        if data is None:
            continue  # the link results name an article that is no longer stored
        claim = _claim_at(data, side)
        key = (side["article_id"], claim["key"])
        if key not in reviews:
            reviews[key] = _draft(data, claim)
            groups = _groups_of(claim, side, members.get(side["article_id"], []))
            reviews[key]["retold:stances"] = [stance for group in groups for stance in stances.get(group, [])]
        reviews[key]["retold:evidence"].append(side["evidence"])
    return list(reviews.values())


def _group_members(connection, article_ids: list[str]) -> dict[str, list[tuple[str, str, int, int]]]:
    """Article id -> (group id, record, start, end) of each claim group member it has."""
    if not article_ids:
        return {}
    rows = connection.execute(
        "SELECT article_id, group_id, record, start_char, end_char FROM claim_members WHERE list_contains($1, article_id)"
        " ORDER BY group_id", [article_ids]).fetchall()
    out: dict[str, list[tuple[str, str, int, int]]] = {}
    for article_id, *member in rows:
        out.setdefault(article_id, []).append(tuple(member))  # type: ignore[arg-type]
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
    for article_id, conflict_id, kind, *rest, explanation in within:
        a = dict(zip(("start", "end", "text", "speaker", "record"), rest[:5]), article_id=article_id)
        b = dict(zip(("start", "end", "text", "speaker", "record"), rest[5:]), article_id=article_id)
        yield from _both_sides(a, b, kind, "article", None, explanation, names)
    columns = ("article_id", "record", "start", "end", "text", "speaker")
    for conflict_id, story, kind, *rest, explanation in cross:
        a, b = dict(zip(columns, rest[:6])), dict(zip(columns, rest[6:]))
        for side in _both_sides(a, b, kind, "story", story, explanation, names):
            if wanted is None or side["article_id"] in wanted:
                yield side


def _both_sides(a: dict, b: dict, kind: str, scope: str, story: str | None, explanation: str, names: dict[str, str]):
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
        yield {**side, "evidence": evidence}


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
