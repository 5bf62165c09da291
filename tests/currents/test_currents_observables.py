"""Cumulant estimators on samples with known cumulants."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.currents.observables import annealed_cumulant, joint_cumulant, quenched_moments

K_SIGMA = 4.0  # within 4 standard errors (fixed seed)


def _pair(estimate):
    """(cumulant, standard error) of an estimate dataset."""
    return float(estimate.cumulant), float(estimate.stderr)


def test_poisson_cumulants_all_equal_the_mean():
    x = np.random.default_rng(1).poisson(3.0, size=(200000, 1))
    for order in (1, 2, 3, 4):
        value, error = _pair(annealed_cumulant(x, (0,) * order))
        assert abs(value - 3.0) < K_SIGMA * error


def test_gaussian_joint_cumulants_beyond_two_vanish():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(100000, 2))
    x = np.stack([z[:, 0], z[:, 0] + z[:, 1]], axis=1)  # cov = [[1, 1], [1, 2]]
    assert joint_cumulant(x, (0, 1)) == pytest.approx(1.0, abs=0.02)
    for indices in [(0, 1, 1), (0, 0, 1, 1)]:
        value, error = _pair(annealed_cumulant(x, indices))
        assert abs(value) < K_SIGMA * error


def test_quenched_moments_remove_the_configuration_noise():
    """x = c + e: c fixed per configuration (variance 4), e dynamical (variance 1): quenched variance is 1."""
    rng = np.random.default_rng(3)
    M, runs = 400, 50
    x = (rng.normal(scale=2.0, size=(M, 1)) + rng.normal(size=(M, runs))).reshape(-1, 1)
    stats = quenched_moments(x, M)
    assert abs(stats["covariance"].values[0, 0] - 1.0) < K_SIGMA * stats["covariance_stderr"].values[0, 0]


def test_order_and_sample_size_validated():
    with pytest.raises(NoneqInputError):
        joint_cumulant(np.zeros((10, 5)), (0, 1, 2, 3, 4))
    with pytest.raises(NoneqInputError, match="samples"):
        annealed_cumulant(np.zeros((10, 1)), (0,))
