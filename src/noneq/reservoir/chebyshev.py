"""Chebyshev propagation of a block of state vectors to many output times at once (hbar = 1).

With the spectrum of H inside [b - a, b + a] and H~ = (H - b)/a (spectrum in [-1, 1]),

    e^{-iHt} psi = e^{-ibt} sum_k c_k(t) T_k(H~) psi,     c_k(t) = (2 - delta_k0) (-i)^k J_k(a t)

(Tal-Ezer & Kosloff 1984). The vectors phi_k = T_k(H~) psi follow the recursion phi_{k+1} = 2 H~ phi_k - phi_{k-1},
one application of H per term, and they serve every output time: psi(t_j) = sum_k c_k(t_j) phi_k. Since
||T_k(H~)|| <= 1, dropping the terms k >= K changes psi(t) by at most

    truncation(t) = sum_{k >= K} 2 |J_k(a t)| ||psi||,

and K is the smallest order with truncation(t) <= ``tolerance`` at every output time (J_k(z) decays faster than
exponentially for k > z, so K ~ a t_max + O((a t_max)^(1/3)) + O(log 1/tolerance)). The times are cut into
segments (each expanded around its own start) so that the accumulated states of one segment fit in
``memory_bytes`` and its tables of Bessel coefficients in TABLE_MEMORY (`segment_size`); the terms of a segment
are summed in blocks by a complex matrix product (BLAS 3). `chebyshev_memory` and `chebyshev_terms` estimate the
peak memory and the number of applications of H from the sizes alone.

Numerical trouble is detected: if H has an eigenvalue outside the given bounds, the recursion grows
exponentially, which the norm check on every output state (unitarity: ||psi(t)|| = ||psi(0)|| column by
column) turns into a `NumericalError`.
"""

from __future__ import annotations

import math
from typing import Callable, Iterator, NamedTuple

import numpy as np
from scipy.linalg.blas import zgemm

from noneq.core import validation
from noneq.core.errors import NoneqInputError, NumericalError, bad_value

DEFAULT_TOLERANCE = 1e-10  # bound on the Chebyshev truncation error of each propagated unit vector
NORM_TOLERANCE = 1e-8  # relative loss of norm beyond this means an eigenvalue left the assumed spectral interval
TERM_BLOCK = 16  # Chebyshev vectors summed per complex matrix product (buffer: 16 copies of the block)
DEFAULT_MEMORY = 512 * 2 ** 20  # bytes for the accumulated output states of one time segment (fewer segments:
# each costs ~25 extra terms beyond a * length)
MIN_SPECTRAL_HALF_WIDTH = 1e-12  # a = 0 (scalar H) is handled with this half width
TABLE_MEMORY = 128 * 2 ** 20  # bytes for the Bessel and coefficient tables of one segment (a segment of one step
# may need more: then its tables are what they are, and `chebyshev_memory` counts them)
COMPLEX = 16  # bytes per complex number
TABLE_COPIES = 3  # complex (n_local, angles) arrays alive at once in `bessel_table`
COEFFICIENT_COPIES = 4  # complex (order, n_local) arrays alive at once in `_segment`
STATE_COPIES = 1.2  # the segment's states (n_local, dim, n_vectors), and the next segment's tables while the
# previous states are still referenced by the consumer (blocks of NORM_CHUNK_BYTES for the temporaries)
NORM_CHUNK_BYTES = 32 * 2 ** 20  # the unitarity check takes the norms over blocks of times of this size


def order_guess(z: float, tolerance: float) -> int:
    """The first order tried by `chebyshev_order` for the argument z = a t: z + 10 z^(1/3) + 60 + 2 log10(1/tol).

    >>> order_guess(0.0, 1e-10)
    80
    """
    return int(z + 10.0 * z ** (1.0 / 3.0) + 60.0 + 2.0 * math.log10(1.0 / tolerance))


def order_estimate(z: float, tolerance: float) -> float:
    """The order `chebyshev_order` finds for the argument z = a t (measured: z + 8 z^(1/3) + 2 at tolerance 1e-10,
    for z = 1 ... 3000): z + 8 z^(1/3) + log10(1/tolerance), a slight over-estimate, for time estimates.

    >>> round(order_estimate(1000.0, 1e-10))
    1090
    """
    return z + 8.0 * z ** (1.0 / 3.0) + math.log10(1.0 / tolerance)


def bessel_points(k_max: int, z_max: float) -> int:
    """Angles of the FFT in `bessel_table`: a power of 2 above 2 (k_max + z_max) + 64.

    >>> bessel_points(10, 0.0)
    128
    """
    return 1 << int(math.ceil(math.log2(2 * (k_max + z_max) + 64)))


def table_bytes(n_local: int, z_max: float, tolerance: float) -> float:
    """Peak bytes of the Bessel and coefficient tables of a segment of ``n_local`` times reaching z_max = a t.

    >>> table_bytes(2, 0.0, 1e-10)
    34816.0
    """
    order = order_guess(z_max, tolerance)
    return float(COMPLEX * n_local * (TABLE_COPIES * bessel_points(order, z_max) + COEFFICIENT_COPIES * order))


def segment_size(available: int, duration, half_width: float, tolerance: float) -> int:
    """Times in a segment: at most ``available``, halved until the tables of the segment (its times and the next
    segment's start, ``duration(n)`` the time its n steps span) fit in TABLE_MEMORY, and at least 1.

    >>> segment_size(200, lambda n: 1.0 * n, 1.0, 1e-10), segment_size(100000, lambda n: 1.0 * n, 1.0, 1e-10)
    (200, 390)
    """
    n = max(1, int(available))
    while n > 1 and table_bytes(n + 1, half_width * duration(n), tolerance) > TABLE_MEMORY:
        n //= 2
    return n


def states_per_segment(vector_size: int, memory_bytes: int = DEFAULT_MEMORY) -> int:
    """Output times whose states (``vector_size`` complex numbers each) fit in ``memory_bytes``; at least 1.

    >>> states_per_segment(2 ** 20)
    32
    """
    return max(1, int(memory_bytes // (vector_size * COMPLEX)))


class ChebyshevPlan(NamedTuple):
    """What `chebyshev_states` will do, from the sizes alone (`chebyshev_plan`)."""

    segments: int  # time segments, each expanded around its own start
    terms: int  # applications of H, all segments together
    peak: float  # bytes alive at once
    table_entries: float  # complex entries of the Bessel FFT tables, all segments together (time)


def chebyshev_plan(n_times: int, t_max: float, half_width: float, vector_size: int, *,
                   tolerance: float = DEFAULT_TOLERANCE, memory_bytes: int = DEFAULT_MEMORY) -> ChebyshevPlan:
    """The plan of `chebyshev_states` at ``n_times`` equally spaced times in [0, t_max], for blocks of
    ``vector_size`` complex numbers; from the sizes alone (no allocation).

    The terms per segment are `order_estimate` of its a * duration; the tables are those of `order_guess`, the
    first order the tail search tries (it rarely needs more); the peak bytes
    are STATE_COPIES segments of states, the tables (`table_bytes`), a few blocks of vectors (the recursion and
    TERM_BLOCK of them summed at once) and the temporaries of the norms and observables (a few NORM_CHUNK_BYTES).

    >>> plan = chebyshev_plan(201, 500.0, 0.6, 2 * 200 * 32)
    >>> plan.segments, plan.terms
    (1, 365)
    """
    dt = t_max / max(1, n_times - 1)
    size = segment_size(min(n_times, states_per_segment(vector_size, memory_bytes)), lambda n: n * dt,
                        half_width, tolerance)
    full, rest = divmod(n_times, size)
    segments = full + (rest > 0)
    terms = full * order_estimate(half_width * size * dt, tolerance)
    if rest:
        terms += order_estimate(half_width * rest * dt, tolerance)
    z = half_width * size * dt
    peak = STATE_COPIES * (size + 1) * vector_size * COMPLEX + table_bytes(size + 1, z, tolerance) \
        + (TERM_BLOCK + 6) * vector_size * COMPLEX + 2 * NORM_CHUNK_BYTES
    entries = 2.0 * segments * (size + 1) * bessel_points(order_guess(z, tolerance), z)  # order search, segment
    return ChebyshevPlan(segments, int(terms), float(peak), entries)


def bessel_table(k_max: int, z: np.ndarray) -> np.ndarray:
    """J_k(z_j) for k = 0..k_max (rows) and real z_j >= 0 (columns), all at once from the Jacobi-Anger expansion
    e^{-i z cos theta} = sum_n (-i)^n J_n(z) e^{i n theta}: one FFT over M equally spaced angles per z. The
    aliases J_{k +- M} are negligible (M > 2 (k_max + max z) + 64, far beyond the decay of J_n(z) for n > z).

    >>> np.round(bessel_table(2, np.array([1.0])), 6)            # J_0(1), J_1(1), J_2(1)
    array([[0.765198],
           [0.440051],
           [0.114903]])
    """
    z = np.asarray(z, dtype=float)
    M = 1 << int(math.ceil(math.log2(2 * (k_max + float(np.max(z, initial=0.0))) + 64)))
    theta = 2.0 * math.pi * np.arange(M) / M
    coefficients = np.fft.fft(np.exp(-1j * z[:, None] * np.cos(theta)[None, :]), axis=1) / M
    k = np.arange(k_max + 1)
    return ((1j ** (k % 4))[:, None] * coefficients[:, : k_max + 1].T).real


def chebyshev_order(half_width: float, times: np.ndarray, tolerance: float) -> tuple[int, float]:
    """Smallest K with sum_{k >= K} 2 |J_k(a t)| <= tolerance for all ``times`` (>= 0); returns (K, bound).

    >>> order, bound = chebyshev_order(1.0, np.array([10.0]), 1e-10)
    >>> 10 < order < 60, bound <= 1e-10
    (True, True)
    """
    z = half_width * float(np.max(times))
    k_max = int(z + 10.0 * z ** (1.0 / 3.0) + 60.0 + 2.0 * math.log10(1.0 / tolerance))
    while True:
        tails = np.zeros(k_max + 2)
        # the maximum over the times of |J_k(a t)| (the tail is dominated by the largest a t for k > a t)
        jk = np.abs(bessel_table(k_max, half_width * np.asarray(times, dtype=float))).max(axis=1)
        tails[:-1] = 2.0 * np.cumsum(jk[::-1])[::-1]
        if tails[-2] < 1e-3 * tolerance:
            order = int(np.argmax(tails <= tolerance))
            return max(order, 1), float(tails[order])
        k_max *= 2


def chebyshev_states(apply_H: Callable[[np.ndarray], np.ndarray], psi0: np.ndarray, times,
                     spectrum: tuple[float, float], *, tolerance: float = DEFAULT_TOLERANCE,
                     memory_bytes: int = DEFAULT_MEMORY) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (indices, states) over segments of ``times``: states[j] = e^{-iH t_j} psi0, shape
    (n_segment, dim, n_vectors), for the time indices ``indices``.

    ``apply_H(X)``: H @ X for a complex block X (dim, n_vectors); ``psi0`` (dim, n_vectors); ``spectrum``:
    (lower, upper) bounds of the eigenvalues of H (they must hold: checked through the norm).

    >>> H = np.diag([0.0, 1.0]); psi = np.array([[1.0], [1.0]]) / np.sqrt(2)
    >>> states = np.concatenate([s for _, s in chebyshev_states(lambda x: H @ x, psi, [0.0, 2.0], (0.0, 1.0))])
    >>> bool(np.allclose(states[1, :, 0], np.exp(-2j * np.diag(H)) * psi[:, 0]))
    True
    """
    t = validation.real_array("times", times, ndim=1, minimum=0.0)
    if np.any(np.diff(t) < 0):
        raise NoneqInputError(f"parameter 'times' = {validation.describe_value(times)}: must be non-decreasing")
    try:
        lo, hi = (float(x) for x in spectrum)
    except (TypeError, ValueError):
        lo = hi = math.nan
    if not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
        raise bad_value("spectrum", spectrum, "finite bounds (lower, upper) with lower <= upper")
    tolerance = validation.real("tolerance", tolerance, minimum=0.0, maximum=1.0, exclusive_minimum=True,
                                exclusive_maximum=True)
    psi0 = np.asarray(psi0, dtype=complex)
    if psi0.ndim != 2:
        raise bad_value("psi0", psi0.shape, "a block of vectors of shape (dim, n_vectors)")
    a = max(0.5 * (hi - lo), MIN_SPECTRAL_HALF_WIDTH)
    b = 0.5 * (hi + lo)
    norms0 = np.linalg.norm(psi0, axis=0)
    per_segment = states_per_segment(psi0.size, memory_bytes)
    start = 0
    while start < t.size:
        size = segment_size(min(per_segment, t.size - start),
                            lambda n: float(t[min(start + n, t.size - 1)] - t[start]), a, tolerance)
        stop = start + size
        # the next segment starts from the state at its first time: computed here as one more output time
        local = t[start:stop + 1] - t[start]
        states = _segment(apply_H, psi0, local, a, b, tolerance, norms0)
        yield np.arange(start, stop), states[: stop - start]
        psi0 = states[-1].copy()  # not a view: the segment's states are freed before the next one is built
        del states
        start = stop


def _segment(apply_H, psi0, local, a, b, tolerance, norms0) -> np.ndarray:
    """States e^{-iH local_j} psi0, shape (n_local, dim, n_vectors), from one Chebyshev expansion."""
    order, _ = chebyshev_order(a, local, tolerance)
    k = np.arange(order)
    coefficients = (2.0 - (k == 0))[:, None] * ((-1j) ** (k % 4))[:, None] \
        * bessel_table(order - 1, a * local) * np.exp(-1j * b * local)[None, :]
    shape = psi0.shape
    out = np.zeros((local.size, psi0.size), dtype=complex)
    block = np.empty((min(TERM_BLOCK, order), psi0.size), dtype=complex)

    def scaled(x):
        return (apply_H(x) - b * x) / a

    previous, current = None, psi0
    filled, first = 0, 0
    for n in range(order):
        if n == 1:
            previous, current = current, scaled(current)
        elif n > 1:
            previous, current = current, 2.0 * scaled(current) - previous
        block[filled] = current.ravel()
        filled += 1
        if filled == block.shape[0] or n == order - 1:
            # out += C^T B in place (out^T = B^T C as Fortran arrays: no temporary of the size of out)
            zgemm(1.0, block[:filled].T, np.asfortranarray(coefficients[first:first + filled]), beta=1.0,
                  c=out.T, overwrite_c=1)
            first += filled
            filled = 0
    states = out.reshape((local.size,) + shape)
    step = max(1, NORM_CHUNK_BYTES // (psi0.size * COMPLEX))   # norms over blocks of times: bounded temporaries
    norms = np.concatenate([np.linalg.norm(states[k:k + step], axis=1) for k in range(0, local.size, step)])
    drift = float(np.max(np.abs(norms - norms0[None, :]) / np.maximum(norms0[None, :], 1e-300)))
    if not math.isfinite(drift) or drift > NORM_TOLERANCE:
        raise NumericalError(f"Chebyshev propagation lost unitarity (relative norm change {drift:.2e} > "
                             f"{NORM_TOLERANCE:g}): an eigenvalue of H lies outside the assumed interval "
                             f"[{b - a:.6g}, {b + a:.6g}]")
    return states
