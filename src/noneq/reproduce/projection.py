"""Projected wall time of a reproduction from its experiments' cost estimates, before anything runs.

An experiment with an ``estimate`` (`noneq.reproduce.experiment.Experiment`) lists the one-core seconds of each
run it makes at a profile. On W workers its projected wall time is the sum of those seconds over W, and at least
its longest run (a run is one sweep point: it is not split between workers). Experiments run one after the other,
so the total is the sum over experiments. The projection is as good as the system's cost model (a kicked pair run
is good to a factor ~2-3; docs/notes/kicked.md) and counts no start-up, plotting or waiting for a loaded machine.

Examples
--------
>>> projected_wall_seconds([30.0, 10.0, 10.0, 10.0], workers=2)
30.0
>>> projected_wall_seconds([10.0, 10.0, 10.0, 10.0], workers=2)
20.0
"""

from __future__ import annotations

from typing import Sequence

from noneq.core.errors import bad_value
from noneq.reproduce.experiment import Experiment


def projected_wall_seconds(seconds: Sequence[float], workers: int) -> float:
    """max(sum(seconds) / workers, max(seconds)): the wall time of independent runs on ``workers`` processes
    (module docstring); 0 for no runs."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise bad_value("workers", workers, "a positive integer")
    values = [float(s) for s in seconds]
    return max(sum(values) / workers, max(values)) if values else 0.0


def projected_seconds(experiments: Sequence[Experiment], profile: str, workers: int) -> dict[str, float]:
    """{experiment name: projected wall seconds at ``profile`` on ``workers`` processes} for the experiments that
    have an estimate (module docstring), in their order."""
    return {e.name: projected_wall_seconds(e.estimate(profile), workers) for e in experiments
            if e.estimate is not None}


def format_duration(seconds: float) -> str:
    """'42 s', '7.5 min' or '3.2 h'.

    >>> format_duration(42.0), format_duration(450.0), format_duration(11520.0)
    ('42 s', '7.5 min', '3.2 h')
    """
    if seconds < 120.0:
        return f"{seconds:.0f} s"
    if seconds < 7200.0:
        return f"{seconds / 60.0:.1f} min"
    return f"{seconds / 3600.0:.1f} h"


def projection_line(experiments: Sequence[Experiment], profile: str, workers: int) -> str:
    """One line: the projected wall time of each experiment with an estimate and their total ("" if none has)."""
    times = projected_seconds(experiments, profile, workers)
    if not times:
        return ""
    parts = ", ".join(f"{name} {format_duration(t)}" for name, t in times.items())
    return (f"projected wall time of the {profile} profile on {workers} worker(s), from the cost model: "
            f"{format_duration(sum(times.values()))} ({parts})")
