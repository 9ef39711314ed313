"""The `retold` command: a thin layer that parses arguments, calls the library and turns errors into exit codes.

Each group of subcommands has its module here (analyze, store, link, stance, checkworthy, train, serve); the library
below never imports this package."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from retold.cli import analyze, checkworthy, link, serve, stance, store, train
from retold.cli.messages import shown
from retold.errors import EXIT_INPUT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, RetoldError, UsageError
from retold.version import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        print(f"retold: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The `retold` parser with every subcommand, in the order `retold --help` lists them."""
    parser = _Parser(prog="retold", description="Who said what, which numbers they gave, and where sources contradict each other.")
    parser.add_argument("--version", action="version", version=f"retold {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    analyze.add_analyze_command(commands)
    store.add_store_commands(commands)
    link.add_link_commands(commands)
    stance.add_stance_commands(commands)
    checkworthy.add_checkworthy_commands(commands)
    train.add_train_commands(commands)
    serve.add_serve_command(commands)
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
        print(f"retold: error: {shown(error)}", file=sys.stderr)
        return EXIT_USAGE
    except RetoldError as error:
        print(f"retold: {shown(error)}", file=sys.stderr)
        return EXIT_INPUT_FAILED
    except KeyboardInterrupt:
        print("retold: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
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
        print(f"retold: internal error: {type(error).__name__}: {shown(error)[:300]} (set RETOLD_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INPUT_FAILED
