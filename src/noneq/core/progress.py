"""Progress reporting that library code can use without knowing who displays it.

Long computations accept ``progress: Progress`` and wrap their loops in
``with progress.task("entropy maps", total=n) as advance: ... advance(1)``. The default `SILENT` shows nothing;
the CLI passes a `RichProgress`, which draws a bar with done/total and an ETA.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Protocol


class Progress(Protocol):
    def task(self, description: str, total: int) -> contextlib.AbstractContextManager[Callable[[int], None]]:
        ...


class _Silent:
    @contextlib.contextmanager
    def task(self, description: str, total: int) -> Iterator[Callable[[int], None]]:
        yield lambda n=1: None


SILENT: Progress = _Silent()


class RichProgress:
    """Progress bars drawn with rich on stderr (one bar per task, with an ETA)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress as _RichProgress,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        self._progress = _RichProgress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )

    def __enter__(self) -> "RichProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    @contextlib.contextmanager
    def task(self, description: str, total: int) -> Iterator[Callable[[int], None]]:
        task_id = self._progress.add_task(description, total=max(int(total), 1))
        try:
            yield lambda n=1: self._progress.advance(task_id, n)
        finally:
            self._progress.update(task_id, completed=max(int(total), 1))
