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

Modes (`mode`, `MODES`), from the signs of the heats and the work, with T_h > T_c (a heat smaller than the
cycle's ``resolution``, the rounding bound of the computed Q_c and Q_h, counts as zero):

    idle          no heat resolved (e.g. w_b / w_a = T_h / T_c exactly, or beta w far below rounding)
    refrigerator  W > 0, Q_c > 0 (then Q_h < 0): work pumps heat out of the cold bath
    engine        W < 0, Q_h > 0, Q_c <= 0: heat from the hot bath partly turned into work
    heater        W > 0, Q_c <= 0, Q_h <= 0: work dumped as heat into the baths
    accelerator   W >= 0, Q_h > 0, Q_c < 0: work (or none) speeds the heat flow from hot to cold

The second law forbids the other sign patterns (W < 0 without heat from the hot bath, or heat out of the cold
bath with W <= 0); `mode` raises NumericalError on them. With ideal adiabats and a scaled spectrum
(`noneq.otto.cycle`), Q_c / w_a = -Q_h / w_b, so only idle, refrigerator (w_b / w_a > T_h / T_c) and engine
(w_b / w_a < T_h / T_c) occur; the heater and the accelerator need lossy strokes.

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

from noneq.core.errors import NumericalError
from noneq.core.results import labelled
from noneq.core.errors import bad_value
from noneq.core.validation import real_array
from noneq.otto.cycle import CycleResult, check_result

__all__ = ["MODES", "Estimate", "chi", "cooling_rate", "cop", "efficiency", "entropy_production",
           "fluctuation_theorem", "mean_and_error", "mean_energy_levels", "mode", "power"]

MODES = ("idle", "refrigerator", "engine", "heater", "accelerator")  # the dataset's ``mode`` is the index here


def cop(result: CycleResult) -> float:
    """Coefficient of performance Q_c / W (the closed form w_a / (w_b - w_a) for ideal adiabats); a COP of the
    cycle as a refrigerator only where `mode` says 'refrigerator' (NumericalError where W = 0).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> round(cop(r), 12)
    0.5
    """
    result = check_result(result)
    return _ratio(result.Q_c, result.W, "cop", "no work per cycle (W = 0)")


def _ratio(numerator: float, denominator: float, name: str, why: str) -> float:
    if denominator == 0:
        raise NumericalError(f"{name} is undefined for this cycle: {why}")
    return float(numerator) / float(denominator)


def cooling_rate(result: CycleResult) -> float:
    """Cooling rate R = Q_c / t_cycle (energy / time).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> round(cooling_rate(r) / r.Q_c, 12)                     # t_cycle = 2
    0.5
    """
    return check_result(result).Q_c / result.cycle.t_cycle


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
    """Engine efficiency -W / Q_h (the closed form 1 - w_a / w_b for ideal adiabats); an efficiency only where
    `mode` says 'engine' (NumericalError where Q_h = 0).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 1.25, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0))
    >>> mode(r), round(efficiency(r), 12)
    ('engine', 0.2)
    """
    result = check_result(result)
    return _ratio(-result.W, result.Q_h, "efficiency", "no heat from the hot bath (Q_h = 0)")


def power(result: CycleResult) -> float:
    """Power output -W / t_cycle (energy / time); negative for a refrigerator.

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> bool(power(r) < 0)
    True
    """
    return -check_result(result).W / result.cycle.t_cycle


def entropy_production(result: CycleResult) -> float:
    """Entropy production Sigma = -beta_c Q_c - beta_h Q_h per cycle (nats), >= 0.

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> r = limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0))
    >>> bool(entropy_production(r) > 0)
    True
    """
    result = check_result(result)
    return -result.cycle.beta_c * result.Q_c - result.cycle.beta_h * result.Q_h


def mode(result: CycleResult) -> str:
    """What the cycle does, one of `MODES`, from the signs of Q_c, Q_h and W (see the module docstring).

    Raises
    ------
    NumericalError
        For a sign pattern that the second law forbids (a defective result).

    Examples
    --------
    >>> from noneq.otto import OttoCycle, limit_cycle
    >>> mode(limit_cycle(OttoCycle(1.0, 3.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)))   # w_b / w_a = 3 > T_h / T_c
    'refrigerator'
    >>> mode(limit_cycle(OttoCycle(1.0, 1.2, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)))   # 1.2 < 1.5: it runs as an engine
    'engine'
    >>> mode(limit_cycle(OttoCycle(1.0, 1.5, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0)))   # the Carnot point: no heat flows
    'idle'
    """
    resolution_c, resolution_h = check_result(result).resolution
    Q_c = result.Q_c if abs(result.Q_c) > resolution_c else 0.0
    Q_h = result.Q_h if abs(result.Q_h) > resolution_h else 0.0
    W = -(Q_c + Q_h)
    if Q_c == 0.0 and Q_h == 0.0:
        return "idle"
    if W > 0 and Q_c > 0:
        return "refrigerator"
    if W < 0 and Q_h > 0 and Q_c <= 0:
        return "engine"
    if W > 0 and Q_c <= 0 and Q_h <= 0:
        return "heater"
    if W >= 0 and Q_h > 0 and Q_c < 0:
        return "accelerator"
    raise NumericalError(f"the cycle's heats violate the second law (Q_c = {result.Q_c:.6g}, Q_h = "
                         f"{result.Q_h:.6g}, W = {result.W:.6g})")


def mean_energy_levels(levels, p) -> float:
    """sum_k levels[k] p_k, the mean energy in units of w (the paper's n = p_g + 2 p_e for levels (1, 2)).

    Examples
    --------
    >>> mean_energy_levels((1, 2), (0.75, 0.25))
    1.25
    """
    levels, p = real_array("levels", levels, ndim=1), real_array("p", p, ndim=1, minimum=0.0)
    if p.size != levels.size:
        raise bad_value("p", f"{p.size} populations", f"one population per level ({levels.size})")
    return float(levels @ p)


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
    values = _per_cycle("values", values)
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
    return mean_and_error(np.exp(-_per_cycle("sigma", sigma)))


def _per_cycle(name: str, values) -> xr.DataArray:
    """``values`` if it is a finite DataArray with dims ``sample`` (at least 2) and ``cycle``."""
    allowed = "an xarray.DataArray of finite numbers with dims ('sample', 'cycle'), at least 2 samples"
    if not isinstance(values, xr.DataArray) or set(values.dims) != {"sample", "cycle"}:
        raise bad_value(name, type(values).__name__ if not isinstance(values, xr.DataArray) else
                        f"dims {values.dims}", allowed)
    real_array(name, values.values, allowed=allowed)
    if values.sizes["sample"] < 2 or values.sizes["cycle"] < 1:
        raise bad_value(name, f"sizes {dict(values.sizes)}", allowed)
    return values
