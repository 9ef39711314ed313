"""What the commands say on stderr: an error on one line, each failed input, the files a folder walk passed over."""
from __future__ import annotations

import sys
from collections.abc import Iterable

from retold.errors import Rejection
from retold.ingest import Skipped
from retold.report.terminal import printable


def shown(error: Exception) -> str:
    """An error message on one line with no control character: it may quote a file name or a server's bytes."""
    return printable(str(error), one_line=True)


def print_failures(failures: Iterable[Rejection]) -> None:
    """Each failed input and its reason on stderr, one line each; names come from the input, so they are made printable."""
    for failure in failures:
        print(f"retold: {printable(failure.source, one_line=True)}: {printable(failure.reason, one_line=True)}", file=sys.stderr)


def print_skipped(skipped: Skipped) -> None:
    """'retold: skipped 2 files that are not articles (README.md, PLANTED.json)' on stderr, when a folder held any."""
    if skipped.count:
        print(f"retold: {printable(skipped.summary(), one_line=True)}", file=sys.stderr)
