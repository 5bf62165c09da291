"""Classical dynamics of the two kicked particles: an ensemble of trajectories, compiled with numba.

Each period n = 1..kicks: the kick p_i -> p_i + K_i sin x_i (K_1 -> K_1 + dK_n in the random-kick model), then
one period of the continuous Hamiltonian H = p1^2/2 + p2^2/(2m) + eps G(x1 - x2), G(d) = exp(-a d^2), in the
well [0, L] with hard walls. H is conserved between kicks (with eps = 0 each particle's energy is).

Integrator (`noneq.kicked.classical_kernels`, parallel over trajectories):

- Velocity Verlet (half kick, drift, half kick). Yoshida's fourth-order composition was tried and dropped:
  with walls it is only second order at wall steps, it costs more than Verlet down to tolerance ~1e-4, and a
  light particle squeezed between its partner's barrier and a wall made it blow up (|dE| ~ 0.5 in one period)
  at steps where Verlet is accurate.
- Walls: a step whose drift parabola meets a wall is cut at the crossing time, the particle is put on the wall,
  the force is evaluated there and the momentum reflected; the step then continues (a particle on a wall
  heading out is reflected at once). Second order also for trajectories that meet their partner at a wall (the
  earlier fold-at-the-end treatment was first order there: errors O(1) in p1 for such trajectories at 4000
  steps per period), exact for free flight, and with fixed steps and no jumps exactly time reversible (tested).
- Free flight: where G < INTERACTION_CUTOFF the force is set to 0; while the pair cannot come within that
  range (a bound from |v1| + |v2|) both particles fly freely in one exact jump; the Verlet grid restarts after
  it (so runs with jumps are not exactly reversible). With eps = 0 a whole period is one exact jump.

Step control (``steps_per_kick=0``, the default): per trajectory and period, h = r / rate with
rate = [sqrt(a) (v1 + v2) + sqrt(2 a |eps| / mu)] sqrt(1 + |eps| p1^2 / SWEEP_SCALE) (relative speed over the
interaction range plus the barrier's curvature frequency; mu = m / (1 + m), v_i = the speed particle i would
have after also receiving EXCHANGE_FACTOR |eps| of interaction energy; the last factor is measured: a fast
particle 1 sweeps the light one against a wall more often, and the error per period at fixed rate x h grows
~ |eps| p1^2; x ATTRACTIVE_FACTOR for eps < 0; all evaluated after each kick) and r = `resolution(tolerance)`
from the measured error model (90th percentile over trajectories of |dp1| per period) = ERROR_CONSTANT r^2.
``tolerance`` is that target error of p1 per period. `step_guard` checks it at run time: a subset of the
final states is rerun for one period with h and h/2, the difference times 4/3 estimates the error
(Richardson); more than GUARD_FACTOR x tolerance raises `NumericalError` (strict) -- an under-resolved run says
so. A fixed ``steps_per_kick > 0`` keeps the old behaviour (h = 1 / steps_per_kick for every trajectory).

Example
-------
>>> model = KickedParticles(K1=1.8, eps=0.0)
>>> state = initial_ensemble(model, 100, seed=1)
>>> history, final = evolve_ensemble(model, state, kicks=3)
>>> history.shape
(4, 100)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from noneq.core.errors import NumericalError, bad_value
from noneq.kicked import classical_kernels as kernels
from noneq.kicked.model import KickedParticles


ERROR_CONSTANT = 5e-3  # measured 90%-quantile |dp1| per period / r^2 at m = 0.001, eps = 2 (r = 0.05 ... 0.4);
# with the sweep factor the error at tolerance 1e-3 is 0.4-0.9 x tolerance for eps = 2, 4, m = 0.001, 0.01,
# |p1| = 1 ... 10 (0.2-0.35 x at eps = 0.1: over-resolved there)
ORDER = 2  # Verlet, walls included (tested)
MAX_RESOLUTION = 0.5  # beyond r ~ 0.5 rare trajectories (barrier top, squeezed at a wall) go wrong by O(1)
DEFAULT_TOLERANCE = 1e-3  # |dp1| per period: after 500 kicks <p1^2> ~ 40 moves by ~500 x (1e-3)^2, negligible
INTERACTION_CUTOFF = 1e-10  # G below this counts as 0: impulse lost per period < 2 a |eps| d_c 1e-10 ~ 1e-8
EXCHANGE_FACTOR = 2.0  # a particle may pick up twice the barrier height |eps| within a period (step rate)
GUARD_TRAJECTORIES = 200  # final states rerun by the step guard (cheap next to 10^4 x 500 periods)
GUARD_QUANTILE = 0.9  # the guard compares the same quantile as the error model
GUARD_FACTOR = 3.0  # scatter of the 90% quantile over 200 trajectories and across parameters (measured < 2)


@dataclass(frozen=True)
class Ensemble:
    """Phase-space points of T trajectories: arrays x1, p1, x2, p2 of shape (T,)."""

    x1: np.ndarray
    p1: np.ndarray
    x2: np.ndarray
    p2: np.ndarray


@dataclass(frozen=True)
class ClassicalRun:
    """Result of `integrate`: p1 history (kicks + 1, T), final state, and the integration report.

    steps_per_period: mean base steps per period and trajectory (free-flight jumps not counted);
    guard_error: estimated 90%-quantile error of p1 per period (`step_guard`; 0 for eps = 0);
    folds: wall sequences too degenerate to locate (finished by folding; 0 in every run measured)."""

    history: np.ndarray
    final: Ensemble
    steps_per_period: float
    guard_error: float
    folds: int


def initial_ensemble(model: KickedParticles, trajectories: int, *, seed: int) -> Ensemble:
    """NOTES.md ensemble: p1 = p2 = 0, x1 and x2 independent and uniform in [0, L] (numpy PCG64, ``seed``)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, model.L, size=(2, trajectories))
    zero = np.zeros(trajectories)
    return Ensemble(x[0].copy(), zero.copy(), x[1].copy(), zero.copy())


def energy(model: KickedParticles, state: Ensemble) -> np.ndarray:
    """Energy between kicks, p1^2/2 + p2^2/(2m) + eps G(x1 - x2), per trajectory."""
    return 0.5 * state.p1 ** 2 + 0.5 * state.p2 ** 2 / model.m + model.eps * model.G(state.x1 - state.x2)


def resolution(tolerance: float) -> float:
    """r = rate x h for a target 90%-quantile error ``tolerance`` of p1 per period: sqrt(tolerance / C)."""
    _check_tolerance(tolerance)
    return min(MAX_RESOLUTION, (tolerance / ERROR_CONSTANT) ** (1.0 / ORDER))


def rate(model: KickedParticles, p1: float, p2: float) -> float:
    """The step-control rate (module docstring) at momenta p1, p2; 0 when eps = 0."""
    return kernels.rate(float(p1), float(p2), model.m, model.eps, model.width_coefficient, EXCHANGE_FACTOR)


AUTOMATIC = 0  # steps_per_kick value selecting step control from the tolerance


def auto_steps(model: KickedParticles, kicks: int) -> int:
    """The ``steps_per_kick`` to pass for automatic steps: AUTOMATIC (0), step control per trajectory and period.

    Kept for the callers of the former rule (a fixed count, ~4000 at m = 0.001); a fixed count meeting the
    tolerance for every trajectory is `fixed_steps` and costs far more."""
    del model, kicks  # the step now adapts to each trajectory's state
    return AUTOMATIC


def fixed_steps(model: KickedParticles, kicks: int, *, tolerance: float = DEFAULT_TOLERANCE) -> int:
    """A fixed step count per period meeting ``tolerance`` up to the a priori momentum bounds after ``kicks``
    (`KickedParticles.momentum_bounds`: a deliberate over-estimate, so this is expensive); 1 for eps = 0."""
    if model.eps == 0.0:
        return 1  # free flight with reflections is exact
    p1, p2 = model.momentum_bounds(kicks)
    return int(math.ceil(rate(model, p1, p2) / resolution(tolerance)))


def integrate(model: KickedParticles, state: Ensemble, kicks: int, steps_per_kick: int = 0, *,
              noise: np.ndarray | None = None, tolerance: float = DEFAULT_TOLERANCE, jumps: bool = True,
              guard: bool = True, strict: bool = True) -> ClassicalRun:
    """Evolve ``kicks`` periods; see the module docstring. Row 0 of the history is the initial p1.

    ``steps_per_kick``: 0 for step control from ``tolerance``, else a fixed count. ``noise``: dK_n per
    trajectory and kick, shape (T, kicks), added to K1 (random-kick model). ``jumps``: exact free-flight jumps
    (off: every step is a Verlet step). ``guard``/``strict``: run `step_guard`, raise `NumericalError` when it
    fails (else report it in ``guard_error``)."""
    x1, p1, x2, p2 = _checked_state(model, state)
    kicks = _count("kicks", kicks, 0)
    steps = _count("steps_per_kick", steps_per_kick, 0)
    r = resolution(tolerance)
    count = x1.shape[0]
    has_noise = noise is not None
    if has_noise:
        noise = np.ascontiguousarray(noise, dtype=np.float64)
        if noise.shape != (count, kicks):
            raise bad_value("noise", f"array of shape {noise.shape}", f"an array of shape {(count, kicks)}")
    else:
        noise = np.zeros((1, 1))
    history = np.empty((kicks + 1, count))
    work = np.zeros((count, 2), dtype=np.int64)
    cutoff_sq = math.log(1.0 / INTERACTION_CUTOFF)
    kernels.evolve(x1, p1, x2, p2, kicks, steps, r, EXCHANGE_FACTOR, model.K1, model.K2, model.m, model.eps,
                   model.width_coefficient, cutoff_sq, model.L, noise, has_noise, bool(jumps),
                   history, work)
    if not (np.isfinite(history).all() and np.isfinite(x2).all() and np.isfinite(p2).all()):
        raise NumericalError("classical ensemble produced non-finite values (step far too large?)")
    final = Ensemble(x1, p1, x2, p2)
    error = 0.0
    if guard and model.eps != 0.0 and count > 0:
        error = step_guard(model, final, steps_per_kick=steps, tolerance=tolerance, jumps=jumps)
        if strict and error > GUARD_FACTOR * tolerance:
            raise NumericalError(
                f"classical step guard: estimated error {error:.2e} of p1 per period (90% of trajectories) "
                f"exceeds {GUARD_FACTOR:g} x tolerance {tolerance:g}: lower the tolerance or use more "
                f"steps_per_kick (was {steps or 'automatic'})")
    mean_steps = float(work[:, 0].sum()) / max(1, count * kicks)
    return ClassicalRun(history, final, mean_steps, float(error), int(work[:, 1].sum()))


def evolve_ensemble(model: KickedParticles, state: Ensemble, kicks: int, steps_per_kick: int = 0, *,
                    noise: np.ndarray | None = None, tolerance: float = DEFAULT_TOLERANCE,
                    strict: bool | None = None) -> tuple[np.ndarray, Ensemble]:
    """`integrate` returning (p1 after each period, shape (kicks + 1, T), final state).

    ``strict=None``: the step guard raises under automatic step control (``steps_per_kick=0``); a fixed step
    count is the caller's choice and is not guarded (use `integrate` to see the estimate)."""
    if strict is None:
        strict = steps_per_kick == 0
    run = integrate(model, state, kicks, steps_per_kick, noise=noise, tolerance=tolerance, guard=bool(strict),
                    strict=bool(strict))
    return run.history, run.final


def step_guard(model: KickedParticles, state: Ensemble, *, steps_per_kick: int = 0,
               tolerance: float = DEFAULT_TOLERANCE, jumps: bool = True,
               trajectories: int = GUARD_TRAJECTORIES) -> float:
    """Estimated error of p1 per period (GUARD_QUANTILE over trajectories) at these step settings.

    The first ``trajectories`` states get one more kick and period with h and h/2 (Richardson:
    error(h) ~ |p1(h) - p1(h/2)| 2^k / (2^k - 1), k = ORDER)."""
    count = min(int(trajectories), state.x1.shape[0])
    subset = Ensemble(*(np.array(v[:count], dtype=np.float64) for v in (state.x1, state.p1, state.x2, state.p2)))
    r = resolution(tolerance)
    finals = []
    for factor in (1, 2):
        steps = 0 if steps_per_kick == 0 else factor * steps_per_kick
        run = integrate(model, subset, 1, steps, tolerance=_tolerance_for(r / factor), jumps=jumps, guard=False)
        finals.append(run.history[-1])
    difference = np.abs(finals[0] - finals[1]) * 2 ** ORDER / (2 ** ORDER - 1)
    return float(np.quantile(difference, GUARD_QUANTILE))


def _tolerance_for(r: float) -> float:
    """Inverse of `resolution` below the cap: the tolerance whose resolution is r."""
    return ERROR_CONSTANT * r ** ORDER


def _check_tolerance(tolerance) -> None:
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, np.floating)) \
            or not 0.0 < float(tolerance) < 1.0:
        raise bad_value("tolerance", tolerance, "a real number in (0, 1) (error of p1 per period)")


def _count(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise bad_value(name, value, f"an integer >= {minimum}")
    return int(value)


def _checked_state(model: KickedParticles, state: Ensemble):
    arrays = [np.array(v, dtype=np.float64, copy=True).reshape(-1) for v in (state.x1, state.p1, state.x2,
                                                                              state.p2)]
    if len({a.shape for a in arrays}) != 1:
        raise bad_value("state", "arrays of shapes " + ", ".join(str(np.shape(v)) for v in
                                                                   (state.x1, state.p1, state.x2, state.p2)),
                        "x1, p1, x2, p2 of one common shape (T,)")
    if not all(np.isfinite(a).all() for a in arrays):
        raise bad_value("state", "non-finite values", "finite positions and momenta")
    for name, x in (("state.x1", arrays[0]), ("state.x2", arrays[2])):
        if x.size and (x.min() < 0.0 or x.max() > model.L):
            raise bad_value(name, f"values in [{x.min():g}, {x.max():g}]",
                            f"positions inside the well [0, {model.L:g}]")
    return arrays
