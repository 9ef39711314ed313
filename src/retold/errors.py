"""One error base for retold, and the Rejection value for an input that is skipped with a reason."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
