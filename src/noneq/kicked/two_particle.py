"""Two interacting kicked particles from the product of ground states: `evolve_two`.

`evolve_two` runs `noneq.kicked.propagator.Propagator` period by period and records <p1^2>, <p2^2> and the purity
Tr rho_1^2 after each period, with these controls:

- Sub-steps (``substeps=0``, automatic; `noneq.kicked.substeps`): `choose_substeps` picks S on a short pilot
  run; runs of AUTO_MONITOR_KICKS or more re-measure the error at `check_kicks` (each segment charged with the
  error measured on its last period) and size S for the rest from the budget left (`planned_substeps`); a run
  whose charged error exceeds the guard, or that fails its end-of-run guard, is rerun once with S scaled by the
  measured error.
- Basis (``modes1 = modes2 = 0``; `noneq.kicked.growth`): it starts from the a priori need of the first period
  and a particle's basis grows (zero padding: exact) whenever a period ends with more than GROWTH_THRESHOLD in
  its top modes; that period is rerun on the larger basis, up to `growth_limits`.
- Guards (`noneq.kicked.guards`): top-mode probability, norm, and the splitting error of the last periods rerun at
  S' = 2S + 1; ``strict`` turns a failed guard into `NumericalError`.
- Resources: the memory of the largest basis the run may reach is checked before anything is allocated
  (`noneq.kicked.costs.pair_memory`); a ``checkpoint`` (`noneq.core.checkpoint.Checkpoint`) keeps the state, the
  basis sizes, the step control and the kick index, so that a killed run resumes and ends bit for bit as an
  uninterrupted one; ``progress`` shows the kicks with an ETA weighted by the growing cost
  (`noneq.kicked.longrun`).

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

import dataclasses
from dataclasses import dataclass

import numpy as np
import threadpoolctl
import xarray as xr

from noneq.core.checkpoint import Checkpoint
from noneq.core.errors import bad_value
from noneq.core.progress import SILENT, Progress
from noneq.core.resources import check_memory
from noneq.core.results import labelled
from noneq.core.validation import boolean, integer
from noneq.kicked import basis, costs, guards
from noneq.kicked.growth import (GROWTH_THRESHOLD, MIN_MODES2, fixed_modes, growth_limits, grown_modes,
                                 initial_modes, padded)
from noneq.kicked.longrun import kick_progress, restore
from noneq.kicked.model import KickedParticles, check_quantum_scales
from noneq.kicked.observables import reduced_purity
from noneq.kicked.propagator import Propagator, initial_state
from noneq.kicked.substeps import (AUTO_START, CHECK_KICKS, check_kicks, choose_substeps, planned_substeps,
                                   remaining_budget, retry_substeps)

__all__ = ["AUTO_START", "CHECK_KICKS", "GROWTH_THRESHOLD", "MIN_MODES2", "TwoResult", "choose_substeps",
           "evolve_two", "fixed_modes", "growth_limits", "guard_variables", "initial_modes"]

KIND = "two-particle"  # the kind of run in a checkpoint record


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


def evolve_two(model: KickedParticles, *, modes1: int, modes2: int, substeps: int, kicks: int,
               strict: bool = True, check_substeps: bool = True, checkpoint: Checkpoint | None = None,
               progress: Progress = SILENT) -> TwoResult:
    """Evolve the product of the well ground states for ``kicks`` periods (module docstring).

    Parameters
    ----------
    model : KickedParticles
        The pair's parameters (noise_W is not used).
    modes1, modes2 : int
        Sine modes of particles 1 and 2; 0 grows that particle's basis with the state.
    substeps : int
        Strang sub-steps per period; 0 chooses them automatically (`choose_substeps`, then re-planned during
        the run: `noneq.kicked.substeps.planned_substeps`).
    kicks : int
        Number of periods (>= 1).
    strict : bool
        Raise `NumericalError` when a guard fails (else return with ``resolved`` False).
    check_substeps : bool
        Estimate the splitting error of the last periods (always on in automatic mode).
    checkpoint : noneq.core.checkpoint.Checkpoint, optional
        Where the run keeps its checkpoints and resumes from (default: none). Its identity must cover every
        argument above.
    progress : noneq.core.progress.Progress
        Shows the kicks done (default: nothing).

    Returns
    -------
    TwoResult
        Its ``substeps`` and ``modes1``, ``modes2`` are the values used at the end of the run.

    Raises
    ------
    NoneqInputError
        Bad arguments, or a run whose largest basis does not fit in memory (before anything is allocated).

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
    if not isinstance(model, KickedParticles):
        raise bad_value("model", model, "a noneq.kicked.KickedParticles")
    substeps = integer("substeps", substeps, minimum=0, allowed="an integer >= 1, or 0 (automatic)")
    kicks = integer("kicks", kicks, minimum=1)
    growing_allowed = "an integer >= 1, or 0 (a basis that grows with the state)"
    modes1 = integer("modes1", modes1, minimum=0, allowed=growing_allowed)
    modes2 = integer("modes2", modes2, minimum=0, allowed=growing_allowed)
    strict, check_substeps = boolean("strict", strict), boolean("check_substeps", check_substeps)
    if checkpoint is not None and not isinstance(checkpoint, Checkpoint):
        raise bad_value("checkpoint", checkpoint, "a noneq.core.checkpoint.Checkpoint or None")
    check_quantum_scales(model)
    largest = costs.pair_sizes(model, modes1, modes2, kicks)
    check_memory(costs.pair_memory(*largest), "a kicked two-particle run", costs.PAIR_REDUCE)
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        return _Run(model, modes1, modes2, substeps, kicks, check_substeps,
                    checkpoint or Checkpoint.disabled(), progress).result(strict)


class _Run:
    """One `evolve_two` computation: its attempts (the automatic one, and at most one rerun), checkpointed."""

    def __init__(self, model, modes1, modes2, substeps, kicks, check_substeps, checkpoint, progress):
        self.model, self.kicks, self.checkpoint, self.progress = model, kicks, checkpoint, progress
        self.growing = (modes1 == 0, modes2 == 0)
        start = initial_modes(model, kicks)
        self.start = (modes1 or start[0], modes2 or start[1])
        self.limits = growth_limits(model, kicks)
        self.substeps, self.check_substeps = substeps, check_substeps

    def result(self, strict: bool) -> TwoResult:
        automatic, attempt = self.substeps == 0, 0
        state = restore(self.checkpoint, KIND, self._shapes)
        if state is not None:
            automatic, attempt = bool(state[1]["automatic"]), int(state[1]["attempt"])
        while True:
            check = self.check_substeps or automatic or attempt > 0
            try:
                result = self._attempt(automatic, attempt, check, state)
                over = (result.substeps, result.substep_error)
            except _OverBudget as stop:
                over = stop.args
            state = None
            if automatic and over[1] > guards.SUBSTEP_TOLERANCE:
                # the pilot and the checks saw the periods up to theirs only: rerun once with S scaled for the
                # measured error; the guard below judges that run
                self.substeps = retry_substeps(*over)
                automatic, attempt = False, attempt + 1
                continue
            self.checkpoint.remove()
            resolved = guards.check(top_mode=max(result.top_mode1, result.top_mode2), norm_error=result.norm_error,
                                    substep_error=result.substep_error, strict=strict)
            return dataclasses.replace(result, resolved=resolved)

    def _shapes(self, record) -> dict[str, tuple[int, ...]]:
        sizes, done = (int(record["modes1"]), int(record["modes2"])), int(record["done"])
        shapes = {"c": sizes, "p1_sq": (done + 1,), "p2_sq": (done + 1,), "purity": (done + 1,), "scalars": (4,)}
        if record["saved"]:
            shapes["saved"] = sizes
        if done > self.kicks or not 1 <= int(record["substeps"]):
            raise ValueError("inconsistent record")
        return shapes

    def _attempt(self, automatic: bool, attempt: int, check: bool, state) -> TwoResult:
        model, kicks = self.model, self.kicks
        p1_sq, p2_sq, purity = np.empty(kicks + 1), np.empty(kicks + 1), np.empty(kicks + 1)
        saved = None
        if state is None:
            propagator = Propagator(model, *self.start, self.substeps or AUTO_START)
            if automatic:
                propagator.substeps = choose_substeps(propagator, kicks)
            c, first = initial_state(propagator.modes1, propagator.modes2), 0
            top1 = top2 = norm_error = charged = 0.0
        else:
            arrays, record = state
            propagator = Propagator(model, int(record["modes1"]), int(record["modes2"]), int(record["substeps"]))
            c, saved, first = arrays["c"], arrays.get("saved"), int(record["done"]) + 1
            for name, values in (("p1_sq", p1_sq), ("p2_sq", p2_sq), ("purity", purity)):
                values[:first] = arrays[name]
            top1, top2, norm_error, charged = (float(x) for x in arrays["scalars"])
        checked = min(kicks, CHECK_KICKS) if check else 0
        checks = check_kicks(kicks) if automatic else ()
        weights = costs.pair_kick_weights(model, kicks, self.start, self.limits, self.growing)
        label = f"kicked quantum pair: {kicks} kicks" + (f" (rerun, S = {propagator.substeps})" if attempt else "")
        with kick_progress(self.progress, label, weights, done=max(first - 1, 0)) as advance:
            for n in range(first, kicks + 1):
                if n > 0:
                    if n == kicks - checked + 1:
                        saved = c
                    previous, c = c, propagator.period(c)
                marginal1, marginal2 = _marginals(c)
                tops = guards.top_mode_probability(marginal1), guards.top_mode_probability(marginal2)
                while n > 0 and (sizes := grown_modes((propagator.modes1, propagator.modes2), tops, self.growing,
                                                      self.limits)) is not None:
                    propagator = Propagator(model, *sizes, propagator.substeps)
                    previous = padded(previous, sizes)
                    saved = None if saved is None else padded(saved, sizes)
                    c = propagator.period(previous)
                    marginal1, marginal2 = _marginals(c)
                    tops = guards.top_mode_probability(marginal1), guards.top_mode_probability(marginal2)
                if n in checks:
                    charged = self._check(propagator, previous, c, n, checks, charged)
                p1, p2 = basis.momenta(model, propagator.modes1), basis.momenta(model, propagator.modes2)
                p1_sq[n], p2_sq[n] = marginal1 @ (p1 * p1), marginal2 @ (p2 * p2)
                purity[n] = reduced_purity(c)
                top1, top2 = max(top1, float(tops[0])), max(top2, float(tops[1]))
                norm_error = max(norm_error, abs(float(marginal1.sum()) - 1.0))
                advance(n)
                if n < kicks and self.checkpoint.due():
                    self._save(n, attempt, automatic, propagator, c, saved, (p1_sq, p2_sq, purity),
                               (top1, top2, norm_error, charged))
        substep_error = 0.0
        if checked:
            per_period = propagator.splitting_error(saved, propagator.substeps, checked, coarse=c)
            substep_error = charged + per_period * (kicks - (checks[-1] if checks else 0))
        return TwoResult(p1_sq, p2_sq, purity, marginal1, marginal2, p1, p2, top1, top2, norm_error, substep_error,
                         True, propagator.substeps, propagator.modes1, propagator.modes2)

    def _check(self, propagator: Propagator, previous: np.ndarray, c: np.ndarray, n: int, checks, charged: float
               ) -> float:
        """Automatic mode at check kick n: charge the segment since the last check with the per-period error of
        its last period (previous -> c at the current S) times its length; plan S for the rest of the run from the
        budget left (`planned_substeps`), or stop the attempt (`_OverBudget`) once the charge exceeds the guard."""
        position = checks.index(n)
        per_period = propagator.splitting_error(previous, propagator.substeps, 1, coarse=c)
        charged += per_period * (n - (checks[position - 1] if position else 0))
        if charged > guards.SUBSTEP_TOLERANCE:
            raise _OverBudget(propagator.substeps, charged + per_period * (self.kicks - n))
        boundaries = [*checks[position + 1:], self.kicks]
        propagator.substeps = planned_substeps(propagator.substeps, per_period, n, boundaries,
                                               remaining_budget(charged))
        return charged

    def _save(self, done, attempt, automatic, propagator, c, saved, series, scalars) -> None:
        arrays = {"c": c, "scalars": np.array(scalars, dtype=float),
                  **{name: values[:done + 1] for name, values in zip(("p1_sq", "p2_sq", "purity"), series)}}
        if saved is not None:
            arrays["saved"] = saved
        self.checkpoint.save(arrays, {"kind": KIND, "done": done, "attempt": attempt, "automatic": automatic,
                                      "modes1": propagator.modes1, "modes2": propagator.modes2,
                                      "substeps": propagator.substeps, "saved": saved is not None})


class _OverBudget(Exception):
    """An automatic attempt whose charged splitting error already exceeds the guard; args: its S and projected
    final error. The run goes straight to its rerun."""


def _marginals(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Momentum-mode probabilities of particle 1 (N1,) and particle 2 (N2,) in the state c (N1, N2)."""
    probabilities = np.abs(c) ** 2
    return probabilities.sum(axis=1), probabilities.sum(axis=0)
