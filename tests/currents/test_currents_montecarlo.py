"""Monte Carlo vs lattice-exact theory (fixed seeds, within K_SIGMA standard errors), boundaries, seeding."""

import numpy as np
import pytest

from noneq.currents import closed_forms as cf
from noneq.currents.observables import annealed_cumulant, annealed_moments, quenched_moments
from noneq.currents.generating import Grid, multi_time_cumulant
from noneq.currents.lattice import bond_correlations, lattice_correlations
from noneq.currents.model import CurrentsModel
from noneq.currents.montecarlo import _sep_kernel, simulate

K_SIGMA = 4.0  # agreement within 4 standard errors (fixed seeds: deterministic pass/fail)
TIMES = [1.0, 2.5, 4.0]
R = 12000
CONFIGS = 300


def _pair(estimate):
    """(cumulant, standard error) of an estimate dataset."""
    return float(estimate.cumulant), float(estimate.stderr)


def _z(measured, error, exact):
    return np.max(np.abs(np.asarray(measured) - np.asarray(exact)) / np.asarray(error))


@pytest.mark.parametrize("process", ["sep", "independent"])
def test_annealed_step_matches_lattice_exact(process):
    m = CurrentsModel(process, 0.9, 0.25)
    exact = lattice_correlations(m, TIMES)
    stats = annealed_moments(simulate(m, TIMES, samples=R, seed=11).Q.values[:, 0])
    assert _z(stats["mean"].values, stats["mean_stderr"].values, exact["mean"].values) < K_SIGMA
    assert _z(stats["covariance"].values, stats["covariance_stderr"].values, exact["covariance"].values) < K_SIGMA


@pytest.mark.parametrize("process", ["sep", "independent"])
def test_quenched_step_matches_lattice_exact(process):
    m = CurrentsModel(process, 0.9, 0.25)
    exact = lattice_correlations(m, TIMES)
    sim = simulate(m, TIMES, samples=R, seed=12, configurations=CONFIGS)
    stats = quenched_moments(sim.Q.values[:, 0], CONFIGS)
    cov, err = stats["covariance"].values, stats["covariance_stderr"].values
    assert _z(cov, err, exact["covariance_quenched"].values) < K_SIGMA
    # the quenched covariance is genuinely smaller: the estimator would fail if it were the annealed one
    assert np.all(exact["covariance"].values - exact["covariance_quenched"].values > 5 * err)


def test_third_and_fourth_multi_time_cumulants_of_walkers():
    m = CurrentsModel("independent", 0.8, 0.2)
    times = [0.5, 1.0, 1.5, 2.0]
    Q = simulate(m, times, samples=4 * R, seed=13).Q.values[:, 0]
    grid = Grid.lattice(times[-1])
    for indices in [(1, 2, 3), (0, 1, 2, 3), (3, 3, 3)]:
        if len(set(indices)) < len(indices):
            exact = _equal_time_cumulant(m, times[indices[0]], len(indices))
        else:
            exact = multi_time_cumulant(grid, 0.8, 0.2, [times[i] for i in indices], "annealed")
        value, error = _pair(annealed_cumulant(Q, indices))
        assert abs(value - exact) < K_SIGMA * error


def _equal_time_cumulant(m, t, n):
    """Equal-time annealed cumulants of Poisson walkers: kappa_n = (rho_a + (-1)^n rho_b) h(t) (Poisson field)."""
    return (m.rho_a + (-1) ** n * m.rho_b) * float(cf.lattice_h(t))


def test_same_seed_same_result_and_different_seed_differs():
    m = CurrentsModel("sep", 0.5, 0.5)
    a = simulate(m, TIMES, samples=200, seed=5).Q.values[:, 0]
    b = simulate(m, TIMES, samples=200, seed=5).Q.values[:, 0]
    c = simulate(m, TIMES, samples=200, seed=6).Q.values[:, 0]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_wall_front_reaching_the_origin_is_detected():
    """Kernel check: on a tiny segment with many updates the walls' causal fronts reach the origin bond."""
    occupation = np.zeros((4, 6), dtype=np.uint8)
    occupation[:, :3] = 1
    updates = np.full((4, 1), 500, dtype=np.int64)
    Q = np.zeros((4, 1, 1), dtype=np.int64)
    reached = np.zeros(4, dtype=np.bool_)
    bond_slot = np.full(5, -1, dtype=np.int64)
    bond_slot[2] = 0
    _sep_kernel(occupation, updates, np.arange(4, dtype=np.uint64) + 1, bond_slot, 2, 3, Q, reached)
    assert reached.all()
    assert np.all(occupation.sum(axis=1) == 3)  # particle number conserved


def test_quenched_third_multi_time_cumulant_of_walkers():
    from noneq.currents.observables import quenched_cumulant

    m = CurrentsModel("independent", 0.8, 0.2)
    times = [1.0, 1.5, 2.0]
    configurations = 1000
    Q = simulate(m, times, samples=80 * configurations, seed=14, configurations=configurations).Q.values[:, 0]
    exact = multi_time_cumulant(Grid.lattice(times[-1]), 0.8, 0.2, times, "quenched")
    annealed = multi_time_cumulant(Grid.lattice(times[-1]), 0.8, 0.2, times, "annealed")
    value, error = _pair(quenched_cumulant(Q, configurations, (0, 1, 2)))
    assert abs(value - exact) < K_SIGMA * error
    assert abs(annealed - exact) > 2 * K_SIGMA * error  # the test can tell quenched from annealed


BONDS = (-2, 0, 3)  # recorded bonds: left of, at and right of the step


@pytest.mark.parametrize("process", ["sep", "independent"])
@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_two_bond_correlations_match_lattice_exact(process, average):
    """<Q_a(t_i) Q_b(t_j)>_c between different bonds and times vs the closed two-point equations."""
    m = CurrentsModel(process, 0.9, 0.25)
    exact = bond_correlations(m, TIMES, BONDS)
    configurations = CONFIGS if average == "quenched" else 0
    sim = simulate(m, TIMES, samples=R, seed=17, configurations=configurations, bonds=BONDS)
    assert sim.Q.dims == ("sample", "bond", "time") and sim.bond.values.tolist() == list(BONDS)
    flat = sim.Q.values.reshape(R, -1)  # column b * n + i
    stats = quenched_moments(flat, CONFIGS) if configurations else annealed_moments(flat)
    n, nb = len(TIMES), len(BONDS)
    key = "covariance" if average == "annealed" else "covariance_quenched"
    expected = exact[key].values.transpose(0, 2, 1, 3).reshape(nb * n, nb * n)
    assert _z(stats["mean"].values, stats["mean_stderr"].values, exact["mean"].values.ravel()) < K_SIGMA
    assert _z(stats["covariance"].values, stats["covariance_stderr"].values, expected) < K_SIGMA
    # cross-bond correlations are resolved (not all ~0), and the bonds' means differ: a mix-up of bonds would fail
    cross = np.abs(expected[:n, n:2 * n]) / stats["covariance_stderr"].values[:n, n:2 * n]
    assert cross.max() > 2 * K_SIGMA
    assert np.abs(np.diff(exact["mean"].values[:, -1])).min() > 2 * K_SIGMA * stats["mean_stderr"].values.max()
