"""Validation of the models: bad input is rejected with the parameter's name, and the GOE draw has the paper's
statistics."""

import math

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError
from noneq.reservoir import OpenSystem, Reservoir, SpinGorm, Stage
from noneq.reservoir.model import goe_matrix

GOE_SIGMAS = 5.0  # Monte Carlo: sample variances within 5 standard errors (fixed seed)

SZ = np.diag([0.5, -0.5])
BATH = Reservoir(np.diag([0.0, 1.0]), beta=1.0)
V = 0.1 * np.ones((4, 4))
DOWN = np.diag([0.0, 1.0])


@pytest.mark.parametrize("kwargs, name", [
    (dict(H_s=np.array([[0.0, 1.0], [0.0, 0.0]])), "H_s"),
    (dict(V=np.triu(np.ones((4, 4)))), "V"),
    (dict(V=np.ones((3, 3))), "V"),
    (dict(rho_s0=np.diag([1.5, -0.5])), "rho_s0"),
    (dict(rho_s0=np.diag([0.5, 0.6])), "rho_s0"),
    (dict(rho_s0=np.eye(3) / 3), "rho_s0"),
    (dict(rho_s0=np.array([1.0, 1.0])), "rho_s0"),
    (dict(H_s=np.array([[np.nan, 0.0], [0.0, 1.0]])), "H_s"),
    (dict(reservoirs=()), "reservoirs"),
    (dict(stages=(Stage(0.0, SZ, V),)), "stages[0].start"),
    (dict(stages=(Stage(1.0, SZ, np.ones((2, 2))),)), "stages[0].V"),
])
def test_open_system_rejects_bad_input(kwargs, name):
    args = dict(H_s=SZ, reservoirs=(BATH,), V=V, rho_s0=DOWN) | kwargs
    with pytest.raises(NoneqInputError, match=name.replace("[", r"\[").replace("]", r"\]")):
        OpenSystem(**args)


@pytest.mark.parametrize("beta", [-1.0, math.inf, math.nan, True])
def test_reservoir_rejects_bad_beta(beta):
    with pytest.raises(NoneqInputError, match="beta"):
        Reservoir(np.eye(2), beta=beta)


def test_reservoir_rejects_non_hermitian():
    with pytest.raises(NoneqInputError, match="Hermitian"):
        Reservoir(np.array([[0.0, 1j], [1j, 0.0]]), beta=1.0)


@pytest.mark.parametrize("kwargs, name", [(dict(N=1), "N"), (dict(N=2.5), "N"), (dict(beta=-1.0), "beta"),
                                          (dict(beta=math.inf), "beta"), (dict(coupling=math.nan), "coupling"),
                                          (dict(delta=math.inf), "delta"), (dict(seed=-1), "seed")])
def test_spin_gorm_rejects_bad_parameters(kwargs, name):
    with pytest.raises(NoneqInputError, match=f"'{name}'"):
        SpinGorm(**({"N": 10} | kwargs))


def test_models_are_frozen_and_picklable():
    import pickle

    model = SpinGorm(N=10)
    with pytest.raises(AttributeError):
        model.N = 3
    assert pickle.loads(pickle.dumps(model)) == model
    system = OpenSystem(SZ, (BATH,), V, DOWN)
    assert pickle.loads(pickle.dumps(system)).dims == (2, 2)
    assert not system.V.flags.writeable


def test_goe_statistics():
    """Density ~ exp(-Tr X^2 / 4): off-diagonal variance 1, diagonal variance 2 (docs/papers/reservoir.md)."""
    n = 400
    X = goe_matrix(n, np.random.default_rng(5))
    assert np.array_equal(X, X.T)
    off = X[np.triu_indices(n, 1)]
    diag = np.diag(X)
    se_off = math.sqrt(2.0 / off.size)  # standard error of a sample variance of a unit Gaussian, relative
    se_diag = math.sqrt(2.0 / diag.size)
    assert abs(off.var() - 1.0) < GOE_SIGMAS * se_off
    assert abs(diag.var() / 2.0 - 1.0) < GOE_SIGMAS * se_diag


def test_spin_gorm_hamiltonian_structure():
    model = SpinGorm(N=5, delta=0.3, coupling=0.2, seed=1)
    H = model.hamiltonian()
    R = model.coupling_matrix()
    np.testing.assert_allclose(np.diag(H)[:5], model.levels() + 0.15)
    np.testing.assert_allclose(np.diag(H)[5:], model.levels() - 0.15)
    np.testing.assert_allclose(H[:5, 5:], 0.2 * R)
    np.testing.assert_allclose(model.coupling_matrix(), R)  # seeded: the same draw every time
    assert model.levels()[0] == -0.5 and model.levels()[-1] == 0.5
