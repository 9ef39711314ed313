"""The `retold` command: a thin layer that parses arguments, calls the library and turns errors into exit codes.

Each group of subcommands has its module here (analyze, store, link, stance, checkworthy, train, serve); the library
below never imports this package."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from retold.cli.messages import shown
from retold.errors import EXIT_INPUT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, RetoldError, UsageError
from retold.version import __version__

# each module of this package, the function that registers its commands, and those commands, in `retold --help` order;
# a command's module is imported only when that command runs (or for the full help), since some import DuckDB, the
# store or the stance model at the top, which `retold analyze` never needs (cold start)
MODULES = (
    ("analyze", "add_analyze_command", ("analyze",)),
    ("store", "add_store_commands", ("ingest", "load", "export")),
    ("link", "add_link_commands", ("link", "stories", "story")),
    ("stance", "add_stance_commands", ("stance",)),
    ("checkworthy", "add_checkworthy_commands", ("checkworthy",)),
    ("train", "add_train_commands", ("train",)),
    ("serve", "add_serve_command", ("serve",)),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        print(f"retold: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `retold` parser with every subcommand, in the order `retold --help` lists them; or with only the module
    that registers `command`, which parses that command's arguments the same way."""
    parser = _Parser(prog="retold", description="Who said what, which numbers they gave, and where sources contradict each other.")
    parser.add_argument("--version", action="version", version=f"retold {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module, register, names in MODULES:
        if command is None or command in names:
            getattr(importlib.import_module(f"retold.cli.{module}"), register)(commands)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs when it starts with one (`retold analyze ...`); None for anything else (`retold -h`)."""
    first = argv[0] if argv else None
    return first if any(first in names for _, _, names in MODULES) else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `retold` console command."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_of(argv))
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
