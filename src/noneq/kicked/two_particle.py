"""Two interacting kicked particles from the product of ground states: `evolve_two`, with its step control.

`evolve_two` runs `noneq.kicked.propagator.Propagator` period by period and records <p1^2>, <p2^2> and the purity
Tr rho_1^2 after each period, with three controls:

- Sub-steps (``substeps=0``, automatic): `choose_substeps` climbs a ladder of S on a short pilot run until the
  estimated final-state error (per-period splitting error x kicks) is below SUBSTEP_TOLERANCE / AUTO_SAFETY; runs
  of AUTO_MONITOR_KICKS or more are re-checked at mid-run (S raised for the second half if needed), and a run
  that still fails its end-of-run guard is rerun once with S scaled by the measured error.
- Basis (``modes1 = modes2 = 0``): it starts from the a priori need of the first period (`initial_modes`) and a
  particle's basis grows by GROWTH_FACTOR (zero padding: exact) whenever a period ends with more than
  GROWTH_THRESHOLD in its top modes; that period is rerun on the larger basis, up to `growth_limits`.
- Guards (`noneq.kicked.guards`): top-mode probability, norm, and the splitting error of the last periods rerun at
  S' = 2S + 1; ``strict`` turns a failed guard into `NumericalError`.

Result type: `TwoResult` (a frozen dataclass with `TwoResult.to_xarray`). Measured sub-step counts, basis sizes
and timings for the paper's parameters: docs/notes/kicked.md.

Examples
--------
>>> from noneq.kicked.model import KickedParticles
>>> model = KickedParticles(K1=1.8, m=0.01, coupling=2.0, hbar_eff=0.2)
>>> result = evolve_two(model, modes1=127, modes2=15, substeps=0, kicks=3)  # 0: automatic sub-steps
>>> result.purity.shape, result.resolved
((4,), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import threadpoolctl
import xarray as xr

from noneq.core.errors import NumericalError
from noneq.core.results import labelled
from noneq.core.validation import integer
from noneq.kicked import basis, guards
from noneq.kicked.model import KickedParticles, fast_modes
from noneq.kicked.observables import reduced_purity
from noneq.kicked.propagator import Propagator, initial_state
from noneq.kicked.sectors import odd_fast_modes

CHECK_KICKS = 2  # periods rerun with S' = 2S + 1 at the end of a run (cost: ~3 * CHECK_KICKS periods)
AUTO_START = 16  # first rung of the automatic ladder (cheap; rungs grow by up to LADDER_GROWTH[1])
AUTO_SAFETY = 2.0  # the pilot sees the first periods only; later, faster particle-1 states split worse
AUTO_MAX = 1 << 14  # give up (NumericalError) beyond ~4x the largest S the paper's runs need
AUTO_MONITOR_KICKS = 20  # runs at least this long are re-checked at mid-run in automatic mode
RETRY_MARGIN = 1.1  # automatic run that fails its end-of-run guard: rerun once with S x 1.1 sqrt(error / target)
PILOT_MODE_MARGIN = 2.0  # pilot basis: twice the a priori requirement of its few periods
LADDER_GROWTH = (1.25, 2.0)  # bounds of the factor between rungs (from the second-order extrapolation)
FIXED_MODE_MARGIN = 2.0  # fixed basis: twice the a priori momentum bound (tails reach beyond it, see tests)
MIN_MODES2 = 15  # particle 2 keeps at least this many modes (its eigenstates' sine tails at coupling 2, lambda 10)
GROWTH_THRESHOLD = 0.1 * guards.TOP_MODE_TOLERANCE  # growing basis: grow well before the guard would object
GROWTH_FACTOR = 1.25  # each growth (one rerun period and a new set of particle-2 eigensystems)
GROWTH_START_KICKS = 1  # a growing basis starts with the a priori need of this many periods ...
GROWTH_START_MARGIN = 1.0  # ... times this margin (growth does the rest), at least MIN_MODES2 for particle 2
GROWTH_LIMIT = 2.0  # and grows at most to this multiple of the fixed basis


@dataclass(frozen=True)
class TwoResult:
    """Result of `evolve_two`.

    Attributes
    ----------
    p1_sq, p2_sq, purity : array (kicks + 1,)
        <p1^2>, <p2^2> and Tr rho_1^2 after each period (index 0: the initial state).
    probabilities1, probabilities2 : array (N1,), (N2,)
        Final mode probabilities (marginals) of each particle, at momenta ``momenta1``, ``momenta2``.
    top_mode1, top_mode2, norm_error, substep_error : float
        The guards' values (`noneq.kicked.guards`).
    resolved : bool
        All guards passed.
    substeps : int
        Sub-steps per period at the end of the run (chosen automatically when asked with 0).
    modes1, modes2 : int
        Basis sizes at the end of the run (grown with the state when asked with 0).
    """

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

    def to_xarray(self) -> xr.Dataset:
        """The result as a labelled dataset: dims ``kick`` (0..kicks), ``mode1``, ``mode2`` (1..N).

        >>> from noneq.kicked.model import KickedParticles
        >>> model = KickedParticles(m=0.1, hbar_eff=0.3)
        >>> ds = evolve_two(model, modes1=63, modes2=15, substeps=40, kicks=2).to_xarray()
        >>> dict(ds.sizes), int(ds.substeps)
        ({'kick': 3, 'mode1': 63, 'mode2': 15}, 40)
        """
        def mode_coords(i: int, momenta: np.ndarray) -> dict:
            return {f"mode{i}": np.arange(1, momenta.size + 1),
                    f"momentum{i}": (f"mode{i}", momenta, {"units": "1", "long_name": f"momentum of particle {i}'s "
                                                                                     "sine mode n"})}

        return xr.Dataset({
            "p1_sq": labelled(self.p1_sq, "kick", "1", "<p1^2> after each period"),
            "p2_sq": labelled(self.p2_sq, "kick", "1", "<p2^2> after each period"),
            "purity": labelled(self.purity, "kick", "1", "purity Tr rho_1^2 of particle 1"),
            "probabilities1": labelled(self.probabilities1, "mode1", "1", "final probability of particle 1's mode n"),
            "probabilities2": labelled(self.probabilities2, "mode2", "1", "final probability of particle 2's mode n"),
            **guard_variables(self.top_mode1, self.top_mode2, self.norm_error, self.substep_error, self.resolved,
                              self.modes1, self.modes2),
            "substeps": labelled(self.substeps, (), "1", "Strang sub-steps per period (at the end of the run)"),
        }, coords={"kick": np.arange(self.p1_sq.size), **mode_coords(1, self.momenta1),
                   **mode_coords(2, self.momenta2)})


def guard_variables(top1: float, top2: float, norm_error: float, substep_error: float, resolved: bool,
                    modes1: int, modes2: int) -> dict[str, xr.Variable]:
    """The guards' values and the basis sizes as labelled scalar variables (also the CLI's output names).

    >>> sorted(guard_variables(0.0, 0.0, 0.0, 0.0, True, 7, 3))[:3]
    ['modes1', 'modes2', 'norm_error']
    """
    return {
        "top_mode_probability1": labelled(top1, (), "1", "largest probability in particle 1's top modes"),
        "top_mode_probability2": labelled(top2, (), "1", "largest probability in particle 2's top modes"),
        "norm_error": labelled(norm_error, (), "1", "largest |norm - 1| over the run"),
        "substep_error": labelled(substep_error, (), "1", "estimated splitting error of the final state"),
        "resolved": labelled(bool(resolved), (), "", "all resolution guards passed"),
        "modes1": labelled(modes1, (), "1", "sine modes of particle 1"),
        "modes2": labelled(modes2, (), "1", "sine modes of particle 2"),
    }


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
    """Evolve the product of the well ground states for ``kicks`` periods (module docstring).

    Parameters
    ----------
    model : KickedParticles
        The pair's parameters (noise_W is not used).
    modes1, modes2 : int
        Sine modes of particles 1 and 2; 0 grows that particle's basis with the state.
    substeps : int
        Strang sub-steps per period; 0 chooses them automatically (`choose_substeps`, then checked at mid-run).
    kicks : int
        Number of periods (>= 1).
    strict : bool
        Raise `NumericalError` when a guard fails (else return with ``resolved`` False).
    check_substeps : bool
        Estimate the splitting error of the last periods (always on in automatic mode).

    Returns
    -------
    TwoResult
        Its ``substeps`` and ``modes1``, ``modes2`` are the values used at the end of the run.

    Notes
    -----
    Runs with BLAS limited to one thread: a threaded BLAS call (the purity's matrix product) leaves a worker
    spinning on the core the second parity sector needs.

    Examples
    --------
    >>> from noneq.kicked.model import KickedParticles
    >>> model = KickedParticles(m=0.1, hbar_eff=0.3)
    >>> result = evolve_two(model, modes1=0, modes2=0, substeps=40, kicks=3)  # 0 modes: a growing basis
    >>> result.modes1 > 0, result.resolved
    (True, True)
    """
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        return _evolve_two(model, modes1=modes1, modes2=modes2, substeps=substeps, kicks=kicks, strict=strict,
                           check_substeps=check_substeps)


def _evolve_two(model: KickedParticles, *, modes1: int, modes2: int, substeps: int, kicks: int,
                strict: bool = True, check_substeps: bool = True) -> TwoResult:
    """`evolve_two` inside the BLAS thread limit."""
    substeps = integer("substeps", substeps, minimum=0, allowed="an integer >= 1, or 0 (automatic)")
    kicks = integer("kicks", kicks, minimum=1)
    growing_allowed = "an integer >= 1, or 0 (a basis that grows with the state)"
    modes1 = integer("modes1", modes1, minimum=0, allowed=growing_allowed)
    modes2 = integer("modes2", modes2, minimum=0, allowed=growing_allowed)
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

    Particle 2 starts with MIN_MODES2 modes because the automatic sub-steps are chosen on the starting basis and
    its levels up to ~10 resonate with the sub-step at the paper's parameters (docs/notes/kicked.md).

    >>> from noneq.kicked.model import KickedParticles
    >>> initial_modes(KickedParticles(hbar_eff=0.05), 500)
    (107, 15)
    """
    need1, need2 = model.required_modes(min(kicks, GROWTH_START_KICKS))
    return (odd_fast_modes(int(GROWTH_START_MARGIN * need1)),
            fast_modes(max(int(GROWTH_START_MARGIN * need2), MIN_MODES2)))


def fixed_modes(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """A fixed basis from the a priori bound: FIXED_MODE_MARGIN x `KickedParticles.required_modes` (fast DST
    sizes), at least MIN_MODES2 modes for particle 2.

    >>> from noneq.kicked.model import KickedParticles
    >>> fixed_modes(KickedParticles(hbar_eff=0.05), 500)
    (1349, 15)
    """
    need1, need2 = model.required_modes(kicks)
    return (odd_fast_modes(int(FIXED_MODE_MARGIN * need1)),
            fast_modes(max(int(FIXED_MODE_MARGIN * need2), MIN_MODES2)))


def growth_limits(model: KickedParticles, kicks: int) -> tuple[int, int]:
    """Largest sizes a growing basis may reach: GROWTH_LIMIT x `fixed_modes`, at least `initial_modes` (beyond,
    the top-mode guard reports the run as under-resolved).

    >>> from noneq.kicked.model import KickedParticles
    >>> growth_limits(KickedParticles(hbar_eff=0.05), 500)
    (2699, 31)
    """
    (start1, start2), (fixed1, fixed2) = initial_modes(model, kicks), fixed_modes(model, kicks)
    return (max(start1, odd_fast_modes(int(GROWTH_LIMIT * fixed1))),
            max(start2, fast_modes(int(GROWTH_LIMIT * fixed2))))


def grown_modes(propagator: Propagator, tops: tuple[float, float], growing: tuple[bool, bool],
                limits: tuple[int, int]) -> tuple[int, int] | None:
    """New (N1, N2) when a growing particle's top-mode probability exceeds GROWTH_THRESHOLD (and its limit is
    not reached), each grown by GROWTH_FACTOR to a fast DST size; None when nothing grows.

    >>> from noneq.kicked.model import KickedParticles
    >>> propagator = Propagator(KickedParticles(hbar_eff=0.3), 31, 7, 4)
    >>> grown_modes(propagator, (1e-3, 0.0), (True, True), (99, 99))
    (39, 7)
    """
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
