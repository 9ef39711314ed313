"""The `analyze` subcommand: read, analyse and report each input, as text, JSON Lines or an HTML report."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from retold.cli.messages import print_skipped
from retold.dates import check_published
from retold.errors import EXIT_INPUT_FAILED, EXIT_OK, Rejection, RetoldError, UsageError
from retold.ingest import Skipped, read_inputs
from retold.model import Article
from retold.run.partition import process_partition

# the report package (rich, and Jinja2 for the HTML report) is imported where something is rendered, and the run's
# two counts are kept here rather than in the store's RunSummary, whose package opens with DuckDB: `retold analyze
# --json` on one article, model load included, is a cold start that should take spaCy's time and little more


def add_analyze_command(subparsers: argparse._SubParsersAction) -> None:
    """Register `retold analyze PATH...`."""
    analyze = subparsers.add_parser("analyze", help="analyse articles: attributions, quantities, claims, conflicts, sources")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help=".txt .html .jsonl .warc(.gz) file, directory, '-' for stdin, or http(s) URL")
    analyze.add_argument("--json", action="store_true", help="write one retold.article/1 JSON object per article (JSON Lines) to stdout")
    analyze.add_argument("--html", metavar="OUT", help="write a self-contained HTML report to OUT")
    analyze.add_argument("--outlet", metavar="NAME", help="the outlet that published the articles (overrides what the input says)")
    analyze.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD (overrides what the input says)")
    analyze.set_defaults(handler=run_analyze)


def run_analyze(args: argparse.Namespace) -> int:
    """`retold analyze`: read, analyse, and report each input; exit 1 if any input failed."""
    published = check_published(args.published)
    if args.html:
        _check_writable(Path(args.html), "--html")
    stdin = sys.stdin.buffer if "-" in args.paths else None
    skipped = Skipped()
    items = read_inputs(args.paths, outlet=args.outlet, published=published, stdin=stdin, skipped=skipped)
    analysed = failed = 0
    articles: list[Article] = []
    console = None
    if not args.json:
        from retold.report.terminal import make_console

        console = make_console()
    errors = None  # the stderr console, made for the first failure
    if sys.stderr.isatty():  # the Meter says nothing elsewhere, so only a terminal needs its module
        from retold.report.progress import Meter

        Meter().loading_models()
    for item in process_partition(items):
        if isinstance(item, Rejection):
            failed += 1
            from retold.report.terminal import make_console, render_rejection

            if errors is None:
                errors = make_console(file=sys.stderr)
            render_rejection(item, errors)
            if args.json:
                _write_json(item.to_json(), sys.stdout)
            continue
        analysed += 1
        if args.json:
            _write_json(item.to_json(), sys.stdout)
        else:
            from retold.report.terminal import render_terminal

            assert console is not None  # made unless --json
            if analysed > 1:
                console.print()
            render_terminal([item], console)
        if args.html:
            articles.append(item)
    if args.html:
        from retold.report.html import render_html

        try:
            Path(args.html).write_text(render_html(articles), encoding="utf-8")
        except OSError as error:  # the disk filled or the folder went away while we analysed: the JSON above is kept
            raise RetoldError(f"cannot write the HTML report to {args.html}: {error.strerror or error}") from None
        print(f"retold: HTML report written to {args.html}", file=sys.stderr)
    print_skipped(skipped)
    if failed or analysed != 1:
        print(f"retold: {analysed} analysed, {failed} failed", file=sys.stderr)
    return EXIT_INPUT_FAILED if failed else EXIT_OK


def _check_writable(path: Path, flag: str) -> None:
    """Refuse an output path we cannot write before any work is done, in one line."""
    if path.is_dir():
        raise UsageError(f"{flag} {str(path)!r} is a directory; give a file name such as report.html")
    existed = path.exists()
    blocking = next((folder for folder in path.parents if folder.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise UsageError(f"{flag} {str(path)!r} cannot be written: {str(blocking)!r} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as error:
        raise UsageError(f"{flag} {str(path)!r} cannot be written: {error.strerror or error}") from None
    if not existed:
        path.unlink(missing_ok=True)  # only a check: no empty report is left behind if the run fails


def _write_json(obj: dict, stream: TextIO) -> None:
    stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
    stream.flush()
