"""The web app's hold on the store: read-only, let go while a writer works, opened again (pages dropped) once it is done."""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from retold.store.connection import open_for_reading
from retold.store.handover import announce_serving, waiting_writer
from retold.store.schema import StoreError

WATCH_SECONDS = 0.25  # how often the app looks for a waiting writer when no request comes


class StoreBusy(StoreError):
    """A writer has the store now; the page can be read again when it is done."""

    def __init__(self, path: str, writer: int | None) -> None:
        who = f"another retold command (PID {writer})" if writer else "another retold command"
        super().__init__(f"{path} is being updated by {who}; this page is back when it finishes")
        self.writer = writer


class HeldStore:
    """The read-only connection, one cursor per server thread; closed while a writer waits, reopened after.

    `generation` counts the versions of the file seen: what is worked out from the store is kept per generation."""

    def __init__(self, path: str, watch_seconds: float = WATCH_SECONDS) -> None:
        self.path = os.fspath(path)
        self.generation = 0
        self._connection = open_for_reading(self.path)  # a missing or damaged store fails here, before serving
        self._stamp = _stamp(self.path)
        self._cursors: dict[int, Any] = {}  # thread id -> its cursor on the current connection
        self._readers = 0  # requests reading the connection now
        self._condition = threading.Condition()
        self._on_change: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._serving = announce_serving(self.path)
        self._serving.__enter__()
        self._watcher = threading.Thread(target=self._watch, args=(watch_seconds,), name="retold-store-watch", daemon=True)
        self._watcher.start()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call `callback` when the file is found changed after a writer (the app drops its pages)."""
        self._on_change.append(callback)

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """This thread's cursor for the body; StoreBusy while a writer waits or works."""
        with self._condition:
            writer = waiting_writer(self.path)
            if writer is not None:
                raise StoreBusy(self.path, writer)
            if self._connection is None:
                self._reopen()
            self._readers += 1
            cursor = self._cursors.get(threading.get_ident())
            if cursor is None:
                cursor = self._cursors[threading.get_ident()] = self._connection.cursor()
        try:
            yield cursor
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    def refresh(self) -> int:
        """The version of the file pages are built from: opened again first if a writer has been and gone."""
        if self._connection is None and waiting_writer(self.path) is None:
            with self._condition:
                if self._connection is None and waiting_writer(self.path) is None:
                    self._reopen()
        return self.generation

    def cursor(self):
        """This thread's cursor, for code that runs inside `reading()` (or in tests, with no writer about)."""
        with self.reading() as cursor:
            return cursor

    def close(self) -> None:
        """Let go of the file and stop watching."""
        self._stop.set()
        with self._condition:
            self._let_go()
        with suppress(Exception):
            self._serving.__exit__(None, None, None)

    def _watch(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            if waiting_writer(self.path) is None:
                continue
            with self._condition:
                # new requests are refused from now on (reading() sees the writer); those under way finish first
                while self._readers and waiting_writer(self.path) is not None:
                    self._condition.wait(seconds)
                if waiting_writer(self.path) is not None:
                    self._let_go()

    def _let_go(self) -> None:
        for cursor in self._cursors.values():
            with suppress(Exception):
                cursor.close()
        self._cursors.clear()
        if self._connection is not None:
            with suppress(Exception):
                self._connection.close()
            self._connection = None

    def _reopen(self) -> None:
        try:
            self._connection = open_for_reading(self.path)
        except StoreError as error:
            if "is locked" in str(error):  # a writer came between the look for its sign and the opening
                raise StoreBusy(self.path, waiting_writer(self.path)) from None
            raise
        stamp = _stamp(self.path)
        if stamp != self._stamp:
            self._stamp = stamp
            self.generation += 1
            for callback in self._on_change:
                callback()


def _stamp(path: str) -> tuple[int, int]:
    """What changes when a writer changed the file: its modification time and length."""
    found = os.stat(path)
    return found.st_mtime_ns, found.st_size
