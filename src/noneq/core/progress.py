"""Progress reporting that library code can use without knowing who displays it.

Long computations accept ``progress: Progress`` and wrap their loops in
``with progress.task("entropy maps", total=n) as advance: ... advance(1)``; ``advance(n, status="kick 7/500")``
also replaces a short status text shown beside the bar (e.g. plain counts when the bar advances by work). The
default `SILENT` shows nothing; the CLI passes a `RichProgress`, which draws a bar with done/total and an ETA.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Protocol


class Progress(Protocol):
    def task(self, description: str, total: int) -> contextlib.AbstractContextManager[Callable[..., None]]:
        ...


class _Silent:
    @contextlib.contextmanager
    def task(self, description: str, total: int) -> Iterator[Callable[..., None]]:
        yield lambda n=1, status=None: None


SILENT: Progress = _Silent()


class RichProgress:
    """Progress bars drawn with rich on stderr (one bar per task, with an ETA)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as _RichProgress,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        self._progress = _RichProgress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[status]}"),
            console=Console(stderr=True), transient=False,
        )

        self._started = False

    def __enter__(self) -> "RichProgress":
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self._started:
            if kind is not None and kind is not KeyboardInterrupt:  # an error: its message is the last word
                for task_id in list(self._progress.task_ids):
                    self._progress.remove_task(task_id)
            self._progress.stop()

    @contextlib.contextmanager
    def task(self, description: str, total: int) -> Iterator[Callable[..., None]]:
        if not self._started:  # start drawing only when there is something to show
            self._progress.start()
            self._started = True
        task_id = self._progress.add_task(description, total=max(int(total), 1), status="")

        def advance(n: float = 1, status: str | None = None) -> None:
            if status is None:
                self._progress.advance(task_id, n)
            else:
                self._progress.update(task_id, advance=n, status=status)

        yield advance
        self._progress.update(task_id, completed=max(int(total), 1))  # only when the task ended normally
