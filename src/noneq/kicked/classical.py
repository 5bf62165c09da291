"""Classical dynamics of the two kicked particles: an ensemble of trajectories, compiled with numba.

Each period n = 1..kicks: the kick p_i -> p_i + K_i sin x_i (K_1 -> K_1 + dK_n in the random-kick model), then
one period of the continuous Hamiltonian H = p1^2/2 + p2^2/(2m) + coupling G(x1 - x2), G(d) = exp(-a d^2), in
the well [0, L] with hard walls. H is conserved between kicks (with coupling 0 each particle's energy is).

Integrator (`noneq.kicked.classical_kernels`, parallel over trajectories): velocity Verlet with event-located
walls (a step that meets a wall is cut there, the momentum reflected, the step continued: second order and time
reversible also at walls), exact free-flight jumps while the pair is out of interaction range
(G < INTERACTION_CUTOFF), and per-trajectory step control: h = r / rate with

    rate = [sqrt(a) (v1 + v2) + sqrt(2 a |coupling| / mu)] sqrt(1 + |coupling| p1^2 / SWEEP_SCALE)

(relative speed over the interaction range plus the barrier's curvature frequency; mu = m / (1 + m); v_i the
speed particle i would have after also receiving EXCHANGE_FACTOR |coupling| of interaction energy; x
ATTRACTIVE_FACTOR for coupling < 0; evaluated after each kick) and r = `resolution` (tolerance), from the error
model "90th percentile over trajectories of |dp1| per period = ERROR_CONSTANT r^2". `step_guard` checks the
tolerance at run time (Richardson, h against h/2, on a subset of the final states). ``substeps > 0`` fixes
h = 1 / substeps instead. The constants are measured (docs/notes/kicked.md).

Result type: `ClassicalRun` (a frozen dataclass with `ClassicalRun.to_xarray`).

Examples
--------
>>> model = KickedParticles(K1=1.8, coupling=0.0)
>>> run = integrate(model, initial_ensemble(model, 100, seed=1), kicks=3)
>>> run.history.shape
(4, 100)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import xarray as xr

from noneq.core.errors import NoneqInputError, NumericalError, bad_value
from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.core.validation import boolean, integer, real, real_array
from noneq.kicked import classical_kernels as kernels
from noneq.kicked import costs
from noneq.kicked.model import KickedParticles


ERROR_CONSTANT = 5e-3  # 90%-quantile |dp1| per period / r^2, measured at m = 0.001, coupling 2 (docs/notes)
ORDER = 2  # Verlet, walls included (tested)
MAX_RESOLUTION = 0.5  # beyond r ~ 0.5 rare trajectories (barrier top, squeezed at a wall) go wrong by O(1)
DEFAULT_TOLERANCE = 1e-3  # |dp1| per period: after 500 kicks <p1^2> ~ 40 moves by ~500 x (1e-3)^2, negligible
INTERACTION_CUTOFF = 1e-10  # G below this counts as 0: impulse lost per period < 2 a |coupling| d_c 1e-10 ~ 1e-8
EXCHANGE_FACTOR = 2.0  # a particle may pick up twice the barrier height |coupling| within a period (step rate)
GUARD_SAMPLES = 200  # final states rerun by the step guard (cheap next to 10^4 x 500 periods)
GUARD_QUANTILE = 0.9  # the guard compares the same quantile as the error model
GUARD_FACTOR = 3.0  # scatter of the 90% quantile over 200 trajectories and across parameters (measured < 2)
MARGIN_ENSEMBLE_ARRAYS = 8  # T-sized float arrays alive while an ensemble is drawn (x pair, copies, zeros)
MAX_STEPS_PER_PERIOD = 1e9  # beyond, h = 1 / steps is lost in the rounding of t + h: a period would never end
EXPECTED_MOMENTUM = 0.1  # time estimate: the step rule at this fraction of the a priori momenta, times ...
EXPECTED_STEP_FRACTION = 0.65  # ... the share of steps not skipped by free-flight jumps: 760 and 1200 steps per
#                                period measured over 20 and 500 kicks at m = 0.001, coupling 2 (docs/notes/kicked.md)


@dataclass(frozen=True)
class Ensemble:
    """Phase-space points of T trajectories: arrays x1, p1, x2, p2 of shape (T,)."""

    x1: np.ndarray
    p1: np.ndarray
    x2: np.ndarray
    p2: np.ndarray


@dataclass(frozen=True)
class ClassicalRun:
    """Result of `integrate`.

    Attributes
    ----------
    history : array (kicks + 1, T)
        p1 of every trajectory after each period (row 0: the initial p1).
    final : Ensemble
        The final phase-space points.
    substeps : float
        Mean velocity-Verlet steps per period and trajectory (free-flight jumps not counted).
    guard_error : float
        Estimated 90%-quantile error of p1 per period (`step_guard`; 0 when not run or without interaction).
    folds : int
        Wall sequences too degenerate to locate, finished by folding (0 in every run measured).
    """

    history: np.ndarray
    final: Ensemble
    substeps: float
    guard_error: float
    folds: int

    def to_xarray(self) -> xr.Dataset:
        """The run as a labelled dataset: ``p1_history`` (kick, sample), the final ``x1``, ``p1``, ``x2``, ``p2``
        (sample) and the integration report.

        >>> model = KickedParticles(coupling=0.0)
        >>> ds = integrate(model, initial_ensemble(model, 5, seed=0), 2).to_xarray()
        >>> dict(ds.sizes)
        {'kick': 3, 'sample': 5}
        """
        final = {name: labelled(getattr(self.final, name), "sample", "1", f"final {name} per trajectory")
                 for name in ("x1", "p1", "x2", "p2")}
        return xr.Dataset({
            "p1_history": labelled(self.history, ("kick", "sample"), "1", "p1 after each period"),
            **final,
            "substeps": labelled(self.substeps, (), "1", "mean velocity-Verlet steps per period and trajectory"),
            "step_error": labelled(self.guard_error, (), "1", "estimated 90%-quantile error of p1 per period"),
            "folds": labelled(self.folds, (), "1", "wall sequences finished by folding"),
        }, coords={"kick": np.arange(self.history.shape[0])})


def initial_ensemble(model: KickedParticles, samples: int, *, seed: int) -> Ensemble:
    """The paper's ensemble: p1 = p2 = 0, x1 and x2 independent and uniform in [0, L] (numpy PCG64, ``seed``).

    >>> state = initial_ensemble(KickedParticles(), 3, seed=0)
    >>> state.x1.shape, float(state.p1.max())
    ((3,), 0.0)
    """
    if not isinstance(model, KickedParticles):
        raise bad_value("model", model, "a noneq.kicked.KickedParticles")
    samples = integer("samples", samples, minimum=0)
    seed = integer("seed", seed, minimum=0)
    check_memory(MARGIN_ENSEMBLE_ARRAYS * costs.REAL * samples, "a kicked classical ensemble", "lower samples")
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, model.L, size=(2, samples))
    zero = np.zeros(samples)
    return Ensemble(x[0].copy(), zero.copy(), x[1].copy(), zero.copy())


def energy(model: KickedParticles, state: Ensemble) -> np.ndarray:
    """Energy between kicks, p1^2/2 + p2^2/(2m) + coupling G(x1 - x2), per trajectory.

    >>> model = KickedParticles(m=0.5, coupling=0.0)
    >>> energy(model, Ensemble(np.array([1.0]), np.array([2.0]), np.array([2.0]), np.array([1.0])))
    array([3.])
    """
    return 0.5 * state.p1 ** 2 + 0.5 * state.p2 ** 2 / model.m + model.coupling * model.G(state.x1 - state.x2)


def resolution(tolerance: float) -> float:
    """r = rate x h for a target 90%-quantile error ``tolerance`` of p1 per period: sqrt(tolerance / C), at most
    MAX_RESOLUTION.

    >>> round(resolution(1e-3), 6)
    0.447214
    """
    tolerance = real("tolerance", tolerance, minimum=0.0, maximum=1.0, exclusive_minimum=True,
                     exclusive_maximum=True)
    return min(MAX_RESOLUTION, (tolerance / ERROR_CONSTANT) ** (1.0 / ORDER))


def rate(model: KickedParticles, p1: float, p2: float) -> float:
    """The step-control rate (module docstring) at momenta p1, p2; 0 when the coupling is 0.

    >>> rate(KickedParticles(coupling=0.0), 1.0, 0.0)
    0.0
    """
    return kernels.rate(float(p1), float(p2), model.m, model.coupling, model.width_coefficient, EXCHANGE_FACTOR)


def fixed_steps(model: KickedParticles, kicks: int, *, tolerance: float = DEFAULT_TOLERANCE) -> int:
    """A fixed step count per period meeting ``tolerance`` up to the a priori momentum bounds after ``kicks``
    (`KickedParticles.momentum_bounds`: a deliberate over-estimate, so this is expensive); 1 without coupling.

    >>> fixed_steps(KickedParticles(coupling=0.0), 500)
    1
    """
    if model.coupling == 0.0:
        return 1  # free flight with reflections is exact
    p1, p2 = model.momentum_bounds(kicks)
    return int(math.ceil(rate(model, p1, p2) / resolution(tolerance)))


def bound_steps(model: KickedParticles, kicks: int, substeps: int = 0, *,
                tolerance: float = DEFAULT_TOLERANCE) -> float:
    """Steps per period at the end of a run by the step control's rule at the a priori momentum bounds
    (`KickedParticles.momentum_bounds`: an over-estimate), or ``substeps`` when fixed; 1 without coupling.

    >>> bound_steps(KickedParticles(coupling=0.0), 500)
    1.0
    """
    if substeps:
        return float(substeps)
    if model.coupling == 0.0:
        return 1.0
    return rate(model, *model.momentum_bounds(kicks)) / resolution(tolerance)


def check_steps(model: KickedParticles, kicks: int, substeps: int = 0, *,
                tolerance: float = DEFAULT_TOLERANCE) -> None:
    """Refuse (`NoneqInputError`) a run whose step control would need more than MAX_STEPS_PER_PERIOD steps per
    period by `bound_steps` (a period that could never end).

    >>> check_steps(KickedParticles(coupling=1e300), 10)
    Traceback (most recent call last):
    ...
    noneq.core.errors.NoneqInputError: a kicked classical run would need ~inf steps per period by its step ...
    """
    steps = bound_steps(model, kicks, substeps, tolerance=tolerance)
    if not steps <= MAX_STEPS_PER_PERIOD:
        raise NoneqInputError(f"a kicked classical run would need ~{steps:.3g} steps per period by its step control "
                              f"(at most {MAX_STEPS_PER_PERIOD:g}: beyond, a period never ends); lower K1, K2, "
                              f"noise_W, kicks or |coupling|, or raise m or tolerance")


def expected_steps(model: KickedParticles, kicks: int, substeps: int = 0, *,
                   tolerance: float = DEFAULT_TOLERANCE) -> float:
    """Rough mean steps per period and trajectory of a run (time estimates): EXPECTED_STEP_FRACTION x the step
    control's rule at EXPECTED_MOMENTUM x the a priori momentum bounds, or ``substeps`` when fixed; 1 without
    coupling.

    >>> round(expected_steps(KickedParticles(m=0.001, coupling=2.0), 500))
    1182
    """
    if substeps:
        return float(substeps)
    if model.coupling == 0.0:
        return 1.0
    p1, p2 = model.momentum_bounds(kicks)
    return EXPECTED_STEP_FRACTION * rate(model, EXPECTED_MOMENTUM * p1, EXPECTED_MOMENTUM * p2) / resolution(tolerance)


def integrate(model: KickedParticles, state: Ensemble, kicks: int, substeps: int = 0, *,
              noise: np.ndarray | None = None, tolerance: float = DEFAULT_TOLERANCE, jumps: bool = True,
              guard: bool = True, strict: bool = True) -> ClassicalRun:
    """Evolve an ensemble for ``kicks`` periods (module docstring).

    Parameters
    ----------
    model : KickedParticles
        K1, K2, m, coupling, interaction and L are used.
    state : Ensemble
        Initial phase-space points (positions inside the well).
    kicks : int
        Number of periods (>= 0).
    substeps : int
        0: step control from ``tolerance``; else a fixed count of velocity-Verlet steps per period.
    noise : array (T, kicks), optional
        dK_n per trajectory and kick, added to K1 (random-kick model).
    tolerance : float
        Target 90%-quantile error of p1 per period, in (0, 1).
    jumps : bool
        Exact free-flight jumps (off: every step is a Verlet step).
    guard, strict : bool
        Run `step_guard`; raise `NumericalError` when it exceeds GUARD_FACTOR x tolerance (else report it).

    Returns
    -------
    ClassicalRun

    Examples
    --------
    >>> model = KickedParticles(m=0.1, coupling=2.0)
    >>> run = integrate(model, initial_ensemble(model, 50, seed=0), 2)
    >>> run.history.shape, bool(run.guard_error < GUARD_FACTOR * DEFAULT_TOLERANCE)
    ((3, 50), True)
    """
    if not isinstance(model, KickedParticles):
        raise bad_value("model", model, "a noneq.kicked.KickedParticles")
    x1, p1, x2, p2 = _checked_state(model, state)
    kicks = integer("kicks", kicks, minimum=0)
    steps = integer("substeps", substeps, minimum=0)
    jumps, guard, strict = boolean("jumps", jumps), boolean("guard", guard), boolean("strict", strict)
    r = resolution(tolerance)
    count = x1.shape[0]
    check_memory(costs.classical_memory(count, kicks, noise is not None), "a kicked classical run",
                 costs.CLASSICAL_REDUCE)
    if steps == 0 and model.coupling != 0.0 and count:  # the first period's steps, from the fastest trajectory
        first = rate(model, float(np.abs(p1).max()) + abs(model.K1), float(np.abs(p2).max()) + abs(model.K2)) / r
        if not first <= MAX_STEPS_PER_PERIOD:
            raise NoneqInputError(f"a kicked classical run would need ~{first:.3g} steps in its first period (at "
                                  f"most {MAX_STEPS_PER_PERIOD:g}); lower K1, K2 or |coupling|, or raise m or "
                                  f"tolerance")
    has_noise = noise is not None
    if has_noise:
        noise = real_array("noise", noise, ndim=2, nonempty=False)
        if noise.shape != (count, kicks):
            raise bad_value("noise", f"array of shape {noise.shape}", f"an array of shape {(count, kicks)}")
    else:
        noise = np.zeros((1, 1))
    history = np.empty((kicks + 1, count))
    work = np.zeros((count, 2), dtype=np.int64)
    cutoff_sq = math.log(1.0 / INTERACTION_CUTOFF)
    kernels.evolve(x1, p1, x2, p2, kicks, steps, r, EXCHANGE_FACTOR, model.K1, model.K2, model.m, model.coupling,
                   model.width_coefficient, cutoff_sq, model.L, noise, has_noise, bool(jumps),
                   history, work)
    if not (np.isfinite(history).all() and np.isfinite(x2).all() and np.isfinite(p2).all()):
        raise NumericalError("classical ensemble produced non-finite values (step far too large?)")
    final = Ensemble(x1, p1, x2, p2)
    error = 0.0
    if guard and model.coupling != 0.0 and count > 0:
        error = step_guard(model, final, substeps=steps, tolerance=tolerance, jumps=jumps)
        if strict and error > GUARD_FACTOR * tolerance:
            raise NumericalError(
                f"classical step guard: estimated error {error:.2e} of p1 per period (90% of trajectories) "
                f"exceeds {GUARD_FACTOR:g} x tolerance {tolerance:g}: lower the tolerance or use more "
                f"substeps (was {steps or 'automatic'})")
    mean_steps = float(work[:, 0].sum()) / max(1, count * kicks)
    return ClassicalRun(history, final, mean_steps, float(error), int(work[:, 1].sum()))


def step_guard(model: KickedParticles, state: Ensemble, *, substeps: int = 0,
               tolerance: float = DEFAULT_TOLERANCE, jumps: bool = True, samples: int = GUARD_SAMPLES) -> float:
    """Estimated error of p1 per period (GUARD_QUANTILE over trajectories) at these step settings.

    The first ``samples`` states get one more kick and period with h and h/2 (Richardson:
    error(h) ~ |p1(h) - p1(h/2)| 2^k / (2^k - 1), k = ORDER).

    >>> model = KickedParticles(m=0.1, coupling=2.0)
    >>> bool(step_guard(model, initial_ensemble(model, 20, seed=0)) < GUARD_FACTOR * DEFAULT_TOLERANCE)
    True
    """
    count = min(int(samples), state.x1.shape[0])
    subset = Ensemble(*(np.array(v[:count], dtype=np.float64) for v in (state.x1, state.p1, state.x2, state.p2)))
    r = resolution(tolerance)
    finals = []
    for factor in (1, 2):
        steps = 0 if substeps == 0 else factor * substeps
        run = integrate(model, subset, 1, steps, tolerance=_tolerance_for(r / factor), jumps=jumps, guard=False)
        finals.append(run.history[-1])
    difference = np.abs(finals[0] - finals[1]) * 2 ** ORDER / (2 ** ORDER - 1)
    return float(np.quantile(difference, GUARD_QUANTILE))


def _tolerance_for(r: float) -> float:
    """Inverse of `resolution` below the cap: the tolerance whose resolution is r."""
    return ERROR_CONSTANT * r ** ORDER


def _checked_state(model: KickedParticles, state: Ensemble):
    names = ("x1", "p1", "x2", "p2")
    if not isinstance(state, Ensemble):
        raise bad_value("state", state, "a noneq.kicked.Ensemble")
    arrays = [real_array(f"state.{name}", getattr(state, name), ndim=1, nonempty=False,
                         allowed="a 1-D array of finite real numbers (one per trajectory)") for name in names]
    if len({a.shape for a in arrays}) != 1:
        raise bad_value("state", "arrays of shapes " + ", ".join(str(np.shape(getattr(state, name)))
                                                                 for name in names),
                        "x1, p1, x2, p2 of one common shape (T,)")
    for name in ("x1", "x2"):
        real_array(f"state.{name}", getattr(state, name), nonempty=False, minimum=0.0, maximum=model.L,
                   allowed=f"positions inside the well [0, {model.L:g}]")
    return arrays
