"""The `link`, `stories` and `story` subcommands: run the cross-article stages over a store, and show what they found."""
from __future__ import annotations

import argparse
import sys

from retold.errors import EXIT_OK, UsageError
from retold.report.progress import Meter
from retold.report.story import render_story, render_story_list
from retold.report.terminal import make_console
from retold.store.connection import DEFAULT_DB, reading_store, writing_store
from retold.store.linking import run_link
from retold.store.stories import list_stories, load_stances, load_story


def add_link_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold link`, `retold stories` and `retold story ID`."""
    link = subparsers.add_parser("link", help="group stored articles into stories and trace provenance, conflicts and drift")
    link.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the DuckDB file (default: {DEFAULT_DB} here)")
    link.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another writer")
    link.add_argument("--full", action="store_true", help="trace every story again, not only those whose articles changed")
    link.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    link.set_defaults(handler=lambda args: link_command(args.db, args.wait, args.full, progress=not args.no_progress))

    stories = subparsers.add_parser("stories", help="list the stories in a store")
    stories.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the DuckDB file (default: {DEFAULT_DB} here)")
    stories.add_argument("--all", action="store_true", help="also list stories of a single article")
    stories.set_defaults(handler=lambda args: stories_command(args.db, args.all))

    story = subparsers.add_parser("story", help="one story: timeline, provenance tree, conflicts, drifts and each outlet's stances")
    story.add_argument("story_id", metavar="ID", nargs="?", help="a story id (or its first characters) from `retold stories`; default: the largest story")
    story.add_argument("--db", default=DEFAULT_DB, metavar="FILE", help=f"the DuckDB file (default: {DEFAULT_DB} here)")
    story.set_defaults(handler=lambda args: story_command(args.db, args.story_id))


def link_command(db: str, wait: float = 0.0, full: bool = False, progress: bool = True) -> int:
    """`retold link`: the whole store is linked again (stories, provenance, conflicts, drift), so every stored article
    ends up linked; unchanged stories keep their stored trace unless `full`. Progress on a terminal only."""
    with writing_store(db, wait) as connection, Meter(progress) as meter:
        articles, stories, seconds = run_link(connection, full, meter)
    print(f"retold: linked {articles} articles into {stories} stor{'y' if stories == 1 else 'ies'} in {seconds:.1f} s", file=sys.stderr)
    return EXIT_OK


def stories_command(db: str, include_single: bool = False) -> int:
    """`retold stories`: a table of stories with their articles, outlets, time span, conflicts and drifts."""
    with reading_store(db) as connection:
        rows = list_stories(connection, include_single)
    render_story_list(rows, make_console())
    return EXIT_OK


def story_command(db: str, story_id: str | None) -> int:
    """`retold story ID`: timeline, provenance tree, conflicts and drifts with both quotes, each outlet's stances."""
    with reading_store(db) as connection:
        if story_id is None:
            largest = list_stories(connection, include_single=True)
            if not largest:
                raise UsageError(f"{db} has no stories yet; run `retold ingest PATH... --db {db}` first")
            story_id = largest[0]["id"]
        story = load_story(connection, story_id)
        if story is not None:
            story.stances = load_stances(connection, story.id)
    if story is None:
        raise UsageError(f"no story {story_id!r} in {db}; `retold stories --db {db}` lists them")
    render_story(story, make_console())
    return EXIT_OK
