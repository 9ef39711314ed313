"""Terminal views of stories: the list, and one story's timeline, provenance tree, conflicts, drifts and stances."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from retold.report.terminal import report_table, safe_text
from retold.report.views import shorten
from retold.store.stories import StoryView

QUOTE = 110
# which source an article hangs under when it has several: the closest copy first
EDGE_RANK = {"repost": 0, "summary": 1, "partial": 2, "citation": 3}
STANCE_STYLE = {"agree": "green", "disagree": "red", "discuss": "cyan", "unrelated": "dim"}


def render_story_list(rows: list[dict[str, Any]], console: Console) -> None:
    """`retold stories`: one row per story."""
    if not rows:
        console.print(safe_text("No stories of more than one article yet (retold stories --all lists every story).", "dim italic"))
        return
    table = report_table(
        f"Stories ({len(rows)})",
        ("Story", {"no_wrap": True}), ("Title", {"ratio": 1, "min_width": 24}), ("Art.", {"justify": "right"}),
        ("Outl.", {"justify": "right"}), ("From", {"no_wrap": True}), ("To", {"no_wrap": True}),
        ("Confl.", {"justify": "right"}), ("Drifts", {"justify": "right"}),
    )
    for row in rows:
        table.add_row(
            safe_text(row["id"], "bold"), _title_and_label(row.get("title"), row["label"]), safe_text(str(row["articles"])),
            safe_text(str(row["outlets"])), safe_text(row["start_date"] or "—"), safe_text(row["end_date"] or "—"),
            safe_text(str(row["conflicts"]), "red" if row["conflicts"] else ""), safe_text(str(row["drifts"]), "yellow" if row["drifts"] else ""),
        )
    console.print(table)


def _title_and_label(title: str | None, label: str | None) -> Text:
    """The story's title, with its key terms (the label) on a dim line below it."""
    if not title or title == label:
        return safe_text(shorten(label or "", 80))
    return Text.assemble(safe_text(shorten(title, 80)), "\n", safe_text(shorten(label or "", 80), "dim"))


def render_story(story: StoryView, console: Console) -> None:
    """`retold story ID`: what happened to the story as it was retold."""
    names = {a["id"]: _outlet(a) for a in story.articles}
    console.rule(safe_text(story.title or story.label or story.id, "bold"), align="left")
    console.print(safe_text(f"{story.label}  ·  {story.start or '?'} – {story.end or '?'}  ·  {story.id}", "dim"))
    timeline = report_table(
        "Timeline", ("Published", {"no_wrap": True}), ("Outlet", {}), ("Title", {"ratio": 3}), ("Source", {"ratio": 2}),
    )
    for article in story.articles:
        timeline.add_row(
            safe_text(article["published"] or "—"), safe_text(_outlet(article), "bold"),
            safe_text(shorten(article["title"] or "", 80)), safe_text(shorten(article["name"], 60), "dim"),
        )
    console.print(timeline)
    console.print(_provenance_tree(story, names))
    if story.conflicts:
        table = report_table("Conflicts between articles", ("Kind", {"no_wrap": True}), ("One side", {"ratio": 2}),
                             ("Other side", {"ratio": 2}), ("Why", {"ratio": 2}))
        for conflict in story.conflicts:
            table.add_row(
                safe_text(conflict["kind"], "red"),
                _quote(names.get(conflict["a_article"], "?"), conflict["a_speaker"], conflict["a_text"]),
                _quote(names.get(conflict["b_article"], "?"), conflict["b_speaker"], conflict["b_text"]),
                safe_text(shorten(conflict["explanation"], 160)),
            )
        console.print(table)
    if story.drifts:
        table = report_table("Drift along the retelling", ("Types", {"ratio": 1}), ("Earlier", {"ratio": 2}),
                             ("Later", {"ratio": 2}), ("What changed", {"ratio": 2}))
        for drift in story.drifts:
            table.add_row(
                safe_text(", ".join(drift["types"]), "yellow"),
                _quote(names.get(drift["origin_article"], "?"), None, drift["origin_text"]),
                _quote(names.get(drift["article_id"], "?"), None, drift["text"]),
                safe_text(shorten(drift["explanation"], 160)),
            )
        console.print(table)
    if story.stances:
        console.print(_stance_table(story, names))


def _stance_table(story: StoryView, names: dict[str, str]) -> Table:
    """One row per aligned claim: its words, then each outlet's stance toward it (marked where the outlet states it)."""
    outlets = [a for a in story.articles if any(row["article_id"] == a["id"] for row in story.stances)]
    table = report_table("Stances toward each aligned claim", ("Claim", {"ratio": 3}),
                         *((names[a["id"]], {"ratio": 1}) for a in outlets))
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for row in story.stances:
        groups.setdefault(row["group_id"], {})[row["article_id"]] = row
    for rows in groups.values():
        first = next(iter(rows.values()))
        claim = Text.assemble(safe_text(f"{first['group_kind'] or '?'} · {first['group_key'] or ''}", "dim"), "\n",
                              _quote(names.get(first["claim_article"], "?"), None, first["claim_text"]))
        cells = []
        for article in outlets:
            row = rows.get(article["id"])
            label = row["label"] if row else "—"
            cells.append(safe_text(label + (" *" if row and row["member"] else ""), STANCE_STYLE.get(label, "dim")))
        table.add_row(claim, *cells)
    table.caption = "* the outlet states the claim itself (it is a member of the claim's group)"
    return table


def _provenance_tree(story: StoryView, names: dict[str, str]) -> Tree:
    """Roots are the original reporting; each article hangs under its closest source, its other sources named beside it."""
    tree = Tree(safe_text("Provenance (who drew on whom)", "bold"))
    order = {a["id"]: i for i, a in enumerate(story.articles)}
    incoming: dict[str, list[dict[str, Any]]] = {}
    for edge in story.edges:
        incoming.setdefault(edge["target"], []).append(edge)
    primary = {target: min(edges, key=lambda e: (EDGE_RANK.get(e["kind"], 9), -(e["confidence"] or 0), order.get(e["source"], 0)))
               for target, edges in incoming.items()}
    children: dict[str, list[dict[str, Any]]] = {}
    for edge in primary.values():
        children.setdefault(edge["source"], []).append(edge)

    def add(node: Tree, article_id: str) -> None:
        for edge in sorted(children.get(article_id, []), key=lambda e: order.get(e["target"], 0)):
            target = edge["target"]
            others = [e for e in incoming[target] if e is not edge]
            label = Text.assemble(
                safe_text(names.get(target, "?"), "bold"), safe_text(f"  {edge['kind']}", "cyan"),
                safe_text(f"  {shorten(edge['evidence'], 100)}", "dim"),
                safe_text("".join(f"\n  also draws on {names.get(e['source'], '?')} ({e['kind']})" for e in others), "dim italic"),
            )
            add(node.add(label), target)

    for article in story.articles:
        if article["id"] not in incoming:
            add(tree.add(Text.assemble(safe_text(names[article["id"]], "bold green"), safe_text("  original reporting", "dim"))), article["id"])
    return tree


def _outlet(article: dict[str, Any]) -> str:
    return article.get("outlet") or shorten(article.get("title") or article["name"], 40)


def _quote(outlet: str, speaker: str | None, text: str | None) -> Text:
    who = outlet if not speaker or speaker == "author" else f"{outlet} · {speaker}"
    return Text.assemble(safe_text(who, "bold"), safe_text("\n“" + shorten(text or "", QUOTE) + "”"))
