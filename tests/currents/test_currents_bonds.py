"""`noneq run currents` with bond1, bond2: <Q_bond1(t1) Q_bond2(t2)>_c by the exact and Monte Carlo routes."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.core.registry import get_system
from noneq.currents.lattice import bond_correlations, lattice_correlations
from noneq.currents.model import CurrentsModel

EXACT = 1e-12  # the run and the library call do the same computation
K_SIGMA = 4.0  # Monte Carlo within 4 standard errors of the exact value (fixed seed)
STEP = dict(rho_a=0.8, rho_b=0.2, t1=1.0, t2=2.5)


@pytest.mark.parametrize("process", ["sep", "independent"])
@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_exact_bond_pair_is_the_bond_correlations_entry(process, average):
    ds = get_system("currents").run(process=process, average=average, bond1=-1, bond2=2, **STEP)
    out = bond_correlations(CurrentsModel(process, 0.8, 0.2), [1.0, 2.5], (-1, 2))
    key = "covariance" if average == "annealed" else "covariance_quenched"
    cov = out[key].values
    assert float(ds.cov_q_t1_t2) == pytest.approx(cov[0, 1, 0, 1], rel=EXACT)
    assert float(ds.var_q_t1) == pytest.approx(cov[0, 0, 0, 0], rel=EXACT)
    assert float(ds.var_q_t2) == pytest.approx(cov[1, 1, 1, 1], rel=EXACT)
    assert float(ds.mean_q_t2) == pytest.approx(out["mean"].values[1, 1], rel=EXACT)


def test_origin_bonds_keep_the_previous_results():
    """bond1 = bond2 = 0 (default) is the origin-bond run; the two-bond route at (0, 0) gives the same numbers."""
    ds = get_system("currents").run(process="sep", average="quenched", **STEP)
    exact = lattice_correlations(CurrentsModel("sep", 0.8, 0.2), [1.0, 2.5])
    assert float(ds.cov_q_t1_t2) == pytest.approx(exact["covariance_quenched"].values[0, 1], rel=EXACT)
    both = bond_correlations(CurrentsModel("sep", 0.8, 0.2), [1.0, 2.5], (0, 0))
    assert both["covariance_quenched"].values[0, 1, 0, 1] == pytest.approx(exact["covariance_quenched"].values[0, 1],
                                                                           rel=1e-9)


def test_same_bond_twice_is_that_bond_alone():
    """bond1 = bond2 = b: the listed-twice bond gets the jump term of <Q_b^2>."""
    model = CurrentsModel("sep", 0.8, 0.2)
    alone = bond_correlations(model, [1.0, 2.5], (2,))
    twice = bond_correlations(model, [1.0, 2.5], (2, 2))
    for key in ("covariance", "covariance_quenched"):
        assert np.allclose(twice[key].values, alone[key].values[0, 0], rtol=1e-9, atol=1e-12)
    ds = get_system("currents").run(process="sep", bond1=2, bond2=2, **STEP)
    assert float(ds.cov_q_t1_t2) == pytest.approx(alone["covariance"].values[0, 0, 0, 1], rel=1e-9)


@pytest.mark.parametrize("average", ["annealed", "quenched"])
def test_montecarlo_bond_pair_matches_exact(average):
    system = get_system("currents")
    given = dict(process="sep", average=average, bond1=2, bond2=-1, **STEP)
    exact = system.run(method="exact", **given)
    mc = system.run(method="montecarlo", seed=3, samples=20000, configurations=400, **given)
    for name in ("mean_q_t1", "mean_q_t2", "var_q_t1", "var_q_t2", "cov_q_t1_t2"):
        assert abs(float(mc[name]) - float(exact[name])) < K_SIGMA * float(mc[f"stderr_{name}"]), name
    # a different bond gives a resolvably different covariance: the bonds are really used
    origin = system.run(method="exact", process="sep", average=average, **STEP)
    assert abs(float(origin.cov_q_t1_t2) - float(exact.cov_q_t1_t2)) > 2 * K_SIGMA * float(mc.stderr_cov_q_t1_t2)


@pytest.mark.parametrize("given, words", [
    ({"bond1": 2, "method": "mft", "process": "independent"}, "bond1"),
    ({"bond2": 1.5}, "bond2"),
    ({"bond2": 5000}, "bond2"),
    ({"bond1": 4, "t2": 10.0, "half_width": 38}, "bonds up to 4"),
])
def test_bad_bonds_rejected_before_computing(given, words):
    with pytest.raises(NoneqInputError, match=words):
        get_system("currents").resolve(given)
