"""What the web pages read from the store: plain dicts from one query per table, joined in Python by id."""
from __future__ import annotations

import math
from typing import Any

from retold.store.stories import list_stories, story_titles

# ids are content hashes and story-<hash>; the app's path parameters match this, so anything else never reaches a query
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$"


def finite(value: Any) -> float | None:
    """A float for JSON: None for NULL, NaN and the infinities (JSON has none of them)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def tables(connection) -> set[str]:
    """The names of the store's tables (the stances table appears with migration 0004)."""
    return {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def story_rows(connection) -> list[dict[str, Any]]:
    """Every story with its counts, the names of its outlets and the text a search looks through."""
    rows = list_stories(connection, include_single=True)
    outlets: dict[str, list[str]] = {}
    for story_id, outlet in connection.execute(
        """SELECT sa.story_id, coalesce(a.outlet, a.source) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
           ORDER BY sa.story_id, a.published NULLS LAST, sa.position"""
    ).fetchall():
        names = outlets.setdefault(story_id, [])
        if outlet and outlet not in names:
            names.append(outlet)
    searchable: dict[str, list[str]] = {}
    for story_id, text in connection.execute(
        """SELECT sa.story_id, a.title FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE a.title IS NOT NULL
           UNION ALL
           SELECT sa.story_id, c.text FROM story_articles sa JOIN claims c ON c.article_id = sa.article_id
           UNION ALL
           SELECT g.story_id, m.text FROM claim_groups g JOIN claim_members m ON m.group_id = g.id"""
    ).fetchall():
        searchable.setdefault(story_id, []).append(text or "")
    for row in rows:
        row["outlet_names"] = outlets.get(row["id"], [])
        row["search_text"] = " \n".join([row["title"], row["label"] or "", *row["outlet_names"], *searchable.get(row["id"], [])]).casefold()
    return rows


def search_stories(rows: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """The stories whose title, article titles, claims, label or outlets hold every word of the query (case-insensitive)."""
    words = query.casefold().split()
    if not words:
        return rows
    return [row for row in rows if all(word in row["search_text"] for word in words)]


def story_detail(connection, story_id: str, title: str | None = None,
                 stance_columns: list[str] | None = None) -> dict[str, Any] | None:
    """One story (exact id): articles in time order, provenance edges, claim groups with members, conflicts, drifts.

    `title` and `stance_columns`, when the caller knows them (the web app reads them once, at start), save queries."""
    found = connection.execute("SELECT id, label, start_date, end_date FROM stories WHERE id = $1", [story_id]).fetchone()
    if found is None:
        return None
    story_id, label, start, end = found
    if title is None:
        title = story_titles(connection, [story_id]).get(story_id) or label or story_id
    articles = {a["id"]: a for a in story_articles(connection, story_id)}
    members = _dicts(connection.execute(
        """SELECT m.*, g.kind AS group_kind, g.key AS group_key FROM claim_groups g JOIN claim_members m ON m.group_id = g.id
           WHERE g.story_id = $1 ORDER BY g.id, m.start_char""", [story_id]))
    groups: dict[str, dict[str, Any]] = {}
    for row in _dicts(connection.execute("SELECT * FROM claim_groups WHERE story_id = $1", [story_id])):
        groups[row["id"]] = {**row, "members": []}
    stances = stances_of(connection, list(articles), stance_columns)
    quantities = quantities_of(connection, list(articles))
    order = {article_id: position for position, article_id in enumerate(articles)}
    for member in members:
        if member.get("group_kind") == "quantity":
            member["quantity"] = quantities.get((member["article_id"], member["record"]))
        member["stance"] = (stances.get((member["article_id"], member["group_id"])) or stances.get((member["article_id"], member["record"]))
                            or stances.get((member["article_id"], None)))
        if member["group_id"] in groups:
            groups[member["group_id"]]["members"].append(member)
    for group in groups.values():
        group["members"].sort(key=lambda m: (order.get(m["article_id"], len(order)), m["start_char"] or 0))
    return {
        "id": story_id, "title": title, "label": label, "start": start, "end": end, "articles": list(articles.values()),
        "edges": _dicts(connection.execute(
            "SELECT * FROM provenance_edges WHERE story_id = $1 ORDER BY source, target", [story_id])),
        "conflicts": _dicts(connection.execute("SELECT * FROM cross_conflicts WHERE story_id = $1 ORDER BY id", [story_id])),
        "drifts": _dicts(connection.execute("SELECT * FROM drifts WHERE story_id = $1 ORDER BY id", [story_id])),
        "groups": sorted(groups.values(), key=lambda g: (g["kind"] != "quantity", g["key"] or "", g["id"])),
    }


def story_articles(connection, story_id: str) -> list[dict[str, Any]]:
    """A story's articles in time order, each with id, name (its url, else its source), title, outlet and published."""
    return _dicts(connection.execute(
        """SELECT a.id, coalesce(a.url, a.source) AS name, a.title, a.outlet, a.published
           FROM story_articles sa JOIN articles a ON a.id = sa.article_id
           WHERE sa.story_id = $1 ORDER BY a.published NULLS LAST, sa.position""", [story_id]))


def quantities_of(connection, article_ids: list[str]) -> dict[tuple[str, str], dict[str, Any]]:
    """(article id, quantity id) -> the stored interval, its kind and hedge types: what the compared interval is read from."""
    if not article_ids:
        return {}
    rows = _dicts(connection.execute(
        """SELECT article_id, id, low, high, low_inclusive, high_inclusive, kind, hedges FROM quantities
           WHERE list_contains($1, article_id)""", [article_ids]))
    return {(row["article_id"], row["id"]): row for row in rows}


def stance_columns_of(connection) -> list[str]:
    """The columns of the store's stances table; none when it has no such table (before migration 0004)."""
    if "stances" not in tables(connection):
        return []
    return [row[0] for row in connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'stances'").fetchall()]


def stances_of(connection, article_ids: list[str], columns: list[str] | None = None) -> dict[tuple[str, str | None], str]:
    """(article id, group or record id) -> stance, from the stances table when the store has one (migration 0004); else empty."""
    if not article_ids:
        return {}
    columns = stance_columns_of(connection) if columns is None else columns
    label = next((c for c in ("stance", "label") if c in columns), None)
    if "article_id" not in columns or label is None:
        return {}  # a shape this version does not know: show no stance rather than guess
    # migration 0004 names the claim group an article takes its stance toward; other shapes may name the member's record
    record = next((c for c in ("group_id", "record", "claim", "claim_id", "record_id") if c in columns), None)
    record_sql = record if record else "NULL"
    rows = connection.execute(
        f"SELECT article_id, {record_sql}, {label} FROM stances WHERE list_contains($1, article_id)", [article_ids]
    ).fetchall()
    return {(article_id, record_id): str(stance) for article_id, record_id, stance in rows if stance is not None}


def article_context(connection, article_id: str) -> dict[str, Any]:
    """Where an article stands in its story: the story id, its claims' groups with the other members, drifts into it,
    and the story's articles (id, name, title, outlet, published) for naming them."""
    row = connection.execute("SELECT story_id FROM story_articles WHERE article_id = $1", [article_id]).fetchone()
    if row is None:
        return {"story": None, "members": [], "others": {}, "drifts": [], "articles": []}
    story_id = row[0]
    members = _dicts(connection.execute(
        """SELECT m.*, g.kind AS group_kind, g.key AS group_key FROM claim_groups g JOIN claim_members m ON m.group_id = g.id
           WHERE g.story_id = $1 ORDER BY g.id, m.start_char""", [story_id]))
    mine = [m for m in members if m["article_id"] == article_id]
    groups = {m["group_id"] for m in mine}
    others: dict[str, list[dict[str, Any]]] = {}
    for member in members:
        if member["group_id"] in groups and member["article_id"] != article_id:
            others.setdefault(member["group_id"], []).append(member)
    drifts = _dicts(connection.execute(
        "SELECT * FROM drifts WHERE story_id = $1 AND (article_id = $2 OR origin_article = $2) ORDER BY id", [story_id, article_id]))
    return {"story": story_id, "members": mine, "others": others, "drifts": drifts,
            "articles": story_articles(connection, story_id)}
