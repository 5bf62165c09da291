"""Parity-sector propagation of the two-particle period: the two sectors of the joint reflection on two threads.

Symmetry. Between kicks H0 = T1 + H2(x1), H2(x1) = p2^2/(2m) + coupling G(x1 - x2), commutes with the joint
reflection P: (x1, x2) -> (L - x1, L - x2). In the sine basis P c[n1, n2] = (-1)^(n1 + n2) c[n1, n2], so the
coefficients split into the sector s = 0 (n1 + n2 even, P = +1) and s = 1 (n1 + n2 odd, P = -1). The Strang
sub-steps of `noneq.kicked.propagator.Propagator.period` are each P-symmetric (U2(L - x1) = P2 U2(x1) P2, P2:
x2 -> L - x2); only the kicks mix the sectors. So after the kicks each sector runs its S sub-steps on its own,
concurrently: a sector's S sub-steps are one numba-compiled call without the GIL
(`noneq.kicked.sector_kernels.evolve_sector`).

Half grid. N1 odd, N1 + 1 = 2M, grid x1_j = j L / 2M (j = 1..2M-1, centre j = M). In a sector each column n2
holds n1 of one parity only, whose grid amplitudes psi_j (orthonormal DST-I, `noneq.kicked.basis`) satisfy
psi_{2M-j} = +-psi_j: only j <= M is kept, as folded amplitudes phi_j = sqrt(2) psi_j (j < M), phi_M = psi_M,
which make the half-size transforms orthonormal (sum |phi|^2 = sum |c|^2):

- odd n1 = 2k - 1 (k = 1..M), symmetric columns: phi_j = sqrt(2/M) sum_k w_j sin(pi j (2k - 1) / 2M) c_{2k-1}
  with w_j = 1 (j < M), 1/sqrt(2) (j = M): the orthonormal DST-II of size M (modes -> grid; back: DST-III).
- even n1 = 2k (k = 1..M-1), antisymmetric columns (zero at the centre): phi_j = sqrt(2/M) sum_k
  sin(pi j k / M) c_{2k}: the orthonormal DST-I of size M - 1 (its own inverse).

Row j <= M of a sector's grid amplitudes is psi[j, :] restricted to the sector's columns (times sqrt(2) off
centre), so the blocks act as psi[j] <- U2[j] psi[j] with the same U2[j]; the mirror rows are never formed.

Data layout (per sector, real and imaginary parts as planes): "odd" columns (n1 odd) as float array
(2, M, nA), "even" columns (n1 even) as (2, M - 1, nB); index [0] real, [1] imaginary; axis 1: k (modes) or j
(grid); last axis: the sector's n2 (sector 0: odd n1 with odd n2, even n1 with even n2; sector 1 the other way
round). The transforms run in place along axis 1, one real call per array.

Examples
--------
>>> from noneq.kicked.model import KickedParticles
>>> from noneq.kicked.propagator import Propagator, initial_state
>>> propagator = Propagator(KickedParticles(hbar_eff=0.2), 31, 7, 20)
>>> c = initial_state(31, 7)
>>> bool(abs(SectorPropagator(propagator).period(c) - propagator.period(c)).max() < 1e-12)
True
"""

from __future__ import annotations

import os
import threading

import numpy as np
import scipy.fft

from noneq.core.errors import NumericalError, bad_value
from noneq.core.validation import integer
from noneq.kicked import basis
from noneq.kicked.model import smooth_at_least
from noneq.kicked.sector_kernels import apply_joint_blocks, apply_phases, evolve_joint, evolve_sector, to_grid, to_modes

SECTORS = (0, 1)  # parity of n1 + n2: P = (-1)^(n1 + n2) = +1, -1
COMPLEX_BLOCK_BYTES = 4 << 20  # half-grid U2 above this: apply it as V diag V^T (half the bytes; see kernels)
_UNUSED2, _UNUSED3 = np.zeros((1, 1)), np.zeros((1, 1, 1))  # fill the operand slots the other kernel uses
SIMD_WIDTH = 4  # doubles per vector register (AVX2): block rows are padded to a multiple of this
HALF_OPERATOR_CACHE = 3  # operand sets kept (S and 2S + 1 of the sub-step check alternate)
JOINT_BLOCKS = {1: True, 2: False}  # joint=None, by thread count (factored blocks only): on one thread 5-19%
# less CPU per sub-step at N1 = 4499, N2 = 31; on two the meetings cost what the single pass saves at moderate load
# (docs/notes/kicked.md)


def odd_fast_modes(n: int) -> int:
    """Smallest odd N >= n with N + 1 = 2M and M having only the prime factors 2, 3, 5.

    Then the half-size transforms (DST-II/III of size M: FFTs of length M; DST-I of size M - 1: length 2M) and
    the full DST-I (length 2(N + 1) = 4M) are all fast.

    >>> odd_fast_modes(700)
    719
    """
    n = integer("n", n)
    return 2 * smooth_at_least((n + 2) // 2) - 1  # the smallest smooth M with 2M - 1 >= n


def padded_width(modes2: int) -> int:
    """N2 rounded up to a multiple of SIMD_WIDTH: the row length of the complex half-grid blocks.

    >>> padded_width(15)
    16
    """
    return -(-modes2 // SIMD_WIDTH) * SIMD_WIDTH


def level_phases(energies: np.ndarray, substeps: int, hbar_eff: float) -> np.ndarray:
    """exp(-i E dt / hbar) with dt = 1/``substeps``: particle 2's levels over one sub-step (any shape of E).

    >>> level_phases(np.array([np.pi]), 2, 1.0).round(12)
    array([0.-1.j])
    """
    return np.exp(-1j * energies / (substeps * hbar_eff))


def step_blocks(vectors: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """U2[j] = V_j diag(levels_j) V_j^T for rows j of ``vectors`` (n, N2, N2) and ``levels`` (n, N2), C order.

    >>> blocks = step_blocks(np.eye(2)[None], np.array([[1j, -1j]]))
    >>> bool(np.allclose(blocks[0], np.diag([1j, -1j])))
    True
    """
    return np.ascontiguousarray((vectors * levels[:, None, :]) @ vectors.transpose(0, 2, 1))


def available_cores() -> int:
    """Cores this process may run on (affinity mask where the platform has one), capped by OMP_NUM_THREADS when
    set: a sweep's worker processes set it to their share of the cores (`noneq.sweep.executors.limit_threads`),
    and a user who sets it asks for that many threads.

    >>> available_cores() >= 1
    True
    """
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

    >>> sector_columns(0, 5)
    (array([0, 2, 4]), array([1, 3]))
    """
    return np.arange(sector, modes2, 2), np.arange(1 - sector, modes2, 2)


def to_half(c: np.ndarray, sector: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the sector's coefficients out of ``c`` (N1, N2): (odd (2, M, nA), even (2, M - 1, nB)) planes.

    >>> odd, even = to_half(np.ones((5, 3), dtype=complex), 0)
    >>> odd.shape, even.shape
    ((2, 3, 2), (2, 2, 1))
    """
    odd_cols, even_cols = sector_columns(sector, c.shape[1])
    odd = c[0::2][:, odd_cols]
    even = c[1::2][:, even_cols]
    return np.stack((odd.real, odd.imag)), np.stack((even.real, even.imag))


def from_half(c: np.ndarray, sector: int, odd: np.ndarray, even: np.ndarray) -> None:
    """Write a sector's planes back into ``c`` (N1, N2), in place (inverse of `to_half`).

    >>> c, out = np.arange(15.0).reshape(5, 3) + 0j, np.zeros((5, 3), dtype=complex)
    >>> for s in SECTORS:
    ...     from_half(out, s, *to_half(c, s))
    >>> bool(np.array_equal(out, c))
    True
    """
    odd_cols, even_cols = sector_columns(sector, c.shape[1])
    c[0::2][:, odd_cols] = odd[0] + 1j * odd[1]  # c[0::2] is a view: the assignment writes into c
    c[1::2][:, even_cols] = even[0] + 1j * even[1]


def odd_to_grid(planes: np.ndarray) -> np.ndarray:
    """Odd-n1 modes (2, M, nA) -> folded grid amplitudes phi_j, j = 1..M: orthonormal DST-II along axis 1.

    >>> planes = np.random.default_rng(0).normal(size=(2, 4, 3))
    >>> bool(np.allclose(odd_to_modes(odd_to_grid(planes.copy())), planes))
    True
    """
    return scipy.fft.dst(planes, type=2, norm="ortho", axis=1, overwrite_x=True)


def odd_to_modes(planes: np.ndarray) -> np.ndarray:
    """Folded grid amplitudes (2, M, nA) -> odd-n1 modes: orthonormal DST-III, the inverse of `odd_to_grid`.

    >>> odd_to_modes(np.ones((2, 1, 1)))
    array([[[1.]],
    <BLANKLINE>
           [[1.]]])
    """
    return scipy.fft.dst(planes, type=3, norm="ortho", axis=1, overwrite_x=True)


def even_transform(planes: np.ndarray) -> np.ndarray:
    """Even-n1 modes (2, M - 1, nB) <-> folded grid amplitudes: orthonormal DST-I of size M - 1 along axis 1.

    >>> planes = np.random.default_rng(0).normal(size=(2, 4, 3))
    >>> bool(np.allclose(even_transform(even_transform(planes.copy())), planes))
    True
    """
    return scipy.fft.dst(planes, type=1, norm="ortho", axis=1, overwrite_x=True)


class SectorPropagator:
    """`Propagator.period` with the two parity sectors evolved separately (module docstring), N1 odd only.

    Parameters
    ----------
    propagator : noneq.kicked.propagator.Propagator
        Its kicks, kinetic phases and particle-2 eigensystems are reused.
    threads : int or None
        2 runs sector 1 on a second thread while the caller runs sector 0; 1 runs them one after the other;
        None (default) picks 2 when the process may use at least two cores (`available_cores`), else 1.
    joint : bool or None
        True: apply the blocks of both sectors in one pass over V_j (`noneq.kicked.sector_kernels.apply_joint_blocks`;
        on two threads each sector's transforms run on its own thread and the block rows are split between the
        threads, which meet twice per sub-step); False: each sector on its own (its own pass over V_j). None
        (default): JOINT_BLOCKS[threads] for factored blocks, else False. Equal to rounding.

    Notes
    -----
    Even N1 is rejected: the centre of the grid would fall between two points and the half-size transforms
    change type (choose N1 with `odd_fast_modes`). No BLAS is called inside `period`; run loops that call a
    threaded BLAS between periods inside ``threadpoolctl.threadpool_limits(1, user_api="blas")`` (an idle
    OpenBLAS worker spins on the core the second sector needs; docs/notes/kicked.md).

    Examples
    --------
    >>> from noneq.kicked.model import KickedParticles
    >>> from noneq.kicked.propagator import Propagator
    >>> SectorPropagator(Propagator(KickedParticles(hbar_eff=0.2), 15, 3, 4), threads=1).half_modes
    8
    """

    def __init__(self, propagator, *, threads: int | None = None, joint: bool | None = None) -> None:
        if propagator.modes1 % 2 == 0:
            raise bad_value("modes1", propagator.modes1, "odd for the parity sectors (N1 + 1 = 2M; see "
                            "noneq.kicked.sectors.odd_fast_modes)")
        if threads is not None:
            threads = integer("threads", threads, minimum=1, maximum=2, allowed="1, 2 or None (automatic)")
        self.propagator = propagator
        self.threads = threads if threads is not None else (2 if available_cores() >= 2 else 1)
        self.half_modes = (propagator.modes1 + 1) // 2
        self.columns = tuple(sector_columns(s, propagator.modes2) for s in SECTORS)
        self._blocks: dict[int, tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]] = {}
        modes2 = propagator.modes2
        self.factored = self.half_modes * modes2 * padded_width(modes2) * 16 > COMPLEX_BLOCK_BYTES
        self.joint = bool(self.factored and JOINT_BLOCKS[self.threads]) if joint is None else bool(joint)
        vectors = propagator.eigensystems[1][:self.half_modes]
        if self.factored and not self.joint:
            self._transposed_vectors = np.ascontiguousarray(vectors.transpose(0, 2, 1))
        if self.joint:  # V_j^T with rows zero-padded to a whole number of SIMD vectors
            self._padded_vectors = np.zeros(vectors.shape[:2] + (padded_width(modes2),))
            self._padded_vectors[:, :, :modes2] = vectors.transpose(0, 2, 1)

    def operators(self, substeps: int) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray]:
        """(block operands (A, B, C, D) of `noneq.kicked.sector_kernels.evolve_sector`, kinetic phases (half,
        full) of the odd and the even n1 as complex (2, M) and (2, M - 1)) for S = ``substeps``.

        Block operands, rows j = 1..M of the half grid: (Re U2[j], Im U2[j], -, -) as (M, N2, W) with the
        columns zero-padded to W = `padded_width` (N2), or, when that would exceed COMPLEX_BLOCK_BYTES, the
        factors (V_j^T (M, N2, N2) real, shared by every S; -; Re and Im of exp(-i E_j dt / hbar) (M, N2)) with
        U2[j] = V_j diag(exp(-i E_j dt / hbar)) V_j^T; "-" marks an unused placeholder. With ``joint``: (V_j^T
        zero-padded to (M, N2, `padded_width` (N2)), Re and Im of the level phases)."""
        if substeps not in self._blocks:
            while len(self._blocks) >= HALF_OPERATOR_CACHE:
                self._blocks.pop(next(iter(self._blocks)))
            propagator = self.propagator
            half, full = propagator.kinetic_phases(substeps)
            energies, vectors = (array[:self.half_modes] for array in propagator.eigensystems)
            levels = level_phases(energies, substeps, propagator.model.hbar_eff)
            if self.joint:
                blocks = (self._padded_vectors, np.ascontiguousarray(levels.real), np.ascontiguousarray(levels.imag))
            elif self.factored:
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
        if self.joint:
            halves = self._evolve_joint(halves, operators, count)
        else:
            self._evolve_apart(halves, operators, count)
        out = np.empty_like(c)
        for s in SECTORS:
            from_half(out, s, *halves[s])
        if not np.isfinite(out.sum()):  # not np.linalg.norm: no BLAS here (see the class Notes)
            raise NumericalError("sector propagation produced non-finite amplitudes (check the model's parameters "
                                 "and the sub-step count)")
        return out

    def _evolve_apart(self, halves: list, operators: tuple, count: int) -> None:
        """Each sector's S sub-steps on its own (one thread per sector when ``threads`` is 2); in place."""

        def evolve(s: int) -> None:
            halves[s] = evolve_sector(*halves[s], self.columns[s], self.factored, *operators, count)

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

    def _evolve_joint(self, halves: list, operators: tuple, count: int) -> list:
        """Both sectors' S sub-steps with one pass over V_j per sub-step for both (`apply_joint_blocks`).

        One thread: `evolve_joint`. Two: thread s transforms sector s; the block rows are split between the threads;
        they meet (a barrier) after the transforms to the grid and after the blocks."""
        (vectors, levels_re, levels_im), odd_phases, even_phases = operators
        columns = self.columns[0] + self.columns[1]
        if self.threads == 1:
            planes = evolve_joint(halves[0] + halves[1], columns, vectors, levels_re, levels_im, odd_phases,
                                  even_phases, count)
            return [planes[:2], planes[2:]]
        planes = [list(halves[0]), list(halves[1])]
        rows = (0, self.half_modes // 2, self.half_modes)
        barrier = threading.Barrier(2)
        failure: list[BaseException] = []

        def work(s: int) -> None:
            try:
                odd, even = planes[s]
                apply_phases(odd, odd_phases[0])
                apply_phases(even, even_phases[0])
                for step in range(count):
                    planes[s] = list(to_grid(odd, even))
                    barrier.wait()
                    apply_joint_blocks(vectors, levels_re, levels_im, (*planes[0], *planes[1]), columns, rows[s],
                                       rows[s + 1])
                    barrier.wait()
                    phase = 0 if step == count - 1 else 1
                    odd, even = to_modes(*planes[s], odd_phases[phase], even_phases[phase])
                planes[s] = [odd, even]
            except threading.BrokenBarrierError:
                pass  # the other thread failed and broke the barrier: its error is re-raised below
            except BaseException as error:  # re-raised in the caller below
                failure.append(error)
                barrier.abort()

        worker = threading.Thread(target=work, args=(1,), name="noneq-sector-1")
        worker.start()
        try:
            work(0)
        finally:
            worker.join()
        if failure:
            raise failure[0]
        return [tuple(planes[0]), tuple(planes[1])]


def kick(propagator, c: np.ndarray) -> np.ndarray:
    """The kicks of `Propagator.period` in the full representation (they mix the sectors): c (N1, N2) ->
    S1 e^{-i K1 cos x1 / hbar} [S2 e^{-i K2 cos x2 / hbar} S2] S1 c (the K2 factor only when K2 != 0).

    >>> from noneq.kicked.model import KickedParticles
    >>> from noneq.kicked.propagator import Propagator, initial_state
    >>> propagator = Propagator(KickedParticles(K1=0.0, hbar_eff=0.2), 15, 3, 4)
    >>> bool(np.allclose(kick(propagator, initial_state(15, 3)), initial_state(15, 3)))
    True
    """
    psi = basis.transform(c, axis=0) * propagator.kick1[:, None]
    if propagator.kick2 is not None:
        psi = basis.transform(basis.transform(psi, axis=1) * propagator.kick2[None, :], axis=1)
    return basis.transform(psi, axis=0)
