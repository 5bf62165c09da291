"""Resolution guards of the quantum solvers: a run that is not resolved says so.

Three measured numbers, each compared with a named tolerance:
- ``top_mode_probability``: the largest probability, over the run, in the top TOP_MODE_FRACTION of a particle's
  sine modes. Probability there means the wave packet reached the basis cutoff (momentum hbar_eff N pi / L).
- ``norm_error``: the largest |<psi|psi> - 1| over the run (all steps are unitary: only rounding may change it).
- ``substep_error`` (two particles): the estimated error of the final state from the time splitting, measured
  by rerunning the last periods with S' = 2S + 1 sub-steps (`noneq.kicked.propagator.detuned`), accumulated
  additively.

`check` raises `NumericalError` in strict mode, otherwise returns False so that the run can flag its result.

Examples
--------
>>> check(top_mode=0.0, norm_error=1e-14)
True
>>> check(top_mode=1e-3, norm_error=0.0, strict=False)
False
"""

from __future__ import annotations

import numpy as np

from noneq.core.errors import NumericalError

TOP_MODE_FRACTION = 0.1  # the upper tenth of the basis: a converged packet decays long before the cutoff
TOP_MODE_TOLERANCE = 1e-6  # probability allowed in that tenth: below any plotted or fitted feature
NORM_TOLERANCE = 1e-8  # unitary steps in double precision drift ~1e-13 per period; 1e-8 means a real defect
SUBSTEP_TOLERANCE = 0.02  # l2 error of the final state: observables quadratic in psi move by <= ~2 * 2%


def top_mode_probability(probabilities: np.ndarray, axis: int = -1) -> np.ndarray:
    """Probability in the top TOP_MODE_FRACTION of modes along ``axis`` (at least the single top mode).

    >>> float(top_mode_probability(np.full(20, 0.05)))
    0.1
    """
    modes = probabilities.shape[axis]
    count = max(1, int(round(TOP_MODE_FRACTION * modes)))
    top = np.take(probabilities, np.arange(modes - count, modes), axis=axis)
    return top.sum(axis=axis)


def check(*, top_mode: float, norm_error: float, substep_error: float = 0.0, strict: bool = True,
          basis: str = "modes1/modes2") -> bool:
    """True when every guard passes; otherwise raise (strict) or return False. The message says what to raise
    (``basis``: the parameters that size the basis). A NaN value fails its guard.

    >>> check(top_mode=float("nan"), norm_error=0.0, basis="modes1")
    Traceback (most recent call last):
    ...
    noneq.core.errors.NumericalError: under-resolved quantum run: probability nan ... increase modes1
    """
    problems = []
    if not top_mode <= TOP_MODE_TOLERANCE:
        problems.append(f"probability {top_mode:.2e} in the top {TOP_MODE_FRACTION:.0%} of the sine modes "
                        f"(> {TOP_MODE_TOLERANCE:g}): increase {basis}")
    if not norm_error <= NORM_TOLERANCE:
        problems.append(f"norm drifted by {norm_error:.2e} (> {NORM_TOLERANCE:g})")
    if not substep_error <= SUBSTEP_TOLERANCE:
        problems.append(f"estimated splitting error {substep_error:.2e} of the final state "
                        f"(> {SUBSTEP_TOLERANCE:g}): increase substeps")
    if problems and strict:
        raise NumericalError("under-resolved quantum run: " + "; ".join(problems))
    return not problems
