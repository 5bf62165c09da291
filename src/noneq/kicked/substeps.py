"""Sub-step control of the pair's Strang splitting: the automatic choice (`choose_substeps`) and its re-planning.

`choose_substeps` climbs a ladder of S on a short pilot run until the estimated final-state error (per-period
splitting error x kicks, `noneq.kicked.propagator.Propagator.splitting_error`) is below SUBSTEP_TOLERANCE /
AUTO_SAFETY. A long automatic run then re-measures the error at `check_kicks` (about AUTO_CHECKS times): each
segment between checks is charged with the per-period error measured on its last period times its length, and S
for the rest of the run is sized from the budget left (`planned_substeps`). An automatic run whose charged error
exceeds the guard, or that fails its end-of-run guard, is rerun once with S scaled by the error (`retry_substeps`).
Used by `noneq.kicked.two_particle.evolve_two`; measured sub-step counts: docs/notes/kicked.md.

Examples
--------
>>> retry_substeps(100, 0.08)
312
"""

from __future__ import annotations

import numpy as np

from noneq.core.errors import NumericalError
from noneq.kicked import guards
from noneq.kicked.propagator import Propagator, initial_state
from noneq.kicked.sectors import odd_fast_modes

CHECK_KICKS = 2  # periods rerun with S' = 2S + 1 at the end of a run (cost: ~3 * CHECK_KICKS periods)
AUTO_START = 16  # first rung of the automatic ladder (cheap; rungs grow by up to LADDER_GROWTH[1])
AUTO_SAFETY = 2.0  # the pilot sees the first periods only; later, faster particle-1 states split worse
AUTO_MAX = 1 << 14  # give up (NumericalError) beyond ~4x the largest S the paper's runs need
AUTO_MONITOR_KICKS = 20  # automatic runs at least this long re-measure their error during the run
AUTO_CHECKS = 10  # ... about this many times (each check costs one period at S' = 2S + 1, ~2 periods)
PLAN_BOUNDS = (1.0, 4.0)  # a check never lowers S (a single low estimate can be a resonance) and at most x4 it
RETRY_MARGIN = 1.1  # automatic run that fails its end-of-run guard: rerun once with S x 1.1 sqrt(error / target)
PILOT_MODE_MARGIN = 2.0  # pilot basis: twice the a priori requirement of its few periods
LADDER_GROWTH = (1.25, 2.0)  # bounds of the factor between rungs (from the second-order extrapolation)


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

    >>> from noneq.kicked.model import KickedParticles
    >>> propagator = Propagator(KickedParticles(m=0.1, hbar_eff=0.3), 31, 7, AUTO_START)
    >>> choose_substeps(propagator, 4) >= AUTO_START
    True
    """
    target = tolerance / AUTO_SAFETY
    periods = min(kicks, CHECK_KICKS)
    pilot = pilot_propagator(propagator, periods) if reduce else propagator
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


def pilot_propagator(propagator: Propagator, periods: int) -> Propagator:
    """The propagator on particle 1's basis for ``periods`` kicks (or ``propagator`` if that is not smaller)."""
    model = propagator.model
    modes1 = odd_fast_modes(int(PILOT_MODE_MARGIN * model.required_modes(periods)[0]))
    if modes1 >= propagator.modes1:
        return propagator
    return Propagator(model, modes1, propagator.modes2, AUTO_START)


def retry_substeps(substeps: int, error: float) -> int:
    """S for the one rerun of an automatic run whose end-of-run error estimate ``error`` exceeds the guard:
    S x RETRY_MARGIN sqrt(error AUTO_SAFETY / SUBSTEP_TOLERANCE) (second order: error ~ S^-2, aiming at the
    automatic target), at most AUTO_MAX.

    >>> retry_substeps(1000, 0.01)
    1100
    """
    retry = int(np.ceil(substeps * RETRY_MARGIN * np.sqrt(error * AUTO_SAFETY / guards.SUBSTEP_TOLERANCE)))
    return min(retry, AUTO_MAX)


def check_kicks(kicks: int) -> tuple[int, ...]:
    """Kicks after which an automatic run of ``kicks`` kicks re-measures its splitting error: every
    max(AUTO_MONITOR_KICKS // 2, round(kicks / AUTO_CHECKS)) kicks, before the last CHECK_KICKS (the end-of-run
    check covers those); none for runs shorter than AUTO_MONITOR_KICKS.

    >>> check_kicks(500)[:3], len(check_kicks(500)), check_kicks(24), check_kicks(10)
    ((50, 100, 150), 9, (10, 20), ())
    """
    if kicks < AUTO_MONITOR_KICKS:
        return ()
    interval = max(AUTO_MONITOR_KICKS // 2, int(round(kicks / AUTO_CHECKS)))
    return tuple(range(interval, kicks - CHECK_KICKS, interval))


def remaining_budget(charged: float) -> float:
    """Error budget for the rest of an automatic run that has been charged ``charged`` so far: what is left of
    the automatic target SUBSTEP_TOLERANCE / AUTO_SAFETY, but at least a quarter of what is left of the guard
    (so that a run near or past its target still plans to end within the guard).

    >>> remaining_budget(0.004), remaining_budget(0.012)
    (0.006, 0.002)
    """
    target = guards.SUBSTEP_TOLERANCE / AUTO_SAFETY
    return max(target - charged, 0.25 * (guards.SUBSTEP_TOLERANCE - charged))


def planned_substeps(substeps: int, per_period: float, done: int, boundaries, budget: float) -> int:
    """S for the next segment of an automatic run, after a check at kick ``done``.

    The check measured the per-period error ``per_period`` at S = ``substeps``; second order gives the error
    constant c = per_period S^2. The rest of the run is planned as the segments ending at ``boundaries`` (the
    next checks and the last kick), segment j of length L_j with the constant c_j = c max(1, k_j / done) at its
    end k_j (c grows with particle 1's diffusion, <p1^2> ~ t; a localized run is re-planned at the next check).
    The sub-steps sum_j L_j S_j are smallest for the total error sum_j L_j c_j / S_j^2 = ``budget`` when
    S_j = lambda c_j^(1/3), lambda = sqrt(sum_j L_j c_j^(1/3) / budget); the first segment's S_1 is returned,
    within PLAN_BOUNDS x S and [AUTO_START, AUTO_MAX].

    >>> planned_substeps(100, 1e-4, 50, [100], 0.005)  # c = 1 at kick 50, 2 at 100: S = sqrt(50 x 2 / 0.005)
    142
    """
    ends = np.asarray(boundaries, dtype=float)
    lengths = np.diff(np.concatenate(([float(done)], ends)))
    constants = per_period * float(substeps) ** 2 * np.maximum(1.0, ends / done)
    scale = np.sqrt(np.sum(lengths * np.cbrt(constants)) / budget)
    low, high = PLAN_BOUNDS
    planned = np.clip(scale * np.cbrt(constants[0]), low * substeps, high * substeps)
    return int(min(AUTO_MAX, max(AUTO_START, np.ceil(planned))))
