"""Parity-sector propagation of the two-particle period: the two sectors of the joint reflection on two threads.

Symmetry. Between kicks H0 = T1 + H2(x1), H2(x1) = p2^2/(2m) + eps G(x1 - x2), commutes with the joint reflection
P: (x1, x2) -> (L - x1, L - x2) (G depends on x1 - x2 only, the well is symmetric). In the sine basis
P c[n1, n2] = (-1)^(n1+1) (-1)^(n2+1) c[n1, n2], so the coefficients split into the sector s = 0 (n1 + n2 even,
P = +1) and s = 1 (n1 + n2 odd, P = -1). The Strang sub-steps of `noneq.kicked.two_particle.Propagator.period`
(kinetic phases of particle 1, per-x1 blocks U2(x1_j)) are each P-symmetric because
U2(L - x1) = P2 U2(x1) P2 (P2: x2 -> L - x2, diagonal (-1)^(n2+1)); only the kicks mix the sectors. So after the
kicks each sector runs the S sub-steps on its own, and the two sectors run concurrently: a sector's S sub-steps
are one numba-compiled call without the GIL (`_evolve_sector`; the transforms inside it are scipy.fft.dst as
compiled by rocket-fft, the same pocketfft algorithms scipy runs).

Half grid. N1 odd, N1 + 1 = 2M, grid x1_j = j L / 2M (j = 1..2M-1, centre j = M). In a sector each column n2
holds n1 of one parity only, and its grid amplitudes psi_j (orthonormal DST-I, `noneq.kicked.basis`) satisfy
psi_{2M-j} = +-psi_j: only j <= M is kept, in the folded amplitudes phi_j = sqrt(2) psi_j (j < M),
phi_M = psi_M, which make the half-size transforms orthonormal (sum |phi|^2 = sum |c|^2):

- odd n1 = 2k - 1 (k = 1..M), symmetric columns: phi_j = sqrt(2/M) sum_k w_j sin(pi j (2k - 1) / 2M) c_{2k-1}
  with w_j = 1 (j < M), 1/sqrt(2) (j = M): the orthonormal DST-II of size M (modes -> grid; back: DST-III).
- even n1 = 2k (k = 1..M-1), antisymmetric columns (zero at the centre): phi_j = sqrt(2/M) sum_k
  sin(pi j k / M) c_{2k}: the orthonormal DST-I of size M - 1 (its own inverse).

The row j <= M of a sector's grid amplitudes is the same N2-vector psi[j, :] restricted to the sector's columns
(times sqrt(2) off centre), so the blocks act as psi[j] <- U2[j] psi[j] with the same U2[j], j <= M; the
mirror rows follow by symmetry and are never formed. Per sub-step a sector does half the full array's work.

Data layout (per sector, real and imaginary parts as planes): "odd" columns (n1 odd) as float array
(2, M, nA), "even" columns (n1 even) as (2, M - 1, nB); index [0] real, [1] imaginary; axis 1: k (modes) or j
(grid); last axis: the sector's n2 (sector 0: odd n1 with odd n2, even n1 with even n2; sector 1 the other way
round). The transforms run in place along axis 1, one real call per array (scipy transforms a complex array as
two strided real ones anyway). Measured (per call, N2 = 29, M = 1620): transforms along axis 1 and along a
contiguous last axis of the transposed planes cost the same (DST-II 133 vs 128 us, DST-I 195 vs 196 us), while
the blocks kernel reads each grid row contiguously only in this layout (621 vs 1400 us; N2 = 15: 76 vs 81 us).

Example
-------
>>> from noneq.kicked.model import KickedParticles
>>> from noneq.kicked.two_particle import Propagator, initial_state
>>> propagator = Propagator(KickedParticles(hbar_eff=0.2), 31, 7, 20)
>>> c = initial_state(31, 7)
>>> bool(abs(SectorPropagator(propagator).period(c) - propagator.period(c)).max() < 1e-12)
True
"""

from __future__ import annotations

import os
import threading

import numba
import numpy as np
import rocket_fft  # noqa: F401 - makes scipy.fft.dst available inside numba-compiled code
import scipy.fft

from noneq.core.errors import NumericalError, bad_value
from noneq.kicked import basis
from noneq.kicked.model import smooth_235

SECTORS = (0, 1)  # parity of n1 + n2: P = (-1)^(n1 + n2) = +1, -1
THREAD_CHOICES = (None, 1, 2)  # None: two threads when the process may use at least two cores
COMPLEX_BLOCK_BYTES = 4 << 20  # half-grid U2 above this: apply it as V diag V^T (half the bytes; see kernels)
_UNUSED2, _UNUSED3 = np.zeros((1, 1)), np.zeros((1, 1, 1))  # fill the operand slots the other kernel uses
SIMD_WIDTH = 4  # doubles per vector register (AVX2): block rows are padded to a multiple of this
HALF_OPERATOR_CACHE = 3  # phase sets kept (S and 2S + 1 of the sub-step check alternate, as in Propagator)


def odd_fast_modes(n: int) -> int:
    """Smallest odd N >= n with N + 1 = 2M and M having only the prime factors 2, 3, 5.

    Then the half-size transforms (DST-II/III of size M: FFTs of length M; DST-I of size M - 1: length 2M) and
    the full DST-I (length 2(N + 1) = 4M) are all fast.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise bad_value("n", n, "an integer")
    half = max((int(n) + 2) // 2, 1)  # smallest M with 2M - 1 >= n
    while not smooth_235(half):
        half += 1
    return 2 * half - 1


def padded_width(modes2: int) -> int:
    """N2 rounded up to a multiple of SIMD_WIDTH: the row length of the complex half-grid blocks."""
    return -(-modes2 // SIMD_WIDTH) * SIMD_WIDTH


def level_phases(energies: np.ndarray, substeps: int, hbar_eff: float) -> np.ndarray:
    """exp(-i E dt / hbar) with dt = 1/``substeps``: particle 2's levels over one sub-step (any shape of E)."""
    return np.exp(-1j * energies / (substeps * hbar_eff))


def step_blocks(vectors: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """U2[j] = V_j diag(levels_j) V_j^T for rows j of ``vectors`` (n, N2, N2) and ``levels`` (n, N2), C order."""
    return np.ascontiguousarray((vectors * levels[:, None, :]) @ vectors.transpose(0, 2, 1))


def available_cores() -> int:
    """Cores this process may run on (affinity mask where the platform has one), capped by OMP_NUM_THREADS when
    set: a sweep's worker processes set it to their share of the cores (`noneq.sweep.executors.limit_threads`),
    and a user who sets it asks for that many threads."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        cores = os.cpu_count() or 1
    limit = os.environ.get("OMP_NUM_THREADS", "")
    return min(cores, int(limit)) if limit.isdigit() and int(limit) >= 1 else cores


def sector_columns(sector: int, modes2: int) -> tuple[np.ndarray, np.ndarray]:
    """(odd-n1 columns, even-n1 columns) of ``sector``: 0-based indices b = n2 - 1 of particle 2's modes.

    Sector s holds c[n1, n2] with n1 + n2 = s (mod 2): with n1 odd the columns n2 = s + 1 (mod 2), i.e.
    b = s (mod 2); with n1 even the others.
    """
    return np.arange(sector, modes2, 2), np.arange(1 - sector, modes2, 2)


def to_half(c: np.ndarray, sector: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the sector's coefficients out of ``c`` (N1, N2): (odd (2, M, nA), even (2, M - 1, nB)) planes."""
    odd_cols, even_cols = sector_columns(sector, c.shape[1])
    odd = c[0::2][:, odd_cols]
    even = c[1::2][:, even_cols]
    return np.stack((odd.real, odd.imag)), np.stack((even.real, even.imag))


def from_half(c: np.ndarray, sector: int, odd: np.ndarray, even: np.ndarray) -> None:
    """Write a sector's planes back into ``c`` (N1, N2), in place (inverse of `to_half`)."""
    odd_cols, even_cols = sector_columns(sector, c.shape[1])
    c[0::2][:, odd_cols] = odd[0] + 1j * odd[1]  # c[0::2] is a view: the assignment writes into c
    c[1::2][:, even_cols] = even[0] + 1j * even[1]


def odd_to_grid(planes: np.ndarray) -> np.ndarray:
    """Odd-n1 modes (2, M, nA) -> folded grid amplitudes phi_j, j = 1..M: orthonormal DST-II along axis 1."""
    return scipy.fft.dst(planes, type=2, norm="ortho", axis=1, overwrite_x=True)


def odd_to_modes(planes: np.ndarray) -> np.ndarray:
    """Folded grid amplitudes (2, M, nA) -> odd-n1 modes: orthonormal DST-III, the inverse of `odd_to_grid`."""
    return scipy.fft.dst(planes, type=3, norm="ortho", axis=1, overwrite_x=True)


def even_transform(planes: np.ndarray) -> np.ndarray:
    """Even-n1 modes (2, M - 1, nB) <-> folded grid amplitudes: orthonormal DST-I of size M - 1 along axis 1."""
    return scipy.fft.dst(planes, type=1, norm="ortho", axis=1, overwrite_x=True)


class SectorPropagator:
    """`Propagator.period` with the two parity sectors evolved separately (module docstring), N1 odd only.

    ``propagator``: a `noneq.kicked.two_particle.Propagator` (its kicks and operators(S) cache are reused).
    ``threads``: 2 runs sector 1 on a second thread while the caller runs sector 0; 1 runs them one after the
    other; None (default) picks 2 when the process may use at least two cores, else 1.
    Even N1 is rejected (NoneqInputError): the centre of the grid would fall between two points and the
    half-size transforms change type; choose N1 with `odd_fast_modes`.

    Measured per period (m = 0.001, eps = 2, lam = 10, K1 = 1.8; 2-core machine, same process, best of 5;
    benchmarks/bench_kicked_sectors.py): hbar_eff = 0.05, N2 = 15, S = 200: N1 = 719: full 59 ms, serial 30 ms,
    2 threads 16 ms; N1 = 1349: full 144 ms, serial 61 ms, 2 threads 40 ms. hbar_eff = 0.01, N1 = 3239, N2 = 29
    (factored blocks), S = 50: full 180 ms (its DST-I already uses 2 workers), serial 121 ms, 2 threads 59 ms.

    Threads and BLAS: a threaded OpenBLAS call just before `period` (e.g. `reduced_purity`'s zgemm in a run's
    loop) leaves OpenBLAS's worker busy-waiting on the second core for a while, which takes the second sector's
    core: run such loops inside ``threadpoolctl.threadpool_limits(1, user_api="blas")`` (measured at N1 = 1349:
    99 ms per period with the spinning, 56 ms with the limit). No BLAS is called inside `period`.
    """

    def __init__(self, propagator, *, threads: int | None = None) -> None:
        if propagator.modes1 % 2 == 0:
            raise bad_value("modes1", propagator.modes1, "odd for the parity sectors (N1 + 1 = 2M; see "
                            "noneq.kicked.sectors.odd_fast_modes)")
        if threads is not None and (isinstance(threads, bool) or not isinstance(threads, (int, np.integer))
                                    or threads not in THREAD_CHOICES):
            raise bad_value("threads", threads, "1, 2 or None (automatic)")
        self.propagator = propagator
        self.threads = threads if threads is not None else (2 if available_cores() >= 2 else 1)
        self.half_modes = (propagator.modes1 + 1) // 2
        self.columns = tuple(sector_columns(s, propagator.modes2) for s in SECTORS)
        self._blocks: dict[int, tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]] = {}
        modes2 = propagator.modes2
        self.factored = self.half_modes * modes2 * padded_width(modes2) * 16 > COMPLEX_BLOCK_BYTES
        if self.factored:
            vectors = propagator.eigensystems[1][:self.half_modes]
            self._transposed_vectors = np.ascontiguousarray(vectors.transpose(0, 2, 1))

    def operators(self, substeps: int) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]:
        """(block operands (A, B, C, D) of `_evolve_sector`, kinetic phases (half, full) of the odd and the even
        n1 as complex (2, M) and (2, M - 1)) for S = ``substeps``.

        Block operands, rows j = 1..M of the half grid: (Re U2[j], Im U2[j], -, -) as (M, N2, W) with the
        columns zero-padded to W = `padded_width` (N2), or, when that would exceed COMPLEX_BLOCK_BYTES, the
        factors (V_j^T (M, N2, N2) real, shared by every S; -; Re and Im of exp(-i E_j dt / hbar) (M, N2)) with
        U2[j] = V_j diag(exp(-i E_j dt / hbar)) V_j^T; "-" marks an unused placeholder."""
        if substeps not in self._blocks:
            while len(self._blocks) >= HALF_OPERATOR_CACHE:
                self._blocks.pop(next(iter(self._blocks)))
            propagator = self.propagator
            half, full = propagator.kinetic_phases(substeps)
            energies, vectors = (array[:self.half_modes] for array in propagator.eigensystems)
            levels = level_phases(energies, substeps, propagator.model.hbar_eff)
            if self.factored:
                blocks = (self._transposed_vectors, _UNUSED3, np.ascontiguousarray(levels.real),
                          np.ascontiguousarray(levels.imag))
            else:
                U2 = step_blocks(vectors, levels)  # the half grid's rows only
                shape = U2.shape[:2] + (padded_width(propagator.modes2),)
                real, imag = np.zeros(shape), np.zeros(shape)
                real[:, :, :U2.shape[2]], imag[:, :, :U2.shape[2]] = U2.real, U2.imag
                blocks = (real, imag, _UNUSED2, _UNUSED2)
            kinetic = np.stack((half[0::2], full[0::2])), np.stack((half[1::2], full[1::2]))
            self._blocks[substeps] = (blocks,) + kinetic
        return self._blocks[substeps]

    def period(self, c: np.ndarray, substeps: int | None = None) -> np.ndarray:
        """Kick, then one period; ``c`` (N1, N2) in the sine basis of both particles, returned likewise.

        Same operations as `Propagator.period` (kick in the full representation, then e^{-i T1 dt/2hbar},
        S times [blocks U2, e^{-i T1 dt/hbar}] with the last phase halved), up to rounding.
        """
        propagator = self.propagator
        count = substeps or propagator.substeps
        operators = self.operators(count)
        c = kick(propagator, c)
        halves = [to_half(c, s) for s in SECTORS]

        def evolve(s: int) -> None:
            halves[s] = _evolve_sector(*halves[s], self.columns[s], self.factored, *operators, count)

        if self.threads == 2:
            failure: list[BaseException] = []

            def second() -> None:
                try:
                    evolve(1)
                except BaseException as error:  # re-raised in the caller below
                    failure.append(error)

            worker = threading.Thread(target=second, name="noneq-sector-1")
            worker.start()
            try:
                evolve(0)
            finally:
                worker.join()
            if failure:
                raise failure[0]
        else:
            for s in SECTORS:
                evolve(s)
        out = np.empty_like(c)
        for s in SECTORS:
            from_half(out, s, *halves[s])
        if not np.isfinite(out.sum()):  # no BLAS here: its idle threads spin on the second core (see period)
            raise NumericalError("sector propagation produced non-finite amplitudes (check the model's parameters "
                                 "and the sub-step count)")
        return out


def kick(propagator, c: np.ndarray) -> np.ndarray:
    """The kicks of `Propagator.period` in the full representation (they mix the sectors): c (N1, N2) ->
    S1 e^{-i K1 cos x1 / hbar} [S2 e^{-i K2 cos x2 / hbar} S2] S1 c (the K2 factor only when K2 != 0)."""
    psi = basis.transform(c, axis=0) * propagator.kick1[:, None]
    if propagator.kick2 is not None:
        psi = basis.transform(basis.transform(psi, axis=1) * propagator.kick2[None, :], axis=1)
    return basis.transform(psi, axis=0)


@numba.njit(cache=True, nogil=True)
def _evolve_sector(odd, even, columns, factored, blocks, odd_phases, even_phases, count):  # pragma: no cover
    """e^{-i T1 dt/2hbar}, then ``count`` x [folded grid, blocks, modes, phases]; returns (odd, even) planes.

    Compiled as a whole (the transforms are scipy.fft.dst inside numba, provided by rocket-fft) and run without
    the GIL, so the two sectors' threads never wait for each other; measured per sector sub-step (N1 = 959,
    N2 = 15): 130 us with the loop in Python (seven calls, each taking the GIL) vs 98 us compiled, and with two
    threads 143 vs 104 us per sub-step (best of 10). ``blocks``: (A, B, C, D) with (Re U2, Im U2, -, -) for the
    complex kernel or (V^T, -, Re levels, Im levels) when ``factored`` (`SectorPropagator.operators`).
    """
    first, second, third, fourth = blocks
    odd_cols, even_cols = columns
    has_odd, has_even = odd.shape[2] > 0, even.shape[1] > 0 and even.shape[2] > 0
    _apply_phases(odd, odd_phases[0])
    _apply_phases(even, even_phases[0])
    for s in range(count):
        if has_odd:
            odd = scipy.fft.dst(odd, 2, None, 1, "ortho", True)
        if has_even:
            even = scipy.fft.dst(even, 1, None, 1, "ortho", True)
        if factored:
            _apply_factored_blocks(first, third, fourth, odd, even, odd_cols, even_cols)
        else:
            _apply_half_blocks(first, second, odd, even, odd_cols, even_cols)
        if has_odd:
            odd = scipy.fft.dst(odd, 3, None, 1, "ortho", True)
        if has_even:
            even = scipy.fft.dst(even, 1, None, 1, "ortho", True)
        step = 0 if s == count - 1 else 1
        _apply_phases(odd, odd_phases[step])
        _apply_phases(even, even_phases[step])
    return odd, even


@numba.njit(cache=True, nogil=True)
def _apply_phases(planes, phases):  # pragma: no cover - compiled
    """planes[0] + i planes[1] <- (planes[0] + i planes[1]) * phases[k] along axis 1 (in place)."""
    size, columns = planes.shape[1], planes.shape[2]
    for k in range(size):
        pr, pi = phases[k].real, phases[k].imag
        for a in range(columns):
            re, im = planes[0, k, a], planes[1, k, a]
            planes[0, k, a] = re * pr - im * pi
            planes[1, k, a] = re * pi + im * pr


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def _apply_factored_blocks(vectors_t, levels_re, levels_im, odd, even, odd_cols, even_cols):  # pragma: no cover
    """Row j of the folded grid (odd[:, j], even[:, j] at particle 2's indices odd_cols, even_cols)
    <- V_j diag(levels_j) V_j^T row, for j = 0..M-1 (in place; the even part has no centre row).

    ``vectors_t`` (M, N2, N2): V_j^T (real); ``levels_re + i levels_im`` (M, N2): exp(-i E_j dt / hbar).
    Two real products (w = V_j^T v, then v = V_j (levels w) as a sum of the rows of V_j^T) instead of one
    complex U2[j]: the same 4 N2^2 multiply-adds per row, half the bytes. At hbar_eff = 0.01 the blocks no
    longer fit in the caches and memory bandwidth sets the time (measured M = 1800, N2 = 49: 7-9 ms with the
    complex U2, 3-4 ms with V_j^T). Separate from `two_particle._apply_blocks` on purpose (numba's on-disk cache,
    see there). "reassoc" only reorders the N2-term sums (rounding ~1e-16 relative), no NaN/inf assumptions.
    """
    n2 = vectors_t.shape[1]
    na, nb = odd_cols.size, even_cols.size
    vr, vi, out_r, out_i = np.zeros(n2), np.zeros(n2), np.empty(n2), np.empty(n2)
    for j in range(odd.shape[1]):
        centre = _gather_row(odd, even, j, odd_cols, even_cols, vr, vi)
        out_r[:] = 0.0
        out_i[:] = 0.0
        for n in range(n2):
            sr = 0.0
            si = 0.0
            for b in range(n2):
                sr += vectors_t[j, n, b] * vr[b]
                si += vectors_t[j, n, b] * vi[b]
            wr = sr * levels_re[j, n] - si * levels_im[j, n]
            wi = sr * levels_im[j, n] + si * levels_re[j, n]
            for r in range(n2):
                out_r[r] += vectors_t[j, n, r] * wr
                out_i[r] += vectors_t[j, n, r] * wi
        for a in range(na):
            odd[0, j, a] = out_r[odd_cols[a]]
            odd[1, j, a] = out_i[odd_cols[a]]
        if not centre:
            for a in range(nb):
                even[0, j, a] = out_r[even_cols[a]]
                even[1, j, a] = out_i[even_cols[a]]


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def _apply_half_blocks(real, imag, odd, even, odd_cols, even_cols):  # pragma: no cover - compiled
    """Row j of the folded grid (odd[:, j], even[:, j] at particle 2's indices odd_cols, even_cols)
    <- U2[j] row, U2 = real + i imag (M, N2, W), columns zero-padded to W = `padded_width` (N2), j = 0..M-1
    (in place; the even part has no centre row).

    Real and imaginary parts are kept apart so that the sums vectorize ("reassoc": ~2.7x faster than complex
    sums at N2 = 29), and the padding makes every sum a whole number of 4-wide vectors (measured N2 = 15,
    M = 480: 59 -> 43 us per call). "reassoc" only reorders the N2-term sums (rounding ~1e-16 relative), no
    NaN/inf assumptions.
    """
    vr, vi = np.zeros(real.shape[2]), np.zeros(real.shape[2])
    for j in range(odd.shape[1]):
        centre = _gather_row(odd, even, j, odd_cols, even_cols, vr, vi)
        _row_products(real, imag, j, vr, vi, odd, odd_cols)
        if not centre:
            _row_products(real, imag, j, vr, vi, even, even_cols)


@numba.njit(cache=True, nogil=True, fastmath={"reassoc", "contract"})
def _row_products(real, imag, j, vr, vi, planes, columns):  # pragma: no cover - compiled
    """planes[:, j, a] <- row columns[a] of U2[j] (real + i imag) times the vector vr + i vi."""
    width = vr.size
    for a in range(columns.size):
        r = columns[a]
        sr = 0.0
        si = 0.0
        for b in range(width):
            sr += real[j, r, b] * vr[b] - imag[j, r, b] * vi[b]
            si += real[j, r, b] * vi[b] + imag[j, r, b] * vr[b]
        planes[0, j, a] = sr
        planes[1, j, a] = si


@numba.njit(cache=True, nogil=True)
def _gather_row(odd, even, j, odd_cols, even_cols, vr, vi):  # pragma: no cover - compiled
    """vr + i vi <- row j of the folded grid in particle 2's order (odd[:, j] at odd_cols, even[:, j] at
    even_cols; zeros there on the centre row, which the even part lacks); returns whether j is that row."""
    for a in range(odd_cols.size):
        vr[odd_cols[a]] = odd[0, j, a]
        vi[odd_cols[a]] = odd[1, j, a]
    centre = j >= even.shape[1]
    for a in range(even_cols.size):
        vr[even_cols[a]] = 0.0 if centre else even[0, j, a]
        vi[even_cols[a]] = 0.0 if centre else even[1, j, a]
    return centre
