"""Progress of long work on stderr, on a terminal only: `retold ingest`, `link`, `export` and `analyze` share it."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:  # rich's progress is imported when a bar is drawn, not with the module
    from rich.progress import Progress, TaskID


class Meter:
    """Progress of long work on stderr, on a terminal only: a bar per stage with done/total, rate and time left.

    Piped or redirected (a log, CI), or with --no-progress, it draws and says nothing; the closing summaries still come."""

    def __init__(self, wanted: bool = True, unit: str = "articles"):
        self.shown = wanted and sys.stderr.isatty()
        self.unit = unit
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        if self.shown:
            self._bar = _progress_bar(self.unit)
            self._bar.start()
        return self

    def __exit__(self, kind, *exc) -> None:
        if self._bar is not None:
            if kind is None:
                self._complete()
            self._bar.stop()

    def stage(self, description: str, total: int | None = None) -> None:
        """Start a new line of progress (the previous one stays, complete)."""
        if self._bar is None:
            return
        self._complete()
        self._task = self._bar.add_task(description, total=total)

    def _complete(self) -> None:
        # a stage that ended is drawn full, also one whose total was not known or was a guess
        if self._bar is not None and self._task is not None:
            done = next(task.completed for task in self._bar.tasks if task.id == self._task)
            self._bar.update(self._task, total=max(done, 1), completed=max(done, 1))

    def advance(self, count: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, count)

    def note(self, line: str) -> None:
        """One line above the bar (on its own when no bar is drawn, as for `retold analyze`); nothing when not shown."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        elif self.shown:
            print(line, file=sys.stderr, flush=True)

    def loading_models(self) -> None:
        # spaCy and retold's tables take seconds to load: say so before the first article, not after a silent wait
        self.note("retold: loading models…")


def _progress_bar(unit: str) -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    class RateColumn(TextColumn):
        def render(self, task):  # items per second, which rich has no column for
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} {unit}/s" if speed else "")

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn(""),
        TextColumn("ETA"), TimeRemainingColumn(), TextColumn("elapsed"), TimeElapsedColumn(),
        console=Console(file=sys.stderr), transient=False,
    )
