"""The quick kicked reproduction, computed once for the claims (test_kicked_claims.py) and for the budget's
record of the sweep points each experiment runs (test_kicked_budget.py)."""

import pytest

from noneq.kicked.paper import runs
from noneq.reproduce import paper_experiments
from noneq.reproduce.context import RunContext
from noneq.sweep import SerialExecutor


class RecordingExecutor(SerialExecutor):
    """Runs the points here and records (function, parameters) of each."""

    def __init__(self):
        self.points = []

    def map_unordered(self, function, tasks):
        tasks = list(tasks)
        named = getattr(function, "func", function)
        self.points += [(named.__name__, dict(getattr(function, "keywords", {}), **params)) for _, params in tasks]
        return super().map_unordered(function, tasks)


@pytest.fixture(scope="session")
def kicked_quick():
    """({experiment name: its quick data}, {experiment name: the (function name, parameters) of every sweep point
    it ran}): each experiment computed in this process, in order, from no shared runs (a shared run is computed,
    and counted, by the first experiment that needs it)."""
    saved, runs._SHARED = runs._SHARED, {}
    try:
        data, points = {}, {}
        for experiment in paper_experiments("kicked"):
            recorder = RecordingExecutor()
            data[experiment.name] = experiment.compute(RunContext(profile="quick", executor=recorder))
            points[experiment.name] = recorder.points
    finally:
        runs._SHARED = saved
    return data, points
