"""`noneq.kicked.sectors`: half-size transforms against the full DST-I, the joint-reflection symmetry, the sector
period against `Propagator.period` (serial and on two threads), norm, bad input, `odd_fast_modes`."""

import numpy as np
import pytest

from noneq.core.errors import NoneqInputError, NumericalError
from noneq.kicked import basis, sectors
from noneq.kicked.model import KickedParticles
from noneq.kicked.sectors import SectorPropagator, from_half, odd_fast_modes, to_half
from noneq.kicked.propagator import Propagator

ROUNDING = 1e-12  # FFT-based transforms and N2-term block sums in a different order: rounding only
SYMMETRY = 1e-13  # sector leakage after exact-in-structure operations (mirror rows, centre zeros)


def random_state(n1, n2, seed=7):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(n1, n2)) + 1j * rng.normal(size=(n1, n2))
    return c / np.linalg.norm(c)


def folded(psi, M):
    """Folded half-grid amplitudes phi_j = sqrt(2) psi_j (j < M), psi_M (module docstring), j = 1..M."""
    phi = np.sqrt(2.0) * psi[:M].copy()
    phi[M - 1] = psi[M - 1]
    return phi


@pytest.mark.parametrize("N1", [3, 9, 31, 63, 719])
def test_odd_transform_is_the_full_dst_restricted_to_odd_modes(N1):
    M = (N1 + 1) // 2
    rng = np.random.default_rng(N1)
    odd = rng.normal(size=(M, 3))
    c = np.zeros((N1, 3))
    c[0::2] = odd  # n1 = 1, 3, ..., N1 (0-based rows 0, 2, ...)
    psi = basis.dst_matrix(N1) @ c
    assert np.allclose(psi[::-1], psi, atol=ROUNDING)  # symmetric about the centre j = M
    planes = np.stack((odd, np.zeros_like(odd)))
    grid = sectors.odd_to_grid(planes.copy())
    assert np.allclose(grid[0], folded(psi, M), atol=ROUNDING)
    assert np.allclose(sectors.odd_to_modes(grid.copy())[0], odd, atol=ROUNDING)


@pytest.mark.parametrize("N1", [3, 9, 31, 63, 719])
def test_even_transform_is_the_full_dst_restricted_to_even_modes(N1):
    M = (N1 + 1) // 2
    rng = np.random.default_rng(N1 + 1)
    even = rng.normal(size=(M - 1, 2))
    c = np.zeros((N1, 2))
    c[1::2] = even  # n1 = 2, 4, ..., N1 - 1
    psi = basis.transform(c, axis=0)
    assert np.allclose(psi[::-1], -psi, atol=ROUNDING)  # antisymmetric, zero at the centre
    assert np.allclose(psi[M - 1], 0.0, atol=ROUNDING)
    grid = sectors.even_transform(np.stack((even, even)).copy())
    assert np.allclose(grid[1], folded(psi, M)[:M - 1], atol=ROUNDING)
    assert np.allclose(sectors.even_transform(grid.copy())[0], even, atol=ROUNDING)


@pytest.mark.parametrize("N1, N2", [(1, 3), (3, 2), (31, 7), (31, 8)])
def test_to_half_and_back_keeps_every_coefficient_once(N1, N2):
    c = random_state(N1, N2)
    out = np.full_like(c, np.nan)
    total = 0.0
    for s in sectors.SECTORS:
        odd, even = to_half(c, s)
        total += np.sum(odd ** 2) + np.sum(even ** 2)
        from_half(out, s, odd, even)
    assert np.array_equal(out, c)
    assert total == pytest.approx(1.0, abs=ROUNDING)


def sector_part(c, sector):
    n = np.add.outer(np.arange(1, c.shape[0] + 1), np.arange(1, c.shape[1] + 1))
    return np.where(n % 2 == sector, c, 0.0)


@pytest.mark.parametrize("N2", [7, 8])
def test_unkicked_period_keeps_the_reflection_sectors_apart(N2):
    """The premise: without kicks the Strang sub-steps commute with P (x1, x2) -> (L - x1, L - x2)."""
    model = KickedParticles(K1=0.0, K2=0.0, m=0.01, coupling=2.0, hbar_eff=0.2)
    propagator = Propagator(model, 31, N2, 12)
    start = sector_part(random_state(31, N2), 0)
    end = propagator.period(start)
    assert np.linalg.norm(sector_part(end, 1)) < SYMMETRY
    assert np.linalg.norm(sector_part(end, 0)) == pytest.approx(np.linalg.norm(start), abs=ROUNDING)
    kicked = Propagator(KickedParticles(K1=1.8, m=0.01, coupling=2.0, hbar_eff=0.2), 31, N2, 12).period(start)
    assert np.linalg.norm(sector_part(kicked, 1)) > 0.1  # the kick does mix them (the test can fail)


@pytest.mark.parametrize("factored", [False, True])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("N1, N2, K2, S", [(3, 2, 0.2, 3), (31, 7, 0.0, 20), (31, 8, 0.3, 5), (63, 15, 0.0, 1),
                                           (63, 16, 0.09, 40), (127, 1, 0.0, 7)])
def test_sector_period_equals_full_period(N1, N2, K2, S, threads, factored, monkeypatch):
    """Both block kernels: complex U2 rows (padded) and the factors V diag V^T (forced by a zero byte limit)."""
    monkeypatch.setattr(sectors, "COMPLEX_BLOCK_BYTES", 0 if factored else 1 << 40)
    model = KickedParticles(K1=1.8, K2=K2, m=0.001, coupling=2.0, hbar_eff=0.1)
    propagator = Propagator(model, N1, N2, S, sectors=False)  # the full-grid path as reference
    c = random_state(N1, N2)
    fast = SectorPropagator(propagator, threads=threads, joint=False)  # the sectors apart (joint: test_kicked_joint)
    assert fast.factored == factored
    assert np.abs(fast.period(c) - propagator.period(c)).max() < ROUNDING
    other = 2 * S + 1  # the sub-step check's count, through the operator cache
    assert np.abs(fast.period(c, other) - propagator.period(c, other)).max() < ROUNDING


def test_sector_period_keeps_the_norm_over_many_periods():
    model = KickedParticles(K1=1.8, K2=0.2, m=0.01, coupling=2.0, hbar_eff=0.1)
    propagator = Propagator(model, 63, 9, 10, sectors=False)
    fast = SectorPropagator(propagator, threads=2)
    c = random_state(63, 9)
    for _ in range(20):
        c = fast.period(c)
    assert np.linalg.norm(c) == pytest.approx(1.0, abs=ROUNDING)


def test_threads_default_follows_the_cores(monkeypatch):
    propagator = Propagator(KickedParticles(hbar_eff=0.2), 15, 3, 4)
    monkeypatch.setattr(sectors, "available_cores", lambda: 1)
    assert SectorPropagator(propagator).threads == 1
    monkeypatch.setattr(sectors, "available_cores", lambda: 4)
    assert SectorPropagator(propagator).threads == 2


def test_bad_input_is_rejected():
    with pytest.raises(NoneqInputError, match="modes1"):
        SectorPropagator(Propagator(KickedParticles(hbar_eff=0.2), 16, 3, 4))
    propagator = Propagator(KickedParticles(hbar_eff=0.2), 15, 3, 4)
    for threads in (0, 3, True, 1.5):
        with pytest.raises(NoneqInputError, match="threads"):
            SectorPropagator(propagator, threads=threads)
    assert SectorPropagator(propagator, threads=2.0).threads == 2  # an integral float is an integer
    with pytest.raises(NoneqInputError, match="'n'"):
        odd_fast_modes(3.5)


@pytest.mark.parametrize("threads", [1, 2])
def test_non_finite_amplitudes_raise(threads):
    propagator = Propagator(KickedParticles(hbar_eff=0.2), 15, 3, 4)
    c = random_state(15, 3)
    c[4, 1] = np.nan
    with pytest.raises(NumericalError, match="non-finite"):
        SectorPropagator(propagator, threads=threads).period(c)


def smooth(k):
    for p in (2, 3, 5):
        while k % p == 0:
            k //= p
    return k == 1


def test_odd_fast_modes_is_the_smallest_fitting_size():
    for n in range(1, 400):
        N = odd_fast_modes(n)
        assert N >= n and N % 2 == 1 and smooth((N + 1) // 2)
        assert not any(m % 2 == 1 and smooth((m + 1) // 2) for m in range(n, N))
    assert [odd_fast_modes(n) for n in (700, 1300, 3200)] == [719, 1349, 3239]


def test_block_kernel_follows_the_size_of_the_complex_blocks():
    """Small blocks (cache-resident) stay complex; large ones are applied as V diag V^T (half the bytes)."""
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, hbar_eff=0.1)
    assert sectors.padded_width(15) == 16 and sectors.padded_width(16) == 16 and sectors.padded_width(1) == 4
    small = SectorPropagator(Propagator(model, 63, 15, 4, sectors=False))
    assert not small.factored and small.operators(4)[0][0].shape == (32, 15, 16)
    M, N2 = 1023, 40  # 1023 x 40 x 40 x 16 bytes > COMPLEX_BLOCK_BYTES
    assert M * N2 * sectors.padded_width(N2) * 16 > sectors.COMPLEX_BLOCK_BYTES
    large = SectorPropagator(Propagator(model, 2 * M - 1, N2, 4, sectors=False))
    assert large.factored and large.operators(4)[0][0].shape == (M, N2, N2)


def test_available_cores_follows_omp_num_threads(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    cores = sectors.available_cores()
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # what a sweep worker on a 2-core machine with 2 workers sets
    assert sectors.available_cores() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "")  # unset or unreadable values leave the affinity count
    assert sectors.available_cores() == cores


def test_propagator_routes_odd_bases_through_the_sectors():
    model = KickedParticles(K1=1.8, m=0.001, coupling=2.0, hbar_eff=0.1)
    routed, full = Propagator(model, 63, 15, 8), Propagator(model, 63, 15, 8, sectors=False)
    assert isinstance(routed._sectors, SectorPropagator) and full._sectors is None
    assert Propagator(model, 62, 15, 8)._sectors is None  # even N1: the full grid
    c = random_state(63, 15)
    assert np.abs(routed.period(c) - full.period(c)).max() < ROUNDING
