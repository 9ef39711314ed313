"""What the commands say on stderr: an error on one line, each failed input, the files a folder walk passed over."""
from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from retold.errors import Rejection

if TYPE_CHECKING:
    from retold.ingest import Skipped

# retold.report.terminal (printable) is imported where a message is printed: importing it loads rich and the HTML
# report's Jinja2 with it, which every command would pay on start-up, printing or not (cold start)


def shown(error: Exception) -> str:
    """An error message on one line with no control character: it may quote a file name or a server's bytes."""
    from retold.report.terminal import printable

    return printable(str(error), one_line=True)


def print_failures(failures: Iterable[Rejection]) -> None:
    """Each failed input and its reason on stderr, one line each; names come from the input, so they are made printable."""
    from retold.report.terminal import printable

    for failure in failures:
        print(f"retold: {printable(failure.source, one_line=True)}: {printable(failure.reason, one_line=True)}", file=sys.stderr)


def print_skipped(skipped: Skipped) -> None:
    """'retold: skipped 2 files that are not articles (README.md, PLANTED.json)' on stderr, when a folder held any."""
    if skipped.count:
        from retold.report.terminal import printable

        print(f"retold: {printable(skipped.summary(), one_line=True)}", file=sys.stderr)
