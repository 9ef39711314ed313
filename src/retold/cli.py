"""The `retold` command: a thin layer that parses arguments, calls the library and turns errors into exit codes."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence, TextIO

from retold.checkworthy.commands import add_checkworthy_commands
from retold.dates import check_published
from retold.errors import Rejection, RetoldError, UsageError
from retold.link.commands import add_link_commands
from retold.model import Article
from retold.stance.commands import add_stance_commands
from retold.store.commands import add_store_commands
from retold.train.commands import add_train_commands
from retold.web.commands import add_web_commands

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        print(f"retold: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from retold import __version__

    parser = _Parser(prog="retold", description="Who said what, which numbers they gave, and where sources contradict each other.")
    parser.add_argument("--version", action="version", version=f"retold {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    analyze = commands.add_parser("analyze", help="analyse articles: attributions, quantities, claims, conflicts, sources")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help=".txt .html .jsonl .warc(.gz) file, directory, '-' for stdin, or http(s) URL")
    analyze.add_argument("--json", action="store_true", help="write one retold.article/1 JSON object per article (JSON Lines) to stdout")
    analyze.add_argument("--html", metavar="OUT", help="write a self-contained HTML report to OUT")
    analyze.add_argument("--outlet", metavar="NAME", help="the outlet that published the articles (overrides what the input says)")
    analyze.add_argument("--published", metavar="DATE", help="publication date, YYYY-MM-DD (overrides what the input says)")
    analyze.set_defaults(handler=run_analyze)
    add_store_commands(commands)
    add_link_commands(commands)
    add_stance_commands(commands)
    add_checkworthy_commands(commands)
    add_train_commands(commands)
    add_web_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `retold` console command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"retold: error: {_shown(error)}", file=sys.stderr)
        return EXIT_USAGE
    except RetoldError as error:
        print(f"retold: {_shown(error)}", file=sys.stderr)
        return EXIT_INPUT_FAILED
    except KeyboardInterrupt:
        print("retold: interrupted", file=sys.stderr)
        return 130
    except ImportError as error:
        print(f"retold: a dependency is missing ({error}); run 'make setup' or reinstall retold", file=sys.stderr)
        return EXIT_INPUT_FAILED
    except BrokenPipeError:
        # the reader of our stdout went away (e.g. `| head`): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        if os.environ.get("RETOLD_DEBUG"):
            raise
        # a bug of ours: one line, never a traceback; RETOLD_DEBUG=1 shows it
        print(f"retold: internal error: {type(error).__name__}: {_shown(error)[:300]} (set RETOLD_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INPUT_FAILED


def _shown(error: Exception) -> str:
    """An error message on one line with no control character: it may quote a file name or a server's bytes."""
    from retold.report.terminal import printable

    return printable(str(error), one_line=True)


def run_analyze(args: argparse.Namespace) -> int:
    """`retold analyze`: read, analyse, and report each input; exit 1 if any input failed."""
    from retold.ingest import Skipped, read_inputs
    from retold.run.partition import Counters, process_partition
    from retold.report.progress import Meter
    from retold.store.commands import print_skipped

    published = check_published(args.published)
    if args.html:
        _check_writable(Path(args.html), "--html")
    stdin = sys.stdin.buffer if "-" in args.paths else None
    skipped = Skipped()
    items = read_inputs(args.paths, outlet=args.outlet, published=published, stdin=stdin, skipped=skipped)
    counters = Counters()
    articles: list[Article] = []
    from retold.report.terminal import make_console, render_rejection, render_terminal

    console = None if args.json else make_console()
    errors = make_console(file=sys.stderr)
    Meter().loading_models()  # on a terminal only
    for item in process_partition(items):
        counters.count(item)
        if isinstance(item, Rejection):
            render_rejection(item, errors)
            if args.json:
                _write_json(item.to_json(), sys.stdout)
            continue
        if args.json:
            _write_json(item.to_json(), sys.stdout)
        else:
            if counters.analysed > 1:
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
    if counters.failed or counters.analysed != 1:
        print(f"retold: {counters.analysed} analysed, {counters.failed} failed", file=sys.stderr)
    return EXIT_INPUT_FAILED if counters.failed else EXIT_OK


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
