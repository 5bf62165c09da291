"""The thermodynamic formulas as pure functions: limits, the Bloch-ball clip of estimated spin states, and the
entropy balance against the general exact solver."""

import math

import numpy as np
import pytest

from noneq.quantum import binary_entropy, von_neumann_entropy
from noneq.reservoir import SpinGorm, exact_thermodynamics, spin_gorm_series
from noneq.reservoir.observables import (entropy_flow, entropy_production, entropy_production_bar, heat,
                                         spin_entropy, spin_state)

FORMULA_TOL = 1e-12  # closed forms evaluated two ways
EXACT_TOL = 1e-10  # spin-GORM eigh solver vs the general solver (both exact to ~1e-13)


def test_spin_entropy_is_the_binary_entropy_of_the_bloch_radius():
    rng = np.random.default_rng(1)
    s = rng.normal(size=(3, 50))
    s *= rng.uniform(0.0, 1.0, 50) / np.linalg.norm(s, axis=0)
    radius = np.linalg.norm(s, axis=0)
    expected = binary_entropy(0.5 * (1.0 + radius), base="e")
    np.testing.assert_allclose(spin_entropy(*s), expected, atol=FORMULA_TOL)
    np.testing.assert_allclose(von_neumann_entropy(spin_state(*s), base="e"), expected, atol=FORMULA_TOL)


def test_spin_entropy_clips_estimates_outside_the_bloch_ball():
    """An estimate with |s| = 1 + 1e-9 (outside the ball by rounding) is a pure state, S = 0; far inside, the
    clip changes nothing."""
    outside = spin_entropy([0.0], [0.6 * (1 + 1e-9)], [-0.8 * (1 + 1e-9)])
    assert outside[0] == pytest.approx(0.0, abs=FORMULA_TOL)
    assert spin_entropy([0.0], [0.0], [0.0])[0] == pytest.approx(math.log(2.0), abs=FORMULA_TOL)


def test_balance_formulas():
    Q = np.array([[0.0, 0.0], [0.2, -0.1], [0.4, -0.3]])
    betas = np.array([1.0, 4.0])
    np.testing.assert_allclose(entropy_flow(Q, betas), [0.0, -0.2, -0.8], atol=FORMULA_TOL)
    S = np.array([0.1, 0.3, 0.2])
    np.testing.assert_allclose(entropy_production(S, Q, betas), [0.0, 0.4, 0.9], atol=FORMULA_TOL)
    np.testing.assert_allclose(heat(np.array([1.0, 0.5, 2.0])), [0.0, 0.5, -1.0], atol=FORMULA_TOL)
    np.testing.assert_allclose(entropy_production_bar(S, np.array([0.0, 0.1, -0.1]), 2.0), [0.0, 0.0, 0.3],
                               atol=FORMULA_TOL)


def test_spin_gorm_series_gives_the_general_solvers_thermodynamics():
    """The formulas on the spin-GORM Bloch vector and <H_r> reproduce exact_thermodynamics of the same model."""
    model = SpinGorm(N=6, beta=2.0, coupling=0.4, seed=3)
    t = np.linspace(0.0, 30.0, 7)
    s = spin_gorm_series(model, t)
    ds = exact_thermodynamics(model.open_system(), t)
    S = spin_entropy(s.sx, s.sy, s.sz)
    np.testing.assert_allclose(entropy_production(S, heat(s.reservoir_energy), model.beta), ds.entropy_production,
                               atol=EXACT_TOL)
    np.testing.assert_allclose(entropy_production_bar(S, s.system_energy, model.beta), ds.entropy_production_bar,
                               atol=EXACT_TOL)
