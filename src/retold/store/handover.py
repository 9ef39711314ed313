"""How a writer and the web app share one store file: the app holds it read-only and lets go when a writer waits.

DuckDB lets one process write a file, or several read it, never both. `retold serve` would otherwise keep
`retold ingest` out for as long as it runs. So each side leaves a small sign beside the store: the app says it is
serving (and will yield), a writer says it is waiting; the app closes its connection, the writer writes, the app
opens the file again once the sign is gone and shows what changed.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

WRITER_SIGN = ".writer"    # beside FILE: FILE.writer holds the PID of a writer that wants or has the file
SERVING_SIGN = ".serving"  # FILE.serving holds the PID of a web app that lets go of the file when asked
# how long a writer waits for a serving web app to let go (it looks four times a second; a page being built finishes)
YIELD_SECONDS = 15.0


@contextmanager
def announce_writer(path: str) -> Iterator[None]:
    """Say that this process wants to write `path` for as long as the block runs."""
    with _sign(path + WRITER_SIGN):
        yield


@contextmanager
def announce_serving(path: str) -> Iterator[None]:
    """Say that this process reads `path` and lets go of it when a writer waits."""
    with _sign(path + SERVING_SIGN):
        yield


def waiting_writer(path: str) -> int | None:
    """The PID of a live process waiting to write `path` (or writing it); None when there is none."""
    return _live(path + WRITER_SIGN)


def serving_reader(path: str) -> int | None:
    """The PID of a live web app that lets go of `path` when asked; None when there is none."""
    return _live(path + SERVING_SIGN)


@contextmanager
def _sign(sign: str) -> Iterator[None]:
    mine = str(os.getpid())
    try:
        with open(sign, "w", encoding="ascii") as file:
            file.write(mine)
        written = True
    except OSError:
        written = False  # a read-only folder: nobody can write the store there anyway, so there is nothing to say
    try:
        yield
    finally:
        if written and _read(sign) == mine:  # another process of the same kind may have taken the sign over
            try:
                os.remove(sign)
            except OSError:
                pass


def _live(sign: str) -> int | None:
    text = _read(sign)
    if not text or not text.isdigit():
        return None
    pid = int(text)
    try:
        os.kill(pid, 0)  # a sign left by a process killed -9 names nobody
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid  # alive, under another user
    return pid


def _read(sign: str) -> str | None:
    try:
        with open(sign, encoding="ascii") as file:
            return file.read(32).strip()
    except (OSError, UnicodeDecodeError):
        return None
