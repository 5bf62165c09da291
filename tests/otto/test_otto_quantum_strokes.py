"""Finite-time quantum adiabats: unitarity, commuting drive = ideal adiabat, slow limit = ideal adiabat, quantum
friction, the isochore map against the Lindblad generator of noneq.quantum, quasi-static isochores thermalize
(checked with noneq.quantum.thermal_state), second law, substeps convergence."""

import numpy as np
import pytest
from scipy.linalg import expm

from noneq.core.errors import NoneqInputError
from noneq.otto.cycle import limit_cycle
from noneq.otto.model import OttoCycle
from noneq.otto.quantum_strokes import (isochore_map, quantum_limit_cycle, stroke_unitary,
                                        transition_probability)
from noneq.quantum import apply_superoperator, lindblad_generator, thermal_state
from noneq.stochastic import ladder_rates

ROUNDING = 1e-10  # identities exact up to accumulated rounding of ~1e5 2x2 products
SUBSTEPS = 1e-5  # midpoint rule, O(dt^2): automatic (400) vs 4000 substeps differ by ~2.5e-6 in W here
SLOW = 1e-3  # relative Q_c difference after strokes of duration 2000/w: adiabatic corrections ~ (w tau)^-2
BASE = dict(w_a=1.95, w_b=4.5, T_c=1.0, T_h=1.5, gamma_c=1.0, gamma_h=1.0, tau_c=1.0, tau_h=1.0)


def test_stroke_is_unitary_and_slow_stroke_is_adiabatic():
    U = stroke_unitary((1.0, 2.0, 3.0), 1.0, 3.0, 0.7, 0.5)
    np.testing.assert_allclose(U.conj().T @ U, np.eye(3), atol=ROUNDING)
    fast = transition_probability((1.0, 2.0), 1.0, 2.3, 1.0, 0.5)
    slow = transition_probability((1.0, 2.0), 1.0, 2.3, 1000.0, 0.5)
    assert fast > 100 * slow and slow < 1e-4


@pytest.mark.parametrize("levels", [(1.0, 2.0), (1.0, 2.0, 3.0)], ids=["two", "three"])
def test_commuting_drive_equals_ideal_adiabat_for_any_duration(levels):
    for tau_adi in (0.01, 0.7, 30.0):
        c = OttoCycle(**BASE, tau_adi=tau_adi, levels=levels)
        q, ideal = quantum_limit_cycle(c, tilt=0.0), limit_cycle(c)
        assert q.Q_c == pytest.approx(ideal.Q_c, abs=ROUNDING) and q.W == pytest.approx(ideal.W, abs=ROUNDING)


def test_slow_limit_is_ideal_adiabat_and_friction_costs_work():
    slow = OttoCycle(**BASE, tau_adi=4000.0)
    assert quantum_limit_cycle(slow, tilt=0.5).Q_c == pytest.approx(limit_cycle(slow).Q_c, rel=SLOW)
    mid = OttoCycle(**BASE, tau_adi=1.0)
    q, ideal = quantum_limit_cycle(mid, tilt=0.5), limit_cycle(mid)
    assert q.W > ideal.W and q.Q_c < ideal.Q_c  # quantum friction: more work, less cooling
    assert abs(q.rho1[0, 1]) > 1e-3  # coherence survives into the cold isochore


def test_quasistatic_isochore_thermalizes_coherent_state():
    E = np.array([1.0, 2.0, 3.0])
    psi = np.ones(3) / np.sqrt(3)
    rho = isochore_map(np.outer(psi, psi).astype(complex), E, 0.7, 1.0, 60.0)
    np.testing.assert_allclose(rho, thermal_state(np.diag(E), 0.7), atol=ROUNDING)


def test_isochore_map_is_the_lindblad_evolution():
    """Independent method: exp(L tau) of the Lindblad generator with jumps sqrt(k_down)|k-1><k|,
    sqrt(k_up)|k><k-1| and H = diag(E) (noneq.quantum) acting on a random density matrix."""
    E, beta, gamma, tau = np.array([0.5, 1.7, 2.2]), 0.8, 0.6, 0.9
    rates = ladder_rates(E, beta, gamma)
    jumps = []
    for k in range(1, E.size):
        down, up = np.zeros((3, 3)), np.zeros((3, 3))
        down[k - 1, k], up[k, k - 1] = np.sqrt(rates[k - 1, k]), np.sqrt(rates[k, k - 1])
        jumps += [down, up]
    rng = np.random.default_rng(3)
    A = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    rho = A @ A.conj().T / np.trace(A @ A.conj().T)
    expected = apply_superoperator(expm(lindblad_generator(np.diag(E), jumps) * tau), rho)
    np.testing.assert_allclose(isochore_map(rho, E, beta, gamma, tau), expected, atol=ROUNDING)


def test_substeps_converge_and_result_is_labelled():
    c = OttoCycle(**BASE, tau_adi=1.0)
    automatic = quantum_limit_cycle(c, tilt=0.5)
    fine = quantum_limit_cycle(c, tilt=0.5, substeps=4000)
    assert automatic.W == pytest.approx(fine.W, rel=SUBSTEPS)
    ds = automatic.to_xarray()
    for name, var in ds.data_vars.items():
        assert "units" in var.attrs and "long_name" in var.attrs, name
    assert float(ds.W) == automatic.W
    with pytest.raises(NoneqInputError, match="substeps"):
        stroke_unitary((1.0, 2.0), 1.0, 2.0, 1.0, 0.5, substeps=-1)


def test_second_law_with_unitary_strokes():
    rng = np.random.default_rng(5)
    for _ in range(20):
        c = OttoCycle(rng.uniform(0.3, 2), rng.uniform(2.1, 5), rng.uniform(0.3, 2), rng.uniform(2.1, 6),
                      *rng.uniform(0.2, 2, size=4), tau_adi=rng.uniform(0.05, 5))
        q = quantum_limit_cycle(c, tilt=rng.uniform(0, 1))
        assert -c.beta_c * q.Q_c - c.beta_h * q.Q_h >= -ROUNDING
