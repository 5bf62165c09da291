"""`noneq.reproduce.projection`: wall time of independent runs on W workers, from per-run estimates."""

import pytest

from noneq.core.errors import NoneqInputError
from noneq.reproduce import Experiment
from noneq.reproduce.projection import projected_seconds, projected_wall_seconds, projection_line


def test_wall_time_is_the_work_over_workers_but_at_least_the_longest_run():
    assert projected_wall_seconds([10.0] * 4, 2) == 20.0
    assert projected_wall_seconds([30.0, 1.0, 1.0], 2) == 30.0  # a run is not split between workers
    assert projected_wall_seconds([], 3) == 0.0
    with pytest.raises(NoneqInputError, match="'workers'"):
        projected_wall_seconds([1.0], 0)


def test_experiments_without_an_estimate_are_left_out():
    def nothing(context):
        return {}

    timed = Experiment("a", "a", nothing, lambda data: {}, estimate=lambda profile: [60.0, 60.0, 120.0])
    untimed = Experiment("b", "b", nothing, lambda data: {})
    assert projected_seconds([timed, untimed], "paper", 2) == {"a": 120.0}
    assert projection_line([untimed], "paper", 2) == ""
    assert "a 2.0 min" in projection_line([timed, untimed], "paper", 2)
