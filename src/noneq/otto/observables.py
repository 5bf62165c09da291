"""Pure functions from a cycle's energy exchanges to performance measures (hbar = k_B = 1).

Sign convention (`noneq.otto.model`): Q_c, Q_h absorbed by the working substance, W = -(Q_c + Q_h) done on it.

    COP                 eps = Q_c / W                      (refrigerator: Q_c > 0, W > 0)
    cooling rate        R = Q_c / t_cycle
    figure of merit     chi = eps R = eps Q_c / t_cycle    (NOTES.md: the text's chi = eps R / t_cycle is a typo)
    efficiency          eta = -W / Q_h                     (engine: Q_h > 0, W < 0)
    power               P = -W / t_cycle
    entropy production  Sigma = -beta_c Q_c - beta_h Q_h >= 0 per cycle (the working substance returns to its
                        state, so only the baths' entropy changes; second law)
"""

from __future__ import annotations

import numpy as np

from noneq.otto.cycle import CycleResult


def cop(result: CycleResult) -> float:
    return result.Q_c / result.W


def cooling_rate(result: CycleResult) -> float:
    return result.Q_c / result.cycle.t_cycle


def chi(result: CycleResult) -> float:
    return cop(result) * cooling_rate(result)


def efficiency(result: CycleResult) -> float:
    return -result.W / result.Q_h


def power(result: CycleResult) -> float:
    return -result.W / result.cycle.t_cycle


def entropy_production(result: CycleResult) -> float:
    """Sigma = -beta_c Q_c - beta_h Q_h per cycle."""
    return -result.cycle.beta_c * result.Q_c - result.cycle.beta_h * result.Q_h


def mode(result: CycleResult) -> str:
    """'refrigerator' (Q_c > 0, W > 0), 'engine' (Q_h > 0, W < 0) or 'heater' (otherwise: work dumped as heat)."""
    if result.Q_c > 0 and result.W > 0:
        return "refrigerator"
    if result.Q_h > 0 and result.W < 0:
        return "engine"
    return "heater"


def mean_energy_levels(levels, p) -> float:
    """sum_k levels[k] p_k (the paper's n = p_g + 2 p_e for levels (1, 2))."""
    return float(np.asarray(levels) @ np.asarray(p))
