"""Quantum-jump trajectories: Monte Carlo means vs the master equation, integral fluctuation theorem."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.otto.model import OttoCycle
from noneq.otto.observables import fluctuation_theorem, mean_and_error
from noneq.otto.trajectories import cycle_fluctuations

K_SIGMA = 4.0  # agreement within 4 standard errors with a fixed seed (false alarm ~6e-5 per check)
SEED = 12345


@pytest.mark.parametrize("levels", [(1.0, 2.0), (1.0, 2.0, 3.0)], ids=["two-level", "three-level"])
def test_monte_carlo_means_and_ift(levels):
    c = OttoCycle(1.0, 2.2, 1.0, 1.8, 1.0, 0.7, 0.6, 0.9, 0.5, levels)
    ds = cycle_fluctuations(c, samples=20000, n_cycles=3, seed=SEED)
    for name, master in (("q_c", "Q_c_master"), ("q_h", "Q_h_master"), ("work", "W_master")):
        assert abs(mean_and_error(ds[name]).z_score(float(ds[master]))) < K_SIGMA, name
    assert abs(fluctuation_theorem(ds.sigma).z_score(1.0)) < K_SIGMA
    # energy bookkeeping: q_c + q_h + w = 0 on average; sigma > 0 on average (second law), < 0 sometimes
    assert float(ds.sigma.mean()) > 0 and float(ds.sigma.min()) < 0
    assert ds.attrs["seed"] == SEED


def test_same_seed_same_trajectories():
    c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
    a = cycle_fluctuations(c, samples=50, n_cycles=2, seed=3)
    b = cycle_fluctuations(c, samples=50, n_cycles=2, seed=3)
    np.testing.assert_array_equal(a.q_c.values, b.q_c.values)
    assert a.q_c.dims == ("sample", "cycle") and a.sizes["sample"] == 50


@pytest.mark.parametrize("name,value", [("samples", 1), ("n_cycles", 0), ("samples", 2.5)])
def test_bad_sizes(name, value):
    c = OttoCycle(1.0, 2.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)
    with pytest.raises(NoneqInputError, match=name):
        cycle_fluctuations(c, **{"samples": 10, "n_cycles": 1, name: value}, seed=1)
