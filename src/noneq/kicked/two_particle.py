"""Quantum dynamics of the two interacting kicked particles: per-x1 exact propagation of the light particle.

Representation: psi[j, k], particle 1 at DST-I grid point x1_j (j = 1..N1), particle 2 in sine mode k (1..N2).
Between kicks H = T1 + H2(x1), H2(x1) = p2^2/(2m) + eps G(x1 - x2) acts on particle 2 alone for each grid
point x1_j. Plain Strang splitting of T2 against eps G converges very slowly for a light particle (NOTES.md),
so H2(x1_j) is diagonalized exactly, once, for every j (an N2 x N2 real symmetric matrix in the sine basis,
G applied on particle 2's collocation grid), and only T1 (unit mass, slow) is split off:

    U(period) ~ [exp(-i T1 dt / 2hbar) U2(dt) exp(-i T1 dt / 2hbar)]^S,   U2(dt)_j = V_j exp(-i E_j dt / hbar) V_j^T,

dt = 1/S. Kicks: exp(-i K1 cos x1_j / hbar) multiplies rows; exp(-i K2 cos x2 / hbar) acts on particle 2's grid.
H2(L - x1) = P H2(x1) P with P the reflection x2 -> L - x2 (diagonal (-1)^(k+1) in the sine basis), so only
half of the N1 eigenproblems are solved.

Convergence (measured against an independent Chebyshev propagation of the full H, 3 kicks, K1 = 1.8, eps = 2,
lam = 10, hbar_eff = 0.05, N1 = 255, N2 = 15; l2 error of the final state):

- m = 0.01: clean second order, 8.6e-2 (S = 20), 2.6e-3 (80), 1.4e-4 (320), 2.1e-6 (2560).
- m = 0.001: second order only once S > ~500; below, the error jumps erratically with S (S = 60: 7.5e-2,
  110: 1.8e-3, 140: 1.8e-2, 170: 5.8e-4, 190: 7.4e-3, 320: 4.3e-3, 340: 1.4e-4, 640: 5.7e-5). Cause: numerical
  resonances. Each T1 sub-step moves x1 and so kicks particle 2 out of its instantaneous level; when the phase
  (E_n - E_0) dt / hbar of a coupled pair of particle-2 levels is close to a multiple of 2 pi, these kicks add
  coherently over the S sub-steps (the exact dynamics averages them out: amplitude ~ sinc((E_n - E_0) dt / 2hbar)
  per sub-step, absent from the splitting). Projected on particle 2's levels, the error sits in one level:
  n = 9 (E_9 - E_0 ~ 100 = 2 pi hbar S at S = 320), n = 10 at S = 400, n = 7 and 10 at S = 200; non-resonant
  levels carry ~1e-4 or less. With L = pi, E_k ~ 25 hbar k^2 (m = 0.001, hbar_eff = 0.05) and 2 pi / 25 ~ 1/4,
  so S is nearly resonant whenever S/4 = k'^2 - k^2 for a coupled pair (S = 80: 6, 4; 160: 7, 3; 320: 9, 1),
  which made the old powers-of-two scan look like a plateau. Tried and rejected: H2-outer ordering (errors -10%),
  graded (cosine) sub-steps (no gain), fourth-order compositions (Yoshida's triple jump, Blanes-Moan's 6-stage
  scheme): worse than Strang at equal stage count, also for a fast particle 1 (hbar_eff = 0.05, <p1^2> = 254,
  N1 = 1023, one free period vs Chebyshev: Strang 1.8e-4 at 1200 stages, Blanes-Moan 1.9e-3, Yoshida 6.9e-3;
  their errors fall like S^-2 to S^-3 here, order reduction from particle 2's stiff levels); a modified
  potential cancelling the (d V / d x1)^2 term of Strang's error (20% smaller error at hbar_eff = 0.01); a
  full-H Chebyshev propagation is exact but needs ~ (spectral width / hbar) matrix-vector products per period
  (~5e4 at hbar_eff = 0.05, N1 = 1349: ~100x the splitting at S = 600). The splitting stays; the resonances are
  handled by the sub-step check below.
- m = 0.001, hbar_eff = 0.01 (N1 = 1199, N2 = 29, 2 kicks, against a fourth-order reference): no resonances
  visible, clean second order with a large constant, error per period ~ 40 / S^2 (2.6e-4 at S = 400, 1.6e-5 at
  1600). Fourth order does not pay at the accuracy the guard asks (~2e-5 per period): at equal cost (sub-steps
  x stages) Blanes-Moan's 6-stage scheme is ~1.5x more accurate than Strang (~7% fewer stages for the same
  error), Yoshida's triple jump is worse.

Sub-step check (guard): periods are rerun from the same state with S' = 2S + 1 sub-steps. S' is detuned from
2S on purpose: a pair whose phase winds by 4 pi per sub-step at S winds by 2 pi at 2S, so both runs would carry
the same resonant error and their difference would miss it (measured: S = 160, 4/3 |psi_S - psi_2S| = 2.3e-3
against a true error of 4.7e-3); at 2S + 1 its phase slips by exactly 2 pi per period and the coherent sum
cancels (estimate 8.9e-3). For unitary dynamics errors accumulate at most additively, so the final-state
error is estimated as F ||psi_S - psi_S'|| kicks / periods with F = r^2 / (r^2 - 1), r = S'/S (second order).
Measured at kick 100 (N1 = 1349): the estimate exceeded the true error at every S tried (50 to 400).

Automatic sub-steps (``substeps=0``): `choose_substeps` runs a short pilot from the initial state (on a
smaller basis of particle 1 when that suffices for the pilot's few periods) and climbs a ladder of S until the
estimate is below SUBSTEP_TOLERANCE / AUTO_SAFETY; runs of AUTO_MONITOR_KICKS or more are checked again at
mid-run (S raised for the second half if needed) and at the end; the error estimate adds both halves. Chosen
for 500 kicks, m = 0.001, eps = 2, lam = 10: S = 858 (pilot), raised to 1072 at mid-run, at hbar_eff = 0.05;
S = 1567 (pilot), raised to 4516 at mid-run, at hbar_eff = 0.01 (particle 1 diffuses there, and the error per
period grows with its momentum). The plain 2D split-operator (T1 + T2 | eps G) needs ~30x (hbar_eff = 0.05) and ~34x
(0.01) as many sub-steps of similar cost for the same accuracy (benchmarks/bench_kicked.py).

Growing basis (``modes1 = modes2 = 0``, `evolve_two`): the run starts from the a priori need of one period and a
particle's basis grows by GROWTH_FACTOR whenever a period ends with more than GROWTH_THRESHOLD (a tenth of the
top-mode guard's tolerance) in its top modes; that period is rerun on the larger basis. At hbar_eff = 0.05,
500 kicks: N1 grows from 107 to 959 (the a priori rule, twice the quasilinear bound, takes 1349 for the whole run).

Parity sectors: for odd N1 the period runs as two independent halves on two threads
(`noneq.kicked.sectors`; equal to rounding), each half's S sub-steps as one compiled call without the GIL.
Measured end to end at hbar_eff = 0.05, 500 kicks (growing basis, automatic S, guards; 2 cores): 44 s wall,
84 s CPU (benchmarks/bench_kicked.py); the fixed a priori basis on the full grid: ~440 s CPU.

Example
-------
>>> from noneq.kicked.model import KickedParticles
>>> model = KickedParticles(K1=1.8, m=0.01, eps=2.0, hbar_eff=0.2)
>>> result = evolve_two(model, modes1=127, modes2=15, substeps=0, kicks=3)  # 0: automatic sub-steps
>>> result.purity.shape, result.resolved
((4,), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from scipy.special import jv
import scipy.linalg
import threadpoolctl

from noneq.core.errors import NumericalError, bad_value
from noneq.kicked import basis, guards
from noneq.kicked.model import KickedParticles, fast_modes
from noneq.kicked.sectors import SectorPropagator, level_phases, odd_fast_modes, step_blocks
from noneq.quantum import purity as _purity

CHECK_KICKS = 2  # periods rerun with S' = 2S + 1 at the end of a run (cost: ~3 * CHECK_KICKS periods)
OPERATOR_CACHE = 3  # U2(dt) sets kept (each N1 x N2^2 complex: 88 MB at N1 = 6560, N2 = 29)
AUTO_SAFETY = 2.0  # the pilot sees the first periods only; later, faster particle-1 states split worse
AUTO_START = 16  # first rung of the automatic ladder (cheap; rungs grow by up to LADDER_GROWTH[1])
AUTO_MAX = 1 << 14  # give up (NumericalError) beyond ~4x the largest S measured for the paper (4516)
AUTO_MONITOR_KICKS = 20  # runs at least this long are re-checked at mid-run in automatic mode
RETRY_MARGIN = 1.1  # automatic run that fails its end-of-run guard: rerun once with S x 1.1 sqrt(error / target)
PILOT_MODE_MARGIN = 2.0  # pilot basis: twice the a priori requirement of its few periods (as simulate's rule)
SECTOR_MIN_MODES = 63  # odd N1 from here on run the parity sectors (`noneq.kicked.sectors`; 2.6x at N1 = 719)
LADDER_GROWTH = (1.25, 2.0)  # bounds of the factor between rungs (from the second-order extrapolation)
FIXED_MODE_MARGIN = 2.0  # fixed basis: twice the a priori momentum bound (tails reach beyond it, see tests)
MIN_MODES2 = 15  # particle 2 keeps at least this many modes (its eigenstates' sine tails at eps = 2, lam = 10)
GROWTH_THRESHOLD = 0.1 * guards.TOP_MODE_TOLERANCE  # growing basis: grow well before the guard would object
GROWTH_FACTOR = 1.25  # each growth (one rerun period and a new set of particle-2 eigensystems)
GROWTH_START_KICKS = 1  # a growing basis starts with the a priori need of this many periods ...
GROWTH_START_MARGIN = 1.0  # ... times this margin (growth does the rest), at least MIN_MODES2 for particle 2
GROWTH_LIMIT = 2.0  # and grows at most to this multiple of the fixed basis


@dataclass(frozen=True)
class TwoResult:
    """Time series (kicks + 1,): p1_sq, p2_sq, purity; final marginals probabilities1 (N1,), probabilities2 (N2,)
    with momenta1, momenta2; guards: top_mode1, top_mode2, norm_error, substep_error, resolved; substeps: the
    sub-steps per period used at the end of the run (chosen automatically when asked with 0); modes1, modes2:
    the basis sizes at the end of the run (grown with the state when asked with 0)."""

    p1_sq: np.ndarray
    p2_sq: np.ndarray
    purity: np.ndarray
    probabilities1: np.ndarray
    probabilities2: np.ndarray
    momenta1: np.ndarray
    momenta2: np.ndarray
    top_mode1: float
    top_mode2: float
    norm_error: float
    substep_error: float
    resolved: bool
    substeps: int = 0
    modes1: int = 0
    modes2: int = 0


def detuned(substeps: int) -> int:
    """S' = 2S + 1, the comparison run of the sub-step check (module docstring)."""
    return 2 * substeps + 1


def richardson(substeps: int) -> float:
    """F = r^2 / (r^2 - 1), r = S'/S: error of the S run from |psi_S - psi_S'| for a second-order splitting."""
    r = detuned(substeps) / substeps
    return r * r / (r * r - 1.0)


def particle2_eigensystems(model: KickedParticles, modes1: int, modes2: int) -> tuple[np.ndarray, np.ndarray]:
    """(E (N1, N2), V (N1, N2, N2)) with H2(x1_j) = V_j diag(E_j) V_j^T in particle 2's sine basis.

    Solved for j <= (N1 + 1) / 2 only; the mirror points use H2(L - x1) = P H2(x1) P, P = diag((-1)^(k+1)).
    One small LAPACK call per point (numpy's batched eigh is ~10x slower here: threads per tiny matrix).
    """
    x1, x2 = basis.grid(model, modes1), basis.grid(model, modes2)
    S2 = basis.dst_matrix(modes2)
    kinetic = basis.momenta(model, modes2) ** 2 / (2.0 * model.m)
    half = (modes1 + 1) // 2
    energies = np.empty((modes1, modes2))
    vectors = np.empty((modes1, modes2, modes2))
    for j in range(half):
        H2 = S2 @ (model.eps * model.G(x1[j] - x2)[:, None] * S2)
        H2[np.arange(modes2), np.arange(modes2)] += kinetic
        energies[j], vectors[j] = scipy.linalg.eigh(H2, driver="ev", check_finite=False)
    parity = (-1.0) ** np.arange(modes2)
    mirror = modes1 - 1 - np.arange(half)
    energies[mirror] = energies[:half]
    vectors[mirror] = parity[None, :, None] * vectors[:half]
    return energies, vectors


class Propagator:
    """One period of the two-particle dynamics with S sub-steps (see module docstring)."""

    def __init__(self, model: KickedParticles, modes1: int, modes2: int, substeps: int, *,
                 sectors: bool = True) -> None:
        for name, value in (("modes1", modes1), ("modes2", modes2), ("substeps", substeps)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise bad_value(name, value, "an integer >= 1")
        self.model, self.modes1, self.modes2, self.substeps = model, modes1, modes2, substeps
        self._energies, self._vectors = particle2_eigensystems(model, modes1, modes2)
        self.kick1 = basis.kick_phases(model, modes1, model.K1)
        self.kick2 = basis.kick_phases(model, modes2, model.K2) if model.K2 != 0.0 else None
        self._steps: dict[int, np.ndarray] = {}
        self._kinetic: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        use_sectors = sectors and modes1 % 2 == 1 and modes1 >= SECTOR_MIN_MODES
        self._sectors = SectorPropagator(self) if use_sectors else None

    @property
    def eigensystems(self) -> tuple[np.ndarray, np.ndarray]:
        """(E (N1, N2), V (N1, N2, N2)): H2(x1_j) = V_j diag(E_j) V_j^T (`particle2_eigensystems`)."""
        return self._energies, self._vectors

    def kinetic_phases(self, substeps: int) -> tuple[np.ndarray, np.ndarray]:
        """(exp(-i T1 dt / 2hbar), exp(-i T1 dt / hbar)) on particle 1's modes (N1,) for dt = 1/``substeps``."""
        if substeps not in self._kinetic:
            dt = 1.0 / substeps
            self._kinetic[substeps] = (basis.free_phases(self.model, self.modes1, 1.0, dt / 2),
                                       basis.free_phases(self.model, self.modes1, 1.0, dt))
        return self._kinetic[substeps]

    def operators(self, substeps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(U2 (N1, N2, N2), half kinetic phases (N1,), full kinetic phases (N1,)) for S = ``substeps``.

        U2 = V_j diag(exp(-i E_j dt / hbar)) V_j^T is built on first use, for the full-grid path (the parity
        sectors build their own half-grid operands), and the last OPERATOR_CACHE sets are kept."""
        if substeps not in self._steps:
            while len(self._steps) >= OPERATOR_CACHE:
                self._steps.pop(next(iter(self._steps)))
            levels = level_phases(self._energies, substeps, self.model.hbar_eff)
            self._steps[substeps] = step_blocks(self._vectors, levels)
        return (self._steps[substeps],) + self.kinetic_phases(substeps)

    def period(self, c: np.ndarray, substeps: int | None = None) -> np.ndarray:
        """Kick, then one period; ``c`` (N1, N2) in the sine basis of both particles, returned likewise.

        Odd N1 >= SECTOR_MIN_MODES (unless built with ``sectors=False``): the same operations on the two parity
        sectors, concurrently (`noneq.kicked.sectors.SectorPropagator`; equal to rounding, tested)."""
        if self._sectors is not None:
            return self._sectors.period(c, substeps)
        count = substeps or self.substeps
        U2, half, full = self.operators(count)
        psi = basis.transform(c, axis=0) * self.kick1[:, None]
        if self.kick2 is not None:
            psi = basis.transform(basis.transform(psi, axis=1) * self.kick2[None, :], axis=1)
        c = basis.transform(psi, axis=0)
        c *= half[:, None]
        for s in range(count):
            psi = basis.transform(c, axis=0)
            _apply_blocks(U2, psi)
            c = basis.transform(psi, axis=0)
            c *= (half if s == count - 1 else full)[:, None]
        return c

    def splitting_error(self, c: np.ndarray, substeps: int, periods: int,
                        coarse: np.ndarray | None = None) -> float:
        """Per-period error estimate of S = ``substeps`` from state ``c``: F ||psi_S - psi_S'|| / periods.

        ``periods`` periods are run from ``c`` at S' = 2S + 1 and, unless ``coarse`` (their result at S) is
        given, at S.
        """
        fine = c
        for _ in range(periods):
            fine = self.period(fine, detuned(substeps))
        if coarse is None:
            coarse = c
            for _ in range(periods):
                coarse = self.period(coarse, substeps)
        return richardson(substeps) * float(np.linalg.norm(coarse - fine)) / periods


@numba.njit(cache=True)
def _apply_blocks(U, psi):  # pragma: no cover - compiled
    """psi[j] <- U[j] @ psi[j] for every grid point j of particle 1 (in place).

    Serial on purpose. The former threaded variant (numba prange) shared numba's on-disk cache entry with the
    serial one (two jit variants of one Python function), so small grids silently ran threaded code; and on a
    busy 2-core machine the OpenMP threads spin: measured 23 ms vs 0.5 ms (N1 = 1349, N2 = 15) per call.
    """
    n1, n2 = psi.shape
    row = np.empty(n2, dtype=psi.dtype)
    for j in range(n1):
        row[:] = psi[j]
        for a in range(n2):
            acc = 0j
            for b in range(n2):
                acc += U[j, a, b] * row[b]
            psi[j, a] = acc


def reduced_purity(c: np.ndarray) -> float:
    """Tr rho_1^2 of the pure state c (N1, N2): equals Tr rho_2^2 with rho_2 = c^T c* (N2 x N2, cheaper)."""
    return _purity(c.T @ c.conj())


def initial_state(modes1: int, modes2: int) -> np.ndarray:
    """The product of the well ground states, (N1, N2) in the sine basis of both particles."""
    return np.outer(basis.ground_state(modes1), basis.ground_state(modes2))


def chebyshev_reference(model: KickedParticles, n1: int, n2: int, kicks: int) -> np.ndarray:
    """Reference final state after ``kicks`` periods from `initial_state` (tests, benchmarks): exp(-i H / hbar)
    per period by a Chebyshev series of the full H = T1 + T2 + eps G (matrix-free H action: kinetic terms diagonal
    in the sine basis, eps G per x1 grid point as an N2 x N2 block); kicks as in the propagator. Independent of
    the splitting; exact up to the series' truncation, but ~ (spectral width / hbar_eff) H actions per period."""
    x1, x2 = basis.grid(model, n1), basis.grid(model, n2)
    S2 = basis.dst_matrix(n2)
    blocks = np.einsum("ak,jk,kb->jab", S2, model.eps * model.G(x1[:, None] - x2[None, :]), S2)
    kinetic = np.add.outer(basis.momenta(model, n1) ** 2 / 2, basis.momenta(model, n2) ** 2 / (2 * model.m))
    low, high = min(0.0, model.eps), kinetic.max() + max(0.0, model.eps)  # spectral bounds of H (0 <= G <= 1)
    half_width, centre = (high - low) / 2, (high + low) / 2

    def scaled(c):  # (H - centre) / half_width: spectrum in [-1, 1]
        grid = np.einsum("jab,jb->ja", blocks, basis.transform(c, axis=0))
        return (kinetic * c + basis.transform(grid, axis=0) - centre * c) / half_width

    z = half_width / model.hbar_eff
    order = int(z + 20 * z ** (1 / 3) + 60)  # Bessel J_k(z) is below 1e-16 well before this
    weights = 2 * (-1j) ** np.arange(order) * jv(np.arange(order), z)
    weights[0] /= 2
    kick1, kick2 = basis.kick_phases(model, n1, model.K1), basis.kick_phases(model, n2, model.K2)
    c = initial_state(n1, n2)
    for _ in range(kicks):
        psi = basis.transform(c, axis=0) * kick1[:, None]
        c = basis.transform(basis.transform(basis.transform(psi, axis=1) * kick2[None, :], axis=1), axis=0)
        previous, current = c, scaled(c)
        total = weights[0] * previous + weights[1] * current
        for k in range(2, order):
            previous, current = current, 2 * scaled(current) - previous
            total += weights[k] * current
        c = np.exp(-1j * centre / model.hbar_eff) * total
    return c


def choose_substeps(propagator: Propagator, kicks: int, tolerance: float = guards.SUBSTEP_TOLERANCE, *,
                    reduce: bool = True) -> int:
    """Smallest rung S of a ladder whose pilot estimate of the final-state error is below tolerance / AUTO_SAFETY.

    Pilot: min(kicks, CHECK_KICKS) periods from the initial state at S and S' = 2S + 1 (`splitting_error`), the
    per-period error times ``kicks`` (additive bound). Ladder: S -> S x clip(1.1 sqrt(estimate / target),
    LADDER_GROWTH) (second-order extrapolation, bounded because resonances make single values unreliable),
    starting at AUTO_START; once a rung passes, the geometric mean of it and the last failing rung is tried
    too, so the choice is within a factor sqrt(2) of the ladder's threshold. NumericalError beyond AUTO_MAX.
    With ``reduce`` the pilot runs on particle 1's smallest adequate basis for its few periods
    (PILOT_MODE_MARGIN x `KickedParticles.required_modes`), and falls back to the full basis if the pilot's
    state reaches that basis's top modes.
    """
    target = tolerance / AUTO_SAFETY
    periods = min(kicks, CHECK_KICKS)
    pilot = _pilot_propagator(propagator, periods) if reduce else propagator
    start = initial_state(pilot.modes1, pilot.modes2)

    def passes(S: int) -> tuple[bool, float]:
        estimate = pilot.splitting_error(start, S, periods) * kicks
        return estimate <= target, estimate

    S, failed, chosen = AUTO_START, 0, 0
    while S <= AUTO_MAX and not chosen:
        ok, estimate = passes(S)
        if ok:
            between = int(round(np.sqrt(S * failed)))
            chosen = between if failed and failed < between < S and passes(between)[0] else S
        low, high = LADDER_GROWTH
        S, failed = int(np.ceil(S * min(high, max(low, 1.1 * np.sqrt(estimate / target))))), S
    if not chosen:
        raise NumericalError(f"under-resolved quantum run: no sub-step count up to {AUTO_MAX} brings the "
                             f"estimated splitting error below {target:g} (increase modes or shorten the run)")
    if pilot is not propagator:
        end = start
        for _ in range(periods):
            end = pilot.period(end, chosen)
        if guards.top_mode_probability(np.sum(np.abs(end) ** 2, axis=1)) > guards.TOP_MODE_TOLERANCE:
            return choose_substeps(propagator, kicks, tolerance, reduce=False)
    return chosen


def _pilot_propagator(propagator: Propagator, periods: int) -> Propagator:
    """The propagator on particle 1's basis for ``periods`` kicks (or ``propagator`` if that is not smaller)."""
    model = propagator.model
    modes1 = odd_fast_modes(int(PILOT_MODE_MARGIN * model.required_modes(periods)[0]))
    if modes1 >= propagator.modes1:
        return propagator
    return Propagator(model, modes1, propagator.modes2, AUTO_START)


def evolve_two(model: KickedParticles, *, modes1: int, modes2: int, substeps: int, kicks: int,
               strict: bool = True, check_substeps: bool = True) -> TwoResult:
    """Evolve the product of ground states for ``kicks`` periods (see `_evolve_two`).

    Runs with BLAS limited to one thread: a threaded BLAS call (the purity's matrix product) leaves a worker
    spinning on the core the second parity sector needs (measured 99 vs 56 ms per period at N1 = 1349).
    """
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        return _evolve_two(model, modes1=modes1, modes2=modes2, substeps=substeps, kicks=kicks, strict=strict,
                           check_substeps=check_substeps)


def _evolve_two(model: KickedParticles, *, modes1: int, modes2: int, substeps: int, kicks: int,
                strict: bool = True, check_substeps: bool = True) -> TwoResult:
    """Evolve the product of ground states for ``kicks`` periods (see module docstring).

    ``substeps`` = 0 chooses S automatically (`choose_substeps`, then re-checked at mid-run; a run that still
    fails the end-of-run guard is rerun once with S scaled by the measured error); the S used at the end is
    ``result.substeps``. ``check_substeps`` = False skips the sub-step guard (fixed S only).

    ``modes1`` / ``modes2`` = 0 grow the basis with the state (`initial_modes`, `grown_modes`): after every
    period whose state puts more than GROWTH_THRESHOLD in the top modes of a particle (the quantity of the
    top-mode guard), that particle's basis grows (zero padding in the sine basis: exact) and the period is rerun
    from its start on the larger basis, so every accepted state stays GROWTH_THRESHOLD away from the cutoff.
    Particle 1 spreads in momentum like sqrt(t) (or less, when localized), so the early periods run on a small
    basis: measured at hbar_eff = 0.05, m = 0.001, 500 kicks, N1 grows from 215 to ~800 where the fixed a priori
    rule takes 1349. The sizes used at the end are ``result.modes1`` and ``result.modes2``.
    """
    if isinstance(substeps, bool) or not isinstance(substeps, (int, np.integer)) or substeps < 0:
        raise bad_value("substeps", substeps, "an integer >= 1, or 0 (automatic)")
    if isinstance(kicks, bool) or not isinstance(kicks, (int, np.integer)) or kicks < 1:
        raise bad_value("kicks", kicks, "an integer >= 1")
    for name, value in (("modes1", modes1), ("modes2", modes2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise bad_value(name, value, "an integer >= 1, or 0 (a basis that grows with the state)")
    growing = (modes1 == 0, modes2 == 0)
    start1, start2 = initial_modes(model, kicks)
    limit1, limit2 = growth_limits(model, kicks)
    automatic = substeps == 0
    propagator = Propagator(model, modes1 or start1, modes2 or start2, substeps or AUTO_START)
    if automatic:
        propagator.substeps = choose_substeps(propagator, kicks)
        check_substeps = True
    c = initial_state(propagator.modes1, propagator.modes2)
    p1_sq, p2_sq, purity = np.empty(kicks + 1), np.empty(kicks + 1), np.empty(kicks + 1)
    top1 = top2 = norm_error = 0.0
    checked = min(kicks, CHECK_KICKS) if check_substeps else 0
    middle = kicks // 2 if automatic and kicks >= AUTO_MONITOR_KICKS else 0
    first_half_error = 0.0
    saved = c
    for n in range(kicks + 1):
        if n > 0:
            if n == kicks - checked + 1:
                saved = c
            previous, c = c, propagator.period(c)
        marginal1, marginal2 = _marginals(c)
        tops = guards.top_mode_probability(marginal1), guards.top_mode_probability(marginal2)
        while n > 0 and (sizes := grown_modes(propagator, tops, growing, (limit1, limit2))) is not None:
            propagator = Propagator(model, *sizes, propagator.substeps)
            previous, saved = _padded(previous, sizes), _padded(saved, sizes)
            c = propagator.period(previous)
            marginal1, marginal2 = _marginals(c)
            tops = guards.top_mode_probability(marginal1), guards.top_mode_probability(marginal2)
        if n == middle > 0:
            first_half_error = _midrun_check(propagator, c, kicks, middle)
        p1, p2 = basis.momenta(model, propagator.modes1), basis.momenta(model, propagator.modes2)
        p1_sq[n], p2_sq[n] = marginal1 @ (p1 * p1), marginal2 @ (p2 * p2)
        purity[n] = reduced_purity(c)
        top1, top2 = max(top1, float(tops[0])), max(top2, float(tops[1]))
        norm_error = max(norm_error, abs(float(marginal1.sum()) - 1.0))
    substep_error = 0.0
    if checked:
        per_period = propagator.splitting_error(saved, propagator.substeps, checked, coarse=c)
        substep_error = first_half_error + per_period * (kicks - middle)
    if automatic and substep_error > guards.SUBSTEP_TOLERANCE:
        # the pilot (and mid-run check) saw early periods only: rerun once with S scaled for the measured error
        # (second order: error ~ S^-2), aiming at the automatic target; the guard below judges that run
        retry = int(np.ceil(propagator.substeps * RETRY_MARGIN
                            * np.sqrt(substep_error * AUTO_SAFETY / guards.SUBSTEP_TOLERANCE)))
        return _evolve_two(model, modes1=modes1, modes2=modes2, substeps=min(retry, AUTO_MAX), kicks=kicks,
                           strict=strict)
    resolved = guards.check(top_mode=max(top1, top2), norm_error=norm_error, substep_error=substep_error,
                            strict=strict)
    return TwoResult(p1_sq, p2_sq, purity, marginal1, marginal2, p1, p2, top1, top2, norm_error, substep_error,
                     resolved, propagator.substeps, propagator.modes1, propagator.modes2)


def initial_modes(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """Starting sizes of a growing basis: GROWTH_START_MARGIN x the a priori need (`KickedParticles.required_modes`)
    of the first GROWTH_START_KICKS periods, at least MIN_MODES2 for particle 2 (N1 odd: parity sectors).

    Particle 2 starts with MIN_MODES2 because the automatic sub-steps are chosen on the starting basis: at
    hbar_eff = 0.05 its levels up to ~10 resonate with the sub-step (module docstring), and a pilot on 7 modes
    chose S = 512 where 15 modes need 858. Beyond, its top levels barely enter the splitting error (measured at
    hbar_eff = 0.01, m = 0.001, N1 = 255, 2 kicks: the same error to 10% at N2 = 17, 21 and 29 for S = 200..800),
    so the basis may grow after the choice; the end-of-run guard checks it."""
    need1, need2 = model.required_modes(min(kicks, GROWTH_START_KICKS))
    return (odd_fast_modes(int(GROWTH_START_MARGIN * need1)),
            fast_modes(max(int(GROWTH_START_MARGIN * need2), MIN_MODES2)))


def fixed_modes(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """A fixed basis from the a priori bound: FIXED_MODE_MARGIN x `KickedParticles.required_modes` (fast DST
    sizes), at least MIN_MODES2 modes for particle 2."""
    need1, need2 = model.required_modes(kicks)
    return (odd_fast_modes(int(FIXED_MODE_MARGIN * need1)),
            fast_modes(max(int(FIXED_MODE_MARGIN * need2), MIN_MODES2)))


def growth_limits(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """Largest sizes a growing basis may reach: GROWTH_LIMIT x `fixed_modes`, at least `initial_modes` (beyond,
    the top-mode guard reports the run as under-resolved)."""
    (start1, start2), (fixed1, fixed2) = initial_modes(model, kicks), fixed_modes(model, kicks)
    return (max(start1, odd_fast_modes(int(GROWTH_LIMIT * fixed1))),
            max(start2, fast_modes(int(GROWTH_LIMIT * fixed2))))


def grown_modes(propagator: Propagator, tops: tuple[float, float], growing: tuple[bool, bool],
                limits: tuple[int, int]) -> tuple[int, int] | None:
    """New (N1, N2) when a growing particle's top-mode probability exceeds GROWTH_THRESHOLD (and its limit is
    not reached), each grown by GROWTH_FACTOR to a fast DST size; None when nothing grows."""
    sizes = [propagator.modes1, propagator.modes2]
    changed = False
    for i, sized in enumerate((odd_fast_modes, fast_modes)):
        if growing[i] and tops[i] > GROWTH_THRESHOLD and sizes[i] < limits[i]:
            sizes[i] = min(limits[i], sized(int(np.ceil(GROWTH_FACTOR * sizes[i]))))
            changed = True
    return (sizes[0], sizes[1]) if changed else None


def _marginals(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Momentum-mode probabilities of particle 1 (N1,) and particle 2 (N2,) in the state c (N1, N2)."""
    probabilities = np.abs(c) ** 2
    return probabilities.sum(axis=1), probabilities.sum(axis=0)


def _padded(c: np.ndarray, sizes: tuple[int, int]) -> np.ndarray:
    """c (n1, n2) in the sine basis embedded in the larger basis ``sizes`` (zero amplitudes above: exact)."""
    out = np.zeros(sizes, dtype=c.dtype)
    out[:c.shape[0], :c.shape[1]] = c
    return out


def _midrun_check(propagator: Propagator, c: np.ndarray, kicks: int, middle: int) -> float:
    """Automatic mode at kick ``middle``: estimate the first half's error (per-period error now x middle) and
    raise S for the second half while the projected total exceeds the automatic target."""
    target = guards.SUBSTEP_TOLERANCE / AUTO_SAFETY
    per_period = propagator.splitting_error(c, propagator.substeps, 1)
    first_half = per_period * middle
    while per_period * kicks > target and propagator.substeps < AUTO_MAX:
        low, high = LADDER_GROWTH
        growth = min(high, max(low, 1.1 * np.sqrt(per_period * kicks / target)))
        propagator.substeps = int(np.ceil(propagator.substeps * growth))
        per_period = propagator.splitting_error(c, propagator.substeps, 1)
    return first_half
