"""Stories as the terminal and web views read them: one query per table, joined in Python by id."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TITLE_LENGTH = 120  # characters of a first sentence that stands in for a missing title


@dataclass
class StoryView:
    """A story with its articles in time order and everything the link stage found in it."""

    id: str
    label: str
    start: str | None
    end: str | None
    title: str = ""  # a readable heading (see story_titles); the label is the story's key terms
    articles: list[dict[str, Any]] = field(default_factory=list)  # id, name, title, outlet, published
    edges: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    drifts: list[dict[str, Any]] = field(default_factory=list)
    stances: list[dict[str, Any]] = field(default_factory=list)  # set by load_stances: the terminal view shows them


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def story_titles(connection, story_ids: list[str] | None = None) -> dict[str, str]:
    """Story id -> a readable title, worked out from the stored tables (every story, or those in `story_ids`).

    The title is that of the story's earliest article that is a provenance root (the target of no provenance edge: the
    original reporting), else of its earliest article; when that article has no title, its first sentence, cut at a
    word. Computed when reading, so a store linked locally and one linked on Spark show the same titles."""
    where, parameters = ("WHERE sa.story_id IN (SELECT unnest($1::VARCHAR[]))", [story_ids]) if story_ids is not None else ("", [])
    rows = connection.execute(
        f"""
        SELECT sa.story_id, a.id, a.title,
               EXISTS (SELECT 1 FROM provenance_edges e WHERE e.story_id = sa.story_id AND e.target = a.id) AS retold
        FROM story_articles sa JOIN articles a ON a.id = sa.article_id {where}
        ORDER BY sa.story_id, a.published NULLS LAST, sa.position, a.id
        """, parameters).fetchall()
    chosen: dict[str, tuple[str, str | None]] = {}  # story -> (article id, title) of its earliest root
    earliest: dict[str, tuple[str, str | None]] = {}
    for story_id, article_id, title, retold in rows:  # in time order within each story
        earliest.setdefault(story_id, (article_id, title))
        if not retold:
            chosen.setdefault(story_id, (article_id, title))
    for story_id, first in earliest.items():
        chosen.setdefault(story_id, first)  # no root (every article a retelling): the earliest article
    titles = {story_id: " ".join(title.split()) for story_id, (_, title) in chosen.items() if title and title.strip()}
    untitled = {article_id: story_id for story_id, (article_id, title) in chosen.items() if story_id not in titles}
    if untitled:
        for article_id, text in _first_sentences(connection, list(untitled)).items():
            if text:
                titles[untitled[article_id]] = cut_at_word(text, TITLE_LENGTH)
    return titles


def _first_sentences(connection, article_ids: list[str]) -> dict[str, str]:
    """Article id -> its first sentence (its text's first line when it has no stored sentences)."""
    found = dict(connection.execute(
        "SELECT article_id, arg_min(text, start_char) FROM sentences WHERE article_id IN (SELECT unnest($1::VARCHAR[])) GROUP BY article_id",
        [article_ids]).fetchall())
    missing = [article_id for article_id in article_ids if not (found.get(article_id) or "").strip()]
    if missing:
        for article_id, text in connection.execute(
                "SELECT id, left(ltrim(text), 2000) FROM articles WHERE id IN (SELECT unnest($1::VARCHAR[]))", [missing]).fetchall():
            found[article_id] = (text or "").strip().split("\n", 1)[0]
    return found


def cut_at_word(text: str, limit: int = TITLE_LENGTH) -> str:
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis when it is longer."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def list_stories(connection, include_single: bool = False) -> list[dict[str, Any]]:
    """One row per story: id, title, label, span, article and outlet counts, conflicts and drifts."""
    rows = _dicts(connection.execute(
        """
        SELECT s.id, s.label, s.start_date, s.end_date,
               count(DISTINCT sa.article_id) AS articles,
               count(DISTINCT coalesce(a.outlet, a.id)) AS outlets,  -- an article of unknown outlet counts as its own
               (SELECT count(*) FROM cross_conflicts c WHERE c.story_id = s.id) AS conflicts,
               (SELECT count(*) FROM drifts d WHERE d.story_id = s.id) AS drifts
        FROM stories s JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id
        GROUP BY s.id, s.label, s.start_date, s.end_date
        ORDER BY articles DESC, s.start_date NULLS LAST, s.id
        """
    ))
    rows = rows if include_single else [row for row in rows if row["articles"] > 1]
    titles = story_titles(connection) if rows else {}
    for row in rows:
        row["title"] = titles.get(row["id"]) or row["label"] or row["id"]
    return rows


def resolve_story_id(connection, story_id: str) -> str | None:
    """The id of the story whose id is `story_id` or starts with it (when only one does); None otherwise."""
    matches = [row[0] for row in connection.execute(
        "SELECT id FROM stories WHERE starts_with(id, $1) ORDER BY id LIMIT 2", [story_id]).fetchall()]
    if story_id in matches or connection.execute("SELECT 1 FROM stories WHERE id = $1", [story_id]).fetchone():
        return story_id
    return matches[0] if len(matches) == 1 else None


def load_story(connection, story_id: str) -> StoryView | None:
    """The story whose id is `story_id` or starts with it (when only one does)."""
    sid = resolve_story_id(connection, story_id)
    if sid is None:
        return None
    label, start, end = connection.execute("SELECT label, start_date, end_date FROM stories WHERE id = $1", [sid]).fetchone()
    story = StoryView(sid, label, start, end, title=story_titles(connection, [sid]).get(sid) or label or sid)
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
