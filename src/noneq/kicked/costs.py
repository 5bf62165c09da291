"""What a kicked run costs, from its parameters alone: peak memory, time on one core, and the work per kick.

Memory counts the largest arrays alive at once (bytes), for the largest basis a run may reach (a fixed basis, or
the limit of a growing one, `noneq.kicked.growth`), with a margin for temporaries; the solvers check it before they
allocate (`noneq.core.resources.check_memory`). Times are rough models, calibrated on this project's 2-core
machine (docs/notes/kicked.md says how good they are). Every function here is closed-form: fast for any sizes.

- One particle, R samples, N modes, t kicks: R N complex arrays (state, the state before the kick for a rerun on a
  larger basis, the kicked grid values and their phases, transform outputs), the R x R Gram matrix of the purity,
  and the per-sample kick strengths and <p^2> series (R t each).
- The pair, N1 x N2 modes: particle 2's eigensystems (N1 N2^2 reals) and the sub-step operators, twice during a
  growth (the old and the new propagator), and a dozen N1 x N2 complex states and temporaries.
- Classical, T trajectories: the p1 history (t + 1) x T and its squares, the kick noise T x t.

Examples
--------
>>> from noneq.core.resources import format_bytes
>>> format_bytes(pair_memory(20001, 4096))
'18.3 TiB'
"""

from __future__ import annotations

import math

import numpy as np

from noneq.kicked import growth
from noneq.kicked.model import PARTICLE2_ENERGY_FACTOR, QUASILINEAR_FACTOR, KickedParticles

REAL, COMPLEX = 8, 16  # bytes per float64, complex128
MARGIN = 1.25  # on every estimate: allocator slack and arrays too small to count
FIXED_BYTES = 32 * 2 ** 20  # transform plans, compiled kernels' work space, small arrays
SINGLE_STATE_ARRAYS = 6  # R x N complex arrays alive at once in a single-particle period (counted in the code)
PAIR_STATE_ARRAYS = 14  # N1 x N2 complex arrays alive at once in a pair period, its growth and its checks
PAIR_OPERATOR_SETS = 5  # full-grid U2 sets (N1 N2^2 complex): the cache of 3, and 2 while one is being built
SECTOR_OPERATOR_SETS = 2  # parity sectors: half-grid operands, at most the size of 2 full-grid real sets
CLASSICAL_HISTORY_ARRAYS = 4  # (t + 1) x T: the history, its squares, and the deviations of the standard error
EXPECTED_GROWTH = 1.5  # a grown basis measured at ~1.5x the a priori need (the fixed rule takes 2x)

SINGLE_REDUCE = "lower kicks, samples, K1 or noise_W, raise hbar_eff, or fix modes1 (a basis that is not grown)"
PAIR_REDUCE = ("lower kicks, K1, K2 or m (particle 2's basis), raise hbar_eff, or fix modes1/modes2 "
               "(a basis that is not grown)")
CLASSICAL_REDUCE = "lower samples or kicks"

# time per unit of work on one core (seconds), measured (docs/notes/kicked.md)
SINGLE_SECONDS = 1.0e-8  # per sample, mode and log2(mode) of one period
PAIR_BLOCK_SECONDS = 1.2e-9  # per N1 N2^2 of one sub-step (particle 2's blocks)
PAIR_TRANSFORM_SECONDS = 2.5e-9  # per N1 N2 log2(N1) of one sub-step (particle 1's transforms)
PAIR_EIGEN_SECONDS = 4e-9  # per (N1 / 2) N2^3: particle 2's eigensystems of one propagator
PAIR_CHECK_PERIODS = 6  # periods' worth of work of the end-of-run check (2 periods at S and at 2S + 1)
GROWTH_PROPAGATORS = 5  # a growing basis builds propagators worth ~5x the last one (sizes grow by 1.25)
CLASSICAL_STEP_SECONDS = 2.0e-8  # per trajectory and velocity-Verlet step
CLASSICAL_KICK_SECONDS = 4.0e-8  # per trajectory and kick (kick, history, statistics)


def single_memory(samples: int, modes: int, kicks: int) -> float:
    """Peak bytes of `noneq.kicked.single.evolve_single` with ``modes`` modes (module docstring).

    >>> from noneq.core.resources import format_bytes
    >>> format_bytes(single_memory(50, 100_000, 500))
    '700 MiB'
    """
    R, N, t = float(samples), float(modes), float(kicks)
    arrays = SINGLE_STATE_ARRAYS * COMPLEX * R * N + 2 * REAL * R * N + 2 * REAL * R * (t + 1)
    gram = (COMPLEX + 2 * REAL) * R * R
    return MARGIN * (arrays + gram) + FIXED_BYTES


def pair_sizes(model: KickedParticles, modes1: int, modes2: int, kicks: int) -> tuple[int, int]:
    """The largest (N1, N2) an `noneq.kicked.two_particle.evolve_two` run may reach: the fixed sizes, or for 0
    the growth limits.

    >>> pair_sizes(KickedParticles(hbar_eff=0.05), 0, 15, 500)
    (2699, 15)
    """
    limit1, limit2 = growth.growth_limits(model, kicks)
    return modes1 or limit1, modes2 or limit2


def propagator_memory(modes1: int, modes2: int) -> float:
    """Bytes of one `noneq.kicked.propagator.Propagator` of N1 x N2 modes with its sub-step operators: particle 2's
    eigensystems (N1 N2^2 + N1 N2 reals) and PAIR_OPERATOR_SETS complex U2 sets on the full grid, or the parity
    sectors' operands (odd N1 >= 63: at most SECTOR_OPERATOR_SETS real N1 N2^2 sets).

    >>> from noneq.core.resources import format_bytes
    >>> format_bytes(propagator_memory(15, 7))
    '64 KiB'
    """
    N1, N2 = float(modes1), float(modes2)
    sectors = modes1 % 2 == 1 and modes1 >= 63
    operators = (SECTOR_OPERATOR_SETS * REAL if sectors else PAIR_OPERATOR_SETS * COMPLEX) * N1 * N2 * N2
    return REAL * N1 * N2 * N2 + REAL * N1 * N2 + operators


def pair_memory(modes1: int, modes2: int) -> float:
    """Peak bytes of a pair run whose basis reaches N1 x N2 modes (module docstring): two propagators (the old
    and the new one during a growth) and PAIR_STATE_ARRAYS complex N1 x N2 arrays.

    >>> from noneq.core.resources import format_bytes
    >>> format_bytes(pair_memory(2699, 31))
    '204 MiB'
    """
    states = PAIR_STATE_ARRAYS * COMPLEX * float(modes1) * float(modes2)
    return MARGIN * (2 * propagator_memory(modes1, modes2) + states) + FIXED_BYTES


def classical_memory(samples: int, kicks: int, noise: bool) -> float:
    """Peak bytes of a classical run of ``samples`` trajectories (module docstring).

    >>> from noneq.core.resources import format_bytes
    >>> format_bytes(classical_memory(10_000, 500, False))
    '225 MiB'
    """
    T, t = float(samples), float(kicks)
    history = CLASSICAL_HISTORY_ARRAYS * REAL * T * (t + 1)
    return MARGIN * (history + (2 * REAL * T * t if noise else 0.0) + 16 * REAL * T) + FIXED_BYTES


def expected_modes(model: KickedParticles, kicks: int, start: tuple[int, ...], limit: tuple[int, ...]) -> np.ndarray:
    """Expected basis sizes after each kick 1..t (array (t, 2): particles 1 and 2) of a growing basis:
    EXPECTED_GROWTH x the a priori need (`KickedParticles.momentum_bounds` at each kick), between ``start`` and
    ``limit`` (a fixed size has start = limit).

    >>> expected_modes(KickedParticles(hbar_eff=0.05), 4, (107, 15), (2699, 31))[:, 0].round()
    array([160., 176., 188., 198.])
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _expected_modes(model, kicks, start, limit)


def _expected_modes(model, kicks, start, limit) -> np.ndarray:
    n = np.arange(1, kicks + 1, dtype=float)
    quantum, extra = model.momentum_quantum, model.noise_W
    sizes = np.empty((kicks, 2))
    for i, (K, mass) in enumerate(((model.K1, 1.0), (model.K2, model.m))):  # as KickedParticles.momentum_bounds
        exchanged = math.sqrt(2.0 * PARTICLE2_ENERGY_FACTOR) * math.sqrt(mass) * math.sqrt(abs(model.coupling))
        need = (np.sqrt(QUASILINEAR_FACTOR * n) * (abs(K) + extra) + exchanged + quantum) / quantum
        low, high = float(start[min(i, len(start) - 1)]), float(limit[min(i, len(limit) - 1)])
        sizes[:, i] = np.clip(EXPECTED_GROWTH * need, low, high)
    return sizes


def single_kick_weights(model: KickedParticles, kicks: int, start: int, limit: int, samples: int) -> np.ndarray:
    """Expected seconds of each kick of a single-particle run (a growing basis between ``start`` and ``limit``).

    >>> single_kick_weights(KickedParticles(), 3, 255, 255, 1).shape
    (3,)
    """
    N = expected_modes(model, kicks, (start,), (limit,))[:, 0]
    return SINGLE_SECONDS * samples * N * np.log2(N + 1.0)


def single_seconds(model: KickedParticles, modes: int, kicks: int, samples: int) -> float:
    """Rough time on one core of `noneq.kicked.single.evolve_single` (``modes`` = 0: a growing basis).

    >>> single_seconds(KickedParticles(), 255, 100, 1) < 1.0
    True
    """
    start, limit = (modes, modes) if modes else (growth.single_start(model, kicks), growth.single_limit(model, kicks))
    return float(single_kick_weights(model, kicks, start, limit, samples).sum())


def pair_kick_weights(model: KickedParticles, kicks: int, start: tuple[int, int], limits: tuple[int, int],
                      growing: tuple[bool, bool], substeps: int = 1) -> np.ndarray:
    """Expected seconds of each kick of a pair run at ``substeps`` sub-steps per period (sizes from ``start``,
    growing up to ``limits`` where ``growing``).

    >>> pair_kick_weights(KickedParticles(), 2, (107, 15), (2699, 31), (True, True)).shape
    (2,)
    """
    top = tuple(limits[i] if growing[i] else start[i] for i in range(2))
    sizes = expected_modes(model, kicks, start, top)
    N1, N2 = sizes[:, 0], sizes[:, 1]
    return substeps * (PAIR_BLOCK_SECONDS * N1 * N2 * N2 + PAIR_TRANSFORM_SECONDS * N1 * N2 * np.log2(N1 + 1.0))


def pair_seconds(model: KickedParticles, kicks: int, start: tuple[int, int], limits: tuple[int, int],
                 growing: tuple[bool, bool], substeps: int) -> float:
    """Rough time on one core of a pair run: `pair_kick_weights`, the end-of-run check (PAIR_CHECK_PERIODS
    periods at the final sizes) and particle 2's eigensystems of every propagator built.

    >>> round(pair_seconds(KickedParticles(), 10, (255, 15), (255, 15), (False, False), 100), 2)
    0.23
    """
    weights = pair_kick_weights(model, kicks, start, limits, growing, substeps)
    N1, N2 = expected_modes(model, kicks, start, tuple(limits[i] if growing[i] else start[i] for i in range(2)))[-1]
    eigen = PAIR_EIGEN_SECONDS * N1 / 2 * N2 ** 3 * (GROWTH_PROPAGATORS if any(growing) else 1)
    return float(weights.sum() + PAIR_CHECK_PERIODS * weights[-1] + eigen)


def classical_seconds(samples: int, kicks: int, steps_per_period: float) -> float:
    """Rough time on one core of a classical run.

    >>> round(classical_seconds(10_000, 500, 1000), 1)
    100.2
    """
    work = float(samples) * float(kicks)
    return work * (CLASSICAL_STEP_SECONDS * float(steps_per_period) + CLASSICAL_KICK_SECONDS)
