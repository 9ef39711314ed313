"""Stories as the terminal and web views read them: one query per table, joined in Python by id."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class StoryView:
    """A story with its articles in time order and everything the link stage found in it."""

    id: str
    label: str
    start: str | None
    end: str | None
    articles: list[dict[str, Any]] = field(default_factory=list)  # id, name, title, outlet, published
    edges: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    drifts: list[dict[str, Any]] = field(default_factory=list)
    stances: list[dict[str, Any]] = field(default_factory=list)  # set by load_stances: the terminal view shows them


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def list_stories(connection, include_single: bool = False) -> list[dict[str, Any]]:
    """One row per story: id, label, span, article and outlet counts, conflicts and drifts."""
    rows = _dicts(connection.execute(
        """
        SELECT s.id, s.label, s.start_date, s.end_date,
               count(DISTINCT sa.article_id) AS articles,
               count(DISTINCT coalesce(a.outlet, a.source)) AS outlets,
               (SELECT count(*) FROM cross_conflicts c WHERE c.story_id = s.id) AS conflicts,
               (SELECT count(*) FROM drifts d WHERE d.story_id = s.id) AS drifts
        FROM stories s JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id
        GROUP BY s.id, s.label, s.start_date, s.end_date
        ORDER BY articles DESC, s.start_date NULLS LAST, s.id
        """
    ))
    return rows if include_single else [row for row in rows if row["articles"] > 1]


def load_story(connection, story_id: str) -> StoryView | None:
    """The story whose id is `story_id` or starts with it (when only one does)."""
    matches = connection.execute("SELECT id, label, start_date, end_date FROM stories WHERE starts_with(id, $1) ORDER BY id", [story_id]).fetchall()
    exact = [m for m in matches if m[0] == story_id]
    if exact:
        matches = exact
    if len(matches) != 1:
        return None
    sid, label, start, end = matches[0]
    story = StoryView(sid, label, start, end)
    story.articles = _dicts(connection.execute(
        """
        SELECT a.id, coalesce(a.url, a.source) AS name, a.title, a.outlet, a.published
        FROM story_articles sa JOIN articles a ON a.id = sa.article_id
        WHERE sa.story_id = $1 ORDER BY a.published NULLS LAST, sa.position
        """, [sid]))
    story.edges = _dicts(connection.execute("SELECT * FROM provenance_edges WHERE story_id = $1 ORDER BY source, target", [sid]))
    story.conflicts = _dicts(connection.execute("SELECT * FROM cross_conflicts WHERE story_id = $1 ORDER BY id", [sid]))
    story.drifts = _dicts(connection.execute("SELECT * FROM drifts WHERE story_id = $1 ORDER BY id", [sid]))
    return story


def load_stances(connection, story_id: str) -> list[dict[str, Any]]:
    """Each article's stance toward each claim group of the story, with the group's kind, key and claim words."""
    return _dicts(connection.execute(
        """
        SELECT st.group_id, g.kind AS group_kind, g.key AS group_key, st.claim_article, st.claim_text, st.article_id,
               st.label, st.p_agree, st.p_disagree, st.p_discuss, st.p_unrelated,
               EXISTS (SELECT 1 FROM claim_members m WHERE m.group_id = st.group_id AND m.article_id = st.article_id) AS member
        FROM stances st LEFT JOIN claim_groups g ON g.id = st.group_id
        WHERE st.story_id = $1 ORDER BY g.kind DESC, g.key, st.group_id, st.article_id
        """, [story_id]))  # quantity groups before propositions, as the web app lists them
