"""Terminal views of stories: the list, and one story's timeline, provenance tree, conflicts, drifts and stances."""
from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from retold.report.terminal import (
    THE_ARTICLE,
    is_narrow,
    record_list,
    report_table,
    safe_text,
    voice,
)
from retold.report.views import shorten
from retold.store.stories import StoryView

QUOTE = 110
# which source an article hangs under when it has several: the closest copy first
EDGE_RANK = {"repost": 0, "summary": 1, "partial": 2, "citation": 3}
STANCE_STYLE = {"agree": "green", "disagree": "red", "discuss": "cyan", "unrelated": "dim"}
# the stance matrix needs this much room for the claim and for each outlet ("disagree *"); else one claim after another
CLAIM_COLUMN, STANCE_COLUMN = 30, 10


def render_story_list(rows: list[dict[str, Any]], console: Console) -> None:
    """`retold stories`: one row per story."""
    if not rows:
        console.print(safe_text("No stories of more than one article yet (retold stories --all lists every story).", "dim italic"))
        return
    if is_narrow(console):
        console.print(_narrow_story_list(rows))
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


def _narrow_story_list(rows: list[dict[str, Any]]) -> Table:
    """The list for a narrow terminal: the dates stacked in one column, the counts on a line under the title."""
    table = report_table(f"Stories ({len(rows)})", ("Story", {"no_wrap": True}), ("Dates", {"no_wrap": True}),
                         ("Title · key terms · counts", {"ratio": 1, "overflow": "fold"}))
    for row in rows:
        dates = row["start_date"] or "—"
        if row["end_date"] and row["end_date"] != row["start_date"]:
            dates += f"\n{row['end_date']}"
        counts = Text.assemble(
            safe_text(f"{_count(row['articles'], 'article')} · {_count(row['outlets'], 'outlet')}\n", "dim"),
            safe_text(_count(row["conflicts"], "conflict"), "red" if row["conflicts"] else "dim"), safe_text(" · ", "dim"),
            safe_text(_count(row["drifts"], "drift"), "yellow" if row["drifts"] else "dim"))
        table.add_row(safe_text(row["id"], "bold"), safe_text(dates), Text.assemble(_title_and_label(row.get("title"), row["label"]), "\n", counts))
    return table


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _title_and_label(title: str | None, label: str | None) -> Text:
    """The story's title, with its key terms (the label) on a dim line below it."""
    if not title or title == label:
        return safe_text(shorten(label or "", 80))
    return Text.assemble(safe_text(shorten(title, 80)), "\n", safe_text(shorten(label or "", 80), "dim"))


def render_story(story: StoryView, console: Console) -> None:
    """`retold story ID`: what happened to the story as it was retold."""
    names = {a["id"]: _outlet(a) for a in story.articles}
    narrow = is_narrow(console)
    heading = safe_text(story.title or story.label or story.id, "bold")
    if narrow:  # a rule cuts a long title to its width: the title goes under it, wrapped
        console.rule(style="blue")
        console.print(heading)
    else:
        console.rule(heading, align="left")
    # narrow, the key terms get a line of their own, so the dates and the id are never broken across lines
    between = "\n" if narrow else "  ·  "
    console.print(safe_text(f"{story.label}{between}{story.start or '?'} – {story.end or '?'}  ·  {story.id}", "dim"))
    columns = [("Published", {"no_wrap": True}), ("Outlet", {"ratio": 1, "min_width": 12}), ("Title", {"ratio": 3, "overflow": "fold"})]
    timeline = report_table("Timeline", *columns if narrow else (*columns, ("Source", {"ratio": 2, "overflow": "fold"})))
    for article in story.articles:
        title, source = safe_text(shorten(article["title"] or "", 80)), safe_text(article["name"], "dim")
        cells = (Text.assemble(title, "\n", source),) if narrow else (title, source)
        timeline.add_row(safe_text(article["published"] or "—"), safe_text(_outlet(article), "bold"), *cells)
    console.print(timeline)
    console.print(_provenance_tree(story, names))
    if story.conflicts and narrow:
        console.print(record_list("Conflicts between articles", (
            (safe_text(conflict["kind"], "bold red"),
             [("one side", _quote(names.get(conflict["a_article"], "?"), conflict["a_speaker"], conflict["a_text"])),
              ("other side", _quote(names.get(conflict["b_article"], "?"), conflict["b_speaker"], conflict["b_text"])),
              ("why", safe_text(conflict["explanation"]))])
            for conflict in story.conflicts)))
    elif story.conflicts:
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
    if story.drifts and narrow:
        console.print(record_list("Drift along the retelling", (
            (safe_text(", ".join(drift["types"]), "bold yellow"),
             [("earlier", _quote(names.get(drift["origin_article"], "?"), None, drift["origin_text"])),
              ("later", _quote(names.get(drift["article_id"], "?"), None, drift["text"])),
              ("changed", safe_text(drift["explanation"]))])
            for drift in story.drifts)))
    elif story.drifts:
        table = report_table("Drift along the retelling", ("Types", {"no_wrap": True}), ("Earlier", {"ratio": 2}),
                             ("Later", {"ratio": 2}), ("What changed", {"ratio": 2}))
        for drift in story.drifts:
            table.add_row(
                safe_text("\n".join(drift["types"]), "yellow"),
                _quote(names.get(drift["origin_article"], "?"), None, drift["origin_text"]),
                _quote(names.get(drift["article_id"], "?"), None, drift["text"]),
                safe_text(shorten(drift["explanation"], 160)),
            )
        console.print(table)
    if story.stances:
        console.print(_stance_table(story, names, console.width))


def _stance_table(story: StoryView, names: dict[str, str], width: int = 200) -> Table | Group:
    """One row per aligned claim: its words, then each outlet's stance toward it (marked where the outlet states it);
    one claim after another, its outlets listed under each stance, when the terminal is too narrow for the matrix."""
    outlets = [a for a in story.articles if any(row["article_id"] == a["id"] for row in story.stances)]
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for row in story.stances:
        groups.setdefault(row["group_id"], {})[row["article_id"]] = row
    if width < CLAIM_COLUMN + len(outlets) * (STANCE_COLUMN + 3):
        return _stance_records(outlets, groups, names)
    table = report_table("Stances toward each aligned claim", ("Claim", {"ratio": 3, "min_width": CLAIM_COLUMN}),
                         *((names[a["id"]], {"ratio": 1, "min_width": STANCE_COLUMN, "overflow": "fold"}) for a in outlets))
    for rows in groups.values():
        first = next(iter(rows.values()))
        claim = Text.assemble(_group_line(first), "\n", _quote(names.get(first["claim_article"], "?"), None, first["claim_text"]))
        cells = []
        for article in outlets:
            stance = rows.get(article["id"])
            label = stance["label"] if stance else "—"
            cells.append(safe_text(label + (" *" if stance and stance["member"] else ""), STANCE_STYLE.get(label, "dim")))
        table.add_row(claim, *cells)
    table.caption = "* the outlet states the claim itself (it is a member of the claim's group)"
    return table


def _stance_records(outlets: list[dict[str, Any]], groups: dict[str, dict[str, dict[str, Any]]], names: dict[str, str]) -> Group:
    """The stance matrix as records: each claim, then the outlets that take each stance toward it."""
    records: list[tuple[Text, list[tuple[str, RenderableType]]]] = []
    for rows in groups.values():
        first = next(iter(rows.values()))
        heading = Text.assemble(_group_line(first), "\n", _quote(names.get(first["claim_article"], "?"), None, first["claim_text"]))
        by_label: dict[str, list[str]] = {}
        for article in outlets:
            row = rows.get(article["id"])
            if row:
                by_label.setdefault(row["label"], []).append(names[article["id"]] + ("*" if row["member"] else ""))
        fields: list[tuple[str, RenderableType]] = [(label, safe_text(", ".join(by_label[label]), STANCE_STYLE.get(label, "")))
                  for label in (*STANCE_STYLE, *sorted(set(by_label) - set(STANCE_STYLE))) if label in by_label]
        records.append((heading, fields))
    group = record_list("Stances toward each aligned claim", records)
    group.renderables.append(safe_text("* the outlet states the claim itself (it is a member of the claim's group)", "dim"))
    return group


def _group_line(row: dict[str, Any]) -> Text:
    """What a claim group is about, in plain words: a figure names what it counts; a proposition's key is stemmed words,
    not for reading, so only its kind is shown."""
    if row["group_kind"] == "quantity" and row["group_key"]:
        return safe_text(f"a figure for “{row['group_key']}”", "dim")
    return safe_text("a figure" if row["group_kind"] == "quantity" else "a statement", "dim")


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
    said_by = voice(speaker)
    # the article's own voice is the outlet's own words: the outlet's name says it
    who = outlet if not said_by or said_by == THE_ARTICLE else f"{outlet} · {said_by}"
    return Text.assemble(safe_text(who, "bold"), safe_text("\n“" + shorten(text or "", QUOTE) + "”"))
