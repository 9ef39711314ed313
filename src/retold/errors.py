"""One error base for retold, the exit status each kind of failure gives, and the Rejection value for a skipped input."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# the `retold` command's exit statuses: every command returns one of these
EXIT_OK = 0
EXIT_INPUT_FAILED = 1  # an input could not be analysed, or a RetoldError: what failed is said on stderr
EXIT_USAGE = 2  # the command was called wrongly (argparse's own status too)
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it


class RetoldError(Exception):
    """A failure retold explains in one line (bad configuration, unusable input, missing extra)."""


class UsageError(RetoldError):
    """The command was called wrongly: exit status 2."""


@dataclass(frozen=True)
class Rejection:
    """An input that could not be analysed: where it came from and a one-line reason. Data, not a crash."""

    source: str
    reason: str
    code: str = "unreadable"  # empty | binary | encoding | too_large | no_article | not_english | malformed | unreadable | unsupported | fetch | analysis | budget

    def __post_init__(self) -> None:
        # the reason is printed as one line on stderr and stored in a table: keep it one line
        object.__setattr__(self, "reason", " ".join(str(self.reason).split()))

    def to_json(self) -> dict[str, Any]:
        return {"schema": "retold.article/1", "error": {"source": self.source, "code": self.code, "reason": self.reason}}
