"""What a long quantum run needs besides its physics: a progress bar over kicks with an honest ETA, and checkpoints.

`kick_progress` opens one progress task over a run's kicks. The cost of a kick grows with the basis (a growing
basis follows the momentum spread, ~ sqrt(t) while particle 1 diffuses), so a bar advanced by one per kick would
give an ETA that is too short throughout; the bar advances instead by each kick's share of the expected work
(``weights``, from `noneq.kicked.costs`), scaled to the number of kicks: its count reads as "kicks' worth of
work done", and a constant rate of work gives a constant bar speed, hence an ETA that holds while the cost grows.

`restore` reads a run's checkpoint (`noneq.core.checkpoint.Checkpoint`) and checks that it belongs to this kind of
run and these sizes before it is used.

Examples
--------
>>> from noneq.core.progress import SILENT
>>> with kick_progress(SILENT, "run", np.array([1.0, 3.0])) as done:
...     done(1)
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

import numpy as np

from noneq.core.checkpoint import Checkpoint
from noneq.core.errors import NoneqInputError
from noneq.core.progress import Progress


@contextlib.contextmanager
def kick_progress(progress: Progress, description: str, weights: np.ndarray,
                  done: int = 0) -> Iterator[Callable[[int], None]]:
    """A progress task over ``len(weights)`` kicks, advanced by expected work (module docstring).

    Yields ``at(count)``: call it with the number of kicks done so far; ``done`` kicks are shown at the start
    (a resumed run). The bar's count is work done in units of the mean kick; the status beside it shows the
    plain count ``kick n/N``.

    >>> from noneq.core.progress import SILENT
    >>> with kick_progress(SILENT, "two kicks", np.ones(2), done=1) as at:
    ...     at(2)
    """
    kicks = len(weights)
    weights = np.asarray(weights, dtype=float)
    total = float(weights.sum())
    if kicks and np.isfinite(total) and total > 0.0:
        cumulative = kicks * np.cumsum(weights) / total
    else:
        cumulative = np.arange(1.0, kicks + 1.0)
    with progress.task(description, max(kicks, 1)) as advance:
        shown = [0.0]

        def at(count: int) -> None:
            target = float(cumulative[count - 1]) if count > 0 else 0.0
            advance(max(target - shown[0], 0.0), status=f"kick {count}/{kicks}")
            shown[0] = max(target, shown[0])

        at(done)
        yield at


def restore(checkpoint: Checkpoint, kind: str,
            shapes: Callable[[dict[str, Any]], dict[str, tuple[int, ...]]]) -> tuple[dict, dict] | None:
    """``(arrays, record)`` of ``checkpoint`` when it holds a run of ``kind`` whose arrays have the shapes
    ``shapes(record)`` ({name: shape}); None when there is none. A checkpoint of another kind of run or with
    other shapes is refused (`NoneqInputError`), like one of another computation.

    >>> restore(Checkpoint.disabled(), "single", lambda record: {}) is None
    True
    """
    loaded = checkpoint.load()
    if loaded is None:
        return None
    arrays, record = loaded
    try:
        expected = shapes(record) if record.get("kind") == kind else None
        matches = expected is not None and all(name in arrays and arrays[name].shape == tuple(shape)
                                               for name, shape in expected.items())
    except (KeyError, TypeError, ValueError):
        matches = False
    if not matches:
        raise NoneqInputError(f"checkpoint {str(checkpoint.path)!r} does not hold a {kind} run of these sizes: "
                              f"remove it to start the run over")
    return arrays, record
