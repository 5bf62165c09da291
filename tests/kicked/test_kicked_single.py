"""`noneq.kicked.basis` and `noneq.kicked.single`: the sine basis, kicks, exact identities, random kicks, guards."""

import math

import numpy as np
import pytest

from noneq.core.errors import NumericalError
from noneq.kicked import basis
from noneq.kicked.model import KickedParticles
from noneq.kicked.single import evolve_single, kick_strengths

ROUNDING = 1e-12  # unitary transforms of size <= 1023 in double precision
QUADRATURE = 1e-10  # collocation vs 20001-point Simpson quadrature of smooth periodic integrands


def test_dst_is_orthonormal_involution():
    S = basis.dst_matrix(31)
    assert np.allclose(S @ S, np.eye(31), atol=ROUNDING)
    v = np.random.default_rng(0).normal(size=31)
    assert np.allclose(basis.transform(v), S @ v, atol=ROUNDING)


def test_kick_matrix_elements_match_quadrature():
    """<phi_n| exp(-i K cos x / hbar) |phi_k> from the grid equals the integral (kick diagonal in x)."""
    model = KickedParticles(hbar_eff=0.1)
    modes, K = 255, 1.8
    S = basis.dst_matrix(modes)
    on_grid = S @ np.diag(basis.kick_phases(model, modes, K)) @ S
    x = np.linspace(0.0, math.pi, 20001)
    weights = np.ones_like(x)
    weights[1:-1:2], weights[2:-1:2] = 4.0, 2.0
    weights *= (x[1] - x[0]) / 3.0
    phase = np.exp(-1j * K * np.cos(x) / model.hbar_eff)
    for n, k in [(1, 1), (1, 2), (3, 7), (5, 40)]:
        integrand = (2 / math.pi) * np.sin(n * x) * np.sin(k * x) * phase
        assert abs(on_grid[n - 1, k - 1] - weights @ integrand) < QUADRATURE


def test_free_evolution_is_diagonal_in_the_sine_basis():
    model = KickedParticles(K1=0.0, hbar_eff=0.3)
    rng = np.random.default_rng(1)
    start = rng.normal(size=63) + 1j * rng.normal(size=63)
    start /= np.linalg.norm(start)
    result = evolve_single(model, 63, 5, initial=start, strict=False)  # a random state fills the top modes
    assert np.allclose(result.probabilities[0], np.abs(start) ** 2, atol=ROUNDING)
    assert np.allclose(result.p_sq[0], result.p_sq[0, 0], atol=ROUNDING)
    # the exact phases: after t periods c_n -> exp(-i p_n^2 t / (2 hbar)) c_n
    phases = basis.free_phases(model, 63, 1.0, 5.0)
    expected_energy = np.sum(np.abs(phases * start) ** 2 * basis.momenta(model, 63) ** 2)
    assert abs(result.p_sq[0, -1] - expected_energy) < ROUNDING


def test_first_kick_from_ground_state_exact():
    """<p^2> after one kick: (hbar pi/L)^2 + K^2 <sin^2 x>_ground = hbar^2 + 3 K^2 / 4 (L = pi)."""
    model = KickedParticles(K1=1.3, hbar_eff=0.05)
    result = evolve_single(model, 1023, 1)
    assert abs(result.p_sq[0, 1] - (0.05 ** 2 + 0.75 * 1.3 ** 2)) < 1e-9


def test_random_kicks_seeded_bounded_and_reduce_to_plain_model():
    noisy = KickedParticles(K1=1.8, noise_W=0.1)
    strengths = kick_strengths(noisy, 200, 5, seed=3)
    assert strengths.shape == (5, 200)
    assert np.all(np.abs(strengths - 1.8) <= 0.1) and np.ptp(strengths) > 0.1
    assert np.array_equal(strengths, kick_strengths(noisy, 200, 5, seed=3))
    plain = evolve_single(KickedParticles(K1=1.8), 511, 20)
    zero_noise = evolve_single(KickedParticles(K1=1.8, noise_W=0.0), 511, 20, samples=3, seed=9)
    assert np.allclose(zero_noise.p_sq, plain.p_sq[0], atol=ROUNDING)
    assert np.allclose(zero_noise.purity, 1.0, atol=ROUNDING)
    mixed = evolve_single(noisy, 511, 20, samples=4, seed=9)
    assert mixed.purity[-1] < 1.0 - 1e-3  # different realizations: the averaged state is mixed
    ds = mixed.to_xarray()
    assert ds.p_sq.dims == ("sample", "kick") and ds.probabilities.dims == ("sample", "mode")
    assert np.array_equal(ds.momentum.values, mixed.momenta) and ds.p_sq.attrs["units"] == "1"


def test_too_few_modes_is_detected():
    model = KickedParticles(K1=5.0, hbar_eff=0.05)
    with pytest.raises(NumericalError, match="top"):
        evolve_single(model, 63, 30)
    flagged = evolve_single(model, 63, 30, strict=False)
    assert not flagged.resolved and flagged.top_mode > 1e-6
    assert evolve_single(model, 2047, 30).resolved
