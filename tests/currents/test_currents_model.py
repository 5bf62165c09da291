"""Validation of the currents model: bad input is rejected before computing, with a clear message."""

import pytest

from noneq.core.errors import NoneqInputError
from noneq.currents.lattice import lattice_correlations
from noneq.currents.model import (CurrentsModel, check_half_width, check_times, exact_half_width,
                                  montecarlo_half_width)
from noneq.currents.montecarlo import simulate


@pytest.mark.parametrize("rho_a, rho_b", [(1.5, 0.5), (-0.1, 0.5), (0.5, 1.01), (float("nan"), 0.2)])
def test_sep_densities_outside_unit_interval_rejected(rho_a, rho_b):
    with pytest.raises(NoneqInputError, match=r"rho_[ab].*\[0, 1\]"):
        CurrentsModel("sep", rho_a, rho_b)


def test_independent_walkers_accept_densities_above_one():
    assert CurrentsModel("independent", 2.5, 0.5).mean_density == 1.5


def test_unknown_process_rejected():
    with pytest.raises(NoneqInputError, match="process"):
        CurrentsModel("zrp", 0.5, 0.5)


@pytest.mark.parametrize("times", [[2.0, 1.0], [1.0, 1.0], [0.0, 1.0], [-1.0], [1.0, float("inf")], []])
def test_bad_times_rejected(times):
    with pytest.raises(NoneqInputError, match="times"):
        check_times(times)


def test_lattice_too_small_rejected_before_computing():
    with pytest.raises(NoneqInputError, match="half_width.*too small"):
        lattice_correlations(CurrentsModel("sep", 0.5, 0.5), [1.0, 10.0], half_width=5)
    with pytest.raises(NoneqInputError, match="half_width"):
        simulate(CurrentsModel("sep", 0.5, 0.5), [10.0], samples=10, seed=0, half_width=5)


def test_half_widths_grow_with_time_and_are_safe():
    assert exact_half_width(40.0) > exact_half_width(10.0) > exact_half_width(1.0)
    assert montecarlo_half_width(40.0) > 40  # the wall's causal front advances ballistically (Poisson(t))
    assert check_half_width(None, 10.0, montecarlo=False) == exact_half_width(10.0)


def test_monte_carlo_needs_enough_samples_and_configurations():
    model = CurrentsModel("sep", 0.5, 0.5)
    with pytest.raises(NoneqInputError, match="samples"):
        simulate(model, [1.0], samples=1, seed=0)
    with pytest.raises(NoneqInputError, match="configurations"):
        simulate(model, [1.0], samples=10, seed=0, configurations=10)
