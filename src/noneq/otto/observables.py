"""Performance measures of a limit cycle and averages over quantum-jump trajectories (hbar = k_B = 1).

Sign convention (`noneq.otto.model`): Q_c, Q_h absorbed by the working substance, W = -(Q_c + Q_h) done on it.

    COP                 cop = Q_c / W                      (refrigerator: Q_c > 0, W > 0)
    cooling rate        R = Q_c / t_cycle
    figure of merit     chi = cop R = cop Q_c / t_cycle    (the paper's text has a stray 1 / t_cycle,
                                                            docs/papers/otto.md)
    efficiency          eta = -W / Q_h                     (engine: Q_h > 0, W < 0)
    power               P = -W / t_cycle
    entropy production  Sigma = -beta_c Q_c - beta_h Q_h >= 0 per cycle (nats; the working substance returns
                        to its state, so only the baths' entropy changes; second law)

Trajectory averages (`mean_and_error`, `fluctuation_theorem`) return an `Estimate` (mean and standard error).

Examples
--------
>>> from noneq.otto.cycle import limit_cycle
>>> from noneq.otto.model import OttoCycle
>>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
>>> round(cop(r), 12), mode(r)
(0.5, 'refrigerator')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from noneq.core.results import labelled
from noneq.otto.cycle import CycleResult

__all__ = ["Estimate", "chi", "cooling_rate", "cop", "efficiency", "entropy_production", "fluctuation_theorem",
           "mean_and_error", "mean_energy_levels", "mode", "power"]


def cop(result: CycleResult) -> float:
    """Coefficient of performance Q_c / W (the closed form w_a / (w_b - w_a) for ideal adiabats).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> round(cop(r), 12)
    0.5
    """
    return result.Q_c / result.W


def cooling_rate(result: CycleResult) -> float:
    """Cooling rate R = Q_c / t_cycle (energy / time).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> round(cooling_rate(r) / r.Q_c, 12)                     # t_cycle = 2
    0.5
    """
    return result.Q_c / result.cycle.t_cycle


def chi(result: CycleResult) -> float:
    """Figure of merit chi = cop Q_c / t_cycle (energy / time).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> round(chi(r) / cooling_rate(r), 12)                    # chi = cop R
    0.5
    """
    return cop(result) * cooling_rate(result)


def efficiency(result: CycleResult) -> float:
    """Engine efficiency -W / Q_h (the closed form 1 - w_a / w_b for ideal adiabats).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 1.25, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0))
    >>> mode(r), round(efficiency(r), 12)
    ('engine', 0.2)
    """
    return -result.W / result.Q_h


def power(result: CycleResult) -> float:
    """Power output -W / t_cycle (energy / time); negative for a refrigerator.

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> bool(power(r) < 0)
    True
    """
    return -result.W / result.cycle.t_cycle


def entropy_production(result: CycleResult) -> float:
    """Entropy production Sigma = -beta_c Q_c - beta_h Q_h per cycle (nats), >= 0.

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> bool(entropy_production(r) > 0)
    True
    """
    return -result.cycle.beta_c * result.Q_c - result.cycle.beta_h * result.Q_h


def mode(result: CycleResult) -> str:
    """'refrigerator' (Q_c > 0, W > 0), 'engine' (Q_h > 0, W < 0) or 'heater' (otherwise: work dumped as heat).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> mode(r)
    'refrigerator'
    """
    if result.Q_c > 0 and result.W > 0:
        return "refrigerator"
    if result.Q_h > 0 and result.W < 0:
        return "engine"
    return "heater"


def mean_energy_levels(levels, p) -> float:
    """sum_k levels[k] p_k, the mean energy in units of w (the paper's n = p_g + 2 p_e for levels (1, 2)).

    Examples
    --------
    >>> mean_energy_levels((1, 2), (0.75, 0.25))
    1.25
    """
    return float(np.asarray(levels) @ np.asarray(p))


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo mean and its standard error."""

    mean: float
    error: float

    def z_score(self, reference: float) -> float:
        """(mean - reference) / error: the deviation from ``reference`` in standard errors."""
        return (self.mean - reference) / self.error

    def to_xarray(self) -> xr.Dataset:
        """The two numbers as a labelled dataset.

        Examples
        --------
        >>> sorted(Estimate(1.0, 0.1).to_xarray().data_vars)
        ['error', 'mean']
        """
        return xr.Dataset({"mean": labelled(self.mean, (), "1", "Monte Carlo mean"),
                           "error": labelled(self.error, (), "1", "standard error of the mean")})


def mean_and_error(values: xr.DataArray) -> Estimate:
    """Mean over all samples and cycles of ``values`` (dims ``sample``, ``cycle``), and its standard error.

    The error comes from the per-sample averages: the cycles of one trajectory are correlated, the samples
    (trajectories) independent.

    Examples
    --------
    >>> values = xr.DataArray([[1.0, 3.0], [2.0, 2.0], [0.0, 4.0]], dims=("sample", "cycle"))
    >>> mean_and_error(values)
    Estimate(mean=2.0, error=0.0)
    """
    per_sample = values.mean("cycle").values
    return Estimate(float(per_sample.mean()), float(per_sample.std(ddof=1) / np.sqrt(per_sample.size)))


def fluctuation_theorem(sigma: xr.DataArray) -> Estimate:
    """<exp(-sigma)> over samples and cycles, and its standard error (as in `mean_and_error`); 1 when the
    integral fluctuation theorem holds.

    Examples
    --------
    >>> fluctuation_theorem(xr.DataArray([[0.0, 0.0], [0.0, 0.0]], dims=("sample", "cycle")))
    Estimate(mean=1.0, error=0.0)
    """
    return mean_and_error(np.exp(-sigma))
